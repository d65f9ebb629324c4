#!/bin/sh
# Regenerate every parser into a scratch tree and fail on any difference
# from the committed gen/. Paths stay repository-relative so #line matches.
# Arguments name the Ragel grammars (grammar/NAME.rl -> gen/NAME.c); every
# committed re2c oracle (grammar/NAME.re -> gen/NAME_re.c) is checked too.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ln -s "$root/grammar" "$tmp/grammar"
mkdir "$tmp/gen"
status=0
checked=""
compare() { # generated-file source-file
    if ! diff -u "$root/$1" "$tmp/$1" >"$tmp/diff" 2>&1; then
        echo "check-gen: $1 does not match $2; run make and commit gen/" >&2
        head -20 "$tmp/diff" >&2
        status=1
    fi
    checked="$checked $1"
}
for g in "$@"; do
    (cd "$tmp" && ragel -G2 -o "gen/$g.c" "grammar/$g.rl")
    compare "gen/$g.c" "grammar/$g.rl"
done
# The same flags as RE2C in fuzz/fuzz.mk.
for out in "$root"/gen/*_re.c; do
    [ -e "$out" ] || continue
    g=$(basename "$out" _re.c)
    (cd "$tmp" && re2c -W -Werror --no-generation-date --no-version -o "gen/${g}_re.c" "grammar/$g.re")
    compare "gen/${g}_re.c" "grammar/$g.re"
done
[ $status = 0 ] && echo "check-gen: gen/ matches grammar/ ($(echo $checked | sed 's|gen/||g'))"
exit $status
