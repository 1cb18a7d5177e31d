#!/usr/bin/env bash
# Builds Tengen's libFuzzer harnesses with clang under AddressSanitizer + UBSan (a torch-free build in
# BUILD), replays every saved crash in tests/fuzz/regressions/<harness>/, then fuzzes each harness for
# SECONDS from the seed corpora (tests/fixtures, ../shared/data/sample, tests/fuzz/corpus, shards made
# by TENGEN from the fixtures). Exit 0: no crash; 1: a crash (the input is saved as BUILD/crash-*,
# to be copied into regressions/ with the fix); 77: clang is not installed.
# Usage: run_fuzzers.sh SOURCE_DIR BUILD_DIR SECONDS TENGEN [HARNESS...]
# Fuzzing for hours: the same with a large SECONDS and one harness, e.g.
#   tests/fuzz/run_fuzzers.sh . /tmp/fuzz 14400 build/tengen gtp
# (the corpus in BUILD/corpus/<harness> grows and is kept between runs).
set -euo pipefail
src=$(readlink -f "$1")
build=$(readlink -m "$2")
seconds=$3
tengen=$(readlink -f "$4")
shift 4
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(sgf weights shard analysis gtp config)
command -v clang++ > /dev/null || { echo "SKIP: clang not installed (Debian: clang)"; exit 77; }

cmake -S "$src" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTENGEN_TORCH=OFF -DTENGEN_BUILD_TESTS=OFF -DTENGEN_SANITIZE=address,undefined -DTENGEN_FUZZ=ON \
  > "$build.configure.log" 2>&1 || { cat "$build.configure.log"; exit 1; }
targets=()
for h in "${harnesses[@]}"; do targets+=("${h}_fuzzer"); done
cmake --build "$build" -j2 --target "${targets[@]}" > "$build.build.log" 2>&1 || { tail -n 40 "$build.build.log"; exit 1; }

# Seed corpora, copied into the harness's working corpus (which libFuzzer grows).
seed() {  # seed HARNESS FILES...
  local dir="$build/corpus/$1"
  shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/" || true; done
}
seed sgf "$src"/tests/fixtures/sgf/*.sgf "$src"/../shared/data/sample/*.sgf
seed weights "$src"/tests/fuzz/corpus/weights/*
seed analysis "$src"/tests/fuzz/corpus/analysis/*
seed gtp "$src"/tests/fuzz/corpus/gtp/*
seed config "$src"/tests/fuzz/corpus/config/*
if [[ " ${harnesses[*]} " == *" shard "* ]]; then
  rm -rf "$build/shards"
  "$tengen" dataset build --out "$build/shards" --val-per-mille 200 "$src/tests/fixtures/sgf" > /dev/null 2>&1 ||
    { echo "FAIL: $tengen dataset build did not make the shard seeds"; exit 1; }
  seed shard "$build"/shards/*.tgd.zst
fi

declare -A dict=([sgf]=sgf.dict [gtp]=gtp.dict [analysis]=json.dict [weights]=json.dict)
status=0
for h in "${harnesses[@]}"; do
  fuzzer="$build/tests/fuzz/${h}_fuzzer"
  # -close_fd_mask=3: the harnesses' own output (GTP replies, option errors) is not the fuzzer's.
  opts=(-timeout=20 -rss_limit_mb=2560 -max_len=65536 -print_final_stats=1 -close_fd_mask=3)
  [ -n "${dict[$h]:-}" ] && opts+=(-dict="$src/tests/fuzz/dict/${dict[$h]}")
  export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # 1. Every crash found so far, now a regression test.
  regressions=("$src/tests/fuzz/regressions/$h"/*)
  if [ -e "${regressions[0]}" ]; then
    if ! "$fuzzer" "${opts[@]}" "${regressions[@]}" > "$build/$h.regressions.log" 2>&1; then
      echo "FAIL: $h: a saved crash input crashes again"; tail -n 30 "$build/$h.regressions.log"; status=1; continue
    fi
  fi
  # 2. Fuzzing for the budget, crash inputs written to BUILD/.
  if "$fuzzer" "${opts[@]}" -max_total_time="$seconds" -artifact_prefix="$build/$h-" "$build/corpus/$h" \
      > "$build/$h.log" 2>&1; then
    echo "$h: $(grep -o 'stat::number_of_executed_units: [0-9]*' "$build/$h.log" | tail -n 1 | cut -d' ' -f2 || true)" \
      "runs, no crash in ${seconds}s; corpus $(ls "$build/corpus/$h" | wc -l) inputs"
  else
    echo "FAIL: $h crashed: $(ls "$build/$h-"* 2> /dev/null | head -n 1)"
    grep -A 25 -m 1 "ERROR\|runtime error" "$build/$h.log" || tail -n 30 "$build/$h.log"
    status=1
  fi
done
exit $status
