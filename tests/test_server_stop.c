/* koand over sockets: SIGTERM and SIGINT lose no reply, and a client that never
 * reads cannot hold the server. */
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
        exchange_check(label, ss[i].got, ss[i].got_len, ss[i].end, wants[i] + firsts[i],
                     wns[i] - firsts[i]);
        close(ss[i].fd);
        session_free(&ss[i]);
        free(ins[i]);
        free(wants[i]);
    }
    exchange_check("idle client at shutdown", ss[NC].got, ss[NC].got_len, ss[NC].end, "", 0);
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
    const struct CMUnitTest own[] = {
        TEST(sigterm_loses_no_reply),
        TEST(sigterm_with_input_unread),
        TEST(sigint_loses_no_reply),
        TEST(stop_despite_a_client_that_never_reads),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("koand over sockets: stopping (a server per test)", own, NULL, NULL);
    return failed;
}
