/* The closed loop. Each connection keeps exactly `depth` requests in
 * flight: as replies arrive, as many new requests go out. One thread and
 * one epoll set serve every connection; a wakeup costs one read and one
 * write per connection whatever the depth, so at depth 64 the client makes
 * two syscalls per 64 replies and is never what a run measures.
 *
 * Replies are framed by their last byte (cfg->term) and, unless --no-check,
 * compared with the expected reply: every reply being the same, the byte
 * stream from a connection should be that reply repeated, so a whole read
 * is checked with one memcmp against a prebuilt repeated copy. Only a read
 * that differs is walked reply by reply. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>

#include "tools/bench/bench.h"

#define RBUF (64 * 1024)        /* one read; more stays for the next wakeup */
#define NEVENTS 1024
#define CONNECT_NS (10 * 1000000000ULL)   /* every connection is up by then */
#define STALL_NS (2 * 1000000000ULL)      /* no reply this long: stalled */

enum { C_CONNECTING, C_LOAD, C_IDLE, C_DEAD };

typedef struct conn {
    int fd;
    uint8_t state;
    uint8_t wants_out;      /* EPOLLOUT is on: a write fell short */
    uint8_t bad;            /* inside a reply that differs from the expected one */
    uint8_t load;           /* sends requests (else only holds a descriptor) */
    uint32_t skip;          /* replies still to pass over uncounted */
    uint32_t pos;           /* bytes of the current reply seen so far */
    uint32_t inflight;      /* requests queued or sent, not yet answered */
    uint32_t head;          /* ring slot of the oldest in-flight request */
    size_t owed;            /* request bytes queued but not yet written */
    uint64_t *sent;         /* ring of send times, one per in-flight request */
    uint64_t replies;
    uint64_t last;          /* when a reply last arrived (or the first request left) */
    uint64_t next_at;       /* --interval: no request before this */
} conn;

static struct {
    const bench_cfg *cfg;
    bench_result *res;
    int ep;
    conn *conns;
    uint32_t mask;          /* ring size - 1 */
    char *reqs;             /* the request repeated depth + 1 times */
    size_t reqs_len;
    char *stream;           /* the expected reply repeated past RBUF bytes */
    size_t stream_len;
    uint64_t mstart, mend;  /* the measured window */
    uint64_t tick_replies;  /* replies since the last progress line */
    int connecting;
    int alive;
    int stopping;           /* closes from here on are ours */
    int told_mismatch;
    char rbuf[RBUF];
} g;

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

static void conn_lost(conn *c, const char *why)
{
    if (!g.stopping) {
        fprintf(stderr, "koan-bench: connection %d: %s after %llu replies\n",
                (int)(c - g.conns), why, (unsigned long long)c->replies);
        g.res->disconnects++;
    }
    close(c->fd);
    if (c->load && c->state != C_CONNECTING)
        g.alive--;
    c->state = C_DEAD;
}

static void conn_watch(conn *c, int out)
{
    struct epoll_event ev = {.events = EPOLLIN | (out ? EPOLLOUT : 0), .data.ptr = c};
    if (epoll_ctl(g.ep, EPOLL_CTL_MOD, c->fd, &ev) < 0)
        bench_die("epoll_ctl: %s", strerror(errno));
    c->wants_out = (uint8_t)out;
}

/* One write for everything owed. The outgoing stream is the request
 * repeated and `owed` always ends on a request boundary, so where the owed
 * bytes start within a request follows from `owed` alone. */
static void conn_flush(conn *c)
{
    size_t L = g.cfg->request_len;
    size_t phase = (L - c->owed % L) % L;
    ssize_t w = write(c->fd, g.reqs + phase, c->owed);
    if (w < 0) {
        if (errno != EAGAIN && errno != EINTR) {
            conn_lost(c, strerror(errno));
            return;
        }
        w = 0;
    }
    c->owed -= (size_t)w;
    if ((c->owed != 0) != c->wants_out)
        conn_watch(c, c->owed != 0);
}

/* Queue requests up to the depth, stamped with the time they go out; with
 * --interval, one at a time, each that long after the one before. */
