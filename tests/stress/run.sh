#!/bin/sh
# The fault and load suite (docs/protocols.md §4) against $B/koand.
#
#   tests/stress/run.sh [BUILD_DIR] [SCENARIO...]
#
# BUILD_DIR defaults to $B, then build. make builds the client into
# BUILD_DIR/tests/stress/stress with the flags of every test program
# (`make stress`, `make test`; the ASan run as `make check-asan`):
#   make stress                       # or: make build/tests/stress/stress
#   tests/stress/run.sh build idle-timeout
# One line per scenario (PASS, FAIL or SKIPPED), then "N passed, M failed,
# K skipped"; exit 1 if any failed.
# The log of a koand whose scenario failed is kept (its path is printed);
# STRESS_KEEP=1 keeps them all.
set -u
B=${1:-${B:-build}}
[ $# -gt 0 ] && shift

for f in koand tests/stress/stress; do
    if [ ! -x "$B/$f" ]; then
        echo "stress: $B/$f is not built (make B=$B $B/$f)" >&2
        echo "0 passed, 1 failed, 0 skipped"
        exit 1
    fi
done
# The client's descriptors: 9000-conns needs 9100; raise the soft limit to
# the hard one (the program raises it too).
ulimit -n "$(ulimit -Hn)" 2>/dev/null
B="$B" exec "$B/tests/stress/stress" "$@"
