/* Socket-level tests against a real koand: docs/protocols.md §1-§3 over TCP,
 * concurrency, pipelining, half-close, quit, SIGTERM, the ways to say
 * where to listen, and random conversations in random
 * pieces checked byte for byte against the parsers run in-process. */
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
#include "tests/conv.h"
#include "tests/conv_random.h"
#include "tests/server.h"
#include "tests/zen_table.h"

#define LOOPBACK "127.0.0.1"
#define LIT(s) (s), (sizeof(s) - 1)

#define WELCOME "<welcome: starting in sum mode>\n"
#define CALC_ERR "ERROR. Enter only integers separated by commas\n"
#define SUM(n) "Sum of input integers: '" n "'\r\n"
#define PRODUCT(n) "Product of input integers: '" n "'\r\n"
#define TO_SUM "<switching to sum mode>\r\n"
#define TO_PRODUCT "<switching to product mode>\r\n"
#define ECHOED(s) "Echoed: " s "\r\n"
#define CLOSED "connection closed\r\n"
#define UNKNOWN ZEN_UNKNOWN

/* The server most cases share: every protocol of the build on free ports. */
static koand srv;

/* A printable label for an input, for failure messages. */
static const char *label_of(const char *proto, const char *in, size_t n)
{
    static char label[128];
    int k = snprintf(label, sizeof label, "%s <- \"", proto);
    for (size_t i = 0; i < n && k < (int)sizeof label - 12; i++) {
        unsigned char c = (unsigned char)in[i];
        k += c >= 0x20 && c < 0x7f ? snprintf(label + k, sizeof label - (size_t)k, "%c", c)
                                   : snprintf(label + k, sizeof label - (size_t)k, "\\x%02x", c);
    }
    snprintf(label + k, sizeof label - (size_t)k, "%s\"", n > 40 ? "..." : "");
    return label;
}

/* The stream must be exactly want, then a clean end (not a reset). */
static void check_stream(const char *label, const char *got, size_t gn, int end, const char *want,
                         size_t wn)
{
    int same = gn == wn && memcmp(got, want, wn) == 0;
    if (!same)
        show_diff(label, got, gn, want, wn);
    if (end != TCP_EOF)
        fprintf(stderr, "%s: the stream ended by %s, not a clean end of stream\n", label,
                tcp_end_name(end));
    assert_true(same);
    assert_int_equal(end, TCP_EOF);
}

/* Send in[0..n) in pieces (seed 0: one write), half-close right after the
 * last byte, and expect exactly want then a clean end of stream. */
static void converse(const char *host, int port, const char *in, size_t n, uint64_t seed,
                     size_t max_piece, const char *want, size_t wn, const char *label)
{
    int fd = tcp_dial(host, port);
    assert_true(fd >= 0);
    session s = {.fd = fd, .in = in, .n = n, .seed = seed, .max_piece = max_piece,
                 .max_pause_ms = 1, .half_close = 1};
    session_run(&s, 1, 10000);
    close(fd);
    check_stream(label, s.got, s.got_len, s.end, want, wn);
    assert_int_equal(s.send_errno, 0);
    session_free(&s);
}

/* An example of docs/protocols.md on the shared server: sent whole, then one byte per write. */
static void exchange(const char *proto, const char *in, size_t n, const char *want, size_t wn)
{
    int port = koand_port(&srv, proto);
    const char *label = label_of(proto, in, n);
    converse(LOOPBACK, port, in, n, 0, 0, want, wn, label);
    converse(LOOPBACK, port, in, n, 0x5eed + n, 1, want, wn, label);
}
#define EX(proto, in, want) exchange(proto, LIT(in), LIT(want))
#define CALC(in, want) EX("calc", in, WELCOME want)
#define ECHO(in, want) EX("echo", in, want)
#define ZEN(in, want) EX("zen", in, want)
/* One question, answered as the grammar's table says (tests/zen_table.h). */
#define ZEN_T(q) exchange("zen", LIT(q), zen_reply(q), strlen(zen_reply(q)))

static int setup_shared(void **state)
{
    (void)state;
    return koand_start(&srv, koand_listen_all(NULL), NULL, koand_nlisten_all());
}

/* A failed assertion jumps out of a test, leaving its sockets open and any
 * koand it started running: a client left mid-request must not change what
 * the next test sees, and no process may outlive the suite. The test
 * process holds no other sockets. */
static int tidy(void **state)
{
    (void)state;
    for (int fd = 3; fd < 1024; fd++) {
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode))
            close(fd);
    }
    koand_kill_strays(srv.pid);
    return 0;
}
#define TEST(f) cmocka_unit_test_teardown(f, tidy)

static int teardown_shared(void **state)
{
    (void)state;
    int st = koand_stop(&srv);
    if (st != 0) {
        char *log = koand_log(&srv);
        fprintf(stderr, "the shared koand exited %d; its log:\n%s", st, log);
        free(log);
    }
    koand_cleanup(&srv);
    return st == 0 ? 0 : -1;
}

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
    converse(LOOPBACK, koand_port(&k, "zen"), q, n, 0, 0, LIT(UNKNOWN), "zen <- 16 MB question");
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
    int fd = tcp_dial(LOOPBACK, koand_port(&srv, "calc"));
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
    CALC("1,2\n", SUM("3"));
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
    int port = koand_port(&srv, "calc");
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
    int fd = tcp_dial(LOOPBACK, koand_port(&srv, "echo"));
    assert_true(fd >= 0);
    assert_true(tcp_quiet(fd, 150));
    close(fd);
}

/* ---- Concurrency -------------------------------------------------------- */

/* The classic blocking-server failure: client A sits mid-request; client
 * B must still be answered; then A finishes and is answered too. */