static void conn_fill(conn *c, uint64_t now)
{
    uint32_t n = (uint32_t)g.cfg->depth - c->inflight;
    if (g.cfg->interval > 0) {
        if (now < c->next_at || n == 0)
            return;
        n = 1;
        c->next_at = now + (uint64_t)(g.cfg->interval * 1e9);
    }
    for (uint32_t i = 0; i < n; i++)
        c->sent[(c->head + c->inflight + i) & g.mask] = now;
    c->inflight += n;
    c->owed += (size_t)n * g.cfg->request_len;
}

/* n replies complete at `now`: FIFO-match them with their send times.
 * Returns how many found no request (the server answered one twice). */
static uint64_t conn_answered(conn *c, uint64_t n, uint64_t now)
{
    uint64_t extra = 0;
    if (n > c->inflight) {
        extra = n - c->inflight;
        g.res->mismatches += extra;
        n = c->inflight;
    }
    c->replies += n;
    c->last = now;
    g.tick_replies += n;
    c->inflight -= (uint32_t)n;
    if (now < g.mstart || now >= g.mend) {
        c->head = (uint32_t)((c->head + n) & g.mask);
        return extra;
    }
    g.res->requests += n;
    hist *h = g.res->lat;
    for (uint64_t i = 0; i < n; i++) {
        hist_record(h, now - c->sent[c->head]);
        c->head = (c->head + 1) & g.mask;
    }
    return extra;
}

static void tell_mismatch(conn *c, const char *p, size_t n)
{
    if (g.told_mismatch++)
        return;
    const char *t = memchr(p, g.cfg->term, n);
    fprintf(stderr, "koan-bench: connection %d: a reply differs from \"%s\"",
            (int)(c - g.conns), bench_quote(g.cfg->expect, g.cfg->expect_len));
    fprintf(stderr, " at \"%s\" (first mismatch, later ones are only counted; "
            "--skip-welcome too low?)\n",
            bench_quote(p, t ? (size_t)(t - p) + 1 : n));
}

/* Frame and check n bytes from the server; returns the good replies. */
static uint64_t conn_parse(conn *c, const char *p, size_t n, uint64_t now)
{
    const bench_cfg *cfg = g.cfg;
    uint64_t good = 0;
    while (n) {
        if (c->skip || c->bad) {
            const char *t = memchr(p, cfg->term, n);
            if (!t)
                break;
            size_t k = (size_t)(t - p) + 1;
            p += k;
            n -= k;
            if (c->skip) {
                c->skip--;
            } else {
                c->bad = 0;
                c->pos = 0;
                /* The good replies before it first, to keep FIFO order. */
                if (!conn_answered(c, good + 1, now))
                    g.res->mismatches++;
                good = 0;
            }
            continue;
        }
        if (!cfg->check) {
            /* Count, not memchr reply by reply: replies are a few bytes
             * each, and a flat loop over the read is what vectorizes. */
            for (size_t i = 0; i < n; i++)
                good += (unsigned char)p[i] == cfg->term;
            break;
        }
        if (memcmp(p, g.stream + c->pos, n) == 0) {
            size_t end = c->pos + n;
            good += end / cfg->expect_len;
            c->pos = (uint32_t)(end % cfg->expect_len);
            break;
        }
        /* Somewhere in here a reply differs: walk to it. */
        size_t k = cfg->expect_len - c->pos;
        if (k > n)
            k = n;
        size_t i = 0;
        while (i < k && p[i] == cfg->expect[c->pos + i])
            i++;
        if (i == k) {
            c->pos += (uint32_t)k;
            if (c->pos == cfg->expect_len) {
                good++;
                c->pos = 0;
            }
        } else {
            tell_mismatch(c, p, n);
            c->bad = 1;
        }
        p += i;
        n -= i;
    }
    return good;
}

