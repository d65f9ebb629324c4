#!/bin/bash
# The koan client against a real koand: zen in random order, -e, calc and
# echo in a pipeline, quit, a last line without newline, exit statuses.
set -uo pipefail
. tests/helpers/lib.bash
need_built "$B/koand" "$B/koan"
koan() { timeout 10 "$B/koan" "$@"; }

start_koand k 3 --listen zen@127.0.0.1:0 --listen calc@127.0.0.1:0 --listen echo@127.0.0.1:0
zp=$(port_of k zen) cp=$(port_of k calc) ep=$(port_of k echo)

# zen: one line per aphorism of the grammar (gen/zen_answers.h), each
# with its answer, in an order that changes between runs.
pairs=$(sed -n 's/^ANSWER_ROW("\(.*\)", "\(.*\)")$/\1 -> \2/p' gen/zen_answers.h | sort)
grep -q '^Beautiful is better than? -> Ugly\.$' <<<"$pairs" || fail "no Beautiful in gen/zen_answers.h"
orders=$tmp/orders
for _ in $(seq 12); do
    out=$(koan -p "$zp") || fail "koan zen exited $?"
    [ "$(sort <<<"$out")" = "$pairs" ] || fail "zen output: $out"
    head -c 12 <<<"$out" >>"$orders"; echo >>"$orders"
done
[ "$(sort -u "$orders" | wc -l)" -ge 2 ] || fail "12 runs asked in the same order"

# -e: an unfinished question, then hang up; koand reports it.
out=$(koan -e -p "$zp") || fail "koan -e exited $?"
[[ $out == "Beautiful is better than "* ]] || fail "koan -e said: $out"
wait_log k "sent 24 bytes of an unfinished question, then closed"

# calc in a pipeline: the welcome, then one reply per line, CR LF as LF.
out=$(printf '1,2\nproduct\n3,4\n' | koan -P calc -p "$cp") || fail "koan -P calc exited $?"
want="<welcome: starting in sum mode>
Sum of input integers: '3'
<switching to product mode>
Product of input integers: '12'"
[ "$out" = "$want" ] || fail "calc pipeline: $out"
# --raw keeps the server's bytes; a last line without newline is answered.
printf '99999999999999999999,1\nx' | koan -P calc -p "$cp" --raw >"$tmp/raw" || fail "--raw exited $?"
printf "<welcome: starting in sum mode>\nSum of input integers: '100000000000000000000'\r\nERROR. Enter only integers separated by commas\n" >"$tmp/want"
cmp "$tmp/raw" "$tmp/want" || fail "calc --raw bytes differ"

# echo: quit ends the session with exit 0; lines after it are not sent.
out=$(printf "hello\nit's\nquit\nnot sent\n" | koan -P echo -p "$ep") || fail "koan -P echo exited $?"
want="Echoed: 'hello'
Echoed: \"it's\"
connection closed"
[ "$out" = "$want" ] || fail "echo pipeline: $out"
# Empty input: nothing sent, nothing printed, success.
out=$(koan -P echo -p "$ep" </dev/null) || fail "empty input exited $?"
[ -z "$out" ] || fail "empty input printed: $out"

# The server closing without a reply (an HTTP-looking first line) is a failure.
printf 'GET / HTTP/1.0\n' | koan -P echo -p "$ep" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 1 ] || fail "a request koand refuses: exit $rc, want 1"
grep -q "closed the connection" "$tmp/err" || fail "no reason given: $(cat "$tmp/err")"

# Nothing listening: exit 1 with a reason.
stop_pid "$koand_pid" || fail "koand exit status $?"
koan -p "$zp" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 1 ] || fail "no server: exit $rc, want 1"
grep -q "cannot connect" "$tmp/err" || fail "no server: $(cat "$tmp/err")"

# Options: --help succeeds, bad ones exit 2 with one line.
koan --help | grep -q "usage: koan" || fail "--help"
koan --version | grep -q "^koan [0-9]" || fail "--version"
for bad in "-x" "--bogus" "-p" "-p 0" "-p 70000" "-P smtp" "-t x" "-e -P calc" "a b"; do
    # shellcheck disable=SC2086
    koan $bad >/dev/null 2>"$tmp/err" </dev/null
    rc=$?
    [ $rc = 2 ] || fail "koan $bad: exit $rc, want 2"
    [ "$(wc -l <"$tmp/err")" = 1 ] || fail "koan $bad: $(cat "$tmp/err")"
done

# IPv6, where the machine has it.
if "$B/koand" --listen 'zen@[::1]:0' 2>"$tmp/v6.log" & p=$!; started+=("$p"); sleep 0.3; grep -q listening "$tmp/v6.log"; then
    out=$(koan '[::1]' -p "$(port_of v6 zen)") || fail "koan [::1] exited $?"
    [ "$(wc -l <<<"$out")" = "$(zen_questions)" ] || fail "koan [::1]: $out"
    stop_pid "$p"
else
    skip_part "no IPv6 loopback here: the [::1] case did not run"
fi
echo "koan: zen, -e, calc and echo pipelines, exit statuses"
