#include "runtime/conn_impl.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/log.h"
#include "runtime/stats.h"
#include "runtime/upgrade.h"

static const char *const reason_text[] = {
    "", "after quit", "at shutdown", "after the idle timeout",
    "after the request timeout", "after the send timeout",
    "for an HTTP or TLS first request", "at the shutdown deadline",
};

#define R CONN_READING
#define B CONN_BLOCKED
#define D CONN_DRAINING
#define C CONN_CLOSING
#define L CONN_LINGERING
#define X CONN_CLOSED
#define W CONN_WAITING
/* WAITING ignores QUIT and TIMEOUT: what a stop or a limit asks is done
 * once the result is in, by the checks that follow any parse; only a
 * failed socket or the shutdown deadline cuts it short. */
const unsigned char conn_next[CONN_NSTATES][CONN_NEVENTS] = {
    /*               BACKLOG DRAINED EOF QUIT FLUSHED FAIL TIMEOUT ABORT COMPUTE COMPUTED */
    [CONN_READING]   = {B,   R,      D,  C,   R,      X,   C,      X,    W,      R},
    [CONN_BLOCKED]   = {B,   R,      D,  C,   R,      X,   C,      X,    W,      B},
    [CONN_DRAINING]  = {D,   D,      D,  D,   X,      X,   X,      X,    D,      D},
    [CONN_CLOSING]   = {C,   C,      C,  C,   L,      X,   X,      X,    C,      C},
    [CONN_LINGERING] = {L,   L,      X,  L,   L,      X,   X,      X,    L,      L},
    [CONN_CLOSED]    = {X,   X,      X,  X,   X,      X,   X,      X,    X,      X},
    [CONN_WAITING]   = {W,   W,      W,  W,   W,      X,   W,      X,    W,      R},
};
#undef R
#undef B
#undef D
#undef C
#undef L
#undef X
#undef W

const char *conn_state_name(int state)
{
    static const char *const names[] = {"reading", "blocked", "draining", "closing",
                                        "lingering", "closed", "waiting"};
    return state >= 0 && state < CONN_NSTATES ? names[state] : "?";
}


static void conn_log_close(conn *c)
{
    if (log_level < LOG_NORMAL)
        return;
    char who[PEER_TEXT];
    net_format_peer(&c->peer, who);
    const char *name = c->l->pr->name;
    const char *why = reason_text[c->reason];
    const char *sp = c->reason ? " " : "";
    parser *ps = conn_parser(c);
    if (c->out.len > 0)
        log_info("%s %s closed before we sent %zu bytes%s%s", name, who, c->out.len, sp, why);
    else if (c->job)   /* its parser is the pool's until the job ends */
        log_info("%s %s closed while its reply was computed%s%s", name, who, sp, why);
    else if (ps->pending > 0 && c->peer_eof)
        log_info("%s %s sent %zu bytes of an unfinished %s, then closed", name, who,
                 ps->pending, c->l->pr->unfinished);
    else if (c->fail_errno)
        log_info("%s %s closed: %s", name, who, strerror(c->fail_errno));
    else
        log_info("%s %s closed normally%s%s", name, who, sp, why);
}

static void conn_send(server *s, conn *c);
static void conn_on_ready(loop *lo, int fd, void *data, int mask);

/* What the loop should tell us about, given the state and pending output.
 * A connection with leftover input is not read until the leftover is
 * parsed: the server's queue feeds it, one budget per turn. */
void conn_watch(server *s, conn *c)
{
    int mask = 0;
    switch (c->state) {
    case CONN_READING:
        /* Read interest stays on while leftover input is parsed (it is not
         * read until the leftover is gone), so that a pipelined batch costs
         * no epoll_ctl; held replies (conn_emit) want no write interest. */
        mask = LOOP_READ | (c->out.len && !c->in_len ? LOOP_WRITE : 0);
        break;
    case CONN_BLOCKED:
    case CONN_DRAINING:
    case CONN_CLOSING:
        mask = LOOP_WRITE;
        break;
    case CONN_LINGERING:
        mask = LOOP_READ;
        break;
    case CONN_WAITING:
        /* Earlier replies still go out; nothing is read until the result
         * is in, so no more requests of this client are parsed meanwhile. */
        mask = c->out.len ? LOOP_WRITE : 0;
        break;
    default:
        return;
    }
    if (mask)
        loop_watch(s->lo, c->fd, mask, conn_on_ready, c);
    else
        loop_unwatch(s->lo, c->fd);
}

