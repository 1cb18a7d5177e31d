#!/bin/bash
# One prepared run on a GPU machine (docs/SCALING.md): build Tengen against a CUDA libtorch, run the
# CUDA tests, benchmark the `alphago` preset (batch 1..1024, fp32 and bf16 autocast, positions/s and
# the share of the GPU's peak), train the `alphago` preset for a given time from the shards it is
# given, and write the weights and a report into one folder.
#
#   scripts/gpu-run.sh --out DIR [--shards DATASET] [--seconds S] [options]
#
#   --out DIR          everything goes here: report.md, bench-*.txt, tests.txt, train/ (the run),
#                      sl-policy-alphago.safetensors (the latest checkpoint's network), build.log
#   --shards DATASET   a `tengen dataset build` folder (train and val splits); without it, no training
#   --seconds S        training time (default 300); Ctrl-C-style stop, the checkpoint is kept
#   --tengen PATH      use this tengen instead of building one (e.g. to test the script)
#   --torch-prefix P   a CUDA libtorch's CMake prefix (default: the one inside python3's torch,
#                      python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
#   --batches "..."    inference batch sizes (default "1 2 4 8 16 32 64 128 256 512 1024"; CPU: "1 4")
#   --train-batch N    training batch (default 256; CPU: 8)
#   --bench-seconds S  time per benchmark row (default 2; CPU: 0.5)
#   --peak-tflops T    the GPU's dense bf16 peak, for the share column (default: from its name for
#                      H100/H200/A100/L40S/A10; otherwise the share is not given)
#   --no-tests         skip the ctest step (the test of this script, which runs inside ctest)
#   --no-bench         skip the benchmark (e.g. when another job shares the GPU)
#
# Without a GPU (no nvidia-smi, or a libtorch that sees none) every step runs on the CPU instead,
# small, and the report says "CPU fallback": that path is what ctest (gpu_run_cpu_fallback) tests.
set -u -o pipefail

out="" shards="" seconds=300 tengen="" prefix="" batches="" train_batch="" bench_seconds="" peak="" run_tests=1 run_bench=1
while [ $# -gt 0 ]; do
  case $1 in
    --no-tests) run_tests=0; shift; continue ;;
    --no-bench) run_bench=0; shift; continue ;;
    --out) out=$2 ;;
    --shards) shards=$2 ;;
    --seconds) seconds=$2 ;;
    --tengen) tengen=$2 ;;
    --torch-prefix) prefix=$2 ;;
    --batches) batches=$2 ;;
    --train-batch) train_batch=$2 ;;
    --bench-seconds) bench_seconds=$2 ;;
    --peak-tflops) peak=$2 ;;
    -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "gpu-run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  [ $# -ge 2 ] || { echo "gpu-run.sh: $1 needs a value" >&2; exit 2; }
  shift 2
done
[ -n "$out" ] || { echo "gpu-run.sh: --out DIR is required (see --help)" >&2; exit 2; }
[ -z "$shards" ] || [ -f "$shards/manifest.json" ] || { echo "gpu-run.sh: $shards is not a dataset folder (no manifest.json)" >&2; exit 2; }
case $seconds in ''|*[!0-9]*) echo "gpu-run.sh: --seconds takes whole seconds" >&2; exit 2 ;; esac
src=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out" || exit 1
out=$(cd "$out" && pwd)
report=$out/report.md
log() { echo "[gpu-run] $*" >&2; }

# 1. The machine.
gpu=$(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null | head -n 1)
device=cuda
[ -n "$gpu" ] || device=cpu
{
  echo "# gpu-run report"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- commit: $(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "- CPU: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "- GPU: ${gpu:-none}"
} > "$report"

# 2. The build.
if [ -z "$tengen" ]; then
  if [ "$device" = cuda ]; then
    [ -n "$prefix" ] || prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>/dev/null)
    [ -n "$prefix" ] || { echo "gpu-run.sh: no CUDA libtorch: give --torch-prefix or install PyTorch" >&2; exit 1; }
    build=$src/build-cuda
    log "building against $prefix into $build"
    cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTENGEN_TORCH=ON \
      -DCMAKE_PREFIX_PATH="$prefix" > "$out/build.log" 2>&1 &&
      cmake --build "$build" -j "$(nproc)" >> "$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }
  else
    build=$src/build
    log "no GPU: the CPU build in $build"
    cmake --build "$build" -j "$(nproc)" > "$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }
  fi
  tengen=$build/tengen
else
  build=$(cd "$(dirname "$tengen")" && pwd)
fi
"$tengen" --version > /dev/null 2>&1 || { echo "gpu-run.sh: $tengen does not run" >&2; exit 1; }
if [ "$device" = cuda ] && ! "$tengen" bench nn --preset cpu --batch 1 --seconds 0.1 --device cuda > /dev/null 2>&1; then
  log "nvidia-smi sees a GPU but this tengen's libtorch does not: CPU fallback"
  device=cpu
