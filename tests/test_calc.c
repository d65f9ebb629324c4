/* The calc parser (docs/protocols.md §2 and §4). Every example and rule is a
 * row of tests/rows/calc.rows, run whole, at every chunk size and at random
 * splits, with the peer's close at the end (tests/lib/rows.c); its replies were
 * computed with Python 3 (tests/py/model.py checks them again). Here: rows
 * too big to write down (numbers of thousands of digits), built at run time
 * from identities whose results have an obvious decimal form, and what the
 * parser head must say besides its replies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto/calc.h"
#include "tests/lib/conv.h"
#include "tests/lib/rows.h"


#define W "<welcome: starting in sum mode>\n"
#define ERR "ERROR. Enter only integers separated by commas\n"
#define LONG "ERROR. Line too long\n"
#define BYE "connection closed\r\n"
#define TO_SUM "<switching to sum mode>\r\n"
#define TO_PRODUCT "<switching to product mode>\r\n"
#define SUM(n) "Sum of input integers: '" n "'\r\n"
#define PRODUCT(n) "Product of input integers: '" n "'\r\n"


/* For sizes too big to try at every chunk size: whole, at the chunk sizes
 * around the 19-digit spill, at a few large ones and at random splits. */
static void expect_some_chunks(const char *in, size_t n, const char *want,
                               size_t wn, uint32_t max_line)
{
    static const size_t chunks[] = {0, 1, 2, 3, 7, 18, 19, 20, 21, 64, 1000, 4096, 65536};
    conv_expect_chunks(&proto_calc, in, n, want, wn, max_line, chunks,
                       sizeof chunks / sizeof chunks[0]);
}

/* Every number of digits from 1 to 100, so every position of the 19-digit
 * spill boundary is crossed, with results whose digits are known:
 * (10^k - 1) + 1 = 10^k, -(10^k - 1) + 1 = -(10^k - 2),
 * (10^k - 1)^2 = 9..9 8 0..0 1, and leading zeros that fill whole spills. */
static void every_digit_count(void **state)
{
    (void)state;
    for (size_t k = 1; k <= 100; k++) {
        buf in = {0}, want = {0};
        put_str(&want, W);
        /* 9..9,1 */
        put_rep(&in, '9', k), put_str(&in, ",1\n");
        put_str(&want, "Sum of input integers: '1"), put_rep(&want, '0', k), put_str(&want, "'\r\n");
        /* -9..9,1 */
        put_str(&in, "-"), put_rep(&in, '9', k), put_str(&in, ",1\n");
        put_str(&want, "Sum of input integers: '-"), put_rep(&want, '9', k - 1);
        put_str(&want, "8'\r\n");
        /* 0..01 and -10..0 round trip */
        put_rep(&in, '0', k), put_str(&in, "1\n");
        put_str(&want, SUM("1"));
        put_str(&in, "-1"), put_rep(&in, '0', k - 1), put_str(&in, "\n");
        put_str(&want, "Sum of input integers: '-1"), put_rep(&want, '0', k - 1);
        put_str(&want, "'\r\n");
        /* 9..9 * 9..9 */
        put_str(&in, "product\n");
        put_str(&want, TO_PRODUCT);
        put_rep(&in, '9', k), put_str(&in, ","), put_rep(&in, '9', k), put_str(&in, "\n");
        put_str(&want, "Product of input integers: '"), put_rep(&want, '9', k - 1);
        put_str(&want, "8"), put_rep(&want, '0', k - 1), put_str(&want, "1'\r\n");
        /* -10..0 * 10..0 = -10..0 with twice the zeros */
        put_str(&in, "-1"), put_rep(&in, '0', k), put_str(&in, ",1"), put_rep(&in, '0', k);
        put_str(&in, "\n");
        put_str(&want, "Product of input integers: '-1"), put_rep(&want, '0', 2 * k);
        put_str(&want, "'\r\n");
        conv_expect(&proto_calc, in.data, in.len, want.data, want.len, 1, 65536);
        buf_free(&in);
        buf_free(&want);
    }
}

/* Products of many factors, which calc multiplies as a tree: powers of ten
 * in every order of size (rising, falling, one big among many small, with
 * signs and a zero), so the product's digits are known: a sign, a 1 and
 * as many zeros as the exponents add up to. */
