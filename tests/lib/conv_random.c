#include "tests/lib/conv_random.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/lib/conv.h"
#include "tests/lib/clock.h"
#include "tests/lib/koand.h"
#include "tests/lib/rng.h"
#include "tests/lib/session.h"
#include "tests/lib/show.h"
#include "tests/lib/tcp.h"

#define MAX_TOKENS 512

void text_put(text *t, const void *p, size_t n)
{
    if (t->cap - t->n < n + 1) {
        t->cap = (t->cap + n + 1) * 2;
        t->p = realloc(t->p, t->cap);
        assert_non_null(t->p);
    }
    memcpy(t->p + t->n, p, n);
    t->n += n;
}

static void text_puts(text *t, const char *s) { text_put(t, s, strlen(s)); }

static void text_putc(text *t, int c)
{
    char b = (char)c;
    text_put(t, &b, 1);
}

/* A protocol's tokens: its fuzz dictionary's entries, "..." with \xNN, \\
 * and \" escapes, one a line, # for comments. */
typedef struct tokens {
    const proto *pr;
    int n;
    char *s[MAX_TOKENS];
    size_t len[MAX_TOKENS];
} tokens;

static void tokens_read(tokens *tk, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[1024];
    while (tk->n < MAX_TOKENS && fgets(line, sizeof line, f)) {
        char *a = strchr(line, '"'), *z = strrchr(line, '"');
        if (line[0] == '#' || !a || z == a)
            continue;
        char *out = malloc((size_t)(z - a)), *o = out;
        assert_non_null(out);
        for (char *c = a + 1; c < z; c++) {
            if (*c == '\\' && c[1] == 'x' && c + 3 < z) {
                *o++ = (char)strtol((char[]){c[2], c[3], 0}, NULL, 16);
                c += 3;
            } else if (*c == '\\' && c + 1 < z) {
                *o++ = *++c;
            } else {
                *o++ = *c;
            }
        }
        tk->len[tk->n] = (size_t)(o - out);
        tk->s[tk->n++] = out;
    }
    fclose(f);
}

static const tokens *tokens_of(const proto *pr)
{
    static tokens cache[32];
    for (int i = 0; i < 32; i++) {
        if (cache[i].pr == pr)
            return &cache[i];
        if (!cache[i].pr) {
            char path[128];
            cache[i].pr = pr;
            snprintf(path, sizeof path, "fuzz/%s.dict", pr->name);
            tokens_read(&cache[i], path);
            return &cache[i];
        }
    }
    return &cache[0];
}

static const char *pick_sample(const proto *pr, uint64_t *r)
{
    size_t n = 0;
    while (pr->samples[n])
        n++;
    return pr->samples[rng_below(r, n)];
}

/* One piece of a conversation. */
static void put_piece(text *t, const proto *pr, uint64_t *r, size_t longest)
{
    const tokens *tk = tokens_of(pr);
    uint64_t kind = rng_below(r, 20);
    if (kind < 7) {
        text_puts(t, pick_sample(pr, r));
    } else if (kind < 9) {
        /* A request cut short, and the next one run into it. */
        const char *s = pick_sample(pr, r);
        text_put(t, s, rng_below(r, strlen(s)));
        text_puts(t, pick_sample(pr, r));
    } else if (kind < 14 && tk->n) {
        for (uint64_t k = 1 + rng_below(r, 4); k > 0; k--) {
            int i = (int)rng_below(r, (uint64_t)tk->n);
            text_put(t, tk->s[i], tk->len[i]);
        }
    } else if (kind < 16) {
        for (uint64_t k = rng_below(r, 40); k > 0; k--)
            text_putc(t, 0x20 + (int)rng_below(r, 95));
    } else if (kind < 17) {
        size_t k = rng_below(r, 20) == 0 ? 2000 + rng_below(r, 20000) : rng_below(r, 16);
        while (k-- > 0)
            text_putc(t, (int)rng_below(r, 256));
    } else if (kind < 18 && pr->lines) {
        /* A long line, maybe past --max-line. */
        for (size_t k = rng_below(r, longest + 1); k > 0; k--)
            text_putc(t, 0x20 + (int)rng_below(r, 95));
        text_puts(t, "\n");
    } else {
        text_puts(t, (const char *[]){" ", "\t", "\r\n", "\n", "\r"}[rng_below(r, 5)]);
    }
}

/* The bytes pr's parser consumes of in[0..n) before it is done, or n. */
static size_t consumed_until_done(const proto *pr, const char *in, size_t n, int *done)
{
    buf out = {0};
    parser *ps = conv_parser(pr, &out, 65536, 0);
    size_t used = pr->feed(ps, in, n);
    *done = ps->done;
    conv_parser_free(pr, ps);
    buf_free(&out);
    return used;
}

void conv_random(text *t, const proto *pr, uint64_t *r, size_t size, size_t longest,
                 int with_quit)
{
    t->n = 0;
    while (t->n < size)
        put_piece(t, pr, r, longest);
    /* A quit that came about by chance ends the conversation there. */
    int done;
    t->n = consumed_until_done(pr, t->p, t->n, &done);
    if (!done && with_quit && conv_quits(pr)) {
        text_puts(t, "quit\n");
        /* What follows quit is never answered. */
        if (rng_below(r, 2))
            text_puts(t, pr->samples[0]);
    }
    static const char *const guard[] = {"GET ", "POST ", "HEAD ", "Host:", "\x16\x03"};
    for (size_t i = 0; i < sizeof guard / sizeof guard[0]; i++) {
        size_t gl = strlen(guard[i]);
        if (t->n >= gl && memcmp(t->p, guard[i], gl) == 0) {
            text tmp = {0};
            text_puts(&tmp, pr->samples[0]);
            text_put(&tmp, t->p, t->n);
            free(t->p);
            *t = tmp;
            break;
        }
    }
    text_putc(t, 0);
    t->n--;
}