static void conn_queue(server *s, conn *c)
{
    if (c->in_len && c->state == CONN_READING && !c->queued) {
        c->queued = 1;
        s->queue[s->nqueue++] = c->fd;
    }
}

/* Write c->out, the replies pending on this connection, to the socket;
 * raise FLUSHED / DRAINED / FAIL as they happen. */
void conn_flush(server *s, conn *c)
{
    while (c->out.len > 0) {
        ssize_t w = send(c->fd, c->out.data, c->out.len, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            c->fail_errno = errno;
            conn_event(s, c, EV_FAIL);
            return;
        }
        buf_consume(&c->out, (size_t)w);
        conn_metrics(c)->bytes_out += (uint64_t)w;
        c->active_at = c->stalled_at = now32(s);
    }
    if (c->out.len == 0) {
        conn_replied(c);
        /* The buffer stays for the next batch while the client is busy;
         * conn_tick gives it back once the connection is idle. */
        conn_event(s, c, EV_FLUSHED);
    } else if (c->out.len <= s->cf->max_output) {
        conn_event(s, c, EV_DRAINED);
    }
    conn_queue(s, c);
}

/* Move the replies of the last parser call (in s->scratch, the loop's reply
 * buffer) toward the socket: sent straight from s->scratch when c->out holds
 * nothing before them, else appended to c->out and flushed. While the budget
 * leaves input of the same read for later turns, replies are held in c->out
 * (up to HOLD_BYTES) and go out with the batch's last ones: one send per
 * read, however many turns the batch takes. */
static void conn_emit(server *s, conn *c)
{
    buf *sc = &s->scratch;
    if (sc->len == 0)
        return;
    if (c->state == CONN_READING && (c->in_len || c->out.len)) {
        if (c->out.len == 0)
            c->stalled_at = now32(s);   /* the send clock starts with the hold */
        buf_put(&c->out, sc->data, sc->len);
        sc->len = 0;
        if (c->in_len && c->out.len <= HOLD_BYTES && c->out.len <= s->cf->max_output)
            return;
        conn_flush(s, c);
    } else {
        conn_send(s, c);
    }
    if (c->out.len > s->cf->max_output && c->state == CONN_READING) {
        stats[ST_BACKPRESSURE]++;
        conn_event(s, c, EV_BACKLOG);
    }
}

/* Send s->scratch (the loop's reply buffer) now, unless c->out already
 * holds replies to go first; what the socket does not take is appended to
 * c->out. */
static void conn_send(server *s, conn *c)
{
    buf *sc = &s->scratch;
    size_t off = 0;
    if (c->out.len == 0) {
        while (off < sc->len) {
            ssize_t w = send(c->fd, sc->data + off, sc->len - off, MSG_NOSIGNAL);
            if (w < 0) {
                if (errno == EINTR)
                    continue;
                if (errno != EAGAIN && errno != EWOULDBLOCK) {
                    c->fail_errno = errno;
                    buf_put(&c->out, sc->data + off, sc->len - off);
                    sc->len = 0;
                    conn_event(s, c, EV_FAIL);
                    return;
                }
                break;
            }
            off += (size_t)w;
        }
        conn_metrics(c)->bytes_out += off;
        c->stalled_at = now32(s);
    }
    if (off < sc->len)
        buf_put(&c->out, sc->data + off, sc->len - off);
    sc->len = 0;
    conn_replied(c);
}

/* Keep p[0..n) after the input already kept (p may be that input). */
static void conn_keep(conn *c, const char *p, size_t n)
{
    if (!c->in)
        c->in = malloc(IN_CAP);
    if (!c->in)
        abort();
    memmove(c->in + c->in_len, p, n);
    c->in_len += (uint32_t)n;
}

