/* What the calc protocol does with a recognized line: exact arithmetic. */
#include "proto/calc.h"

#include <stdlib.h>
#include <string.h>

/* 10^k for k digits held in a uint64_t. */
static const uint64_t pow10_u64[20] = {
    1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
    10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
    100000000000ULL, 1000000000000ULL, 10000000000000ULL,
    100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
    100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL,
};

#if GMP_NUMB_BITS != 64
#error "calc keeps 19-digit chunks in 64-bit GMP limbs"
#endif

/* A field of more than 19 digits keeps them as 19-digit chunks, one per
 * limb of `field`, most significant first, each stored plus one so that
 * none is zero (GMP drops high zero limbs when it normalizes). They become
 * a number only at the field's end (calc_field_value). Multiplying by 10^19
 * at every chunk instead took time quadratic in the digits: 10 ms for one
 * 65536-digit line, a cheap way for a client to stall the others. */
void calc_spill(calc *c)
{
    size_t n = c->nchunks;
    size_t want = n + 1 > (size_t)c->field->_mp_alloc ? 2 * (n + 1) : n + 1;
    mp_limb_t *d = mpz_limbs_modify(c->field, (mp_size_t)want);
    d[n] = c->small + 1;
    mpz_limbs_finish(c->field, (mp_size_t)(n + 1));
    c->nchunks = (uint32_t)(n + 1);
    c->big = 1;
    c->small = 0;
    c->ndigits = 0;
}

/* Exactly k decimal digits of u, zero-padded, at p. */
static void put_digits(uint64_t u, char *p, int k)
{
    while (k-- > 0) {
        p[k] = (char)('0' + u % 10);
        u /= 10;
    }
}

/* The spilled chunks and the digits in `small` become the number in
 * `field`: a few chunks by multiplying up, many through text, which GMP
 * converts in less than quadratic time. */
static void calc_field_value(calc *c)
{
    size_t n = c->nchunks;
    const mp_limb_t *d = mpz_limbs_read(c->field);
    if (n <= 32) {
        uint64_t chunk[32];
        for (size_t i = 0; i < n; i++)
            chunk[i] = d[i] - 1;
        mpz_set_ui(c->field, chunk[0]);
        for (size_t i = 1; i < n; i++) {
            mpz_mul_ui(c->field, c->field, pow10_u64[19]);
            mpz_add_ui(c->field, c->field, chunk[i]);
        }
    } else {
        char *text = malloc(19 * n + 1);
        if (!text)
            abort();
        for (size_t i = 0; i < n; i++)
            put_digits(d[i] - 1, text + 19 * i, 19);
        text[19 * n] = 0;
        mpz_set_str(c->field, text, 10);
        free(text);
    }
    mpz_mul_ui(c->field, c->field, pow10_u64[c->ndigits]);
    mpz_add_ui(c->field, c->field, c->small);
}

static void calc_reset_field(calc *c)
{
    c->neg = 0;
    c->big = 0;
    c->ndigits = 0;
    c->nchunks = 0;
    c->small = 0;
}

static void calc_reset_line(calc *c)
{
    calc_reset_field(c);
    c->started = 0;
    c->big_acc = 0;
    c->ntree = 0;
    c->h.pending = 0;
    c->h.costly = 0;
    c->line_digits = 0;
}

/* A big product is multiplied as a balanced tree, not factor by factor:
 * multiplying a growing product by one small factor at a time costs time
 * quadratic in its digits (5 ms for a 65536-byte line of small factors).
 * `acc` is the bottom of a stack of partial products in `tree`; one is
 * folded into the one below it while it has at least half that one's
 * limbs, so sizes at least double downwards and the stack stays shallow.
 * TREE_MAX only guards that bound. */
#define TREE_MAX 48

static mpz_ptr calc_tree_below(calc *c, int i) { return i ? c->tree[i - 1] : c->acc; }

static void calc_tree_push(calc *c, const mpz_t v)
{
    /* Two factors of a size (the common big product) need no stack. */
    if (c->ntree == 0 && 2 * mpz_size(v) >= mpz_size(c->acc)) {
        mpz_mul(c->acc, c->acc, v);
        return;
    }
    if (!c->tree) {
        c->tree = malloc(TREE_MAX * sizeof *c->tree);
        if (!c->tree)
            abort();
        for (int i = 0; i < TREE_MAX; i++)
            mpz_init(c->tree[i]);
    }
    if (c->ntree == TREE_MAX) {
        mpz_mul(calc_tree_below(c, TREE_MAX - 1), calc_tree_below(c, TREE_MAX - 1), c->tree[TREE_MAX - 1]);
        c->ntree--;
    }
    mpz_set(c->tree[c->ntree++], v);
    while (c->ntree > 0) {
        int top = c->ntree - 1;
        mpz_ptr below = calc_tree_below(c, top);
        if (2 * mpz_size(c->tree[top]) < mpz_size(below))
            break;
        mpz_mul(below, below, c->tree[top]);
        c->ntree--;
    }
}

