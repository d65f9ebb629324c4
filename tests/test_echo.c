/* The echo parser (docs/protocols.md §3 and §4). Every example and rule is a
 * row of tests/rows/echo.rows, run whole, at every chunk size and at random
 * splits, with the peer's close at the end (tests/lib/rows.c); its replies were
 * computed with Python 3, for each line
 *     s = line.decode('utf-8', 'surrogateescape').rstrip()
 *     'Echoed: ' + ascii(s) + '\r\n'
 * with each lone surrogate \udcNN that surrogateescape made of an invalid
 * byte shown as \xNN, which is what docs/protocols.md §3 means by "one per
 * byte" (tests/py/model.py checks them again). Here: lines too long to
 * write down, and what the parser head must say besides its replies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto/echo.h"
#include "tests/lib/conv.h"
#include "tests/lib/rows.h"


#define LONG "ERROR. Line too long\r\n"
#define BYE "connection closed\r\n"
#define ECHO(a) "Echoed: " a "\r\n"


/* For sizes too big to try at every chunk size. */
static void expect_some_chunks(const char *in, size_t n, const char *want,
                               size_t wn, uint32_t max_line)
{
    static const size_t chunks[] = {0, 1, 2, 3, 7, 64, 255, 256, 257, 4096, 65536};
    conv_expect_chunks(&proto_echo, in, n, want, wn, max_line, chunks,
                       sizeof chunks / sizeof chunks[0]);
}

/* The default --max-line: a 65536-byte line is served, whole; one byte
 * more is too long, and the next line is served. */
static void default_max_line(void **state)
{
    (void)state;
    buf in = {0}, want = {0};
    put_rep(&in, 'a', 65535), put_str(&in, "'\n");
    put_str(&want, "Echoed: \""), put_rep(&want, 'a', 65535), put_str(&want, "'\"\r\n");
    put_rep(&in, 'b', 65537), put_str(&in, "\nc\n");
    put_str(&want, LONG ECHO("'c'"));
    put_rep(&in, '\xe4', 65537);
    put_str(&want, LONG);
    expect_some_chunks(in.data, in.len, want.data, want.len, 65536);
    buf_free(&in);
    buf_free(&want);
}

/* Every line length up to 600, across each size the line buffer grows
 * through and the 256 bytes past which it is given back, ending in a
 * three-byte character that may straddle a growth. */
static void every_line_length(void **state)
{
    (void)state;
    for (size_t n = 0; n <= 600; n++) {
        buf in = {0}, want = {0};
        put_rep(&in, 'x', n), put_str(&in, "\n"), put_rep(&in, 'y', n), put_str(&in, "\xe4\xb8\xad\nz\n");
        put_str(&want, "Echoed: '"), put_rep(&want, 'x', n), put_str(&want, "'\r\n");
        put_str(&want, "Echoed: '"), put_rep(&want, 'y', n), put_str(&want, "\\u4e2d'\r\n");
        put_str(&want, ECHO("'z'"));
        expect_some_chunks(in.data, in.len, want.data, want.len, 65536);
        buf_free(&in);
        buf_free(&want);
    }
}

static echo *echo_new(buf *out, uint32_t max_line, uint32_t budget)
{
    return (echo *)conv_parser(&proto_echo, out, max_line, budget);
}

static void echo_free(echo *e)
{
    conv_parser_free(&proto_echo, &e->h);
}

/* quit is answered and consumes exactly through its LF; the bytes after it
 * are left unread, and a close after it adds nothing. */
static void quit_stops_reading(void **state)
{
    (void)state;
    static const char in[] = "a\nquit\xe3\x80\x80\nb\n";
    static const char want[] = ECHO("'a'") BYE;
    buf out = {0};
    echo *e = echo_new(&out, 65536, 0);
    size_t used = proto_echo.feed(&e->h, in, sizeof in - 1);
    assert_int_equal(used, sizeof in - 1 - 2);
    assert_true(e->h.done);
    assert_int_equal(e->h.replies, 2);
    proto_echo.finish(&e->h);
    assert_int_equal(out.len, sizeof want - 1);
    assert_memory_equal(out.data, want, out.len);
    echo_free(e);
    buf_free(&out);
}

/* h.pending counts the bytes of the unfinished line; a close answers it. */
static void pending_bytes(void **state)
{
    (void)state;
    static const char want[] = ECHO("'x'") ECHO("'ab\\xe4'");
    buf out = {0};
    echo *e = echo_new(&out, 65536, 0);
    assert_int_equal(proto_echo.feed(&e->h, "x\nab", 4), 4);
    assert_int_equal(e->h.pending, 2);
    assert_int_equal(proto_echo.feed(&e->h, "\xe4", 1), 1);
    assert_int_equal(e->h.pending, 3);
    proto_echo.finish(&e->h);
    assert_int_equal(e->h.pending, 0);
    assert_int_equal(out.len, sizeof want - 1);
    assert_memory_equal(out.data, want, out.len);
    echo_free(e);
    buf_free(&out);
}

/* A connection holds a long line's bytes only while the line lasts; a
 * too-long line is counted once for the stats. */
static void memory_given_back(void **state)
{
    (void)state;
    buf out = {0};
    echo *e = echo_new(&out, 1000, 0);
    char line[1001];
    memset(line, 'a', sizeof line);
    assert_int_equal(proto_echo.feed(&e->h, line, 1000), 1000);
    assert_true(e->cap > 1000);
    assert_int_equal(proto_echo.feed(&e->h, "\n", 1), 1);
    assert_true(e->cap <= 256);
    assert_int_equal(proto_echo.feed(&e->h, line, sizeof line), sizeof line);
    assert_int_equal(e->h.too_long, 1);
    assert_true(e->cap <= 256);
    /* A cut line stays unfinished until its LF, for the request timeout. */
    assert_true(e->h.pending > 0);
    assert_int_equal(proto_echo.feed(&e->h, line, sizeof line), sizeof line);
    assert_int_equal(proto_echo.feed(&e->h, "\n", 1), 1);
    assert_int_equal(e->h.too_long, 1);
    assert_int_equal(e->h.replies, 2);
    assert_int_equal(e->h.pending, 0);
    echo_free(e);
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_max_line),
        cmocka_unit_test(every_line_length),
        cmocka_unit_test(quit_stops_reading),
        cmocka_unit_test(pending_bytes),
        cmocka_unit_test(memory_given_back),
    };
    /* The table, kept as data; then what a table cannot say. */
    int failed = rows_run(&proto_echo, "tests/rows/echo.rows", "echo parser: tests/rows/echo.rows");
    return failed + cmocka_run_group_tests_name("echo parser", tests, NULL, NULL);
}
