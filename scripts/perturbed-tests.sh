#!/usr/bin/env bash
# Runs the test suite as a machine unlike this one would: with the floating-point path of the
# networks changed, so a test that holds only where the last bits happen to agree fails here first
# (docs/RELIABILITY.md, "Tests on another floating-point path"). Each variant changes every one
# of the things that differ between machines of our kind:
#   - oneDNN's instruction set (DNNL_MAX_CPU_ISA): libtorch convolves through oneDNN at larger batches;
#   - the BLAS that libtorch's small convolutions and linear layers call (libblas.so.3): Debian's
#     reference BLAS, or OpenBLAS (its kernels chosen per CPU, as on a machine where it is installed),
#     taken from Debian's libopenblas0-pthread package unpacked into a scratch folder and put first
#     on LD_LIBRARY_PATH — nothing on the system changes;
#   - libtorch's own vectorised kernels (ATEN_CPU_CAPABILITY);
#   - torch's intra-op thread count: every count a command sets (TENGEN_TORCH_THREADS,
#     nn/torch/torch_threads.h; the commands and tests use 1) and torch's default (OMP_NUM_THREADS).
#
#   avx2-2threads     DNNL_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=avx2   reference BLAS  2 threads
#   avx512-3threads   DNNL_MAX_CPU_ISA=AVX512_CORE (ATen's best)       OpenBLAS        3 threads
#
# Usage: scripts/perturbed-tests.sh [--variant NAME]... [--build DIR] [-- CTEST_ARGS...]
#   default: both variants, the whole suite of build/ (ctest -j2 --output-on-failure); CTEST_ARGS
#   replace -j2 (e.g. -- -j2 -R 'cli_|golden' for the tests that run networks).
# Prints each variant's settings, the ISA and BLAS actually loaded (oneDNN's verbose line, ldd),
# then ctest's summary; exits non-zero when any variant fails.
set -uo pipefail
cd "$(dirname "$0")/.."
build=build
variants=()
ctest_args=(-j2)
while [ $# -gt 0 ]; do
  case $1 in
    --variant) variants+=("$2"); shift 2 ;;
    --build) build=$2; shift 2 ;;
    --) shift; ctest_args=("$@"); break ;;
    -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "perturbed-tests: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#variants[@]} -gt 0 ] || variants=(avx2-2threads avx512-3threads)
[ -x "$build/tengen" ] || { echo "perturbed-tests: no $build/tengen: run scripts/setup-debian.sh first" >&2; exit 2; }

# OpenBLAS's libblas.so.3, unpacked once from Debian's package (apt-get download needs no root).
openblas_dir() {
  local dir="$build/perturbed/openblas"
  if [ ! -e "$dir/lib/libblas.so.3" ]; then
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp" || return 1
    (cd "$dir.tmp" && apt-get download libopenblas0-pthread >/dev/null 2>&1) || {
      echo "perturbed-tests: cannot download Debian's libopenblas0-pthread (apt-get download)" >&2; return 1; }
    dpkg-deb -x "$dir.tmp"/libopenblas0-pthread_*.deb "$dir.tmp/root" || return 1
    mkdir -p "$dir.tmp/lib"
    cp -a "$dir.tmp"/root/usr/lib/x86_64-linux-gnu/openblas-pthread/. "$dir.tmp/lib/"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  realpath "$dir/lib"
}

# The settings of a variant, as NAME=VALUE words for env.
settings_of() {
  case $1 in
    avx2-2threads) echo "DNNL_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=avx2 OMP_NUM_THREADS=2 TENGEN_TORCH_THREADS=2" ;;
    avx512-3threads)
      local lib
      lib=$(openblas_dir) || return 1
      echo "DNNL_MAX_CPU_ISA=AVX512_CORE OMP_NUM_THREADS=3 TENGEN_TORCH_THREADS=3" \
           "LD_LIBRARY_PATH=$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ;;
    *) echo "perturbed-tests: unknown variant '$1' (avx2-2threads, avx512-3threads)" >&2; return 1 ;;
  esac
}

# What a network evaluation under these settings really loads: oneDNN's ISA line and the BLAS file.
show_path() {
  env "$@" ldd "$build/tengen" | grep -m1 'libblas' | sed 's/^\s*/  BLAS: /'
  env "$@" ONEDNN_VERBOSE=1 "$build/tengen" bench nn --preset cpu --batch 16 --seconds 0.1 2>&1 |
    grep -m1 -o 'isa:[^,]*' | sed 's/^/  oneDNN /'
}

failed=()
for v in "${variants[@]}"; do
  s=$(settings_of "$v") || exit 2
  read -r -a words <<< "$s"
  echo "=== $v: ${words[*]}"
  show_path "${words[@]}"
  start=$(date +%s)
  env "${words[@]}" ctest --test-dir "$build" --output-on-failure "${ctest_args[@]}" > "$build/perturbed-$v.log" 2>&1
  rc=$?
  grep -E '^[0-9]+% tests passed|tests failed|^\s+[0-9]+ - |Total Test time' "$build/perturbed-$v.log" | sed 's/^/  /'
  echo "  $v: exit $rc in $(( $(date +%s) - start )) s (log: $build/perturbed-$v.log)"
  [ $rc -eq 0 ] || failed+=("$v")
done
[ ${#failed[@]} -eq 0 ] || { echo "perturbed-tests: FAILED under ${failed[*]}"; exit 1; }
echo "perturbed-tests: every variant passed"
