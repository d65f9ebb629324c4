/* How connections end: reset-storm, half-close, close-no-reset. */
#include <errno.h>
#include <linux/sockios.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/stress/clock.h"
#include "tests/stress/engines.h"
#include "tests/stress/facts.h"
#include "tests/stress/kd.h"
#include "tests/stress/legacy.h"
#include "tests/stress/net.h"
#include "tests/stress/report.h"
#include "tests/stress/scenarios.h"

/* ================================================================ reset storm */

void sc_reset_storm(void)
{
    const char *name = "reset-storm";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    enum { N = 2000, PAR = 64, REQS = 100 };
    fresh_served(&k);
    sleep_s(0.2);
    pid_t pid0 = k.pid;
    int base_fd = fd_count(k.pid);
    char *req[FACTS_MAX];
    size_t rlen[FACTS_MAX];
    for (int p = 0; p < nproto; p++)
        req[p] = facts_repeat(facts[p].req, facts[p].req_len, REQS, &rlen[p]);
    struct slot {
        int fd, state, proto;
        double t_reset;
    } s[PAR];
    memset(s, 0, sizeof s);
    int started = 0, finished = 0, failed = 0, partial = 0;
    uint64_t seed = 0x5eed5eedULL;
    double t0 = now();
    while (finished < N && now() - t0 < 30) {
        struct pollfd pf[PAR];
        for (int i = 0; i < PAR; i++) {
            if (s[i].state == 0 && started < N) {
                s[i].proto = started % nproto;
                s[i].fd = tcp_open(k.port[s[i].proto], NULL, 0, 1);
                started++;
                if (s[i].fd < 0) {
                    failed++;
                    finished++;
                    continue;
                }
                s[i].state = 1;
            }
            pf[i] = (struct pollfd){.fd = s[i].state == 1 ? s[i].fd : -1, .events = POLLOUT};
        }
        poll(pf, PAR, 2);
        double t = now();
        for (int i = 0; i < PAR; i++) {
            if (s[i].state == 1 && pf[i].revents) {
                int e = 0;
                socklen_t el = sizeof e;
                getsockopt(s[i].fd, SOL_SOCKET, SO_ERROR, &e, &el);
                ssize_t w = e ? -1
                              : send(s[i].fd, req[s[i].proto], rlen[s[i].proto],
                                     MSG_NOSIGNAL | MSG_DONTWAIT);
                if (w < 0)
                    failed++;
                else if ((size_t)w < rlen[s[i].proto])
                    partial++;
                set_linger0(s[i].fd);
                s[i].state = 2;
                s[i].t_reset = t + (double)(rnd(&seed) % 10) / 1000;
            }
            if (s[i].state == 2 && t >= s[i].t_reset) {
                close(s[i].fd); /* a reset, with our requests in flight */
                s[i].state = 0;
                finished++;
            }
        }
    }
    double took = now() - t0;
    for (int i = 0; i < PAR; i++)
        if (s[i].state)
            close(s[i].fd);
    report_add(
        &r, finished == N && failed == 0,
        "%d/%d clients connected, pipelined %d requests and reset before reading, in %.2f s (%d "
        "failed, %d partial writes)",
        finished, N, REQS, took, failed, partial);
    double back = wait_fds(&k, base_fd, 5);
    long acc = kd_stat(&k, "accepted"), rep = kd_stat(&k, "replies");
    report_add(&r, acc > N, "the server accepted %ld and answered %ld requests meanwhile", acc,
               rep);
    int alive = kd_alive(&k) && k.pid == pid0;
    report_add(&r, alive, "same PID %d %s", (int)pid0, alive ? "still running" : "GONE");
    report_add(&r, back >= 0 && back <= 2.0,
               "server fds back to the baseline %d in %.3f s (bound 2 s)", base_fd, back);
    report_add(&r, alive && fresh_served(&k), "a fresh client of each protocol served");
    for (int p = 0; p < nproto; p++)
        free(req[p]);
    report_finish(name, &r, &k);
}

/* ================================================================ half-close */

