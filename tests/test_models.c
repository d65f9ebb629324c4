/* The blocking models (--model single, threads, spawn) beside the async
 * one, over real sockets: every limit acts in each of them as in async
 * (or koand refuses to start), a peer's reset is logged the same way, and
 * a quitting client's lingering close does not hold up the next client. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/lib/clock.h"
#include "tests/lib/koand.h"
#include "tests/lib/rng.h"
#include "tests/lib/session.h"
#include "tests/lib/show.h"
#include "tests/lib/tcp.h"
#include "tests/lib/tidy.h"

#define LOOPBACK "127.0.0.1"
#define LIT(s) (s), (sizeof(s) - 1)
#define WELCOME "<welcome: starting in sum mode>\n"
#define BUSY "ERROR. Server busy\r\n"
#define CLOSED "connection closed\r\n"

static const char *const all_models[] = {"async", "single", "threads", "spawn"};
#define NMODELS (sizeof all_models / sizeof all_models[0])

#define TEST(f) cmocka_unit_test_teardown(f, tidy_test)

/* start: koand --model MODEL ARGS... serving calc on a free port. */
static int start(koand *k, const char *model, const char *const *extra)
{
    const char *args[16] = {"--model", model, "--listen", "calc@127.0.0.1:0"};
    int n = 4;
    for (; extra && *extra && n < 15; extra++)
        args[n++] = *extra;
    args[n] = NULL;
    if (koand_start(k, args, NULL, 1) != 0)
        fail_msg("koand --model %s did not start", model);
    return koand_port(k, "calc");
}

/* welcomed: a new calc client that has read its welcome. */
static int welcomed(int port)
{
    char got[sizeof WELCOME] = {0};
    int fd = tcp_dial(LOOPBACK, port);
    assert_true(fd >= 0);
    assert_int_equal(tcp_read_n(fd, got, sizeof WELCOME - 1, 5000), sizeof WELCOME - 1);
    assert_string_equal(got, WELCOME);
    return fd;
}

/* ends_with: read fd to its end within 10 s; it must be exactly want, then
 * a clean end of stream. Returns 0, or 1 after saying what came instead. */
static int ends_with(const char *model, const char *what, int fd, const char *want)
{
    char *got;
    size_t len;
    int end = tcp_read_eof(fd, &got, &len, 10000);
    int ok = end == TCP_EOF && len == strlen(want) && memcmp(got, want, len) == 0;
    if (!ok)
        fprintf(stderr, "--model %s, %s: got %zu bytes \"%.60s\" and %s; want \"%s\", then end of stream\n",
                model, what, len, got, tcp_end_name(end), want);
    free(got);
    return !ok;
}

/* --model single: after a client's quit the next client is served at
 * once, while the first one keeps its socket open. The first still gets
 * every reply and a clean end of stream; its lingering close runs off the
 * one worker, so that when the second has been served the server still
 * drains the first: bytes it sends then cause no reset. */
static void single_quit_frees_the_worker(void **state)
{
    (void)state;
    koand k;
    int port = start(&k, "single", NULL);
    int a = welcomed(port);
    assert_int_equal(tcp_send(a, LIT("1,2\nquit\n"), 3000), 0);
    int failed = ends_with("single", "the client that quit", a, "Sum of input integers: '3'\r\n" CLOSED);
    int b = welcomed(port);
    /* Still lingering: what a sends is discarded, not answered by a reset. */
    assert_int_equal(tcp_send(a, LIT("4,5\n"), 3000), 0);
    struct pollfd pf = {.fd = a, .events = POLLPRI};
    int r = poll(&pf, 1, 500);
    int reset = r > 0 && (pf.revents & (POLLERR | POLLHUP));
    if (reset)
        fprintf(stderr, "--model single: the first client's socket was reset: its lingering close "
                        "ended before the second client was served\n");
    assert_int_equal(failed, 0);
    assert_false(reset);
    close(a);
    close(b);
    assert_int_equal(koand_stop(&k), 0);
    koand_cleanup(&k);
}

/* A client that resets its connection is logged as the async model logs
 * it, "closed: Connection reset by peer", in every model. */
