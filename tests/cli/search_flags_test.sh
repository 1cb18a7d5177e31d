#!/bin/sh
# `tengen gtp`, `tengen selfplay` and `tengen bench search` take the same search flags with the same
# defaults and text (app/search_options.h): their --help entries agree, whitespace aside.
# Usage: search_flags_test.sh TENGEN
set -u
tengen=$1
flags='lambda expansion-threshold c-puct fpu-reduction refuse-self-atari'
# The --help entry of one flag: its line and the continuation lines below it, spaces collapsed.
entry() {
  awk -v flag="--$2" '
    $1 == flag { on = 1; print; next }
    on && /^  *--/ { on = 0 }
    on && /^ *$/ { on = 0 }
    on { print }' "$1" | tr -s ' \n' ' '
}
for c in gtp selfplay "bench search"; do
  # shellcheck disable=SC2086
  "$tengen" $c --help > "/tmp/tengen-help-$$-$(echo $c | tr ' ' _)" || { echo "$c --help failed"; exit 1; }
done
status=0
for f in $flags; do
  g=$(entry "/tmp/tengen-help-$$-gtp" "$f")
  [ -n "$g" ] || { echo "gtp --help has no --$f"; status=1; continue; }
  for c in selfplay bench_search; do
    o=$(entry "/tmp/tengen-help-$$-$c" "$f")
    [ "$g" = "$o" ] || { printf -- '--%s differs:\n  gtp: %s\n  %s: %s\n' "$f" "$g" "$c" "$o"; status=1; }
  done
done
rm -f /tmp/tengen-help-$$-*
[ "$status" -eq 0 ] && echo ok
exit $status
