#!/bin/sh
# Behaviour pinned by recordings (tests/golden/): refactoring must not change what Tengen does.
#  * GTP transcripts: each tests/golden/NAME.commands is piped into `tengen gtp --reproducible
#    --threads 1 --visits N --seed 3` (9x9 without networks; 19x19 with the shipped ones) and the
#    answers must equal NAME.expected byte for byte (genmove, undo, handicap, the analysis commands
#    tengen-visits/-pv/-policy/-ownership, scoring, showboard, printsgf).
#  * Self-play: fixed-seed `tengen selfplay` jobs (9x9 search games on rollouts; 19x19 raw-policy games
#    with the shipped SL policy) must write SGFs and shards whose SHA-256 equal selfplay.sha256.
# After an intended change of behaviour, re-record with --record and say why in the commit.
# Usage: golden_test.sh TENGEN GOLDEN_DIR WORKDIR [--networks] [--record]
set -u
tengen=$1 golden=$2 d=$3
shift 3
networks=0 record=0
for a in "$@"; do
  case $a in --networks) networks=1 ;; --record) record=1 ;; esac
done
rm -rf "$d" && mkdir -p "$d" || exit 1
weights=$(cd "$golden/../../weights" && pwd)  # the shipped networks, wherever the binary was built
patterns="--rollout-weights $weights/rollout-policy.safetensors --tree-weights $weights/tree-policy.safetensors"
status=0
check() {  # check NAME ACTUAL: ACTUAL equals golden NAME (or becomes it with --record)
  if [ $record = 1 ]; then cp "$2" "$golden/$1"; echo "recorded $1"; return; fi
  if cmp -s "$2" "$golden/$1"; then echo "same: $1"; else
    echo "DIFFERENT: $1 (diff golden actual):"; diff "$golden/$1" "$2" | head -40; status=1
  fi
}
gtp() {  # gtp NAME VISITS FLAGS...
  name=$1 visits=$2
  shift 2
  "$tengen" gtp --quiet --reproducible --threads 1 --visits "$visits" --move-time 600 --seed 3 "$@" < "$golden/$name.commands" \
    2>/dev/null | sed "s|$d/|WORKDIR/|g" > "$d/$name.expected"
  check "$name.expected" "$d/$name.expected"
}
gtp gtp-9x9-rollouts 64 $patterns
selfplay() {  # selfplay NAME FLAGS...: the SHA-256 of its sgf/ and shards/ files
  name=$1
  shift
  "$tengen" selfplay --out "$d/$name" "$@" > "$d/$name.log" 2>&1 || { cat "$d/$name.log"; status=1; return; }
  (cd "$d/$name" && sha256sum sgf/* shards/*) | sed "s|^|$name |"
}
if [ $networks = 1 ]; then
  gtp gtp-19x19-networks 100 $patterns --policy-weights "$weights/sl-policy-cpu.safetensors" \
    --value-weights "$weights/value-cpu.safetensors"
  {
    selfplay search-9x9 --mode search --size 9 --komi 7 --games 4 --parallel 2 --threads 1 --visits 16 --seed 5 \
      --policy none $patterns
    selfplay policy-19x19 --games 2 --parallel 2 --seed 5 --policy "$weights/sl-policy-cpu.safetensors"
  } > "$d/selfplay.sha256"
  check selfplay.sha256 "$d/selfplay.sha256"
fi
[ $status = 0 ] && echo ok
exit $status
