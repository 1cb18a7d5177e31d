#!/bin/sh
# The manual page tengen(6), written from the program's help at build time (scripts/make-manpage.py):
# man renders it at 80 columns without a warning, and every command `tengen --help` lists has its
# section ("tengen gtp", "tengen weights", ...).
# Usage: man_page_test.sh TENGEN MAN_PAGE
set -u
tengen=$1
page=$2
fail() { echo "FAIL: $*"; exit 1; }
command -v man > /dev/null || { echo "SKIP: man (man-db) is not installed"; exit 77; }
warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 > /dev/null)
[ -z "$warnings" ] || fail "man warns: $warnings"
text=$(MANWIDTH=80 man -l "$page" 2> /dev/null)
commands=$("$tengen" --help | awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on { print $1 }')
[ -n "$commands" ] || fail "no commands in tengen --help"
for c in $commands; do
  echo "$text" | grep -q "^   tengen $c\$" || fail "the man page has no section for 'tengen $c'"
done
echo "$text" | grep -q "TENGEN_WEIGHTS" || fail "the man page does not say where the networks are"
echo ok
