#!/bin/bash
# What README.md and the man pages promise about the command lines, held
# to the code: koand's HOST in brackets, the --allow/--deny limit and its
# message, --max-conns lowered by the fd limit and the listeners,
# koan-bench's options in its --help and koan-bench(1), its --version, and
# --skip-welcome counting the replies to --setup.
set -uo pipefail
. tests/helpers/lib.bash
need_built "$B/koand" "$B/koan" "$B/koan-bench"

# koand [::1] -p 0, as koan [::1] is written (README "Running koand").
if python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then
    start_koand v6 1 '[::1]' -p 0
    p=$(port_of v6 zen)
    grep -q "listening zen on \[::1\]:$p" "$tmp/v6.log" || fail "koand [::1] logged: $(cat "$tmp/v6.log")"
    out=$(timeout 10 "$B/koan" '[::1]' -p "$p") || fail "koan [::1] -p $p exited $?"
    grep -q '^Beautiful is better than? -> Ugly\.$' <<<"$out" || fail "koan over [::1]: $out"
    stop_pid "$koand_pid" || fail "koand [::1] did not stop cleanly"
    echo "koand [::1] -p 0 serves on the IPv6 loopback"
else
    echo "no IPv6 loopback here: koand [::1] not tried"
fi

# --allow/--deny: 64 rules in all start; the 65th is refused by name.
rules=()
for i in $(seq 1 64); do rules+=(--allow "10.0.$((i / 8)).$i"); done
start_koand acl64 1 "${rules[@]}" -p 0
stop_pid "$koand_pid" || fail "koand with 64 rules did not stop cleanly"
st=0
err=$(timeout 10 "$B/koand" "${rules[@]}" --deny 192.0.2.1 -p 0 2>&1) || st=$?
[ "$st" = 2 ] || fail "a 65th rule: exit status $st, not 2 ($err)"
[ "$err" = "koand: --deny '192.0.2.1': too many --allow/--deny rules (at most 64 in all) (try --help)" ] ||
    fail "a 65th rule said: $err"
echo "64 --allow/--deny rules start; the 65th is refused as too many"

# --max-conns: the fd limit less 16, less one per listener (100 gives 83
# with one listener, 81 with three).
(ulimit -n 100 && exec "$B/koand" -p 0 2>"$tmp/fd1.log") &
pid=$!; started+=("$pid")
wait_log fd1 "--max-conns lowered to 83 by the file descriptor limit"
kill -TERM "$pid"
(ulimit -n 100 && exec "$B/koand" --listen zen@127.0.0.1:0 --listen calc@127.0.0.1:0 \
    --listen echo@127.0.0.1:0 2>"$tmp/fd3.log") &
pid=$!; started+=("$pid")
wait_log fd3 "--max-conns lowered to 81 by the file descriptor limit"
kill -TERM "$pid"
echo "--max-conns under ulimit -n 100: 83 with one listener, 81 with three"

# koan-bench: every long option of its getopt table is in --help and in
# koan-bench(1), and --version answers.
help=$("$B/koan-bench" --help) || fail "koan-bench --help exited $?"
opts=$(sed -n 's/^ *{"\([a-z-]*\)", [a-z_]*_argument, 0, .*/\1/p' tools/bench/main.c)
[ "$(wc -w <<<"$opts")" -ge 20 ] || fail "found only these long options in tools/bench/main.c: $opts"
for o in $opts; do
    grep -qe "--$o\b" <<<"$help" || fail "koan-bench --help does not list --$o"
    grep -qF -- "\\-\\-${o//-/\\-}" man/koan-bench.1 || fail "koan-bench(1) does not list --$o"
done
v=$("$B/koan-bench" --version) || fail "koan-bench --version exited $?"
[[ $v == "koan-bench "[0-9]* ]] || fail "koan-bench --version said: $v"
[ "$("$B/koan-bench" -V)" = "$v" ] || fail "koan-bench -V differs from --version"
echo "koan-bench: $(wc -w <<<"$opts") long options, each in --help and the man page; $v"

# koand: every option of its table is in koand(8).
kopts=$(sed -n 's/^    {"\([a-z-]*\)", .*OPT_.*/\1/p' runtime/config.c)
[ "$(wc -w <<<"$kopts")" -ge 20 ] || fail "found only these options in runtime/config.c: $kopts"
for o in $kopts; do
    grep -qF -- "\\-\\-${o//-/\\-}" man/koand.8 || fail "koand(8) does not list --$o"
done
echo "koand: $(wc -w <<<"$kopts") options, each in koand(8)"

# --skip-welcome counts the greeting and the replies to --setup, as
# koan-bench(1) says: calc's welcome and its switch to product mode are 2.
start_koand calc 1 -P calc -p 0
cp=$(port_of calc calc)
b=("$B/koan-bench" -p "$cp" -c 2 -t 0.3 -q --json --request '2,3\n' --setup 'product\n')
out=$(timeout 20 "${b[@]}" --skip-welcome 2) || fail "--skip-welcome 2 with --setup: exit $?: $out"
grep -q '"mismatches":0,' <<<"$out" || fail "--skip-welcome 2 with --setup: $out"
st=0
out=$(timeout 20 "${b[@]}" --skip-welcome 1 2>&1) || st=$?
[ "$st" = 1 ] || fail "--skip-welcome 1 with --setup should compare the mode switch and fail: $st $out"
echo "koan-bench --setup 'product\\n' --skip-welcome 2: no wrong reply; 1 is one too few"

# KOAN_HELP and KOAN_VERSION are not read (README "Running koand", koand(8)
# ENVIRONMENT), and --help names the two options that have no twin.
KOAN_HELP=1 KOAN_VERSION=1 start_koand envhelp 1 -p 0
stop_pid "$koand_pid" || fail "koand with KOAN_HELP=1 did not stop cleanly"
"$B/koand" --help | grep -q "^Every option but --help and --version can also be set as KOAN_" ||
    fail "koand --help does not say which options have no KOAN_ twin"
echo "KOAN_HELP and KOAN_VERSION are ignored, as the documentation says"
