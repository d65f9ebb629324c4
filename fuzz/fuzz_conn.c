/* conn harness: the conversation goes through a socketpair into a real
 * connection of the runtime -- partial reads and writes, the reply budget,
 * --max-output backpressure, half-close, quit's lingering close, costly
 * requests computed on the pool while the connection waits -- and the
 * bytes that come out must be the pure parser's replies, fed whole. The
 * pool has no threads: the plan says when its jobs run, before or after
 * the client's moves, its half-close, or its leaving. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz/check.h"
#include "fuzz/harness.h"
#include "runtime/conn.h"
#include "runtime/log.h"
#include "runtime/pool.h"
#include "runtime/server.h"

#define MAX_TURNS 200000   /* far more than any input of ours needs */
#define NAME_MAX_LEN 16    /* longest protocol name a "NAME:" prefix holds */

/* One server per backend, made once: server_init sizes its tables by the
 * descriptor limit, too costly to repeat for every input. */
static config configs[2];
static server servers[2];

static server *server_get(int use_poll)
{
    static int ready[2];
    if (!ready[use_poll]) {
        log_level = LOG_QUIET;
        config *cf = &configs[use_poll];
        strcpy(cf->backend, use_poll ? "poll" : "epoll");
        cf->max_conns = 16;
        if (server_init(&servers[use_poll], cf) < 0 || server_compute(&servers[use_poll], 0, 1) < 0)
            abort();
        ready[use_poll] = 1;
    }
    return &servers[use_poll];
}

/* One turn of server_run: ready descriptors, then input a budget left. */
static void server_turn(server *s)
{
    loop_once(s->lo, 0);
    server_continue(s);
}

/* Header byte 4 (PLAN_HEADER_CONN): bits 0-1 when the pool's jobs run,
 * bits 2-3 the protocols' costly threshold (the server's costly_at, in a
 * protocol's own units), bit 4 the client leaves (closes without reading)
 * once all is sent, bit 5 the shutdown deadline cuts the connection then.
 * The last two have no replies to compare, only a server that must end the
 * connection and free all it held, jobs included. */
enum jobs_when {
    JOBS_AT_ONCE,     /* every turn */
    JOBS_SOMETIMES,   /* one now and then */
    JOBS_LATE,        /* only once the client has sent all or is stuck */
    JOBS_IDLE,        /* only in a turn where nothing else moved */
};
/* 0: the protocol's own threshold (config costly_at). */
static const uint32_t costly_at[4] = {0, 1, 8, 40};

typedef struct job_plan {
    int when, leave, deadline;
    uint32_t rng;
} job_plan;

/* Run the jobs the plan says now; done: the client has sent all or is
 * stuck; moved: bytes went either way this turn. */
static void run_jobs(server *s, job_plan *jp, int done, int moved)
{
    int n = 0;
    switch (jp->when) {
    case JOBS_AT_ONCE:
        n = 1000;
        break;
    case JOBS_SOMETIMES:
        jp->rng = jp->rng * 1103515245u + 12345u;
        n = (jp->rng >> 16) % 4 == 0;
        break;
    case JOBS_LATE:
        n = done ? 1000 : 0;
        break;
    default:
        n = !moved;
    }
    pool_run_held(s->pool, n);
}

/* The protocol an input speaks: "NAME:" at its start names it, so that a
 * corpus file keeps its protocol however many are added; without a known
 * name, the first byte picks one. */
static void conn_target(const uint8_t **data, size_t *n, target *t)
{
    const uint8_t *colon = memchr(*data, ':', *n < NAME_MAX_LEN + 1 ? *n : NAME_MAX_LEN + 1);
    if (colon) {
        char name[NAME_MAX_LEN + 1];
        size_t k = (size_t)(colon - *data);
        memcpy(name, *data, k);
        name[k] = 0;
        if (target_find(name, t) == 0) {
            *data += k + 1;
            *n -= k + 1;
            return;
        }
    }
    target_nth(*n ? (*data)[0] : 0, t);
}

/* docs/protocols.md, limits: a first request that looks like HTTP or TLS
 * gets the connection closed instead of an answer. */
static int looks_like_http_tls(const char *in, size_t n)
{
    static const char *const starts[] = {"GET ", "POST ", "HEAD ", "Host:", "\x16\x03"};
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        size_t k = strlen(starts[i]);
        if (n >= k && memcmp(in, starts[i], k) == 0)
            return 1;
    }
    return 0;
}

/* Everything the server has sent so far; 1 at its end of stream. */
static int drain(int fd, buf *got)
{
    char b[4096];
    for (;;) {
        ssize_t r = recv(fd, b, sizeof b, 0);
        if (r > 0)
            buf_put(got, b, (size_t)r);
        else if (r == 0)
            return 1;
        else if (errno != EINTR)
            return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : 1;
    }
}

/* Talk to the server over fd as the plan says; returns 0, or -1 if the
 * conversation never came to an end. */