static void two_clients_interleaved(void **state)
{
    (void)state;
    static const struct {
        const char *proto, *a1, *a2, *a_want, *b_in, *b_want;
    } cases[] = {
        {"zen", "Beautiful is ", "better than?", "Ugly.", "Simple is better than?", "Complex."},
        {"calc", "12,", "30\n", WELCOME SUM("42"), "3,4\n", WELCOME SUM("7")},
        {"echo", "it", "'s\n", ECHOED("\"it's\""), "hello\n", ECHOED("'hello'")},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int port = koand_port(&srv, cases[i].proto);
        int a = tcp_dial(LOOPBACK, port);
        assert_true(a >= 0);
        assert_int_equal(tcp_send(a, cases[i].a1, strlen(cases[i].a1), 3000), 0);
        /* Let A's half request reach the server before B arrives. */
        for (int t = 0; t < 200 && tcp_unacked(a) != 0; t++)
            sleep_ms(1);
        sleep_ms(20);
        int b = tcp_dial(LOOPBACK, port);
        assert_true(b >= 0);
        assert_int_equal(tcp_send(b, cases[i].b_in, strlen(cases[i].b_in), 3000), 0);
        size_t bw = strlen(cases[i].b_want);
        char buf[128] = {0};
        assert_int_equal(tcp_read_n(b, buf, bw, 3000), bw);
        assert_string_equal(buf, cases[i].b_want);
        shutdown(b, SHUT_WR);
        char *rest;
        size_t len;
        assert_int_equal(tcp_read_eof(b, &rest, &len, 3000), TCP_EOF);
        assert_int_equal(len, 0);
        free(rest);
        close(b);
        /* A is still connected and still mid-request. */
        assert_int_equal(tcp_send(a, cases[i].a2, strlen(cases[i].a2), 3000), 0);
        size_t aw = strlen(cases[i].a_want);
        memset(buf, 0, sizeof buf);
        assert_int_equal(tcp_read_n(a, buf, aw, 3000), aw);
        assert_string_equal(buf, cases[i].a_want);
        close(a);
    }
}

/* One byte of A's question at a time, with a whole conversation of
 * another client between every two bytes. */
static void many_clients_between_bytes(void **state)
{
    (void)state;
    int port = koand_port(&srv, "zen");
    const char q[] = "Explicit is better than?";
    int a = tcp_dial(LOOPBACK, port);
    assert_true(a >= 0);
    for (size_t i = 0; i < sizeof q - 1; i++) {
        assert_int_equal(tcp_send(a, q + i, 1, 3000), 0);
        if (i + 1 < sizeof q - 1) {
            converse(LOOPBACK, port, LIT("Simple is better than?Beautiful is better than?"), 0,
                     0, LIT("Complex.Ugly."), "zen: client B between A's bytes");
            assert_true(tcp_quiet(a, 0));
        }
    }
    char buf[16] = {0};
    assert_int_equal(tcp_read_n(a, buf, 9, 3000), 9);
    assert_string_equal(buf, "Implicit.");
    close(a);
}

/* 100 questions in one write: 100 replies, in order. */
static void pipelined_100(void **state)
{
    (void)state;
    static const char *const q[] = {"Beautiful is better than?", "Explicit is better than?",
                                    "Simple is better than?",    "Flat is better than?",
                                    " \r\nBeautiful is better than?", "?",
                                    "Sparse is better than dense?"};
    char in[100 * 40], want[100 * 32];
    size_t n = 0, wn = 0;
    for (int i = 0; i < 100; i++) {
        n += (size_t)sprintf(in + n, "%s", q[i % 7]);
        /* Each as the grammar's table answers it, whitespace skipped. */
        wn += (size_t)sprintf(want + wn, "%s", zen_reply(q[i % 7] + strspn(q[i % 7], " \r\n")));
    }
    size_t on;
    char *oracle = conv_run(&proto_zen, in, n, 0, 0, 1, 65536, &on);
    assert_int_equal(on, wn);
    assert_memory_equal(oracle, want, wn);
    free(oracle);

    int fd = tcp_dial(LOOPBACK, koand_port(&srv, "zen"));
    assert_true(fd >= 0);
    assert_int_equal(send(fd, in, n, MSG_NOSIGNAL), (ssize_t)n);
    char got[sizeof want];
    size_t gn = tcp_read_n(fd, got, wn, 5000);
    if (gn != wn || memcmp(got, want, wn) != 0)
        show_diff("100 pipelined questions", got, gn, want, wn);
    assert_int_equal(gn, wn);
    assert_memory_equal(got, want, wn);
    /* No stray 101st reply. */
    shutdown(fd, SHUT_WR);
    char *rest;
    size_t len;
    assert_int_equal(tcp_read_eof(fd, &rest, &len, 3000), TCP_EOF);
    assert_int_equal(len, 0);
    free(rest);
    close(fd);
}

/* ---- Half-close ----------------------------------------------------------- */

/* Thousands of pipelined requests -- each protocol's samples, over and
 * over -- on every protocol at once, the write side shut right after the
 * last: every reply, then a clean end of stream. */
static void half_close_delivers_all(void **state)
{
    (void)state;
    enum { N = 6000 };
    const proto *const *all = conv_protocols();
    int np = conv_nprotocols();
    session *ss = calloc((size_t)np, sizeof *ss);
    char **ins = calloc((size_t)np, sizeof *ins), **wants = calloc((size_t)np, sizeof *wants);
    size_t *wns = calloc((size_t)np, sizeof *wns);
    assert_true(ss && ins && wants && wns);
    for (int i = 0; i < np; i++) {
        size_t n;
        ins[i] = conv_repeat(all[i]->samples, N, &n);
        wants[i] = conv_run(all[i], ins[i], n, 0, 0, 1, 65536, &wns[i]);
        int fd = tcp_dial(LOOPBACK, koand_port(&srv, all[i]->name));
        assert_true(fd >= 0);
        ss[i] = (session){.fd = fd, .in = ins[i], .n = n, .half_close = 1};
    }
    session_run(ss, np, 15000);
    for (int i = 0; i < np; i++) {
        char label[64];
        snprintf(label, sizeof label, "%s: %d pipelined requests, then half-close", all[i]->name, N);
        check_stream(label, ss[i].got, ss[i].got_len, ss[i].end, wants[i], wns[i]);
        close(ss[i].fd);
        session_free(&ss[i]);
        free(ins[i]);
        free(wants[i]);
    }
    free(ss);
    free(ins);
    free(wants);
    free(wns);
}

/* The reference client: sendall(), shutdown(SHUT_WR), then recv() to the
 * end, reading nothing while it sends. */
