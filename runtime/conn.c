#include "runtime/conn.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/log.h"
#include "runtime/net.h"

struct conn {
    int fd;
    uint8_t state;
    uint8_t peer_eof;        /* the peer shut its write side */
    int fail_errno;          /* why the socket failed, 0 if it did not */
    const listener *l;
    buf out;                 /* replies the socket has not taken yet */
    uint64_t deadline;       /* lingering ends here */
    peer_addr peer;
    alignas(max_align_t) unsigned char state_mem[];   /* the parser's state */
};

#define R CONN_READING
#define B CONN_BLOCKED
#define D CONN_DRAINING
#define C CONN_CLOSING
#define L CONN_LINGERING
#define X CONN_CLOSED
const unsigned char conn_next[CONN_NSTATES][CONN_NEVENTS] = {
    /*               BACKLOG DRAINED EOF QUIT FLUSHED FAIL TIMEOUT ABORT */
    [CONN_READING]   = {B,   R,      D,  C,   R,      X,   C,      X},
    [CONN_BLOCKED]   = {B,   R,      D,  C,   R,      X,   X,      X},
    [CONN_DRAINING]  = {D,   D,      D,  D,   X,      X,   X,      X},
    [CONN_CLOSING]   = {C,   C,      C,  C,   L,      X,   X,      X},
    [CONN_LINGERING] = {L,   L,      X,  L,   L,      X,   X,      X},
    [CONN_CLOSED]    = {X,   X,      X,  X,   X,      X,   X,      X},
};
#undef R
#undef B
#undef D
#undef C
#undef L
#undef X

const char *conn_state_name(int state)
{
    static const char *const names[] = {"reading", "blocked", "draining",
                                        "closing", "lingering", "closed"};
    return state >= 0 && state < CONN_NSTATES ? names[state] : "?";
}

static parser *conn_parser(conn *c) { return (parser *)c->state_mem; }

static void conn_log_close(conn *c)
{
    char who[PEER_TEXT];
    net_format_peer(&c->peer, who);
    const char *name = c->l->pr->name;
    parser *ps = conn_parser(c);
    if (c->out.len > 0)
        log_info("%s %s closed before we sent %zu bytes", name, who, c->out.len);
    else if (ps->pending > 0 && c->peer_eof)
        log_info("%s %s sent %zu bytes of an unfinished %s, then closed", name, who,
                 ps->pending, c->l->pr->unfinished);
    else if (c->fail_errno)
        log_info("%s %s closed: %s", name, who, strerror(c->fail_errno));
    else
        log_info("%s %s closed normally", name, who);
}

static void conn_event(server *s, conn *c, int ev);
static void conn_on_ready(loop *lo, int fd, void *data, int mask);

/* What the loop should tell us about, given the state and pending output. */
static void conn_watch(server *s, conn *c)
{
    int mask = 0;
    switch (c->state) {
    case CONN_READING:
        mask = LOOP_READ | (c->out.len ? LOOP_WRITE : 0);
        break;
    case CONN_BLOCKED:
    case CONN_DRAINING:
    case CONN_CLOSING:
        mask = LOOP_WRITE;
        break;
    case CONN_LINGERING:
        mask = LOOP_READ;
        break;
    default:
        return;
    }
    loop_watch(s->lo, c->fd, mask, conn_on_ready, c);
}

/* Write pending replies; raise FLUSHED / DRAINED / FAIL as they happen. */
static void conn_flush(server *s, conn *c)
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
    }
    if (c->out.len == 0) {
        /* An idle connection keeps no output memory. */
        buf_free(&c->out);
        conn_event(s, c, EV_FLUSHED);
    } else if (c->out.len <= s->cf->max_output) {
        conn_event(s, c, EV_DRAINED);
    }
}

/* Move the replies of the last parser call toward the socket: straight from
 * the loop's scratch buffer when nothing is queued before them. */
static void conn_emit(server *s, conn *c)
{
    buf *sc = &s->scratch;
    if (sc->len == 0)
        return;
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
    }
    if (off < sc->len)
        buf_put(&c->out, sc->data + off, sc->len - off);
    sc->len = 0;
    if (c->out.len > s->cf->max_output)
        conn_event(s, c, EV_BACKLOG);
}

