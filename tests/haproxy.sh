#!/bin/bash
# deploy/haproxy.cfg for real: three koand instances behind HAProxy on
# loopback (the file's addresses and ports swapped for free local ones).
# Echo load runs through it on long-lived connections and new ones; one
# instance is killed (SIGKILL) midway. New connections must keep being
# answered, and no reply on a connection that survived may go missing.
set -uo pipefail
. tests/helpers/lib.bash
command -v haproxy >/dev/null ||
    skip "haproxy is not installed (Debian package: haproxy); the fail-over test did not run"
# What a plain `make` leaves out (the helpers are test targets): built here,
# so the script runs as the README shows it.
make -s --no-print-directory B="$B" "$B/koand" "$B/koan" "$B/koan-bench" \
    "$B/tests/helpers/failover" "$B/tests/helpers/freeports" >&2 ||
    fail "could not build what the fail-over test needs"
need_built "$B/koand" "$B/koan" "$B/koan-bench" "$B/tests/helpers/failover" "$B/tests/helpers/freeports"

declare -A port   # port[N,proto]: instance N's port for proto
kpid=()
for n in 1 2 3; do
    start_koand "k$n" 3 --listen zen@127.0.0.1:0 --listen calc@127.0.0.1:0 --listen echo@127.0.0.1:0
    kpid[n]=$koand_pid
    for p in zen calc echo; do port[$n,$p]=$(port_of "k$n" "$p"); done
done
# Its death is the point: no job report from bash when it comes.
disown "${kpid[2]}"
read -r fzen fcalc fecho < <("$B/tests/helpers/freeports" 3 | tr '\n' ' ')
declare -A front=([zen]=$fzen [calc]=$fcalc [echo]=$fecho)

# The deploy file with loopback addresses: each frontend's bind and each
# "server koandN" line are rewritten; HAProxy logs to its stderr.
cfg=$tmp/haproxy.cfg
awk -v fz="$fzen" -v fc="$fcalc" -v fe="$fecho" \
    -v s="${port[1,zen]} ${port[2,zen]} ${port[3,zen]} ${port[1,calc]} ${port[2,calc]} ${port[3,calc]} ${port[1,echo]} ${port[2,echo]} ${port[3,echo]}" '
    BEGIN { split(s, sp, " "); base["zen"] = 0; base["calc"] = 3; base["echo"] = 6
            fp["zen"] = fz; fp["calc"] = fc; fp["echo"] = fe }
    /^[a-z]/ { sect = $1; name = $2; sub(/^koand_/, "", name) }
    $1 == "log" && $2 != "global" { print "    log stderr format raw local0"; next }
    $1 == "maxconn" { print "    maxconn 1000"; next }
    $1 == "bind" { print "    bind 127.0.0.1:" fp[name]; next }
    $1 == "server" { n = substr($2, 6); $3 = "127.0.0.1:" sp[base[name] + n]; print "   ", $0; next }
    { print }
' deploy/haproxy.cfg >"$cfg"
grep -q "bind 127.0.0.1:$fecho" "$cfg" && grep -q "server koand3 127.0.0.1:${port[3,echo]} check" "$cfg" ||
    fail "could not rewrite deploy/haproxy.cfg: $(cat "$cfg")"
haproxy -c -q -f "$cfg" || fail "haproxy rejects the rewritten deploy/haproxy.cfg"

haproxy -db -f "$cfg" 2>"$tmp/haproxy.log" &
hpid=$!
started+=("$hpid")
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$fecho") 2>/dev/null && break
    sleep 0.05
done

# Every protocol answers through the balancer.
out=$(timeout 10 "$B/koan" -p "$fzen") && [ "$(wc -l <<<"$out")" = "$(zen_questions)" ] ||
    fail "zen through haproxy: $out"
out=$(printf '2,3\nproduct\n2,3\n' | timeout 10 "$B/koan" -P calc -p "$fcalc") || fail "calc through haproxy"
[ "$(tail -1 <<<"$out")" = "Product of input integers: '6'" ] || fail "calc through haproxy: $out"
out=$(printf 'hi\n' | timeout 10 "$B/koan" -P echo -p "$fecho") || fail "echo through haproxy"
[ "$out" = "Echoed: 'hi'" ] || fail "echo through haproxy: $out"
# And the health checks pass: no server has been marked down.
grep -q "is DOWN" "$tmp/haproxy.log" && fail "a healthy koand was marked down: $(cat "$tmp/haproxy.log")"

# The load: 12 long-lived connections, 4 requests in flight on each, and a
# new connection every 20 ms, for 6 s; instance 2 is killed at 2.5 s.
# Meanwhile koan-bench drives zen through the balancer the same 6 s: the
# connections HAProxy gave instance 2 end with it (koan-bench then exits 1);
# every other one must get every reply, right, with none left waiting.
"$B/koan-bench" -p "$fzen" -c 30 -d 4 -t 6 -q --json >"$tmp/bench.json" 2>"$tmp/bench.err" &
bench_pid=$!
timeout 30 "$B/tests/helpers/failover" -p "$fecho" -c 12 -d 4 -t 6 -k "${kpid[2]}" -a 2500 |
    tee "$tmp/failover.out"
[ "${PIPESTATUS[0]}" = 0 ] || fail "fail-over lost replies or connections (see above)"
wait "$bench_pid"
field() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p" "$tmp/bench.json"; }
[ -s "$tmp/bench.json" ] || fail "koan-bench through haproxy printed nothing: $(cat "$tmp/bench.err")"
[ "$(field mismatches)" = 0 ] && [ "$(field stalled)" = 0 ] && [ "$(field requests)" -gt 0 ] &&
    [ "$(field alive)" -ge 15 ] && [ "$(field disconnects)" -le 15 ] ||
    fail "koan-bench through haproxy: wrong, missing or too many lost: $(cat "$tmp/bench.json")"
echo "haproxy: koan-bench zen through the balancer: $(field requests) replies, $(field alive) of 30 connections survived, $(field disconnects) ended with instance 2, 0 wrong, 0 stalled"

# HAProxy's checks noticed, and new clients keep getting answers.
for _ in $(seq 100); do
    grep -q "koand_echo/koand2 is DOWN" "$tmp/haproxy.log" && break
    sleep 0.05
done
grep -q "koand_echo/koand2 is DOWN" "$tmp/haproxy.log" || fail "haproxy never marked koand2 down"
for _ in $(seq 5); do
    out=$(printf 'after\n' | timeout 10 "$B/koan" -P echo -p "$fecho") && [ "$out" = "Echoed: 'after'" ] ||
        fail "a client after fail-over: $out"
done

stop_pid "$hpid"
for n in 1 3; do stop_pid "${kpid[n]}" || fail "koand $n exit status $?"; done
echo "haproxy: instance 2 killed under load; survivors lost no reply, new clients were answered"
