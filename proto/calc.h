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
    uint64_t small;     /* the field's latest digits */
    int64_t sacc;       /* the line's sum or product while it fits */
    mpz_t field;        /* the field's earlier digits, once there are > 19 */
    mpz_t acc;          /* the line's sum or product once it does not fit */
} calc;

void calc_init(calc *c);
size_t calc_feed(calc *c, const char *data, size_t n);

/* calc_spill: move the 19 digits in `small` into `field`. */
void calc_spill(calc *c);

/* Hooks the machine calls. calc_digit runs for every digit, so it is
 * inline: a call per byte would cost more than the parse. */
static inline void calc_digit(calc *c, unsigned d)
{
    if (c->ndigits == 19)
        calc_spill(c);
    c->small = c->small * 10 + d;
    c->ndigits++;
}
void calc_field(calc *c);
void calc_result(calc *c);
void calc_mode(calc *c, int product);
void calc_quit(calc *c);
void calc_bad(calc *c);
void calc_too_long(calc *c);

extern const proto proto_calc;
#endif
