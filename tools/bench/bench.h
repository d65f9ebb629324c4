/* koan-bench: a closed-loop load generator and an in-process parser
 * benchmark. One thread, so that a run measures the server, never the
 * client's locking; see tools/bench/load.c for how it keeps up. */
#ifndef KOAN_BENCH_H
#define KOAN_BENCH_H
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* What one load run sends, expects and for how long. */
typedef struct bench_cfg {
    const char *host;
    const char *port;
    const char *name;       /* preset name, or "custom", for reports */
    int conns;              /* connections keeping `depth` requests in flight */
    int depth;
    int idle;               /* extra connections that only hold a descriptor */
    double seconds;         /* measured time */
    double warmup;          /* time run before measuring */
    double interval;        /* a connection's requests at least this far apart; 0: at once */
    char *request;          /* one request, sent `depth` at a time */
    size_t request_len;
    char *setup;            /* sent once per connection before any request */
    size_t setup_len;
    char *expect;           /* the reply every request should get; NULL: learn */
    size_t expect_len;
    unsigned char term;     /* last byte of every reply */
    int skip;               /* replies per connection not counted (welcome, setup) */
    int check;              /* compare reply bytes, not only count terminators */
    int json;
    int quiet;              /* no progress lines */
} bench_cfg;

/* Latency histogram, HDR-style: exact below 2^HIST_SUB_BITS ns, then
 * 2^(HIST_SUB_BITS-1) linear buckets per power of two, so every value is
 * kept to within 0.2% whatever its size, in a fixed 128 KiB table. */
#define HIST_SUB_BITS 10
#define HIST_MAX_BITS 40   /* 2^40 ns ≈ 18 minutes; longer counts as that */
#define HIST_BUCKETS ((HIST_MAX_BITS - HIST_SUB_BITS + 2) << (HIST_SUB_BITS - 1))

typedef struct hist {
    uint64_t count;
    uint64_t max;
    uint64_t b[HIST_BUCKETS];
} hist;

static inline unsigned hist_index(uint64_t v)
{
    if (v >> HIST_MAX_BITS)
        v = (1ULL << HIST_MAX_BITS) - 1;
    if (v < (1u << HIST_SUB_BITS))
        return (unsigned)v;
    unsigned shift = (unsigned)(63 - __builtin_clzll(v)) - (HIST_SUB_BITS - 1);
    return (shift << (HIST_SUB_BITS - 1)) + (unsigned)(v >> shift);
}

static inline void hist_record(hist *h, uint64_t v)
{
    h->b[hist_index(v)]++;
    h->count++;
    if (v > h->max)
        h->max = v;
}

/* hist_percentile: the value at or below which p percent of the recorded
 * values lie, as the top of its bucket (never above the maximum). */
uint64_t hist_percentile(const hist *h, double p);

/* The outcome of a load run. */
typedef struct bench_result {
    uint64_t requests;      /* replies received while measuring */
    double elapsed;         /* measured seconds */
    hist *lat;              /* send-to-reply times in ns, while measuring */
    uint64_t mismatches;    /* replies that differ from the expected one */
    uint64_t disconnects;   /* connections the server closed or reset */
    int stalled;            /* connections waiting over 2 s for a reply at the end */
    int alive;              /* load connections still open at the end */
    int interrupted;        /* SIGINT cut the run short */
} bench_result;

/* bench_resolve: the address of cfg's host and port. Exits on failure. */
void bench_resolve(const bench_cfg *cfg, struct sockaddr_storage *sa, socklen_t *len);
/* bench_probe: one connection, one request; fills cfg->expect when it is
 * NULL, else checks the server gives that reply. Exits on failure. */
void bench_probe(bench_cfg *cfg);
/* bench_run: the closed-loop run. Exits if it cannot connect. */
void bench_run(const bench_cfg *cfg, bench_result *res);
/* bench_parsers: the in-process parser benchmark; returns an exit status. */
int bench_parsers(size_t bytes, int json);

/* Helpers shared by the files above. */
uint64_t bench_now(void);   /* CLOCK_MONOTONIC in ns */
void bench_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* bench_quote: p[0..n) as a C string literal's contents, for messages. */
const char *bench_quote(const char *p, size_t n);

#endif
