/* Socket tests against a real koand on ephemeral loopback ports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "proto/calc.h"
#include "proto/echo.h"
#include "proto/zen.h"
#include "tests/conv.h"
#include "tests/daemon.h"

#define ALL3 "zen,calc,echo"
static const char *const three[] = {"--listen", "zen@127.0.0.1:0", "--listen", "calc@127.0.0.1:0",
                                    "--listen", "echo@127.0.0.1:0", NULL};
static daemon_proc koand;

static int setup(void **state)
{
    (void)state;
    return daemon_start(&koand, ALL3, three);
}

static int teardown(void **state)
{
    (void)state;
    int st = daemon_stop(&koand);
    unlink(koand.log);
    return st == 0 ? 0 : -1;
}

/* Send `in`, half-close, and expect exactly `want` then a clean end of stream. */
static void exchange(int port, const char *in, size_t n, const char *want, size_t wn)
{
    int fd = dial(port);
    assert_true(fd >= 0);
    assert_int_equal(send_all(fd, in, n), 0);
    shutdown(fd, SHUT_WR);
    char *got;
    int how;
    size_t len = read_until_eof(fd, &got, 5000, &how);
    close(fd);
    if (len != wn || memcmp(got, want, wn) != 0)
        fprintf(stderr, "port %d: want %zu bytes \"%s\"\n got %zu bytes \"%s\"\n", port, wn, want,
                len, got);
    assert_int_equal(how, 0);
    assert_int_equal(len, wn);
    assert_memory_equal(got, want, wn);
    free(got);
}
#define EXCHANGE(proto, in, want) \
    exchange(daemon_port(&koand, proto), in, sizeof(in) - 1, want, sizeof(want) - 1)

static void spec_examples(void **state)
{
    (void)state;
    EXCHANGE("zen", "Beautiful is better than?", "Ugly.");
    EXCHANGE("zen", "Explicit is better than?", "Implicit.");
    EXCHANGE("zen", "Simple is better than?", "Complex.");
    EXCHANGE("zen", "Flat is better than?", "Error: unknown aphorism.");
    EXCHANGE("zen", " \r\nBeautiful is better than?Simple is better than?",
             "Ugly.Complex.");
    EXCHANGE("calc", "1,2\n  +5 , -5\n1_000,2\n007\n99999999999999999999,1\nproduct\n2,-3\nx\nsum\nquit\n",
             "<welcome: starting in sum mode>\n"
             "Sum of input integers: '3'\r\nSum of input integers: '0'\r\n"
             "Sum of input integers: '1002'\r\nSum of input integers: '7'\r\n"
             "Sum of input integers: '100000000000000000000'\r\n"
             "<switching to product mode>\r\nProduct of input integers: '-6'\r\n"
             "ERROR. Enter only integers separated by commas\n"
             "<switching to sum mode>\r\nconnection closed\r\n");
    EXCHANGE("echo", "hello\nit's\n\xc3\xa9\xe4\xb8\xad\n\n\xff\n",
             "Echoed: 'hello'\r\nEchoed: \"it's\"\r\nEchoed: '\\xe9\\u4e2d'\r\nEchoed: ''\r\n"
             "Echoed: '\\xff'\r\n");
    /* A last line without LF is answered at the peer's close. */
    EXCHANGE("calc", "4,5", "<welcome: starting in sum mode>\nSum of input integers: '9'\r\n");
    EXCHANGE("echo", "bye", "Echoed: 'bye'\r\n");
}

/* The classic blocking-server failure: while A sits mid-question, B must
 * be answered. */
static void two_clients_interleaved(void **state)
{
    (void)state;
    int port = daemon_port(&koand, "zen");
    int a = dial(port), b = dial(port);
    assert_true(a >= 0 && b >= 0);
    assert_int_equal(send_all(a, "Beautiful is ", 13), 0);
    assert_int_equal(send_all(b, "Simple is better than?", 22), 0);
    char r[16] = {0};
    assert_int_equal(read_exact(b, r, 8, 3000), 8);
    assert_memory_equal(r, "Complex.", 8);
    assert_int_equal(send_all(a, "better than?", 12), 0);
    assert_int_equal(read_exact(a, r, 5, 3000), 5);
    assert_memory_equal(r, "Ugly.", 5);
    close(a);
    close(b);
}

