/* The deadlines: idle-timeout, slowloris, slow-reader. */
#include <errno.h>
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

/* ================================================================ idle */

/* The clients of idle-timeout: on every protocol, one silent (after its
 * greeting, if it has one), one silent after a reply, one trickling a byte
 * of an unfinished request every 0.5 s (partial bytes do not reset the
 * clock) -- all three must be closed -- and one asking every 0.5 s for 6 s,
 * which must survive. */
enum { SILENT, AFTER_REPLY, TRICKLE, ASKING, KINDS };

typedef struct idler {
    int fd, p, kind;
    int end; /* 1 end of stream, 2 reset */
    double t0, t_end;
    int sent;  /* ASKING: requests sent */
    size_t in; /* ASKING: bytes received, greeting included */
} idler;

static const char *idler_what(const idler *c, char *out, size_t len)
{
    const pfacts *f = &facts[c->p];
    snprintf(out, len, "%s %s", f->name,
             c->kind == SILENT        ? (f->greet_len ? "silent after its greeting" : "silent")
             : c->kind == AFTER_REPLY ? "after a reply"
                                      : "trickling partial bytes");
    return out;
}

/* 1 if p's fill bytes, a dozen of them, are no request yet: there is
 * something to trickle. */
static int can_trickle(int p)
{
    char in[16];
    memset(in, facts[p].fill, sizeof in);
    size_t n;
    free(facts_answer(p, in, sizeof in, 0, &n));
    return n == facts[p].greet_len;
}

/* The ASKING client, once more at the end: sends one more request and
 * reads what is due; 1 if every reply came. */
static int idler_still_answered(idler *c)
{
    const pfacts *f = &facts[c->p];
    if (send_all(c->fd, f->req, f->req_len, 1) < 0)
        return 0;
    c->sent++;
    size_t want;
    char *in = facts_repeat(f->req, f->req_len, (size_t)c->sent, &want);
    free(facts_answer(c->p, in, want, 0, &want));
    free(in);
    if (c->in < want) {
        char *rest = malloc(want - c->in);
        c->in += recv_exact(c->fd, rest, want - c->in, 1);
        free(rest);
    }
    return c->in == want;
}

