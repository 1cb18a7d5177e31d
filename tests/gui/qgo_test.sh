#!/usr/bin/env bash
# qGo for real: Debian's qGo 2.1 plays a 9x9 game against `TENGEN gtp` under Xvfb. The engine and
# the new-game defaults (9x9, komi 7, computer plays White) are pre-written in qGo's QSettings file,
# so the test only presses Ctrl+N, Return, and clicks Black's moves on the board. Passes when qGo
# sent its own moves as `play black ...`, Tengen answered each `genmove white` with a move, qGo took
# that move (it let Black play again, which it does only on Black's turn), and GNU Go, replaying the
# game, finds every move legal. The GTP conversation is teed to SCRATCH/gtp-in.log and
# SCRATCH/gtp-out.log; the last screen is SCRATCH/qgo.png.
# qGo 2.1 numbers its GTP commands, and so matches genmove answers to requests, only when the
# engine's path ends in "gnugo": an engine at any other path has its moves ignored (the game hangs
# on "White to play"). The engine here is therefore a wrapper script called tengen-gnugo.
# Usage: qgo_test.sh TENGEN SCRATCH    exit 0 pass, 1 fail, 77 a needed package is missing.
set -u
tengen=$(readlink -f "$1")
S=$2
moves=4  # Black's moves; each is answered by a genmove
qgo=$(command -v qgo || { [ -x /usr/games/qgo ] && echo /usr/games/qgo; })
[ -n "$qgo" ] || { echo "SKIP: qgo not installed"; exit 77; }
for need in Xvfb:xvfb xdotool:xdotool import:imagemagick; do
  command -v "${need%%:*}" > /dev/null 2>&1 || { echo "SKIP: ${need#*:} not installed"; exit 77; }
done
gnugo=$(command -v gnugo || { [ -x /usr/games/gnugo ] && echo /usr/games/gnugo; })

APP=qgo
. "$(dirname "$0")/gui_harness.sh"

rm -rf "$S" && mkdir -p "$S/home" "$S/config/qGo" "$S/engine" || exit 1
cat > "$S/engine/tengen-gnugo" << EOF
#!/bin/sh
tee "$S/gtp-in.log" | "$tengen" "\$@" 2> "$S/tengen.err" | tee "$S/gtp-out.log"
EOF
chmod +x "$S/engine/tengen-gnugo"
# qGo's QSettings (organisation and application "qGo"): the engine table of Preferences -> Go engine
# and the last choices of the New Game dialog.
cat > "$S/config/qGo/qGo.conf" << EOF
[General]
DEFAULT_ENGINE=0
EDIT_SIZE=9
EDIT_KOMI=7
EDIT_HANDICAP=0
COMPUTER_PLAYS_WHITE=true
COMPUTER_PLAYS_BLACK=false
SOUND=1

[ENGINES]
1\\path=$S/engine/tengen-gnugo
1\\args=gtp --threads 1 --move-time 1
size=1
EOF

start_xvfb

(cd "$S" && HOME="$S/home" XDG_CONFIG_HOME="$S/config" XDG_RUNTIME_DIR="$S/home" exec setsid timeout -k 5 110 "$qgo" > "$S/qgo.log" 2>&1) &
app_pid=$!
wait_for "xdotool search --name '^qGo [0-9]' > /dev/null 2>&1" 50 "qGo's main window did not appear"

# New game (Ctrl+N in the main window; a click first gives it the keyboard), Return takes the defaults.
for try in 1 2 3; do
  xdotool mousemove 600 300 click 1
  sleep 0.3
  xdotool key ctrl+n
  sleep 1
  xdotool search --name '^Dialog$' > /dev/null 2>&1 && break
done
wait_for "xdotool search --name '^Dialog$' > /dev/null 2>&1" 45 "Ctrl+N opened no New Game dialog"
xdotool key Return
wait_for "xdotool search --name '^White vs. Black - qGo$' > /dev/null 2>&1" 40 "no board window after the New Game dialog"
board=$(xdotool search --name '^White vs. Black - qGo$' | head -n 1)
geometry=$(xdotool getwindowgeometry "$board" | tr -s ' \n' ' ')
case "$geometry" in
  *"Position: 0,0 "*) ;;
  *) fail "the board window is not at 0,0 ($geometry); the click positions below assume it is" ;;
esac
# qGo's start-up: protocol_version, boardsize 9, clear_board, komi 7.00, all answered with success.
wait_for "grep -Eq '^([0-9]+ )?komi ' '$S/gtp-in.log' 2> /dev/null" 35 "qGo did not set the game up (no komi)"
wait_for '[ "$(grep -c "^[=?]" "$S/gtp-out.log")" -ge "$(wc -l < "$S/gtp-in.log")" ]' 30 "Tengen did not answer the set-up"
grep -Eq '^([0-9]+ )?boardsize 9$' "$S/gtp-in.log" || fail "qGo did not send boardsize 9"
grep -Eq '^[0-9]+ protocol_version$' "$S/gtp-in.log" ||
  fail "qGo sent its GTP commands without ids: qGo 2.1 numbers them only for an engine path ending in" \
    "'gnugo' and otherwise ignores the engine's genmove answers"

