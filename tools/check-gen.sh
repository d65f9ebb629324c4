#!/bin/sh
# Regenerate every parser into a scratch tree and fail on any difference
# from the committed gen/. Paths stay repository-relative so #line matches.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ln -s "$root/grammar" "$tmp/grammar"
mkdir "$tmp/gen"
status=0
for g in "$@"; do
    (cd "$tmp" && ragel -G2 -o "gen/$g.c" "grammar/$g.rl")
    if ! diff -u "$root/gen/$g.c" "$tmp/gen/$g.c" >"$tmp/diff" 2>&1; then
        echo "check-gen: gen/$g.c does not match grammar/$g.rl; run make and commit gen/" >&2
        head -20 "$tmp/diff" >&2
        status=1
    fi
done
[ $status = 0 ] && echo "check-gen: gen/ matches grammar/ ($*)"
exit $status
