/* stats: a counter for every limit and event, and rate-limited log lines
 * for the limits (at most one line per kind per 10 s, with the count). */
#ifndef KOAN_STATS_H
#define KOAN_STATS_H
#include <stdint.h>

enum stat_kind {
    ST_ACCEPTED,        /* clients accepted */
    ST_REPLIES,         /* requests answered */
    ST_LINE_TOO_LONG,   /* lines over --max-line */
    ST_BACKPRESSURE,    /* times a client's replies passed --max-output */
    ST_SEND_TIMEOUT,    /* clients cut for taking no bytes for --send-timeout */
    ST_IDLE_TIMEOUT,    /* clients closed after --idle-timeout */
    ST_REQUEST_TIMEOUT, /* clients closed after --request-timeout */
    ST_BUSY,            /* clients turned away at --max-conns */
    ST_BUSY_PER_IP,     /* clients turned away at --max-conns-per-ip */
    ST_FD_SHED,         /* clients shed when out of file descriptors */
    ST_DENIED,          /* clients refused by --allow/--deny */
    ST_HTTP_TLS,        /* clients closed for a first request in HTTP or TLS */
    ST_LINGER_TIMEOUT,  /* lingering closes cut at 2 s */
    ST_COMPUTE_JOBS,    /* feeds of a costly request run on the compute pool */
    ST_COMPUTE_QUEUE,   /* of those, the ones that waited past --compute-queue */
    ST_N
};

/* This process's counters: its metrics slot's (runtime/metrics.h) once
 * the server has started, so a scrape reads them without a copy. */
extern uint64_t *stats;
extern const char *const stat_names[ST_N];
/* One line each, for a scrape's # HELP. */
extern const char *const stat_help[ST_N];

/* stats_get: counter kind as the log lines show it: the async runtime
 * counts requests and accepted clients per protocol, in its metrics slot
 * (runtime/metrics.h), and the blocking models here; this adds both. */
uint64_t stats_get(int kind);

/* stats_limit: count one occurrence of kind; log `what` unless a line of
 * this kind went out less than 10 s ago (now_ms: the loop's clock). */
void stats_limit(int kind, uint64_t now_ms, const char *what);
/* At most one stats line this often (ms) for SIGUSR1, however many come. */
#define STATS_SIGNAL_MS 1000

/* stats_line: all counters and the given gauges on one log line; signals
 * (when more than one) says how many SIGUSR1 it answers. */
void stats_line(int conns, int listeners, unsigned signals);

#endif