static void half_close_classic_client(void **state)
{
    (void)state;
    for (const proto *const *pr = conv_protocols(); *pr; pr++) {
        size_t n, wn, len;
        char *in = conv_repeat((*pr)->samples, 1000, &n);
        char *want = conv_run(*pr, in, n, 0, 0, 1, 65536, &wn);
        int fd = tcp_dial(LOOPBACK, koand_port(&srv, (*pr)->name));
        assert_true(fd >= 0);
        assert_int_equal(tcp_send(fd, in, n, 5000), 0);
        shutdown(fd, SHUT_WR);
        char *got;
        int end = tcp_read_eof(fd, &got, &len, 5000);
        check_stream((*pr)->name, got, len, end, want, wn);
        close(fd);
        free(got);
        free(in);
        free(want);
    }
}

/* What the close completes is answered: a last line without LF. */
static void last_line_at_half_close(void **state)
{
    (void)state;
    CALC("4,5", SUM("9"));
    CALC("1,2\n3,4", SUM("3") SUM("7"));
    CALC("product\n2,3 \t", TO_PRODUCT PRODUCT("6"));
    CALC("1,2\r", SUM("3"));
    CALC("x", CALC_ERR);
    CALC("product", TO_PRODUCT);
    CALC("quit", CLOSED);
    CALC("1,2\xe3\x80", CALC_ERR);
    ECHO("bye", ECHOED("'bye'"));
    ECHO("bye \t", ECHOED("'bye'"));
    ECHO("a\nit's", ECHOED("'a'") ECHOED("\"it's\""));
    ECHO("\xe4\xb8", ECHOED("'\\xe4\\xb8'"));
    ECHO("quit", CLOSED);
    ZEN("Simple is better than?Beautiful", "Complex.");
}

/* ---- quit ----------------------------------------------------------------- */

/* After quit: the reply, then a prompt clean end of stream; what the client
 * sends afterwards is never answered and never turns into a reset. Every
 * protocol whose parser a "quit" line ends (its unit tests hold the forms
 * of quit it accepts): quit alone, and after a request. */
static void quit_closes_cleanly(void **state)
{
    (void)state;
    int tried = 0;
    for (const proto *const *pr = conv_protocols(); *pr; pr++) {
        if (!conv_quits(*pr))
            continue;
        char after[256];
        snprintf(after, sizeof after, "%squit\n", (*pr)->samples[0]);
        const char *const cases[] = {"quit\n", after};
        for (size_t i = 0; i < 2; i++) {
            const char *name = (*pr)->name;
            size_t wn;
            char *want = conv_run(*pr, cases[i], strlen(cases[i]), 0, 0, 0, 65536, &wn);
            int fd = tcp_dial(LOOPBACK, koand_port(&srv, name));
            assert_true(fd >= 0);
            int lport = tcp_local_port(fd);
            int64_t t0 = now_ms();
            assert_int_equal(tcp_send(fd, cases[i], strlen(cases[i]), 3000), 0);
            char *got;
            size_t len;
            /* We never half-close: the end of stream is the server's doing. */
            int end = tcp_read_eof(fd, &got, &len, 5000);
            check_stream(name, got, len, end, want, wn);
            free(got);
            free(want);
            assert_true(now_ms() - t0 < 1500);
            /* Bytes after quit: discarded, unanswered, and no reset. */
            for (int k = 0; k < 3; k++) {
                const char *more = (*pr)->samples[k % 2 && (*pr)->samples[1] ? 1 : 0];
                assert_int_equal(tcp_send(fd, more, strlen(more), 3000), 0);
                sleep_ms(5);
            }
            shutdown(fd, SHUT_WR);
            /* Only once the server has closed would a reset have arrived. */
            char line[96];
            snprintf(line, sizeof line, "%s 127.0.0.1:%d closed normally after quit", name, lport);
            assert_true(koand_log_wait(&srv, line, 3000));
            sleep_ms(10);
            end = tcp_read_eof(fd, &got, &len, 3000);
            check_stream("after quit", got, len, end, "", 0);
            free(got);
            close(fd);
            tried++;
        }
    }
    print_message("quit tried on %d connections\n", tried);
}

/* quit followed, in the same stream, by more input than the socket
 * buffers hold: the replies before quit, then a clean end. Closing with
 * that input unread would send a reset, which destroys replies the client
 * has not read yet — so the client here first writes everything (the server
 * must keep taking and discarding it), and only then reads; and once more
 * reading all along. */
static void quit_with_flood_behind(void **state)
{
    (void)state;
    size_t junk = 4u << 20;
    for (int mode = 0; mode < 2; mode++) {
        for (const proto *const *pr = conv_protocols(); *pr; pr++) {
            if (!conv_quits(*pr))
                continue;
            const char *req = (*pr)->samples[0];
            size_t rl = strlen(req), n = 0;
            char *in = malloc(rl + 5 + junk + rl);
            assert_non_null(in);
            n += (size_t)sprintf(in, "%squit\n", req);
            for (size_t k = 0; k < junk; k += rl)
                memcpy(in + n + k, req, rl);
            n += junk;
            size_t wn;
            char *want = conv_run(*pr, in, n, 0, 0, 1, 65536, &wn);
            int fd = tcp_dial(LOOPBACK, koand_port(&srv, (*pr)->name));
            assert_true(fd >= 0);
            char label[64];
            snprintf(label, sizeof label, "%s: quit, then 4 MB (%s)", (*pr)->name,
                     mode ? "reading all along" : "written before reading");
            char *got;
            size_t len;
            int end;
            if (mode == 0) {
                if (tcp_send(fd, in, n, 5000) < 0) {
                    fprintf(stderr, "%s: sending failed: %s\n", label, strerror(errno));
                    fail();
                }
                shutdown(fd, SHUT_WR);
                end = tcp_read_eof(fd, &got, &len, 5000);
            } else {
                session s = {.fd = fd, .in = in, .n = n, .half_close = 1};
                session_run(&s, 1, 10000);
                got = s.got;
                len = s.got_len;
                end = s.end;
                assert_int_equal(s.send_errno, 0);
            }
            check_stream(label, got, len, end, want, wn);
            free(got);
            free(want);
            close(fd);
            free(in);
        }
    }
}

/* ---- Log lines ------------------------------------------------------------- */

