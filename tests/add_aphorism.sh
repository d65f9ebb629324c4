#!/bin/bash
# An operator adds a fourth aphorism to grammar/zen.rl and runs make: the
# rebuilt server answers it, and the old ones still. Works on a scratch copy.
set -euo pipefail
root=$(pwd)
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

cp -r "$root/Makefile" "$root/grammar" "$root/gen" "$root/proto" "$root/runtime" \
      "$root/tools" "$tmp/"
cd "$tmp"
# The new line goes right after the last aphorism, as a person would write it.
sed -i "/'Simple is better than?'/a\\  | 'Flat is better than?'      @{ ANSWER(\"Nested.\"); }" grammar/zen.rl
grep -q "Flat is better than" grammar/zen.rl
make -s B=build build/koand >/dev/null
grep -q "Nested\." gen/zen.c || { echo "gen/zen.c was not regenerated"; exit 1; }
tools/check-gen.sh zen calc echo

build/koand -P zen 127.0.0.1 -p 0 2>"$tmp/log" &
pid=$!
port=
for _ in $(seq 50); do
    port=$(sed -n 's/.*listening zen on 127.0.0.1:\([0-9]*\)$/\1/p' "$tmp/log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "server did not start"; cat "$tmp/log"; exit 1; }

exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'Flat is better than?Beautiful is better than?Sparse is better than?' >&3
want='Nested.Ugly.Error: unknown aphorism.'
got=
IFS= read -r -t 5 -N ${#want} got <&3 || true
exec 3>&-
if [ "$got" != "$want" ]; then
    echo "want: $want"
    echo "got:  $got"
    exit 1
fi
echo "a fourth aphorism added to grammar/zen.rl is answered after make"
