/* compute-flood: costly requests flooding in beside a latency probe, with
 * the compute pool and computed on the loop. Costly requests are calc's
 * (runtime/proto.h: ps->costly; proto/calc.c marks a line whose numbers
 * outgrow 64 bits by far), so this scenario alone names a protocol: it
 * floods calc in product mode and probes the first other protocol of the
 * build. Timing bounds hold in the normal build only, each with its margin
 * beside it; under ASan the figures are shown, not enforced. */
#include <signal.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
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

enum { FLOOD_FACTORS = 1070, FLOOD_DIGITS = 60 };

/* The maximal product line: 1070 factors of 60 digits, 65269 bytes. */
static char *flood_line(size_t *len)
{
    size_t n = (size_t)FLOOD_FACTORS * (FLOOD_DIGITS + 1);
    char *l = malloc(n);
    uint64_t s = 0x600dULL;
    for (size_t f = 0; f < FLOOD_FACTORS; f++) {
        char *p = l + f * (FLOOD_DIGITS + 1);
        for (int d = 0; d < FLOOD_DIGITS; d++)
            p[d] = (char)((d ? '0' : '1') + rng_next(&s) % (d ? 10 : 9));
        p[FLOOD_DIGITS] = f + 1 < FLOOD_FACTORS ? ',' : '\n';
    }
    *len = n;
    return l;
}

typedef struct flooder {
    int fd;
    size_t sent;      /* of the current line */
    size_t got;       /* of the current reply */
    int skip;         /* lines of the welcome and the mode switch to pass */
    char *in;
    long replies, wrong;
} flooder;

/* n connections each sending the line, reading its reply, again, for
 * `secs`; every reply must be `want`. Returns replies per second. */
static double flood(int port, int n, const char *line, size_t len, const char *want, size_t wn,
                    double secs, long *wrong, int *lost)
{
    flooder *f = calloc((size_t)n, sizeof *f);
    struct pollfd *pf = calloc((size_t)n, sizeof *pf);
    for (int i = 0; i < n; i++) {
        f[i].fd = tcp_open(port, NULL, 0, 0);
        f[i].in = malloc(wn + 64);
        f[i].skip = 2;
        if (f[i].fd >= 0) {
            send_all(f[i].fd, "product\n", 8, 5);
            set_nonblock(f[i].fd);
        }
    }
    double t0 = now_s();
    *lost = 0;
    while (now_s() - t0 < secs) {
        for (int i = 0; i < n; i++)
            pf[i] = (struct pollfd){.fd = f[i].fd,
                                    .events = POLLIN | (f[i].skip == 0 && f[i].sent < len ? POLLOUT : 0)};
        if (poll(pf, (nfds_t)n, 20) <= 0)
            continue;
        for (int i = 0; i < n; i++) {
            flooder *c = &f[i];
            if (pf[i].revents & POLLOUT) {
                ssize_t w = send(c->fd, line + c->sent, len - c->sent, MSG_NOSIGNAL | MSG_DONTWAIT);
                if (w > 0)
                    c->sent += (size_t)w;
            }
            if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char buf[65536];
            ssize_t r = recv(c->fd, buf, sizeof buf, MSG_DONTWAIT);
            if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
                ++*lost;
                close(c->fd);
                c->fd = -1;
                continue;
            }
            for (ssize_t k = 0; k < r; k++) {
                if (c->got < wn + 64)
                    c->in[c->got] = buf[k];
                c->got++;
                if (buf[k] != '\n')
                    continue;
                if (c->skip) {
                    c->skip--;
                } else {
                    c->replies++;
                    if (c->got != wn || memcmp(c->in, want, wn) != 0)
                        c->wrong++;
                    c->sent = 0;
                }
                c->got = 0;
            }
        }
    }
    double took = now_s() - t0;
    long total = 0;
    *wrong = 0;
    for (int i = 0; i < n; i++) {
        total += f[i].replies;
        *wrong += f[i].wrong;
        if (f[i].fd >= 0)
            close(f[i].fd);
        free(f[i].in);
    }
    free(f);
    free(pf);
    return (double)total / took;
}

