/* The zen parser: every SPEC example, whole, at every chunk size, at random splits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto/zen.h"
#include "tests/conv.h"

static void known_questions(void **state)
{
    (void)state;
    CONV(&proto_zen, "Beautiful is better than?", "Ugly.");
    CONV(&proto_zen, "Explicit is better than?", "Implicit.");
    CONV(&proto_zen, "Simple is better than?", "Complex.");
}

static void unknown_questions(void **state)
{
    (void)state;
    CONV(&proto_zen, "Complex is better than?", "Error: unknown aphorism.");
    CONV(&proto_zen, "?", "Error: unknown aphorism.");
    CONV(&proto_zen, "beautiful is better than?", "Error: unknown aphorism.");
    CONV(&proto_zen, "Beautiful is better than ?", "Error: unknown aphorism.");
    CONV(&proto_zen, "Beautiful is better than", "");
}

static void pipelined(void **state)
{
    (void)state;
    CONV(&proto_zen, "Beautiful is better than?Simple is better than?x?",
         "Ugly.Complex.Error: unknown aphorism.");
    CONV(&proto_zen, " \r\n\tExplicit is better than?\r\nBeautiful is better than?\n",
         "Implicit.Ugly.");
}

static void binary_and_telnet_bytes(void **state)
{
    (void)state;
    /* NUL, high bytes and a telnet IAC sequence are question text like any other. */
    conv_expect(&proto_zen, "\x00\xff\xfb\x01?Simple is better than?", 27,
                "Error: unknown aphorism.Complex.", 32, 1, 65536);
    CONV(&proto_zen, "\xe4\xb8\xad?\r\n\r\n?", "Error: unknown aphorism.Error: unknown aphorism.");
    /* Whitespace other than space, tab, CR, LF starts a question. */
    CONV(&proto_zen, "\vSimple is better than?", "Error: unknown aphorism.");
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
        cmocka_unit_test(unknown_questions),
        cmocka_unit_test(pipelined),
        cmocka_unit_test(binary_and_telnet_bytes),
        cmocka_unit_test(long_question_costs_nothing),
    };
    return cmocka_run_group_tests_name("zen parser", tests, NULL, NULL);
}