static void log_lines(void **state)
{
    (void)state;
    int port = koand_port(&srv, "zen");
    char line[128];
    static const struct {
        const char *in;
        size_t pending;
    } cases[] = {
        {"  Beautiful is", 12},
        {"Simple is better than?Sparse is", 9},
        {"\r\n?x", 1},
        {"Beautiful is better than?", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int fd = tcp_dial(LOOPBACK, port);
        assert_true(fd >= 0);
        int lport = tcp_local_port(fd);
        /* In pieces, to count across reads. */
        session s = {.fd = fd, .in = cases[i].in, .n = strlen(cases[i].in), .seed = 3 + i,
                     .max_piece = 3, .max_pause_ms = 2, .half_close = 1};
        session_run(&s, 1, 5000);
        assert_int_equal(s.end, TCP_EOF);
        session_free(&s);
        close(fd);
        snprintf(line, sizeof line, "zen 127.0.0.1:%d accepted", lport);
        assert_true(koand_log_wait(&srv, line, 3000));
        if (cases[i].pending)
            snprintf(line, sizeof line,
                     "zen 127.0.0.1:%d sent %zu bytes of an unfinished question, then closed",
                     lport, cases[i].pending);
        else
            snprintf(line, sizeof line, "zen 127.0.0.1:%d closed normally", lport);
        if (!koand_log_wait(&srv, line, 3000)) {
            char *log = koand_log(&srv);
            fprintf(stderr, "no line \"%s\" in the log:\n%s", line, log);
            free(log);
            fail();
        }
    }
    /* A full close (not a half-close) with a question unfinished. */
    int fd = tcp_dial(LOOPBACK, port);
    assert_true(fd >= 0);
    int lport = tcp_local_port(fd);
    assert_int_equal(tcp_send(fd, LIT("Explicit is better"), 3000), 0);
    for (int t = 0; t < 200 && tcp_unacked(fd) != 0; t++)
        sleep_ms(1);
    close(fd);
    snprintf(line, sizeof line, "zen 127.0.0.1:%d sent 18 bytes of an unfinished question, then closed",
             lport);
    assert_true(koand_log_wait(&srv, line, 3000));
}

/* A client that stops reading and then resets: the log says how many reply
 * bytes never left. */
static void log_unsent_bytes(void **state)
{
    (void)state;
    int fd = tcp_dial(LOOPBACK, koand_port(&srv, "echo"));
    assert_true(fd >= 0);
    int lport = tcp_local_port(fd);
    /* Six times more reply than request: the server blocks on its output,
     * then stops reading, and our writes stall. */
    static char in[64 * 1024];
    for (size_t k = 0; k < sizeof in; k += 2)
        memcpy(in + k, "x\n", 2);
    int stalled = 0;
    for (int64_t deadline = now_ms() + 5000; now_ms() < deadline && stalled < 20;) {
        ssize_t w = send(fd, in, sizeof in, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            stalled++;
            sleep_ms(10);
        } else {
            assert_true(w > 0);
            stalled = 0;
        }
    }
    assert_int_equal(stalled, 20);
    struct linger lg = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(fd);
    char line[96];
    snprintf(line, sizeof line, "echo 127.0.0.1:%d closed before we sent ", lport);
    assert_true(koand_log_wait(&srv, line, 3000));
}

/* ---- SIGTERM / SIGINT ------------------------------------------------------- */

/* Requests in flight when the signal comes are all answered, the server
 * closes each connection cleanly, logs its summary and exits 0.
 *
 * With `frozen` the server is stopped (SIGSTOP) while the requests arrive,
 * so at the signal every byte is in its socket buffers and none has been
 * read; otherwise it has been replying for a while, and — its send buffers
 * on loopback being large — has usually read most of them. */
/* The sample of pr whose reply is the largest for its size, for a load
 * whose replies outgrow their requests. */
static const char *heaviest_sample(const proto *pr)
{
    const char *best = pr->samples[0];
    double ratio = 0;
    size_t greet = conv_greeting_len(pr);
    for (const char *const *q = pr->samples; *q; q++) {
        size_t n;
        free(conv_run(pr, *q, strlen(*q), 0, 0, 0, 65536, &n));
        if ((double)(n - greet) / (double)strlen(*q) > ratio) {
            ratio = (double)(n - greet) / (double)strlen(*q);
            best = *q;
        }
    }
    return best;
}

static void stop_signal_loses_no_reply(int sig, int frozen)
{
    koand k;
    /* A small --max-output and slow readers: connections blocked on their
     * output when the signal comes. */
    const char *const extra[] = {"--max-output", "2048", NULL};
    assert_int_equal(koand_start(&k, koand_listen_all(extra), NULL, koand_nlisten_all()), 0);
    const proto *const *all = conv_protocols();
    enum { NC_MAX = 2 * REGISTRY_MAX, HEAVY = 16 * 1024 };
    int np = conv_nprotocols(), NC = 2 * np;
    session ss[NC_MAX + 1];
    char *ins[NC_MAX], *wants[NC_MAX];
    size_t wns[NC_MAX], firsts[NC_MAX];
    for (int i = 0; i <= NC; i++) {
        /* The last one stays idle: it must not hold the shutdown up either. */
        const char *proto = all[i % np]->name;
        int fd = tcp_dial_rcvbuf(LOOPBACK, koand_port(&k, proto), i < np ? 0 : 2048);
        assert_true(fd >= 0);
        ss[i] = (session){.fd = fd};
        char line[64];
        snprintf(line, sizeof line, "%s 127.0.0.1:%d accepted", proto, tcp_local_port(fd));
        assert_true(koand_log_wait(&k, line, 3000));
    }
    if (frozen)
        assert_int_equal(kill(k.pid, SIGSTOP), 0);
    for (int i = 0; i < NC; i++) {
        const proto *pr = all[i % np];
        /* The protocol's samples, then requests whose replies outgrow
         * them; each batch ends mid-request (the first sample less its last
         * byte): that one is not complete, so it gets no reply, and it must
         * not hold the shutdown up. */
        size_t n;
        char *body = conv_repeat(pr->samples, 400 + (size_t)i, &n);
        const char *heavy = heaviest_sample(pr), *tail = pr->samples[0];
        size_t hl = strlen(heavy), tl = strlen(tail) - 1;
        ins[i] = malloc(n + HEAVY + hl + tl);
        assert_non_null(ins[i]);
        memcpy(ins[i], body, n);
        free(body);
        for (size_t h = 0; h < HEAVY; h += hl)
            memcpy(ins[i] + n + h, heavy, hl);
        n += (HEAVY + hl - 1) / hl * hl;
        memcpy(ins[i] + n, tail, tl);
        n += tl;
        /* eof 0: the server closes, the peer did not; the tail stays unanswered. */
        wants[i] = conv_run(pr, ins[i], n, 0, 0, 0, 65536, &wns[i]);
        assert_int_equal(tcp_send(ss[i].fd, ins[i], n, 5000), 0);
    }
    /* The server surely has every batch once our kernel holds no unacked
     * byte, and (when it runs) a reply to a request -- not the greeting --
     * has begun. */
    for (int i = 0; i < NC; i++) {
        firsts[i] = frozen ? 0 : conv_greeting_len(all[i % np]) + 1;
        char head[256];
        assert_true(firsts[i] <= sizeof head);
        assert_int_equal(tcp_read_n(ss[i].fd, head, firsts[i], 5000), firsts[i]);
        assert_memory_equal(head, wants[i], firsts[i]);
    }
    for (int i = 0; i < NC; i++) {
        for (int t = 0; t < 5000 && tcp_unacked(ss[i].fd) != 0; t++)
            sleep_ms(1);
        assert_int_equal(tcp_unacked(ss[i].fd), 0);
        if (frozen)
            assert_true(tcp_server_unread(koand_port(&k, all[i % np]->name),
                                          tcp_local_port(ss[i].fd)) > 0);
    }
    kill(k.pid, sig);
    if (frozen)
        kill(k.pid, SIGCONT);
    assert_true(koand_log_wait(&k, "stopping", 3000));
    /* No new clients once it is stopping (the line is logged just before
     * the listeners close). */
    int late = 0;
    for (int t = 0; t < 200 && late >= 0; t++) {
        late = tcp_dial(LOOPBACK, koand_port(&k, all[0]->name));
        if (late >= 0) {
            close(late);
            sleep_ms(5);
        }
    }
    assert_int_equal(late, -1);
    for (int i = 0; i <= NC; i++)
        ss[i].n = 0;
    session_run(ss, NC + 1, 15000);
    for (int i = 0; i < NC; i++) {
        char label[80];
        snprintf(label, sizeof label, "%s client %d after %s%s", all[i % np]->name, i,
                 strsignal(sig), frozen ? " (input unread)" : "");
        check_stream(label, ss[i].got, ss[i].got_len, ss[i].end, wants[i] + firsts[i],
                     wns[i] - firsts[i]);
        close(ss[i].fd);
        session_free(&ss[i]);
        free(ins[i]);
        free(wants[i]);
    }
    check_stream("idle client at shutdown", ss[NC].got, ss[NC].got_len, ss[NC].end, "", 0);
    close(ss[NC].fd);
    session_free(&ss[NC]);
    int st = koand_wait(&k, 10000);
    if (st != 0 || koand_log_count(&k, "shutdown:") != 1) {
        char *log = koand_log(&k);
        fprintf(stderr, "exit status %d; the log:\n%s", st, log);
        free(log);
    }
    assert_int_equal(st, 0);
    assert_int_equal(koand_log_count(&k, "shutdown:"), 1);
    assert_int_equal(koand_log_count(&k, "closed before we sent"), 0);
    koand_cleanup(&k);
}

static void sigterm_loses_no_reply(void **state)
{
    (void)state;
    stop_signal_loses_no_reply(SIGTERM, 0);
}

static void sigterm_with_input_unread(void **state)
{
    (void)state;
    stop_signal_loses_no_reply(SIGTERM, 1);
}

static void sigint_loses_no_reply(void **state)
{
    (void)state;
    stop_signal_loses_no_reply(SIGINT, 1);
}

/* ---- Where to listen ---------------------------------------------------- */

static void serves_zen(const char *host, int port)
{
    converse(host, port, LIT("Beautiful is better than?"), 0, 0, LIT("Ugly."), "zen");
}
static void serves_calc(const char *host, int port)
{
    converse(host, port, LIT("1,2\n"), 0, 0, LIT(WELCOME SUM("3")), "calc");
}
static void serves_echo(const char *host, int port)
{
    converse(host, port, LIT("x\n"), 0, 0, LIT(ECHOED("'x'")), "echo");
}

static void stop_clean(koand *k)
{
    assert_int_equal(koand_stop(k), 0);
    koand_cleanup(k);
}

/* koand [HOST] [-p PORT] [-P PROTOCOL]: one protocol, the classic way. */
static void classic_form(void **state)
{
    (void)state;
    koand k;
    char port[16], want[64];

    int p = tcp_free_port(LOOPBACK);
    assert_true(p > 0);
    snprintf(port, sizeof port, "%d", p);
    const char *full[] = {"127.0.0.1", "-p", port, "-P", "calc", NULL};
    assert_int_equal(koand_start(&k, full, NULL, 1), 0);
    snprintf(want, sizeof want, "listening calc on 127.0.0.1:%d", p);
    assert_int_equal(koand_log_count(&k, want), 1);
    serves_calc(LOOPBACK, p);
    stop_clean(&k);

    /* Defaults for the rest: zen, on loopback. */
    p = tcp_free_port(LOOPBACK);
    snprintf(port, sizeof port, "%d", p);
    const char *port_only[] = {"-p", port, NULL};
    assert_int_equal(koand_start(&k, port_only, NULL, 1), 0);
    snprintf(want, sizeof want, "listening zen on 127.0.0.1:%d", p);
    assert_int_equal(koand_log_count(&k, want), 1);
    serves_zen(LOOPBACK, p);
    stop_clean(&k);

    const char *long_names[] = {"--protocol", "echo", "--port", "0", NULL};
    assert_int_equal(koand_start(&k, long_names, NULL, 1), 0);
    assert_string_equal(k.ls[0].proto, "echo");
    assert_string_equal(k.ls[0].host, LOOPBACK);
    serves_echo(LOOPBACK, koand_port(&k, "echo"));
    stop_clean(&k);
}

/* KOAN_LISTEN and the other environment twins; the command line wins. */
static void environment_form(void **state)
{
    (void)state;
    koand k;
    const char *env3[] = {"KOAN_LISTEN=zen@127.0.0.1:0,calc@127.0.0.1:0,echo@127.0.0.1:0", NULL};
    assert_int_equal(koand_start(&k, NULL, env3, 3), 0);
    serves_zen(LOOPBACK, koand_port(&k, "zen"));
    serves_calc(LOOPBACK, koand_port(&k, "calc"));
    serves_echo(LOOPBACK, koand_port(&k, "echo"));
    stop_clean(&k);

    /* --listen replaces KOAN_LISTEN rather than adding to it. */
    const char *env1[] = {"KOAN_LISTEN=zen@127.0.0.1:0,calc@127.0.0.1:0", NULL};
    const char *argv1[] = {"--listen", "echo@127.0.0.1:0", NULL};
    assert_int_equal(koand_start(&k, argv1, env1, 1), 0);
    serves_echo(LOOPBACK, koand_port(&k, "echo"));
    assert_int_equal(koand_log_count(&k, "listening"), 1);
    stop_clean(&k);

    const char *env_single[] = {"KOAN_PROTOCOL=calc", "KOAN_PORT=0", "KOAN_HOST=127.0.0.1", NULL};
    assert_int_equal(koand_start(&k, NULL, env_single, 1), 0);
    serves_calc(LOOPBACK, koand_port(&k, "calc"));
    stop_clean(&k);

    /* KOAN_MAX_LINE acts, and --max-line beats it. */
    const char *env_line[] = {"KOAN_MAX_LINE=4", "KOAN_LISTEN=echo@127.0.0.1:0", NULL};
    assert_int_equal(koand_start(&k, NULL, env_line, 1), 0);
    converse(LOOPBACK, koand_port(&k, "echo"), LIT("abcd\nabcdefgh\nok\n"), 0, 0,
             LIT(ECHOED("'abcd'") "ERROR. Line too long\r\n" ECHOED("'ok'")), "KOAN_MAX_LINE=4");
    stop_clean(&k);
    const char *argv_line[] = {"--max-line", "8", NULL};
    assert_int_equal(koand_start(&k, argv_line, env_line, 1), 0);
    converse(LOOPBACK, koand_port(&k, "echo"), LIT("abcdefgh\n"), 0, 0,
             LIT(ECHOED("'abcdefgh'")), "--max-line 8 over KOAN_MAX_LINE=4");
    stop_clean(&k);
}

/* koand with no arguments: all three on their default ports on 127.0.0.1.
 * Those ports may be busy here, so the check runs in a network namespace
 * of its own, where they are surely free. Runs in a forked child, which
 * reports by exit status: 0 ok, 77 no namespace to be had, else failed. */
static int plain_converse(int port, const char *in, const char *want)
{
    int fd = tcp_dial(LOOPBACK, port);
    if (fd < 0) {
        fprintf(stderr, "cannot connect to port %d\n", port);
        return 1;
    }
    session s = {.fd = fd, .in = in, .n = strlen(in), .half_close = 1};
    session_run(&s, 1, 5000);
    close(fd);
    int ok = s.end == TCP_EOF && s.got_len == strlen(want) && memcmp(s.got, want, s.got_len) == 0;
    if (!ok)
        show_diff("default port", s.got, s.got_len, want, strlen(want));
    session_free(&s);
    return !ok;
}

static int default_form_child(void)
{
    if (unshare(CLONE_NEWNET) < 0)
        return 77;
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
    if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
        return 77;
    ifr.ifr_flags |= IFF_UP;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
        return 77;
    close(s);
    koand k;
    if (koand_start(&k, NULL, NULL, conv_nprotocols()) < 0)
        return 1;
    int bad = 0;
    /* Each protocol on its own port, answering its first sample. */
    for (const proto *const *pr = conv_protocols(); *pr; pr++) {
        char want[64];
        snprintf(want, sizeof want, "listening %s on 127.0.0.1:%u", (*pr)->name, (*pr)->port);
        if (koand_log_count(&k, want) != 1) {
            fprintf(stderr, "no line \"%s\"\n", want);
            bad = 1;
        }
        size_t wn;
        const char *in = (*pr)->samples[0];
        char *reply = conv_run(*pr, in, strlen(in), 0, 0, 0, 65536, &wn);
        bad |= plain_converse((*pr)->port, in, reply);
        free(reply);
    }
    if (koand_stop(&k) != 0)
        bad = 1;
    koand_cleanup(&k);
    return bad;
}

static void default_form(void **state)
{
    (void)state;
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(default_form_child());
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    if (WEXITSTATUS(st) == 77) {
        print_message("no private network namespace here (unshare); default ports not tried\n");
        skip();
    }
    assert_int_equal(WEXITSTATUS(st), 0);
}

static void ipv6_listener(void **state)
{
    (void)state;
    if (tcp_free_port("::1") <= 0) {
        print_message("no IPv6 loopback here\n");
        skip();
    }
    koand k;
    const char *args[] = {"--listen", "zen@[::1]:0", "--listen", "calc@127.0.0.1:0", NULL};
    assert_int_equal(koand_start(&k, args, NULL, 2), 0);
    assert_string_equal(k.ls[0].host, "::1");
    serves_zen("::1", koand_port(&k, "zen"));
    serves_calc(LOOPBACK, koand_port(&k, "calc"));
    /* The client's address is logged in brackets too. */
    assert_true(koand_log_wait(&k, "zen [::1]:", 3000));
    stop_clean(&k);

    const char *classic[] = {"::1", "-p", "0", "-P", "echo", NULL};
    assert_int_equal(koand_start(&k, classic, NULL, 1), 0);
    serves_echo("::1", koand_port(&k, "echo"));
    stop_clean(&k);
}

/* -q logs nothing but errors; -v logs more than the default. */
static void quiet_and_verbose(void **state)
{
    (void)state;
    koand k;
    char spec[64];
    int p = tcp_free_port(LOOPBACK);
    snprintf(spec, sizeof spec, "zen@127.0.0.1:%d", p);
    const char *quiet[] = {"-q", "--listen", spec, NULL};
    /* Quiet: no listening line to wait for; wait for the port instead. */
    assert_int_equal(koand_start(&k, quiet, NULL, 0), 0);
    int fd = -1;
    for (int t = 0; t < 500 && fd < 0; t++) {
        fd = tcp_dial(LOOPBACK, p);
        if (fd < 0)
            sleep_ms(5);
    }
    assert_true(fd >= 0);
    close(fd);
    serves_zen(LOOPBACK, p);
    assert_int_equal(koand_stop(&k), 0);
    char *log = koand_log(&k);
    assert_string_equal(log, "");
    free(log);
    koand_cleanup(&k);

    const char *verbose[] = {"-v", "--listen", "zen@127.0.0.1:0", NULL};
    assert_int_equal(koand_start(&k, verbose, NULL, 1), 0);
    serves_zen(LOOPBACK, koand_port(&k, "zen"));
    assert_int_equal(koand_stop(&k), 0);
    const char *normal[] = {"--listen", "zen@127.0.0.1:0", NULL};
    koand n;
    assert_int_equal(koand_start(&n, normal, NULL, 1), 0);
    serves_zen(LOOPBACK, koand_port(&n, "zen"));
    assert_int_equal(koand_stop(&n), 0);
    char *lv = koand_log(&k), *ln = koand_log(&n);
    assert_true(strlen(lv) > strlen(ln));
    free(lv);
    free(ln);
    koand_cleanup(&k);
    koand_cleanup(&n);
}

/* ---- Random conversations ------------------------------------------------- */

/* Keep a failing conversation, so it can be replayed by hand. */
static void save_input(const char *proto, uint64_t seed, const char *in, size_t n)
{
    char path[96];
    snprintf(path, sizeof path, "/tmp/koan-conv-%s-%llu.bin", proto, (unsigned long long)seed);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(in, 1, n, f);
        fclose(f);
        fprintf(stderr, "  the conversation is in %s\n", path);
    }
}

