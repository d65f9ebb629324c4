#!/bin/bash
# make bench: koand against the floor, redis-server and memcached under the
# same koan-bench load, then the idle, memory, parser and model figures;
# writes docs/bench.md, docs/bench.svg, docs/models.svg and prints the tables.
#
# usage: tools/bench/bench.sh [BUILD_DIR]   (release binaries; default build/release)
# BENCH_SECONDS (3), BENCH_ROUNDS (3), BENCH_WARMUP (0.25), BENCH_IDLE (9000),
# BENCH_SPAWN_IDLE (1000: --model spawn holds a thread per connection),
# BENCH_HANDOVER (10000 connections handed over by a live upgrade),
# BENCH_OUT (docs) change the run.
#
# Runs are interleaved (every server once per load, then the next load, the
# whole list BENCH_ROUNDS times) and medians reported, so that a burst of
# noise on this shared machine hits every server of a comparison alike.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
B=${1:-build/release}
SECS=${BENCH_SECONDS:-3} ROUNDS=${BENCH_ROUNDS:-3} WARM=${BENCH_WARMUP:-0.25}
IDLE=${BENCH_IDLE:-9000} SPAWN_IDLE=${BENCH_SPAWN_IDLE:-1000} OUT=${BENCH_OUT:-docs}
HANDOVER=${BENCH_HANDOVER:-10000}
for p in koand koan-bench floor; do
    [ -x "$B/$p" ] || { echo "bench: no $B/$p (run make bench)" >&2; exit 1; }
done

# Idle runs hold IDLE descriptors in the client and again in the server.
ulimit -Sn "$(ulimit -Hn)" 2>/dev/null
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((IDLE + 200)) ]; then
    IDLE=$(( $(ulimit -n) - 200 ))
    echo "bench: descriptor limit $(ulimit -n): holding $IDLE idle connections" >&2
fi
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((HANDOVER + 200)) ]; then
    HANDOVER=$(( $(ulimit -n) - 200 ))
    echo "bench: descriptor limit $(ulimit -n): handing over $HANDOVER connections" >&2
fi

STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')

