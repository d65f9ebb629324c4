/* calc oracle (docs/protocols.md §2): each line, once stripped, is a word or a
 * list of int() fields; the list is summed or multiplied exactly (GMP). */
#include <gmp.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"

/*!include:re2c "common.re" */

/*!re2c
    re2c:flags:utf-8 = 1;
    re2c:define:YYCTYPE = "unsigned char";
    re2c:yyfill:enable = 0;
*/

#define ERROR_LINE "ERROR. Enter only integers separated by commas\n"

enum kind { BAD, QUIT, SUM, PRODUCT, LIST };

/* What the stripped content s (ending in an LF sentinel) is. */
static enum kind classify(const unsigned char *s)
{
    const unsigned char *YYCURSOR = s, *YYMARKER = s;
    /*!re2c
        // No LF is ever inside a line: the one here is the sentinel.
        space = int_space \ "\n";
        digits = [0-9] ("_"? [0-9])*;
        field = space* [+-]? digits space*;

        "quit\n"                { return QUIT; }
        "sum\n"                 { return SUM; }
        "product\n"             { return PRODUCT; }
        field ("," field)* "\n" { return LIST; }
        *                       { return BAD; }
    */
}

/* Fold the fields of a well-formed list into acc. Only ASCII digits, the
 * signs and commas are ASCII in a list, so a byte walk finds them. */
static void evaluate(const unsigned char *s, size_t n, int product, mpz_t acc)
{
    char *digits = malloc(n + 1);
    if (!digits)
        abort();
    mpz_t v;
    mpz_init(v);
    mpz_set_ui(acc, product ? 1 : 0);
    size_t nd = 0;
    int neg = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] >= '0' && s[i] <= '9') {
            digits[nd++] = (char)s[i];
        } else if (i < n && s[i] == '-') {
            neg = 1;
        } else if (i == n || s[i] == ',') {
            digits[nd] = 0;
            mpz_set_str(v, digits, 10);
            if (neg)
                mpz_neg(v, v);
            if (product)
                mpz_mul(acc, acc, v);
            else
                mpz_add(acc, acc, v);
            nd = 0;
            neg = 0;
        }
    }
    mpz_clear(v);
    free(digits);
}

typedef struct calc_state {
    int product;
} calc_state;

static int calc_line(void *ctx, const unsigned char *s, size_t len, size_t kept,
                     int valid, buf *out)
{
    (void)len;
    calc_state *st = ctx;
    if (!valid) {
        buf_put_lit(out, ERROR_LINE);
        return 0;
    }
    unsigned char *t = malloc(kept + 1);
    if (!t)
        abort();
    memcpy(t, s, kept);
    t[kept] = '\n';
    enum kind k = classify(t);
    int quit = 0;
    switch (k) {
    case QUIT:
        buf_put_lit(out, "connection closed\r\n");
        quit = 1;
        break;
    case SUM:
    case PRODUCT:
        st->product = k == PRODUCT;
        if (st->product)
            buf_put_lit(out, "<switching to product mode>\r\n");
        else
            buf_put_lit(out, "<switching to sum mode>\r\n");
        break;
    case LIST: {
        mpz_t acc;
        mpz_init(acc);
        evaluate(t, kept, st->product, acc);
        char *num = malloc(mpz_sizeinbase(acc, 10) + 2);
        if (!num)
            abort();
        mpz_get_str(num, 10, acc);
        if (st->product)
            buf_put_lit(out, "Product of input integers: '");
        else
            buf_put_lit(out, "Sum of input integers: '");
        buf_put(out, num, strlen(num));
        buf_put_lit(out, "'\r\n");
        free(num);
        mpz_clear(acc);
        break;
    }
    case BAD:
        buf_put_lit(out, ERROR_LINE);
        break;
    }
    free(t);
    return quit;
}

oracle_end oracle_calc(const char *in, size_t n, int eof, size_t max_line, buf *out)
{
    calc_state st = {0};
    buf_put_lit(out, "<welcome: starting in sum mode>\n");
    return oracle_lines(in, n, eof, max_line, "ERROR. Line too long\n", out,
                        calc_line, &st);
}
