/* engines: three small client engines against a koand under test -- many
 * short clients, a few streaming clients, a latency probe thread. Every
 * loop here is bounded in time. */
#ifndef KOAN_STRESS_ENGINES_H
#define KOAN_STRESS_ENGINES_H
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#include "tests/stress/facts.h"
#include "tests/lib/koand.h"
#include "tests/lib/proc.h"
#include "tests/stress/rss.h"

/* ---- many short clients: connect, one request, one answer ---- */
enum { BC_NEW, BC_CONNECTING, BC_WAITING, BC_SERVED, BC_ENDED };
typedef struct bconn {
    int fd;
    int proto;
    int port;        /* 0: the koand's port for proto */
    const char *src; /* source address, NULL any */
    int send_req;    /* send the protocol's request at once on connect */
    int state;
    int end; /* BC_ENDED: 1 end of stream, 2 reset/error */
    int err;
    double t0, t_served, t_end;
    size_t got;
    char data[FACTS_REP_MAX + 1];
} bconn;
/* batch_run: start every BC_NEW client (at most max_inflight unsettled at
 * once) and run until each is settled — answered in full (BC_SERVED, left
 * open) or ended — or timeout s pass. Returns how many settled. */
int batch_run(bconn *b, int n, const koand *k, int max_inflight, double timeout);
/* batch_close: close every open descriptor. */
void batch_close(bconn *b, int n);
/* batch_count: how many clients are in state `state`. */
int batch_count(const bconn *b, int n, int state);

/* ---- streaming clients: send a buffer, collect what comes back ---- */
typedef struct sconn {
    int fd;
    const char *out; /* bytes to send (not owned) */
    size_t out_len, out_off;
    size_t wchunk;        /* largest single send, 0 = no limit */
    int shut_after;       /* SHUT_WR once out is sent */
    int read_after_write; /* read nothing until out is sent */
    size_t rchunk;        /* read pace: rchunk bytes ... */
    double rgap;          /* ... every rgap s (0 = as fast as it comes) */
    size_t expect;        /* done once this many bytes read (0: at end of stream) */
    char *in;             /* what came back (first in_cap bytes) */
    size_t in_cap, in_len, in_total;
    size_t in_at_shut; /* in_total when SHUT_WR went out */
    int end;           /* 1 end of stream, 2 reset/error */
    int err, werr;     /* errno of a failed recv / send */
    int shut;
    double t_end, t_last_write;
    double next_read;
} sconn;
/* stream_run: run until every client is done (all sent, and expect bytes
 * read or end of stream) or timeout s; returns how many are done. */
int stream_run(sconn *c, int n, double timeout);

/* ---- a latency probe on its own thread ---- */
/* The probe sends its protocol's probe request (facts.h) and waits for
 * its reply, again and again. */
typedef struct probe {
    int port, proto;
    double interval; /* pause between requests */
    int max;         /* requests at most */
    double max_time; /* seconds at most */
    atomic_int stop;
    double *lat; /* seconds per request */
    int n;
    int fail;
    char why[160];
    pthread_t th;
} probe;
/* probe_start: run the probe on its own thread; 0, or an errno. */
int probe_start(probe *p);
/* probe_join: stop it and wait. */
void probe_join(probe *p);
/* probe_wait: wait for it to finish by itself. */
void probe_wait(probe *p);
/* probe_free: give back its latencies. */
void probe_free(probe *p);

#endif