/* The reply a koand computing inline gives the line, as the reference. */
static char *flood_reply(int port, const char *line, size_t len, size_t *wn)
{
    int fd = tcp_open(port, NULL, 0, 0);
    char *r = malloc(70000);
    *wn = 0;
    if (fd < 0)
        return r;
    send_all(fd, "product\n", 8, 5);
    send_all(fd, line, len, 5);
    shutdown(fd, SHUT_WR);
    size_t got;
    char *all = malloc(80000);
    read_end(fd, all, 80000, &got, 10, NULL);
    close(fd);
    /* After the welcome and the mode switch. */
    char *p = all;
    for (int k = 0; k < 2 && p; k++)
        p = memchr(p, '\n', got - (size_t)(p - all)), p = p ? p + 1 : NULL;
    if (p) {
        *wn = got - (size_t)(p - all);
        memcpy(r, p, *wn < 70000 ? *wn : 70000);
    }
    free(all);
    return r;
}

void sc_compute_flood(void)
{
    const char *name = "compute-flood";
    report r = {.ok = 1};
    koand k0, k;
    int calc = facts_find("calc"), other = calc == 0 && nproto > 1 ? 1 : 0;
    if (calc < 0 || nproto < 2) {
        report_skip(name, "this build has no calc beside another protocol");
        return;
    }
    if (koand_start_all(&k0, NULL, "-q", "--compute-threads", "0", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    size_t len, wn;
    char *line = flood_line(&len);
    char *want = flood_reply(k0.ls[calc].port, line, len, &wn);
    report_add(&r, wn > 60000 && memcmp(want, "Product of input integers: '", 28) == 0,
        "the maximal line (%d factors of %d digits, %zu bytes): a %zu-byte reply", FLOOD_FACTORS,
        FLOOD_DIGITS, len, wn);
    enum { N = 100 };
    const double secs = 3;
    long wrong0;
    int lost0;
    double inline_rps = flood(k0.ls[calc].port, N, line, len, want, wn, secs, &wrong0, &lost0);
    koand_signal(&k0, SIGTERM, 10000);
    koand_done(&k0, 0);
    if (koand_start_all(&k, NULL, "-q", NULL) < 0) {
        report_not_started(name, &r);
        free(line);
        free(want);
        return;
    }
    probe pr = {.port = k.ls[other].port, .proto = other, .interval = 0.002, .max = 4000,
                .max_time = secs + 0.5};
    probe_start(&pr);
    long wrong;
    int lost;
    double rps = flood(k.ls[calc].port, N, line, len, want, wn, secs, &wrong, &lost);
    probe_join(&pr);
    report_add(&r, wrong == 0 && wrong0 == 0 && lost == 0 && lost0 == 0 && rps > 0,
        "%d connections flooding it for %.0f s: %.0f lines/s on the pool, %.0f computed inline "
        "(%ld and %ld wrong, %d and %d lost)",
        N, secs, rps, inline_rps, wrong, wrong0, lost, lost0);
    /* Margin: make bench holds the real target (0.9 on a quiet machine); a
     * loaded machine may leave the pool no second core, hence 0.5. */
    double ratio = inline_rps > 0 ? rps / inline_rps : 0;
    report_bound(&r, 1, ratio >= 0.5, "pool / inline %.2f (bound 0.5)", ratio);
    double p50 = pctl(pr.lat, pr.n, 0.5), p99 = pctl(pr.lat, pr.n, 0.99);
    /* The bench's target is 5 ms; 25 ms leaves room for a loaded machine
     * (inline, the p99 is about 300 ms). */
    report_bound(&r, !pr.fail && pr.n > 100, p99 < 0.025,
        "%s probe beside the flood: p50 %.2f ms, p99 %.2f ms over %d requests (bound p99 25 ms)%s%s",
        facts[other].name, p50 * 1000, p99 * 1000, pr.n,
        pr.fail ? ": " : "", pr.why);
    long jobs = koand_stat(&k, "compute_jobs");
    report_add(&r, jobs > 0, "compute_jobs counter %ld (expect > 0)", jobs);
    probe_free(&pr);
    free(line);
    free(want);
    report_finish(name, &r, &k);
}
