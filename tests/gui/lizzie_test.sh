#!/usr/bin/env bash
# Lizzie for real: Debian's Lizzie 0.7.4 (liblizzie-java) runs `TENGEN gtp --threads 1 --gtp-version
# 0.17` (Lizzie wants a Leela Zero version of 0.15 or later: docs/USAGE.md) under Xvfb,
# loads a four-move SGF, analyses the empty board, then the position after the four moves (End key).
# Passes only when Lizzie parsed Tengen's analysis: Lizzie's window title shows "N playouts", the sum
# of the `visits` fields of one `info` line (Leelaz.getBestMoves() after MoveData.fromInfo), and N
# must come from a line Tengen sent for the position on the board. The GTP conversation is teed to
# SCRATCH/gtp-in.log and SCRATCH/gtp-out.log; the last screen is SCRATCH/lizzie.png.
# Usage: lizzie_test.sh TENGEN SCRATCH [SECONDS]   exit 0 pass, 1 fail, 77 a needed package is missing;
# SECONDS (default 2): more analysis before the screenshot.
set -u
tengen=$(readlink -f "$1")
S=$2
show=${3:-2}
jar=/usr/share/java/lizzie.jar
[ -r "$jar" ] || { echo "SKIP: liblizzie-java not installed"; exit 77; }
for need in java:default-jre Xvfb:xvfb xdotool:xdotool import:imagemagick; do
  command -v "${need%%:*}" > /dev/null 2>&1 || { echo "SKIP: ${need#*:} not installed"; exit 77; }
done
case "$S" in *[[:space:]\"\\]*) echo "FAIL: the scratch folder must have no spaces, quotes or backslashes"; exit 1;; esac

APP=lizzie
. "$(dirname "$0")/gui_harness.sh"

rm -rf "$S" && mkdir -p "$S/home/.config/leela-zero" "$S/home/.local/share/leela-zero" || exit 1

# The engine command Lizzie starts: Tengen behind a tee of both directions of the GTP conversation.
cat > "$S/tengen-gtp.sh" << EOF
#!/bin/sh
tee "$S/gtp-in.log" | "$tengen" gtp --threads 1 --gtp-version 0.17 "\$@" 2> "$S/tengen.err" | tee "$S/gtp-out.log"
EOF
chmod +x "$S/tengen-gtp.sh"
# Debian's Lizzie reads ~/.config/leela-zero/lizzie-config.txt (JSON; missing keys get defaults) and
# ~/.local/share/leela-zero/lizzie-persist (window positions), with ~ = Java's user.home.
cat > "$S/home/.config/leela-zero/lizzie-config.txt" << EOF
{"leelaz": {"engine-command": "$S/tengen-gtp.sh", "print-comms": false,
            "analyze-update-interval-centisec": 10, "max-analyze-time-minutes": 99999},
 "ui": {"resume-previous-game": false, "confirm-exit": false, "limit-best-move-num": 0,
        "handicap-instead-of-winrate": false}}
EOF
cat > "$S/home/.local/share/leela-zero/lizzie-persist" << EOF
{"ui-persist": {"main-window-position": [0, 0, 1280, 800], "window-maximized": false}}
EOF
printf '(;GM[1]FF[4]SZ[19]KM[7.5];B[pd];W[dp];B[pp];W[dd])\n' > "$S/game.sgf"

start_xvfb

# /usr/games/lizzie runs `java -jar lizzie.jar featurecat.lizzie.Lizzie "$@"`, so Lizzie sees two
# arguments and never opens a file given to it: run the jar itself to open the SGF.
(cd "$S" && exec setsid timeout -k 5 110 java -Duser.home="$S/home" -jar "$jar" "$S/game.sgf" > "$S/lizzie.log" 2>&1) &
app_pid=$!

# 1. Lizzie checks `name` and `version`, sets up the board and starts `lz-analyze 10` on the empty board.
until grep -q '^[0-9]* lz-analyze' "$S/gtp-in.log" 2> /dev/null; do
  if xdotool search --name '^Message$' > /dev/null 2>&1; then
    version=$(sed -n 's/^=2 //p' "$S/gtp-out.log" 2> /dev/null | head -n 1)
    minor=$(echo "$version" | cut -d. -f2)
    case "$minor" in ''|*[!0-9]*) minor=0;; esac
    [ "$minor" -ge 15 ] && fail "Lizzie opened a message box before analysing"
    fail "Lizzie opened a message box instead of analysing. Lizzie 0.7.4 reads the answer to \`version\`" \
      "('$version') as Leela Zero's and requires its second number to be 15 or more (\"Lizzie requires" \
      "version 0.15 or later of Leela Zero for analysis\"); it shows that box from its engine-reading thread" \
      "while holding the engine lock and then deadlocks with its painting thread: no lz-analyze is ever sent."
  fi
  [ "$(left)" -gt 35 ] || fail "Lizzie sent no lz-analyze within $((SECONDS - start)) s"
  sleep 0.5
