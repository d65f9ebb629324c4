/* koand over sockets: the examples of docs/protocols.md, protocol by protocol, on a
 * real server (tests/lib/exchange.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proto/calc.h"
#include "proto/echo.h"
#include "proto/zen.h"
#include "runtime/registry.h"
#include "tests/lib/clock.h"
#include "tests/lib/conv.h"
#include "tests/lib/conv_random.h"
#include "tests/lib/exchange.h"
#include "tests/lib/koand.h"
#include "tests/lib/rng.h"
#include "tests/lib/session.h"
#include "tests/lib/show.h"
#include "tests/lib/tcp.h"
#include "tests/zen_table.h"

/* ---- docs/protocols.md §1: zen --------------------------------------------- */

static void zen_examples(void **state)
{
    (void)state;
    ZEN("Beautiful is better than?", "Ugly.");
    ZEN("Explicit is better than?", "Implicit.");
    ZEN("Simple is better than?", "Complex.");
    /* Near misses get what the table says of them: the unknown error,
     * unless an operator made one an aphorism. */
    ZEN_T("Complex is better than?");
    ZEN_T("beautiful is better than?");
    ZEN_T("Beautiful is better than ?");
    ZEN_T("Beautiful is\nbetter than?");
    ZEN_T("?");
    /* Unknown by construction: bytes no aphorism holds. */
    ZEN("\x00\xff\xfb\x01?", UNKNOWN);
    /* Pipelined: one reply per '?', in order, not one merged question. */
    ZEN("Beautiful is better than?Simple is better than?Who" ZEN_ALIEN "?", "Ugly.Complex." UNKNOWN);
    ZEN("Explicit is better than?" ZEN_ALIEN "?", "Implicit." UNKNOWN);
    /* Whitespace before a question is skipped, and only ASCII space, \t, \r, \n. */
    ZEN(" \t\r\nBeautiful is better than?", "Ugly.");
    ZEN("Explicit is better than?\r\n Beautiful is better than?\n", "Implicit.Ugly.");
    ZEN_T("\x0b" "Beautiful is better than?");
    ZEN_T("\xc2\xa0" "Beautiful is better than?");
    /* The client may close at any time; an unfinished question gets nothing. */
    ZEN("Beautiful is better than", "");
    ZEN("Simple is better than?Sparse is", "Complex.");
    ZEN(" \r\n", "");
    ZEN("", "");
}

/* A question of any length is answered, and the server keeps none of it:
 * its peak memory does not grow with the question. */
static void zen_long_question(void **state)
{
    (void)state;
    koand k;
    const char *args[] = {"--listen", "zen@127.0.0.1:0", NULL};
    assert_int_equal(koand_start(&k, args, NULL, 1), 0);
    long before = koand_vm_kb(&k, "VmHWM");
    size_t n = 16u << 20;
    char *q = malloc(n);
    assert_non_null(q);
    for (size_t i = 0; i < n; i++)
        q[i] = (char)('a' + i % 26);
    q[n - 1] = '?';
    exchange_converse(LOOPBACK, koand_port(&k, "zen"), q, n, 0, 0, LIT(UNKNOWN), "zen <- 16 MB question");
    long after = koand_vm_kb(&k, "VmHWM");
    if (before > 0 && after > 0) {
        if (after - before > 4096)
            fprintf(stderr, "peak memory grew from %ld kB to %ld kB for a 16 MB question\n",
                    before, after);
        assert_true(after - before <= 4096);
    }
    /* Cut off, the same question is logged with its size. */
    int fd = tcp_dial(LOOPBACK, koand_port(&k, "zen"));
    assert_true(fd >= 0);
    int lport = tcp_local_port(fd);
    assert_int_equal(tcp_send(fd, q, n - 1, 10000), 0);
    shutdown(fd, SHUT_WR);
    char *got;
    size_t len;
    assert_int_equal(tcp_read_eof(fd, &got, &len, 10000), TCP_EOF);
    assert_int_equal(len, 0);
    free(got);
    close(fd);
    char line[128];
    snprintf(line, sizeof line, "zen 127.0.0.1:%d sent %zu bytes of an unfinished question", lport,
             n - 1);
    assert_true(koand_log_wait(&k, line, 3000));
    free(q);
    assert_int_equal(koand_stop(&k), 0);
    koand_cleanup(&k);
}