static void conn_read(conn *c)
{
    ssize_t r = read(c->fd, g.rbuf, RBUF);
    if (r < 0) {
        if (errno != EAGAIN && errno != EINTR)
            conn_lost(c, strerror(errno));
        return;
    }
    if (r == 0) {
        conn_lost(c, "closed by the server");
        return;
    }
    if (!c->load)
        return;
    uint64_t now = bench_now();
    uint64_t good = conn_parse(c, g.rbuf, (size_t)r, now);
    if (good)
        conn_answered(c, good, now);
    if (c->inflight < (uint32_t)g.cfg->depth) {
        conn_fill(c, now);
        conn_flush(c);
    }
}

static void conn_established(conn *c, uint64_t now)
{
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err)
        bench_die("cannot connect to %s:%s: %s", g.cfg->host, g.cfg->port, strerror(err));
    g.connecting--;
    if (!c->load) {
        c->state = C_IDLE;
        conn_watch(c, 0);
        return;
    }
    c->state = C_LOAD;
    c->last = now;
    g.alive++;
    if (g.cfg->setup_len) {
        /* A fresh socket's buffer takes a short setup whole. */
        ssize_t w = write(c->fd, g.cfg->setup, g.cfg->setup_len);
        if (w != (ssize_t)g.cfg->setup_len)
            bench_die("cannot send the setup request: %s", w < 0 ? strerror(errno) : "short write");
    }
    conn_watch(c, 0);
    conn_fill(c, now);
    conn_flush(c);
}

static void conn_open(conn *c, const struct sockaddr_storage *sa, socklen_t salen)
{
    int fd = socket(sa->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        bench_die("socket: %s (raise the descriptor limit, ulimit -n)", strerror(errno));
    /* Requests leave in batches already; Nagle would hold back the next. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (const struct sockaddr *)sa, salen) < 0 && errno != EINPROGRESS)
        bench_die("cannot connect to %s:%s: %s", g.cfg->host, g.cfg->port, strerror(errno));
    c->fd = fd;
    c->state = C_CONNECTING;
    struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
    if (epoll_ctl(g.ep, EPOLL_CTL_ADD, fd, &ev) < 0)
        bench_die("epoll_ctl: %s", strerror(errno));
}

/* The buffers every connection shares, built once. */
static void build_buffers(const bench_cfg *cfg)
{
    size_t d = (size_t)cfg->depth + 1;
    g.reqs_len = d * cfg->request_len;
    g.reqs = malloc(g.reqs_len);
    for (size_t i = 0; i < d; i++)
        memcpy(g.reqs + i * cfg->request_len, cfg->request, cfg->request_len);
    size_t copies = RBUF / cfg->expect_len + 2;
    g.stream_len = copies * cfg->expect_len;
    g.stream = malloc(g.stream_len);
    for (size_t i = 0; i < copies; i++)
        memcpy(g.stream + i * cfg->expect_len, cfg->expect, cfg->expect_len);
}

static void raise_fd_limit(int need)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)need + 16) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

static void progress(uint64_t now, uint64_t t0, double secs)
{
    const char *phase = g.connecting ? " (connecting)" : now < g.mstart ? " (warmup)" : "";
    fprintf(stderr, "koan-bench: %3.0f s %10.0f replies/s %6d connections%s\n",
            (double)(now - t0) / 1e9, (double)g.tick_replies / secs, g.alive, phase);
    g.tick_replies = 0;
}

