#!/bin/sh
# Data-parallel `tengen train sl` over c10d/Gloo on loopback (train/torch/data_parallel.h, docs/SCALING.md):
#  1. two ranks (`tengen launch --nproc 2`) reach the weights of one process with the same global
#     batch after 40 steps, within 1e-4 (float sums in another order: measured ~1e-8); `train rl`
#     makes the same updates on 2 ranks as in one process from the same recorded games, and a fault
#     (ranks skipping the gradient all-reduce) fails that check;
#  2. a run resumes with another world size (2 -> 1 and 1 -> 2 ranks from a step-20 checkpoint) and
#     still ends at those weights;
#  3. a rank killed with SIGKILL (rank 1, then rank 0), or hung (SIGSTOP): the other exits non-zero
#     with a clear message well within 60 s (a hung rank: after --dist-timeout, 10 s here);
#  4. bad input, each a clear error on every rank and no hang (every command runs under `timeout 60`):
#     mismatched WORLD_SIZE, an unreachable master, a port in use, ranks given different data folders,
#     and `tengen launch` with a failing rank.
# Usage: data_parallel_test.sh TENGEN FIXTURES_SGF WORKDIR
set -u
tengen=$(realpath "$1")
sgf=$(realpath "$2")
d=$3
compare=$(realpath "$(dirname "$0")")/compare_weights.py
rm -rf "$d" && mkdir -p "$d" && cd "$d" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
train="train sl --layers 3 --filters 8 --batch 8 --val-batches 2 --log-every 5 --validate-every 20 --checkpoint-every 20"
# rank R of W at PORT: rank R W PORT ARGS... (output in rank-R.log)
rank() {
  r=$1 w=$2 p=$3
  shift 3
  MASTER_ADDR=127.0.0.1 MASTER_PORT=$p WORLD_SIZE=$w RANK=$r timeout 60 "$tengen" "$@" > "rank-$r.log" 2>&1
}
expect() {  # expect LOG TEXT: the log holds TEXT
  grep -q "$2" "$1" || { echo "--- $1:"; cat "$1"; fail "expected '$2' in $1"; }
}

"$tengen" dataset build --out data --val-per-mille 200 "$sgf" > /dev/null 2>&1 || fail "dataset build"
"$tengen" dataset build --out data2 --val-per-mille 300 "$sgf" > /dev/null 2>&1 || fail "dataset build"

# 1. One process against two ranks, 40 steps of a global batch of 8.
"$tengen" $train --steps 40 --data data --out one > one.log 2>&1 || { cat one.log; fail "one process"; }
timeout 120 "$tengen" launch --nproc 2 $train --steps 40 --data data --out two > two.log 2>&1 || { cat two.log; fail "two ranks"; }
python3 "$compare" one/policy.safetensors two/policy.safetensors --tolerance 1e-4 || fail "2 ranks != 1 process"

# ... and `train rl`. Its games are a chaotic function of the network's floats (a last-bit difference
# in a logit, from another batch shape or summation order, can flip a sampled move), and so is the
# run as a whole: a tiny weight difference before an update can grow ~20x through it (measured with
# the floating-point path perturbed, docs/RELIABILITY.md). What must hold is that 2 ranks make the
# same UPDATE as one process from the same weights and the same games. Each run records its games and
# a checkpoint per iteration (3 iterations: the newest 3 checkpoints are kept); every iteration is then recomputed from the run's own checkpoint before
# it (--replay-games) with the other world size, and must reach the run's next checkpoint within
# 1e-5 (float sums in another order: measured <= 6e-8, also perturbed; a whole update is ~6e-3). A
# run whose ranks skip the gradient all-reduce (--test-fault) must fail that check.
recorded="train rl --sl-policy one/policy.safetensors --games 4 --snapshot-every 2 --evaluate-every 2 \
  --evaluate-games 4 --checkpoint-every 1 --lr 0.01 --record-games"
rl="$recorded --iterations 3"
replay="train rl --sl-policy one/policy.safetensors --games 4 --snapshot-every 2 --checkpoint-every 1 --lr 0.01"
ranks() {  # ranks W ARGS...: tengen ARGS on W ranks (1: one process)
  w=$1
  shift
  if [ "$w" = 1 ]; then "$tengen" "$@"; else timeout 120 "$tengen" launch --nproc "$w" "$@"; fi
}
replay_each() {  # replay_each RUN W LAST: iterations 1..LAST of RUN recomputed on W ranks; 1 if one differs
  for k in $(seq 1 "$3"); do
    r=$1-replay-$k
    rm -rf "$r" && mkdir -p "$r/checkpoints"
    if [ "$k" -gt 1 ]; then
      before=$(printf 'step-%09d' $((k - 1)))
      cp -r "$1/checkpoints/$before" "$r/checkpoints/" && printf '%s' "$before" > "$r/latest"
    fi
    ranks "$2" $replay --iterations "$k" --replay-games "$1/games" --out "$r" > "$r.log" 2>&1 || { cat "$r.log"; fail "replay $r"; }
    printf 'iteration %d: ' "$k"
    python3 "$compare" "$1/checkpoints/$(printf 'step-%09d' "$k")/model.safetensors" "$r/policy.safetensors" \
      --tolerance 1e-5 || return 1
  done
}
"$tengen" $rl --out rl-one > rl-one.log 2>&1 || { cat rl-one.log; fail "train rl, one process"; }
timeout 120 "$tengen" launch --nproc 2 $rl --out rl-two > rl-two.log 2>&1 || { cat rl-two.log; fail "train rl, 2 ranks"; }
[ "$(ls rl-two/games | wc -l)" -eq 6 ] || { ls rl-two/games; fail "train rl: expected 3 iterations x 2 ranks of recorded games"; }
replay_each rl-two 1 3 || fail "train rl: one process replaying the 2 ranks' games made another update"
replay_each rl-one 2 3 || fail "train rl: 2 ranks replaying one process's games made another update"
timeout 120 "$tengen" launch --nproc 2 $recorded --iterations 1 --test-fault skip-gradient-all-reduce --out rl-fault \
  > rl-f.log 2>&1 || { cat rl-f.log; fail "train rl, 2 ranks with the fault"; }