static int converse(server *s, int *fd, plan *pl, job_plan *jp, const char *in, size_t n,
                    int lazy, buf *got)
{
    size_t off = 0, chunk = 0;
    int shut = 0, end = 0, stuck = 0;
    for (long turns = 0; !(shut && end); turns++) {
        if (turns == MAX_TURNS)
            return -1;
        size_t before = off + got->len;
        if (!shut && off < n) {
            if (chunk == 0)
                chunk = plan_next(pl, n - off);
            ssize_t w = send(*fd, in + off, chunk, MSG_NOSIGNAL);
            if (w > 0) {
                off += (size_t)w;
                chunk -= (size_t)w;
            }
            stuck = w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
            if (w < 0 && !stuck)
                off = n;   /* the server has closed: it owes us nothing more */
        }
        if (!shut && off == n) {
            if (jp->deadline)
                for (int i = 0; i < loop_maxfd(s->lo); i++)
                    if (s->conns[i])
                        conn_tick(s, s->conns[i], loop_now_ms(s->lo), 1);
            if (jp->leave) {
                close(*fd);
                *fd = -1;
                end = 1;
            } else {
                shutdown(*fd, SHUT_WR);
            }
            shut = 1;
        }
        server_turn(s);
        /* A lazy client reads only when it can no longer write. */
        if (!end && (!lazy || stuck || shut))
            end = drain(*fd, got);
        run_jobs(s, jp, shut || stuck, off + got->len != before);
    }
    /* The server may still be lingering on its side until it sees our EOF,
     * or computing for a client that has left. */
    for (long turns = 0; s->nconns > 0 || pool_jobs(s->pool) > 0; turns++) {
        if (turns == MAX_TURNS)
            return -1;
        server_turn(s);
        run_jobs(s, jp, 1, 0);
    }
    return 0;
}

int fuzz_one(const uint8_t *data, size_t n)
{
    target tg;
    conn_target(&data, &n, &tg);
    const target *t = &tg;
    plan pl;
    plan_read(&pl, &data, &n, PLAN_HEADER_CONN);
    const char *in = (const char *)data;
    int use_poll = pl.extra >> 2 & 1, small = pl.extra >> 3 & 1, out_pow = pl.extra >> 4;
    int lazy = !pl.eof;   /* the runtime always ends in EOF: bit 2 means lazy */
    job_plan jp = {.when = pl.extra2 & 3, .leave = pl.extra2 >> 4 & 1,
                   .deadline = pl.extra2 >> 5 & 1, .rng = pl.extra2};
    server *s = server_get(use_poll);
    configs[use_poll].max_line = pl.max_line;
    configs[use_poll].costly_at = costly_at[pl.extra2 >> 2 & 3];
    configs[use_poll].max_output = out_pow ? 1u << out_pow : 65536;

    /* What the pure parser says, or only its greeting if the guard hangs up. */
    plan whole = plan_whole(&pl);
    whole.eof = 1;
    run want;
    int guarded = looks_like_http_tls(in, n);
    if (check_run(t, in, guarded ? 0 : n, &whole, 0, &want) < 0) {
        run_free(&want);
        return -1;
    }

    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) < 0)
        abort();
    if (small) {
        /* The kernel's minimum: partial writes on both sides. */
        int one = 1;
        for (int i = 0; i < 2; i++) {
            setsockopt(sv[i], SOL_SOCKET, SO_SNDBUF, &one, sizeof one);
            setsockopt(sv[i], SOL_SOCKET, SO_RCVBUF, &one, sizeof one);
        }
    }
    listener l = {.srv = s, .fd = -1, .pr = t->pr};
    struct sockaddr_in peer = {.sin_family = AF_INET, .sin_port = htons(1),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (!conn_open(s, &l, sv[0], (struct sockaddr *)&peer))
        abort();
    buf got = {0};
    int status = converse(s, &sv[1], &pl, &jp, in, n, lazy, &got);
    if (sv[1] >= 0)
        close(sv[1]);
    if (status < 0)
        fprintf(stderr, "conn: %s: the connection did not end (%d still open, %d jobs)\n",
                t->pr->name, s->nconns, pool_jobs(s->pool));
    else if (!jp.leave && !jp.deadline)
        status = check_same("parser", want.out.data, want.out.len, "socket", got.data, got.len);
    if (status < 0) {
        char how[160];
        plan_describe(&pl, how, sizeof how);
        fprintf(stderr, "conn: %s FAILED with %s%s\n", t->pr->name, how,
                guarded ? " (HTTP/TLS guard)" : "");
        check_show("input", in, n, 4096);
        /* Start the next input from a clean server. */
        for (int fd = 0; fd < loop_maxfd(s->lo); fd++)
            if (s->conns[fd])
                conn_tick(s, s->conns[fd], loop_now_ms(s->lo), 1);
        while (pool_jobs(s->pool) > 0) {
            pool_run_held(s->pool, 1000);
            server_turn(s);
        }
    }
    buf_free(&got);
    run_free(&want);
    return status;
}