static void reset_logged_alike(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t m = 0; m < NMODELS; m++) {
        koand k;
        int port = start(&k, all_models[m], NULL);
        int fd = welcomed(port);
        int me = tcp_local_port(fd);
        struct linger lg = {1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        close(fd);
        char want[96];
        snprintf(want, sizeof want, "calc 127.0.0.1:%d closed: Connection reset by peer", me);
        if (!koand_log_wait(&k, want, 5000)) {
            char *log = koand_log(&k);
            fprintf(stderr, "--model %s: no \"%s\" in the log:\n%s", all_models[m], want, log);
            free(log);
            failed++;
        }
        assert_int_equal(koand_stop(&k), 0);
        koand_cleanup(&k);
    }
    assert_int_equal(failed, 0);
}

/* --allow and --deny: a refused client is closed at once, before even
 * calc's welcome. */
static void acl_in_every_model(void **state)
{
    (void)state;
    static const char *const rules[][3] = {{"--deny", "127.0.0.1", NULL}, {"--allow", "10.0.0.0/8", NULL}};
    int failed = 0;
    for (size_t m = 0; m < NMODELS; m++)
        for (int r = 0; r < 2; r++) {
            koand k;
            int port = start(&k, all_models[m], rules[r]);
            int fd = tcp_dial(LOOPBACK, port);
            assert_true(fd >= 0);
            failed += ends_with(all_models[m], rules[r][0], fd, "");
            close(fd);
            assert_int_equal(koand_stop(&k), 0);
            koand_cleanup(&k);
        }
    assert_int_equal(failed, 0);
}

/* --max-conns and --max-conns-per-ip: the client over the limit gets the
 * busy line, then end of stream, while the first is being served. The
 * single model serves one client at a time and leaves the next waiting,
 * unaccepted, so neither limit has anything to act on there. */
static void conn_limits_in_every_model(void **state)
{
    (void)state;
    static const char *const limits[][3] = {{"--max-conns", "1", NULL}, {"--max-conns-per-ip", "1", NULL}};
    int failed = 0;
    for (size_t m = 0; m < NMODELS; m++) {
        if (strcmp(all_models[m], "single") == 0)
            continue;
        for (int l = 0; l < 2; l++) {
            koand k;
            int port = start(&k, all_models[m], limits[l]);
            int a = welcomed(port);
            int b = tcp_dial(LOOPBACK, port);
            assert_true(b >= 0);
            failed += ends_with(all_models[m], limits[l][0], b, BUSY);
            close(a);
            close(b);
            assert_int_equal(koand_stop(&k), 0);
            koand_cleanup(&k);
        }
    }
    assert_int_equal(failed, 0);
}

/* --idle-timeout and --request-timeout (of 1 s) close a client that sends
 * nothing, or only part of a line, with a clean end of stream; the 10 s
 * deadline only keeps a broken server from hanging the test. */
static void timeouts_in_every_model(void **state)
{
    (void)state;
    static const char *const idle[] = {"--idle-timeout", "1", NULL};
    static const char *const request[] = {"--idle-timeout", "0", "--request-timeout", "1", NULL};
    int failed = 0;
    for (size_t m = 0; m < NMODELS; m++) {
        koand k;
        int port = start(&k, all_models[m], idle);
        int fd = welcomed(port);
        failed += ends_with(all_models[m], "--idle-timeout 1", fd, "");
        close(fd);
        assert_int_equal(koand_stop(&k), 0);
        koand_cleanup(&k);

        port = start(&k, all_models[m], request);
        fd = welcomed(port);
        assert_int_equal(tcp_send(fd, LIT("1,2"), 3000), 0);
        failed += ends_with(all_models[m], "--request-timeout 1", fd, "");
        close(fd);
        assert_int_equal(koand_stop(&k), 0);
        koand_cleanup(&k);
    }
    assert_int_equal(failed, 0);
}

/* A first request that is HTTP or a TLS ClientHello gets end of stream in
 * every model (calc's welcome has gone out before it). */
