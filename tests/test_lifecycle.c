/* The connection lifecycle as behaviour, in the shape of mongrel2's state
 * tests (RUN(http_dir, OPEN, REQ_RECV, ...)): each RUN lists the events a
 * real connection of the runtime meets -- over a socketpair, in process --
 * and after each one the state it must be in and the bytes the client must
 * have received since the step before. Between them the sequences take
 * every transition of runtime/conn.c's conn_next[][] that an event can
 * cause (the table's own properties close the file).
 *
 * Events: OPEN (accept), BYTES (bytes arrive), PEER_EOF (the peer shuts
 * its write side), STALL / UNSTALL (the client stops / starts reading:
 * writes block, then flush), TIMER (the tick, ms later), DEADLINE (the
 * shutdown deadline's forced tick), SHUTDOWN (the server's stop), RESET
 * (the client closes with replies unread), COMPUTED (the compute pool's
 * job runs). A connection that has closed is gone from the server's table:
 * that is CLOSED, and the client then reads an end of stream. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "proto/calc.h"
#include "proto/echo.h"
#include "proto/zen.h"
#include "runtime/buf.h"
#include "runtime/conn.h"
#include "runtime/log.h"
#include "runtime/pool.h"
#include "runtime/server.h"
#include "tests/lib/show.h"

enum { OPEN, BYTES, PEER_EOF, STALL, UNSTALL, TIMER, DEADLINE, SHUTDOWN, RESET, COMPUTED };
static const char *const event_names[] = {"OPEN", "BYTES", "PEER_EOF", "STALL", "UNSTALL",
                                          "TIMER", "DEADLINE", "SHUTDOWN", "RESET", "COMPUTED"};
#define ANY (-1)   /* a step whose state is not checked */

typedef struct step {
    int ev;
    const char *arg;   /* BYTES: what arrives */
    long ms;           /* TIMER: how much later */
    int want;          /* the state after it, or ANY */
    const char *out;   /* the bytes received since the step before (NULL: not read) */
} step;

/* The states, short, as conn.c's table writes them. */
enum { R = CONN_READING, B = CONN_BLOCKED, D = CONN_DRAINING, C = CONN_CLOSING,
       L = CONN_LINGERING, X = CONN_CLOSED, W = CONN_WAITING };

/* The steps, as RUN lists them. */
#define EV(ev, want, out) {ev, NULL, 0, want, out}
#define IN(bytes, want, out) {BYTES, bytes, 0, want, out}
#define AFTER(ms, want, out) {TIMER, NULL, ms, want, out}
#define RUN(pr, ...)                                                        \
    run(&(pr), #__VA_ARGS__, (const step[]){__VA_ARGS__},                  \
        sizeof((const step[]){__VA_ARGS__}) / sizeof(step))

#define WELCOME "<welcome: starting in sum mode>\n"
#define SUM(n) "Sum of input integers: '" n "'\r\n"
#define ECHOED(s) "Echoed: " s "\r\n"
#define BYE "connection closed\r\n"
/* A calc line costly at costly_at 1 (a number past 19 digits). */
#define COSTLY "12345678901234567890123,1\n"
#define COSTLY_SUM SUM("12345678901234567890124")

static config cf;
static server srv;

/* An echo line whose reply cannot pass a small socket buffer at once,
 * and that reply. */
enum { BIG_N = 60000 };
static char big_line[BIG_N + 2], big_part[BIG_N + 8], big_reply[BIG_N + 32], big_reply_x[BIG_N + 64];
#define BIG big_line
#define BIG_PART big_part   /* and the start of another line */
#define BIG_OUT big_reply
#define BIG_OUT_X big_reply_x   /* and the reply to "x\n" */

