/* The connection lifecycle as data: event sequences through conn_next[][],
 * in the manner of mongrel2's state tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "runtime/conn.h"

#define END (-1)

/* Run events from READING; return the state reached. */
static int run(const int *events)
{
    int st = CONN_READING;
    for (const int *e = events; *e != END; e++)
        st = conn_next[st][*e];
    return st;
}
#define RUN(...) run((const int[]){__VA_ARGS__, END})

static void sequences(void **state)
{
    (void)state;
    /* Half-close: drain every reply, then close. */
    assert_int_equal(RUN(EV_EOF), CONN_DRAINING);
    assert_int_equal(RUN(EV_EOF, EV_FLUSHED), CONN_CLOSED);
    /* quit: finish replies, shut our side, linger until the peer closes. */
    assert_int_equal(RUN(EV_QUIT), CONN_CLOSING);
    assert_int_equal(RUN(EV_QUIT, EV_FLUSHED), CONN_LINGERING);
    assert_int_equal(RUN(EV_QUIT, EV_FLUSHED, EV_EOF), CONN_CLOSED);
    assert_int_equal(RUN(EV_QUIT, EV_FLUSHED, EV_TIMEOUT), CONN_CLOSED);
    /* Backpressure: stop reading, resume when drained. */
    assert_int_equal(RUN(EV_BACKLOG), CONN_BLOCKED);
    assert_int_equal(RUN(EV_BACKLOG, EV_DRAINED), CONN_READING);
    assert_int_equal(RUN(EV_BACKLOG, EV_FLUSHED), CONN_READING);
    /* A blocked client that takes nothing is cut without lingering. */
    assert_int_equal(RUN(EV_BACKLOG, EV_ABORT), CONN_CLOSED);
    /* Idle and request timeouts close politely. */
    assert_int_equal(RUN(EV_TIMEOUT), CONN_CLOSING);
    assert_int_equal(RUN(EV_BACKLOG, EV_TIMEOUT), CONN_CLOSING);
    /* A reset ends everything at once. */
    assert_int_equal(RUN(EV_FAIL), CONN_CLOSED);
    assert_int_equal(RUN(EV_EOF, EV_FAIL), CONN_CLOSED);
    assert_int_equal(RUN(EV_QUIT, EV_FLUSHED, EV_FAIL), CONN_CLOSED);
    /* Draining or closing ignores what no longer matters. */
    assert_int_equal(RUN(EV_EOF, EV_QUIT, EV_BACKLOG, EV_DRAINED), CONN_DRAINING);
    assert_int_equal(RUN(EV_QUIT, EV_EOF, EV_QUIT), CONN_CLOSING);
}

/* Every state can reach CLOSED, and CLOSED is final. */
static void closed_is_final_and_reachable(void **state)
{
    (void)state;
    for (int e = 0; e < CONN_NEVENTS; e++)
        assert_int_equal(conn_next[CONN_CLOSED][e], CONN_CLOSED);
    for (int s = 0; s < CONN_NSTATES; s++) {
        assert_int_equal(conn_next[s][EV_FAIL], CONN_CLOSED);
        assert_int_equal(conn_next[s][EV_ABORT], CONN_CLOSED);
        assert_non_null(conn_state_name(s));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sequences),
        cmocka_unit_test(closed_is_final_and_reachable),
    };
    return cmocka_run_group_tests_name("connection lifecycle", tests, NULL, NULL);
}