/* The whole product into `acc`, smallest partial products first. */
static void calc_tree_fold(calc *c)
{
    while (c->ntree > 0) {
        int top = c->ntree - 1;
        mpz_ptr below = calc_tree_below(c, top);
        mpz_mul(below, below, c->tree[top]);
        c->ntree--;
    }
}

/* Fold `v` into the GMP accumulator. */
static void calc_fold_mpz(calc *c, const mpz_t v)
{
    if (c->product)
        calc_tree_push(c, v);
    else
        mpz_add(c->acc, c->acc, v);
}

/* The slow road of calc_field: a field or a result that does not fit an
 * int64_t, and every field after that on the line, as GMP numbers. */
static void calc_fold_field(calc *c)
{
    if (c->started && !c->big_acc)
        mpz_set_si(c->acc, c->sacc);
    c->big_acc = 1;
    if (c->big)
        calc_field_value(c);
    else
        mpz_set_ui(c->field, c->small);
    if (c->neg)
        mpz_neg(c->field, c->field);
    if (!c->started)
        mpz_set(c->acc, c->field);
    else
        calc_fold_mpz(c, c->field);
    c->started = 1;
    calc_reset_field(c);
}

/* Would this field make the line costly? What GMP costs grows with the
 * digits it converts and multiplies (a product's result has as many as its
 * factors together), so the digits it takes are counted: per line, so that
 * a big line leaves the loop before its big multiplications, and per feed,
 * so that many lines just under the mark cannot hold the loop either. */
static int calc_costly(calc *c)
{
    uint32_t d = c->big ? 19 * c->nchunks + c->ndigits : c->ndigits;
    c->line_digits += d;
    c->feed_digits += d;
    uint32_t at = c->h.costly_at ? c->h.costly_at : CALC_COSTLY_DIGITS;
    return c->line_digits > at || c->feed_digits > 4 * at;
}

int calc_field_big(calc *c)
{
    if (c->h.offload && calc_costly(c)) {
        c->h.costly = 1;
        c->defer = CALC_DEFER_FIELD;
        return 1;
    }
    calc_fold_field(c);
    return 0;
}

/* On the pool thread: the work the loop left when the line turned costly.
 * Returns 1 if that ended the line and spent the call's budget. */
static int calc_run_deferred(calc *c)
{
    int list = c->defer == CALC_DEFER_LIST;
    c->defer = CALC_DEFER_NONE;
    calc_fold_field(c);
    if (!list)
        return 0;
    calc_result(c);
    return parser_spent(&c->h);
}

/* "00" "01" ... "99": two digits per division when formatting. */
static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* Decimal digits of u, written at p; returns the end. Counting the digits
 * first lets them go straight to their place, with no copy after. */
static char *format_u64(uint64_t u, char *p)
{
    /* bits * log10(2) is the digit count or one short of it. */
    int n = ((64 - __builtin_clzll(u | 1)) * 1233) >> 12;
    n += n < 20 && u >= pow10_u64[n];
    n += n == 0;
    char *end = p + n;
    while (u >= 100) {
        const char *d = digit_pairs + (u % 100) * 2;
        u /= 100;
        *--end = d[1];
        *--end = d[0];
    }
    if (u >= 10) {
        *--end = digit_pairs[u * 2 + 1];
        *--end = digit_pairs[u * 2];
    } else {
        *--end = (char)('0' + u);
    }
    return p + n;
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
    static const char sum[] = "Sum of input integers: '";
    static const char product[] = "Product of input integers: '";
    buf *o = c->h.out;
    if (!c->big_acc) {
        /* The common case, written in place: prefix, digits, suffix. */
        if (o->cap - o->len < sizeof product + 24 + 3)
            buf_grow(o, sizeof product + 24 + 3);
        char *p = o->data + o->len;
        if (c->product) {
            memcpy(p, product, sizeof product - 1);
            p += sizeof product - 1;
        } else {
            memcpy(p, sum, sizeof sum - 1);
            p += sizeof sum - 1;
        }
        uint64_t u = (uint64_t)c->sacc;
        if (c->sacc < 0) {
            *p++ = '-';
            u = 0 - u;
        }
        p = format_u64(u, p);
        memcpy(p, "'\r\n", 3);
        o->len = (size_t)(p + 3 - o->data);
        c->h.replies++;
        calc_reset_line(c);
        return;
    }
    calc_tree_fold(c);
    if (c->product)
        buf_put(o, product, sizeof product - 1);
    else
        buf_put(o, sum, sizeof sum - 1);
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
    c->h.bad++;
}