fi
{
  echo "- tengen: $tengen ($("$tengen" --version 2>&1 | head -n 1))"
  echo "- device used: $device$([ "$device" = cpu ] && echo ' (CPU fallback: no usable GPU)')"
} >> "$report"
[ "$device" = cuda ] || { batches=${batches:-1 4}; train_batch=${train_batch:-8}; bench_seconds=${bench_seconds:-0.5}; }
batches=${batches:-1 2 4 8 16 32 64 128 256 512 1024}
train_batch=${train_batch:-256}
bench_seconds=${bench_seconds:-2}

# 3. The CUDA tests (the torch suite runs them; on the CPU they skip themselves).
tests_line="not run (no ctest in $build)"
[ $run_tests = 1 ] || tests_line="not run (--no-tests)"
if [ $run_tests = 1 ] && [ -f "$build/CTestTestfile.cmake" ]; then
  log "CUDA tests"
  ctest --test-dir "$build" -R 'nn_torch|Cuda|cuda' --output-on-failure > "$out/tests.txt" 2>&1
  tests_line="$(grep -E 'tests passed|tests failed' "$out/tests.txt" | tail -n 1)"
fi
printf '\n## CUDA tests\n\n`ctest -R "nn_torch|Cuda|cuda"`: %s (tests.txt)\n' "$tests_line" >> "$report"

# 4. The benchmark: inference fp32 and bf16, and training steps.
if [ -z "$peak" ]; then
  case $gpu in
    *H200*|*H100*) peak=989 ;;
    *A100*) peak=312 ;;
    *L40S*) peak=362 ;;
    *A10*) peak=125 ;;
  esac
fi
bench() {  # bench NAME ARGS...: a bench nn table into bench-NAME.txt and the report
  local name=$1
  shift
  log "bench nn $*"
  "$tengen" bench nn --preset alphago --device "$device" --seconds "$bench_seconds" "$@" > "$out/bench-$name.txt" 2>&1 ||
    { echo "bench $name failed: $(tail -n 1 "$out/bench-$name.txt")" >> "$report"; return; }
  printf '\n### %s\n\n`tengen bench nn --preset alphago --device %s %s`\n\n' "$name" "$device" "$*" >> "$report"
  echo "| batch | positions/s | GFLOP/s | share of ${peak:-?} TFLOP/s |" >> "$report"
  echo "|---|---|---|---|" >> "$report"
  awk -v peak="${peak:-0}" '$1 == "alphago" {
      share = peak > 0 ? sprintf("%.1f%%", 100 * $6 / (peak * 1000)) : "?"
      printf "| %s | %s | %s | %s |\n", $3, $4, $6, share }' "$out/bench-$name.txt" >> "$report"
}
printf '\n## The alphago preset (13 x 192): speed\n' >> "$report"
if [ $run_bench = 0 ]; then
  printf '\nnot run (--no-bench)\n' >> "$report"
else
  # shellcheck disable=SC2086
  bench fp32-inference --batch $batches
  if [ "$device" = cuda ]; then
    # shellcheck disable=SC2086
    bench bf16-inference --batch $batches --bf16
    bench bf16-training --batch 64 256 1024 --bf16 --train
  else
    bench fp32-training --batch 4 --train
  fi
fi

# 5. Training from the shards for the given time.
printf '\n## Training the alphago preset\n\n' >> "$report"
if [ -z "$shards" ]; then
  echo "not run: no --shards" >> "$report"
else
  run=$out/train
  log "training for $seconds s into $run"
  log_every=10
  [ "$device" = cuda ] || log_every=1
  # A checkpoint every 2,000 steps and one when the time is up (SIGINT); the run resumes with the same
  # command.
  timeout --preserve-status -s INT -k 120 "$seconds" "$tengen" train sl --data "$shards" --out "$run" --preset alphago --device "$device" \
    --batch "$train_batch" --steps 10000000 --lr 0.01 --log-every "$log_every" --checkpoint-every 2000 \
    --validate-every 2000 --val-batches 8 --threads "$(nproc)" > "$out/train.log" 2>&1
  rc=$?
  latest=$(cat "$run/latest" 2>/dev/null)
  if [ -n "$latest" ] && [ -f "$run/checkpoints/$latest/model.safetensors" ]; then
    cp "$run/checkpoints/$latest/model.safetensors" "$out/sl-policy-alphago.safetensors"
    rows=$(tail -n +2 "$run/metrics.csv" | wc -l)
    rate=$(tail -n +2 "$run/metrics.csv" | awk -F, '{ s += $7; n++ } END { if (n) printf "%.0f", s / n }')
    val=$(tail -n +2 "$run/metrics.csv" | awk -F, '$6 != "" { v = $6 } END { print (v == "" ? "none yet" : v) }')
    {
      echo "\`tengen train sl --preset alphago --device $device --batch $train_batch\` for $seconds s (exit $rc; 130 = stopped on time):"
      echo "checkpoint $latest, $rows metrics rows, mean $rate positions/s, last validation top-1: $val."
      echo "Weights: sl-policy-alphago.safetensors (train/ resumes with the same command)."
    } >> "$report"
  else
    echo "training failed (exit $rc): $(tail -n 3 "$out/train.log")" >> "$report"
  fi
fi
log "report: $report"
cat "$report"
