#!/bin/bash
# --metrics read by the real tools: promtool finds nothing to complain
# about; Python's prometheus_client parser reads every family, and its
# counters match the traffic this test sent; a real Prometheus, started on
# loopback with deploy/prometheus.yml (a free port, a 1 s interval),
# scrapes koand and answers queries through its HTTP API -- also after a
# live upgrade, which hands the metrics listener over with the others.
set -uo pipefail
. tests/helpers/lib.bash
for t in promtool prometheus curl; do
    command -v $t >/dev/null || skip "$t is not installed (Debian packages: prometheus, curl); tools/install-deps.sh installs them"
done
/usr/bin/python3 -c 'import prometheus_client' 2>/dev/null ||
    skip "python3-prometheus-client is not installed; tools/install-deps.sh installs it"
need_built "$B/koand" "$B/tests/helpers/freeports"

start_koand k 4 --listen zen@127.0.0.1:0 --listen calc@127.0.0.1:0 --listen echo@127.0.0.1:0 \
    --metrics 0 --pid-file "$tmp/koand.pid"
mport=$(port_of k http)
[ -n "$mport" ] || fail "no metrics port in the log: $(cat "$tmp/k.log")"

# Known traffic: 7 zen questions (3 unknown), 6 calc lines (2 bad), 5 echo
# lines, each protocol on one connection, every reply read.
/usr/bin/python3 - "$(port_of k zen)" "$(port_of k calc)" "$(port_of k echo)" <<'PY' || fail "traffic"
import socket, sys
def talk(port, data, want):
    s = socket.create_connection(("127.0.0.1", int(port)), timeout=5)
    s.sendall(data)
    got = b""
    while len(got) < want:
        got += s.recv(65536)
    s.close()
zen = b"Beautiful is better than?Explicit is better than?Simple is better than?" \
      b"Beautiful is better than?Who?What?Why?"
talk(sys.argv[1], zen, len(b"Ugly.Implicit.Complex.Ugly.") + 3 * len(b"Error: unknown aphorism."))
calc = b"1,2\n3\n4,5,6\n7\nx\n1,,2\n"
talk(sys.argv[2], calc, len(b"<welcome: starting in sum mode>\n"))
talk(sys.argv[3], b"a\nb\nc\nd\ne\n", 5 * len(b"Echoed: 'a'\r\n"))
PY
# The calc greeting came first; wait for its replies to be counted.
sleep 0.3
curl -sf "http://127.0.0.1:$mport/metrics" >"$tmp/scrape.txt" || fail "curl of /metrics failed"
head -3 "$tmp/scrape.txt"

out=$(promtool check metrics <"$tmp/scrape.txt" 2>&1) || fail "promtool check metrics: $out"
[ -z "$out" ] || fail "promtool check metrics complains: $out"
echo "promtool check metrics: no complaints"

/usr/bin/python3 - "$tmp/scrape.txt" <<'PY' || fail "prometheus_client's reading differs from the traffic sent"
import sys
from prometheus_client.parser import text_string_to_metric_families
text = open(sys.argv[1]).read()
fams = {f.name: f for f in text_string_to_metric_families(text)}
# Every family has a HELP and a TYPE, so the parser gives it a type and a
# documentation string; every counter's samples end in _total.
for f in fams.values():
    assert f.type in ("counter", "gauge", "histogram"), (f.name, f.type)
    assert f.documentation, f.name
    if f.type == "counter":
        assert all(s.name == f.name + "_total" for s in f.samples), f.name
def value(name, **labels):
    for f in fams.values():
        for s in f.samples:
            if s.name == name and s.labels == labels:
                return s.value
    raise SystemExit("no sample %s%s" % (name, labels))
want = {
    ("koan_requests_total", "zen"): 7, ("koan_bad_requests_total", "zen"): 3,
    ("koan_requests_total", "calc"): 6, ("koan_bad_requests_total", "calc"): 2,
    ("koan_requests_total", "echo"): 5, ("koan_bad_requests_total", "echo"): 0,
    ("koan_connections_accepted_total", "zen"): 1, ("koan_connections_accepted_total", "calc"): 1,
    ("koan_received_bytes_total", "echo"): 10, ("koan_request_duration_seconds_count", "zen"): 7,
    ("koan_request_duration_seconds_count", "echo"): 5,
}
for (name, proto), v in want.items():
    got = value(name, protocol=proto)
    assert got == v, "%s{protocol=%s}: %s, want %s" % (name, proto, got, v)
