/* The deadlines: idle-timeout, slowloris, slow-reader. */
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

/* ================================================================ idle */

void sc_idle(void)
{
    const char *name = "idle-timeout";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", "--idle-timeout", "2", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    /* 0: zen, silent; 1: calc, silent after the welcome; 2: echo, one request
     * then silent; 3: zen, a byte of an unfinished question every 0.5 s
     * (partial bytes do not reset the clock); 4: echo, a request every
     * 0.5 s for 6 s — must survive. */
    enum { NI = 4, SURV = 4, N = 5 };
    static const char *const what[NI] = {"zen silent", "calc after welcome", "echo after a reply",
                                         "zen trickling partial bytes"};
    int fd[N];
    double t0[N], t_end[N];
    int end[N];
    int protos[N] = {ZEN, CALC, ECHO, ZEN, ECHO};
    for (int i = 0; i < N; i++) {
        fd[i] = tcp_open(k.port[protos[i]], NULL, 0, 0);
        t0[i] = now();
        t_end[i] = 0;
        end[i] = 0;
    }
    char buf[256];
    if (recv_exact(fd[1], buf, strlen(CALC_WELCOME), 2) == strlen(CALC_WELCOME))
        t0[1] = now();
    send_all(fd[2], "hello\n", 6, 2);
    if (recv_exact(fd[2], buf, 17, 2) == 17)
        t0[2] = now();
    for (int i = 0; i < N; i++)
        set_nonblock(fd[i]);
    double start_t = now(), next_trickle = start_t, next_req = start_t;
    int sent = 0;
    size_t surv_in = 0;
    int surv_end = 0;
    while (now() - start_t < 6.0) {
        double t = now();
        if (t >= next_trickle && !end[3]) {
            send(fd[3], "a", 1, MSG_NOSIGNAL);
            next_trickle += 0.5;
        }
        if (t >= next_req && !surv_end) {
            if (send(fd[SURV], "hello\n", 6, MSG_NOSIGNAL) == 6)
                sent++;
            next_req += 0.5;
        }
        struct pollfd pf[N];
        for (int i = 0; i < N; i++)
            pf[i] = (struct pollfd){
                .fd = (i < NI && end[i]) || (i == SURV && surv_end) ? -1 : fd[i], .events = POLLIN};
        poll(pf, N, 10);
        for (int i = 0; i < N; i++) {
            if (!pf[i].revents)
                continue;
            ssize_t n = recv(fd[i], buf, sizeof buf, MSG_DONTWAIT);
            if (n > 0) {
                if (i == SURV)
                    surv_in += (size_t)n;
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EINTR))
                continue;
            if (i == SURV) {
                surv_end = 1;
            } else {
                end[i] = n == 0 ? 1 : 2;
                t_end[i] = now();
            }
        }
    }
    for (int i = 0; i < NI; i++) {
        double d = end[i] ? t_end[i] - t0[i] : -1;
        report_add(&r, end[i] == 1 && d >= 2.0 && d <= 3.5,
                   "%s closed %s after %.2f s (bound [2, 3.5] s)", what[i],
                   end[i] == 2 ? "with a reset"
                   : end[i]    ? "cleanly"
                               : "never",
                   d);
    }
    /* Still served at 6 s? */
    int alive = 0;
    if (!surv_end) {
        set_nonblock(fd[SURV]);
        if (send_all(fd[SURV], "hello\n", 6, 1) == 0) {
            sent++;
            size_t want_total = (size_t)sent * 17;
            if (surv_in < want_total && want_total - surv_in <= sizeof buf)
                surv_in += recv_exact(fd[SURV], buf, want_total - surv_in, 1);
            alive = surv_in == want_total;
        }
    }
    report_add(&r, alive,
               "the client asking every 0.5 s survived 6 s (%d requests, %zu reply bytes, %s)",
               sent, surv_in,
               alive      ? "still answered"
               : surv_end ? "closed"
                          : "not answered");
    long c = kd_stat(&k, "idle_timeout");
    report_add(&r, c == NI, "idle_timeout counter %ld (expect %d)", c, NI);
    for (int i = 0; i < N; i++)
        close(fd[i]);
    report_finish(name, &r, &k);
}

/* ================================================================ slowloris */