/* What follows a feed of p[0..n) that consumed `used` bytes, wherever it
 * ran: counters, the request clock, and the rest kept for the next turn
 * (c->in_len is 0 on entry). Returns 0 once the parser wants nothing more.
 * The static inline forms of this, parse and settle serve the hot path of
 * this file; the exported ones, the other conn*.c files. */
static inline int parsed(server *s, conn *c, const char *p, size_t n, size_t used)
{
    parser *ps = conn_parser(c);
    uint32_t now = now32(s);
    if (ps->replies) {
        conn_count(c, ps);
        c->active_at = now;
    }
    if (ps->too_long) {
        conn_metrics(c)->too_long += ps->too_long;
        stats_limit(ST_LINE_TOO_LONG, loop_now_ms(s->lo), "a line passed --max-line");
        ps->too_long = 0;
    }
    /* The request clock runs from a request's first byte to its end. */
    if (ps->pending == 0) {
        c->in_request = 0;
    } else if (ps->replies || !c->in_request) {
        c->in_request = 1;
        c->request_at = now;
    }
    ps->replies = 0;
    if (ps->done || ps->error)
        return 0;
    if (used < n)
        conn_keep(c, p + used, n - used);
    return 1;
}

int conn_parsed(server *s, conn *c, const char *p, size_t n, size_t used)
{
    return parsed(s, c, p, n, used);
}

/* Run the parser over p[0..n); what its budget leaves is kept for the next
 * turn. While a costly request is in progress the loop feeds it nothing:
 * the bytes wait for the pool. Returns 0 once the parser wants nothing more. */
static inline int parse(server *s, conn *c, const char *p, size_t n)
{
    parser *ps = conn_parser(c);
    if (ps->costly) {
        conn_keep(c, p, n);
        return 1;
    }
    return parsed(s, c, p, n, c->l->pr->feed(ps, p, n));
}

int conn_parse(server *s, conn *c, const char *p, size_t n) { return parse(s, c, p, n); }

/* Where a request that turned costly can go to the pool from. BLOCKED
 * too: the replies of the same parse may just have passed --max-output,
 * and the costly one is owed all the same (it may end this input: no
 * later parse would send it). */
static int conn_can_offload(const conn *c)
{
    return c->state == CONN_READING || c->state == CONN_BLOCKED;
}

/* After a parse: the replies go out, quit closes, and a request that
 * turned costly in this parse (offload) goes to the pool with the input
 * kept behind it. */
static inline void settle(server *s, conn *c, int more, int offload)
{
    conn_emit(s, c);
    if (!more && c->state != CONN_CLOSED) {
        c->reason = WHY_QUIT;
        conn_event(s, c, EV_QUIT);
    } else if (offload && conn_parser(c)->costly && conn_can_offload(c)) {
        conn_offload(s, c, 0);
    }
    conn_queue(s, c);
}

void conn_settle(server *s, conn *c, int more, int offload) { settle(s, c, more, offload); }


/* New input from the socket: past the first-request guard, to the parser. */
static void conn_input(server *s, conn *c, const char *p, size_t n)
{
    parser *ps = conn_parser(c);
    ps->budget = REQUEST_BUDGET;
    if (!c->guard_done) {
        size_t take = GUARD_BYTES - c->guard_len;
        if (take > n)
            take = n;
        memcpy(c->guard + c->guard_len, p, take);
        c->guard_len = (uint8_t)(c->guard_len + take);
        int v = guard_verdict(c->guard, c->guard_len);
        if (v < 0) {
            /* Held, not parsed, but a request has begun: its clock runs. */
            if (!c->in_request) {
                c->in_request = 1;
                c->request_at = now32(s);
            }
            return;
        }
        if (v > 0) {
            stats_limit(ST_HTTP_TLS, loop_now_ms(s->lo), "closed a client whose first request was HTTP or TLS");
            c->reason = WHY_HTTP_TLS;
            conn_event(s, c, EV_QUIT);
            return;
        }
        c->guard_done = 1;
        p += take;
        n -= take;
        /* The held bytes were never parsed; they go first. At most five
         * bytes cannot exhaust a budget of more than five replies, but
         * they may leave a costly request behind: then the rest of the
         * read waits with it. */
        if (!parse(s, c, (const char *)c->guard, c->guard_len))
            n = 0;
        else if (c->in_len)
            conn_keep(c, p, n), n = 0;
    }
    int more = n ? parse(s, c, p, n) : !(ps->done || ps->error);
    settle(s, c, more, 1);
}

