/* calc's costly lines: which lines leave the event loop, and that a line
 * fed off the loop as the runtime does it (tests/lib/conv.c: conv_run_offload)
 * gets the very bytes it gets inline, however the input is split. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto/calc.h"
#include "tests/lib/conv.h"

static uint64_t rng = 0x16c0571eULL;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* n random digits, the first not 0. */
static void put_number(buf *b, size_t n)
{
    buf_putc(b, (char)('1' + next() % 9));
    for (size_t i = 1; i < n; i++)
        buf_putc(b, (char)('0' + next() % 10));
}

/* A line of k factors of d digits each. */
static void put_line(buf *b, size_t k, size_t d)
{
    for (size_t i = 0; i < k; i++) {
        put_number(b, d);
        buf_putc(b, i + 1 < k ? ',' : '\n');
    }
}

/* Feed in[0..n) as the runtime does; the off-loop calls it took. */
static size_t hops_of(const char *in, size_t n, size_t chunk)
{
    size_t len, hops, ilen;
    char *got = conv_run_offload(&proto_calc, in, n, chunk, 1, 1, 65536, 0, &len, &hops);
    char *want = conv_run(&proto_calc, in, n, chunk, 1, 1, 65536, &ilen);
    assert_int_equal(len, ilen);
    assert_memory_equal(got, want, len);
    free(got);
    free(want);
    return hops;
}

/* The common cases stay on the loop: small sums, and the bench's calc load
 * (two 100-digit factors a line, 16 lines a turn); a product of 17 factors
 * of 60 digits (1020 digits, about 7 us) too. */
static void small_lines_stay_inline(void **state)
{
    (void)state;
    buf in = {0};
    put_str(&in, "12345,67890\n-5,+7,1_000\n");
    for (int i = 0; i < 200; i++)
        put_str(&in, "9223372036854775807,-9223372036854775807\n");
    assert_int_equal(hops_of(in.data, in.len, 0), 0);
    buf_free(&in);
    put_str(&in, "product\n");
    for (int i = 0; i < 16; i++)
        put_line(&in, 2, 100);
    assert_int_equal(hops_of(in.data, in.len, 0), 0);
    buf_free(&in);
    put_str(&in, "product\n");
    put_line(&in, 17, 60);
    put_str(&in, "sum\n");
    put_line(&in, 1, 1000);
    assert_int_equal(hops_of(in.data, in.len, 0), 0);
    buf_free(&in);
}

/* Past the threshold the line leaves the loop: 18 factors of 60 digits;
 * one number of 1100 digits in sum mode; the maximal line (1070 factors of
 * 60 digits, 2.7 ms inline); and five lines of 900 digits in one turn,
 * which the per-feed count catches though none is costly alone. */
static void big_lines_leave_the_loop(void **state)
{
    (void)state;
    buf in = {0};
    put_str(&in, "product\n");
    put_line(&in, 18, 60);
    assert_true(hops_of(in.data, in.len, 0) >= 1);
    buf_free(&in);
    put_line(&in, 1, 1100);
    assert_true(hops_of(in.data, in.len, 0) >= 1);
    buf_free(&in);
    put_str(&in, "product\n");
    put_line(&in, 1070, 60);
    put_str(&in, "1,2\n");
    assert_int_equal(in.len, 8 + 1070 * 61 + 4);
    assert_true(hops_of(in.data, in.len, 0) >= 1);
    assert_true(hops_of(in.data, in.len, 16384) >= 4);   /* a hop per read */
    buf_free(&in);
    for (int i = 0; i < 5; i++)
        put_line(&in, 1, 900);
    assert_int_equal(hops_of(in.data, 4 * 901, 0), 0);
    assert_true(hops_of(in.data, in.len, 0) >= 1);
    buf_free(&in);
}

/* Random conversations of big and small lines, mode switches, bad and
 * overlong lines and a last line cut by the close, at several thresholds
 * and splits: fed off the loop or not, the same replies. */
static void random_conversations_alike(void **state)
{
    (void)state;
    static const uint32_t thresholds[] = {1, 19, 50, 1024};
    static const size_t chunks[] = {0, 1, 7, 100, 4096, SIZE_MAX};
    for (int conv = 0; conv < 40; conv++) {
        buf in = {0};
        int lines = 1 + (int)(next() % 12);
        for (int l = 0; l < lines; l++) {
            switch (next() % 8) {
            case 0:
                put_str(&in, next() % 2 ? "product\n" : "sum\n");
                break;
            case 1:   /* bad once the big fields are in */
                put_line(&in, 1 + next() % 20, 1 + next() % 80);
                in.data[in.len - 1] = ',';
                put_str(&in, next() % 2 ? "x\n" : "\n");
                break;
            case 2:   /* overlong */
                put_line(&in, 1100, 60);
                break;
            default:
                put_line(&in, 1 + next() % 60, 1 + next() % (next() % 4 ? 70 : 700));
            }
        }
        if (next() % 2)
            in.len--;   /* the last line ends at the close */
        for (size_t t = 0; t < sizeof thresholds / sizeof thresholds[0]; t++) {
            for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
                size_t ilen, olen, hops;
                char *want = conv_run(&proto_calc, in.data, in.len, chunks[c], (unsigned)conv, 1,
                                      65536, &ilen);
                char *got = conv_run_offload(&proto_calc, in.data, in.len, chunks[c],
                                             (unsigned)conv, 1, 65536, thresholds[t], &olen, &hops);
                if (olen != ilen || memcmp(got, want, ilen) != 0)
                    fprintf(stderr, "conversation %d, threshold %u, chunk %zu: differs\n", conv,
                            thresholds[t], chunks[c]);
                assert_int_equal(olen, ilen);
                assert_memory_equal(got, want, ilen);
                free(want);
                free(got);
            }
        }
        buf_free(&in);
    }
}

/* A costly line's state belongs to its parser alone: another connection's
 * parser, fed in between, is not disturbed (a pool thread and the loop
 * each touch one parser). */
static void parsers_independent(void **state)
{
    (void)state;
    buf big = {0}, out_a = {0}, out_b = {0};
    put_str(&big, "product\n");
    put_line(&big, 100, 60);
    parser *a = conv_parser(&proto_calc, &out_a, 65536, 0);
    parser *b = conv_parser(&proto_calc, &out_b, 65536, 0);
    a->offload = b->offload = 1;
    size_t used = proto_calc.feed(a, big.data, big.len);
    assert_true(used < big.len);
    assert_true(a->costly);
    assert_int_equal(proto_calc.feed(b, "1,2\n", 4), 4);
    assert_false(b->costly);
    a->offload = 0;
    a->budget = 1;
    a->replies = 0;
    assert_int_equal(proto_calc.feed(a, big.data + used, big.len - used), big.len - used);
    assert_false(a->costly);
    assert_int_equal(a->replies, 1);
    size_t ilen;
    char *want = conv_run(&proto_calc, big.data, big.len, 0, 0, 0, 65536, &ilen);
    assert_int_equal(out_a.len, ilen);
    assert_memory_equal(out_a.data, want, ilen);
    free(want);
    conv_parser_free(&proto_calc, a);
    conv_parser_free(&proto_calc, b);
    buf_free(&big);
    buf_free(&out_a);
    buf_free(&out_b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(small_lines_stay_inline),
        cmocka_unit_test(big_lines_leave_the_loop),
        cmocka_unit_test(random_conversations_alike),
        cmocka_unit_test(parsers_independent),
    };
    return cmocka_run_group_tests_name("calc costly lines", tests, NULL, NULL);
}