static void pipelined_100(void **state)
{
    (void)state;
    char in[100 * 32], want[100 * 16];
    size_t n = 0, wn = 0;
    for (int i = 0; i < 100; i++) {
        const char *q = i % 2 ? "Explicit is better than?" : "Simple is better than?";
        const char *a = i % 2 ? "Implicit." : "Complex.";
        n += (size_t)sprintf(in + n, "%s", q);
        wn += (size_t)sprintf(want + wn, "%s", a);
    }
    int fd = dial(daemon_port(&koand, "zen"));
    assert_int_equal(send_all(fd, in, n), 0);
    char *got = malloc(wn);
    assert_int_equal(read_exact(fd, got, wn, 5000), wn);
    assert_memory_equal(got, want, wn);
    free(got);
    close(fd);
}

/* Many requests, then the client shuts its write side at once: every reply
 * arrives, then a clean end of stream. */
static void half_close_delivers_all(void **state)
{
    (void)state;
    const struct {
        const char *proto;
        const proto *pr;
        const char *req;
    } cases[] = {
        {"zen", &proto_zen, "Explicit is better than?"},
        {"calc", &proto_calc, "12345678901234567890,-1\n"},
        {"echo", &proto_echo, "caf\xc3\xa9 'x'\n"},
    };
    for (size_t i = 0; i < 3; i++) {
        size_t rl = strlen(cases[i].req), n = 5000 * rl;
        char *in = malloc(n);
        for (size_t k = 0; k < 5000; k++)
            memcpy(in + k * rl, cases[i].req, rl);
        size_t wn;
        char *want = conv_run(cases[i].pr, in, n, 0, 0, 1, 65536, &wn);
        exchange(daemon_port(&koand, cases[i].proto), in, n, want, wn);
        free(in);
        free(want);
    }
}

static void quit_closes_cleanly(void **state)
{
    (void)state;
    /* Bytes after quit are never answered and must not turn into a reset. */
    char in[4096 + 16];
    memcpy(in, "1,2\nquit\n", 9);
    memset(in + 9, 'j', sizeof in - 9);
    exchange(daemon_port(&koand, "calc"), in, sizeof in,
             "<welcome: starting in sum mode>\nSum of input integers: '3'\r\nconnection closed\r\n",
             strlen("<welcome: starting in sum mode>\nSum of input integers: '3'\r\nconnection closed\r\n"));
    int fd = dial(daemon_port(&koand, "echo"));
    assert_int_equal(send_all(fd, "a\nquit\n", 7), 0);
    char *got;
    int how;
    size_t len = read_until_eof(fd, &got, 5000, &how);
    assert_int_equal(how, 0);
    assert_string_equal(got, "Echoed: 'a'\r\nconnection closed\r\n");
    (void)len;
    free(got);
    close(fd);
}

static void unfinished_question_logged(void **state)
{
    (void)state;
    int fd = dial(daemon_port(&koand, "zen"));
    assert_int_equal(send_all(fd, "  Beautiful is", 14), 0);
    close(fd);
    int found = 0;
    for (int i = 0; i < 100 && !found; i++) {
        found = daemon_log_has(&koand, "sent 12 bytes of an unfinished question, then closed");
        usleep(20000);
    }
    assert_true(found);
}

/* Random conversations, sent in random pieces with small pauses and a
 * half-close, must get exactly what the parser fed whole replies. */
static size_t random_conv(const char *proto, unsigned *seed, char *out, size_t cap)
{
    static const char *const zen_bits[] = {"Beautiful is better than?", "Explicit is better than?",
                                           "Simple is better than?", "Ugly?", " \r\n", "?",
                                           "\xff\x00?", "Beautiful is better"};
    static const char *const calc_bits[] = {"1,2\n", "  -7 , +8\r\n", "product\n", "sum\n",
                                            "1__2\n", "99999999999999999999999,3\n", "\n",
                                            "\xe3\x80\x80" "5\n", "x,1\n", "3_0\x1c\n", "\x80\n"};
    static const char *const echo_bits[] = {"hello\n", "it's\n", "\"q\" 'x'\n", "\xc3\xa9\n",
                                            "\xe4\xb8\n", "\xf0\x9f\x98\x80 \t\n", "\\\n", "\n",
                                            " \xc2\xa0\n", "\x01\x7f\n"};
    const char *const *bits = proto[0] == 'z' ? zen_bits : proto[0] == 'c' ? calc_bits : echo_bits;
    size_t nb = proto[0] == 'z' ? 8 : proto[0] == 'c' ? 11 : 10;
    size_t n = 0;
    while (n + 64 < cap) {
        *seed = *seed * 1103515245u + 12345u;
        const char *b = bits[(*seed >> 16) % nb];
        size_t bl = strlen(b) + (b[0] == '\xff' ? 2 : 0);   /* the one with a NUL */
        memcpy(out + n, b, bl);
        n += bl;
        if ((*seed >> 8) % 97 == 0)
            break;
    }
    return n;
}

