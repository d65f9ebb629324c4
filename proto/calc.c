/* What the calc protocol does with a recognized line: exact arithmetic. */
#include "proto/calc.h"

#include <string.h>

/* 10^k for k digits held in a uint64_t. */
static const uint64_t pow10_u64[20] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
    10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
    100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
    100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL,
};

/* Shift the digits held in `small` into `field`: field = field*10^k + small.
 * Nineteen digits at a time keeps a 65536-digit field at a few thousand
 * bignum steps instead of one per digit. */
static void calc_spill(calc *c)
{
    if (!c->big) {
        mpz_set_ui(c->field, c->small);
        c->big = 1;
    } else {
        mpz_mul_ui(c->field, c->field, pow10_u64[c->ndigits]);
        mpz_add_ui(c->field, c->field, c->small);
    }
    c->small = 0;
    c->ndigits = 0;
}

void calc_digit(calc *c, unsigned d)
{
    if (c->ndigits == 19)
        calc_spill(c);
    c->small = c->small * 10 + d;
    c->ndigits++;
}

static void calc_reset_field(calc *c)
{
    c->neg = 0;
    c->big = 0;
    c->ndigits = 0;
    c->small = 0;
}

static void calc_reset_line(calc *c)
{
    calc_reset_field(c);
    c->started = 0;
    c->h.pending = 0;
}

void calc_field(calc *c)
{
    if (c->big) {
        calc_spill(c);
        if (c->neg)
            mpz_neg(c->field, c->field);
        if (!c->started)
            mpz_set(c->acc, c->field);
        else if (c->product)
            mpz_mul(c->acc, c->acc, c->field);
        else
            mpz_add(c->acc, c->acc, c->field);
    } else if (!c->started) {
        mpz_set_ui(c->acc, c->small);
        if (c->neg)
            mpz_neg(c->acc, c->acc);
    } else if (c->product) {
        mpz_mul_ui(c->acc, c->acc, c->small);
        if (c->neg)
            mpz_neg(c->acc, c->acc);
    } else if (c->neg) {
        mpz_sub_ui(c->acc, c->acc, c->small);
    } else {
        mpz_add_ui(c->acc, c->acc, c->small);
    }
    c->started = 1;
    calc_reset_field(c);
}

static void calc_reply(calc *c, const char *s, size_t n)
{
    buf_put(c->h.out, s, n);
    c->h.replies++;
    calc_reset_line(c);
}
#define REPLY(c, s) calc_reply((c), s, sizeof(s) - 1)

void calc_result(calc *c)
{
    buf *o = c->h.out;
    if (c->product)
        buf_put_lit(o, "Product of input integers: '");
    else
        buf_put_lit(o, "Sum of input integers: '");
    /* mpz_sizeinbase may overstate by one; room for sign and NUL too. */
    size_t room = mpz_sizeinbase(c->acc, 10) + 2;
    if (o->cap - o->len < room)
        buf_grow(o, room);
    mpz_get_str(o->data + o->len, 10, c->acc);
    o->len += strlen(o->data + o->len);
    REPLY(c, "'\r\n");
}

void calc_mode(calc *c, int product)
{
    c->product = (uint8_t)product;
    if (product)
        REPLY(c, "<switching to product mode>\r\n");
    else
        REPLY(c, "<switching to sum mode>\r\n");
}

void calc_quit(calc *c)
{
    REPLY(c, "connection closed\r\n");
    c->h.done = 1;
}

void calc_bad(calc *c)
{
    REPLY(c, "ERROR. Enter only integers separated by commas\n");
}

/* The line is answered now; the machine drops the rest of it unread. */
void calc_too_long(calc *c)
{
    buf_put_lit(c->h.out, "ERROR. Line too long\n");
    c->h.replies++;
    calc_reset_field(c);
    c->started = 0;
}

static void calc_proto_init(parser *ps)
{
    calc *c = (calc *)ps;
    mpz_init(c->field);
    mpz_init(c->acc);
    calc_init(c);
    buf_put_lit(c->h.out, "<welcome: starting in sum mode>\n");
}

static size_t calc_proto_feed(parser *ps, const char *p, size_t n)
{
    return calc_feed((calc *)ps, p, n);
}

/* A last line cut by the peer's close is answered as if its LF had come:
 * feeding the LF gives exactly the reply a terminated line would get, by
 * the one code path every other line takes. */
static void calc_proto_finish(parser *ps)
{
    calc *c = (calc *)ps;
    if (c->h.pending > 0 && !c->h.done)
        calc_feed(c, "\n", 1);
}

static void calc_proto_release(parser *ps)
{
    calc *c = (calc *)ps;
    mpz_clear(c->field);
    mpz_clear(c->acc);
}

const proto proto_calc = {
    .name = "calc",
    .port = 8080,
    .size = sizeof(calc),
    .busy = "ERROR. Server busy\r\n",
    .unfinished = "line",
    .init = calc_proto_init,
    .feed = calc_proto_feed,
    .finish = calc_proto_finish,
    .release = calc_proto_release,
};