static int setup_server(void **state)
{
    (void)state;
    char *argv[] = {"test_lifecycle", NULL};
    log_level = LOG_QUIET;
    config_load(&cf, 1, argv);
    memset(big_line, 'a', BIG_N);
    big_line[BIG_N] = '\n';
    snprintf(big_reply, sizeof big_reply, "Echoed: '%.*s'\r\n", BIG_N, big_line);
    snprintf(big_part, sizeof big_part, "%spart", big_line);
    snprintf(big_reply_x, sizeof big_reply_x, "%s" ECHOED("'x'"), big_reply);
    if (server_init(&srv, &cf) < 0)
        return -1;
    return server_compute(&srv, 0, 4);   /* its jobs run at COMPUTED */
}

/* Each sequence starts from the defaults, with a small --max-output and
 * every request calc can call costly so. */
static int setup_config(void **state)
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

static int teardown_conns(void **state)
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

/* Run the steps on a fresh connection of pr; `what` names them. */
static void run(const proto *pr, const char *what, const step *steps, size_t n)
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

/* ---- READING and BLOCKED ------------------------------------------------- */

static void open_greets_then_answers(void **state)
{
    (void)state;
    RUN(proto_calc, EV(OPEN, R, WELCOME), IN("1,2\n", R, SUM("3")), IN("1,", R, ""),
        IN("2\n", R, SUM("3")));
}

/* BACKLOG, then FLUSHED: reading stops while replies pass --max-output. */
static void backlog_blocks_until_flushed(void **state)
{
    (void)state;
    RUN(proto_echo, EV(OPEN, R, ""), EV(STALL, R, NULL), IN(BIG, B, NULL),
        IN("x\n", B, NULL), EV(UNSTALL, R, BIG_OUT_X), IN("y\n", R, ECHOED("'y'")));
}

/* DRAINED: back to reading with replies still pending under the mark. */
static void drained_reads_again(void **state)
{
    (void)state;
    cf.max_output = 50000;
    RUN(proto_echo, EV(OPEN, R, ""), EV(STALL, R, NULL), IN(BIG, B, NULL),
        EV(UNSTALL, R, BIG_OUT), IN("z\n", R, ECHOED("'z'")));
}

/* ---- EOF and DRAINING ---------------------------------------------------- */

/* EOF with every reply sent: DRAINING has nothing to flush and closes. */
static void half_close_when_idle_closes(void **state)
{
    (void)state;
    RUN(proto_zen, EV(OPEN, R, ""), IN("Beautiful is better than?", R, "Ugly."),
        EV(PEER_EOF, X, ""));
}

/* EOF completes the last line: its reply goes at once, then the close. */
static void half_close_answers_the_last_line(void **state)
{
    (void)state;
    RUN(proto_echo, EV(OPEN, R, ""), IN("x", R, ""), EV(PEER_EOF, X, ECHOED("'x'")));
}

/* BLOCKED reads nothing, so it meets the EOF only once it reads again:
 * then, every reply out, it closes. */
static void half_close_while_blocked(void **state)
{
    (void)state;
    RUN(proto_echo, EV(OPEN, R, ""), EV(STALL, R, NULL), IN(BIG, B, NULL),
        EV(PEER_EOF, B, NULL), EV(UNSTALL, X, BIG_OUT));
}

/* EOF with replies pending (under --max-output): DRAINING until they are
 * out, a stop changing nothing, then closed. */
static void half_close_with_replies_pending_drains(void **state)
{
    (void)state;
    cf.max_output = 1 << 20;
    RUN(proto_echo, EV(OPEN, R, ""), EV(STALL, R, NULL), IN(BIG, R, NULL),
        EV(PEER_EOF, D, NULL), EV(SHUTDOWN, D, NULL), AFTER(1000, D, NULL),
        EV(UNSTALL, X, BIG_OUT));
}

static void draining_cut_at_the_deadline(void **state)
{
    (void)state;
    cf.max_output = 1 << 20;
    RUN(proto_echo, EV(OPEN, R, ""), EV(STALL, R, NULL), IN(BIG, R, NULL),
        EV(PEER_EOF, D, NULL), EV(DEADLINE, X, NULL));
}

