#!/bin/sh
# A disk that fills during training: `tengen train value` stops with exit 1 and an error that names
# the file and says "disk full?", and whatever checkpoint `latest` names is complete and readable; a
# read-only run folder is an error before any data is loaded. The same for self-play: a job that
# fills its disk stops with exit 1 naming the file, every game written before is a complete SGF, and
# a read-only job folder is refused before any game.
# Needs a small tmpfs: it mounts one (root and mount(2) allowed), else it is skipped (exit 77) and
# says why. Usage: disk_full_test.sh TENGEN SGF_FOLDER WORKDIR
set -u
tengen=$1
sgf=$2
d=$3
rm -rf "$d" && mkdir -p "$d/small" || exit 1
if ! mount -t tmpfs -o size=2500k tmpfs "$d/small" 2>/dev/null; then
  echo "skipped: cannot mount a small tmpfs here (needs root and mount permission)"
  exit 77
fi
trap 'umount "$d/small"' EXIT
"$tengen" dataset build --out "$d/data" --val-per-mille 200 "$sgf" > /dev/null 2>&1 || { echo "dataset build failed"; exit 1; }
out=$("$tengen" train value --human-data "$d/data" --out "$d/small/run" --steps 400 --checkpoint-every 5 \
      --log-every 5 --validate-every 100 --val-batches 1 --loader-threads 1 2>&1)
code=$?
[ "$code" -eq 1 ] || { echo "exit $code, expected 1:"; echo "$out"; exit 1; }
echo "$out" | grep -q "$d/small/run/.*(disk full?)" || { echo "no file named with 'disk full?':"; echo "$out"; exit 1; }
if [ -f "$d/small/run/latest" ]; then
  step=$(cat "$d/small/run/latest")
  [ -s "$d/small/run/checkpoints/$step/model.safetensors" ] && [ -s "$d/small/run/checkpoints/$step/state.json" ] ||
    { echo "latest names $step, which is incomplete"; ls -lR "$d/small/run"; exit 1; }
fi
# A read-only folder: the error comes before the data is loaded.
mkdir -p "$d/ro" && mount -t tmpfs -o ro,size=64k tmpfs "$d/ro" || { echo "cannot mount a read-only tmpfs"; exit 1; }
ro=$("$tengen" train value --human-data "$d/data" --out "$d/ro/run" --steps 10 2>&1)
code=$?
umount "$d/ro"
[ "$code" -eq 1 ] || { echo "read-only folder: exit $code, expected 1:"; echo "$ro"; exit 1; }
echo "$ro" | grep -q "cannot write the run folder $d/ro/run: .*Read-only file system" || { echo "read-only: $ro"; exit 1; }
echo "$ro" | grep -q "loading" && { echo "read-only: the data was loaded first: $ro"; exit 1; }
# Self-play on a 300 KB disk: 9x9 search games until it is full.
mkdir -p "$d/small-sp" && mount -t tmpfs -o size=300k tmpfs "$d/small-sp" || { echo "cannot mount a second tmpfs"; exit 1; }
sp=$("$tengen" selfplay --out "$d/small-sp/job" --games 400 --size 9 --mode search --policy none --visits 10 \
     --parallel 4 2>&1)
code=$?
games=$(ls "$d/small-sp/job/sgf" 2>/dev/null | grep -c '^game-.*\.sgf$')
check=$("$tengen" sgf check "$d/small-sp/job/sgf" 2>&1)
check_code=$?
umount "$d/small-sp"
[ "$code" -eq 1 ] || { echo "selfplay on a full disk: exit $code, expected 1:"; echo "$sp" | tail -5; exit 1; }
echo "$sp" | grep -q "$d/small-sp/job/.*(disk full?)" || { echo "selfplay: no file named with 'disk full?':"; echo "$sp" | tail -5; exit 1; }
[ "$games" -gt 0 ] && [ "$check_code" -eq 0 ] || { echo "selfplay: $games games written, sgf check exit $check_code: $check"; exit 1; }
# A read-only job folder: refused before any game.
mkdir -p "$d/ro-sp" && mount -t tmpfs -o ro,size=64k tmpfs "$d/ro-sp" || { echo "cannot mount a read-only tmpfs"; exit 1; }
rosp=$("$tengen" selfplay --out "$d/ro-sp/job" --games 4 --size 9 --mode search --policy none --visits 10 2>&1)
code=$?
umount "$d/ro-sp"
[ "$code" -eq 1 ] || { echo "selfplay read-only: exit $code, expected 1: $rosp"; exit 1; }
echo "$rosp" | grep -q "Read-only file system" || { echo "selfplay read-only: $rosp"; exit 1; }
echo "ok: $(echo "$out" | tail -1); self-play stopped after $games complete games"