/* ---- docs/protocols.md §2: calc -------------------------------------------- */

static void calc_welcome_first(void **state)
{
    (void)state;
    int fd = tcp_dial(LOOPBACK, koand_port(exchange_server(), "calc"));
    assert_true(fd >= 0);
    char w[sizeof WELCOME] = {0};
    assert_int_equal(tcp_read_n(fd, w, sizeof WELCOME - 1, 3000), sizeof WELCOME - 1);
    assert_string_equal(w, WELCOME);
    /* Nothing more until we ask. */
    assert_true(tcp_quiet(fd, 100));
    assert_int_equal(tcp_send(fd, LIT("quit\n"), 3000), 0);
    char *got;
    size_t len;
    assert_int_equal(tcp_read_eof(fd, &got, &len, 3000), TCP_EOF);
    assert_string_equal(got, CLOSED);
    free(got);
    close(fd);
}

static void calc_examples(void **state)
{
    (void)state;
    /* The table. */
    CALC("quit\n", CLOSED);
    CALC("sum\n", TO_SUM);
    CALC("product\n", TO_PRODUCT);
    CALC("1,2\n", SUM("3"));
    CALC("product\n2,3\n", TO_PRODUCT PRODUCT("6"));
    CALC("product\n2,3\nsum\n2,3\n", TO_PRODUCT PRODUCT("6") TO_SUM SUM("5"));
    CALC("x\n", CALC_ERR);
    /* Valid integer lists. */
    CALC("  +5 , -5\n", SUM("0"));
    CALC("1_000,2\n", SUM("1002"));
    CALC("007\n", SUM("7"));
    CALC("-5,2\n", SUM("-3"));
    CALC(" 5\n", SUM("5"));
    CALC("1_2_3\n", SUM("123"));
    /* Invalid ones. */
    CALC("\n", CALC_ERR);
    CALC("1,,2\n", CALC_ERR);
    CALC("1__0\n", CALC_ERR);
    CALC("_1\n", CALC_ERR);
    CALC("1_\n", CALC_ERR);
    CALC("+\n", CALC_ERR);
    CALC("1 2\n", CALC_ERR);
    CALC("0x10\n", CALC_ERR);
    CALC("1,2,\n", CALC_ERR);
    CALC(",1\n", CALC_ERR);
    CALC("+-1\n", CALC_ERR);
    CALC("   \n", CALC_ERR);
    /* Exact arithmetic, and never -0. */
    CALC("99999999999999999999,1\n", SUM("100000000000000000000"));
    CALC("-99999999999999999999,-1\n", SUM("-100000000000000000000"));
    CALC("9223372036854775807,1\n", SUM("9223372036854775808"));
    CALC("-9223372036854775808,-1\n", SUM("-9223372036854775809"));
    CALC("-0\n", SUM("0"));
    CALC("5,-5\n", SUM("0"));
    CALC("product\n0,-5\n", TO_PRODUCT PRODUCT("0"));
    CALC("product\n-2,-3\n", TO_PRODUCT PRODUCT("6"));
    CALC("product\n-2,3\n", TO_PRODUCT PRODUCT("-6"));
    CALC("product\n99999999999999999999,99999999999999999999\n",
         TO_PRODUCT PRODUCT("9999999999999999999800000000000000000001"));
    CALC("product\n4294967296,4294967296,4294967296\n",
         TO_PRODUCT PRODUCT("79228162514264337593543950336"));
    /* Commands match exactly, case-sensitively, after the trailing strip. */
    CALC("Quit\nSUM\nProduct\n quit\n", CALC_ERR CALC_ERR CALC_ERR CALC_ERR);
    CALC("product \t\r\nsum\x0b\x0c\n", TO_PRODUCT TO_SUM);
    CALC("quit \r\n", CLOSED);
    CALC("quit\xe3\x80\x80\n", CLOSED);
    /* Trailing whitespace as str.rstrip() sees it. */
    CALC("1,2\r\n", SUM("3"));
    CALC("1,2 \t\x0b\x0c\r\n", SUM("3"));
    CALC("1,2\x1c\x1d\x1e\x1f\n", SUM("3"));
    CALC("1,2\xc2\x85\n", SUM("3"));
    CALC("1,2\xc2\xa0\n", SUM("3"));
    CALC("1,2\xe1\x9a\x80\n", SUM("3"));
    CALC("1,2\xe2\x80\x80\xe2\x80\x8a\n", SUM("3"));
    CALC("1,2\xe2\x80\xa8\xe2\x80\xa9\n", SUM("3"));
    CALC("1,2\xe2\x80\xaf\xe2\x81\x9f\xe3\x80\x80\n", SUM("3"));
    CALC("1,2\xe2\x80\x8b\n", CALC_ERR);   /* U+200B is not whitespace */
    /* Whitespace around fields: int()'s, which has no \x1c-\x1f. */
    CALC("\xc2\xa0" "1\xe3\x80\x80,\t2\n", SUM("3"));
    CALC(" 1 ,\xe2\x80\x83" "2\n", SUM("3"));
    CALC("\x1c" "1,2\n", CALC_ERR);
    CALC("1\x1c,2\n", CALC_ERR);
    /* Non-ASCII digits and invalid UTF-8. */
    CALC("\xd9\xa1\n", CALC_ERR);
    CALC("\xef\xbc\x91\n", CALC_ERR);
    CALC("1,2\xff\n", CALC_ERR);
    CALC("\xc3\n", CALC_ERR);
    CALC("\xc0\xb1\n", CALC_ERR);
    CALC("\xed\xa0\x80\n", CALC_ERR);
    CALC("sum\xff\n", CALC_ERR);
    /* A last line that ends at the close is still answered. */
    CALC("4,5", SUM("9"));
}

