#!/bin/bash
# make protocol NAME=kv on a scratch copy of the tree: only new files appear
# (git status), before and after make; the new protocol is served by koand
# (--listen, --help, koan -P), passes its own table test, the socket tests
# that run over every protocol and its corpus replay, and is fuzzed by make
# fuzz (where clang is installed). A name that is taken or no C identifier
# is refused with one line and exit status 2, writing nothing.
set -uo pipefail
. tests/helpers/lib.bash
. tests/helpers/scratch.bash
tree=$tmp/tree
scratch_tree "$tree"
cd "$tree"
only_new() { # what: every change since the scratch commit is a new file
    local changed
    changed=$(git status --porcelain --untracked-files=all | grep -v '^?? ' || true)
    [ -z "$changed" ] || fail "$1 changed existing files: $changed"
}

for bad in zen 9lives int 'a b' conn fuzz_x ''; do
    err=$(make -s protocol NAME="$bad" 2>&1 >/dev/null)
    st=$?
    [ $st = 2 ] || fail "make protocol NAME='$bad' exited $st, not 2"
    [ "$(wc -l <<<"$err")" = 1 ] || fail "make protocol NAME='$bad' said more than one line: $err"
    [ -z "$(git status --porcelain)" ] || fail "make protocol NAME='$bad' wrote files"
done

# kv, or the first of kv1, kv2, ... the tree does not hold already.
name=kv
for i in $(seq 50); do
    [ -z "$(tools/protocol.sh --check "$name")" ] && break
    name=kv$i
done
make -s protocol NAME=$name >"$tmp/protocol.log" 2>&1 || { cat "$tmp/protocol.log"; fail "make protocol failed"; }
only_new "make protocol"
[ -f grammar/$name.rl ] && [ -f proto/$name.c ] && [ -d fuzz/corpus/$name ] || fail "the unit was not written"
err=$(make -s protocol NAME=$name 2>&1 >/dev/null)
[ $? = 2 ] && grep -q taken <<<"$err" || fail "a second make protocol NAME=$name was not refused: $err"

make -s -j2 B=build all build/tests/test_$name build/tests/test_server_streams build/tests/test_server_random build/tests/test_fuzz_$name \
    build/tests/test_fuzz_conn >"$tmp/make.log" 2>&1 || { cat "$tmp/make.log"; fail "make failed"; }
only_new "make"
tools/check-gen.sh build >/dev/null || fail "check-gen fails on the new unit"

for t in test_$name test_fuzz_$name test_fuzz_conn test_server_streams test_server_random; do
    build/tests/$t >"$tmp/$t.log" 2>&1 || { cat "$tmp/$t.log"; fail "$t fails"; }
done
grep -q "corpus replay (fuzz/corpus/$name)" "$tmp/test_fuzz_$name.log" || fail "no $name corpus replayed"

build/koand --help | grep -qE "^ +$name +port [0-9]+$" || fail "koand --help does not list $name"
B=build
start_koand k 1 --listen "$name@127.0.0.1:0"
port=$(port_of k "$name")
out=$(printf 'ping\nhello\nquit\n' | timeout 10 build/koan -P "$name" -p "$port") || fail "koan -P $name exited $?"
[ "$out" = $'pong\nERROR. Unknown command\nconnection closed' ] || fail "$name said: $out"
stop_pid "$koand_pid" || fail "koand did not stop cleanly"

if command -v clang >/dev/null 2>&1 && [ -n "$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null)" ]; then
    make -s B=build fuzz FUZZERS=$name FUZZ_SECONDS=3 >"$tmp/fuzz.log" 2>&1 || { cat "$tmp/fuzz.log"; fail "make fuzz FUZZERS=$name"; }
    grep -qE "^$name +[0-9]+ .* ok$" "$tmp/fuzz.log" || { cat "$tmp/fuzz.log"; fail "$name was not fuzzed"; }
    fuzzed="fuzzed 3 s"
else
    fuzzed="not fuzzed"
    skip_part "no clang with libFuzzer here: the new protocol was not fuzzed"
fi
echo "make protocol NAME=$name: only new files; served, tested, $fuzzed"
