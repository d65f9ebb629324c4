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
    uint8_t started;    /* acc holds the line's first field */
    uint8_t ndigits;    /* digits held in `small` (at most 19) */
    uint64_t small;     /* the field's latest digits */
    mpz_t field;        /* the field's earlier digits, once there are > 19 */
    mpz_t acc;          /* the line's sum or product so far */
} calc;

void calc_init(calc *c);
size_t calc_feed(calc *c, const char *data, size_t n);

/* Hooks the machine calls. */
void calc_digit(calc *c, unsigned d);
void calc_field(calc *c);
void calc_result(calc *c);
void calc_mode(calc *c, int product);
void calc_quit(calc *c);
void calc_bad(calc *c);
void calc_too_long(calc *c);

extern const proto proto_calc;
#endif