/* The mode belongs to the connection. */
static void calc_mode_per_connection(void **state)
{
    (void)state;
    int port = koand_port(exchange_server(), "calc");
    int a = tcp_dial(LOOPBACK, port), b = tcp_dial(LOOPBACK, port);
    assert_true(a >= 0 && b >= 0);
    char buf[256] = {0};
    const char wa[] = WELCOME TO_PRODUCT PRODUCT("12");
    const char wb[] = WELCOME SUM("7");
    assert_int_equal(tcp_send(a, LIT("product\n3,4\n"), 3000), 0);
    assert_int_equal(tcp_read_n(a, buf, sizeof wa - 1, 3000), sizeof wa - 1);
    assert_memory_equal(buf, wa, sizeof wa - 1);
    assert_int_equal(tcp_send(b, LIT("3,4\n"), 3000), 0);
    assert_int_equal(tcp_read_n(b, buf, sizeof wb - 1, 3000), sizeof wb - 1);
    assert_memory_equal(buf, wb, sizeof wb - 1);
    close(a);
    close(b);
}

/* ---- docs/protocols.md §3: echo -------------------------------------------- */

static void echo_examples(void **state)
{
    (void)state;
    ECHO("hello\n", ECHOED("'hello'"));
    ECHO("it's\n", ECHOED("\"it's\""));
    ECHO("\xc3\xa9\xe4\xb8\xad\n", ECHOED("'\\xe9\\u4e2d'"));
    ECHO("\n", ECHOED("''"));
    ECHO("quit\n", CLOSED);
    ECHO("hello\nquit\nnever\n", ECHOED("'hello'") CLOSED);
    /* Quotes. */
    ECHO("say \"hi\"\n", ECHOED("'say \"hi\"'"));
    ECHO("it's \"x\"\n", ECHOED("'it\\'s \"x\"'"));
    ECHO("'\n", ECHOED("\"'\""));
    ECHO("\"\n", ECHOED("'\"'"));
    /* Escapes. */
    ECHO("a\\b\n", ECHOED("'a\\\\b'"));
    ECHO("it's a\\b\n", ECHOED("\"it's a\\\\b\""));
    ECHO("a\tb\n", ECHOED("'a\\tb'"));
    /* A lone CR ends a line, as LF and CR LF do (docs/protocols.md §2). */
    ECHO("a\rb\n", ECHOED("'a'") ECHOED("'b'"));
    ECHO("\r\n\r\r", ECHOED("''") ECHOED("''") ECHOED("''"));
    ECHO("a\x00" "b\n", ECHOED("'a\\x00b'"));
    ECHO("\x01\x1b[0m\x1f\x7f\n", ECHOED("'\\x01\\x1b[0m\\x1f\\x7f'"));
    ECHO(" !~\n", ECHOED("' !~'"));
    /* Code points by size. */
    ECHO("\xc2\x80\xc3\xbf\n", ECHOED("'\\x80\\xff'"));
    ECHO("a\xc2\x85" "b\xc2\xa0" "c\n", ECHOED("'a\\x85b\\xa0c'"));
    ECHO("\xc4\x80\xef\xbf\xbf\n", ECHOED("'\\u0100\\uffff'"));
    ECHO("\xf0\x90\x80\x80\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\n",
         ECHOED("'\\U00010000\\U0001f600\\U0010ffff'"));
    /* Bytes that are not UTF-8, one \xNN each. */
    ECHO("\xff\n", ECHOED("'\\xff'"));
    ECHO("a\xc3\n", ECHOED("'a\\xc3'"));
    ECHO("\xe4\xb8\n", ECHOED("'\\xe4\\xb8'"));
    ECHO("\xc0\xaf\n", ECHOED("'\\xc0\\xaf'"));
    ECHO("\xed\xa0\x80\n", ECHOED("'\\xed\\xa0\\x80'"));
    ECHO("\xf4\x90\x80\x80\n", ECHOED("'\\xf4\\x90\\x80\\x80'"));
    ECHO("it's\xff\n", ECHOED("\"it's\\xff\""));
    /* Trailing whitespace goes, leading stays. */
    ECHO("hi \t\x0b\x0c\r\n", ECHOED("'hi'"));
    ECHO("hi\x1c\x1f\n", ECHOED("'hi'"));
    ECHO("hi\xc2\x85\xc2\xa0\xe3\x80\x80\xe2\x80\xa9\n", ECHOED("'hi'"));
    ECHO("  hi\n", ECHOED("'  hi'"));
    ECHO(" \t \n", ECHOED("''"));
    ECHO("\xff \n", ECHOED("'\\xff'"));
    ECHO("QUIT\nquit \r\n", ECHOED("'QUIT'") CLOSED);
    /* A last line without LF is answered at the close. */
    ECHO("bye", ECHOED("'bye'"));
}

static void echo_no_welcome(void **state)
{
    (void)state;
    int fd = tcp_dial(LOOPBACK, koand_port(exchange_server(), "echo"));
    assert_true(fd >= 0);
    assert_true(tcp_quiet(fd, 150));
    close(fd);
}

int main(void)
{
    const struct CMUnitTest shared[] = {
        TEST(zen_examples),
        TEST(calc_welcome_first),
        TEST(calc_examples),
        TEST(calc_mode_per_connection),
        TEST(echo_examples),
        TEST(echo_no_welcome),
    };
    const struct CMUnitTest own[] = {
        TEST(zen_long_question),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("koand over sockets: the protocols (one shared server)", shared,
                                          exchange_start, exchange_stop);
    failed += cmocka_run_group_tests_name("koand over sockets: the protocols (a server per test)", own, NULL, NULL);
    return failed;
}
