#include "tests/lib/steps.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>

#include <cmocka.h>

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "runtime/buf.h"
#include "runtime/conn.h"
#include "runtime/log.h"
#include "runtime/pool.h"
#include "runtime/server.h"
#include "tests/lib/show.h"

static const char *const event_names[] = {"OPEN", "BYTES", "PEER_EOF", "STALL", "UNSTALL",
                                          "TIMER", "DEADLINE", "SHUTDOWN", "RESET", "COMPUTED"};

static config cf;
static server srv;

int steps_start(void)
{
    char *argv[] = {"steps", NULL};
    log_level = LOG_QUIET;
    config_load(&cf, 1, argv);
    if (server_init(&srv, &cf) < 0)
        return -1;
    return server_compute(&srv, 0, 4);
}

config *steps_config(void) { return &cf; }

/* Each sequence starts from the defaults, with a small --max-output and
 * every request calc can call costly so. */
int steps_defaults(void **state)
{
    (void)state;
    cf.max_output = 1024;
    cf.send_timeout = 30;
    cf.idle_timeout = 300;
    cf.request_timeout = 30;
    cf.costly_at = 1;
    return 0;
}

typedef struct run_state {
    int sfd, client;   /* the server's end and the client's */
    int stalled;       /* the client reads nothing */
    buf got;           /* received since the last step */
    int eof;           /* the client read an end of stream */
} run_state;

/* The server ends opened, so a sequence that failed half way leaves
 * nothing behind (teardown). */
static int opened[64], nopened;

int steps_tidy(void **state)
{
    (void)state;
    for (int i = 0; i < nopened; i++)
        if (srv.conns[opened[i]])
            conn_tick(&srv, srv.conns[opened[i]], loop_now_ms(srv.lo), 1);
    while (pool_run_held(srv.pool, 1) == 1)
        ;
    for (int turn = 0; turn < 100; turn++) {
        loop_once(srv.lo, 0);
        server_continue(&srv);
    }
    nopened = 0;
    return 0;
}

static conn *conn_of(const run_state *rs) { return rs->sfd >= 0 ? srv.conns[rs->sfd] : NULL; }

static int state_of(const run_state *rs)
{
    conn *c = conn_of(rs);
    return c ? conn_state_of(c) : CONN_CLOSED;
}

/* Read what the server sent, unless the client is stalled. */
static int take(run_state *rs)
{
    if (rs->stalled || rs->client < 0)
        return 0;
    char b[65536];
    int got = 0;
    ssize_t r;
    while ((r = recv(rs->client, b, sizeof b, MSG_DONTWAIT)) > 0) {
        buf_put(&rs->got, b, (size_t)r);
        got = 1;
    }
    if (r == 0)
        rs->eof = 1;
    return got;
}

/* Turn the loop until nothing moves for a few turns. */
static void pump(run_state *rs)
{
    int st = state_of(rs);
    for (int turn = 0, still = 0; turn < 5000 && still < 8; turn++) {
        loop_once(srv.lo, 0);
        server_continue(&srv);
        int moved = take(rs) || state_of(rs) != st;
        st = state_of(rs);
        still = moved ? 0 : still + 1;
    }
}

static void act(run_state *rs, const proto *pr, const step *s)
{
    conn *c = conn_of(rs);
    switch (s->ev) {
    case OPEN: {
        int sv[2];
        assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
        /* A small send buffer, so a big reply waits in the connection's output. */
        int small = 4096;
        setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
        static listener l;
        l = (listener){.srv = &srv, .fd = -1, .pr = pr};
        struct sockaddr_in peer = {.sin_family = AF_INET,
                                   .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        assert_non_null(conn_open(&srv, &l, sv[0], (struct sockaddr *)&peer));
        rs->sfd = sv[0];
        if (nopened < 64)
            opened[nopened++] = sv[0];
        rs->client = sv[1];
        break;
    }
    case BYTES: {
        size_t n = strlen(s->arg), off = 0;
        /* What the client's buffer does not take at once goes as the loop reads. */
        for (int turn = 0; off < n && turn < 100000; turn++) {
            ssize_t w = send(rs->client, s->arg + off, n - off, MSG_DONTWAIT | MSG_NOSIGNAL);
            if (w > 0)
                off += (size_t)w;
            loop_once(srv.lo, 0);
            server_continue(&srv);
            take(rs);
        }
        assert_int_equal(off, n);
        break;
    }
    case PEER_EOF:
        shutdown(rs->client, SHUT_WR);
        break;
    case STALL:
        rs->stalled = 1;
        break;
    case UNSTALL:
        rs->stalled = 0;
        break;
    case TIMER:
        assert_non_null(c);
        conn_tick(&srv, c, loop_now_ms(srv.lo) + (uint64_t)s->ms, 0);
        break;
    case DEADLINE:
        assert_non_null(c);
        conn_tick(&srv, c, loop_now_ms(srv.lo), 1);
        break;
    case SHUTDOWN:
        assert_non_null(c);
        conn_stop(&srv, c);
        break;
    case RESET:
        close(rs->client);
        rs->client = -1;
        break;
    case COMPUTED:
        assert_true(pool_run_held(srv.pool, 1) == 1);
        break;
    }
    pump(rs);
}

void steps_run(const proto *pr, const char *what, const step *steps, size_t n)
{
    run_state rs = {.sfd = -1, .client = -1};
    for (size_t i = 0; i < n; i++) {
        const step *s = &steps[i];
        rs.got.len = 0;
        act(&rs, pr, s);
        int st = state_of(&rs);
        int bad_state = s->want != ANY && st != s->want;
        int bad_out = s->out && (rs.got.len != strlen(s->out) ||
                                 memcmp(rs.got.data ? rs.got.data : "", s->out, rs.got.len) != 0);
        /* Closed, or lingering (its write side shut), the client reads an
         * end of stream once it has read everything. */
        int bad_end = (st == CONN_CLOSED || st == CONN_LINGERING) && s->out && !rs.stalled &&
                      rs.client >= 0 && !rs.eof;
        if (bad_state || bad_out || bad_end) {
            fprintf(stderr, "%s: %s\n  step %zu (%s): state %s, want %s%s\n", pr->name, what, i + 1,
                    event_names[s->ev], conn_state_name(st),
                    s->want == ANY ? "any" : conn_state_name(s->want),
                    bad_end ? "; the client saw no end of stream" : "");
            if (bad_out)
                show_diff("  bytes out", rs.got.data ? rs.got.data : "", rs.got.len, s->out,
                          strlen(s->out));
        }
        assert_false(bad_state);
        assert_false(bad_out);
        assert_false(bad_end);
    }
    /* Leave nothing for the next sequence. */
    if (conn_of(&rs))
        conn_tick(&srv, conn_of(&rs), loop_now_ms(srv.lo), 1);
    while (pool_run_held(srv.pool, 1) == 1)
        pump(&rs);
    pump(&rs);
    if (rs.client >= 0)
        close(rs.client);
    buf_free(&rs.got);
    assert_int_equal(srv.nconns, 0);
}
