/* metrics: the counters a Prometheus scrape reads (docs/protocols.md §8,
 * README "Metrics"). Each process that serves counts into a slot of its
 * own with plain stores -- one writer per slot, 64-bit aligned, so a
 * reader in another process never sees a torn value -- and a scrape sums
 * every slot. With --workers the slots live in one MAP_SHARED mapping made
 * before the fork, so any worker's scrape sees the whole server. */
#ifndef KOAN_METRICS_H
#define KOAN_METRICS_H
#include <stdint.h>
#include <time.h>

#include "runtime/buf.h"
#include "runtime/registry.h"
#include "runtime/stats.h"

/* Upper bounds of koan_request_duration_seconds' buckets, in ns: 10 us to
 * 1 s, 1-2.5-5 per decade; a last bucket (+Inf) takes the rest. */
#define METRICS_BUCKET_NS \
    10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000, 5000000, \
    10000000, 25000000, 50000000, 100000000, 250000000, 500000000, 1000000000
#define METRICS_BUCKETS 16
#define METRICS_STATES 8   /* room for the lifecycle's states (conn.h) */

/* One unit's figures in one process. */
typedef struct metrics_proto {
    uint64_t requests;    /* requests answered */
    uint64_t bad;         /* of those, answered with an error */
    uint64_t too_long;    /* lines cut at --max-line */
    uint64_t bytes_in, bytes_out;
    uint64_t accepted;    /* connections accepted */
    int64_t open[METRICS_STATES];            /* connections open, by state */
    uint64_t hist[METRICS_BUCKETS + 1];      /* requests by duration bucket */
    uint64_t hist_ns;                        /* their durations' sum */
} metrics_proto;

/* One process's slot. */
typedef struct metrics_slot {
    uint64_t stats[ST_N];                /* stats.h's counters (stats points here) */
    metrics_proto proto[REGISTRY_MAX];   /* by registry_index */
    int32_t pid;                         /* who writes it; 0: no one yet */
} metrics_slot;

/* The slot this process counts into. */
extern metrics_slot *metrics_me;

/* metrics_start: slots for n serving processes (n > 1: shared, for the
 * workers forked after this), the start time, and the upgrade count the
 * old process passed on; -1 if the mapping cannot be made. */
int metrics_start(int n);
/* metrics_worker: after the fork, worker i counts into slot i; the gauges
 * of a worker that ran there before are cleared. */
void metrics_worker(int i);
/* metrics_upgrades: live upgrades this server has gone through. */
uint64_t metrics_upgrades(void);
/* metrics_write: the exposition of every slot, summed, onto out (the
 * report the metrics unit sends). */
void metrics_write(buf *out);
/* metrics_escape: v as a label value (\\, \" and \n escaped) onto out. */
void metrics_escape(buf *out, const char *v);
/* metrics_own: this process's count of requests answered (which 0) or
 * connections accepted (which 1), over every unit: the log lines' figures. */
uint64_t metrics_own(int which);

/* The environment variable an old process passes its upgrade count in. */
#define METRICS_UPGRADES_ENV "KOAND_UPGRADES"

/* metrics_of: unit i's figures in this process's slot. */
static inline metrics_proto *metrics_of(int i) { return &metrics_me->proto[i]; }

/* metrics_clock_ns: the monotonic clock (a vDSO call, no system call). */
static inline uint64_t metrics_clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* metrics_observe: k requests that took ns each: most land in the first
 * buckets, so the scan ends after a comparison or two. */
static inline void metrics_observe(metrics_proto *m, uint64_t k, uint64_t ns)
{
    static const uint64_t le[METRICS_BUCKETS] = {METRICS_BUCKET_NS};
    int b = 0;
    while (b < METRICS_BUCKETS && ns > le[b])
        b++;
    m->hist[b] += k;
    m->hist_ns += k * ns;
}

#endif