/* Random conversations on every protocol at once against server k, each
 * sent in random pieces with small pauses and a half-close right after
 * the last byte, compared byte for byte with the parser fed it whole. */
static void run_random(koand *k, const uint64_t *seeds, size_t nseeds, size_t max_line,
                       size_t longest)
{
    const proto *const *all = conv_protocols();
    size_t np = (size_t)conv_nprotocols(), nc = nseeds * np;
    session *ss = calloc(nc, sizeof *ss);
    text *ins = calloc(nc, sizeof *ins);
    char **wants = calloc(nc, sizeof *wants);
    size_t *wns = calloc(nc, sizeof *wns);
    assert_true(ss && ins && wants && wns);
    for (size_t i = 0; i < nc; i++) {
        const proto *pr = all[i % np];
        const char *proto = pr->name;
        uint64_t r = seeds[i / np] * 1000 + i % np;
        size_t size = rng_below(&r, 8) == 0 ? 20000 + rng_below(&r, 60000) : rng_below(&r, 6000);
        conv_random(&ins[i], pr, &r, size, longest, rng_below(&r, 4) == 0);
        wants[i] = conv_run(pr, ins[i].p, ins[i].n, 0, 0, 1, max_line, &wns[i]);
        int fd = tcp_dial(LOOPBACK, koand_port(k, proto));
        assert_true(fd >= 0);
        ss[i] = (session){.fd = fd, .in = ins[i].p, .n = ins[i].n, .seed = rng_next(&r) | 1,
                          .max_piece = 4096, .max_pause_ms = 3, .half_close = 1};
    }
    session_run(ss, (int)nc, 20000);
    int failed = 0;
    for (size_t i = 0; i < nc; i++) {
        const char *proto = all[i % np]->name;
        int same = ss[i].got_len == wns[i] && memcmp(ss[i].got, wants[i], wns[i]) == 0;
        if (!same || ss[i].end != TCP_EOF || ss[i].send_errno) {
            char label[96];
            snprintf(label, sizeof label, "%s conversation, seed %llu (%zu bytes in %zu writes)",
                     proto, (unsigned long long)seeds[i / np], ins[i].n, ss[i].pieces);
            show_diff(label, ss[i].got, ss[i].got_len, wants[i], wns[i]);
            fprintf(stderr, "  ended by %s; send error %s\n", tcp_end_name(ss[i].end),
                    ss[i].send_errno ? strerror(ss[i].send_errno) : "none");
            save_input(proto, seeds[i / np], ins[i].p, ins[i].n);
            failed++;
        }
        close(ss[i].fd);
        session_free(&ss[i]);
        free(ins[i].p);
        free(wants[i]);
    }
    free(ss);
    free(ins);
    free(wants);
    free(wns);
    assert_int_equal(failed, 0);
}