static void randomized_conversations(void **state)
{
    (void)state;
    enum { NCONV = 9 };
    const char *protos[3] = {"zen", "calc", "echo"};
    const proto *prs[3] = {&proto_zen, &proto_calc, &proto_echo};
    int fds[NCONV];
    char *ins[NCONV], *wants[NCONV];
    size_t ns[NCONV], wns[NCONV], offs[NCONV] = {0};
    unsigned seed = 20261123;
    for (int i = 0; i < NCONV; i++) {
        ins[i] = malloc(20000);
        ns[i] = random_conv(protos[i % 3], &seed, ins[i], 20000);
        wants[i] = conv_run(prs[i % 3], ins[i], ns[i], 0, 0, 1, 65536, &wns[i]);
        fds[i] = dial(daemon_port(&koand, protos[i % 3]));
        assert_true(fds[i] >= 0);
    }
    /* Interleave the writers: a random piece to a random connection. */
    for (int left = NCONV; left > 0;) {
        seed = seed * 1103515245u + 12345u;
        int i = (int)((seed >> 16) % NCONV);
        if (offs[i] == ns[i])
            continue;
        size_t k = 1 + (seed >> 4) % 300;
        if (k > ns[i] - offs[i])
            k = ns[i] - offs[i];
        assert_int_equal(send_all(fds[i], ins[i] + offs[i], k), 0);
        offs[i] += k;
        if ((seed >> 12) % 8 == 0)
            usleep(1000);
        if (offs[i] == ns[i]) {
            shutdown(fds[i], SHUT_WR);
            left--;
        }
    }
    for (int i = 0; i < NCONV; i++) {
        char *got;
        int how;
        size_t len = read_until_eof(fds[i], &got, 5000, &how);
        if (len != wns[i] || memcmp(got, wants[i], wns[i]) != 0)
            fprintf(stderr, "conversation %d (%s): want %zu bytes, got %zu\n", i, protos[i % 3],
                    wns[i], len);
        assert_int_equal(how, 0);
        assert_int_equal(len, wns[i]);
        assert_memory_equal(got, wants[i], wns[i]);
        free(got);
        free(ins[i]);
        free(wants[i]);
        close(fds[i]);
    }
}

/* SIGTERM with requests in flight: every request the server has received
 * is answered before it exits 0. */
static void sigterm_loses_no_reply(void **state)
{
    (void)state;
    daemon_proc d;
    const char *args[] = {"--listen", "zen@127.0.0.1:0", NULL};
    assert_int_equal(daemon_start(&d, "zen", args), 0);
    enum { NC = 5, NQ = 2000 };
    static char in[NQ * 24];
    for (int i = 0; i < NQ; i++)
        memcpy(in + i * 24, "Beautiful is better than", 24);
    for (int i = 0; i < NQ; i++)
        in[i * 24 + 23] = '?';   /* "Beautiful is better tha?" is unknown */
    size_t wn;
    char *want = conv_run(&proto_zen, in, sizeof in, 0, 0, 1, 65536, &wn);
    int fds[NC];
    for (int i = 0; i < NC; i++) {
        fds[i] = dial(d.port[0]);
        assert_int_equal(send_all(fds[i], in, sizeof in), 0);
    }
    /* Once each client sees its first reply byte, its requests are in. */
    char first[NC];
    for (int i = 0; i < NC; i++)
        assert_int_equal(read_exact(fds[i], &first[i], 1, 5000), 1);
    kill(d.pid, SIGTERM);
    for (int i = 0; i < NC; i++) {
        char *got;
        int how;
        size_t len = read_until_eof(fds[i], &got, 5000, &how);
        assert_int_equal(how, 0);
        assert_int_equal(len + 1, wn);
        assert_int_equal(first[i], want[0]);
        assert_memory_equal(got, want + 1, wn - 1);
        free(got);
        close(fds[i]);
    }
    assert_int_equal(daemon_wait(&d), 0);
    assert_true(daemon_log_has(&d, "shutdown:"));
    unlink(d.log);
    free(want);
}

