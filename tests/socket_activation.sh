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
# free port per FDNAMES entry (FDNAMES "": one socket, no names), with the
# extra systemd-socket-activate options in sa_opts[] and the command in
# sa_cmd[] (koand by default); sets ports[] and act_pid.
sa_opts=()
sa_cmd=("$B/koand")
activate() {
    local name=$1 names=$2 listen=() fdname=() p i
    shift 2
    IFS=: read -r -a fdn <<<"$names"
    [ -n "$names" ] && fdname=(--fdname="$names") || fdn=(unnamed)
    mapfile -t ports < <("$B/tests/helpers/freeports" "${#fdn[@]}")
    for p in "${ports[@]}"; do listen+=(-l "127.0.0.1:$p"); done
    systemd-socket-activate "${listen[@]}" "${fdname[@]}" "${sa_opts[@]}" "${sa_cmd[@]}" "$@" 2>"$tmp/$name.log" &
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
    zen) out=$(timeout 10 "$B/koan" -p "$2") && [ "$(wc -l <<<"$out")" = "$(zen_questions)" ] ;;
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
    wait_log units "inherited socket $((3 + i)) \"$n\": listening $n on 127.0.0.1:${ports[i]}"
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

# With no FileDescriptorName the socket is called by its protocol, and the
# log names its real address (not "port 65535", not an empty name).
activate unnamed "" -v
ask zen "${ports[0]}"
wait_log unnamed "inherited socket 3 \"zen\": listening zen on 127.0.0.1:${ports[0]}"
! grep -q 'accept on :' "$tmp/unnamed.log" || fail "a listener was logged with an empty name"
stop_pid "$act_pid" || fail "exit status $?"
echo "an unnamed socket was logged by its protocol and its address"

# exits_within NAME PID SECONDS: PID's exit status, or fail if it still runs.
exits_within() {
    local i
    for i in $(seq $(($3 * 20))); do
        kill -0 "$2" 2>/dev/null || { wait "$2"; return; }
        sleep 0.05
    done
    head -5 "$tmp/$1.log" >&2
    fail "$1: koand still running after $3 s ($(grep -c '^koand:' "$tmp/$1.log") log lines)"
}

# one_error NAME TEXT: koand logged exactly one line, and it holds TEXT.
one_error() {
    wait_log "$1" "$2"
    local n
    n=$(grep -c '^koand:' "$tmp/$1.log")
    [ "$n" = 1 ] || { head -5 "$tmp/$1.log" >&2; fail "$1: $n koand log lines, not one"; }
}

# A connected socket is no listener: Accept=yes hands koand one client
# socket per connection. koand says so once and exits 2; it does not take
# it for a listener that wakes forever with nothing to accept.
# The per-connection koand's status is only seen by systemd-socket-activate,
# so a shell around it logs the status in words of our own; LISTEN_PID must
# name koand, so the subshell sets it to its own PID before becoming koand.
sa_opts=(--accept)
sa_cmd=(bash -c '(export LISTEN_PID=$BASHPID; exec "$0" "$@")
    echo "accepted koand exited with status $?" >&2' "$B/koand")
activate accept "" -v
exec {c}<>"/dev/tcp/127.0.0.1/${ports[0]}" || fail "cannot connect to ${ports[0]}"
printf 'Simple is better than?' >&"$c"
wait_log accept "accepted koand exited with status 2"
one_error accept 'inherited socket 3 "zen" is not a listening stream socket: it is a connected socket'
exec {c}>&-
stop_pid "$act_pid"
sa_cmd=("$B/koand")
echo "a connected socket from Accept=yes was refused with status 2 and one line"

# A datagram socket is no listener either.
sa_opts=(--datagram)
activate datagram "" -v
printf 'x' >"/dev/udp/127.0.0.1/${ports[0]}"
st=0
exits_within datagram "$act_pid" 5 || st=$?
[ "$st" = 2 ] || fail "koand on a datagram socket: exit status $st, not 2"
one_error datagram 'inherited socket 3 "zen" is not a listening stream socket: it is a datagram socket'
echo "a datagram socket was refused with status 2 and one line"
sa_opts=()

# --workers 2 under socket activation: two processes accept on the one
# inherited socket. With either stopped, the other answers a new client,
# so both accept; SIGTERM to the parent stops both with status 0.
activate workers "" --workers 2
ask zen "${ports[0]}"
wait_log workers "2 workers share the 1 inherited socket"
mapfile -t kids < <(pgrep -P "$act_pid")
[ "${#kids[@]}" = 2 ] || fail "koand --workers 2 has ${#kids[@]} worker processes, not 2"
for k in "${kids[@]}"; do
    kill -STOP "$k"
    for i in $(seq 100); do
        [ "$(ps -o state= -p "$k")" = T ] && break
        sleep 0.05
    done
    [ "$(ps -o state= -p "$k")" = T ] || { kill -CONT "$k"; fail "worker $k did not stop"; }
    ask zen "${ports[0]}"
    kill -CONT "$k"
done
stop_pid "$act_pid" || fail "koand --workers 2 exit status $?"
echo "two workers both accepted on the one inherited socket, and stopped cleanly"

# A live upgrade of a socket-activated koand: systemd's sockets go to the
# new process, which serves them by their names, and a held calc client
# keeps its mode. The old koand is systemd-socket-activate's process (it
# execs koand), so it is our child; the new one is its child.
activate upgrade zen:calc -v
ask zen "${ports[0]}"
exec {c}<>"/dev/tcp/127.0.0.1/${ports[1]}" || fail "cannot connect to ${ports[1]}"
printf 'product\n' >&"$c"
IFS= read -r -t 5 w <&"$c" && IFS= read -r -t 5 s <&"$c" || fail "no welcome and switch"
kill -USR2 "$act_pid"
wait_log upgrade "handed over to pid"
new=$(sed -n 's/.*upgrade: pid \([0-9]*\) took over from pid.*/\1/p' "$tmp/upgrade.log" | head -1)
[ -n "$new" ] || fail "no new koand named in the log"
wait "$act_pid" || fail "the old koand exited $?"
printf '6,7\n' >&"$c"
IFS= read -r -t 5 r <&"$c" || fail "the held calc client got no reply after the upgrade"
[ "$r" = "Product of input integers: '42'"$'\r' ] || fail "after the upgrade: $r"
ask zen "${ports[0]}"
ask calc "${ports[1]}"
exec {c}>&-
started+=("$new")
stop_pid "$new" 2>/dev/null
echo "a live upgrade handed systemd's sockets (zen:calc) and a calc client in product mode to pid $new"
