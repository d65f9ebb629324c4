/* The connection lifecycle as behaviour: each RUN (tests/lib/steps.h)
 * lists the events a real connection of the runtime meets and, after each,
 * the state it must be in and the bytes its client must have received.
 * Between them the sequences take every transition of runtime/conn.c's
 * conn_next[][] that an event can cause; the table's own properties close
 * the file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "proto/calc.h"
#include "proto/echo.h"
#include "proto/zen.h"
#include "runtime/conn.h"
#include "runtime/server.h"
#include "tests/lib/steps.h"

/* The states, short, as conn.c's table writes them. */
enum { R = CONN_READING, B = CONN_BLOCKED, D = CONN_DRAINING, C = CONN_CLOSING,
       L = CONN_LINGERING, X = CONN_CLOSED, W = CONN_WAITING };

#define WELCOME "<welcome: starting in sum mode>\n"
#define SUM(n) "Sum of input integers: '" n "'\r\n"
#define ECHOED(s) "Echoed: " s "\r\n"
#define BYE "connection closed\r\n"
/* A calc line costly at costly_at 1 (a number past 19 digits). */
#define COSTLY "12345678901234567890123,1\n"
#define COSTLY_SUM SUM("12345678901234567890124")

/* An echo line whose reply cannot pass a small socket buffer at once,
 * and that reply. */
enum { BIG_N = 60000 };
static char big_line[BIG_N + 2], big_part[BIG_N + 8], big_reply[BIG_N + 32], big_reply_x[BIG_N + 64];
#define BIG big_line
#define BIG_PART big_part   /* and the start of another line */
#define BIG_OUT big_reply
#define BIG_OUT_X big_reply_x   /* and the reply to "x\n" */

/* cmocka group setup: the big lines, then the server. */
static int setup_server(void **state)
{
    (void)state;
    memset(big_line, 'a', BIG_N);
    big_line[BIG_N] = '\n';
    snprintf(big_reply, sizeof big_reply, "Echoed: '%.*s'\r\n", BIG_N, big_line);
    snprintf(big_part, sizeof big_part, "%spart", big_line);
    snprintf(big_reply_x, sizeof big_reply_x, "%s" ECHOED("'x'"), big_reply);
    return steps_start();
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
    steps_config()->max_output = 50000;
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
    steps_config()->max_output = 1 << 20;
    RUN(proto_echo, EV(OPEN, R, ""), EV(STALL, R, NULL), IN(BIG, R, NULL),
        EV(PEER_EOF, D, NULL), EV(SHUTDOWN, D, NULL), AFTER(1000, D, NULL),
        EV(UNSTALL, X, BIG_OUT));
}

static void draining_cut_at_the_deadline(void **state)
{
    (void)state;
    steps_config()->max_output = 1 << 20;
    RUN(proto_echo, EV(OPEN, R, ""), EV(STALL, R, NULL), IN(BIG, R, NULL),
        EV(PEER_EOF, D, NULL), EV(DEADLINE, X, NULL));
}

static void draining_peer_reset(void **state)
{
    (void)state;
    steps_config()->max_output = 1 << 20;
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
    RUN(proto_zen, EV(OPEN, R, ""), AFTER(steps_config()->idle_timeout * 1000L - 1000, R, ""),
        AFTER(steps_config()->idle_timeout * 1000L + 10, L, ""), EV(PEER_EOF, X, ""));
}

/* The request timeout while BLOCKED: CLOSING holds the replies; they
 * flush, then it lingers. */
static void request_timeout_while_blocked(void **state)
{
    (void)state;
    steps_config()->send_timeout = 0;
    RUN(proto_echo, EV(OPEN, R, ""), EV(STALL, R, NULL), IN(BIG_PART, B, NULL),
        AFTER(steps_config()->request_timeout * 1000L + 10, C, NULL), EV(UNSTALL, L, BIG_OUT),
        EV(PEER_EOF, X, ""));
}

/* A blocked client that takes nothing for --send-timeout is cut at once. */
static void send_timeout_cuts_a_blocked_client(void **state)
{
    (void)state;
    RUN(proto_echo, EV(OPEN, R, ""), EV(STALL, R, NULL), IN(BIG, B, NULL),
        AFTER(steps_config()->send_timeout * 1000L + 10, X, NULL));
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
        AFTER(steps_config()->idle_timeout * 1000L + 10, W, ""), EV(COMPUTED, L, COSTLY_SUM),
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

#define SEQ(f) cmocka_unit_test_setup_teardown(f, steps_defaults, steps_tidy)

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