void bench_run(const bench_cfg *cfg, bench_result *res)
{
    g.cfg = cfg;
    g.res = res;
    memset(res, 0, sizeof *res);
    res->lat = calloc(1, sizeof *res->lat);
    build_buffers(cfg);

    uint32_t ring = 1;
    while (ring < (uint32_t)cfg->depth)
        ring <<= 1;
    g.mask = ring - 1;
    int total = cfg->conns + cfg->idle;
    raise_fd_limit(total);
    g.conns = calloc((size_t)total, sizeof *g.conns);
    uint64_t *slots = calloc((size_t)cfg->conns * ring, sizeof *slots);
    if (!res->lat || !g.reqs || !g.stream || !g.conns || !slots)
        bench_die("out of memory");

    struct sigaction sa = {.sa_handler = on_sigint};
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    g.ep = epoll_create1(EPOLL_CLOEXEC);
    if (g.ep < 0)
        bench_die("epoll_create1: %s", strerror(errno));

    struct sockaddr_storage addr;
    socklen_t addrlen;
    bench_resolve(cfg, &addr, &addrlen);
    /* Idle connections first, so the load meets a server already holding them. */
    for (int i = 0; i < total; i++) {
        conn *c = &g.conns[i];
        c->load = i >= cfg->idle;
        if (c->load) {
            c->sent = slots + (size_t)(i - cfg->idle) * ring;
            c->skip = (uint32_t)cfg->skip;
        }
        conn_open(c, &addr, addrlen);
    }
    g.connecting = total;

    uint64_t t0 = bench_now(), tick = t0 + 1000000000u, tick_from = t0;
    g.mstart = g.mend = UINT64_MAX;
    static struct epoll_event ev[NEVENTS];
    for (;;) {
        uint64_t now = bench_now();
        if (g.connecting == 0 && g.mstart == UINT64_MAX) {
            g.mstart = now + (uint64_t)(cfg->warmup * 1e9);
            g.mend = g.mstart + (uint64_t)(cfg->seconds * 1e9);
        }
        if (g.connecting && now - t0 > CONNECT_NS)
            bench_die("%d of %d connections still not up after %llu s", g.connecting, total,
                      CONNECT_NS / 1000000000u);
        if (now >= tick) {
            if (!cfg->quiet)
                progress(now, t0, (double)(now - tick_from) / 1e9);
            g.tick_replies = 0;
            tick_from = now;
            tick += 1000000000u;
        }
        if (now >= g.mend || interrupted || (g.connecting == 0 && g.alive == 0))
            break;
        uint64_t wake = tick < g.mend ? tick : g.mend;
        /* A paced connection whose next request is due sends it; the
         * earliest one not yet due says when to wake. */
        for (int i = 0; cfg->interval > 0 && i < total; i++) {
            conn *c = &g.conns[i];
            if (c->state != C_LOAD || c->inflight >= (uint32_t)cfg->depth)
                continue;
            if (c->next_at <= now) {
                conn_fill(c, now);
                conn_flush(c);
            } else if (c->next_at < wake) {
                wake = c->next_at;
            }
        }
        int ms = (int)((wake - now + 999999) / 1000000);
        int n = epoll_wait(g.ep, ev, NEVENTS, ms);
        if (n < 0 && errno != EINTR)
            bench_die("epoll_wait: %s", strerror(errno));
        for (int i = 0; i < n; i++) {
            conn *c = ev[i].data.ptr;
            if (c->state == C_DEAD)
                continue;
            if (c->state == C_CONNECTING) {
                conn_established(c, bench_now());
                continue;
            }
            if (ev[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
                conn_read(c);
            if (c->state != C_DEAD && (ev[i].events & EPOLLOUT) && c->owed)
                conn_flush(c);
        }
    }

    uint64_t end = bench_now();
    if (end > g.mend)
        end = g.mend;
    res->elapsed = end > g.mstart && g.mstart != UINT64_MAX ? (double)(end - g.mstart) / 1e9 : 0;
    res->interrupted = interrupted;
    res->alive = g.alive;
    /* A server that drops a request leaves its connection waiting forever;
     * the count of replies would hide that, so say which connections wait. */
    uint64_t now = bench_now();
    for (int i = 0; i < total; i++) {
        conn *c = &g.conns[i];
        if (c->state == C_LOAD && c->inflight && now - c->last > STALL_NS) {
            if (!res->stalled)
                fprintf(stderr, "koan-bench: connection %d: %u requests unanswered for %.1f s\n",
                        i, c->inflight, (double)(now - c->last) / 1e9);
            res->stalled++;
        }
    }
    g.stopping = 1;
    for (int i = 0; i < total; i++)
        if (g.conns[i].state != C_DEAD)
            close(g.conns[i].fd);
    close(g.ep);
    free(slots);
    free(g.conns);
    free(g.reqs);
    free(g.stream);
}