occupied=" "
cols=ABCDEFGHJ
# Black's candidate points as shown on qGo's board. qGo 2.1 sends them, and reads Tengen's answers,
# upside down (row r as 10-r; the game stays consistent, mirrored), so a point is taken when
# either it or its mirror image was played.
for point in C3 G7 C7 G3 E5 E3 E7 C5 G5 D4 F6; do
  [ "$(grep -c '^[0-9]* play black ' "$S/gtp-in.log")" -ge "$moves" ] && break
  col=${point:0:1}
  row=${point:1}
  case "$occupied" in *" $point "* | *" $col$((10 - row)) "*) continue ;; esac
  plays=$(grep -c '^[0-9]* play black ' "$S/gtp-in.log")
  genmoves=$(grep -c '^[0-9]* genmove white$' "$S/gtp-in.log")
  ci=${cols%%"$col"*}
  xdotool mousemove $((53 + 60 * ${#ci})) $((197 + 60 * (9 - row))) click 1
  wait_for '[ "$(grep -c "^[0-9]* play black " "$S/gtp-in.log")" -gt "$plays" ]' 10 \
    "a click at $point was not sent as a play (is it Black's turn in qGo?)"
  line=$(grep '^[0-9]* play black ' "$S/gtp-in.log" | tail -n 1)
  id=${line%% *}
  wait_for "grep -q '^[=?]$id\$' '$S/gtp-out.log'" 8 "no answer to '$line'"
  grep -q "^=$id\$" "$S/gtp-out.log" || fail "Tengen refused qGo's move: '$line' -> $(grep "^?$id" "$S/gtp-out.log")"
  occupied="$occupied${line##* } "
  # qGo asks for White's move at once; Tengen thinks about 1 s.
  wait_for '[ "$(grep -c "^[0-9]* genmove white$" "$S/gtp-in.log")" -gt "$genmoves" ]' 8 "qGo sent no genmove white after '$line'"
  line=$(grep '^[0-9]* genmove white$' "$S/gtp-in.log" | tail -n 1)
  id=${line%% *}
  wait_for "grep -q '^[=?]$id' '$S/gtp-out.log'" 5 "Tengen did not answer '$line'"
  answer=$(sed -n "s/^=$id //p" "$S/gtp-out.log")
  echo "$answer" | grep -qx '[A-HJ][1-9]' || fail "'$line' answered '$(grep "^[=?]$id" "$S/gtp-out.log")', not a move on the board"
  case "$occupied" in *" $answer "*) fail "Tengen answered $answer, which is already taken" ;; esac
  occupied="$occupied$answer "
  sleep 0.5  # qGo draws the stone
done
plays=$(grep -c '^[0-9]* play black ' "$S/gtp-in.log")
answered=$(grep -c '^=[0-9]* [A-HJ][1-9]$' "$S/gtp-out.log")
[ "$plays" -ge "$moves" ] || fail "only $plays of Black's moves reached Tengen"
[ "$answered" -ge "$moves" ] || fail "only $answered genmove answers"
grep -q '^?' "$S/gtp-out.log" && fail "Tengen refused a command of qGo's: $(grep '^?' "$S/gtp-out.log" | head -n 3)"

# GNU Go replays the game as Tengen saw it: every move must be legal.
legal="GNU Go not installed: legality not checked"
if [ -n "$gnugo" ]; then
  {
    echo "boardsize 9"; echo "clear_board"; echo "komi 7"
    sed -n 's/^[0-9]* \(play black [A-HJ][1-9]\)$/\1/p; s/^\([0-9]*\) genmove white$/\1/p' "$S/gtp-in.log" |
      while read -r cmd; do
        case "$cmd" in
          play*) echo "$cmd" ;;
          *) echo "play white $(sed -n "s/^=$cmd //p" "$S/gtp-out.log")" ;;
        esac
      done
    echo quit
  } > "$S/replay.gtp"
  "$gnugo" --mode gtp < "$S/replay.gtp" > "$S/replay.out" 2>&1 || fail "GNU Go failed to replay the game"
  grep -q '^?' "$S/replay.out" && fail "GNU Go finds an illegal move: $(grep '^?' "$S/replay.out" | head -n 1) (see $S/replay.gtp)"
  legal="GNU Go replayed all $(grep -c '^play' "$S/replay.gtp") moves as legal"
fi

sleep 1
import -window root "$S/qgo.png" || fail "import could not take the screenshot"
echo "ok: qGo sent $plays moves as play black, Tengen answered $answered genmove white with moves" \
  "($(sed -n 's/^=[0-9]* \([A-HJ][1-9]\)$/\1/p' "$S/gtp-out.log" | tr '\n' ' '));" \
  "$legal; $((SECONDS - start)) s; screenshot $S/qgo.png"
