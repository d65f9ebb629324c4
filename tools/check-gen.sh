#!/bin/sh
# tools/check-gen.sh [BUILD]: regenerate everything make generates into the
# committed tree -- gen/ (parsers, oracles, the grammars' answer tables) and,
# where graphviz is installed, the diagrams in docs/ -- in a scratch tree, and
# fail on any difference, or on a file in gen/ that nothing generates. The
# scratch tree links every source under the same relative paths, so the
# #line directives match; BUILD (default build) holds the objects the
# lifecycle drawer needs.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
b=${1:-build}
case $b in /*) ;; *) b=$root/$b ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$root"/* "$root"/.[!.]*; do
    [ -e "$f" ] || continue
    case $(basename "$f") in gen|docs|build|.git) continue ;; esac
    ln -s "$f" "$tmp/$(basename "$f")"
done
mkdir "$tmp/gen" "$tmp/docs"
status=0
what=gen
if ! make -C "$tmp" -s --no-print-directory gen B="$b" >"$tmp/log" 2>&1; then
    echo "check-gen: make gen failed:" >&2
    cat "$tmp/log" >&2
    exit 1
fi
if command -v dot >/dev/null 2>&1; then
    if ! make -C "$tmp" -s --no-print-directory diagrams B="$b" >"$tmp/log" 2>&1; then
        echo "check-gen: make diagrams failed:" >&2
        cat "$tmp/log" >&2
        exit 1
    fi
    what="gen, docs/*.svg"
else
    echo "check-gen: no graphviz (dot): diagrams not compared" >&2
fi
n=0
for new in "$tmp"/gen/* "$tmp"/docs/*; do
    [ -e "$new" ] || continue
    rel=${new#"$tmp"/}
    n=$((n + 1))
    if [ ! -e "$root/$rel" ]; then
        echo "check-gen: $rel is generated but not committed; run make and commit it" >&2
        status=1
    elif ! diff -u "$root/$rel" "$new" >"$tmp/diff" 2>&1; then
        echo "check-gen: $rel does not match what make makes of its sources; run make (make diagrams) and commit it" >&2
        head -20 "$tmp/diff" >&2
        status=1
    fi
done
for old in "$root"/gen/*; do
    [ -e "$tmp/gen/$(basename "$old")" ] && continue
    echo "check-gen: gen/$(basename "$old") is committed but nothing generates it; remove it" >&2
    status=1
done
[ $status = 0 ] && echo "check-gen: $n files match their sources ($what)"
exit $status