/* Stopping, and everything received before the signal is parsed: close. */
void conn_check_stop(server *s, conn *c)
{
    if (c->stopping && c->stop_left == 0 && c->in_len == 0 &&
        (c->state == CONN_READING || c->state == CONN_BLOCKED)) {
        if (!c->reason)
            c->reason = WHY_SHUTDOWN;
        conn_event(s, c, EV_QUIT);
    }
}

/* Parse input a budget left over, one budget per turn. */
void conn_continue(server *s, conn *c)
{
    c->queued = 0;
    if (c->state != CONN_READING || c->in_len == 0)
        goto out;
    uint32_t n = c->in_len;
    c->in_len = 0;
    parser *ps = conn_parser(c);
    ps->budget = REQUEST_BUDGET;
    /* conn_parse moves any remainder to the front of c->in itself. */
    int more = parse(s, c, c->in, n);
    settle(s, c, more, 1);
    conn_check_stop(s, c);
out:
    /* At a live upgrade, a connection moves the moment it reaches a
     * boundary between requests. */
    if (!conn_reap(s, c) && !upgrade_move(s, c))
        conn_watch(s, c);
}

/* The peer shut its write side: answer what that completes, then drain.
 * A costly request among it sends this to the pool and back, step by
 * step: the rest of the input, then the protocol's finish. */
void conn_eof_step(server *s, conn *c)
{
    parser *ps = conn_parser(c);
    ps->budget = 0;
    if (!c->guard_done && c->guard_len) {
        c->guard_done = 1;
        conn_parse(s, c, (const char *)c->guard, c->guard_len);
    }
    if (c->in_len && !ps->costly) {
        uint32_t n = c->in_len;
        c->in_len = 0;
        conn_parse(s, c, c->in, n);
    }
    if (!ps->done && !ps->error && !c->finished) {
        if (!ps->costly) {
            c->finished = 1;
            c->l->pr->finish(ps);
            if (ps->replies)
                conn_count(c, ps);
            ps->replies = 0;
        }
        /* Costly still, or made so by finish: the pool takes the input
         * kept, or, once there is none, the finish. */
        if (ps->costly) {
            conn_emit(s, c);
            if (conn_can_offload(c))
                conn_offload(s, c, c->in_len == 0);
            return;
        }
    }
    conn_emit(s, c);
    if (c->state != CONN_CLOSED)
        conn_event(s, c, EV_EOF);
}

static void conn_peer_eof(server *s, conn *c)
{
    c->peer_eof = 1;
    conn_eof_step(s, c);
}

void conn_free(conn *c)
{
    c->l->pr->release(conn_parser(c));
    buf_free(&c->out);
    free(c->in);
    free(c);
}

/* One read per turn: a busy client waits its turn behind the others. */
static void conn_read(server *s, conn *c)
{
    size_t want = sizeof s->rbuf;
    if (c->stopping && c->state != CONN_LINGERING && c->stop_left < want)
        want = c->stop_left;
    ssize_t n = recv(c->fd, s->rbuf, want, 0);
    c->read_ns = metrics_clock_ns();
    if (n > 0) {
        if (c->state == CONN_LINGERING)
            return;   /* input after we closed is dropped unread */
        conn_metrics(c)->bytes_in += (uint64_t)n;
        if (c->stopping)
            c->stop_left -= (uint32_t)n;
        conn_input(s, c, s->rbuf, (size_t)n);
        conn_check_stop(s, c);
    } else if (n == 0) {
        if (c->state == CONN_LINGERING)
            conn_event(s, c, EV_EOF);
        else
            conn_peer_eof(s, c);
    } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        c->fail_errno = errno;
        conn_event(s, c, EV_FAIL);
    }
}

