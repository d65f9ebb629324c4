#!/bin/sh
# Run each libFuzzer harness for a bounded time and summarize it:
#   fuzz/run.sh BUILD SECONDS HARNESS...
# BUILD/fuzz/bin/fuzz_<h> and BUILD/dict/<h>.dict must exist (make fuzz
# builds them). The committed
# corpus fuzz/corpus/<h> seeds the run read-only; what libFuzzer adds goes to
# BUILD/fuzz/work/<h>, anything it finds to BUILD/fuzz/findings/<h>/. Extra
# libFuzzer flags can come in FUZZ_FLAGS. Fails if any harness found anything.
set -u
b=$1
secs=$2
shift 2
status=0
printf '%-5s %10s %12s %6s %7s %7s  %s\n' harness exec/s execs cov ft corpus result
for h in "$@"; do
    work=$b/fuzz/work/$h
    found=$b/fuzz/findings/$h
    log=$b/fuzz/$h.log
    mkdir -p "$work" "$found"
    # The runtime harness pays a socket round trip per chunk: shorter inputs.
    case $h in conn) len=1024 ;; *) len=4096 ;; esac
    # make fuzz writes each dictionary (fuzz/fuzz.mk: fuzz-dicts).
    dict=
    [ -f "$b/dict/$h.dict" ] && dict=-dict=$b/dict/$h.dict
    "$b/fuzz/bin/fuzz_$h" -max_total_time="$secs" -max_len=$len -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$found/" \
        $dict ${FUZZ_FLAGS:-} "$work" "fuzz/corpus/$h" >"$log" 2>&1
    rc=$?
    stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
    done_line=$(grep -E '^#[0-9]+.*(DONE|cov:)' "$log" | tail -1)
    cov=$(echo "$done_line" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$done_line" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$done_line" | sed -n 's/.*corp: \([0-9]*\).*/\1/p')
    if [ $rc -eq 0 ]; then
        result=ok
    else
        result="FINDING (exit $rc): see $log and $found/"
        status=1
    fi
    printf '%-5s %10s %12s %6s %7s %7s  %s\n' "$h" "$(stat average_exec_per_sec)" \
        "$(stat number_of_executed_units)" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
    [ $rc -eq 0 ] || grep -E 'ERROR|FAILED|differ|SUMMARY' "$log" | head -20 >&2
done
exit $status
