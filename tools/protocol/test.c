/* The @NAME@ parser: every row run whole, at every chunk size and at 50
 * random splits (CONV, tests/lib/conv.h), and again turn by turn under a small
 * reply budget, as the runtime feeds it. Written by make protocol; add a
 * row for every rule you add to grammar/@NAME@.rl. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "proto/@NAME@.h"
#include "tests/lib/conv.h"

#define PR (&proto_@NAME@)
#define PONG "pong\r\n"
#define UNKNOWN "ERROR. Unknown command\r\n"
#define CLOSED "connection closed\r\n"
#define TOO_LONG "ERROR. Line too long\r\n"

/* ROW: a conversation and its replies, run every way (tests/lib/conv.c). */
#define ROW(in, want) CONV(PR, in, want)

static void commands(void **state)
{
    (void)state;
    ROW("ping\n", PONG);
    ROW("ping\nping\r\n", PONG PONG);
    ROW("ping\rping\r\nping\r", PONG PONG PONG);   /* LF, CR LF or a lone CR */
    ROW("\r\n", UNKNOWN);                     /* one empty line... */
    ROW("\r\r", UNKNOWN UNKNOWN);             /* ...and two */
    ROW("ping \t\r\n", PONG);          /* trailing whitespace is stripped */
    ROW(" ping\n", UNKNOWN);           /* leading whitespace is not */
    ROW("PING\n", UNKNOWN);
    ROW("pingping\n", UNKNOWN);
    ROW("\n", UNKNOWN);
    ROW("\xff\n", UNKNOWN);
    ROW("ping", PONG);                 /* a last line at close is answered */
    ROW("", "");
}

static void quit(void **state)
{
    (void)state;
    ROW("quit\n", CLOSED);
    ROW("ping\nquit \r\nping\n", PONG CLOSED);   /* nothing after quit */
    ROW("quit", CLOSED);
    ROW("quitx\n", UNKNOWN);
}

static void max_line(void **state)
{
    (void)state;
    /* A line of 4 content bytes passes --max-line 4; one of 5 does not:
     * answered at its 5th byte, the rest dropped, the next line served. */
    conv_expect(PR, "ping\n", 5, PONG, 6, 1, 4);
    conv_expect(PR, "ping\r\n", 6, PONG, 6, 1, 4);   /* the line end does not count */
    conv_expect(PR, "pings and more\nping\n", 20, TOO_LONG PONG, 28, 1, 4);
    conv_expect(PR, "pingx\r\nping\n", 12, TOO_LONG PONG, 28, 1, 4);
    conv_expect(PR, "xxxxxxxxxx", 10, TOO_LONG, 22, 1, 4);
}

static void budget(void **state)
{
    (void)state;
    static const char in[] = "ping\nhello\nping\nxxxxxxxxxx\nping\nquit\nping\n";
    static const char want[] = PONG UNKNOWN PONG TOO_LONG PONG CLOSED;
    conv_expect_budget(PR, in, sizeof in - 1, want, sizeof want - 1, 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(commands),
        cmocka_unit_test(quit),
        cmocka_unit_test(max_line),
        cmocka_unit_test(budget),
    };
    return cmocka_run_group_tests_name("@NAME@ parser", tests, NULL, NULL);
}
