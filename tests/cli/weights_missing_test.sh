#!/bin/sh
# Networks never vanish silently (issue 35): a copy of the binary outside the build tree, run from a
# folder without weights/ and with $TENGEN_WEIGHTS unset, finds none of the shipped networks. Asked
# for by default or by name, that is an error (exit 1) naming the file and the folders searched —
# never `= A19` with every network off; a named file that is not there is the same error; only
# `none` for each network plays without it. Both builds: the rollout and tree policies need no libtorch.
# Usage: weights_missing_test.sh TENGEN WORKDIR
set -u
tengen=$1
d=$2
rm -rf "$d" && mkdir -p "$d/bin" "$d/cwd" || exit 1
cp "$tengen" "$d/bin/tengen" || exit 1
unset TENGEN_WEIGHTS
cd "$d/cwd" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
expect_refused() {  # expect_refused WHAT COMMAND...: exit 1, stderr naming the folders searched, no move
  what=$1
  shift
  out=$(printf 'genmove b\nquit\n' | "$@" 2> "$d/err")
  code=$?
  [ "$code" -eq 1 ] || fail "$what: exit $code, expected 1 (stdout: $out; stderr: $(cat "$d/err"))"
  [ -z "$out" ] || fail "$what: answered GTP commands: $out"
  grep -q "was not found in $d/share/tengen/weights, $d/weights, $d/bin/weights, $d/cwd/weights (\$TENGEN_WEIGHTS is not set)" "$d/err" ||
    fail "$what: the message does not name the folders searched: $(cat "$d/err")"
}
expect_refused "gtp (defaults)" "$d/bin/tengen" gtp --visits 20
expect_refused "gtp --policy-weights shipped" "$d/bin/tengen" gtp --visits 20 --policy-weights shipped
expect_refused "gtp --policy-weights shipped (patterns off)" "$d/bin/tengen" gtp --visits 20 --policy-weights shipped \
  --rollout-weights none --tree-weights none
grep -q -- "--policy-weights: the shipped network sl-policy-cpu-large.safetensors" "$d/err" || fail "policy not named: $(cat "$d/err")"
expect_refused "analysis (defaults)" "$d/bin/tengen" analysis
expect_refused "bench search" "$d/bin/tengen" bench search --size 9 --seconds 0.1 --evaluator none
# A file asked for by name that is not there.
printf 'genmove b\nquit\n' | "$d/bin/tengen" gtp --policy-weights none --tree-weights none \
  --rollout-weights "$d/missing.safetensors" > /dev/null 2> "$d/err"
code=$?
[ "$code" -eq 1 ] || fail "missing named file: exit $code, expected 1"
grep -q -- "--rollout-weights $d/missing.safetensors: no such readable file" "$d/err" || fail "message: $(cat "$d/err")"
# Every network turned off by asking: it plays (uniform rollouts), and says so.
out=$(printf 'boardsize 9\ngenmove b\nquit\n' | "$d/bin/tengen" gtp --visits 20 --policy-weights none \
  --rollout-weights none --tree-weights none 2> "$d/err")
code=$?
[ "$code" -eq 0 ] || fail "all networks none: exit $code ($(cat "$d/err"))"
echo "$out" | grep -q '^= [A-J][1-9]' || fail "all networks none: no vertex in: $out"
grep -q "policy none" "$d/err" || fail "all networks none: no summary: $(cat "$d/err")"
echo ok
