#!/bin/sh
# Option text with a '%name%' sequence is refused with exit 2, on the command line and in a config
# file: Boost.Program_options looped forever building its error message for such text (found by
# tests/fuzz/config_fuzzer.cpp; the input is tests/fuzz/regressions/config/boost-placeholder-loop.conf).
# Usage: option_placeholder_test.sh TENGEN WORKDIR
set -u
tengen=$1
d=$2
rm -rf "$d" && mkdir -p "$d" || exit 1
printf '%s\n' 'threads = 2' 'boa%original_token%rdsize = 19' > "$d/bad.conf"
msg=$(timeout 20 "$tengen" gtp --config "$d/bad.conf" < /dev/null 2>&1)
code=$?
[ "$code" -eq 2 ] || { echo "config file: exit $code, expected 2: $msg"; exit 1; }
echo "$msg" | grep -q "line 2" || { echo "config file: the message does not name line 2: $msg"; exit 1; }
for args in "gtp --threads %value%" "analysis --max-visits %original_token%" "bench board --size %x%"; do
  # shellcheck disable=SC2086
  timeout 20 "$tengen" $args < /dev/null > /dev/null 2>&1
  code=$?
  [ "$code" -eq 2 ] || { echo "tengen $args: exit $code, expected 2"; exit 1; }
done
echo ok
