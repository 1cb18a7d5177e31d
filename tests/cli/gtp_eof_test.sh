#!/bin/sh
# The end of the input stops a running genmove (issue 35): with --move-time 30, a GUI that sends
# `genmove` and goes away (stdin closes a second later) must not keep the process searching for 30 s.
# It answers the move and exits within a few seconds. A genmove followed by more commands is not cut
# short: its search runs to its visit limit.
# Usage: gtp_eof_test.sh TENGEN
set -u
tengen=$1
now() { date +%s.%N; }
start=$(now)
out=$( (printf 'boardsize 9\ngenmove b\n'; sleep 1) | "$tengen" gtp --move-time 30 --threads 1 --quiet)
code=$?
took=$(awk "BEGIN { print $(now) - $start }")
[ "$code" -eq 0 ] || { echo "FAIL: exit $code"; exit 1; }
echo "$out" | grep -q '^= [A-J][1-9]$' || { echo "FAIL: no move in: $out"; exit 1; }
awk "BEGIN { exit !($took < 5) }" || { echo "FAIL: took $took s after the input ended (--move-time 30)"; exit 1; }
# With a command after it, the same genmove runs its full 300 simulations (the summary says so).
log=$(printf 'boardsize 9\ngenmove b\nquit\n' | "$tengen" gtp --move-time 30 --visits 300 --threads 1 2>&1 >/dev/null)
echo "$log" | grep -q 'genmove black: .* 300 simulations' || { echo "FAIL: the search was cut short: $log"; exit 1; }
echo "ok (answered and exited $took s after the start)"