done

# The sums of `visits` over each info line of gtp-out.log after line $1 (one per line).
visit_sums() {
  tail -n "+$1" "$S/gtp-out.log" | awk '/^info /{s = 0; for (i = 1; i < NF; i++) if ($i == "visits") s += $(i + 1); print s}'
}
title_playouts() {
  xdotool search --name ' playouts, ' getwindowname 2> /dev/null | sed -n 's/.* \([0-9][0-9]*\) playouts, .*/\1/p' | head -n 1
}
# Prints N once the title shows N playouts (N not $2) and N is the sum of an info line after line $1;
# prints why not and fails when the time left falls to $4 s.
wait_parsed() {
  local from=$1 not=$2 what=$3 min_left=$4 n=""
  while :; do
    n=$(title_playouts)
    if [ -n "$n" ] && [ "$n" != "$not" ] && visit_sums "$from" | grep -qx "$n"; then echo "$n"; return 0; fi
    if [ "$(left)" -le "$min_left" ]; then
      echo "$what: Lizzie's title never showed the playouts of one of Tengen's info lines" \
        "(title: '$(xdotool search --name '^Lizzie' getwindowname 2> /dev/null | head -n 1)')"
      return 1
    fi
    sleep 0.5
  done
}
n1=$(wait_parsed 1 "" "empty board" 20) || fail "$n1"

# 2. Go to the end of the game (a click in the captures panel gives Lizzie the keyboard, then End):
#    Lizzie sends the four moves and a new lz-analyze; the title must follow the new analysis.
xdotool mousemove 120 60 click 1
sleep 0.5
xdotool key End
until grep -q '^[0-9]* play W D16$' "$S/gtp-in.log" && [ "$(tail -n 1 "$S/gtp-in.log" | cut -d' ' -f2)" = lz-analyze ]; do
  [ "$(left)" -gt 12 ] || fail "after the End key Lizzie did not send the game's moves and a new lz-analyze"
  sleep 0.3
done
id=$(tail -n 1 "$S/gtp-in.log" | cut -d' ' -f1)
until grep -qx "=$id" "$S/gtp-out.log"; do
  [ "$(left)" -gt 10 ] || fail "Tengen did not answer '$id lz-analyze'"
  sleep 0.2
done
from=$(grep -nx "=$id" "$S/gtp-out.log" | cut -d: -f1)
n2=$(wait_parsed "$from" "$n1" "after four moves" 4) || fail "$n2"

# Every command Lizzie sent was answered with success.
grep -q '^?' "$S/gtp-out.log" && fail "Tengen refused a command of Lizzie's: $(grep '^?' "$S/gtp-out.log" | head -n 3)"
for cmd in name version boardsize komi 'play B Q16' 'play W D16'; do
  grep -q "^[0-9]* $cmd" "$S/gtp-in.log" || fail "Lizzie never sent '$cmd'"
done

sleep "$show"  # a few more rounds of analysis on the screen
import -window root "$S/lizzie.png" || fail "import could not take the screenshot"
infos=$(grep -c '^info ' "$S/gtp-out.log")
echo "ok: Lizzie sent $(grep -c ' lz-analyze ' "$S/gtp-in.log") lz-analyze, Tengen answered $infos info lines;" \
  "Lizzie's title showed $n1 playouts (empty board) and $n2 (after 4 moves), each the visits of one info line;" \
  "$((SECONDS - start)) s; screenshot $S/lizzie.png"
