#!/bin/sh
# Run every test program in BUILD/tests and every tests/*.sh script; print
# one closing line "N passed, M failed" counting test cases.
B=${1:-build}
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in "$B"/tests/test_*; do
    [ -x "$t" ] || continue
    case "$t" in *.o|*.d) continue ;; esac
    "$t" >"$log" 2>&1
    rc=$?
    cat "$log"
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
    if [ $rc -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
    passed=$((passed + p))
    failed=$((failed + f))
done
for s in tests/*.sh; do
    [ "$s" = tests/run.sh ] && continue
    [ -f "$s" ] || continue
    if B="$B" bash "$s" >"$log" 2>&1; then
        passed=$((passed + 1)); echo "[ SCRIPT OK ] $s"
    else
        failed=$((failed + 1)); cat "$log"; echo "[ SCRIPT FAILED ] $s"
    fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
