/* koand over sockets: how a stream is served -- clients side by side, pipelining,
 * half-close, quit, and input after quit. */
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
        int port = koand_port(exchange_server(), cases[i].proto);
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
    int port = koand_port(exchange_server(), "zen");
    const char q[] = "Explicit is better than?";
    int a = tcp_dial(LOOPBACK, port);
    assert_true(a >= 0);
    for (size_t i = 0; i < sizeof q - 1; i++) {
        assert_int_equal(tcp_send(a, q + i, 1, 3000), 0);
        if (i + 1 < sizeof q - 1) {
            exchange_converse(LOOPBACK, port, LIT("Simple is better than?Beautiful is better than?"), 0,
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

    int fd = tcp_dial(LOOPBACK, koand_port(exchange_server(), "zen"));
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
        int fd = tcp_dial(LOOPBACK, koand_port(exchange_server(), all[i]->name));
        assert_true(fd >= 0);
        ss[i] = (session){.fd = fd, .in = ins[i], .n = n, .half_close = 1};
    }
    session_run(ss, np, 15000);
    for (int i = 0; i < np; i++) {
        char label[64];
        snprintf(label, sizeof label, "%s: %d pipelined requests, then half-close", all[i]->name, N);
        exchange_check(label, ss[i].got, ss[i].got_len, ss[i].end, wants[i], wns[i]);
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
        int fd = tcp_dial(LOOPBACK, koand_port(exchange_server(), (*pr)->name));
        assert_true(fd >= 0);
        assert_int_equal(tcp_send(fd, in, n, 5000), 0);
        shutdown(fd, SHUT_WR);
        char *got;
        int end = tcp_read_eof(fd, &got, &len, 5000);
        exchange_check((*pr)->name, got, len, end, want, wn);
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
            int fd = tcp_dial(LOOPBACK, koand_port(exchange_server(), name));
            assert_true(fd >= 0);
            int lport = tcp_local_port(fd);
            int64_t t0 = now_ms();
            assert_int_equal(tcp_send(fd, cases[i], strlen(cases[i]), 3000), 0);
            char *got;
            size_t len;
            /* We never half-close: the end of stream is the server's doing. */
            int end = tcp_read_eof(fd, &got, &len, 5000);
            exchange_check(name, got, len, end, want, wn);
            free(got);
            free(want);
            /* The end of stream comes at once, not after the 2 s of lingering.
             * Timing, so the normal build only. Margin: it takes a few ms;
             * 1.5 s is for a loaded machine. */
            if (!koand_sanitized_build())
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
            assert_true(koand_log_wait(exchange_server(), line, 3000));
            sleep_ms(10);
            end = tcp_read_eof(fd, &got, &len, 3000);
            exchange_check("after quit", got, len, end, "", 0);
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
            int fd = tcp_dial(LOOPBACK, koand_port(exchange_server(), (*pr)->name));
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
            exchange_check(label, got, len, end, want, wn);
            free(got);
            free(want);
            close(fd);
            free(in);
        }
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

int main(void)
{
    const struct CMUnitTest shared[] = {
        TEST(two_clients_interleaved),
        TEST(many_clients_between_bytes),
        TEST(pipelined_100),
        TEST(half_close_delivers_all),
        TEST(half_close_classic_client),
        TEST(last_line_at_half_close),
        TEST(quit_closes_cleanly),
        TEST(quit_with_flood_behind),
    };
    const struct CMUnitTest own[] = {
        TEST(quit_then_keep_sending),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("koand over sockets: streams (one shared server)", shared,
                                          exchange_start, exchange_stop);
    failed += cmocka_run_group_tests_name("koand over sockets: streams (a server per test)", own, NULL, NULL);
    return failed;
}
