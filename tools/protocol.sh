#!/bin/bash
# tools/protocol.sh NAME [PORT]: write a new protocol unit named NAME from
# the template in tools/protocol/ -- a working line protocol (ping, quit),
# served, tested and fuzzed as it stands -- and touch no existing file:
#
#   grammar/NAME.rl   the Ragel machine       proto/NAME.{c,h}  its hooks, its table
#   grammar/NAME.re   the re2c oracle         tests/test_NAME.c its table test
#   fuzz/NAME.dict    the fuzz dictionary     fuzz/NAME.seeds   its seeds, written
#                                             into fuzz/corpus/NAME/ (and conn/)
#
# PORT (default: one past the highest default port of the protocols there
# are) is its default port. tools/protocol.sh --check NAME prints why NAME
# cannot be used, or nothing. `make protocol NAME=...` runs both.
set -euo pipefail
cd "$(dirname "$0")/.."
tpl=tools/protocol

# why_not NAME: the one line that says why NAME cannot be a new protocol.
why_not() {
    local n=$1 f
    if [ -z "$n" ]; then
        echo "make protocol: give the new protocol a name: make protocol NAME=name"
        return
    fi
    if ! [[ $n =~ ^[a-z][a-z0-9_]{0,15}$ ]]; then
        echo "make protocol: '$n' is not a protocol name: a lowercase C identifier of at most 16 characters"
        return
    fi
    case $n in
        auto|break|case|char|const|continue|default|do|double|else|enum|extern|float|for|goto|\
        if|inline|int|long|register|restrict|return|short|signed|sizeof|static|struct|switch|\
        typedef|union|unsigned|void|volatile|while|bool|true|false|alignas|alignof|\
        atomic|noreturn|static_assert|thread_local|proto|parser|buf|main|conn|common|lines|\
        protocols|registry)
            echo "make protocol: '$n' is a name C or the build already uses; pick another"
            return ;;
        fuzz_*|test_*)
            echo "make protocol: '$n' would clash with the test programs' names; pick another"
            return ;;
    esac
    for f in "grammar/$n.rl" "grammar/$n.re" "proto/$n.c" "proto/$n.h" "tests/test_$n.c" \
             "fuzz/$n.dict" "fuzz/$n.seeds" "fuzz/corpus/$n" "fuzz/corpus/conn/$n-lines"; do
        if [ -e "$f" ]; then
            echo "make protocol: '$n' is taken: $f exists"
            return
        fi
    done
}

if [ "${1:-}" = --check ]; then
    why_not "${2:-}"
    exit 0
fi
name=${1:-}
why=$(why_not "$name")
[ -z "$why" ] || { echo "$why" >&2; exit 2; }

ports=$(sed -n 's/^ *\.port = \([0-9][0-9]*\),.*/\1/p' proto/*.c | sort -n)
port=${2:-$(( $(tail -1 <<<"${ports:-8080}") + 1 ))}
if ! [[ $port =~ ^[1-9][0-9]{0,4}$ ]] || [ "$port" -gt 65535 ] || grep -qx "$port" <<<"$ports"; then
    echo "make protocol: port '$port' is not free among the protocols' default ports (${ports//$'\n'/, })" >&2
    exit 2
fi

upper=$(tr a-z A-Z <<<"$name")
write() { # template destination
    sed -e "s/@NAME@/$name/g" -e "s/@UPPER@/$upper/g" -e "s/@PORT@/$port/g" "$tpl/$1" >"$2"
    echo "  $2"
}
echo "make protocol: a line protocol '$name' on port $port (docs/protocols.md, \"Adding a protocol\"):"
write grammar.rl "grammar/$name.rl"
write oracle.re "grammar/$name.re"
write hooks.h "proto/$name.h"
write hooks.c "proto/$name.c"
write test.c "tests/test_$name.c"
write dict "fuzz/$name.dict"
write seeds "fuzz/$name.seeds"
fuzz/seeds.sh "$name"
echo "  fuzz/corpus/$name/ and fuzz/corpus/conn/$name-*"
echo "Next: make (it generates gen/$name.c and gen/${name}_re.c), then"
echo "  build/koand --listen $name@127.0.0.1:0    make check    make fuzz FUZZERS=$name"
