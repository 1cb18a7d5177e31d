#!/bin/sh
# Installed like any engine (issue 35): `cmake --install BUILD --prefix P` puts the binary, the shipped
# networks with their MANIFEST, the man page and the documents under P; run from a folder outside
# the source tree with $TENGEN_WEIGHTS unset, P/bin/tengen finds its networks in
# P/share/tengen/weights and plays with the SL policy from there (the search summary names the file).
# A prefix whose networks are missing or damaged (bytes not the ones MANIFEST lists) refuses to
# start (exit 1) with a message naming the file and the folders searched — never a silent move.
# Usage: install_test.sh BUILD_DIR WORKDIR
set -u
build=$1
d=$2
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$d" && mkdir -p "$d/elsewhere" || exit 1
cmake --install "$build" --prefix "$d/prefix" > "$d/install.log" 2>&1 || fail "cmake --install: $(cat "$d/install.log")"
p=$d/prefix
weights=$p/share/tengen/weights
for f in bin/tengen share/man/man6/tengen.6.gz share/doc/tengen/README.md share/doc/tengen/USAGE.md \
  share/tengen/weights/MANIFEST; do
  [ -f "$p/$f" ] || fail "not installed: $f"
done
for f in $(awk -F '\t' '!/^#/ { print $1 }' "$weights/MANIFEST"); do
  [ -f "$weights/$f" ] || fail "MANIFEST lists $f but it was not installed"
done
[ -z "$(find "$p" -name '*_test*' -o -name '*tests*')" ] || fail "test programs installed: $(find "$p" -name '*test*')"

unset TENGEN_WEIGHTS
cd "$d/elsewhere" || exit 1
"$p/bin/tengen" weights > "$d/weights.out" 2>&1 || fail "tengen weights: exit $? ($(cat "$d/weights.out"))"
grep -q "installed  *$weights  (with MANIFEST)" "$d/weights.out" || fail "tengen weights: $(cat "$d/weights.out")"
grep -q "$weights/sl-policy-cpu-large.safetensors  (SHA-256 as MANIFEST)" "$d/weights.out" ||
  fail "tengen weights: no checked SL policy: $(cat "$d/weights.out")"
out=$(printf 'genmove b\nquit\n' | "$p/bin/tengen" gtp --visits 24 --threads 1 2> "$d/err")
code=$?
[ "$code" -eq 0 ] || fail "installed gtp: exit $code ($(cat "$d/err"))"
echo "$out" | grep -q '^= [A-T][0-9]' || fail "installed gtp: no move in: $out"
grep -q "policy $weights/sl-policy-cpu-large.safetensors" "$d/err" || fail "the SL policy was not loaded from $weights: $(cat "$d/err")"
grep -q "rollouts $weights/rollout-policy.safetensors" "$d/err" || fail "the rollout policy was not loaded from $weights: $(cat "$d/err")"

# refused WHAT PATTERN: the installed gtp refuses to start, naming PATTERN and the folders searched.
refused() {
  out=$(printf 'genmove b\nquit\n' | "$p/bin/tengen" gtp --visits 24 --threads 1 2> "$d/err")
  code=$?
  [ "$code" -eq 1 ] || fail "$1: exit $code, expected 1 (stdout: $out; stderr: $(cat "$d/err"))"
  [ -z "$out" ] || fail "$1: answered GTP commands: $out"
  grep -q "$2" "$d/err" || fail "$1: the message does not name $2: $(cat "$d/err")"
  grep -q "$weights, $p/weights, $p/bin/weights, $d/elsewhere/weights" "$d/err" ||
    fail "$1: the message does not name the folders searched: $(cat "$d/err")"
}
printf 'x' >> "$weights/tree-policy.safetensors"  # one byte more: not the file MANIFEST lists
refused "damaged tree policy" "$weights/tree-policy.safetensors is damaged or replaced: its SHA-256 is"
"$p/bin/tengen" weights > "$d/weights.out" 2>&1 && fail "tengen weights passed a damaged network"
grep -q "tree-policy.safetensors  *DAMAGED" "$d/weights.out" || fail "tengen weights: $(cat "$d/weights.out")"
rm -rf "$weights"
refused "no weights folder" "the shipped network .* was not found in"
echo ok
