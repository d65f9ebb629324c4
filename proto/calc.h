/* calc: the sum/product calculator (docs/protocols.md §2). */
#ifndef KOAN_CALC_H
#define KOAN_CALC_H
#include <gmp.h>
#include <string.h>

#include "runtime/proto.h"

typedef struct calc {
    parser h;           /* h.pending counts the current line's bytes */
    int cs;
    uint8_t product;    /* mode: 0 = sum, 1 = product */
    uint8_t neg;        /* the current field has a '-' */
    uint8_t big;        /* the current field has spilled into `field` */
    uint8_t started;    /* the line's first field is in the accumulator */
    uint8_t big_acc;    /* the accumulator has outgrown `sacc` into `acc` */
    uint8_t ndigits;    /* digits held in `small` (at most 19) */
    uint8_t ntree;      /* factors waiting in `tree` */
    uint8_t defer;      /* costly: the work left for the pool (enum calc_defer) */
    uint32_t nchunks;   /* 19-digit chunks spilled into `field` */
    uint32_t line_digits;   /* digits GMP has taken on this line, on the loop */
    uint32_t feed_digits;   /* ... and in this feed */
    uint64_t small;     /* the field's latest digits */
    int64_t sacc;       /* the line's sum or product while it fits */
    mpz_t field;        /* the field's earlier digits as chunks (calc_spill) */
    mpz_t acc;          /* the line's sum or product once it does not fit */
    mpz_t *tree;        /* a big product's pending factors (calc_tree_push) */
} calc;

/* calc_init: the machine at its start state, in sum mode (gen/calc.c). */
void calc_init(calc *c);
/* calc_feed: run the machine over data[0..n); returns the bytes consumed. */
size_t calc_feed(calc *c, const char *data, size_t n);

/* What a line that turned costly left undone when the feed stopped: the
 * fold of the field just ended, and for the last field the reply too. */
enum calc_defer { CALC_DEFER_NONE, CALC_DEFER_FIELD, CALC_DEFER_LIST };

/* CALC_COSTLY_DIGITS: a line is costly once the numbers GMP takes on it
 * hold more digits than this, or a feed's lines four times as many; its
 * arithmetic then leaves the event loop (runtime/proto.h). 1024 by
 * measurement: a product of 1024 digits takes about 7 us, a thread hop
 * about as long; the maximal line takes 2.7 ms (docs/bench.md). Tests
 * lower it through the parser's costly_at to send small lines to the
 * pool. */
#define CALC_COSTLY_DIGITS 1024

/* calc_spill: move the 19 digits in `small` into `field` as one chunk. */
void calc_spill(calc *c);

/* Hooks the machine calls. */

/* calc_digits8: how many of the 8 bytes at q are digits before the first one that is not
 * (0 to 8), and in *v the number those spell: the eight bytes are tested and
 * converted as one 64-bit word (little-endian), no branch per digit. */
static inline unsigned calc_digits8(const unsigned char *q, uint64_t *v)
{
    uint64_t x;
    memcpy(&x, q, 8);
    /* A byte is a digit when its high nibble is 3, and still is 3 after
     * adding 6; the first non-digit is the lowest flagged byte (a carry out
     * of a byte >= 0xfa only reaches bytes after it). */
    uint64_t bad = ((x & 0xF0F0F0F0F0F0F0F0ULL) ^ 0x3030303030303030ULL) |
                   (((x + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) ^ 0x3030303030303030ULL);
    unsigned k = bad ? (unsigned)__builtin_ctzll(bad) / 8 : 8;
    if (k == 0)
        return 0;
    /* The k digits as the low end of an 8-digit number with leading zeros,
     * then pairs, fours and eight at once. */
    x = (x - 0x3030303030303030ULL) << (8 * (8 - k));
    x = x * 10 + (x >> 8);
    x = (((x & 0x000000FF000000FFULL) * 0x000F424000000064ULL) +
         (((x >> 16) & 0x000000FF000000FFULL) * 0x0000271000000001ULL)) >> 32;
    *v = x;
    return k;
}

/* calc_digits: a run of digits starting at p: take them while they come and --max-line
 * allows (the first was counted by the machine); returns the last one
 * taken. Every digit passes through here, so it is inline and keeps the
 * field in registers: a call or a store per byte would cost more than the
 * parse. */
static inline const unsigned char *calc_digits(calc *c, const unsigned char *p,
                                               const unsigned char *pe, size_t *lenp,
                                               size_t max)
{
    uint64_t small = c->small;
    unsigned nd = c->ndigits;
    size_t len = *lenp;
    for (;;) {
        if (nd == 19) {
            c->small = small;
            c->ndigits = 19;
            calc_spill(c);
            small = 0;
            nd = 0;
        }
        small = small * 10 + (unsigned)(*p - '0');
        nd++;
        /* Most numbers end within the next 8 bytes: take them at once where
         * 8 can be read and the digits fit `small` and --max-line. */
        if (pe - p > 8) {
            static const uint32_t pow10_8[9] = {1, 10, 100, 1000, 10000, 100000, 1000000,
                                                10000000, 100000000};
            uint64_t v;
            unsigned k = calc_digits8(p + 1, &v);
            if (k > 0 && nd + k <= 19 && len + k <= max) {
                small = small * pow10_8[k] + v;
                nd += k;
                len += k;
                p += k;
                if (k < 8)
                    break;   /* the byte after them is no digit */
            }
        }
        if (p + 1 == pe || (unsigned)(p[1] - '0') >= 10 || len >= max)
            break;
        len++;
        p++;
    }
    c->small = small;
    c->ndigits = (uint8_t)nd;
    *lenp = len;
    return p;
}
/* calc_field_big: calc_field's slow road, GMP; 1 if the line turned costly. */
int calc_field_big(calc *c);

/* A field ends: fold it into the line's sum or product. Most lines are
 * small numbers, kept in an int64_t; GMP only when one does not fit.
 * Returns 1 if the line turned costly and the fold waits for the pool:
 * the machine must stop. */
static inline int calc_field(calc *c)
{
    if (!c->big && !c->big_acc && c->small <= (uint64_t)INT64_MAX) {
        int64_t v = c->neg ? -(int64_t)c->small : (int64_t)c->small, r;
        if (!c->started) {
            r = v;
        } else if (c->product ? __builtin_mul_overflow(c->sacc, v, &r)
                              : __builtin_add_overflow(c->sacc, v, &r)) {
            return calc_field_big(c);
        }
        c->sacc = r;
        c->started = 1;
        c->neg = 0;
        c->ndigits = 0;
        c->small = 0;
        return 0;
    }
    return calc_field_big(c);
}
/* calc_result: append the reply with the line's sum or product. */
void calc_result(calc *c);

/* The line's last field ends: fold it and reply, or leave both for the
 * pool (returns 1: the machine must stop). */
static inline int calc_list(calc *c)
{
    if (calc_field(c)) {
        c->defer = CALC_DEFER_LIST;
        return 1;
    }
    calc_result(c);
    return 0;
}
/* calc_mode: switch to product (1) or sum (0) mode and say so. */
void calc_mode(calc *c, int product);
/* calc_quit: reply "connection closed" and mark the parser done. */
void calc_quit(calc *c);
/* calc_bad: reply the error for a line that is not a list of integers. */
void calc_bad(calc *c);
/* calc_too_long: reply "Line too long" once the line passes --max-line. */
void calc_too_long(calc *c);

extern const proto proto_calc;
#endif
