#!/bin/sh
# A disk that fills during training: `tengen train value` stops with exit 1 and an error that names
# the file and says "disk full?", and whatever checkpoint `latest` names is complete and readable; a
# read-only run folder is an error before any data is loaded.
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
echo "ok: $(echo "$out" | tail -1)"
