#!/bin/sh
# Run every test program in BUILD/tests and every tests/*.sh script; print
# one closing line "N passed, M failed, K skipped" counting test cases.
# A cmocka case that calls skip() counts as skipped ([  SKIPPED ] lines);
# a script that exits 77 (automake's code) could not run here -- an
# optional tool is missing -- and counts as skipped, as does each check a
# passing script skipped (its "SKIPPED: why" lines).
B=${1:-build}
passed=0
failed=0
skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# count_cmocka WORD: the sum of the "[  WORD  ] N test(s)" lines of $log.
count_cmocka() {
    sed -n "s/^\[  $1  *\] \([0-9]*\) test.*/\1/p" "$log" | awk '{s+=$1} END {print s+0}'
}
for t in "$B"/tests/test_*; do
    [ -x "$t" ] || continue
    case "$t" in *.o|*.d) continue ;; esac
    "$t" >"$log" 2>&1
    rc=$?
    cat "$log"
    p=$(count_cmocka PASSED)
    f=$(count_cmocka FAILED)
    s=$(count_cmocka SKIPPED)
    if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + s))
done
for s in tests/*.sh; do
    [ "$s" = tests/run.sh ] && continue
    [ -f "$s" ] || continue
    B="$B" bash "$s" >"$log" 2>&1
    rc=$?
    parts=$(grep -c '^SKIPPED: ' "$log")
    if [ $rc -eq 0 ]; then
        passed=$((passed + 1))
        skipped=$((skipped + parts))
        grep '^SKIPPED: ' "$log" | sed "s|^SKIPPED: |[ SKIPPED   ] $s: |"
        echo "[ SCRIPT OK ] $s"
    elif [ $rc -eq 77 ]; then
        skipped=$((skipped + 1))
        echo "[ SCRIPT SKIPPED ] $s: $(sed -n 's/^SKIPPED: //p' "$log" | tail -1)"
    else
        failed=$((failed + 1)); cat "$log"; echo "[ SCRIPT FAILED ] $s"
    fi
done
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
