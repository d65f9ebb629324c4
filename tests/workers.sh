#!/bin/bash
# --workers N and stop signals. The parent relays SIGINT/SIGTERM to its
# workers, and a Ctrl-C at a terminal (the whole process group) or a
# systemctl stop (the whole cgroup) reaches each worker directly as well:
# that one request to stop must drain gracefully and exit 0, not count as
# the second signal that means "now". Two signals to a worker from the
# same side still mean "now".
#
# To make the two deliveries meet every time, the worker is stopped
# (SIGSTOP) while both become pending, with different signals so they
# cannot merge into one, and continued once both are.
set -uo pipefail
. tests/helpers/lib.bash
need_built "$B/koand"

# start_stopped NAME: koand --workers 2 (koand_pid), its first worker
# stopped (kid).
start_stopped() {
    local i kids=()
    start_koand "$1" 1 -P zen -p 0 --workers 2
    for i in $(seq 100); do
        mapfile -t kids < <(pgrep -P "$koand_pid")
        [ "${#kids[@]}" = 2 ] && break
        sleep 0.05
    done
    [ "${#kids[@]}" = 2 ] || fail "$1: koand --workers 2 has ${#kids[@]} workers"
    kid=${kids[0]}
    kill -STOP "$kid"
    for i in $(seq 100); do
        [ "$(ps -o state= -p "$kid")" = T ] && return 0
        sleep 0.05
    done
    fail "$1: worker $kid did not stop"
}

# pending PID SIG: wait until SIG is pending for the (stopped) PID.
pending() {
    local i bit mask
    bit=$((1 << ($(kill -l "$2") - 1)))
    for i in $(seq 100); do
        mask=$(sed -n 's/^ShdPnd:[[:space:]]*//p' "/proc/$1/status")
        (((0x$mask & bit) != 0)) && return 0
        sleep 0.05
    done
    fail "SIG$2 never became pending for $1"
}

# finish NAME: continue the worker; koand's exit status within 10 s.
finish() {
    local i
    kill -CONT "$kid"
    for i in $(seq 200); do
        kill -0 "$koand_pid" 2>/dev/null || break
        sleep 0.05
    done
    kill -0 "$koand_pid" 2>/dev/null && fail "$1: koand still running 10 s after the stop"
    wait "$koand_pid"
}

# One stop, seen twice by the worker: directly and relayed by the parent.
start_stopped once
kill -INT "$kid"
kill -TERM "$koand_pid"
pending "$kid" INT
pending "$kid" TERM
st=0
finish once || st=$?
[ "$st" = 0 ] || { cat "$tmp/once.log" >&2; fail "one stop, direct and relayed: exit status $st, not 0"; }
! grep -q 'second signal' "$tmp/once.log" || fail "one stop, direct and relayed, was taken for two"
echo "a signal that reached a worker directly and through its parent stopped it gracefully"

# Two direct signals: "now".
start_stopped direct
kill -INT "$kid"
kill -TERM "$kid"
pending "$kid" INT
pending "$kid" TERM
st=0
finish direct || st=$?
[ "$st" = 1 ] || fail "two direct signals: exit status $st, not 1"
grep -q 'second signal, exiting now' "$tmp/direct.log" || fail "two direct signals did not mean now"
echo "two signals to a worker still mean now"

# Two signals to the parent, both relayed: "now" too.
start_stopped relayed
kill -TERM "$koand_pid"
pending "$kid" TERM
kill -INT "$koand_pid"
pending "$kid" INT
st=0
finish relayed || st=$?
[ "$st" = 1 ] || fail "two signals to the parent: exit status $st, not 1"
grep -q 'second signal, exiting now' "$tmp/relayed.log" || fail "two signals to the parent did not mean now"
echo "two signals to the parent still mean now"
