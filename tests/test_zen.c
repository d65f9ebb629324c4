/* The zen parser: every example of docs/protocols.md (zen) and every
 * aphorism of the grammar, whole, at every chunk size, at random splits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto/zen.h"
#include "tests/lib/conv.h"
#include "tests/zen_table.h"

/* CONV with a reply that is not a literal. */
static void conv_str(const char *in, const char *want)
{
    conv_expect(&proto_zen, in, strlen(in), want, strlen(want), 1, 65536);
}

static void known_questions(void **state)
{
    (void)state;
    CONV(&proto_zen, "Beautiful is better than?", "Ugly.");
    CONV(&proto_zen, "Explicit is better than?", "Implicit.");
    CONV(&proto_zen, "Simple is better than?", "Complex.");
}

/* Every aphorism the grammar holds is answered as the table says, alone,
 * after a terminal's whitespace, and all of them pipelined; and a near miss
 * of each -- another case, a space before the '?', one letter short --
 * gets what the table says of it (the unknown error, unless an operator
 * added that very question). */
static void every_aphorism(void **state)
{
    (void)state;
    char all_in[4096] = "", all_want[4096] = "";
    for (size_t i = 0; i < ZEN_TABLE_ROWS; i++) {
        const char *q = zen_table[i].question, *a = zen_table[i].answer;
        size_t n = strlen(q);
        assert_true(n >= 2 && q[n - 1] == '?');
        conv_str(q, a);
        char in[512];
        snprintf(in, sizeof in, " \r\n\t%s", q);
        conv_str(in, a);
        snprintf(all_in + strlen(all_in), sizeof all_in - strlen(all_in), "%s", q);
        snprintf(all_want + strlen(all_want), sizeof all_want - strlen(all_want), "%s", a);

        char near[512];
        snprintf(near, sizeof near, "%s", q);
        near[0] = (char)(near[0] ^ 0x20);   /* the first letter in the other case */
        conv_str(near, zen_reply(near));
        snprintf(near, sizeof near, "%.*s ?", (int)(n - 1), q);
        conv_str(near, zen_reply(near));
        snprintf(near, sizeof near, "%.*s?", (int)(n - 2), q);
        conv_str(near, zen_reply(near));
        /* Without its '?' it is unfinished: nothing at all. */
        conv_expect(&proto_zen, q, n - 1, "", 0, 1, 65536);
    }
    conv_str(all_in, all_want);
}

/* Questions unknown by construction: each holds a byte no aphorism does. */
static void unknown_questions(void **state)
{
    (void)state;
    assert_false(zen_table_holds(ZEN_ALIEN[0]));
    assert_false(zen_table_holds(0xff));
    CONV(&proto_zen, "Complex" ZEN_ALIEN " is better than?", ZEN_UNKNOWN);
    CONV(&proto_zen, ZEN_ALIEN "?", ZEN_UNKNOWN);
    CONV(&proto_zen, "Beautiful is better than\xff?", ZEN_UNKNOWN);
    CONV(&proto_zen, "Beautiful is better than" ZEN_ALIEN, "");
}

static void pipelined(void **state)
{
    (void)state;
    CONV(&proto_zen, "Beautiful is better than?Simple is better than?x" ZEN_ALIEN "?",
         "Ugly.Complex." ZEN_UNKNOWN);
    CONV(&proto_zen, " \r\n\tExplicit is better than?\r\nBeautiful is better than?\n",
         "Implicit.Ugly.");
}

static void binary_and_telnet_bytes(void **state)
{
    (void)state;
    /* NUL, high bytes and a telnet IAC sequence are question text like any
     * other (and, held by no aphorism, unknown). */
    assert_false(zen_table_holds(0));
    assert_false(zen_table_holds(0xe4));
    conv_expect(&proto_zen, "\x00\xff\xfb\x01?Simple is better than?", 27,
                ZEN_UNKNOWN "Complex.", 32, 1, 65536);
    CONV(&proto_zen, "\xe4\xb8\xad?\r\n\r\n" ZEN_ALIEN "?", ZEN_UNKNOWN ZEN_UNKNOWN);
    /* Whitespace other than space, tab, CR, LF starts a question: one no
     * aphorism can be, since none starts with \v. */
    assert_false(zen_table_holds('\v'));
    CONV(&proto_zen, "\vSimple is better than?", ZEN_UNKNOWN);
}

/* A question of any length is one unknown question, and its text is never
 * kept: only its byte count, for the close log. */
static void long_question_costs_nothing(void **state)
{
    (void)state;
    enum { N = 200000 };
    char *in = test_malloc(N);
    memset(in, 'a', N - 1);
    in[N - 1] = '?';
    size_t n;
    char *out = conv_run(&proto_zen, in, N, 4096, 0, 1, 65536, &n);
    assert_string_equal(out, "Error: unknown aphorism.");
    free(out);

    buf o = {0};
    zen z = {0};
    z.h.out = &o;
    zen_init(&z);
    assert_int_equal(zen_feed(&z, "  \r\nBeautiful is", 16), 16);
    assert_int_equal(z.h.pending, 12);
    assert_int_equal(zen_feed(&z, in, 1000), 1000);
    assert_int_equal(z.h.pending, 1012);
    assert_int_equal(zen_feed(&z, "?Simple", 7), 7);
    assert_int_equal(z.h.pending, 6);
    assert_int_equal(o.len, strlen("Error: unknown aphorism."));
    assert_true(sizeof(zen) <= 64);
    buf_free(&o);
    test_free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_questions),
        cmocka_unit_test(every_aphorism),
        cmocka_unit_test(unknown_questions),
        cmocka_unit_test(pipelined),
        cmocka_unit_test(binary_and_telnet_bytes),
        cmocka_unit_test(long_question_costs_nothing),
    };
    return cmocka_run_group_tests_name("zen parser", tests, NULL, NULL);
}
