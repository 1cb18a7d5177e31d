#!/bin/sh
# scripts/match.py survives a SIGKILL: a match of 8 games (two at once, openings from SGF records)
# killed after its second finished game and run again with the same command continues it — every game
# 0..7 in the results file exactly once, none replayed — and an engine that does not start is a clear
# error before any game.
# Usage: match_resume_test.sh TENGEN SOURCE_DIR WORKDIR
set -u
tengen=$1
src=$2
d=$3
rm -rf "$d" && mkdir -p "$d" || exit 1
e="$tengen gtp --quiet --threads 1 --resign 0"
# 19x19 games from the fixtures' first two moves, cut short at 40 moves (then scored).
run() {
  exec python3 "$src/scripts/match.py" --games 8 --size 19 --komi 7.5 --concurrency 2 --a "$e --visits 24" \
    --b "$e --visits 6" --openings "$src/tests/fixtures/sgf" --opening-moves 2 --results "$d/match.jsonl" "$@"
}
games() { n=$(grep -c '"game"' "$d/match.jsonl" 2>/dev/null); echo "${n:-0}"; }
(run --max-moves 40 > "$d/first.log" 2>&1) &
pid=$!
for _ in $(seq 1 600); do
  [ "$(games)" -ge 2 ] && break
  sleep 0.1
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
before=$(games)
[ "$before" -ge 2 ] && [ "$before" -lt 8 ] || { echo "the kill came too late or never: $before games recorded"; cat "$d/first.log"; exit 1; }
(run --max-moves 40 > "$d/second.log" 2>&1) || { echo "the rerun failed:"; cat "$d/second.log"; exit 1; }
grep -q "continuing the match in $d/match.jsonl: $before games already played" "$d/second.log" ||
  { echo "the rerun did not continue:"; cat "$d/second.log"; exit 1; }
ids=$(python3 -c "import json,sys; r=[json.loads(l) for l in open(sys.argv[1])][1:]; print(' '.join(str(x['game']) for x in sorted(r, key=lambda x: x['game'])))" "$d/match.jsonl")
[ "$ids" = "0 1 2 3 4 5 6 7" ] || { echo "games recorded: $ids"; exit 1; }
grep -q "won [0-9]* of 8" "$d/second.log" || { echo "summary:"; tail -3 "$d/second.log"; exit 1; }
# Other settings with the same results file: refused.
if (run --max-moves 41 > "$d/third.log" 2>&1); then echo "other settings were accepted"; exit 1; fi
grep -q "other settings" "$d/third.log" || { cat "$d/third.log"; exit 1; }
# An engine that does not start: an error before any game.
if python3 "$src/scripts/match.py" --games 2 --a "/nonexistent/engine gtp" --b "$e" > "$d/bad.log" 2>&1; then
  echo "a missing engine was accepted"; exit 1
fi
grep -q "engine A ('/nonexistent/engine gtp') does not work: cannot start" "$d/bad.log" || { cat "$d/bad.log"; exit 1; }
echo "ok: killed after $before games, resumed to 8"