static void many_factors(void **state)
{
    (void)state;
    static const struct { int n, step; } runs[] = {{3000, 0}, {300, 1}, {300, -1}, {1000, 7}};
    for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
        buf in = {0}, want = {0};
        put_str(&want, W TO_PRODUCT);
        put_str(&in, "product\n");
        size_t zeros = 0;
        int neg = 0;
        for (int i = 0; i < runs[r].n; i++) {
            /* rising 1..300 zeros, falling 300..1, or every 7th one big */
            size_t k = runs[r].step == 1 ? (size_t)i + 1
                     : runs[r].step == -1 ? (size_t)(runs[r].n - i)
                     : runs[r].step == 7 ? (i % 7 ? 1 : 40) : 1;
            if (i % 3 == 1) {
                put_str(&in, "-");
                neg = !neg;
            }
            put_str(&in, "1"), put_rep(&in, '0', k), put_str(&in, i + 1 < runs[r].n ? "," : "\n");
            zeros += k;
        }
        put_str(&want, neg ? "Product of input integers: '-1" : "Product of input integers: '1");
        put_rep(&want, '0', zeros), put_str(&want, "'\r\n");
        /* and a zero among them makes it 0 */
        put_str(&in, "7,"), put_rep(&in, '9', 50), put_str(&in, ",0,-3\n");
        put_str(&want, PRODUCT("0"));
        expect_some_chunks(in.data, in.len, want.data, want.len, 65536);
        buf_free(&in);
        buf_free(&want);
    }
}

/* A 5000-digit number: X + X, X - X, X * -1, and 10^4999 squared. */
static void five_thousand_digits(void **state)
{
    (void)state;
    buf in = {0}, want = {0};
    put_str(&want, W);
    for (int i = 0; i < 500; i++)
        put_str(&in, "1234567890");
    put_str(&in, ",");
    for (int i = 0; i < 500; i++)
        put_str(&in, "1234567890");
    put_str(&in, "\n");
    put_str(&want, "Sum of input integers: '");
    for (int i = 0; i < 500; i++)
        put_str(&want, "2469135780");
    put_str(&want, "'\r\n");
    put_str(&in, "-");
    for (int i = 0; i < 500; i++)
        put_str(&in, "1234567890");
    put_str(&in, ",");
    for (int i = 0; i < 500; i++)
        put_str(&in, "1234567890");
    put_str(&in, "\nproduct\n");
    put_str(&want, SUM("0") TO_PRODUCT);
    for (int i = 0; i < 500; i++)
        put_str(&in, "1234567890");
    put_str(&in, ",-1\n1");
    put_str(&want, "Product of input integers: '-");
    for (int i = 0; i < 500; i++)
        put_str(&want, "1234567890");
    put_str(&want, "'\r\n");
    put_rep(&in, '0', 4999), put_str(&in, ",1"), put_rep(&in, '0', 4999), put_str(&in, "\n");
    put_str(&want, "Product of input integers: '1"), put_rep(&want, '0', 9998);
    put_str(&want, "'\r\n");
    expect_some_chunks(in.data, in.len, want.data, want.len, 65536);
    buf_free(&in);
    buf_free(&want);
}

/* The default --max-line: a 65536-byte line is a 65536-digit number,
 * served; one byte more is too long, and the next line is served. */
static void default_max_line(void **state)
{
    (void)state;
    buf in = {0}, want = {0};
    put_str(&want, W);
    put_str(&in, "1"), put_rep(&in, '0', 65535), put_str(&in, "\n");
    put_str(&want, "Sum of input integers: '1"), put_rep(&want, '0', 65535);
    put_str(&want, "'\r\n");
    put_str(&in, "1"), put_rep(&in, '0', 65536), put_str(&in, "\n7\n");
    put_str(&want, LONG SUM("7"));
    expect_some_chunks(in.data, in.len, want.data, want.len, 65536);
    buf_free(&in);
    buf_free(&want);
}

static calc *calc_new(buf *out, uint32_t max_line, uint32_t budget)
{
    return (calc *)conv_parser(&proto_calc, out, max_line, budget);
}

static void calc_free(calc *c)
{
    conv_parser_free(&proto_calc, &c->h);
}

/* quit is answered and consumes exactly through its line end's first byte
 * (the LF of its CR LF is the next feed's, never fed after done); the bytes
 * after it are left unread, and a close after it adds nothing. */
static void quit_stops_reading(void **state)
{
    (void)state;
    static const char in[] = "1,2\nquit \r\n3,4\n";
    buf out = {0};
    calc *c = calc_new(&out, 65536, 0);
    size_t used = proto_calc.feed(&c->h, in, sizeof in - 1);
    assert_int_equal(used, strlen("1,2\nquit \r"));
    assert_true(c->h.done);
    c->h.replies = 0;
    calc_free(c);
    buf_free(&out);
    out = (buf){0};
    c = calc_new(&out, 65536, 0);
    used = proto_calc.feed(&c->h, "1,2\nquit\n3,4\n", 14);
    assert_int_equal(used, strlen("1,2\nquit\n"));
    assert_true(c->h.done);
    assert_int_equal(c->h.replies, 2);
    proto_calc.finish(&c->h);
    assert_int_equal(out.len, strlen(W SUM("3") BYE));
    assert_memory_equal(out.data, W SUM("3") BYE, out.len);
    calc_free(c);
    buf_free(&out);
}