static void http_guard_in_every_model(void **state)
{
    (void)state;
    static const char *const firsts[] = {"GET / HTTP/1.1\r\nHost: x\r\n\r\n", "\x16\x03\x01\x02\x00\x01"};
    int failed = 0;
    for (size_t m = 0; m < NMODELS; m++) {
        koand k;
        int port = start(&k, all_models[m], NULL);
        for (int f = 0; f < 2; f++) {
            int fd = welcomed(port);
            assert_int_equal(tcp_send(fd, firsts[f], strlen(firsts[f]), 3000), 0);
            failed += ends_with(all_models[m], f ? "a TLS ClientHello" : "GET", fd, "");
            close(fd);
        }
        assert_int_equal(koand_stop(&k), 0);
        koand_cleanup(&k);
    }
    assert_int_equal(failed, 0);
}

/* SIGUSR1 logs the counters in every model (the blocking ones used to
 * leave the signal unread and spin), and koand still stops cleanly. */
static void stats_in_every_model(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t m = 0; m < NMODELS; m++) {
        koand k;
        int port = start(&k, all_models[m], NULL);
        int fd = welcomed(port);
        kill(k.pid, SIGUSR1);
        if (!koand_log_wait(&k, "stats: conns=1 ", 5000)) {
            fprintf(stderr, "--model %s: SIGUSR1 logged no stats line with conns=1\n", all_models[m]);
            failed++;
        }
        close(fd);
        assert_int_equal(koand_stop(&k), 0);
        koand_cleanup(&k);
    }
    assert_int_equal(failed, 0);
}

/* --model spawn: a thread for each client, so thirty connected at once are
 * all served (where --model threads serves --threads of them), up to
 * --max-conns: past it the next client gets the busy line. */
static void spawn_thread_per_client(void **state)
{
    (void)state;
    enum { N = 30 };
    koand k;
    int port = start(&k, "spawn", NULL);
    int fds[N];
    for (int i = 0; i < N; i++)
        fds[i] = welcomed(port);
    for (int i = 0; i < N; i++) {
        char got[32] = {0};
        const char *want = "Sum of input integers: '3'\r\n";
        assert_int_equal(tcp_send(fds[i], LIT("1,2\n"), 3000), 0);
        assert_int_equal(tcp_read_n(fds[i], got, strlen(want), 5000), strlen(want));
        assert_string_equal(got, want);
    }
    for (int i = 0; i < N; i++)
        close(fds[i]);
    assert_int_equal(koand_stop(&k), 0);
    koand_cleanup(&k);

    static const char *const three[] = {"--max-conns", "3", NULL};
    port = start(&k, "spawn", three);
    for (int i = 0; i < 3; i++)
        fds[i] = welcomed(port);
    int over = tcp_dial(LOOPBACK, port);
    assert_true(over >= 0);
    int failed = ends_with("spawn", "--max-conns 3, a fourth client", over, BUSY);
    close(over);
    assert_int_equal(failed, 0);
    /* One leaves: once its thread has ended, the next is served again. */
    close(fds[0]);
    fds[0] = -1;
    for (int64_t deadline = now_ms() + 5000; fds[0] < 0 && now_ms() < deadline; sleep_ms(10)) {
        char got[sizeof WELCOME] = {0};
        int fd = tcp_dial(LOOPBACK, port);
        if (tcp_read_n(fd, got, sizeof WELCOME - 1, 5000) == sizeof WELCOME - 1 &&
            strcmp(got, WELCOME) == 0)
            fds[0] = fd;
        else
            close(fd);
    }
    assert_true(fds[0] >= 0);
    for (int i = 0; i < 3; i++)
        close(fds[i]);
    assert_int_equal(koand_stop(&k), 0);
    koand_cleanup(&k);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        TEST(single_quit_frees_the_worker),
        TEST(reset_logged_alike),
        TEST(acl_in_every_model),
        TEST(conn_limits_in_every_model),
        TEST(timeouts_in_every_model),
        TEST(http_guard_in_every_model),
        TEST(stats_in_every_model),
        TEST(spawn_thread_per_client),
    };
    return cmocka_run_group_tests_name("the models", tests, NULL, NULL);
}