/* The line is answered now; the machine drops the rest of it unread. */
void calc_too_long(calc *c)
{
    buf_put_lit(c->h.out, "ERROR. Line too long\n");
    c->h.replies++;
    c->h.too_long++;
    calc_reset_field(c);
    c->started = 0;
    c->big_acc = 0;
    c->ntree = 0;
    c->h.costly = 0;   /* the rest of the line is skipped: cheap */
    c->line_digits = 0;
}

static void calc_tree_free(calc *c)
{
    if (c->tree) {
        for (int i = 0; i < TREE_MAX; i++)
            mpz_clear(c->tree[i]);
        free(c->tree);
        c->tree = NULL;
    }
}

static void calc_proto_init(parser *ps)
{
    calc *c = (calc *)ps;
    mpz_init(c->field);
    mpz_init(c->acc);
    c->tree = NULL;
    c->ntree = 0;
    calc_init(c);
    buf_put_lit(c->h.out, "<welcome: starting in sum mode>\n");
}

/* GMP keeps a number's limbs until it is cleared: give them back once the
 * input read so far ends on a line boundary, so a connection that once sent
 * a 65536-digit line costs no more than any other while it waits. Once per
 * feed rather than per line: a pipelined batch of big lines reuses them. */
static void calc_release(calc *c)
{
    if (c->field->_mp_alloc > 1) {
        mpz_clear(c->field);
        mpz_init(c->field);
    }
    if (c->acc->_mp_alloc > 1) {
        mpz_clear(c->acc);
        mpz_init(c->acc);
    }
    calc_tree_free(c);
}

static size_t calc_proto_feed(parser *ps, const char *p, size_t n)
{
    calc *c = (calc *)ps;
    c->feed_digits = 0;
    size_t used = 0;
    /* A line's deferred end is a reply: it may spend the budget alone. */
    if (!(c->defer && calc_run_deferred(c)))
        used = calc_feed(c, p, n);
    if (c->h.pending == 0 && !c->defer)
        calc_release(c);
    return used;
}

/* A last line cut by the peer's close is answered as if its LF had come:
 * feeding the LF gives exactly the reply a terminated line would get, by
 * the one code path every other line takes. That LF may make the line
 * costly; the finish that the runtime then calls again off the loop only
 * runs what was deferred. */
static void calc_proto_finish(parser *ps)
{
    calc *c = (calc *)ps;
    c->feed_digits = 0;
    if (c->defer)
        calc_run_deferred(c);
    if (c->h.pending > 0 && !c->h.done)
        calc_feed(c, "\n", 1);
}

static void calc_proto_release(parser *ps)
{
    calc *c = (calc *)ps;
    mpz_clear(c->field);
    mpz_clear(c->acc);
    calc_tree_free(c);
}

/* A sum, one past int64, the two modes, a product, an error, int() forms. */
/* A live upgrade carries the mode: one byte, 1 for product. */
static size_t calc_proto_save(const parser *ps, uint8_t *out, size_t cap)
{
    if (cap < 1)
        return 0;
    out[0] = ((const calc *)ps)->product;
    return 1;
}

static void calc_proto_restore(parser *ps, const uint8_t *in, size_t n)
{
    ((calc *)ps)->product = n >= 1 && in[0] == 1;
}

static const char *const calc_samples[] = {
    "12345,67890\n", "12345678901234567890,-1\n", "product\n", "2,3\r\n",
    "x\n",           "sum\n",                      "1_000, +7\n", NULL,
};

const proto proto_calc = {
    .name = "calc",
    .port = 8080,
    .lines = 1,
    .size = sizeof(calc),
    .busy = "ERROR. Server busy\r\n",
    .unfinished = "line",
    .samples = calc_samples,
    /* The greeting, then at most the ERROR line (47 bytes) an empty line
     * earns per byte: a sum or product has no more digits than its fields. */
    .out_base = 32,
    .out_per_byte = 47,
    .init = calc_proto_init,
    .feed = calc_proto_feed,
    .finish = calc_proto_finish,
    .release = calc_proto_release,
    .save = calc_proto_save,
    .restore = calc_proto_restore,
};