/* h.pending counts the bytes of the unfinished line, for the runtime's
 * logs and request timeout; a close answers that line. */
static void pending_bytes(void **state)
{
    (void)state;
    buf out = {0};
    calc *c = calc_new(&out, 65536, 0);
    assert_int_equal(proto_calc.feed(&c->h, "1,2\n12", 6), 6);
    assert_int_equal(c->h.pending, 2);
    assert_int_equal(proto_calc.feed(&c->h, ",3", 2), 2);
    assert_int_equal(c->h.pending, 4);
    assert_int_equal(proto_calc.feed(&c->h, "\r\n", 2), 2);
    assert_int_equal(c->h.pending, 0);
    assert_int_equal(proto_calc.feed(&c->h, "7", 1), 1);
    proto_calc.finish(&c->h);
    static const char want[] = W SUM("3") SUM("15") SUM("7");
    assert_int_equal(out.len, sizeof want - 1);
    assert_memory_equal(out.data, want, out.len);
    assert_int_equal(c->h.replies, 3);
    calc_free(c);
    buf_free(&out);
}

/* A connection that once sent a huge number holds no bignum memory once
 * its input ends on a line boundary (docs/protocols.md §4: only a connection mid-token
 * owns memory); in the middle of such a line it may. */
static void bignums_given_back(void **state)
{
    (void)state;
    enum { DIGITS = 20000 };
    char *line = malloc(DIGITS + 2);
    memset(line, '9', DIGITS);
    line[DIGITS] = ',';
    line[DIGITS + 1] = '9';
    buf out = {0};
    calc *c = calc_new(&out, 65536, 0);
    assert_int_equal(proto_calc.feed(&c->h, "product\n", 8), 8);
    assert_int_equal(proto_calc.feed(&c->h, line, DIGITS + 2), DIGITS + 2);
    assert_true(c->h.pending > 0);
    assert_int_equal(proto_calc.feed(&c->h, "\n", 1), 1);
    assert_int_equal(c->h.pending, 0);
    assert_true(c->field->_mp_alloc <= 1);
    assert_true(c->acc->_mp_alloc <= 1);
    /* And numbers still work afterwards: (10^20 - 1) squared. */
    assert_int_equal(proto_calc.feed(&c->h, "99999999999999999999,99999999999999999999\n", 42), 42);
    static const char tail[] = "Product of input integers: '9999999999999999999800000000000000000001'\r\n";
    assert_true(out.len > sizeof tail);
    assert_memory_equal(out.data + out.len - (sizeof tail - 1), tail, sizeof tail - 1);
    assert_true(c->field->_mp_alloc <= 1);
    assert_true(c->acc->_mp_alloc <= 1);
    calc_free(c);
    buf_free(&out);
    free(line);
}

/* Each too-long line is counted once for the stats, however long. */
static void too_long_counted(void **state)
{
    (void)state;
    static const char in[] = "123456789\n1\n12345678901234567890\n12345678\n";
    buf out = {0};
    calc *c = calc_new(&out, 8, 0);
    assert_int_equal(proto_calc.feed(&c->h, in, sizeof in - 1), sizeof in - 1);
    assert_int_equal(c->h.too_long, 2);
    assert_int_equal(c->h.replies, 4);
    /* A cut line stays unfinished until its LF, for the request timeout. */
    assert_int_equal(proto_calc.feed(&c->h, "123456789012", 12), 12);
    assert_int_equal(c->h.too_long, 3);
    assert_true(c->h.pending > 0);
    assert_int_equal(proto_calc.feed(&c->h, "3\n", 2), 2);
    assert_int_equal(c->h.pending, 0);
    assert_int_equal(c->h.too_long, 3);
    assert_int_equal(c->h.replies, 5);
    calc_free(c);
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_digit_count),
        cmocka_unit_test(five_thousand_digits),
        cmocka_unit_test(default_max_line),
        cmocka_unit_test(quit_stops_reading),
        cmocka_unit_test(pending_bytes),
        cmocka_unit_test(bignums_given_back),
        cmocka_unit_test(many_factors),
        cmocka_unit_test(too_long_counted),
    };
    /* The table, kept as data; then what a table cannot say. */
    int failed = rows_run(&proto_calc, "tests/rows/calc.rows", "calc parser: tests/rows/calc.rows");
    return failed + cmocka_run_group_tests_name("calc parser", tests, NULL, NULL);
}
