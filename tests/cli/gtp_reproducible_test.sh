#!/bin/sh
# `tengen gtp --reproducible` with one thread, a visit limit and a seed gives the same moves for the
# same commands, with the shipped networks behind the batching evaluator (whose timing varies), with
# and without the value network. Usage: gtp_reproducible_test.sh TENGEN
set -u
tengen=$1
commands='boardsize 19\nkomi 7.5\ngenmove b\ngenmove w\nplay b D4\ngenmove w\ngenmove b\nquit\n'
for value in none shipped; do
  first=$(printf "$commands" | "$tengen" gtp --quiet --reproducible --threads 1 --visits 150 --move-time 600 --seed 3 --value-weights $value)
  second=$(printf "$commands" | "$tengen" gtp --quiet --reproducible --threads 1 --visits 150 --move-time 600 --seed 3 --value-weights $value)
  [ "$first" = "$second" ] || { printf 'value %s: two runs differ:\n%s\n---\n%s\n' "$value" "$first" "$second"; exit 1; }
  moves=$(echo "$first" | grep -c '^= [A-T][0-9]')
  [ "$moves" -eq 4 ] || { printf 'value %s: expected 4 moves in:\n%s\n' "$value" "$first"; exit 1; }
done
echo ok