/* The ways to say where to listen: -p/-P/HOST, KOAN_LISTEN, IPv6. */
static void listen_forms(void **state)
{
    (void)state;
    daemon_proc d;
    const char *single[] = {"127.0.0.1", "-p", "0", "-P", "echo", NULL};
    assert_int_equal(daemon_start(&d, "echo", single), 0);
    exchange(d.port[2], "x\n", 2, "Echoed: 'x'\r\n", 13);
    assert_int_equal(daemon_stop(&d), 0);
    unlink(d.log);

    setenv("KOAN_LISTEN", "calc@127.0.0.1:0,zen@127.0.0.1:0", 1);
    assert_int_equal(daemon_start(&d, "zen,calc", NULL), 0);
    unsetenv("KOAN_LISTEN");
    exchange(d.port[0], "Simple is better than?", 22, "Complex.", 8);
    assert_int_equal(daemon_stop(&d), 0);
    unlink(d.log);

    const char *v6[] = {"--listen", "zen@[::1]:0", NULL};
    if (daemon_start(&d, "zen", v6) == 0) {
        assert_true(daemon_log_has(&d, "listening zen on [::1]:"));
        assert_int_equal(daemon_stop(&d), 0);
    } else {
        print_message("no IPv6 loopback here; skipped the [::1] listener\n");
    }
    unlink(d.log);
}

/* Both readiness backends and several workers serve the same bytes, and a
 * worker parent stops cleanly on SIGTERM. */
static void backends_and_workers(void **state)
{
    (void)state;
    const char *const variants[][6] = {
        {"--backend", "poll", "--listen", "calc@127.0.0.1:0", NULL},
        {"--backend", "epoll", "--listen", "calc@127.0.0.1:0", NULL},
        {"--workers", "2", "--listen", "calc@127.0.0.1:0", NULL},
    };
    for (int v = 0; v < 3; v++) {
        daemon_proc d;
        assert_int_equal(daemon_start(&d, "calc", variants[v]), 0);
        static const char want[] = "<welcome: starting in sum mode>\nSum of input integers: '5'\r\n";
        for (int i = 0; i < 4; i++)
            exchange(d.port[1], "2,3\n", 4, want, sizeof want - 1);
        assert_int_equal(daemon_stop(&d), 0);
        unlink(d.log);
    }
}

static int run_status(const char *const *args, char *err, size_t errlen)
{
    daemon_proc d;
    /* daemon_start waits for listening lines; these runs never listen. */
    const char *b = getenv("B") ? getenv("B") : "build";
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s/koand", b);
    for (const char *const *a = args; *a; a++) {
        strncat(cmd, " ", sizeof cmd - strlen(cmd) - 1);
        strncat(cmd, *a, sizeof cmd - strlen(cmd) - 1);
    }
    strncat(cmd, " 2>&1 >/dev/null", sizeof cmd - strlen(cmd) - 1);
    (void)d;
    FILE *p = popen(cmd, "r");
    size_t n = fread(err, 1, errlen - 1, p);
    err[n] = 0;
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void cli_status(void **state)
{
    (void)state;
    char err[512];
    const char *help[] = {"--help", NULL}, *version[] = {"--version", NULL};
    const char *bad1[] = {"--no-such-option", NULL}, *bad2[] = {"--max-line", "x", NULL};
    const char *bad3[] = {"--listen", "gopher@127.0.0.1:1", NULL};
    assert_int_equal(run_status(help, err, sizeof err), 0);
    assert_int_equal(run_status(version, err, sizeof err), 0);
    const char *const *bads[] = {bad1, bad2, bad3};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(run_status(bads[i], err, sizeof err), 2);
        char *nl = strchr(err, '\n');
        assert_non_null(nl);
        assert_int_equal(nl[1], 0);   /* exactly one line */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spec_examples),
        cmocka_unit_test(two_clients_interleaved),
        cmocka_unit_test(pipelined_100),
        cmocka_unit_test(half_close_delivers_all),
        cmocka_unit_test(quit_closes_cleanly),
        cmocka_unit_test(unfinished_question_logged),
        cmocka_unit_test(randomized_conversations),
    };
    const struct CMUnitTest own[] = {
        cmocka_unit_test(sigterm_loses_no_reply),
        cmocka_unit_test(listen_forms),
        cmocka_unit_test(backends_and_workers),
        cmocka_unit_test(cli_status),
    };
    int failed = cmocka_run_group_tests_name("koand over sockets", tests, setup, teardown);
    failed += cmocka_run_group_tests_name("koand lifecycle", own, NULL, NULL);
    return failed;
}
