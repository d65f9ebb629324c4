/* calc: the sum/product calculator (SPEC section 2). */
#ifndef KOAN_CALC_H
#define KOAN_CALC_H
#include <gmp.h>

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
    uint32_t nchunks;   /* 19-digit chunks spilled into `field` */
    uint64_t small;     /* the field's latest digits */
    int64_t sacc;       /* the line's sum or product while it fits */
    mpz_t field;        /* the field's earlier digits as chunks (calc_spill) */
    mpz_t acc;          /* the line's sum or product once it does not fit */
    mpz_t *tree;        /* a big product's pending factors (calc_tree_push) */
} calc;

void calc_init(calc *c);
size_t calc_feed(calc *c, const char *data, size_t n);

/* calc_spill: move the 19 digits in `small` into `field` as one chunk. */
void calc_spill(calc *c);

/* Hooks the machine calls. */

/* A run of digits starting at p: take them while they come and --max-line
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
void calc_field_big(calc *c);

/* A field ends: fold it into the line's sum or product. Most lines are
 * small numbers, kept in an int64_t; GMP only when one does not fit. */
static inline void calc_field(calc *c)
{
    if (!c->big && !c->big_acc && c->small <= (uint64_t)INT64_MAX) {
        int64_t v = c->neg ? -(int64_t)c->small : (int64_t)c->small, r;
        if (!c->started) {
            r = v;
        } else if (c->product ? __builtin_mul_overflow(c->sacc, v, &r)
                              : __builtin_add_overflow(c->sacc, v, &r)) {
            calc_field_big(c);
            return;
        }
        c->sacc = r;
        c->started = 1;
        c->neg = 0;
        c->ndigits = 0;
        c->small = 0;
        return;
    }
    calc_field_big(c);
}
void calc_result(calc *c);
void calc_mode(calc *c, int product);
void calc_quit(calc *c);
void calc_bad(calc *c);
void calc_too_long(calc *c);

extern const proto proto_calc;
#endif
