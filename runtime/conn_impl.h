/* conn_impl: the connection's insides, private to runtime/conn*.c: conn.c
 * (the lifecycle, input and output), conn_wait.c (the WAITING state: a
 * costly request on the compute pool), conn_tick.c (deadlines and the
 * graceful stop) and conn_move.c (a live upgrade's hand-over). Nothing else
 * includes this. */
#ifndef KOAN_CONN_IMPL_H
#define KOAN_CONN_IMPL_H
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/conn.h"
#include "runtime/guard.h"
#include "runtime/loop.h"
#include "runtime/metrics.h"
#include "runtime/net.h"
/* Input kept for a later turn: a read's worth, and the guard's bytes that
 * come before it when the guard lets them through. */
#define IN_CAP (READ_CHUNK + GUARD_BYTES)

/* Why we closed on our own initiative, for the close log line. */
enum conn_reason {
    WHY_NONE, WHY_QUIT, WHY_SHUTDOWN, WHY_IDLE, WHY_REQUEST, WHY_SEND, WHY_HTTP_TLS,
    WHY_DEADLINE,
};
struct conn {
    int fd;
    uint8_t state;
    uint8_t peer_eof;        /* the peer shut its write side */
    uint8_t reason;          /* enum conn_reason */
    uint8_t queued;          /* in the server's list of leftover input */
    uint8_t guard_len;       /* first bytes held until they are not HTTP/TLS */
    uint8_t guard_done;
    uint8_t stopping;        /* the server is stopping: read only stop_left */
    uint8_t in_request;      /* a request is unfinished since request_at */
    uint8_t finished;        /* after the peer's EOF, the protocol's finish was called */
    uint8_t orphan;          /* closed while its job runs: freed when the job ends */
    uint8_t guard[GUARD_BYTES];
    int fail_errno;          /* why the socket failed, 0 if it did not */
    const listener *l;
    buf out;                 /* replies the socket has not taken yet */
    char *in;                /* input the parser's budget left for next turn */
    uint32_t in_len;
    uint32_t stop_left;      /* bytes received before the stop signal, unread */
    /* Times in the loop's milliseconds, truncated to 32 bits to keep an idle
     * connection small; compared by wrapping difference (ms_since), which
     * holds for spans under 24 days — the longest timeout config allows. */
    uint32_t linger_at;      /* lingering began */
    uint32_t active_at;      /* last complete request, reply or write */
    uint32_t request_at;     /* the unfinished request began */
    uint32_t stalled_at;     /* replies waiting with no write progress since */
    struct conn_job *job;    /* WAITING: the pool is computing for this parser */
    /* koan_request_duration_seconds: replies made and not yet written,
     * timed from the read that completed the first of them. */
    uint32_t owed;
    uint64_t read_ns;        /* the last read, on metrics_clock_ns */
    uint64_t owed_ns;
    peer_addr peer;
    alignas(max_align_t) unsigned char state_mem[];   /* the parser's state */
};

static inline parser *conn_parser(conn *c) { return (parser *)c->state_mem; }
/* conn_metrics: the figures of c's protocol in this process's slot. */
static inline metrics_proto *conn_metrics(const conn *c) { return metrics_of(c->l->unit); }

/* conn_count: a feed's replies (ps->replies > 0) into the counters; their
 * clock started at the read that brought their last bytes. */
static inline void conn_count(conn *c, parser *ps)
{
    metrics_proto *m = conn_metrics(c);
    m->requests += ps->replies;
    m->bad += ps->bad;
    ps->bad = 0;
    if (!c->owed)
        c->owed_ns = c->read_ns;
    c->owed += ps->replies;
}

/* conn_replied: c's output is all written: the requests it answered are
 * timed, together (one batch, one read, one write). */
static inline void conn_replied(conn *c)
{
    if (c->owed && !c->out.len) {
        metrics_observe(conn_metrics(c), c->owed, metrics_clock_ns() - c->owed_ns);
        c->owed = 0;
    }
}

/* conn_gauge: c leaves state from for state to (the open-by-state gauge). */
static inline void conn_gauge(conn *c, int from, int to)
{
    metrics_proto *m = conn_metrics(c);
    m->open[from]--;
    m->open[to]++;
}
static inline uint32_t now32(const server *s) { return (uint32_t)loop_now_ms(s->lo); }
static inline uint32_t ms_since(uint32_t now, uint32_t then) { return now - then; }

/* conn_event: c meets event ev; the table says where it goes. */
void conn_event(server *s, conn *c, int ev);
/* conn_watch: tell the loop what c waits for, given its state and output. */
void conn_watch(server *s, conn *c);
/* conn_flush: write c->out (the connection's pending replies) to the
 * socket; raises FLUSHED, DRAINED or FAIL. */
void conn_flush(server *s, conn *c);
/* conn_parse: feed p[0..n) (or keep it while a request is costly); 0 once
 * the parser wants nothing more. */
int conn_parse(server *s, conn *c, const char *p, size_t n);
/* conn_parsed: the bookkeeping after a feed that consumed `used` of n. */
int conn_parsed(server *s, conn *c, const char *p, size_t n, size_t used);
/* conn_settle: after a parse: emit, quit, offload a request gone costly. */
void conn_settle(server *s, conn *c, int more, int offload);
/* conn_eof_step: go on answering what the peer's EOF completes. */
void conn_eof_step(server *s, conn *c);
/* conn_check_stop: stopping, and all that came before the signal parsed: close. */
void conn_check_stop(server *s, conn *c);
/* conn_offload: the rest of a costly request (the input kept, or the
 * finish) to the compute pool; c waits. */
void conn_offload(server *s, conn *c, int finish);
/* conn_free: release c and all it holds (its socket is closed already). */
void conn_free(conn *c);
/* conn_create: a connection for socket fd of listener l, its parser at
 * its start (whatever greeting it made waiting in s->scratch), entered in
 * the server's tables; NULL if out of memory. */
conn *conn_create(server *s, const listener *l, int fd, const peer_addr *peer);
/* conn_begin: send what c has pending and watch it; frees it if that
 * already closed it. */
void conn_begin(server *s, conn *c);

#endif