static void random_conversations(void **state)
{
    (void)state;
    static const uint64_t seeds[] = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233};
    run_random(&srv, seeds, sizeof seeds / sizeof seeds[0], 65536, 200);
}

/* The same with a small --max-line and lines well past it. */
static void random_conversations_short_lines(void **state)
{
    (void)state;
    koand k;
    const char *const extra[] = {"--max-line", "40", NULL};
    assert_int_equal(koand_start(&k, koand_listen_all(extra), NULL, koand_nlisten_all()), 0);
    static const uint64_t seeds[] = {377, 610, 987, 1597, 2584, 4181};
    run_random(&k, seeds, sizeof seeds / sizeof seeds[0], 40, 300);
    stop_clean(&k);
}

/* ---- The other models ------------------------------------------------------ */

/* --model single, threads and spawn, the blocking teaching servers, are
 * built on the same parsers: the same bytes back, also for random
 * conversations in random pieces (the single one serves them in turn). */
static void every_model_and_backend_answers_alike(void **state)
{
    (void)state;
    /* The rest of this file runs the default: async on epoll, one worker. */
    static const char *const variants[][2] = {
        {"--model", "single"}, {"--model", "threads"}, {"--model", "spawn"},
        {"--backend", "poll"}, {"--backend", "epoll"}, {"--workers", "2"},
    };
    for (int m = 0; m < 6; m++) {
        koand k;
        const char *const extra[] = {variants[m][0], variants[m][1], NULL};
        assert_int_equal(koand_start(&k, koand_listen_all(extra), NULL, koand_nlisten_all()), 0);
        converse(LOOPBACK, koand_port(&k, "zen"),
                 LIT(" Beautiful is better than?Simple is better than?Who" ZEN_ALIEN "?x"), 0, 0,
                 LIT("Ugly.Complex." UNKNOWN), variants[m][1]);
        converse(LOOPBACK, koand_port(&k, "calc"), LIT("1,2\nproduct\n99999999999,-3\n4,5"), 9,
                 1, LIT(WELCOME SUM("3") TO_PRODUCT PRODUCT("-299999999997") PRODUCT("20")),
                 variants[m][1]);
        converse(LOOPBACK, koand_port(&k, "echo"), LIT("it's\n\xff\xc3\xa9\nquit\nmore\n"), 0, 0,
                 LIT(ECHOED("\"it's\"") ECHOED("'\\xff\\xe9'") CLOSED), variants[m][1]);
        static const uint64_t seeds[] = {7, 11, 17};
        run_random(&k, seeds, 3, 65536, 200);
        assert_int_equal(koand_stop(&k), 0);
        koand_cleanup(&k);
    }
}

