#!/usr/bin/env python3
"""make bench's report: medians of the runs bench.sh recorded, the targets of
koan's targets beside them (each ratio it was built to reach), docs/bench.md and the two gnuplot charts.

usage: report.py WORKDIR OUTDIR"""
import glob
import json
import os
import statistics
import subprocess
import sys

W, OUT = sys.argv[1], sys.argv[2]
meta = dict(l.rstrip("\n").split("=", 1) for l in open(f"{W}/meta") if "=" in l)
runs = [json.loads(l) for l in open(f"{W}/runs.jsonl")]
mem = [json.loads(l) for l in open(f"{W}/mem.jsonl")] if os.path.exists(f"{W}/mem.jsonl") else []
# The parser benchmark runs once a round: the median round per parser.
parser_rounds = []
for f in sorted(glob.glob(f"{W}/parser-*.json")):
    try:
        parser_rounds.append(json.load(open(f))["parsers"])
    except (OSError, ValueError, KeyError):
        pass
parser = []
for i, p in enumerate(parser_rounds[0] if parser_rounds else []):
    rs = sorted((r[i] for r in parser_rounds if len(r) > i), key=lambda q: q["bytes_per_sec"])
    parser.append(rs[len(rs) // 2])

NAMES = {"koand": "koand", "koand-metrics": "koand --metrics", "koand-poll": "koand --backend poll", "koand-calc": "koand",
         "koand-calc0": "koand --compute-threads 0",
         "koand-flood": "koand (compute pool)", "koand-flood0": "koand --compute-threads 0",
         "floor": "floor", "redis": f"redis-server {meta.get('redis', '')}",
         "memcached": f"memcached {meta.get('memcached', '')} -t 1",
         "single": "single", "threads": "threads (4)", "spawn": "koand --model spawn"}
IDLE = int(meta["idle"])


def stat(load, server):
    """Median req/s, p99 µs and stalled connections over the rounds, and how
    many rounds failed for a reason other than starved connections."""
    rs = [x for x in runs if x["load"] == load and x["server"] == server]
    good = [x["r"] for x in rs if x["r"] and x["r"]["requests"] > 0]
    if not good:
        return None
    failed = sum(1 for x in rs if not x["r"] or x["r"]["mismatches"] or x["r"]["disconnects"]
                 or (x["r"]["stalled"] and server not in ("single", "threads")))
    med = lambda f: statistics.median(f(r) for r in good)
    return {"rps": med(lambda r: r["requests_per_sec"]), "p99": med(lambda r: r["latency_us"]["p99"]),
            "stalled": med(lambda r: r["stalled"]), "conns": good[0]["connections"],
            "failed": failed, "n": len(rs)}


def ratio(a, b):
    """koand's figure over another's, paired round by round (the runs of a
    round are seconds apart, so noise that drifts between rounds cancels),
    median over the rounds."""
    rps = lambda load, server: {x["round"]: x["r"]["requests_per_sec"] for x in runs
                                if x["load"] == load and x["server"] == server
                                and x["r"] and x["r"]["requests"] > 0}
    ra, rb = rps(*a), rps(*b)
    both = [ra[k] / rb[k] for k in ra if k in rb]
    return statistics.median(both) if both else None


def num(v):
    return "—" if v is None else f"{v:,.0f}"


def verdict(value, target, more=True):
    if value is None:
        return "—", "not measured"
    ok = value >= target if more else value <= target
    return ("≥ " if more else "≤ ") + f"{target:g}", "met" if ok else "**MISSED**"


def rps_cell(s):
    if s is None:
        return "not run"
    cell = num(s["rps"])
    if s["failed"]:
        cell += f" (errors in {s['failed']} of {s['n']} rounds)"
    return cell


# The core count bench.sh recorded ("ncpu", or the N of "cpu=N x MODEL").
ncpu = meta.get("ncpu") or meta["cpu"].split(" x ")[0]
md = ["# koan benchmarks",
      "",
      f"Measured {meta['date']} by `make bench` on {meta['cpu']}, {meta['kernel']}, {meta['cc']};"
      f" koan {meta['koan']}. Every server on 127.0.0.1 with one worker (one thread), driven"
      f" by koan-bench (one client thread, closed loop). Each figure is the median of"
      f" {meta['rounds']} interleaved round{'s' if meta['rounds'] != '1' else ''} of"
      f" {meta['seconds']} s after {meta['warmup']} s of warmup; a ratio is "
      + (f"the median of the {meta['rounds']} ratios measured round by round, so it need not"
         f" equal the ratio of the medians shown." if meta['rounds'] != '1' else
         "the ratio measured in that round.") + f" Rounds alternate the order of the servers (this machine's speed"
      f" drifts over minutes), and the parser benchmark runs once a round (its median"
      f" round is shown). The client shares the machine's {ncpu} CPU{'s' if ncpu != '1' else ''}"
      f" (`nproc` at the run) with the server. A target is a ratio koan was built to reach on"
      f" a 2-core machine like this one, measured in one run, as the column beside it;"
      f" redis-server's and memcached's memory is shown beside the figure an earlier run here"
      f" gave. `make bench` regenerates this page and its charts; every run's `--json` is"
      f" kept in `build/release/bench-runs/`.",
      ""]

# Throughput: the same load for every server.
TARGETS = {("d1", "floor"): 0.95, ("d1", "redis"): 1.0, ("d64", "floor"): 0.75,
           ("d64", "redis"): 3.0, ("d64", "memcached"): 3.0,
           ("calc-d1", "koand-calc0"): 0.95, ("calc-d64", "koand-calc0"): 0.95}
LOADS = [("d1", "zen `?`, 50 connections, depth 1", ["koand", "floor", "redis", "memcached"]),
         ("d64", "zen `?`, 50 connections, depth 64", ["koand", "floor", "redis", "memcached"]),
         ("calc-d1", "calc-product, 100-digit factors, 50 connections, depth 1",
          ["koand-calc", "koand-calc0"]),
         ("calc-d64", "calc-product, 100-digit factors, 50 connections, depth 64",
          ["koand-calc", "koand-calc0"])]
md += ["## Requests per second, same load",
       "",
       "redis-server answers `PING\\r\\n`, memcached `version\\r\\n`, koand and the floor `?`"
       " questions; the floor (`bench/floor.c`) answers every `?` with no parsing or state.",
       "",
       "| load | server | requests/s | p99 µs | koand ÷ server | target | |",
       "|---|---|--:|--:|--:|---|---|"]
for load, title, servers in LOADS:
    base = stat(load, servers[0])
    for s in servers:
        st = stat(load, s)
        if st is None and s not in ("koand", "koand-calc", "koand-calc0", "floor"):
            continue
        r = ratio((load, servers[0]), (load, s)) if s != servers[0] else None
        tgt, ok = verdict(r, TARGETS[(load, s)]) if (load, s) in TARGETS else ("", "")
        md.append(f"| {title if s == servers[0] else ''} | {NAMES[s]} | {rps_cell(st)} | "
                  f"{num(st and st['p99'])} | {'' if r is None else f'{r:.2f}'} | {tgt} | {ok} |")

# Metrics: the counters are kept whether or not --metrics is
# given; with it, the listener and a scrape a second may cost nothing seen.
md += ["", "## The cost of --metrics", "",
       "koand counts for its metrics always; `--metrics` adds the listener, scraped once a"
       " second during the runs. Same loads as above:", "",
       "| load | koand --metrics req/s | koand req/s | with ÷ without | target | |",
       "|---|--:|--:|--:|---|---|"]
for load, title in (("d1", "zen `?`, 50 connections, depth 1"), ("d64", "zen `?`, 50 connections, depth 64")):
    r = ratio((load, "koand-metrics"), (load, "koand"))
    tgt, ok = verdict(r, 0.98)
    md.append(f"| {title} | {rps_cell(stat(load, 'koand-metrics'))} | {rps_cell(stat(load, 'koand'))} | "
              f"{'—' if r is None else f'{r:.3f}'} | {tgt} | {ok} |")

# Costly requests: the maximal calc line flooding in, a zen
# probe beside it, on the compute pool and computed on the loop.
def lat(load, server, key):
    st = [x["r"]["latency_us"][key] for x in runs if x["load"] == load and x["server"] == server
          and x["r"] and x["r"]["requests"] > 0]
    return statistics.median(st) if st else None


def ms(v):
    return "—" if v is None else f"{v / 1000:,.2f}"


md += ["", "## Costly requests: 100 connections flooding maximal calc lines, a zen probe beside them", "",
       "Each flooding connection sends the maximal product line (1070 factors of 60 digits, 65 KB;"
       " GMP takes about 2.7 ms over it) and waits for its reply, again and again; one more"
       " connection asks a zen question every 5 ms on the same server. `--compute-threads 0`"
       " computes on the event loop, as koand did before the compute pool.", "",
       "| server | flood lines/s | flood p99 ms | probe p50 ms | probe p99 ms | pool ÷ loop | target | probe p99 target | |",
       "|---|--:|--:|--:|--:|--:|---|---|---|"]
for s in ("koand-flood", "koand-flood0"):
    f = stat("flood", s)
    p50, p99 = lat("probe", s, "p50"), lat("probe", s, "p99")
    r = ratio(("flood", "koand-flood"), ("flood", "koand-flood0")) if s == "koand-flood" else None
    tgt, ok = verdict(r, 0.9) if s == "koand-flood" else ("", "")
    ptgt, pok = verdict(p99 and p99 / 1000, 5, more=False) if s == "koand-flood" else ("", "")
    md.append(f"| {NAMES[s]} | {rps_cell(f)} | {ms(f and f['p99'])} | {ms(p50)} | {ms(p99)} | "
              f"{'' if r is None else f'{r:.2f}'} | {tgt} | {ptgt + ' ms' if ptgt else ''} | "
              f"{' '.join(x for x in (ok, pok) if x)} |")

# Live upgrade: tools/bench/upgrade.sh's figures.
up = [json.loads(l) for l in open(f"{W}/upgrade.jsonl")] if os.path.exists(f"{W}/upgrade.jsonl") else []
pause = {w: [x for x in up if x["what"] == "pause" and x["upgrade"] == w and x["r"]] for w in (0, 1)}
if pause[0] or pause[1]:
    md += ["", "## Live upgrade: the pause a pipelining client sees, a 10000-connection hand-over",
           "", "koan-bench keeps 10 zen connections at depth 16 on one koand for"
           f" {float(meta['seconds']) + 1:g} s; in one run of each round the koand gets SIGUSR2 a"
           " second in and hands its listening sockets and every connection to a new process"
           " (its own binary again), in the other it does not. The longest latency any request"
           " of the run saw, median over the rounds:", "",
           "| run | requests/s | p99 µs | max ms | wrong | lost | stalled |", "|---|--:|--:|--:|--:|--:|--:|"]
    for w, name in ((0, "no upgrade"), (1, "SIGUSR2 during the run")):
        rs = [x["r"] for x in pause[w]]
        if not rs:
            continue
        med = lambda f: statistics.median(f(r) for r in rs)
        md.append(f"| {name} | {num(med(lambda r: r['requests_per_sec']))} | "
                  f"{num(med(lambda r: r['latency_us']['p99']))} | "
                  f"{med(lambda r: r['latency_us']['max']) / 1000:,.1f} | "
                  f"{sum(r['mismatches'] for r in rs)} | {sum(r['disconnects'] for r in rs)} | "
                  f"{sum(r['stalled'] for r in rs)} |")
    both = {x["round"]: x["r"]["latency_us"]["max"] for x in pause[0]}
    rr = [x["r"]["latency_us"]["max"] / both[x["round"]] for x in pause[1] if both.get(x["round"])]
    if rr:
        md += ["", f"The longest pause with an upgrade ÷ without: **{statistics.median(rr):.1f}**"
               " (median of the rounds' ratios)."]
hand = [x for x in up if x["what"] == "handover" and x["seconds"] is not None]
if hand:
    secs = statistics.median(x["seconds"] for x in hand)
    each = ", ".join(f"{x['seconds']:.2f}" for x in hand)
    md += ["", f"A client holds {hand[0]['conns']:,} idle zen connections; from SIGUSR2 until the"
           f" old process has handed every one over and exited: **{secs:.2f} s** (median of"
           f" {len(hand)}: {each} s); the new process"
           f" then holds {statistics.median(x['new_fds'] for x in hand):,.0f} descriptors."]
spread = [x for x in up if x["what"] == "spread"]
if spread:
    cell = lambda now: " / ".join(str(n) for n in now)
    md += ["", "`--workers 2` while a client holds 1000 connections: how many each worker holds"
           " (the kernel spreads clients over the workers' SO_REUSEPORT sockets, as it did when"
           " each worker bound its own; now the parent binds them), before a live upgrade, after"
           " it (each worker's clients go to its counterpart in the new generation), and once"
           " 1000 more have connected to the new generation:", "",
           "| round | before | after the upgrade | with 1000 more |", "|--:|---|---|---|"]
    for x in spread:
        md.append(f"| {x['round']} | {cell(x['before'])} | {cell(x['after'])} | {cell(x.get('more', []))} |")

# Idle connections: poll walks every descriptor each turn, epoll does not.
md += ["", f"## {IDLE} idle connections beside 50 active (zen, depth 1)", "",
       f"| backend | 50 active: requests/s | p99 µs | + {IDLE} idle: requests/s | p99 µs | idle ÷ none | target | |",
       "|---|--:|--:|--:|--:|--:|---|---|"]
for s, name in (("koand", "epoll"), ("koand-poll", "poll")):
    a, b = stat("idle0", s), stat("idle", s)
    r = ratio(("idle", s), ("idle0", s))
    tgt, ok = verdict(r, 0.9) if s == "koand" else ("", "")
    md.append(f"| {name} | {rps_cell(a)} | {num(a and a['p99'])} | {rps_cell(b)} | "
              f"{num(b and b['p99'])} | {'' if r is None else f'{r:.2f}'} | {tgt} | {ok} |")

# Memory: the server's resident set, before and while a client holds idle
# connections; kernel socket buffers are not in it, for any server.
md += ["", "## Memory per idle connection", "",
       "Server RSS (`VmRSS`) before and while a client holds that many connections that send"
       " nothing, on servers that have served nothing else yet. Kernel socket buffers are in"
       " no server's RSS.", "",
       "| server | RSS before KiB | RSS with idle KiB | idle connections | bytes per connection | target | |",
       "|---|--:|--:|--:|--:|---|---|"]
for m in mem:
    per = (m["after_kib"] - m["before_kib"]) * 1024 / m["conns"] if m["conns"] else None
    tgt, ok = verdict(per, 256, more=False) if m["server"] == "koand" else (
        {"redis": "(earlier run: ≈ 1400)", "memcached": "(earlier run: ≈ 600)",
         "spawn": "(a thread and its stack each)"}.get(m["server"], ""), "")
    md.append(f"| {NAMES[m['server']]} | {m['before_kib']:,} | {m['after_kib']:,} | {m['conns']:,} | "
              f"{num(per)} | {tgt} | {ok} |")

# Parsers, in-process.
md += ["", "## Parsers, in process (`koan-bench --parser`)", "",
       "| parser | MB/s | million requests/s | target | |", "|---|--:|--:|---|---|"]
PT = {"zen": 1000, "calc-sum": 300}
for p in parser:
    mbs = p["bytes_per_sec"] / 1e6
    tgt, ok = verdict(mbs, PT[p["name"]]) if p["name"] in PT else ("", "")
    md.append(f"| {p['name']} | {mbs:,.0f} | {p['requests_per_sec'] / 1e6:.2f} | {tgt} | {ok} |")
if not parser:
    md.append("| (failed) | | | | |")

# The four architectures: the teaching material's single, threads, spawn and async.
CONNS = [1, 10, 100, 1000]
MODELS = [("single", "single"), ("threads", "threads (4)"), ("spawn", "spawn"), ("koand", "async")]
# The chart has no room for the starved counts; its legend says who waits.
KEYS = {"single": "single: serves 1 connection at a time",
        "threads": "threads (4): serves 4 at a time",
        "spawn": "spawn: a thread per connection, up to --max-conns", "koand": "async: serves all"}
spawn_mem = next((m for m in mem if m["server"] == "spawn" and m["conns"]), None)
async_mem = next((m for m in mem if m["server"] == "koand" and m["conns"]), None)
per_conn = lambda m: (m["after_kib"] - m["before_kib"]) * 1024 / m["conns"]
price = (f" It pays for that with a thread per client: {num(per_conn(spawn_mem))} bytes of"
         f" server memory per idle connection against async's {num(per_conn(async_mem))}"
         " (above).") if spawn_mem and async_mem else ""
md += ["", "## The four models, zen at depth 1", "",
       "`--model single` serves one client at a time and `--model threads --threads 4` four:"
       " the other connections wait, unanswered, for the whole run (\"starved\": koan-bench"
       " counts them as stalled and exits 1, which the bench records rather than fails on)."
       " `--model spawn` starts a thread for each client (socketserver's ThreadingMixIn, bounded"
       " by `--max-conns`) and serves them all, as `--model async` does." + price, "",
       "| connections | " + " | ".join(f"{n}: requests/s | p99 µs" for _, n in MODELS) + " |",
       "|--:|" + "--:|--:|" * len(MODELS)]
for c in CONNS:
    cells = []
    for s, _ in MODELS:
        st = stat(f"c{c}", s)
        cell = rps_cell(st)
        if st and st["stalled"]:
            cell += f" ({st['stalled']:.0f} of {c} starved)"
        cells += [cell, num(st and st["p99"])]
    md.append(f"| {c} | " + " | ".join(cells) + " |")
md += ["", "![requests/s per load and server](bench.svg)", "",
       "![requests/s against connections per model](models.svg)", ""]
open(f"{OUT}/bench.md", "w").write("\n".join(md))

# Charts. Missing figures are NaN, which gnuplot leaves out.
def val(load, s):
    st = stat(load, s)
    return f"{st['rps']:.0f}" if st else "NaN"

SERIES = [("koand", "koand"), ("koand-poll", "koand --backend poll"), ("floor", "floor"),
          ("redis", "redis-server"), ("memcached", "memcached")]
GROUPS = [("d1", "zen c50 d1"), ("d64", "zen c50 d64"), ("idle0", "c50 d1, no idle"),
          ("idle", f"c50 d1, {IDLE} idle"), ("calc-d1", "calc-product c50 d1"),
          ("calc-d64", "calc-product c50 d64")]
with open(f"{W}/bench.dat", "w") as f:
    for load, label in GROUPS:
        f.write(f'"{label}" ' + " ".join(val(load, "koand-calc" if s == "koand" and load.startswith("calc")
                                                else s) for s, _ in SERIES) + "\n")
with open(f"{W}/models.dat", "w") as f:
    for c in CONNS:
        f.write(f"{c} " + " ".join(val(f"c{c}", s) for s, _ in MODELS) + "\n")
plot = f"""
set terminal svg size 900,500 dynamic font 'sans,12' background '#ffffff'
set output '{OUT}/bench.svg'
set title 'requests/s, one server worker, one koan-bench thread (median of {meta['rounds']})'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set logscale y
set yrange [1000:*]
set format y '%.0s%c'
set grid ytics
set key below horizontal
set xtics scale 0 font ',10'
plot '{W}/bench.dat' """ + ", ''".join(f" using {i + 2}:xtic(1) title '{t}'" for i, (_, t) in enumerate(SERIES)) + f"""
set output '{OUT}/models.svg'
set title 'zen at depth 1: requests/s against connections (median of {meta['rounds']})'
unset style
set logscale x
unset logscale y
set yrange [0:*]
set xrange [0.8:1250]
set xtics (1, 10, 100, 1000)
set xlabel 'connections'
set key inside bottom right vertical
plot """ + ", ".join(f"'{W}/models.dat' using 1:{i + 2} title '{KEYS[s]}' with linespoints lw 2 pt 7 ps 1"
                    for i, (s, _) in enumerate(MODELS)) + "\n"
try:
    subprocess.run(["gnuplot"], input=plot, text=True, check=True)
except (OSError, subprocess.CalledProcessError) as e:
    print(f"bench: no charts ({e}); install gnuplot-nox", file=sys.stderr)
