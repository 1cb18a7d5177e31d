#!/bin/sh
# tengen gtp plays with a config file and a command-line override: a genmove on 9x9 (no network for
# that size: tree policy and rollouts) answers a vertex, the summary lands in the log file with the
# config's visit limit, and a missing config file or an out-of-range setting — on the command line or
# in the config file, overridden or not; komi nan, inf or beyond the board; --resign outside [0, 1) —
# is bad usage (exit 2), and a config file's error names the file and the line.
# Usage: gtp_config_test.sh TENGEN WORKDIR
set -u
tengen=$1
d=$2
rm -rf "$d" && mkdir -p "$d" || exit 1
printf 'move-time = 30\nthreads = 1\nvisits = 200\nc-puct = 2.5\nfpu-reduction = 0.5\nrefuse-self-atari = 2\n' > "$d/tengen.cfg"
out=$(printf 'boardsize 9\ngenmove b\nquit\n' | "$tengen" gtp --config "$d/tengen.cfg" --move-time 20 --log-file "$d/log.txt")
echo "$out" | grep -q '^= [A-J][1-9]' || { echo "no vertex in: $out"; exit 1; }
grep -q 'genmove black: .* 200 simulations' "$d/log.txt" || { echo "log:"; cat "$d/log.txt"; exit 1; }
"$tengen" gtp --config "$d/missing.cfg" < /dev/null
code=$?
[ "$code" -eq 2 ] || { echo "missing config: exit $code, expected 2"; exit 1; }
for bad in "--c-puct 0" "--lambda 1.5" "--expansion-threshold 0" "--refuse-self-atari -1" "--komi nan" "--komi inf" \
           "--komi -inf" "--komi 362" "--boardsize 9 --komi -81.5" "--resign 2" "--resign -1" "--resign 1" "--resign nan"; do
  # shellcheck disable=SC2086
  "$tengen" gtp $bad < /dev/null 2>/dev/null
  code=$?
  [ "$code" -eq 2 ] || { echo "$bad: exit $code, expected 2"; exit 1; }
done
# A bad value in the config file is an error even when a flag overrides it.
printf 'lambda = 2\n' > "$d/bad.cfg"
msg=$("$tengen" gtp --config "$d/bad.cfg" --lambda 0.5 < /dev/null 2>&1)
code=$?
[ "$code" -eq 2 ] || { echo "overridden bad config value: exit $code, expected 2"; exit 1; }
echo "$msg" | grep -q 'bad.cfg:1: setting out of range: --lambda must be 0..1' || { echo "message: $msg"; exit 1; }
# Komi and the resignation threshold are checked as GTP's `komi` checks komi, in the file too.
printf 'komi = nan\n' > "$d/komi.cfg"
msg=$("$tengen" gtp --config "$d/komi.cfg" --komi 6.5 < /dev/null 2>&1)
code=$?
[ "$code" -eq 2 ] || { echo "komi nan in the config file: exit $code, expected 2"; exit 1; }
echo "$msg" | grep -q 'komi.cfg:1: setting out of range: --komi: komi nan is not a number' || { echo "message: $msg"; exit 1; }
# Config-file errors name the file and the line (issue 35): an unknown option, a bad value, a line
# without '=', a repeated option, a setting out of range, a komi beyond the board the file set.
check_line() {  # check_line CONTENT LINE MESSAGE
  printf "$1" > "$d/line.cfg"
  msg=$("$tengen" gtp --config "$d/line.cfg" < /dev/null 2>&1)
  code=$?
  [ "$code" -eq 2 ] || { echo "config '$1': exit $code, expected 2"; exit 1; }
  echo "$msg" | grep -qF "line.cfg:$2: $3" || { echo "config '$1': message: $msg"; exit 1; }
}
check_line '# my settings\nthreads = 1\n\nvisitz = 100\n' 4 "unrecognised option 'visitz'"
check_line 'threads = 1\nmove-time = fast\n' 2 "the argument ('fast') for option 'move-time' is invalid"
check_line 'threads = 1\nvisits 100\n' 2 "the options configuration file contains an invalid line 'visits 100'"
check_line 'threads = 1\nvisits = 1\nc-puct = 2\nvisits = 2\n' 4 "option 'visits' cannot be specified more than once"
check_line 'threads = 1\nvisits = 1\nresign = 3\n' 3 "setting out of range: --resign must be in [0, 1)"
check_line 'boardsize = 9\nthreads = 1\nkomi = 82\n' 3 "setting out of range: --komi: komi 82 is outside -81..+81"
msg=$("$tengen" gtp --boardsize 9 --komi 82 < /dev/null 2>&1)
echo "$msg" | grep -q -- '--komi: komi 82 is outside -81..+81' || { echo "message: $msg"; exit 1; }
msg=$("$tengen" gtp --resign 2 < /dev/null 2>&1)
echo "$msg" | grep -q -- '--resign must be in \[0, 1) (0: never resign)' || { echo "message: $msg"; exit 1; }
echo ok