/* After quit the server discards input for up to 2 s: a client still
 * sending for a while after it (here for about 0.6 s) is never reset. */
static void quit_then_keep_sending(void **state)
{
    (void)state;
    static const char *const models[] = {"async", "single", "threads", "spawn"};
    int failed = 0;
    static char chunk[16384];
    for (size_t k = 0; k < sizeof chunk; k += 4)
        memcpy(chunk + k, "7,8\n", 4);
    for (int m = 0; m < 4; m++) {
        koand k;
        const char *args[] = {"--model", models[m], "--listen", "calc@127.0.0.1:0", NULL};
        assert_int_equal(koand_start(&k, args, NULL, 1), 0);
        int fd = tcp_dial(LOOPBACK, koand_port(&k, "calc"));
        assert_true(fd >= 0);
        const char want[] = WELCOME SUM("3") CLOSED;
        char got[sizeof want] = {0};
        assert_int_equal(tcp_send(fd, LIT("1,2\nquit\n"), 3000), 0);
        assert_int_equal(tcp_read_n(fd, got, sizeof want - 1, 3000), sizeof want - 1);
        assert_string_equal(got, want);
        int sent = 0;
        for (; sent < 30; sent++) {
            if (tcp_send(fd, chunk, sizeof chunk, 3000) < 0)
                break;
            sleep_ms(20);
        }
        shutdown(fd, SHUT_WR);
        char *rest;
        size_t len;
        int end = tcp_read_eof(fd, &rest, &len, 3000);
        if (sent < 30 || end != TCP_EOF || len != 0) {
            fprintf(stderr, "--model %s: after quit, %d of 30 chunks went out (%s); then %zu "
                    "bytes and %s\n", models[m], sent, sent < 30 ? strerror(errno) : "ok", len,
                    tcp_end_name(end));
            failed++;
        }
        free(rest);
        close(fd);
        koand_stop(&k);
        koand_cleanup(&k);
    }
    assert_int_equal(failed, 0);
}

