/* Socket-level tests against a real koand: SPEC sections 1-3 over TCP,
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
#include "tests/conv.h"
#include "tests/server.h"

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
#define UNKNOWN "Error: unknown aphorism."

/* The server most cases share: all three protocols on free ports. */
static koand srv;
static const char *const three[] = {"--listen", "zen@127.0.0.1:0", "--listen", "calc@127.0.0.1:0",
                                    "--listen", "echo@127.0.0.1:0", NULL};


static const proto *proto_of(const char *name)
{
    return strcmp(name, "zen") == 0 ? &proto_zen : strcmp(name, "calc") == 0 ? &proto_calc
                                                                             : &proto_echo;
}

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

/* A SPEC example on the shared server: sent whole, then one byte per write. */
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

static int setup_shared(void **state)
{
    (void)state;
    return koand_start(&srv, three, NULL, 3);
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

/* ---- SPEC section 1: zen ---------------------------------------------- */

static void zen_examples(void **state)
{
    (void)state;
    ZEN("Beautiful is better than?", "Ugly.");
    ZEN("Explicit is better than?", "Implicit.");
    ZEN("Simple is better than?", "Complex.");
    ZEN("Flat is better than?", UNKNOWN);
    ZEN("Complex is better than?", UNKNOWN);
    ZEN("beautiful is better than?", UNKNOWN);
    ZEN("Beautiful is better than ?", UNKNOWN);
    ZEN("Beautiful is\nbetter than?", UNKNOWN);
    ZEN("?", UNKNOWN);
    ZEN("\x00\xff\xfb\x01?", UNKNOWN);
    /* Pipelined: one reply per '?', in order, not one merged question. */
    ZEN("Beautiful is better than?Simple is better than?Who?", "Ugly.Complex." UNKNOWN);
    ZEN("Explicit is better than??", "Implicit." UNKNOWN);
    /* Whitespace before a question is skipped, and only ASCII space, \t, \r, \n. */
    ZEN(" \t\r\nBeautiful is better than?", "Ugly.");
    ZEN("Explicit is better than?\r\n Beautiful is better than?\n", "Implicit.Ugly.");
    ZEN("\x0b" "Beautiful is better than?", UNKNOWN);
    ZEN("\xc2\xa0" "Beautiful is better than?", UNKNOWN);
    /* The client may close at any time; an unfinished question gets nothing. */
    ZEN("Beautiful is better than", "");
    ZEN("Simple is better than?Flat is", "Complex.");
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

/* ---- SPEC section 2: calc --------------------------------------------- */

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

/* ---- SPEC section 3: echo --------------------------------------------- */

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
    ECHO("a\rb\n", ECHOED("'a\\rb'"));
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
    static const char *const a[] = {"Ugly.", "Implicit.", "Complex.", UNKNOWN, "Ugly.",
                                    UNKNOWN, UNKNOWN};
    char in[100 * 40], want[100 * 32];
    size_t n = 0, wn = 0;
    for (int i = 0; i < 100; i++) {
        n += (size_t)sprintf(in + n, "%s", q[i % 7]);
        wn += (size_t)sprintf(want + wn, "%s", a[i % 7]);
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

static size_t count(const char *s, size_t n, const char *needle)
{
    size_t k = 0, nl = strlen(needle);
    for (size_t i = 0; i + nl <= n; i++)
        if (memcmp(s + i, needle, nl) == 0)
            k++;
    return k;
}

static char *repeat(const char *const *reqs, size_t nreqs, size_t times, size_t *n)
{
    size_t len = 0;
    for (size_t i = 0; i < times; i++)
        len += strlen(reqs[i % nreqs]);
    char *in = malloc(len + 1), *p = in;
    assert_non_null(in);
    for (size_t i = 0; i < times; i++)
        p = stpcpy(p, reqs[i % nreqs]);
    *n = len;
    return in;
}

static const char *const zen_mix[] = {"Explicit is better than?", "Who?", "\r\n",
                                      "Beautiful is better than?", "Simple is better than?"};
static const char *const calc_mix[] = {"12345678901234567890,-1\n", "product\n", "2,3\r\n",
                                       "x\n", "sum\n", "1_000, +7\n"};
static const char *const echo_mix[] = {"caf\xc3\xa9 'x'\n", "it's\r\n", "\xff\xfe\n", "\n",
                                       "a\\b\t \n"};
#define MIX(m) (m), (sizeof(m) / sizeof((m)[0]))

/* Thousands of pipelined requests on each protocol at once, the write side
 * shut right after the last: every reply, then a clean end of stream. */
static void half_close_delivers_all(void **state)
{
    (void)state;
    enum { N = 6000 };
    const char *protos[3] = {"zen", "calc", "echo"};
    const char *const *mixes[3] = {zen_mix, calc_mix, echo_mix};
    size_t nmix[3] = {5, 6, 5};
    const char *marks[3] = {".", "\n", "Echoed: "};
    size_t nreplies[3] = {N / 5 * 4, N + 1, N};
    session ss[3];
    char *ins[3], *wants[3];
    size_t wns[3];
    for (int i = 0; i < 3; i++) {
        size_t n;
        ins[i] = repeat(mixes[i], nmix[i], N, &n);
        wants[i] = conv_run(proto_of(protos[i]), ins[i], n, 0, 0, 1, 65536, &wns[i]);
        assert_int_equal(count(wants[i], wns[i], marks[i]), nreplies[i]);
        int fd = tcp_dial(LOOPBACK, koand_port(&srv, protos[i]));
        assert_true(fd >= 0);
        ss[i] = (session){.fd = fd, .in = ins[i], .n = n, .half_close = 1};
    }
    session_run(ss, 3, 15000);
    for (int i = 0; i < 3; i++) {
        char label[64];
        snprintf(label, sizeof label, "%s: %d pipelined requests, then half-close", protos[i], N);
        check_stream(label, ss[i].got, ss[i].got_len, ss[i].end, wants[i], wns[i]);
        close(ss[i].fd);
        session_free(&ss[i]);
        free(ins[i]);
        free(wants[i]);
    }
}

/* The reference client: sendall(), shutdown(SHUT_WR), then recv() to the
 * end, reading nothing while it sends. */
static void half_close_classic_client(void **state)
{
    (void)state;
    const char *protos[3] = {"zen", "calc", "echo"};
    const char *const *mixes[3] = {zen_mix, calc_mix, echo_mix};
    size_t nmix[3] = {5, 6, 5};
    for (int i = 0; i < 3; i++) {
        size_t n, wn, len;
        char *in = repeat(mixes[i], nmix[i], 1000, &n);
        char *want = conv_run(proto_of(protos[i]), in, n, 0, 0, 1, 65536, &wn);
        int fd = tcp_dial(LOOPBACK, koand_port(&srv, protos[i]));
        assert_true(fd >= 0);
        assert_int_equal(tcp_send(fd, in, n, 5000), 0);
        shutdown(fd, SHUT_WR);
        char *got;
        int end = tcp_read_eof(fd, &got, &len, 5000);
        check_stream(protos[i], got, len, end, want, wn);
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
 * sends afterwards is never answered and never turns into a reset. */
static void quit_closes_cleanly(void **state)
{
    (void)state;
    static const struct {
        const char *proto, *in, *want;
    } cases[] = {
        {"calc", "1,2\nquit\n", WELCOME SUM("3") CLOSED},
        {"calc", "quit \r\n", WELCOME CLOSED},
        {"echo", "a\nquit\n", ECHOED("'a'") CLOSED},
        {"echo", "quit\t\r\n", CLOSED},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int fd = tcp_dial(LOOPBACK, koand_port(&srv, cases[i].proto));
        assert_true(fd >= 0);
        int lport = tcp_local_port(fd);
        int64_t t0 = now_ms();
        assert_int_equal(tcp_send(fd, cases[i].in, strlen(cases[i].in), 3000), 0);
        char *got;
        size_t len;
        /* We never half-close: the end of stream is the server's doing. */
        int end = tcp_read_eof(fd, &got, &len, 5000);
        check_stream(cases[i].proto, got, len, end, cases[i].want, strlen(cases[i].want));
        free(got);
        assert_true(now_ms() - t0 < 1500);
        /* Bytes after quit: discarded, unanswered, and no reset. */
        for (int k = 0; k < 3; k++) {
            assert_int_equal(tcp_send(fd, LIT("5,5\nhello\n"), 3000), 0);
            sleep_ms(5);
        }
        shutdown(fd, SHUT_WR);
        /* Only once the server has closed would a reset have arrived. */
        char line[96];
        snprintf(line, sizeof line, "%s 127.0.0.1:%d closed normally after quit", cases[i].proto,
                 lport);
        assert_true(koand_log_wait(&srv, line, 3000));
        sleep_ms(10);
        end = tcp_read_eof(fd, &got, &len, 3000);
        check_stream("after quit", got, len, end, "", 0);
        free(got);
        close(fd);
    }
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
    const char *protos[2] = {"calc", "echo"};
    const char *wants[2] = {WELCOME SUM("3") CLOSED, ECHOED("'1,2'") CLOSED};
    for (int mode = 0; mode < 2; mode++) {
        for (int i = 0; i < 2; i++) {
            char *in = malloc(junk + 16);
            assert_non_null(in);
            size_t n = (size_t)sprintf(in, "1,2\nquit\n");
            for (size_t k = 0; k < junk; k += 4)
                memcpy(in + n + k, "7,8\n", 4);
            n += junk;
            int fd = tcp_dial(LOOPBACK, koand_port(&srv, protos[i]));
            assert_true(fd >= 0);
            char label[64];
            snprintf(label, sizeof label, "%s: quit, then 4 MB (%s)", protos[i],
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
            check_stream(label, got, len, end, wants[i], strlen(wants[i]));
            free(got);
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
        {"Simple is better than?Flat is", 7},
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
static void stop_signal_loses_no_reply(int sig, int frozen)
{
    koand k;
    /* A small --max-output and slow readers: connections blocked on their
     * output when the signal comes. */
    const char *args[] = {"--max-output", "2048", "--listen", "zen@127.0.0.1:0", "--listen",
                          "calc@127.0.0.1:0", "--listen", "echo@127.0.0.1:0", NULL};
    assert_int_equal(koand_start(&k, args, NULL, 3), 0);
    enum { NC = 6, HEAVY = 16 * 1024 };
    static const char *const zen_b[] = {"Beautiful is better than?", "What is better?", " \r\n"};
    static const char *const calc_b[] = {"1,2\n", "product\n", "3,4,5\n", "junk\n", "sum\n"};
    static const char *const echo_b[] = {"x\n", "caf\xc3\xa9\n", "it's\n"};
    /* Then requests with replies 12-24 times their size. */
    static const char *const heavy[3] = {"??", "1\n", "\n\n"};
    /* Each batch ends mid-request: that one is not complete, so it gets
     * no reply, and it must not hold the shutdown up. */
    static const char *const tails[3] = {"Simple is", "7,7", "unfinished"};
    const char *protos[3] = {"zen", "calc", "echo"};
    const char *const *batches[3] = {zen_b, calc_b, echo_b};
    size_t nb[3] = {3, 5, 3}, times[3] = {300, 400, 600};
    session ss[NC + 1];
    char *ins[NC], *wants[NC];
    size_t wns[NC], firsts[NC];
    for (int i = 0; i <= NC; i++) {
        /* The last one stays idle: it must not hold the shutdown up either. */
        const char *proto = i < NC ? protos[i % 3] : "zen";
        int fd = tcp_dial_rcvbuf(LOOPBACK, koand_port(&k, proto), i < 3 ? 0 : 2048);
        assert_true(fd >= 0);
        ss[i] = (session){.fd = fd};
        char line[64];
        snprintf(line, sizeof line, "%s 127.0.0.1:%d accepted", proto, tcp_local_port(fd));
        assert_true(koand_log_wait(&k, line, 3000));
    }
    if (frozen)
        assert_int_equal(kill(k.pid, SIGSTOP), 0);
    for (int i = 0; i < NC; i++) {
        int p = i % 3;
        size_t n;
        char *body = repeat(batches[p], nb[p], times[p] + (size_t)i, &n);
        ins[i] = malloc(n + HEAVY + 32);
        assert_non_null(ins[i]);
        memcpy(ins[i], body, n);
        free(body);
        for (size_t h = 0; h < HEAVY; h += 2)
            memcpy(ins[i] + n + h, heavy[p], 2);
        n += HEAVY;
        n += (size_t)sprintf(ins[i] + n, "%s", tails[p]);
        /* eof 0: the server closes, the peer did not; the tail stays unanswered. */
        wants[i] = conv_run(proto_of(protos[p]), ins[i], n, 0, 0, 0, 65536, &wns[i]);
        assert_int_equal(tcp_send(ss[i].fd, ins[i], n, 5000), 0);
    }
    /* The server surely has every batch once our kernel holds no unacked
     * byte, and (when it runs) a reply to a request — not the welcome —
     * has begun. */
    for (int i = 0; i < NC; i++) {
        firsts[i] = frozen ? 0 : strcmp(protos[i % 3], "calc") == 0 ? sizeof WELCOME : 1;
        char head[sizeof WELCOME];
        assert_int_equal(tcp_read_n(ss[i].fd, head, firsts[i], 5000), firsts[i]);
        assert_memory_equal(head, wants[i], firsts[i]);
    }
    for (int i = 0; i < NC; i++) {
        for (int t = 0; t < 5000 && tcp_unacked(ss[i].fd) != 0; t++)
            sleep_ms(1);
        assert_int_equal(tcp_unacked(ss[i].fd), 0);
        if (frozen)
            assert_true(tcp_server_unread(koand_port(&k, protos[i % 3]),
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
        late = tcp_dial(LOOPBACK, koand_port(&k, "echo"));
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
        snprintf(label, sizeof label, "%s client %d after %s%s", protos[i % 3], i,
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
    if (koand_start(&k, NULL, NULL, 3) < 0)
        return 1;
    int bad = 0;
    static const struct {
        const char *proto;
        int port;
        const char *in, *want;
    } d[] = {
        {"zen", 1060, "Simple is better than?", "Complex."},
        {"calc", 8080, "2,2\n", WELCOME SUM("4")},
        {"echo", 8081, "hi\n", ECHOED("'hi'")},
    };
    for (int i = 0; i < 3; i++) {
        char want[64];
        snprintf(want, sizeof want, "listening %s on 127.0.0.1:%d", d[i].proto, d[i].port);
        if (koand_log_count(&k, want) != 1) {
            fprintf(stderr, "no line \"%s\"\n", want);
            bad = 1;
        }
        bad |= plain_converse(d[i].port, d[i].in, d[i].want);
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

typedef struct text {
    char *p;
    size_t n, cap;
} text;

static void put(text *t, const void *p, size_t n)
{
    if (t->cap - t->n < n + 1) {
        t->cap = (t->cap + n + 1) * 2;
        t->p = realloc(t->p, t->cap);
        assert_non_null(t->p);
    }
    memcpy(t->p + t->n, p, n);
    t->n += n;
}
static void puts_t(text *t, const char *s) { put(t, s, strlen(s)); }
static void putc_t(text *t, int c)
{
    char b = (char)c;
    put(t, &b, 1);
}

static const char *pick(uint64_t *r, const char *const *set, size_t n)
{
    return set[rng_below(r, n)];
}
#define PICK(r, set) pick((r), (set), sizeof(set) / sizeof((set)[0]))

/* Code point cp as UTF-8. */
static void put_utf8(text *t, uint32_t cp)
{
    unsigned char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (unsigned char)(0xc0 | cp >> 6);
        b[1] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (unsigned char)(0xe0 | cp >> 12);
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        b[2] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xf0 | cp >> 18);
        b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
        b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        b[3] = (unsigned char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    put(t, b, n);
}

static const char *const unicode_spaces[] = {
    "\xc2\x85", "\xc2\xa0", "\xe1\x9a\x80", "\xe2\x80\x80", "\xe2\x80\x85", "\xe2\x80\x8a",
    "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xaf", "\xe2\x81\x9f", "\xe3\x80\x80"};
static const char *const ascii_spaces[] = {" ", "\t", "\x0b", "\x0c", "\r"};
static const char *const bad_utf8[] = {"\xff", "\xfe", "\x80", "\xc3", "\xc0\xaf", "\xe4\xb8",
                                       "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf0\x9f\x98",
                                       "\xc2\xc2"};

/* Whitespace as rstrip() sees it, for the ends of lines. */
static void put_trailing(text *t, uint64_t *r)
{
    for (uint64_t k = rng_below(r, 4); k > 0; k--) {
        uint64_t c = rng_below(r, 4);
        puts_t(t, c == 0 ? PICK(r, unicode_spaces)
                  : c == 1 ? (const char *[]){"\x1c", "\x1d", "\x1e", "\x1f"}[rng_below(r, 4)]
                           : PICK(r, ascii_spaces));
    }
}

static void put_eol(text *t, uint64_t *r)
{
    puts_t(t, rng_below(r, 4) == 0 ? "\r\n" : "\n");
}

/* An integer as int() reads it, maybe with whitespace around it. */
static void put_int(text *t, uint64_t *r)
{
    if (rng_below(r, 4) == 0)
        puts_t(t, rng_below(r, 3) ? PICK(r, ascii_spaces) : PICK(r, unicode_spaces));
    uint64_t s = rng_below(r, 4);
    if (s == 0)
        putc_t(t, '-');
    else if (s == 1)
        putc_t(t, '+');
    uint64_t digits = rng_below(r, 8) == 0 ? 1 + rng_below(r, 60) : 1 + rng_below(r, 6);
    for (uint64_t d = 0; d < digits; d++) {
        if (d > 0 && rng_below(r, 10) == 0)
            putc_t(t, '_');
        putc_t(t, '0' + (int)rng_below(r, 10));
    }
    if (rng_below(r, 4) == 0)
        puts_t(t, rng_below(r, 3) ? " " : PICK(r, unicode_spaces));
}

static void gen_calc_line(text *t, uint64_t *r)
{
#define J(s) {(s), sizeof(s) - 1}
    static const struct {
        const char *s;
        size_t n;
    } junk[] = {J("1,,2"), J("1__0"), J("_1"), J("1_"), J("+"), J("1 2"), J("0x10"), J(""),
                J("abc"), J("1;2"), J("\xd9\xa1"), J("\x1c" "1"), J("1,"), J("--1"),
                J("\x00\x01"), J("Sum"), J("PRODUCT"), J(" sum"), J("\xff\xfe")};
#undef J
    uint64_t kind = rng_below(r, 10);
    if (kind < 5) {
        for (uint64_t f = 1 + rng_below(r, 5); f > 0; f--) {
            put_int(t, r);
            if (f > 1)
                putc_t(t, ',');
        }
    } else if (kind < 7) {
        puts_t(t, rng_below(r, 2) ? "sum" : "product");
    } else if (kind < 9) {
        size_t j = rng_below(r, sizeof junk / sizeof junk[0]);
        put(t, junk[j].s, junk[j].n);
    } else {
        /* Stray bytes, any but LF, which would only make more lines. */
        for (uint64_t k = rng_below(r, 12); k > 0; k--) {
            int c = (int)rng_below(r, 256);
            putc_t(t, c == '\n' ? 'q' : c);
        }
        if (rng_below(r, 2))
            puts_t(t, PICK(r, bad_utf8));
    }
    if (rng_below(r, 3) == 0)
        put_trailing(t, r);
}

static void gen_echo_line(text *t, uint64_t *r, size_t longest)
{
    size_t len = rng_below(r, 6) == 0 ? rng_below(r, longest) : rng_below(r, 24);
    size_t start = t->n;
    while (t->n - start < len) {
        uint64_t kind = rng_below(r, 12);
        if (kind < 4)
            putc_t(t, 0x20 + (int)rng_below(r, 95));
        else if (kind < 5)
            putc_t(t, (int)(const char[]){'\'', '"', '\\', ' ', '\t'}[rng_below(r, 5)]);
        else if (kind < 6)
            putc_t(t, (int)(const char[]){0, 1, 0x1b, 0x7f, '\r', 0x1c, 0x0b}[rng_below(r, 7)]);
        else if (kind < 7)
            put_utf8(t, 0x80 + (uint32_t)rng_below(r, 0x80));
        else if (kind < 8)
            put_utf8(t, 0x100 + (uint32_t)rng_below(r, 0xd800 - 0x100));
        else if (kind < 9)
            put_utf8(t, 0xe000 + (uint32_t)rng_below(r, 0x2000));
        else if (kind < 10)
            put_utf8(t, 0x10000 + (uint32_t)rng_below(r, 0x100000));
        else if (kind < 11)
            puts_t(t, PICK(r, bad_utf8));
        else
            puts_t(t, PICK(r, unicode_spaces));
    }
    if (rng_below(r, 4) == 0)
        put_trailing(t, r);
}

static void gen_zen_piece(text *t, uint64_t *r)
{
    static const char *const known[] = {"Beautiful is better than?", "Explicit is better than?",
                                        "Simple is better than?"};
    static const char *const near[] = {"Beautiful is better than", "beautiful is better than?",
                                       "Explicit is better  than?", "Simple is better than!?",
                                       "Complex is better than?", "Ugly?", "??"};
    uint64_t kind = rng_below(r, 10);
    if (kind < 4) {
        puts_t(t, PICK(r, known));
    } else if (kind < 5) {
        puts_t(t, PICK(r, near));
    } else if (kind < 7) {
        for (uint64_t k = rng_below(r, 5); k > 0; k--)
            puts_t(t, (const char *[]){" ", "\t", "\r", "\n"}[rng_below(r, 4)]);
    } else if (kind < 9) {
        for (uint64_t k = rng_below(r, 40); k > 0; k--)
            putc_t(t, 0x20 + (int)rng_below(r, 95));
        putc_t(t, '?');
    } else {
        size_t k = rng_below(r, 20) == 0 ? 2000 + rng_below(r, 20000) : rng_below(r, 16);
        while (k-- > 0)
            putc_t(t, (int)rng_below(r, 256));
    }
}

/* A conversation for proto from seed r, about `size` bytes; lines are at
 * most about `longest` bytes. quit only ever comes last, and only when
 * with_quit says so. */
static void random_conversation(text *t, const char *proto, uint64_t *r, size_t size,
                                size_t longest, int with_quit)
{
    t->n = 0;
    while (t->n < size) {
        size_t start = t->n;
        if (proto[0] == 'z') {
            gen_zen_piece(t, r);
            continue;
        }
        if (proto[0] == 'c')
            gen_calc_line(t, r);
        else
            gen_echo_line(t, r, longest);
        /* Keep quit out of the middle, however the line came about. */
        if (t->n - start >= 4 && memcmp(t->p + start, "quit", 4) == 0)
            t->p[start] = 'Q';
        put_eol(t, r);
    }
    if (proto[0] != 'z') {
        if (with_quit) {
            puts_t(t, rng_below(r, 2) ? "quit\n" : "quit \r\n");
            /* What follows quit is never answered. */
            if (rng_below(r, 2))
                puts_t(t, "1,2\nhello\n");
        } else if (rng_below(r, 2)) {
            /* A last line without LF, answered at the close. */
            gen_calc_line(t, r);
        }
    }
    /* A first request that looks like HTTP or TLS is hung up on, which the
     * parser alone cannot know: steer clear. */
    static const char *const guard[] = {"GET ", "POST ", "HEAD ", "Host:", "\x16\x03"};
    for (size_t i = 0; i < 5; i++) {
        size_t gl = strlen(guard[i]);
        if (t->n >= gl && memcmp(t->p, guard[i], gl) == 0)
            t->p[0] = proto[0] == 'z' ? ' ' : 'x';
    }
    putc_t(t, 0);
    t->n--;
}

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
    const char *protos[3] = {"zen", "calc", "echo"};
    size_t nc = nseeds * 3;
    session *ss = calloc(nc, sizeof *ss);
    text *ins = calloc(nc, sizeof *ins);
    char **wants = calloc(nc, sizeof *wants);
    size_t *wns = calloc(nc, sizeof *wns);
    assert_true(ss && ins && wants && wns);
    for (size_t i = 0; i < nc; i++) {
        const char *proto = protos[i % 3];
        uint64_t r = seeds[i / 3] * 3 + i % 3;
        size_t size = rng_below(&r, 8) == 0 ? 20000 + rng_below(&r, 60000) : rng_below(&r, 6000);
        random_conversation(&ins[i], proto, &r, size, longest, rng_below(&r, 4) == 0);
        wants[i] = conv_run(proto_of(proto), ins[i].p, ins[i].n, 0, 0, 1, max_line, &wns[i]);
        int fd = tcp_dial(LOOPBACK, koand_port(k, proto));
        assert_true(fd >= 0);
        ss[i] = (session){.fd = fd, .in = ins[i].p, .n = ins[i].n, .seed = rng_next(&r) | 1,
                          .max_piece = 4096, .max_pause_ms = 3, .half_close = 1};
    }
    session_run(ss, (int)nc, 20000);
    int failed = 0;
    for (size_t i = 0; i < nc; i++) {
        const char *proto = protos[i % 3];
        int same = ss[i].got_len == wns[i] && memcmp(ss[i].got, wants[i], wns[i]) == 0;
        if (!same || ss[i].end != TCP_EOF || ss[i].send_errno) {
            char label[96];
            snprintf(label, sizeof label, "%s conversation, seed %llu (%zu bytes in %zu writes)",
                     proto, (unsigned long long)seeds[i / 3], ins[i].n, ss[i].pieces);
            show_diff(label, ss[i].got, ss[i].got_len, wants[i], wns[i]);
            fprintf(stderr, "  ended by %s; send error %s\n", tcp_end_name(ss[i].end),
                    ss[i].send_errno ? strerror(ss[i].send_errno) : "none");
            save_input(proto, seeds[i / 3], ins[i].p, ins[i].n);
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
    const char *args[] = {"--max-line", "40", "--listen", "zen@127.0.0.1:0", "--listen",
                          "calc@127.0.0.1:0", "--listen", "echo@127.0.0.1:0", NULL};
    assert_int_equal(koand_start(&k, args, NULL, 3), 0);
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
        const char *args[] = {variants[m][0], variants[m][1], "--listen", "zen@127.0.0.1:0", "--listen",
                              "calc@127.0.0.1:0", "--listen", "echo@127.0.0.1:0", NULL};
        assert_int_equal(koand_start(&k, args, NULL, 3), 0);
        converse(LOOPBACK, koand_port(&k, "zen"),
                 LIT(" Beautiful is better than?Simple is better than?Who?x"), 0, 0,
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