if replay_each rl-fault 1 1; then fail "train rl: ranks that skip the gradient all-reduce passed the check"; fi
echo "train rl: the check caught ranks that skip the gradient all-reduce"

# 2. Resume at step 20 with the other world size.
back_to_step_20() { rm -rf "$1/checkpoints/step-000000040" "$1/policy.safetensors"; printf 'step-000000020' > "$1/latest"; }
cp -r two two-then-one && back_to_step_20 two-then-one
"$tengen" $train --steps 40 --data data --out two-then-one > r1.log 2>&1 || { cat r1.log; fail "resume on 1"; }
python3 "$compare" one/policy.safetensors two-then-one/policy.safetensors --tolerance 1e-4 || fail "2 -> 1 ranks"
cp -r one one-then-two && back_to_step_20 one-then-two
timeout 120 "$tengen" launch --nproc 2 $train --steps 40 --data data --out one-then-two > r2.log 2>&1 || { cat r2.log; fail "resume on 2"; }
python3 "$compare" one/policy.safetensors one-then-two/policy.safetensors --tolerance 1e-4 || fail "1 -> 2 ranks"

# 3. Kill one rank of a long run (either one): the other stops with an error, quickly.
for victim in 1 0 hung; do
  p=$(port)
  rm -rf long
  for r in 0 1; do  # started directly (not under timeout), so that $! is the rank itself
    MASTER_ADDR=127.0.0.1 MASTER_PORT=$p WORLD_SIZE=2 RANK=$r "$tengen" $train --steps 1000000 --dist-timeout 10 \
      --data data --out long > "rank-$r.log" 2>&1 &
    eval "r$r=\$!"
  done
  for _ in $(seq 1 300); do [ -s long/metrics.csv ] && [ "$(wc -l < long/metrics.csv)" -gt 3 ] && break; sleep 0.1; done
  case $victim in
    1) kill -9 $r1; survivor=$r0; log=rank-0.log ;;
    0) kill -9 $r0; survivor=$r1; log=rank-1.log ;;
    hung) kill -STOP $r1; survivor=$r0; log=rank-0.log ;;
  esac
  took=0
  while kill -0 $survivor 2>/dev/null && [ $took -lt 600 ]; do sleep 0.1; took=$((took + 1)); done
  kill -0 $survivor 2>/dev/null && { kill -9 $survivor; fail "the survivor of rank $victim's death still runs after 60 s"; }
  wait $survivor
  rc=$?
  [ "$victim" = hung ] && kill -9 $r1
  wait 2>/dev/null
  [ $rc -ne 0 ] || fail "the survivor of rank $victim's death exited 0"
  expect $log "another rank stopped\|rank 0 stopped"
  echo "killed rank $victim: the other stopped within $(( took / 10 + 1 )) s (exit $rc): $(grep 'tengen train sl:' $log | head -1 | cut -c1-120)"
done

# 4. Bad input.
check_both() {  # both ranks exited non-zero (not 124: no hang); one logged TEXT, the other TEXT or,
  # when the first rank had already stopped, that it lost the rendezvous (a race, either is clear)
  [ "$1" -ne 0 ] && [ "$1" -ne 124 ] && [ "$2" -ne 0 ] && [ "$2" -ne 124 ] || fail "$4: exit codes $1 and $2"
  lost="did not arrive\|rendezvous failed"
  if grep -q "$3" rank-0.log; then expect rank-1.log "$3\|$lost"; else expect rank-0.log "$lost"; expect rank-1.log "$3"; fi
}
short="$train --steps 20 --dist-timeout 8"
p=$(port)
rank 0 2 "$p" $short --data data --out bad & a=$!
rank 1 3 "$p" $short --data data --out bad; b=$?
wait $a; a=$?
check_both $a $b "disagrees: 'WORLD_SIZE=" "mismatched WORLD_SIZE"

p=$(port)
rank 0 2 "$p" $short --data data --out bad & a=$!
rank 1 2 "$p" $short --data data2 --out bad; b=$?
wait $a; a=$?
check_both $a $b "disagrees: 'data data" "different data folders"

p=$(port)
rank 1 2 "$p" $short --data data --out bad; b=$?
[ $b -ne 0 ] && [ $b -ne 124 ] || fail "unreachable master: exit $b"
expect rank-1.log "cannot reach the master at 127.0.0.1:$p"

p=$(port)
python3 -c "import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', int(sys.argv[1]))); s.listen(8)
time.sleep(40)" "$p" & squatter=$!
sleep 0.5
rank 0 2 "$p" $short --data data --out bad & a=$!
rank 1 2 "$p" $short --data data --out bad; b=$?
wait $a; a=$?
kill $squatter 2>/dev/null
[ $a -ne 0 ] && [ $a -ne 124 ] && [ $b -ne 0 ] && [ $b -ne 124 ] || fail "port in use: exit codes $a and $b"
expect rank-0.log "is MASTER_PORT in use"
expect rank-1.log "did not arrive"

timeout 60 "$tengen" launch --nproc 2 $short --data /nonexistent --out bad > launch.log 2>&1
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 124 ] || fail "launch with failing ranks: exit $rc"
expect launch.log "tengen launch: rank . failed"
echo "ok: 2 ranks = 1 process, resumed across world sizes, lost ranks and bad input stop cleanly"
