#!/bin/bash
# Live upgrades under load, as an operator rolls out a grammar edit: a
# scratch copy of the tree, built as this pass builds ($B: normal or
# ASan), serves zen and calc; 50 idle zen and 50 idle calc connections are
# held (the calc ones in product mode), koan-bench pipelines on 10 more, and
# a new connection comes every 10 ms (tests/helpers/holders.c). Then an
# aphorism is added to grammar/zen.rl, make, SIGUSR2: every held
# connection is still open, the zen ones are answered the new aphorism and
# the calc ones still multiply, the old process exits and the pid file
# names the new one. Then 10 upgrades in a row, and one to a binary that
# exits at start, which the old process survives. At the end koan-bench
# must report no wrong reply, no connection lost and none stalled, and no
# new connection may have been refused, reset or answered wrong.
set -uo pipefail
. tests/helpers/lib.bash
. tests/helpers/scratch.bash
root=$(pwd)
pass_b=$B
need_built "$root/$pass_b/koan-bench" "$root/$pass_b/tests/helpers/holders"
tree=$tmp/tree
scratch_tree "$tree"
cd "$tree"
# The scratch koand is built the way this pass builds: the sanitizers too.
sb=build
flags=()
if nm "$root/$pass_b/koand" 2>/dev/null | grep -q __asan_init; then
    sb=build/asan
    san="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
    flags=(CFLAGS="$san" LDFLAGS="$san")
    tar -C "$root" -cf - build/asan/runtime build/asan/proto build/asan/gen build/asan/registry \
        2>/dev/null | tar -xf - 2>/dev/null
fi
build() { make -s B="$sb" "${flags[@]}" "$sb/koand" >"$tmp/make.log" 2>&1 || { cat "$tmp/make.log"; fail "make failed"; }; }
build
B=$sb

# alive PID: running, not a zombie (whoever its parent is).
alive() { [ -e "/proc/$1" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null; }
pidf=$tmp/koand.pid
# The koand an upgrade started is no child of ours: stop it too at exit.
trap 'p=$(cat "$pidf" 2>/dev/null); [ -n "$p" ] && kill -KILL "$p" 2>/dev/null; [ -n "${KEEP_LOG:-}" ] && cp "$tmp/k.log" "$KEEP_LOG"; cleanup' EXIT
start_koand k 2 --pid-file "$pidf" --shutdown-timeout 5 --listen zen@127.0.0.1:0 --listen calc@127.0.0.1:0
zp=$(port_of k zen) cp=$(port_of k calc)
first=$koand_pid

# The clients: held connections and the prober, driven through a fifo.
mkfifo "$tmp/cmd" "$tmp/out"
"$root/$pass_b/tests/helpers/holders" "$zp" "$cp" 50 <"$tmp/cmd" >"$tmp/out" &
started+=($!)
exec 7>"$tmp/cmd" 8<"$tmp/out"
IFS= read -r -t 20 line <&8 || fail "holders did not start"
[[ $line == ready* ]] || fail "holders: $line"
ask() { # command: one line back
    echo "$1" >&7
    IFS= read -r -t 600 reply <&8 || fail "holders did not answer \"$1\""
    echo "$reply"
}
"$root/$pass_b/koan-bench" -p "$zp" -c 10 -d 16 -t 120 -q --json >"$tmp/bench.json" 2>"$tmp/bench.err" &
bench=$!
started+=("$bench")
sleep 1

# upgrade_once: SIGUSR2 to the process the pid file names; wait until the
# file names another and the old one has exited.
upgrade_once() {
    local old new i
    old=$(cat "$pidf")
    kill -USR2 "$old" || fail "no koand $old to signal"
    for i in $(seq 400); do
        new=$(cat "$pidf" 2>/dev/null)
        [ -n "$new" ] && [ "$new" != "$old" ] && ! alive "$old" && break
        sleep 0.025
    done
    [ "$new" != "$old" ] || fail "the pid file still names $old 10 s after SIGUSR2"
    alive "$old" && fail "the old koand $old has not exited"
    alive "$new" || fail "the new koand $new is not running"
    echo "$new"
}

# The operator's edit: one line of grammar, then make, then SIGUSR2.
line="  | 'Sparse is better than?'    @{ ANSWER(\"Dense.\"); }"
awk -v add="$line" '/^aphorism =/ { in_t = 1 } in_t && /^ *;/ { print add; in_t = 0 } { print }' \
    grammar/zen.rl >grammar/zen.rl.new && mv grammar/zen.rl.new grammar/zen.rl
build
new=$(upgrade_once)
out=$(ask "check Sparse is better than?|Dense.")
[[ $out == ok* ]] || fail "after the grammar upgrade: $out"
echo "upgrade to the new grammar: pid $first -> $new; $out"

for i in $(seq 10); do
    new=$(upgrade_once)
done
out=$(ask "check Sparse is better than?|Dense.")
[[ $out == ok* ]] || fail "after 10 more upgrades: $out"
echo "10 upgrades in a row: now pid $new; $out"

# A binary that exits at start: the old process serves on.
cp "$B/koand" "$tmp/koand.real"
printf '#!/bin/sh\nexit 3\n' >"$B/koand.new" && chmod 755 "$B/koand.new" && mv "$B/koand.new" "$B/koand"
kill -USR2 "$new"
wait_log k "exited before it was ready"
[ "$(cat "$pidf")" = "$new" ] && alive "$new" || fail "koand $new did not survive a broken binary"
out=$(ask "check Sparse is better than?|Dense.")
[[ $out == ok* ]] || fail "after a broken binary: $out"
cp "$tmp/koand.real" "$B/koand"
echo "a binary that exits at start: pid $new serves on; $out"

# Enough: koan-bench reports what it has at SIGINT.
kill -INT "$bench"
wait "$bench"
st=$?
bench_line=$(tail -1 "$tmp/bench.json")
grep -q '"mismatches":0,"disconnects":0,"stalled":0' <<<"$bench_line" ||
    fail "koan-bench (exit $st): $bench_line $(cat "$tmp/bench.err")"
stats=$(ask stats)
read -r _ opened _ good _ refused _ reset _ wrong <<<"$stats"
[ "$refused" = 0 ] && [ "$reset" = 0 ] && [ "$wrong" = 0 ] && [ "$good" -gt 0 ] ||
    fail "new connections: $stats"
echo "koan-bench across 12 upgrades: $(sed 's/.*"requests":\([0-9]*\).*"max":\([0-9.]*\)}.*/\1 replies, max latency \2 us/' <<<"$bench_line"), 0 wrong, 0 lost, 0 stalled"
echo "new connections meanwhile: $stats"
exec 7>&-
kill -TERM "$new"
for i in $(seq 200); do alive "$new" || break; sleep 0.05; done
alive "$new" && fail "koand $new ignored SIGTERM"
[ -e "$pidf" ] && fail "the pid file outlived koand"
echo "upgrade.sh: ok"
