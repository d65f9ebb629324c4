#!/bin/bash
# systemd socket activation for real, driven by systemd-socket-activate:
# it binds the sockets, waits for the first client, then runs koand with
# LISTEN_FDS/LISTEN_PID/LISTEN_FDNAMES as systemd would. The sockets and
# their names come from deploy/*.socket in koand.service's Sockets= order,
# so this also runs the shipped units' naming scheme.
set -uo pipefail
. tests/helpers/lib.bash
command -v systemd-socket-activate >/dev/null ||
    skip "systemd-socket-activate is not installed (Debian package: systemd); socket activation did not run"
need_built "$B/koand" "$B/koan" "$B/tests/helpers/freeports"

# activate NAME FDNAMES ARGS...: koand under systemd-socket-activate on one
# free port per FDNAMES entry; sets ports[] and act_pid.
activate() {
    local name=$1 names=$2 listen=() p i
    shift 2
    IFS=: read -r -a fdn <<<"$names"
    mapfile -t ports < <("$B/tests/helpers/freeports" "${#fdn[@]}")
    for p in "${ports[@]}"; do listen+=(-l "127.0.0.1:$p"); done
    systemd-socket-activate "${listen[@]}" --fdname="$names" "$B/koand" "$@" 2>"$tmp/$name.log" &
    act_pid=$!
    started+=("$act_pid")
    for i in $(seq 100); do
        [ "$(grep -c '^Listening on' "$tmp/$name.log")" = "${#fdn[@]}" ] && return 0
        sleep 0.05
    done
    cat "$tmp/$name.log" >&2
    fail "systemd-socket-activate did not bind ${ports[*]}"
}

# ask PROTO PORT: one exchange with the client; checks the protocol's reply.
ask() {
    local out
    case $1 in
    zen) out=$(timeout 10 "$B/koan" -p "$2") && [ "$(wc -l <<<"$out")" = 3 ] ;;
    calc) out=$(printf '2,3\n' | timeout 10 "$B/koan" -P calc -p "$2") &&
        [ "$(tail -1 <<<"$out")" = "Sum of input integers: '5'" ] ;;
    echo) out=$(printf 'hi\n' | timeout 10 "$B/koan" -P echo -p "$2") && [ "$out" = "Echoed: 'hi'" ] ;;
    *) false ;;
    esac || fail "$1 on port $2 did not answer as $1: $out"
}

# The shipped units, in the order koand.service lists them.
units=$(sed -n 's/^Sockets=//p' deploy/koand.service)
[ -n "$units" ] || fail "deploy/koand.service has no Sockets= line"
names=
for u in $units; do
    n=$(sed -n 's/^FileDescriptorName=//p' "deploy/$u")
    [ -n "$n" ] || fail "deploy/$u has no FileDescriptorName="
    names=${names:+$names:}$n
done

activate units "$names" -v
i=0
for n in ${names//:/ }; do
    ask "$n" "${ports[i]}"
    wait_log units "listening $n on inherited socket $((3 + i)) (port ${ports[i]})"
    i=$((i + 1))
done
stop_pid "$act_pid" || fail "socket-activated koand exit status $?"
echo "the sockets of deploy/koand.service ($names) each spoke their protocol"

# Two sockets, named in the other order than koand lists its protocols.
activate two echo:zen
ask echo "${ports[0]}"
ask zen "${ports[1]}"
stop_pid "$act_pid" || fail "exit status $?"
echo "two sockets named echo:zen by --fdname answered echo and zen"

# A name that is no protocol (systemd's default is the unit's name) falls
# back to -P; a protocol name still wins over -P.
activate fallback koand.socket:calc -P echo
ask echo "${ports[0]}"
ask calc "${ports[1]}"
stop_pid "$act_pid" || fail "exit status $?"
echo "an unnamed socket took -P; a named one kept its name"