states = {s.labels["state"] for s in fams["koan_connections"].samples}
assert {"reading", "blocked", "draining", "closing", "lingering", "closed", "waiting"} <= states, states
assert value("koan_upgrades_total") == 0
print("prometheus_client: %d families read, the counters match the traffic" % len(fams))
PY

# A real Prometheus, scraping every second.
read -r pport < <("$B/tests/helpers/freeports" 1)
sed -e "s|127.0.0.1:9464|127.0.0.1:$mport|" -e 's|scrape_interval: 15s|scrape_interval: 1s|' \
    -e 's|scrape_timeout: 5s|scrape_timeout: 1s|' deploy/prometheus.yml >"$tmp/prometheus.yml"
grep -q "127.0.0.1:$mport" "$tmp/prometheus.yml" || fail "could not point deploy/prometheus.yml at port $mport"
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/tsdb" \
    --web.listen-address="127.0.0.1:$pport" >"$tmp/prometheus.log" 2>&1 &
prom=$!
started+=("$prom")
# query EXPR WANT: wait up to 30 s for the API's first result to be WANT.
query() {
    local i v
    for i in $(seq 300); do
        v=$(curl -sf --get "http://127.0.0.1:$pport/api/v1/query" --data-urlencode "query=$1" |
            /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "")' 2>/dev/null)
        [ "$v" = "$2" ] && { echo "prometheus: $1 = $v"; return 0; }
        sleep 0.1
    done
    tail -20 "$tmp/prometheus.log" >&2
    fail "prometheus: $1 is '$v', want $2"
}
query 'up{job="koand"}' 1
query 'koan_requests_total{job="koand",protocol="zen"}' 7

# gone PID: it has exited (our child stays a zombie until waited for).
gone() { ! [ -e "/proc/$1" ] || grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }

# A live upgrade: the new process takes the metrics listener over too.
old=$(cat "$tmp/koand.pid")
kill -USR2 "$old"
for i in $(seq 200); do
    new=$(cat "$tmp/koand.pid" 2>/dev/null)
    [ -n "$new" ] && [ "$new" != "$old" ] && gone "$old" && break
    sleep 0.05
done
[ -n "$new" ] && [ "$new" != "$old" ] || fail "no new process after SIGUSR2: $(cat "$tmp/k.log")"
started+=("$new")
curl -sf "http://127.0.0.1:$mport/metrics" >"$tmp/after.txt" || fail "no scrape after the upgrade"
grep -qx 'koan_upgrades_total 1' "$tmp/after.txt" || fail "after an upgrade: $(grep upgrades "$tmp/after.txt")"
query 'koan_upgrades_total{job="koand"}' 1
query 'up{job="koand"}' 1
echo "prometheus: scraped koand across a live upgrade"
kill -TERM "$new" "$prom"
wait "$prom" 2>/dev/null

# --workers 2 across a live upgrade: every worker of the new generation
# counts into the new mapping, and the upgrade is carried.
start_koand w 2 --workers 2 --listen zen@127.0.0.1:0 --metrics 0 --pid-file "$tmp/w.pid"
wport=$(sed -n 's/.*listening http on 127\.0\.0\.1:\([0-9]*\) (2 workers)$/\1/p' "$tmp/w.log")
[ -n "$wport" ] || fail "--workers 2: no metrics port in the log: $(cat "$tmp/w.log")"
old=$(cat "$tmp/w.pid")
kill -USR2 "$old"
for i in $(seq 200); do
    new=$(cat "$tmp/w.pid" 2>/dev/null)
    [ -n "$new" ] && [ "$new" != "$old" ] && gone "$old" && break
    sleep 0.05
done
[ "$new" != "$old" ] || fail "--workers 2: no new process after SIGUSR2: $(cat "$tmp/w.log")"
started+=("$new")
for i in 1 2 3 4; do
    curl -sS "http://127.0.0.1:$wport/metrics" >"$tmp/w.txt" 2>"$tmp/w.err" || fail "--workers 2: no scrape after the upgrade: $(cat "$tmp/w.err"; cat "$tmp/w.log")"
    grep -qx 'koan_upgrades_total 1' "$tmp/w.txt" && grep -qx 'koan_workers 2' "$tmp/w.txt" ||
        fail "--workers 2 after an upgrade: $(grep -E '^koan_(upgrades|workers)' "$tmp/w.txt")"
done
echo "--workers 2: the metrics listener handed over, the upgrade counted"
kill -TERM "$new"
exit 0