# Every run's --json and the logs stay here, for a second look.
W=$B/bench-runs
rm -rf "$W" && mkdir -p "$W" || exit 1
declare -A PID PORT PORT2 ARGS
cleanup() {
    for s in "${!PID[@]}"; do kill "${PID[$s]}" 2>/dev/null; done
    up_cleanup
    wait 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=tools/bench/upgrade.sh
. tools/bench/upgrade.sh

freeport() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start NAME 'koan-bench args' COMMAND... ; @PORT@ in COMMAND becomes a free
# port, @PORT2@ another (a second listener of the same server).
start() {
    local name=$1 load=$2 port port2 i; shift 2
    port=$(freeport) port2=$(freeport)
    local cmd=("${@//@PORT@/$port}")
    "${cmd[@]//@PORT2@/$port2}" >"$W/$name.log" 2>&1 &
    PID[$name]=$! PORT[$name]=$port PORT2[$name]=$port2 ARGS[$name]=$load
    for ((i = 0; i < 100; i++)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        kill -0 "${PID[$name]}" 2>/dev/null || break
        sleep 0.05
    done
    echo "bench: $name did not start:" >&2; cat "$W/$name.log" >&2
    exit 1
}

ZEN="-P zen"
start koand "$ZEN" "$B/koand" -q --workers 1 --listen zen@127.0.0.1:@PORT@
# The same with --metrics, scraped once a second as Prometheus would (far
# more often than its default 15 s) while the loads run.
start koand-metrics "$ZEN" "$B/koand" -q --workers 1 --listen zen@127.0.0.1:@PORT@ \
    --metrics 127.0.0.1:@PORT2@
scrape_loop() {
    while kill -0 "${PID[koand-metrics]}" 2>/dev/null; do
        (exec 3<>"/dev/tcp/127.0.0.1/${PORT2[koand-metrics]}" &&
            printf 'GET /metrics HTTP/1.1\r\n\r\n' >&3 && cat <&3 >/dev/null) 2>/dev/null
        sleep 1
    done
}
scrape_loop &
PID[scraper]=$!
start koand-poll "$ZEN" "$B/koand" -q --workers 1 --backend poll --listen zen@127.0.0.1:@PORT@
start koand-calc "-P calc-product --digits 100" "$B/koand" -q --workers 1 --listen calc@127.0.0.1:@PORT@
start koand-calc0 "-P calc-product --digits 100" "$B/koand" -q --workers 1 --compute-threads 0 \
    --listen calc@127.0.0.1:@PORT@
# Costly requests: the maximal calc line, on the compute pool (the default)
# and computed on the loop (--compute-threads 0, as before the pool), each
# server with a zen listener for the probe.
FLOOD="-P calc-product --digits 60 --factors 1070"
start koand-flood "$FLOOD" "$B/koand" -q --workers 1 --listen calc@127.0.0.1:@PORT@ \
    --listen zen@127.0.0.1:@PORT2@
start koand-flood0 "$FLOOD" "$B/koand" -q --workers 1 --compute-threads 0 \
    --listen calc@127.0.0.1:@PORT@ --listen zen@127.0.0.1:@PORT2@
start floor "$ZEN" "$B/floor" 127.0.0.1 -p @PORT@
start single "$ZEN" "$B/koand" -q --model single --listen zen@127.0.0.1:@PORT@
start threads "$ZEN" "$B/koand" -q --model threads --threads 4 --listen zen@127.0.0.1:@PORT@
start spawn "$ZEN" "$B/koand" -q --model spawn --listen zen@127.0.0.1:@PORT@
PEERS=""
if command -v redis-server >/dev/null; then
    start redis "--request PING\\r\\n --terminator \\n" redis-server --bind 127.0.0.1 \
        --port @PORT@ --save '' --appendonly no --daemonize no
    PEERS="$PEERS redis"
else echo "bench: no redis-server, skipped" >&2; fi
if command -v memcached >/dev/null; then
    # -c: its default of 1024 clients would refuse the idle ones; -u: it will
    # not run as root without being told which user to be (ignored otherwise).
    start memcached "--request version\\r\\n --terminator \\n" memcached -t 1 -l 127.0.0.1 \
        -p @PORT@ -U 0 -c $((IDLE + 1000)) -u "$(id -un)"
    PEERS="$PEERS memcached"
else echo "bench: no memcached, skipped" >&2; fi

# Memory first, on servers that have served nothing yet: their RSS before
# and while a client holds IDLE connections that send nothing.
HOLD='
import socket, sys, time
n, port = int(sys.argv[1]), int(sys.argv[2])
held = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
time.sleep(120)'
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
nfd() { local f=("/proc/$1/fd/"*); echo ${#f[@]}; }
# --model spawn holds a thread (and its stack) per connection: fewer of them.
for s in koand spawn $PEERS; do
    n=$IDLE
    [ "$s" = spawn ] && n=$SPAWN_IDLE
    pid=${PID[$s]} fd0=$(nfd "${PID[$s]}") before=$(rss "${PID[$s]}")
    python3 -c "$HOLD" "$n" "${PORT[$s]}" & h=$! PID[holder]=$!
    for ((i = 0; i < 300; i++)); do
        [ "$(nfd "$pid")" -ge $((fd0 + n)) ] && break
        sleep 0.1
    done
    sleep 0.5   # let the server finish with the last ones it accepted
    held=$(( $(nfd "$pid") - fd0 )) after=$(rss "$pid")
    kill $h; wait $h 2>/dev/null; unset 'PID[holder]'
    echo "{\"server\":\"$s\",\"before_kib\":$before,\"after_kib\":$after,\"conns\":$held}" >>"$W/mem.jsonl"
    echo "bench: memory $s: $before KiB, $after KiB with $held idle connections" >&2
done

# run LOAD SERVER 'koan-bench args': one koan-bench run, its --json kept
# even when it fails (the single model starves every connection but one,
# and koan-bench then exits 1 after reporting them as stalled; it calls a
# connection stalled after 2 s, so runs shorter than that hide starvation).
run() {
    local load=$1 s=$2 extra=$3 out rc
    # shellcheck disable=SC2086  # the argument strings are word lists
    out=$("$B/koan-bench" -p "${PORT[$s]}" ${ARGS[$s]} $extra -t "$SECS" --warmup "$WARM" \
          -q --json 2>>"$W/koan-bench.err")
    rc=$?
    # koan-bench catches ^C to report the run so far; bash then carries on
    # (the child did not die of SIGINT), so stop here.
    [[ $out == *'"interrupted":true'* ]] && exit 130
    echo "{\"load\":\"$load\",\"server\":\"$s\",\"round\":$r,\"rc\":$rc,\"r\":${out:-null}}" >>"$W/runs.jsonl"
    printf 'bench: round %d/%d %-9s %-10s %s\n' "$r" "$ROUNDS" "$load" "$s" \
        "$(grep -o '"requests_per_sec":[0-9.]*' <<<"$out" | cut -d: -f2) req/s rc=$rc" >&2
}

# flood SERVER: 100 connections send maximal product lines (flood) while
# one zen connection asks a question every 5 ms on the same server (probe:
# a light client, not a second load that would take the CPU the flood's
# arithmetic needs); the probe starts half a second later and ends before
# the flood, so every question it times meets the flood in full.
flood() {
    local s=$1 out probe rc prc
    # shellcheck disable=SC2086  # the argument strings are word lists
    "$B/koan-bench" -p "${PORT[$s]}" ${ARGS[$s]} -c 100 -d 1 -t "$(awk "BEGIN { print $SECS + 1 }")" \
        --warmup "$WARM" -q --json >"$W/flood.out" 2>>"$W/koan-bench.err" &
    local fp=$!
    probe=$("$B/koan-bench" -p "${PORT2[$s]}" -P zen -c 1 -d 1 --interval 0.005 -t "$SECS" \
            --warmup "$(awk "BEGIN { print $WARM + 0.5 }")" -q --json 2>>"$W/koan-bench.err")
    prc=$?
    wait $fp
    rc=$?
    out=$(cat "$W/flood.out")
    [[ $out$probe == *'"interrupted":true'* ]] && exit 130
    echo "{\"load\":\"flood\",\"server\":\"$s\",\"round\":$r,\"rc\":$rc,\"r\":${out:-null}}" >>"$W/runs.jsonl"
    echo "{\"load\":\"probe\",\"server\":\"$s\",\"round\":$r,\"rc\":$prc,\"r\":${probe:-null}}" >>"$W/runs.jsonl"
    printf 'bench: round %d/%d %-9s %-12s %s\n' "$r" "$ROUNDS" flood "$s" \
        "$(grep -o '"requests_per_sec":[0-9.]*' <<<"$out" | cut -d: -f2) lines/s, probe p99 $(grep -o '"p99":[0-9.]*' <<<"$probe" | cut -d: -f2) us" >&2
}

# in_order R WORD...: the words, reversed in even rounds. This machine's
# speed drifts over minutes; a fixed order would hand the drift to whoever
# always goes first, alternating order cancels it out of the ratios.
in_order() {
    local r=$1; shift
    if ((r % 2)); then echo "$@"; else printf '%s\n' "$@" | tac | tr '\n' ' '; fi
}

for ((r = 1; r <= ROUNDS; r++)); do
    for s in $(in_order "$r" koand koand-metrics floor $PEERS); do run d1 "$s" "-c 50 -d 1"; done
    for s in $(in_order "$r" koand koand-metrics floor $PEERS); do run d64 "$s" "-c 50 -d 64"; done
    for s in koand koand-poll; do
        for load in $(in_order "$r" idle0 idle); do
            if [ "$load" = idle ]; then run idle "$s" "-c 50 -d 1 --idle $IDLE"
            else run idle0 "$s" "-c 50 -d 1"; fi
        done
    done
    for s in $(in_order "$r" koand-calc koand-calc0); do run calc-d1 "$s" "-c 50 -d 1"; done
    for s in $(in_order "$r" koand-calc koand-calc0); do run calc-d64 "$s" "-c 50 -d 64"; done
    for s in $(in_order "$r" koand-flood koand-flood0); do flood "$s"; done
    for c in 1 10 100 1000; do
        for s in $(in_order "$r" single threads spawn koand); do run "c$c" "$s" "-c $c -d 1"; done
    done
    "$B/koan-bench" --parser --json >"$W/parser-$r.json" || echo "bench: parser benchmark failed" >&2
    up_pause
    up_handover "$HANDOVER"
    up_spread
done

{
    echo "date=$STARTED"
    echo "ncpu=$(nproc)"
    echo "cpu=$(nproc) x $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
    echo "kernel=$(uname -sr)"
    echo "cc=$(${CC:-cc} --version | head -1)"
    echo "koan=$(git describe --always --dirty 2>/dev/null || echo unknown)"
    echo "redis=$(redis-server --version 2>/dev/null | sed -n 's/.*v=\([^ ]*\).*/\1/p')"
    echo "memcached=$(memcached -V 2>/dev/null | cut -d' ' -f2)"
    printf '%s\n' "seconds=$SECS" "rounds=$ROUNDS" "warmup=$WARM" "idle=$IDLE" "spawn_idle=$SPAWN_IDLE" \
        "handover=$HANDOVER"
} >"$W/meta"
mkdir -p "$OUT"
python3 tools/bench/report.py "$W" "$OUT" || exit 1
cat "$OUT/bench.md"