static void conn_feed(server *s, conn *c, const char *p, size_t n)
{
    parser *ps = conn_parser(c);
    const proto *pr = c->l->pr;
    pr->feed(ps, p, n);
    s->served_replies += ps->replies;
    ps->replies = 0;
    conn_emit(s, c);
    if ((ps->done || ps->error) && c->state != CONN_CLOSED)
        conn_event(s, c, EV_QUIT);
}

/* The peer shut its write side: answer what that completes, then drain. */
static void conn_peer_eof(server *s, conn *c)
{
    parser *ps = conn_parser(c);
    c->peer_eof = 1;
    if (!ps->done && !ps->error) {
        c->l->pr->finish(ps);
        s->served_replies += ps->replies;
        ps->replies = 0;
        conn_emit(s, c);
    }
    if (c->state != CONN_CLOSED)
        conn_event(s, c, EV_EOF);
}

/* One read per turn: a busy client waits its turn behind the others. */
static void conn_read(server *s, conn *c)
{
    ssize_t n = recv(c->fd, s->rbuf, sizeof s->rbuf, 0);
    if (n > 0) {
        if (c->state == CONN_LINGERING)
            return;   /* input after we closed is dropped unread */
        conn_feed(s, c, s->rbuf, (size_t)n);
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
    c->state = (uint8_t)st;
    switch (st) {
    case CONN_DRAINING:
    case CONN_CLOSING:
        if (c->out.len == 0)
            conn_event(s, c, EV_FLUSHED);
        break;
    case CONN_LINGERING:
        shutdown(c->fd, SHUT_WR);
        c->deadline = loop_now_ms(s->lo) + LINGER_MS;
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

static void conn_event(server *s, conn *c, int ev)
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
    if ((mask & LOOP_READ) && (c->state == CONN_READING || c->state == CONN_LINGERING))
        conn_read(s, c);
    if ((mask & LOOP_WRITE) && c->state != CONN_CLOSED && c->out.len)
        conn_flush(s, c);
    if (!conn_reap(s, c))
        conn_watch(s, c);
}

conn *conn_open(server *s, const listener *l, int fd, const struct sockaddr *peer)
{
    conn *c = calloc(1, sizeof *c + l->pr->size);
    if (!c)
        return NULL;
    c->fd = fd;
    c->l = l;
    c->state = CONN_READING;
    net_peer_from(&c->peer, peer);
    /* One write per turn already batches replies; Nagle would only delay them. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    parser *ps = conn_parser(c);
    ps->out = &s->scratch;
    ps->max_line = s->cf->max_line;
    l->pr->init(ps);
    s->conns[fd] = c;
    s->nconns++;
    if (log_level >= LOG_NORMAL) {
        char who[PEER_TEXT];
        net_format_peer(&c->peer, who);
        log_info("%s %s accepted", l->pr->name, who);
    }
    conn_emit(s, c);
    if (!conn_reap(s, c))
        conn_watch(s, c);
    return c;
}

void conn_stop(server *s, conn *c)
{
    /* Answer every complete request already received, including what
     * still waits in the socket, before closing on our own initiative. */
    while (c->state == CONN_READING || c->state == CONN_BLOCKED) {
        ssize_t n = recv(c->fd, s->rbuf, sizeof s->rbuf, 0);
        if (n > 0) {
            conn_feed(s, c, s->rbuf, (size_t)n);
            continue;
        }
        if (n == 0)
            conn_peer_eof(s, c);
        else if (errno == EINTR)
            continue;
        else if (errno != EAGAIN && errno != EWOULDBLOCK) {
            c->fail_errno = errno;
            conn_event(s, c, EV_FAIL);
        } else {
            conn_event(s, c, EV_QUIT);
        }
        break;
    }
    if (!conn_reap(s, c))
        conn_watch(s, c);
}

void conn_tick(server *s, conn *c, uint64_t now, int force)
{
    if (force)
        conn_event(s, c, EV_ABORT);
    else if (c->state == CONN_LINGERING && now >= c->deadline)
        conn_event(s, c, EV_TIMEOUT);
    if (!conn_reap(s, c))
        conn_watch(s, c);
}

int conn_reap(server *s, conn *c)
{
    if (c->state != CONN_CLOSED)
        return 0;
    s->conns[c->fd] = NULL;
    s->nconns--;
    close(c->fd);
    c->l->pr->release(conn_parser(c));
    buf_free(&c->out);
    free(c);
    return 1;
}