static void draining_peer_reset(void **state)
{
    (void)state;
    cf.max_output = 1 << 20;
    RUN(proto_echo, EV(OPEN, R, ""), EV(STALL, R, NULL), IN(BIG, R, NULL),
        EV(PEER_EOF, D, NULL), EV(RESET, X, NULL));
}

/* ---- QUIT, CLOSING and LINGERING ----------------------------------------- */

/* quit: the reply, our side shut, input dropped until the peer's EOF. */
static void quit_lingers_until_the_peer_closes(void **state)
{
    (void)state;
    RUN(proto_echo, EV(OPEN, R, ""), IN("a\nquit\n", L, ECHOED("'a'") BYE),
        IN("dropped\n", L, ""), EV(PEER_EOF, X, ""));
}

static void lingering_times_out(void **state)
{
    (void)state;
    RUN(proto_echo, EV(OPEN, R, ""), IN("quit\n", L, BYE), AFTER(LINGER_MS - 100, L, ""),
        AFTER(LINGER_MS + 10, X, ""));
}

static void lingering_peer_reset(void **state)
{
    (void)state;
    RUN(proto_echo, EV(OPEN, R, ""), IN("quit\n", L, BYE), EV(RESET, X, NULL));
}

/* The idle timeout closes politely: CLOSING, then LINGERING. */
static void idle_timeout_lingers(void **state)
{
    (void)state;
    RUN(proto_zen, EV(OPEN, R, ""), AFTER(cf.idle_timeout * 1000L - 1000, R, ""),
        AFTER(cf.idle_timeout * 1000L + 10, L, ""), EV(PEER_EOF, X, ""));
}

/* The request timeout while BLOCKED: CLOSING holds the replies; they
 * flush, then it lingers. */
static void request_timeout_while_blocked(void **state)
{
    (void)state;
    cf.send_timeout = 0;
    RUN(proto_echo, EV(OPEN, R, ""), EV(STALL, R, NULL), IN(BIG_PART, B, NULL),
        AFTER(cf.request_timeout * 1000L + 10, C, NULL), EV(UNSTALL, L, BIG_OUT),
        EV(PEER_EOF, X, ""));
}

/* A blocked client that takes nothing for --send-timeout is cut at once. */
static void send_timeout_cuts_a_blocked_client(void **state)
{
    (void)state;
    RUN(proto_echo, EV(OPEN, R, ""), EV(STALL, R, NULL), IN(BIG, B, NULL),
        AFTER(cf.send_timeout * 1000L + 10, X, NULL));
}

static void shutdown_closes_an_idle_client(void **state)
{
    (void)state;
    RUN(proto_zen, EV(OPEN, R, ""), EV(SHUTDOWN, L, ""), EV(PEER_EOF, X, ""));
}

/* SHUTDOWN while BLOCKED: CLOSING finishes the replies, then lingers. */
static void shutdown_while_blocked_finishes_replies(void **state)
{
    (void)state;
    RUN(proto_echo, EV(OPEN, R, ""), EV(STALL, R, NULL), IN(BIG, B, NULL),
        EV(SHUTDOWN, C, NULL), AFTER(1000, C, NULL), EV(UNSTALL, L, BIG_OUT),
        EV(PEER_EOF, X, ""));
}

static void closing_cut_at_the_deadline(void **state)
{
    (void)state;
    RUN(proto_echo, EV(OPEN, R, ""), EV(STALL, R, NULL), IN(BIG, B, NULL),
        EV(SHUTDOWN, C, NULL), EV(DEADLINE, X, NULL));
}

static void closing_peer_reset(void **state)
{
    (void)state;
    RUN(proto_echo, EV(OPEN, R, ""), EV(STALL, R, NULL), IN(BIG, B, NULL),
        EV(SHUTDOWN, C, NULL), EV(RESET, X, NULL));
}