void sc_idle(void)
{
    const char *name = "idle-timeout";
    report r = {.ok = 1};
    koand k;
    if (koand_start_all(&k, NULL, "-q", "--idle-timeout", "2", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    idler c[FACTS_MAX * KINDS];
    int n = 0, nidle = 0;
    for (int p = 0; p < nproto; p++)
        for (int kind = 0; kind < KINDS; kind++) {
            if (kind == TRICKLE && !can_trickle(p))
                continue;
            c[n] = (idler){.fd = tcp_open(k.ls[p].port, NULL, 0, 0), .p = p, .kind = kind};
            c[n].t0 = now_s();
            nidle += kind != ASKING;
            n++;
        }
    char buf[4096];
    for (int i = 0; i < n; i++) {
        const pfacts *f = &facts[c[i].p];
        if (c[i].kind == SILENT && f->greet_len &&
            recv_exact(c[i].fd, buf, f->greet_len, 2) == f->greet_len)
            c[i].t0 = now_s();
        if (c[i].kind == AFTER_REPLY) {
            send_all(c[i].fd, f->req, f->req_len, 2);
            if (recv_exact(c[i].fd, buf, f->rep_len, 2) == f->rep_len)
                c[i].t0 = now_s();
        }
        set_nonblock(c[i].fd);
    }
    double start_t = now_s(), next_trickle = start_t, next_req = start_t;
    while (now_s() - start_t < 6.0) {
        double t = now_s();
        int trickle = t >= next_trickle, ask = t >= next_req;
        for (int i = 0; i < n; i++) {
            const pfacts *f = &facts[c[i].p];
            if (trickle && c[i].kind == TRICKLE && !c[i].end)
                send(c[i].fd, &f->fill, 1, MSG_NOSIGNAL);
            if (ask && c[i].kind == ASKING && !c[i].end &&
                send(c[i].fd, f->req, f->req_len, MSG_NOSIGNAL) == (ssize_t)f->req_len)
                c[i].sent++;
        }
        next_trickle += trickle ? 0.5 : 0;
        next_req += ask ? 0.5 : 0;
        struct pollfd pf[FACTS_MAX * KINDS];
        for (int i = 0; i < n; i++)
            pf[i] = (struct pollfd){.fd = c[i].end ? -1 : c[i].fd, .events = POLLIN};
        poll(pf, (nfds_t)n, 10);
        for (int i = 0; i < n; i++) {
            if (!pf[i].revents)
                continue;
            ssize_t got = recv(c[i].fd, buf, sizeof buf, MSG_DONTWAIT);
            if (got > 0) {
                if (c[i].kind == ASKING)
                    c[i].in += (size_t)got;
                continue;
            }
            if (got < 0 && (errno == EAGAIN || errno == EINTR))
                continue;
            c[i].end = got == 0 ? 1 : 2;
            c[i].t_end = now_s();
        }
    }
    char what[96];
    for (int i = 0; i < n; i++) {
        if (c[i].kind == ASKING)
            continue;
        double d = c[i].end ? c[i].t_end - c[i].t0 : -1;
        /* Margin: the 2 s timeout, plus the 250 ms tick, plus 1.25 s for a
         * loaded machine; never before it. */
        report_bound(&r, c[i].end == 1 && d >= 2.0, d <= 3.5,
                   "%s closed %s after %.2f s (bound [2, 3.5] s)",
                   idler_what(&c[i], what, sizeof what),
                   c[i].end == 2 ? "with a reset"
                   : c[i].end    ? "cleanly"
                                 : "never",
                   d);
    }
    /* Still served at 6 s? */
    for (int i = 0; i < n; i++) {
        if (c[i].kind != ASKING)
            continue;
        int alive = !c[i].end && idler_still_answered(&c[i]);
        report_add(&r, alive,
                   "the %s client asking every 0.5 s survived 6 s (%d requests, %zu reply bytes, "
                   "%s)",
                   facts[c[i].p].name, c[i].sent, c[i].in,
                   alive      ? "still answered"
                   : c[i].end ? "closed"
                              : "not answered");
    }
    long cnt = koand_stat(&k, "idle_timeout");
    report_add(&r, cnt == nidle, "idle_timeout counter %ld (expect %d)", cnt, nidle);
    for (int i = 0; i < n; i++)
        close(c[i].fd);
    report_finish(name, &r, &k);
}

/* ================================================================ slowloris */

void sc_slowloris(void)
{
    const char *name = "slowloris";
    report r = {.ok = 1};
    koand k;
    if (koand_start_all(&k, NULL, "-q", "--request-timeout", "3", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    enum { N = 500 };
    /* The probe on the first protocol; the trickling clients on all, each
     * sending a byte of an unfinished request every second. */
    probe pr = {.port = k.ls[0].port, .proto = 0, .interval = 0.01, .max = 3000, .max_time = 8};
    probe_start(&pr);
    int *fd = calloc(N, sizeof *fd), *end = calloc(N, sizeof *end);
    double *t_first = calloc(N, sizeof *t_first), *t_end = calloc(N, sizeof *t_end);
    double *next = calloc(N, sizeof *next);
    int opened = 0;
    for (int i = 0; i < N; i++) {
        fd[i] = tcp_open(k.ls[i % nproto].port, NULL, 0, 0);
        if (fd[i] < 0) {
            end[i] = 3;
            continue;
        }
        opened++;
        set_nonblock(fd[i]);
        send(fd[i], &facts[i % nproto].fill, 1, MSG_NOSIGNAL);
        t_first[i] = now_s();
        next[i] = t_first[i] + 1;
    }
    struct pollfd *pf = calloc(N, sizeof *pf);
    double t0 = now_s();
    int ended = 0;
    while (ended < opened && now_s() - t0 < 7) {
        double t = now_s();
        for (int i = 0; i < N; i++) {
            if (!end[i] && t >= next[i]) {
                send(fd[i], &facts[i % nproto].fill, 1, MSG_NOSIGNAL);
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
            t_end[i] = now_s();
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
    /* Margin: the 3 s request timeout, plus the tick, plus 1.25 s for a
     * loaded machine; never before it. */
    report_bound(
        &r, ended == N && fast >= 3.0, slow <= 4.5,
        "%d/%d trickling clients closed (%d cleanly, %d reset) between %.2f and %.2f s after their "
        "first byte (bound [3, 4.5] s)",
        ended, N, clean, reset, fast, slow);
    double p99 = pctl(pr.lat, pr.n, 0.99);
    /* Margin: alone, the probe's p99 is under 1 ms; 50 ms is for a loaded
     * machine. */
    report_bound(&r, !pr.fail && pr.n > 100, p99 < 0.050,
               "probe p99 %.1f ms over %d requests (bound 50 ms)%s%s", p99 * 1000, pr.n,
               pr.fail ? ": " : "", pr.why);
    long c = koand_stat(&k, "request_timeout");
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
    if (koand_start_all(&k, NULL, "-q", "--send-timeout", "3", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    /* Warm up: the probe's path and a few clients, then the baseline. */
    probe warm = {.port = k.ls[0].port, .proto = 0, .max = 200, .max_time = 5};
    probe_start(&warm);
    probe_wait(&warm);
    probe_free(&warm);
    bconn w[30];
    memset(w, 0, sizeof w);
    for (int i = 0; i < 30; i++) {
        w[i].proto = i % nproto;
        w[i].send_req = 1;
    }
    batch_run(w, 30, &k, 30, 5);
    batch_close(w, 30);
    sleep_s(0.3);
    long base = proc_status_kb(k.pid, "VmRSS");
    rss_watch(k.pid);
    probe pr = {.port = k.ls[0].port, .proto = 0, .interval = 0.005, .max = 4000, .max_time = 9};
    probe_start(&pr);
    sleep_s(0.1);

    /* The slow reader pipelines 20 MiB of the request that earns the most
     * reply per byte, and never reads. */
    const pfacts *f = &facts[facts_loudest()];
    size_t total;
    char *buf = facts_repeat(f->loud, f->loud_len, (20u << 20) / f->loud_len, &total);
    int fd = tcp_open(k.ls[f - facts].port, NULL, 4096, 0);
    double t0 = now_s(), cut = -1;
    int cut_err = 0;
    size_t written = 0;
    set_nonblock(fd);
    while (fd >= 0 && now_s() - t0 < 9) {
        struct pollfd p = {.fd = fd, .events = written < total ? POLLOUT : 0};
        poll(&p, 1, 20);
        rss_sample();
        if (p.revents & (POLLERR | POLLHUP)) {
            cut = now_s() - t0;
            socklen_t el = sizeof cut_err;
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &cut_err, &el);
            break;
        }
        if (p.revents & POLLOUT) {
            ssize_t n = send(fd, buf + written, total - written, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) {
                written += (size_t)n;
            } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                cut = now_s() - t0;
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
        "server RSS growth %.2f MiB while a %s client pipelined (%.1f of 20 MiB taken; %ld -> %ld "
        "KiB; bound 4 MiB)",
        (double)(peak - base) / 1024, f->name, (double)written / MIB, base, peak);
    double p99 = pctl(pr.lat, pr.n, 0.99);
    /* Margin: alone, the probe's p99 is under 1 ms; 50 ms is for a loaded
     * machine. */
    report_bound(&r, !pr.fail && pr.n > 100, p99 < 0.050,
               "probe p99 %.1f ms over %d requests (bound 50 ms)%s%s", p99 * 1000, pr.n,
               pr.fail ? ": " : "", pr.why);
    /* Margin: the 3 s send timeout, plus the tick, plus 1.75 s for a loaded
     * machine; never before it. */
    report_bound(&r, cut >= 3.0, cut <= 5.0, "cut %.2f s after it connected (%s; bound [3, 5] s)",
               cut, cut < 0 ? "never" : err_name(cut_err));
    long st = koand_stat(&k, "send_timeout"), bp = koand_stat(&k, "backpressure");
    report_add(&r, st == 1 && bp >= 1, "counters send_timeout=%ld backpressure=%ld", st, bp);
    probe_free(&pr);
    report_finish(name, &r, &k);
}