/* Entering a state does what the state is for. */
static void conn_enter(server *s, conn *c, int st)
{
    conn_gauge(c, c->state, st);
    c->state = (uint8_t)st;
    switch (st) {
    case CONN_DRAINING:
    case CONN_CLOSING:
        if (c->out.len == 0)
            conn_event(s, c, EV_FLUSHED);
        break;
    case CONN_LINGERING:
        shutdown(c->fd, SHUT_WR);
        c->linger_at = now32(s);
        if (c->peer_eof)
            conn_event(s, c, EV_EOF);
        break;
    case CONN_CLOSED:
        conn_log_close(c);
        loop_unwatch(s->lo, c->fd);
        break;
    default:
        break;
    }
}

void conn_event(server *s, conn *c, int ev)
{
    int next = conn_next[c->state][ev];
    if (next != c->state)
        conn_enter(s, c, next);
}

static void conn_on_ready(loop *lo, int fd, void *data, int mask)
{
    (void)lo;
    (void)fd;
    conn *c = data;
    server *s = c->l->srv;
    if ((mask & LOOP_READ) && ((c->state == CONN_READING && !c->in_len) ||
                               c->state == CONN_LINGERING))
        conn_read(s, c);
    if ((mask & LOOP_WRITE) && c->state != CONN_CLOSED && c->out.len)
        conn_flush(s, c);
    if (!conn_reap(s, c) && !upgrade_move(s, c))
        conn_watch(s, c);
}

conn *conn_create(server *s, const listener *l, int fd, const peer_addr *peer)
{
    conn *c = calloc(1, sizeof *c + l->pr->size);
    if (!c)
        return NULL;
    c->fd = fd;
    c->l = l;
    c->state = CONN_READING;
    conn_metrics(c)->open[CONN_READING]++;
    /* The metrics port is HTTP: the guard against HTTP is not for it. */
    c->guard_done = l->pr->role != PROTO_SERVE;
    c->active_at = now32(s);
    c->peer = *peer;
    /* One write per turn already batches replies; Nagle would only delay them. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    parser *ps = conn_parser(c);
    ps->out = &s->scratch;
    ps->max_line = s->cf->max_line;
    ps->costly_at = s->cf->costly_at;
    ps->report = metrics_write;
    l->pr->init(ps);
    ps->offload = s->pool != NULL;
    s->conns[fd] = c;
    s->nconns++;
    if (s->per_ip)
        ip_counts_add(s->per_ip, &c->peer, 1);
    return c;
}

void conn_begin(server *s, conn *c)
{
    conn_emit(s, c);
    if (!conn_reap(s, c))
        conn_watch(s, c);
}

conn *conn_open(server *s, const listener *l, int fd, const struct sockaddr *peer)
{
    peer_addr pa;
    net_peer_from(&pa, peer);
    conn *c = conn_create(s, l, fd, &pa);
    if (!c)
        return NULL;
    if (log_level >= LOG_NORMAL) {
        char who[PEER_TEXT];
        net_format_peer(&c->peer, who);
        log_info("%s %s accepted", l->pr->name, who);
    }
    conn_begin(s, c);
    return c;
}

const peer_addr *conn_peer(const conn *c) { return &c->peer; }

int conn_state_of(const conn *c) { return c->state; }

size_t conn_buffers(const conn *c) { return c->out.cap + (c->in ? IN_CAP : 0); }


int conn_reap(server *s, conn *c)
{
    if (c->state != CONN_CLOSED)
        return 0;
    s->conns[c->fd] = NULL;
    s->nconns--;
    conn_metrics(c)->open[CONN_CLOSED]--;
    if (s->per_ip)
        ip_counts_add(s->per_ip, &c->peer, -1);
    close(c->fd);
    /* A pool thread is still at its parser: conn_job_done frees it. */
    if (c->job)
        c->orphan = 1;
    else
        conn_free(c);
    return 1;
}
