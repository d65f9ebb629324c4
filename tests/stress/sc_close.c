/* How connections end: reset-storm, half-close, close-no-reset. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/lib/clock.h"
#include "tests/stress/pctl.h"
#include "tests/stress/engines.h"
#include "tests/stress/facts.h"
#include "tests/lib/koand.h"
#include "tests/lib/proc.h"
#include "tests/stress/net.h"
#include "tests/stress/report.h"
#include "tests/stress/scenarios.h"

/* ================================================================ reset storm */

void sc_reset_storm(void)
{
    const char *name = "reset-storm";
    report r = {.ok = 1};
    koand k;
    if (koand_start_all(&k, NULL, "-q", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    enum { N = 2000, PAR = 64, REQS = 100 };
    fresh_served(&k);
    sleep_s(0.2);
    pid_t pid0 = k.pid;
    int base_fd = proc_fd_count(k.pid);
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
    double t0 = now_s();
    while (finished < N && now_s() - t0 < 30) {
        struct pollfd pf[PAR];
        for (int i = 0; i < PAR; i++) {
            if (s[i].state == 0 && started < N) {
                s[i].proto = started % nproto;
                s[i].fd = tcp_open(k.ls[s[i].proto].port, NULL, 0, 1);
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
        double t = now_s();
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
                s[i].t_reset = t + (double)(rng_next(&seed) % 10) / 1000;
            }
            if (s[i].state == 2 && t >= s[i].t_reset) {
                close(s[i].fd); /* a reset, with our requests in flight */
                s[i].state = 0;
                finished++;
            }
        }
    }
    double took = now_s() - t0;
    for (int i = 0; i < PAR; i++)
        if (s[i].state)
            close(s[i].fd);
    report_add(
        &r, finished == N && failed == 0,
        "%d/%d clients connected, pipelined %d requests and reset before reading, in %.2f s (%d "
        "failed, %d partial writes)",
        finished, N, REQS, took, failed, partial);
    double back = wait_fds(&k, base_fd, 5);
    long acc = koand_stat(&k, "accepted"), rep = koand_stat(&k, "replies");
    report_add(&r, acc > N, "the server accepted %ld and answered %ld requests meanwhile", acc,
               rep);
    int alive = !koand_reap(&k) && k.pid == pid0;
    report_add(&r, alive, "same PID %d %s", (int)pid0, alive ? "still running" : "GONE");
    /* Margin: they go back within a tick (250 ms); 2 s is for a loaded machine. */
    report_bound(&r, back >= 0, back <= 2.0,
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
    if (koand_start_all(&k, NULL, "-q", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    /* Every protocol: a round of its samples after another, 10000 of
     * them, then SHUT_WR: the replies its parser gives, then the end. */
    enum { N = 10000 };
    char *out[FACTS_MAX], *exp[FACTS_MAX];
    size_t ol[FACTS_MAX], el[FACTS_MAX];
    sconn c[FACTS_MAX];
    memset(c, 0, sizeof c);
    for (int p = 0; p < nproto; p++) {
        out[p] = facts_cycle(p, N, &ol[p]);
        exp[p] = facts_answer(p, out[p], ol[p], 1, &el[p]);
        c[p] = (sconn){.fd = tcp_open(k.ls[p].port, NULL, 0, 1),
                       .out = out[p],
                       .out_len = ol[p],
                       .shut_after = 1,
                       .in_cap = el[p] + 1024};
        c[p].in = malloc(c[p].in_cap);
    }
    stream_run(c, nproto, 20);
    for (int p = 0; p < nproto; p++) {
        int ok = c[p].end == 1 && c[p].in_total == el[p] && memcmp(c[p].in, exp[p], el[p]) == 0;
        report_add(&r, ok, "%s: %d requests then SHUT_WR: %s, then %s", facts[p].name, N,
                   ok ? "exactly 10000 replies in order" : "WRONG REPLIES",
                   c[p].end == 1   ? "a clean end of stream"
                   : c[p].end == 2 ? err_name(c[p].err)
                                   : "no end");
        if (!ok)
            report_add(&r, 0, "%s got %zu of %zu bytes", facts[p].name, c[p].in_total, el[p]);
        close(c[p].fd);
        free(c[p].in);
        free(out[p]);
        free(exp[p]);
    }

    /* >= 32 MiB of replies, read slowly: the request that earns the most
     * reply per byte (facts_loudest: 2 bytes of calc's earn 47, "x\n"),
     * sent until that many are due. */
    const pfacts *f = &facts[facts_loudest()];
    size_t times = ((size_t)33 << 20) / f->loud_rep_len + 1, bl, want;
    char *big = facts_repeat(f->loud, f->loud_len, times, &bl);
    char *all = facts_answer((int)(f - facts), big, bl, 1, &want);
    /* A 64 KiB receive buffer: left to autotune (up to 32 MiB here) the
     * client's kernel would hold every reply, and the server's half-close
     * path would never be tested. */
    sconn s = {.fd = tcp_open(k.ls[f - facts].port, NULL, 65536, 1),
               .out = big,
               .out_len = bl,
               .shut_after = 1,
               .rchunk = 65536,
               .rgap = 0.002,
               .in_cap = want + 4096};
    s.in = malloc(s.in_cap);
    double t = now_s();
    stream_run(&s, 1, 60);
    double took = now_s() - t;
    int same = s.in_total == want && memcmp(s.in, all, want) == 0;
    report_add(
        &r, same && s.end == 1 && want >= (32u << 20),
        "%s: %.1f MiB of requests, SHUT_WR with %.1f MiB of replies still to come: %.1f/%.1f MiB "
        "delivered, read slowly in %.2f s, then %s (bound: all, >= 32 MiB)",
        f->name, (double)bl / MIB, (double)(want - s.in_at_shut) / MIB, (double)s.in_total / MIB,
        (double)want / MIB, took,
        s.end == 1   ? "a clean end of stream"
        : s.end == 2 ? err_name(s.err)
                     : "no end");
    close(s.fd);
    free(s.in);
    free(big);
    free(all);
    report_finish(name, &r, &k);
}

/* ================================================================ close without reset */

void sc_close_no_reset(void)
{
    const char *name = "close-no-reset";
    report r = {.ok = 1};
    koand k;
    if (koand_start_all(&k, NULL, "-q", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    /* Every protocol a "quit" line ends: a round of samples after
     * another, quit, then junk the server must read and drop: the replies
     * its parser gives to all of it (it stops at quit), then the end. */
    enum { N = 50 };
    const size_t junk = 1 << 20;
    uint64_t seed = 42;
    int tried = 0;
    for (int p = 0; p < nproto; p++) {
        if (!facts[p].quits)
            continue;
        tried++;
        size_t rl, ol, el;
        char *reqs = facts_cycle(p, N, &rl);
        char *out = malloc(rl + sizeof FACTS_QUIT + junk);
        memcpy(out, reqs, rl);
        memcpy(out + rl, FACTS_QUIT, sizeof FACTS_QUIT - 1);
        ol = rl + sizeof FACTS_QUIT - 1;
        for (size_t i = 0; i < junk; i++)
            out[ol++] = (char)rng_next(&seed);
        char *exp = facts_answer(p, out, ol, 0, &el);
        sconn c = {
            .fd = tcp_open(k.ls[p].port, NULL, 0, 1), .out = out, .out_len = ol, .in_cap = el + 4096};
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
            facts[p].name, N,
            c.in_total >= el && !memcmp(c.in, exp, el) ? "50 replies" : "WRONG REPLIES",
            c.end == 1   ? "a clean end of stream"
            : c.end == 2 ? err_name(c.err)
                         : "no end",
            jw);
        close(c.fd);
        free(c.in);
        free(reqs);
        free(out);
        free(exp);
    }
    if (!tried)
        report_add(&r, 1, "no protocol of the build ends a session at a quit line");
    report_finish(name, &r, &k);
}