void sc_half_close(void)
{
    const char *name = "half-close";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    enum { N = 10000 };
    char *out[NPROTO], *exp[NPROTO];
    size_t ol[NPROTO], el[NPROTO];
    zen_build(N, &out[ZEN], &ol[ZEN], &exp[ZEN], &el[ZEN]);
    for (int p = CALC; p <= ECHO; p++) {
        out[p] = malloc((size_t)N * 32);
        exp[p] = malloc((size_t)N * 48 + 64);
        ol[p] = el[p] = 0;
        if (p == CALC)
            el[p] += (size_t)sprintf(exp[p], "%s", CALC_WELCOME);
        for (int i = 0; i < N; i++) {
            if (p == CALC) {
                ol[p] += (size_t)sprintf(out[p] + ol[p], "%d,%d\n", i, 7);
                el[p] += (size_t)sprintf(exp[p] + el[p], "Sum of input integers: '%d'\r\n", i + 7);
            } else {
                ol[p] += (size_t)sprintf(out[p] + ol[p], "hc %05d\n", i);
                el[p] += (size_t)sprintf(exp[p] + el[p], "Echoed: 'hc %05d'\r\n", i);
            }
        }
    }
    sconn c[NPROTO];
    memset(c, 0, sizeof c);
    for (int p = 0; p < NPROTO; p++) {
        c[p] = (sconn){.fd = tcp_open(k.port[p], NULL, 0, 1),
                       .out = out[p],
                       .out_len = ol[p],
                       .shut_after = 1,
                       .in_cap = el[p] + 1024};
        c[p].in = malloc(c[p].in_cap);
    }
    stream_run(c, NPROTO, 20);
    for (int p = 0; p < NPROTO; p++) {
        int ok = c[p].end == 1 && c[p].in_total == el[p] && memcmp(c[p].in, exp[p], el[p]) == 0;
        report_add(&r, ok, "%s: %d requests then SHUT_WR: %s, then %s", proto_name[p], N,
                   ok ? "exactly 10000 replies in order" : "WRONG REPLIES",
                   c[p].end == 1   ? "a clean end of stream"
                   : c[p].end == 2 ? err_name(c[p].err)
                                   : "no end");
        if (!ok)
            report_add(&r, 0, "%s got %zu of %zu bytes", proto_name[p], c[p].in_total, el[p]);
        close(c[p].fd);
        free(c[p].in);
        free(out[p]);
        free(exp[p]);
    }

    /* >= 32 MiB of replies, read slowly: 530 echo lines of 16000 control
     * bytes, each echoed as \x01 (4 bytes per byte). */
    enum { LINES = 530, LEN = 16000 };
    size_t rep = 9 + 4 * LEN + 3;
    size_t bl = (size_t)LINES * (LEN + 1);
    char *big = malloc(bl);
    for (int i = 0; i < LINES; i++) {
        memset(big + (size_t)i * (LEN + 1), 1, LEN);
        big[(size_t)i * (LEN + 1) + LEN] = '\n';
    }
    char *one = malloc(rep);
    memcpy(one, "Echoed: '", 9);
    for (int i = 0; i < LEN; i++)
        memcpy(one + 9 + 4 * i, "\\x01", 4);
    memcpy(one + 9 + 4 * LEN, "'\r\n", 3);
    size_t want = (size_t)LINES * rep;
    /* A 64 KiB receive buffer: left to autotune (up to 32 MiB here) the
     * client's kernel would hold every reply, and the server's half-close
     * path would never be tested. */
    sconn s = {.fd = tcp_open(k.port[ECHO], NULL, 65536, 1),
               .out = big,
               .out_len = bl,
               .shut_after = 1,
               .rchunk = 65536,
               .rgap = 0.002,
               .in_cap = want + 4096};
    s.in = malloc(s.in_cap);
    double t = now();
    stream_run(&s, 1, 60);
    double took = now() - t;
    int same = s.in_total == want;
    for (size_t i = 0; same && i < (size_t)LINES; i++)
        same = memcmp(s.in + i * rep, one, rep) == 0;
    report_add(
        &r, same && s.end == 1 && want >= (32u << 20),
        "%.1f MiB of requests, SHUT_WR with %.1f MiB of replies still to come: %.1f/%.1f MiB "
        "delivered, read slowly in %.2f s, then %s (bound: all, >= 32 MiB)",
        (double)bl / MIB, (double)(want - s.in_at_shut) / MIB, (double)s.in_total / MIB,
        (double)want / MIB, took,
        s.end == 1   ? "a clean end of stream"
        : s.end == 2 ? err_name(s.err)
                     : "no end");
    close(s.fd);
    free(s.in);
    free(big);
    free(one);
    report_finish(name, &r, &k);
}

/* ================================================================ close without reset */

void sc_close_no_reset(void)
{
    const char *name = "close-no-reset";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    enum { N = 50 };
    const size_t junk = 1 << 20;
    uint64_t seed = 42;
    for (int p = CALC; p <= ECHO; p++) {
        char *out = malloc(N * 32 + 8 + junk), *exp = malloc(N * 48 + 128);
        size_t ol = 0, el = 0;
        if (p == CALC)
            el += (size_t)sprintf(exp, "%s", CALC_WELCOME);
        for (int i = 0; i < N; i++) {
            if (p == CALC) {
                ol += (size_t)sprintf(out + ol, "%d,1\n", i);
                el += (size_t)sprintf(exp + el, "Sum of input integers: '%d'\r\n", i + 1);
            } else {
                ol += (size_t)sprintf(out + ol, "cw %d\n", i);
                el += (size_t)sprintf(exp + el, "Echoed: 'cw %d'\r\n", i);
            }
        }
        ol += (size_t)sprintf(out + ol, "quit\n");
        el += (size_t)sprintf(exp + el, "connection closed\r\n");
        for (size_t i = 0; i < junk; i++)
            out[ol++] = (char)rnd(&seed);
        sconn c = {
            .fd = tcp_open(k.port[p], NULL, 0, 1), .out = out, .out_len = ol, .in_cap = el + 4096};
        c.in = malloc(c.in_cap);
        stream_run(&c, 1, 10);
        char jw[96];
        if (c.werr)
            snprintf(jw, sizeof jw, "could not all be sent (%s)", err_name(c.werr));
        else
            snprintf(jw, sizeof jw, "%s",
                     c.out_off == ol ? "all sent without error" : "only in part sent");
        int ok = c.end == 1 && c.werr == 0 && c.out_off == ol && c.in_total == el &&
                 memcmp(c.in, exp, el) == 0;
        report_add(
            &r, ok,
            "%s: %d requests + quit + 1 MiB junk -> %s, the quit reply, then %s; the junk %s",
            proto_name[p], N,
            c.in_total >= el && !memcmp(c.in, exp, el) ? "50 replies" : "WRONG REPLIES",
            c.end == 1   ? "a clean end of stream"
            : c.end == 2 ? err_name(c.err)
                         : "no end",
            jw);
        close(c.fd);
        free(c.in);
        free(out);
        free(exp);
    }
    report_finish(name, &r, &k);
}