/* ---- FAIL and ABORT from READING and BLOCKED ------------------------------ */

/* A client gone with the greeting unread: the socket fails. */
static void reading_peer_reset(void **state)
{
    (void)state;
    RUN(proto_calc, EV(STALL, ANY, NULL), EV(OPEN, R, NULL), EV(RESET, X, NULL));
}

static void blocked_peer_reset(void **state)
{
    (void)state;
    RUN(proto_echo, EV(OPEN, R, ""), EV(STALL, R, NULL), IN(BIG, B, NULL), EV(RESET, X, NULL));
}

static void reading_cut_at_the_deadline(void **state)
{
    (void)state;
    RUN(proto_zen, EV(OPEN, R, ""), IN("Beautiful", R, ""), EV(DEADLINE, X, ""));
}

static void blocked_cut_at_the_deadline(void **state)
{
    (void)state;
    RUN(proto_echo, EV(OPEN, R, ""), EV(STALL, R, NULL), IN(BIG, B, NULL),
        EV(DEADLINE, X, NULL));
}

/* ---- WAITING: a costly request on the compute pool ------------------------ */

static void costly_request_waits_for_the_pool(void **state)
{
    (void)state;
    RUN(proto_calc, EV(OPEN, R, WELCOME), IN(COSTLY, W, ""), IN("1,2\n", W, ""),
        EV(COMPUTED, R, COSTLY_SUM SUM("3")));
}

/* A stop or a timeout waits for the result; then the stop is done. */
static void waiting_holds_a_stop_and_a_timeout(void **state)
{
    (void)state;
    RUN(proto_calc, EV(OPEN, R, WELCOME), IN(COSTLY, W, ""), EV(SHUTDOWN, W, ""),
        AFTER(cf.idle_timeout * 1000L + 10, W, ""), EV(COMPUTED, L, COSTLY_SUM),
        EV(PEER_EOF, X, ""));
}

/* The peer's EOF while waiting: the result, then the close. */
static void waiting_then_half_close(void **state)
{
    (void)state;
    RUN(proto_calc, EV(OPEN, R, WELCOME), IN(COSTLY, W, ""), EV(PEER_EOF, W, ""),
        EV(COMPUTED, X, COSTLY_SUM));
}

static void waiting_cut_at_the_deadline(void **state)
{
    (void)state;
    RUN(proto_calc, EV(OPEN, R, WELCOME), IN(COSTLY, W, ""), EV(DEADLINE, X, ""));
}

/* A costly request in a read that also blocks: WAITING from BLOCKED. */
static void blocked_then_costly(void **state)
{
    (void)state;
    RUN(proto_calc, EV(OPEN, R, WELCOME), EV(STALL, R, NULL),
        IN("1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n"
           "1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n"
           "1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n"
           COSTLY, W, NULL),
        EV(COMPUTED, ANY, NULL), EV(UNSTALL, R, NULL));
}

/* ---- The table ------------------------------------------------------------ */

#define END (-1)

/* Run events through conn_next from READING; the state reached. */
static int table_run(const int *events)
{
    int st = CONN_READING;
    for (const int *e = events; *e != END; e++)
        st = conn_next[st][*e];
    return st;
}
#define TABLE(...) table_run((const int[]){__VA_ARGS__, END})

/* The table's word on what the sequences above do, and on what no
 * connection can be driven to show (events a state never meets). */
