#!/bin/bash
# An operator adds an aphorism as the README's "Adding an aphorism" says --
# one line in grammar/zen.rl, then make -- on a scratch copy of the tree,
# with a line the README does not show. Then: gen/ is regenerated and
# matches the grammar (check-gen), the rebuilt koand answers the new
# question and the old ones, koan asks it, the unit tests pass, and the re2c
# oracle agrees with the new parser, since it takes its table from the
# grammar: a conversation holding the new question replays clean.
set -euo pipefail
. tests/helpers/lib.bash
. tests/helpers/scratch.bash
tree=$tmp/tree
scratch_tree "$tree"
cd "$tree"

# The new line goes right after the last aphorism, as a person would write it.
line="  | 'Sparse is better than?'    @{ ANSWER(\"Dense.\"); }"
awk -v add="$line" '/^aphorism =/ { in_t = 1 } in_t && /^ *;/ { print add; in_t = 0 } { print }' \
    grammar/zen.rl >grammar/zen.rl.new
mv grammar/zen.rl.new grammar/zen.rl
grep -qF "'Sparse is better than?'" grammar/zen.rl || fail "the line was not added"

make -s B=build all build/tests/test_zen build/tests/test_fuzz_zen \
    build/tests/test_fuzz_conn >"$tmp/make.log" 2>&1 || { cat "$tmp/make.log"; fail "make failed"; }
grep -q 'Dense\.' gen/zen.c || fail "gen/zen.c was not regenerated"
grep -qF 'ANSWER_ROW("Sparse is better than?", "Dense.")' gen/zen_answers.h ||
    fail "gen/zen_answers.h does not hold the new aphorism"
tools/check-gen.sh build >/dev/null || fail "check-gen fails after make"

B=build
start_koand k 1 --listen zen@127.0.0.1:0
port=$(port_of k zen)
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'Sparse is better than?Beautiful is better than?Dense is better than?' >&3
want='Dense.Ugly.Error: unknown aphorism.'
got=
IFS= read -r -t 5 -N ${#want} got <&3 || true
exec 3>&-
[ "$got" = "$want" ] || fail "want: $want; got: $got"

out=$(timeout 10 build/koan -p "$port") || fail "koan exited $?"
grep -qxF 'Sparse is better than? -> Dense.' <<<"$out" || fail "koan did not ask it: $out"
[ "$(wc -l <<<"$out")" = "$(grep -c '^ANSWER_ROW' gen/zen_answers.h)" ] || fail "koan asked: $out"

build/tests/test_zen >"$tmp/unit.log" 2>&1 || { cat "$tmp/unit.log"; fail "test_zen fails"; }
# A seed with the new aphorism, split every way the plan header allows:
# the parser, whole and chunked, and the oracle must give the same replies.
mkdir -p "$tmp/seeds"
for h in '\x00\x00\x00' '\x02\x00\x00' '\x20\x03\x00'; do
    printf '%bSparse is better than?Sparse is better than ?\r\nSparse is better than?' "$h" \
        >"$tmp/seeds/sparse-$RANDOM"
done
printf 'zen:\x00\x00\x00\x00Sparse is better than?Simple is better than?' >"$tmp/seeds/conn"
build/tests/test_fuzz_zen fuzz/corpus/zen "$tmp"/seeds/sparse-* >"$tmp/fuzz.log" 2>&1 ||
    { cat "$tmp/fuzz.log"; fail "the oracle and the parser disagree"; }
build/tests/test_fuzz_conn fuzz/corpus/conn "$tmp/seeds/conn" >"$tmp/conn.log" 2>&1 ||
    { cat "$tmp/conn.log"; fail "the runtime and the parser disagree"; }
stop_pid "$koand_pid" || fail "koand did not stop cleanly"
echo "an aphorism added to grammar/zen.rl is answered, asked by koan and agreed by the oracle"