/* A client that sends but never reads cannot keep the server from
 * stopping: it exits 0 within --shutdown-timeout. */
static void stop_despite_a_client_that_never_reads(void **state)
{
    (void)state;
    static const char *const models[] = {"async", "single", "threads", "spawn"};
    static char lines[65536];
    for (size_t k = 0; k < sizeof lines; k += 2)
        memcpy(lines + k, "x\n", 2);
    int failed = 0;
    for (int m = 0; m < 4; m++) {
        koand k;
        const char *args[] = {"--model", models[m], "--shutdown-timeout", "1", "--listen",
                              "echo@127.0.0.1:0", NULL};
        assert_int_equal(koand_start(&k, args, NULL, 1), 0);
        int fd = tcp_dial(LOOPBACK, koand_port(&k, "echo"));
        assert_true(fd >= 0);
        /* Send until the server has stopped taking input (its replies,
         * six times the size, have nowhere to go). */
        int stalled = 0;
        for (int64_t deadline = now_ms() + 5000; now_ms() < deadline && stalled < 10;) {
            if (send(fd, lines, sizeof lines, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
                stalled++;
                sleep_ms(10);
            } else {
                stalled = 0;
            }
        }
        int64_t t0 = now_ms();
        int st = koand_signal(&k, SIGTERM, 3000);
        int64_t took = now_ms() - t0;
        if (st != 0) {
            fprintf(stderr, "--model %s: with a client that never reads, SIGTERM and "
                    "--shutdown-timeout 1: %s after %lld ms\n", models[m],
                    st < 0 ? "still running (killed)" : "exited nonzero", (long long)took);
            failed++;
        }
        close(fd);
        koand_cleanup(&k);
    }
    assert_int_equal(failed, 0);
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
        TEST(two_clients_interleaved),
        TEST(many_clients_between_bytes),
        TEST(pipelined_100),
        TEST(half_close_delivers_all),
        TEST(half_close_classic_client),
        TEST(last_line_at_half_close),
        TEST(quit_closes_cleanly),
        TEST(quit_with_flood_behind),
        TEST(log_lines),
        TEST(log_unsent_bytes),
        TEST(random_conversations),
    };
    const struct CMUnitTest own[] = {
        TEST(zen_long_question),
        TEST(sigterm_loses_no_reply),
        TEST(sigterm_with_input_unread),
        TEST(sigint_loses_no_reply),
        TEST(classic_form),
        TEST(environment_form),
        TEST(default_form),
        TEST(ipv6_listener),
        TEST(quiet_and_verbose),
        TEST(random_conversations_short_lines),
        TEST(every_model_and_backend_answers_alike),
        TEST(quit_then_keep_sending),
        TEST(stop_despite_a_client_that_never_reads),
    };
    int failed = cmocka_run_group_tests_name("koand over sockets (one shared server)", shared,
                                             setup_shared, teardown_shared);
    failed += cmocka_run_group_tests_name("koand, a server per test", own, NULL, NULL);
    return failed;
}