static void table_sequences(void **state)
{
    (void)state;
    assert_int_equal(TABLE(EV_EOF), CONN_DRAINING);
    assert_int_equal(TABLE(EV_EOF, EV_FLUSHED), CONN_CLOSED);
    assert_int_equal(TABLE(EV_QUIT), CONN_CLOSING);
    assert_int_equal(TABLE(EV_QUIT, EV_FLUSHED), CONN_LINGERING);
    assert_int_equal(TABLE(EV_QUIT, EV_FLUSHED, EV_EOF), CONN_CLOSED);
    assert_int_equal(TABLE(EV_QUIT, EV_FLUSHED, EV_TIMEOUT), CONN_CLOSED);
    assert_int_equal(TABLE(EV_BACKLOG), CONN_BLOCKED);
    assert_int_equal(TABLE(EV_BACKLOG, EV_DRAINED), CONN_READING);
    assert_int_equal(TABLE(EV_BACKLOG, EV_FLUSHED), CONN_READING);
    assert_int_equal(TABLE(EV_BACKLOG, EV_ABORT), CONN_CLOSED);
    assert_int_equal(TABLE(EV_TIMEOUT), CONN_CLOSING);
    assert_int_equal(TABLE(EV_BACKLOG, EV_TIMEOUT), CONN_CLOSING);
    assert_int_equal(TABLE(EV_FAIL), CONN_CLOSED);
    assert_int_equal(TABLE(EV_EOF, EV_FAIL), CONN_CLOSED);
    assert_int_equal(TABLE(EV_QUIT, EV_FLUSHED, EV_FAIL), CONN_CLOSED);
    assert_int_equal(TABLE(EV_EOF, EV_QUIT, EV_BACKLOG, EV_DRAINED), CONN_DRAINING);
    assert_int_equal(TABLE(EV_QUIT, EV_EOF, EV_QUIT), CONN_CLOSING);
}

/* Every state can reach CLOSED, CLOSED is final, and every state has a name
 * of its own. */
static void closed_is_final_and_reachable(void **state)
{
    (void)state;
    for (int e = 0; e < CONN_NEVENTS; e++)
        assert_int_equal(conn_next[CONN_CLOSED][e], CONN_CLOSED);
    for (int s = 0; s < CONN_NSTATES; s++) {
        assert_int_equal(conn_next[s][EV_FAIL], CONN_CLOSED);
        assert_int_equal(conn_next[s][EV_ABORT], CONN_CLOSED);
        assert_string_not_equal(conn_state_name(s), "?");
        for (int t = 0; t < s; t++)
            assert_string_not_equal(conn_state_name(s), conn_state_name(t));
    }
}

#define SEQ(f) cmocka_unit_test_setup_teardown(f, setup_config, teardown_conns)

int main(void)
{
    const struct CMUnitTest tests[] = {
        SEQ(open_greets_then_answers),
        SEQ(backlog_blocks_until_flushed),
        SEQ(drained_reads_again),
        SEQ(half_close_when_idle_closes),
        SEQ(half_close_answers_the_last_line),
        SEQ(half_close_while_blocked),
        SEQ(half_close_with_replies_pending_drains),
        SEQ(draining_cut_at_the_deadline),
        SEQ(draining_peer_reset),
        SEQ(quit_lingers_until_the_peer_closes),
        SEQ(lingering_times_out),
        SEQ(lingering_peer_reset),
        SEQ(idle_timeout_lingers),
        SEQ(request_timeout_while_blocked),
        SEQ(send_timeout_cuts_a_blocked_client),
        SEQ(shutdown_closes_an_idle_client),
        SEQ(shutdown_while_blocked_finishes_replies),
        SEQ(closing_cut_at_the_deadline),
        SEQ(closing_peer_reset),
        SEQ(reading_peer_reset),
        SEQ(blocked_peer_reset),
        SEQ(reading_cut_at_the_deadline),
        SEQ(blocked_cut_at_the_deadline),
        SEQ(costly_request_waits_for_the_pool),
        SEQ(waiting_holds_a_stop_and_a_timeout),
        SEQ(waiting_then_half_close),
        SEQ(waiting_cut_at_the_deadline),
        SEQ(blocked_then_costly),
        cmocka_unit_test(table_sequences),
        cmocka_unit_test(closed_is_final_and_reachable),
    };
    return cmocka_run_group_tests_name("connection lifecycle", tests, setup_server, NULL);
}
