#!/bin/sh
# The fault and load suite (issue 5, SPEC section 4) against $B/koand.
#
#   tests/stress/run.sh [BUILD_DIR] [SCENARIO...]
#
# BUILD_DIR defaults to $B, then build. The client is compiled here into
# BUILD_DIR/stress with $CC, $CFLAGS and $LDFLAGS from the environment, so
# the ASan run builds it with the sanitizers too:
#   tests/stress/run.sh build
#   CFLAGS="$SAN" LDFLAGS="$SAN" tests/stress/run.sh build/asan
# One line per scenario, then "N passed, M failed"; exit 1 if any failed.
# The log of a koand whose scenario failed is kept (its path is printed);
# STRESS_KEEP=1 keeps them all.
set -u
B=${1:-${B:-build}}
[ $# -gt 0 ] && shift
here=$(dirname "$0")
root=$(cd "$here/../.." && pwd)
CC=${CC:-cc}
CFLAGS=${CFLAGS:--O2 -g}
LDFLAGS=${LDFLAGS:-}

if [ ! -x "$B/koand" ]; then
    echo "stress: $B/koand is not built (make B=$B)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
mkdir -p "$B" || exit 1
src="$root/tests/stress/stress.c $root/tests/stress/lib.c $root/tests/stress/loop.c"
# shellcheck disable=SC2086 # CFLAGS and LDFLAGS are word lists
if ! $CC -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror $CFLAGS -I"$root" -pthread \
        -o "$B/stress" $src $LDFLAGS -pthread; then
    echo "stress: cannot build $B/stress" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
# The client's descriptors: 9000-conns needs 9100; raise the soft limit to
# the hard one (the program raises it too).
ulimit -n "$(ulimit -Hn)" 2>/dev/null
B="$B" exec "$B/stress" "$@"
