#include "tests/lib/rows.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "runtime/buf.h"
#include "tests/lib/conv.h"

#define MAX_DEFS 64
#define MAX_GROUPS 64

typedef struct row {
    buf in, want;
    uint32_t max_line;
    int line;               /* where it is written */
} row;

typedef struct group {
    char name[64];
    const proto *pr;
    const char *path;
    row *rows;
    size_t n, cap;
    int at;                 /* the row running now; -1 when all passed */
    int budget;             /* run turn by turn under reply budgets */
} group;

typedef struct def {
    char name[32];
    buf value;
} def;

static def defs[MAX_DEFS];
static int ndefs;

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* One C string at s (its opening quote), decoded onto b; returns the byte
 * after its closing quote, or NULL if it does not close. \xNN takes at most
 * two hex digits, so "\xe2" "7" and "\xe27" are the same bytes. */
static const char *read_string(const char *s, buf *b)
{
    for (s++; *s && *s != '"'; s++) {
        if (*s != '\\') {
            buf_putc(b, *s);
            continue;
        }
        char c = *++s;
        int v = 0, k = 0;
        switch (c) {
        case 'n': buf_putc(b, '\n'); break;
        case 'r': buf_putc(b, '\r'); break;
        case 't': buf_putc(b, '\t'); break;
        case 'v': buf_putc(b, '\v'); break;
        case 'f': buf_putc(b, '\f'); break;
        case 'a': buf_putc(b, '\a'); break;
        case 'b': buf_putc(b, '\b'); break;
        case 'x':
            while (k < 2 && hexval(s[1]) >= 0)
                v = v * 16 + hexval(*++s), k++;
            if (!k)
                return NULL;
            buf_putc(b, (char)v);
            break;
        case 0:
            return NULL;
        default:
            if (c >= '0' && c <= '7') {
                v = c - '0';
                while (++k < 3 && s[1] >= '0' && s[1] <= '7')
                    v = v * 8 + (*++s - '0');
                buf_putc(b, (char)v);
            } else {
                buf_putc(b, c);   /* \\ \" \' \? */
            }
        }
    }
    return *s == '"' ? s + 1 : NULL;
}

/* The strings and defined names of s, joined onto b; 0, or -1. */
static int read_value(const char *s, buf *b)
{
    for (;;) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s || *s == '\n')
            return 0;
        if (*s == '"') {
            if (!(s = read_string(s, b)))
                return -1;
            continue;
        }
        size_t k = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789");
        int found = 0;
        for (int i = 0; i < ndefs && !found; i++)
            if (strlen(defs[i].name) == k && strncmp(defs[i].name, s, k) == 0) {
                buf_put(b, defs[i].value.data, defs[i].value.len);
                found = 1;
            }
        if (!k || !found)
            return -1;
        s += k;
    }
}

static row *group_add(group *g)
{
    if (g->n == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 64;
        g->rows = realloc(g->rows, g->cap * sizeof *g->rows);
        assert_non_null(g->rows);
    }
    row *r = &g->rows[g->n++];
    memset(r, 0, sizeof *r);
    return r;
}

/* The line of an earlier row run the same way with the same input and
 * limit as r (the last row of g), 0 if none: no row is written twice. */
static int row_repeated(const group *gs, int ngroups, const group *g, const row *r)
{
    for (int i = 0; i < ngroups; i++)
        for (size_t k = 0; k < gs[i].n; k++) {
            const row *o = &gs[i].rows[k];
            if (o != r && gs[i].budget == g->budget && o->max_line == r->max_line &&
                o->in.len == r->in.len && (r->in.len == 0 || memcmp(o->in.data, r->in.data, r->in.len) == 0))
                return o->line;
        }
    return 0;
}

