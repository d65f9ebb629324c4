# shellcheck shell=bash disable=SC2154  # B, W, SECS, WARM, r: bench.sh
# make bench's live-upgrade figures, sourced by tools/bench/bench.sh
# (uses its B, W, SECS, WARM, r, freeport, nfd, in_order): every figure goes to
# $W/upgrade.jsonl for tools/bench/report.py.
#
# up_pause: a pipelining koan-bench load (10 connections, depth 16) on a
#   koand, once with a SIGUSR2 one second in and once without; the longest
#   latency either run saw.
# up_handover N: a client holds N idle connections; the time from SIGUSR2
#   until the old process has exited, every connection handed over.
# up_spread: --workers 2 while a client holds 1000 connections: how many
#   each worker holds, before an upgrade and after it (each worker's go to
#   its counterpart of the new generation), then with 1000 more opened
#   after it (the new generation's spread).

UP_PIPE="-P zen -c 10 -d 16"

# up_start NAME ARGS...: a koand with a pid file; sets UP_PORT and UP_PIDF.
up_start() {
    local name=$1 i; shift
    UP_PORT=$(freeport) UP_PIDF=$W/$name.pid
    rm -f "$UP_PIDF"
    "$B/koand" -q --pid-file "$UP_PIDF" --listen "zen@127.0.0.1:$UP_PORT" "$@" \
        >>"$W/$name.log" 2>&1 &
    for ((i = 0; i < 100; i++)); do
        [ -s "$UP_PIDF" ] && (exec 3<>"/dev/tcp/127.0.0.1/$UP_PORT") 2>/dev/null && return 0
        sleep 0.05
    done
    echo "bench: $name did not start" >&2
    return 1
}

# up_wait_new OLD: wait (20 s at most) for the pid file to name another
# process and for OLD to have exited; prints the seconds it took.
up_wait_new() {
    local old=$1 t0 i
    t0=$(date +%s.%N)
    for ((i = 0; i < 4000; i++)); do
        if [ "$(cat "$UP_PIDF" 2>/dev/null)" != "$old" ] && ! kill -0 "$old" 2>/dev/null; then
            awk "BEGIN { printf \"%.3f\", $(date +%s.%N) - $t0 }"
            return 0
        fi
        sleep 0.005
    done
    return 1
}

# up_cleanup: stop whatever koand the pid files name (bench.sh's trap).
up_cleanup() {
    local f
    for f in "$W"/up-*.pid; do
        [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
    done
    [ -n "${UP_HOLDER:-}" ] && kill "$UP_HOLDER" 2>/dev/null
}

up_stop() {
    local pid
    pid=$(cat "$UP_PIDF" 2>/dev/null) && kill "$pid" 2>/dev/null
    sleep 0.2
}

up_pause() {
    local with out rc old
    up_start up-pause || return
    for with in $(in_order "$r" 0 1); do
        old=$(cat "$UP_PIDF")
        # shellcheck disable=SC2086  # a word list
        "$B/koan-bench" -p "$UP_PORT" $UP_PIPE -t "$(awk "BEGIN { print $SECS + 1 }")" \
            --warmup "$WARM" -q --json >"$W/up-pause.out" 2>>"$W/koan-bench.err" &
        local bp=$!
        if [ "$with" = 1 ]; then
            sleep "$(awk "BEGIN { print $WARM + 1 }")"
            kill -USR2 "$old"
            up_wait_new "$old" >/dev/null || echo "bench: the upgrade did not finish" >&2
        fi
        wait $bp
        rc=$?
        out=$(cat "$W/up-pause.out")
        echo "{\"what\":\"pause\",\"upgrade\":$with,\"round\":$r,\"rc\":$rc,\"r\":${out:-null}}" >>"$W/upgrade.jsonl"
        printf 'bench: round %d %-9s upgrade=%s max %s us\n' "$r" pause "$with" \
            "$(grep -o '"max":[0-9.]*' <<<"$out" | cut -d: -f2)" >&2
    done
    up_stop
}

# up_hold N: a client holding N connections to UP_PORT until killed (its
# PID in UP_HOLDER), once it has opened them all.
UP_HOLD='
import socket, sys, time
n, port = int(sys.argv[1]), int(sys.argv[2])
held = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
print("held", len(held), flush=True)
time.sleep(300)'
up_hold() {
    local i
    rm -f "$W/up-hold.out"
    python3 -c "$UP_HOLD" "$1" "$UP_PORT" >"$W/up-hold.out" &
    UP_HOLDER=$!
    for ((i = 0; i < 600; i++)); do
        grep -q held "$W/up-hold.out" 2>/dev/null && break
        sleep 0.1
    done
    sleep 0.5   # let the server finish with the last ones it accepted
}
up_unhold() { kill "$UP_HOLDER" 2>/dev/null; wait "$UP_HOLDER" 2>/dev/null; }

up_handover() {
    local n=$1 old pid took moved
    up_start up-handover --max-conns $((n + 100)) || return
    old=$(cat "$UP_PIDF")
    up_hold "$n"
    kill -USR2 "$old"
    took=$(up_wait_new "$old") || took=null
    pid=$(cat "$UP_PIDF")
    sleep 0.3
    moved=$(nfd "$pid")
    up_unhold
    echo "{\"what\":\"handover\",\"round\":$r,\"conns\":$n,\"seconds\":$took,\"new_fds\":$moved}" >>"$W/upgrade.jsonl"
    echo "bench: round $r hand-over of $n connections: $took s (new process holds $moved descriptors)" >&2
    up_stop
}

# up_per_worker PARENT: the clients of UP_PORT each worker (a child of
# PARENT) holds, as a JSON list: the established TCP sockets of that port
# (/proc/net/tcp) among the worker's descriptors.
UP_WORKERS='
import os, sys
parent, port = sys.argv[1], int(sys.argv[2])
est = set()
for f in ("/proc/net/tcp", "/proc/net/tcp6"):
    try:
        for line in open(f).readlines()[1:]:
            c = line.split()
            if int(c[1].split(":")[1], 16) == port and c[3] == "01":
                est.add(c[9])
    except OSError:
        pass
kids = open(f"/proc/{parent}/task/{parent}/children").read().split()
counts = []
for k in kids:
    n = 0
    for fd in os.listdir(f"/proc/{k}/fd"):
        try:
            l = os.readlink(f"/proc/{k}/fd/{fd}")
        except OSError:
            continue
        n += l.startswith("socket:[") and l[8:-1] in est
    counts.append(n)
print(counts)'
up_per_worker() { python3 -c "$UP_WORKERS" "$1" "$UP_PORT" 2>/dev/null || echo '[]'; }

up_spread() {
    local old before after more
    up_start up-spread --workers 2 || return
    old=$(cat "$UP_PIDF")
    up_hold 1000
    before=$(up_per_worker "$old")
    kill -USR2 "$old"
    up_wait_new "$old" >/dev/null || echo "bench: the --workers 2 upgrade did not finish" >&2
    sleep 0.5
    after=$(up_per_worker "$(cat "$UP_PIDF")")
    local first=$UP_HOLDER
    up_hold 1000
    more=$(up_per_worker "$(cat "$UP_PIDF")")
    up_unhold
    UP_HOLDER=$first
    up_unhold
    echo "{\"what\":\"spread\",\"round\":$r,\"before\":$before,\"after\":$after,\"more\":$more}" >>"$W/upgrade.jsonl"
    echo "bench: round $r --workers 2 clients per worker: $before before, $after after the upgrade, $more with 1000 more" >&2
    up_stop
}
