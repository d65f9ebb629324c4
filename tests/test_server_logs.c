/* koand over sockets: what it logs of its clients, and -q / -v. */
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

/* ---- Log lines ------------------------------------------------------------- */

static void log_lines(void **state)
{
    (void)state;
    int port = koand_port(exchange_server(), "zen");
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
        assert_true(koand_log_wait(exchange_server(), line, 3000));
        if (cases[i].pending)
            snprintf(line, sizeof line,
                     "zen 127.0.0.1:%d sent %zu bytes of an unfinished question, then closed",
                     lport, cases[i].pending);
        else
            snprintf(line, sizeof line, "zen 127.0.0.1:%d closed normally", lport);
        if (!koand_log_wait(exchange_server(), line, 3000)) {
            char *log = koand_log(exchange_server());
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
    assert_true(koand_log_wait(exchange_server(), line, 3000));
}

/* A client that stops reading and then resets: the log says how many reply
 * bytes never left. */
static void log_unsent_bytes(void **state)
{
    (void)state;
    int fd = tcp_dial(LOOPBACK, koand_port(exchange_server(), "echo"));
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
    assert_true(koand_log_wait(exchange_server(), line, 3000));
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
    exchange_serves_zen(LOOPBACK, p);
    assert_int_equal(koand_stop(&k), 0);
    char *log = koand_log(&k);
    assert_string_equal(log, "");
    free(log);
    koand_cleanup(&k);

    const char *verbose[] = {"-v", "--listen", "zen@127.0.0.1:0", NULL};
    assert_int_equal(koand_start(&k, verbose, NULL, 1), 0);
    exchange_serves_zen(LOOPBACK, koand_port(&k, "zen"));
    assert_int_equal(koand_stop(&k), 0);
    const char *normal[] = {"--listen", "zen@127.0.0.1:0", NULL};
    koand n;
    assert_int_equal(koand_start(&n, normal, NULL, 1), 0);
    exchange_serves_zen(LOOPBACK, koand_port(&n, "zen"));
    assert_int_equal(koand_stop(&n), 0);
    char *lv = koand_log(&k), *ln = koand_log(&n);
    assert_true(strlen(lv) > strlen(ln));
    free(lv);
    free(ln);
    koand_cleanup(&k);
    koand_cleanup(&n);
}

int main(void)
{
    const struct CMUnitTest shared[] = {
        TEST(log_lines),
        TEST(log_unsent_bytes),
    };
    const struct CMUnitTest own[] = {
        TEST(quiet_and_verbose),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("koand over sockets: log lines (one shared server)", shared,
                                          exchange_start, exchange_stop);
    failed += cmocka_run_group_tests_name("koand over sockets: log lines (a server per test)", own, NULL, NULL);
    return failed;
}