/* Read the file into groups; the number of groups, or -1 after saying why. */
static int rows_load(const proto *pr, const char *path, group *gs)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "rows: cannot read %s\n", path);
        return -1;
    }
    char line[1 << 16];
    int ngroups = 0, lineno = 0, bad = 0;
    uint32_t max_line = 65536;
    row *pending = NULL;
    while (!bad && fgets(line, sizeof line, f)) {
        lineno++;
        char *s = line + strspn(line, " \t");
        group *g = ngroups ? &gs[ngroups - 1] : NULL;
        if (*s == '#' || *s == '\n' || !*s)
            continue;
        if (*s == '[' && ngroups < MAX_GROUPS) {
            g = &gs[ngroups++];
            memset(g, 0, sizeof *g);
            snprintf(g->name, sizeof g->name, "%.*s", (int)strcspn(s + 1, "]"), s + 1);
            g->pr = pr;
            g->path = path;
        } else if (strncmp(s, "def ", 4) == 0 && ndefs < MAX_DEFS) {
            def *d = &defs[ndefs];
            s += 4 + strspn(s + 4, " ");
            size_t k = strcspn(s, " \t");
            snprintf(d->name, sizeof d->name, "%.*s", (int)k, s);
            memset(&d->value, 0, sizeof d->value);
            bad = read_value(s + k, &d->value) < 0;
            ndefs++;
        } else if (strncmp(s, "budget", 6) == 0 && g && g->n == 0) {
            g->budget = 1;
        } else if (strncmp(s, "max ", 4) == 0) {
            max_line = (uint32_t)strtoul(s + 4, NULL, 10);
        } else if (strncmp(s, "in ", 3) == 0 && g) {
            pending = group_add(g);
            pending->line = lineno;
            pending->max_line = max_line;
            max_line = 65536;
            bad = read_value(s + 3, &pending->in) < 0;
        } else if (strncmp(s, "want ", 5) == 0 && pending) {
            bad = read_value(s + 5, &pending->want) < 0;
            int first = bad ? 0 : row_repeated(gs, ngroups, g, pending);
            if (first) {
                fprintf(stderr, "rows: %s:%d repeats the row of line %d\n", path, lineno, first);
                bad = 1;
            }
            pending = NULL;
        } else {
            bad = 1;
        }
    }
    fclose(f);
    if (bad) {
        fprintf(stderr, "rows: %s:%d: cannot read this line\n", path, lineno);
        return -1;
    }
    return ngroups;
}

static void run_group(void **state)
{
    group *g = *state;
    for (size_t i = 0; i < g->n; i++) {
        g->at = (int)i;
        row *r = &g->rows[i];
        if (g->budget)
            conv_expect_budget(g->pr, r->in.data ? r->in.data : "", r->in.len,
                               r->want.data ? r->want.data : "", r->want.len, r->max_line);
        else
            conv_expect(g->pr, r->in.data ? r->in.data : "", r->in.len,
                        r->want.data ? r->want.data : "", r->want.len, 1, r->max_line);
    }
    g->at = -1;
}

/* After a group: name the row that failed, if one did. */
static int group_done(void **state)
{
    group *g = *state;
    if (g->at >= 0 && (size_t)g->at < g->n)
        fprintf(stderr, "rows: the failing row is %s:%d\n", g->path, g->rows[g->at].line);
    return 0;
}

int rows_run(const proto *pr, const char *path, const char *title)
{
    static group gs[MAX_GROUPS];
    ndefs = 0;
    int n = rows_load(pr, path, gs);
    if (n <= 0) {
        printf("[  FAILED  ] 1 test(s): %s\n", path);
        return 1;
    }
    struct CMUnitTest tests[MAX_GROUPS];
    for (int i = 0; i < n; i++)
        tests[i] = (struct CMUnitTest){gs[i].name, run_group, NULL, group_done, &gs[i]};
    int failed = _cmocka_run_group_tests(title, tests, (size_t)n, NULL, NULL);
    for (int i = 0; i < n; i++) {
        for (size_t k = 0; k < gs[i].n; k++) {
            buf_free(&gs[i].rows[k].in);
            buf_free(&gs[i].rows[k].want);
        }
        free(gs[i].rows);
    }
    for (int i = 0; i < ndefs; i++)
        buf_free(&defs[i].value);
    return failed;
}
