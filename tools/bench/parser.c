/* koan-bench --parser: the real parsers, in-process, on a large pipelined
 * buffer, fed in the 16 KiB pieces the runtime reads at most per turn, with
 * the reply buffer emptied after each feed as the runtime's write would.
 * No socket is involved, so this is the ceiling the parsers put on koand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/registry.h"
#include "tools/bench/bench.h"

#define CHUNK (16 * 1024)
#define MIN_NS 1000000000ULL    /* repeat passes for at least a second */

typedef struct workload {
    const char *name;
    const char *proto;
    const char *setup;                /* fed once, untimed */
    const char *const *requests;      /* cycled through to fill the buffer */
} workload;

/* Every protocol's samples (its table's), then these loads of one calc
 * request each, whose figures docs/bench.md follows over time. */
static const char *const calc_sum[] = {"12345,67890\n", NULL};
static const char *const calc_prod[] = {
    "3141592653589793238462643383279502884197169399375105820974944592307816406286208998628034825342117067,"
    "2718281828459045235360287471352662497757247093699959574966967627724076630353547594571382178525166427\n",
    NULL,
};

static const workload extra[] = {
    {"calc-sum", "calc", NULL, calc_sum},
    {"calc-product", "calc", "product\n", calc_prod},
};

/* Whole requests only, so every pass ends where the next can begin. */
static char *fill(const workload *w, size_t want, size_t *len, uint64_t *nreq)
{
    char *b = malloc(want + 4096);
    size_t n = 0;
    uint64_t k = 0;
    for (const char *const *r = w->requests;; r = *(r + 1) ? r + 1 : w->requests) {
        size_t l = strlen(*r);
        if (n + l > want && k)
            break;
        if (n + l > want + 4096)
            bench_die("--bytes %zu holds no request", want);
        memcpy(b + n, *r, l);
        n += l;
        k++;
    }
    *len = n;
    *nreq = k;
    return b;
}

/* Feed p[0..n) in CHUNK pieces; returns the replies given. */
static uint64_t feed_all(const proto *pr, parser *ps, const char *p, size_t n)
{
    uint64_t replies = 0;
    for (size_t off = 0; off < n; off += CHUNK) {
        size_t k = n - off < CHUNK ? n - off : CHUNK;
        size_t used = pr->feed(ps, p + off, k);
        if (used != k || ps->error || ps->done)
            bench_die("the %s parser stopped after %zu of %zu bytes", pr->name, used, k);
        replies += ps->replies;
        ps->replies = 0;
        ps->out->len = 0;
    }
    return replies;
}

int bench_parsers(size_t bytes, int json)
{
    int status = 0;
    if (json)
        printf("{\"chunk\":%d,\"bytes\":%zu,\"parsers\":[", CHUNK, bytes);
    else
        printf("%-13s %12s %14s   (%.0f MiB buffer, %d KiB feeds)\n", "parser", "MB/s",
               "requests/s", (double)bytes / (1 << 20), CHUNK / 1024);
    int nproto = registry_count(), nextra = (int)(sizeof extra / sizeof extra[0]);
    for (int i = 0; i < nproto + nextra; i++) {
        const proto *pr = i < nproto ? registry_all()[i] : registry_find(extra[i - nproto].proto);
        if (!pr || (i < nproto && !pr->samples))
            continue;   /* a build without that protocol, or one without samples */
        workload own = {pr->name, pr->name, NULL, pr->samples};
        const workload *w = i < nproto ? &own : &extra[i - nproto];
        size_t len;
        uint64_t nreq;
        char *in = fill(w, bytes, &len, &nreq);
        buf out = {0};
        parser *ps = calloc(1, pr->size);
        ps->out = &out;
        ps->max_line = 65536;
        pr->init(ps);
        if (w->setup)
            feed_all(pr, ps, w->setup, strlen(w->setup));
        ps->replies = 0;
        out.len = 0;

        uint64_t t0 = bench_now(), t, done = 0, replies = 0;
        do {
            replies += feed_all(pr, ps, in, len);
            done++;
            t = bench_now();
        } while (t - t0 < MIN_NS);
        double secs = (double)(t - t0) / 1e9;
        double bps = (double)len * (double)done / secs;
        double rps = (double)replies / secs;
        if (replies != nreq * done) {
            fprintf(stderr, "koan-bench: %s: %llu replies to %llu requests\n", w->name,
                    (unsigned long long)replies, (unsigned long long)(nreq * done));
            status = 1;
        }
        if (json)
            printf("%s{\"name\":\"%s\",\"bytes_per_sec\":%.0f,\"requests_per_sec\":%.0f,"
                   "\"passes\":%llu}", i ? "," : "", w->name, bps, rps, (unsigned long long)done);
        else
            printf("%-13s %12.1f %14.0f\n", w->name, bps / 1e6, rps);
        pr->release(ps);
        free(ps);
        buf_free(&out);
        free(in);
    }
    if (json)
        printf("]}\n");
    return status;
}