void sc_slowloris(void)
{
    const char *name = "slowloris";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", "--request-timeout", "3", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    enum { N = 500 };
    probe pr = {.port = k.port[ECHO], .proto = ECHO, .interval = 0.01, .max = 3000, .max_time = 8};
    probe_start(&pr);
    int *fd = calloc(N, sizeof *fd), *end = calloc(N, sizeof *end);
    double *t_first = calloc(N, sizeof *t_first), *t_end = calloc(N, sizeof *t_end);
    double *next = calloc(N, sizeof *next);
    int opened = 0;
    for (int i = 0; i < N; i++) {
        fd[i] = tcp_open(k.port[i % NPROTO], NULL, 0, 0);
        if (fd[i] < 0) {
            end[i] = 3;
            continue;
        }
        opened++;
        set_nonblock(fd[i]);
        send(fd[i], "a", 1, MSG_NOSIGNAL);
        t_first[i] = now();
        next[i] = t_first[i] + 1;
    }
    struct pollfd *pf = calloc(N, sizeof *pf);
    double t0 = now();
    int ended = 0;
    while (ended < opened && now() - t0 < 7) {
        double t = now();
        for (int i = 0; i < N; i++) {
            if (!end[i] && t >= next[i]) {
                send(fd[i], "a", 1, MSG_NOSIGNAL);
                next[i] += 1;
            }
            pf[i] = (struct pollfd){.fd = end[i] ? -1 : fd[i], .events = POLLIN};
        }
        poll(pf, N, 20);
        char buf[256];
        for (int i = 0; i < N; i++) {
            if (!pf[i].revents)
                continue;
            ssize_t n = recv(fd[i], buf, sizeof buf, MSG_DONTWAIT);
            if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR)))
                continue;
            end[i] = n == 0 ? 1 : 2;
            t_end[i] = now();
            ended++;
            close(fd[i]);
        }
    }
    probe_join(&pr);
    int clean = 0, reset = 0;
    double slow = 0, fast = 1e9;
    for (int i = 0; i < N; i++) {
        if (end[i] == 1 || end[i] == 2) {
            clean += end[i] == 1;
            reset += end[i] == 2;
            double d = t_end[i] - t_first[i];
            if (d > slow)
                slow = d;
            if (d < fast)
                fast = d;
        } else if (end[i] == 0) {
            close(fd[i]);
        }
    }
    report_add(
        &r, ended == N && slow <= 4.5 && fast >= 3.0,
        "%d/%d trickling clients closed (%d cleanly, %d reset) between %.2f and %.2f s after their "
        "first byte (bound [3, 4.5] s)",
        ended, N, clean, reset, fast, slow);
    double p99 = pctl(pr.lat, pr.n, 0.99);
    report_add(&r, !pr.fail && pr.n > 100 && p99 < 0.050,
               "probe p99 %.1f ms over %d requests (bound 50 ms)%s%s", p99 * 1000, pr.n,
               pr.fail ? ": " : "", pr.why);
    long c = kd_stat(&k, "request_timeout");
    report_add(&r, c == N, "request_timeout counter %ld (expect %d)", c, N);
    probe_free(&pr);
    free(fd);
    free(end);
    free(t_first);
    free(t_end);
    free(next);
    free(pf);
    report_finish(name, &r, &k);
}

/* ================================================================ slow reader */

void sc_slow_reader(void)
{
    const char *name = "slow-reader";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", "--send-timeout", "3", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    /* Warm up: the probe's path and a few clients, then the baseline. */
    probe warm = {.port = k.port[ECHO], .proto = ECHO, .max = 200, .max_time = 5};
    probe_start(&warm);
    probe_wait(&warm);
    probe_free(&warm);
    bconn w[30];
    memset(w, 0, sizeof w);
    for (int i = 0; i < 30; i++) {
        w[i].proto = i % NPROTO;
        w[i].send_req = 1;
    }
    batch_run(w, 30, &k, 30, 5);
    batch_close(w, 30);
    sleep_s(0.3);
    long base = rss_kib(k.pid);
    rss_watch(k.pid);
    probe pr = {.port = k.port[ECHO], .proto = ECHO, .interval = 0.005, .max = 4000, .max_time = 9};
    probe_start(&pr);
    sleep_s(0.1);

    const char line[] = "slow reader pipelines and never reads 0123456789\n";
    const size_t total = 20u << 20, ll = sizeof line - 1;
    char *buf = malloc(total);
    for (size_t off = 0; off < total; off += ll)
        memcpy(buf + off, line, total - off < ll ? total - off : ll);
    int fd = tcp_open(k.port[ECHO], NULL, 4096, 0);
    double t0 = now(), cut = -1;
    int cut_err = 0;
    size_t written = 0;
    set_nonblock(fd);
    while (fd >= 0 && now() - t0 < 9) {
        struct pollfd p = {.fd = fd, .events = written < total ? POLLOUT : 0};
        poll(&p, 1, 20);
        rss_sample();
        if (p.revents & (POLLERR | POLLHUP)) {
            cut = now() - t0;
            socklen_t el = sizeof cut_err;
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &cut_err, &el);
            break;
        }
        if (p.revents & POLLOUT) {
            ssize_t n = send(fd, buf + written, total - written, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) {
                written += (size_t)n;
            } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                cut = now() - t0;
                cut_err = errno;
                break;
            }
        }
    }
    sleep_s(0.2);
    probe_join(&pr);
    rss_sample();
    long peak = rss_peak();
    rss_watch(0);
    if (fd >= 0)
        close(fd);
    free(buf);
    report_add(
        &r, peak - base < 4 * 1024,
        "server RSS growth %.2f MiB while it pipelined (%.1f of 20 MiB taken; %ld -> %ld KiB; "
        "bound "
        "4 MiB)",
        (double)(peak - base) / 1024, (double)written / MIB, base, peak);
    double p99 = pctl(pr.lat, pr.n, 0.99);
    report_add(&r, !pr.fail && pr.n > 100 && p99 < 0.050,
               "probe p99 %.1f ms over %d requests (bound 50 ms)%s%s", p99 * 1000, pr.n,
               pr.fail ? ": " : "", pr.why);
    report_add(&r, cut >= 3.0 && cut <= 5.0, "cut %.2f s after it connected (%s; bound [3, 5] s)",
               cut, cut < 0 ? "never" : err_name(cut_err));
    long st = kd_stat(&k, "send_timeout"), bp = kd_stat(&k, "backpressure");
    report_add(&r, st == 1 && bp >= 1, "counters send_timeout=%ld backpressure=%ld", st, bp);
    probe_free(&pr);
    report_finish(name, &r, &k);
}
