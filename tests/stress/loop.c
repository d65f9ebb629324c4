/* The event loop under stress (issue 16): costly calc lines flooding in
 * beside a zen probe, a loop stopped longer than its timeouts, the
 * first-request guard and the request timeout, memory after a peak, and a
 * storm of SIGUSR1. Timing bounds hold in the normal build only, each with
 * its margin beside it; under ASan the figures are shown, not enforced. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/stress/lib.h"
#include "tests/stress/report.h"

/* ================================================================ compute flood */

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
            p[d] = (char)((d ? '0' : '1') + rnd(&s) % (d ? 10 : 9));
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
    double t0 = now();
    *lost = 0;
    while (now() - t0 < secs) {
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
    double took = now() - t0;
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
    if (kd_start(&k0, NULL, "-q", "--compute-threads", "0", NULL) < 0) {
        not_started(name, &r);
        return;
    }
    size_t len, wn;
    char *line = flood_line(&len);
    char *want = flood_reply(k0.port[CALC], line, len, &wn);
    add(&r, wn > 60000 && memcmp(want, "Product of input integers: '", 28) == 0,
        "the maximal line (%d factors of %d digits, %zu bytes): a %zu-byte reply", FLOOD_FACTORS,
        FLOOD_DIGITS, len, wn);
    enum { N = 100 };
    const double secs = 3;
    long wrong0;
    int lost0;
    double inline_rps = flood(k0.port[CALC], N, line, len, want, wn, secs, &wrong0, &lost0);
    kd_stop(&k0, 10);
    kd_done(&k0, 0);
    if (kd_start(&k, NULL, "-q", NULL) < 0) {
        not_started(name, &r);
        free(line);
        free(want);
        return;
    }
    probe pr = {.port = k.port[ZEN], .proto = ZEN, .interval = 0.002, .max = 4000,
                .max_time = secs + 0.5};
    probe_start(&pr);
    long wrong;
    int lost;
    double rps = flood(k.port[CALC], N, line, len, want, wn, secs, &wrong, &lost);
    probe_join(&pr);
    add(&r, wrong == 0 && wrong0 == 0 && lost == 0 && lost0 == 0 && rps > 0,
        "%d connections flooding it for %.0f s: %.0f lines/s on the pool, %.0f computed inline "
        "(%ld and %ld wrong, %d and %d lost)",
        N, secs, rps, inline_rps, wrong, wrong0, lost, lost0);
    int enforce = !koand_asan();
    /* make bench holds the real target (0.9 on a quiet machine); a loaded
     * machine may leave the pool no second core, hence the margin. */
    double ratio = inline_rps > 0 ? rps / inline_rps : 0;
    add(&r, !enforce || ratio >= 0.5, "pool / inline %.2f (bound 0.5%s)", ratio,
        enforce ? "" : "; ASan build: shown, not enforced");
    double p50 = pctl(pr.lat, pr.n, 0.5), p99 = pctl(pr.lat, pr.n, 0.99);
    /* The bench's target is 5 ms; 25 ms leaves room for a loaded machine
     * (inline, the p99 is about 300 ms). */
    add(&r, !pr.fail && pr.n > 100 && (!enforce || p99 < 0.025),
        "zen probe beside the flood: p50 %.2f ms, p99 %.2f ms over %d requests (bound p99 25 ms%s)%s%s",
        p50 * 1000, p99 * 1000, pr.n, enforce ? "" : "; ASan build: shown, not enforced",
        pr.fail ? ": " : "", pr.why);
    long jobs = kd_stat(&k, "compute_jobs");
    add(&r, jobs > 0, "compute_jobs counter %ld (expect > 0)", jobs);
    probe_free(&pr);
    free(line);
    free(want);
    finish(name, &r, &k);
}

/* ================================================================ paused loop */

/* One backend: koand stopped (SIGSTOP) for 2.5 s, past its 1 s idle and
 * request timeouts, while clients finish their requests, send new ones,
 * and connect; after SIGCONT every one of them is answered, and the one
 * that stayed silent is still closed by the idle timeout. */
static void paused_once(report *r, const char *backend)
{
    koand k;
    if (kd_start(&k, NULL, "-q", "--backend", backend, "--idle-timeout", "1", "--request-timeout",
                 "1", NULL) < 0) {
        add(r, 0, "%s: koand did not start", backend);
        return;
    }
    enum { ZEN_IDLE, CALC_PART, ECHO_PART, ECHO_BIG, SILENT, NEW, NC };
    static const char *const what[NC] = {"zen, idle, asks in the pause",
                                         "calc, half a line, finished in the pause",
                                         "echo, half a line, finished in the pause",
                                         "echo, 20000 of 60000 bytes, the rest in the pause",
                                         "zen, silent", "zen, connects in the pause"};
    int fd[NC];
    char *big = malloc(60001);
    memset(big, 'b', 60000);
    big[60000] = '\n';
    char buf[128];
    for (int i = 0; i < NC - 1; i++)
        fd[i] = tcp_open(k.port[i == CALC_PART ? CALC : i == ECHO_PART || i == ECHO_BIG ? ECHO : ZEN],
                         NULL, 0, 0);
    recv_exact(fd[CALC_PART], buf, strlen(CALC_WELCOME), 2);
    send_all(fd[CALC_PART], "1,2", 3, 2);
    send_all(fd[ECHO_PART], "hel", 3, 2);
    send_all(fd[ECHO_BIG], big, 20000, 2);
    sleep_s(0.3);
    kill(k.pid, SIGSTOP);
    sleep_s(0.2);
    send_all(fd[ZEN_IDLE], "Beautiful is better than?", 25, 2);
    send_all(fd[CALC_PART], "\n", 1, 2);
    send_all(fd[ECHO_PART], "lo\n", 3, 2);
    send_all(fd[ECHO_BIG], big + 20000, 40001, 5);
    fd[NEW] = tcp_open(k.port[ZEN], NULL, 0, 0);
    send_all(fd[NEW], "Simple is better than?", 22, 2);
    sleep_s(2.3);
    kill(k.pid, SIGCONT);
    const char *want[NC] = {"Ugly.", "Sum of input integers: '3'\r\n", "Echoed: 'hello'\r\n", NULL,
                            "", "Complex."};
    int answered = 0;
    char odd[200] = "";
    for (int i = 0; i < NC; i++) {
        if (i == SILENT)
            continue;
        size_t wl = i == ECHO_BIG ? 9 + 60000 + 3 : strlen(want[i]);
        char *got = malloc(wl + 1);
        size_t n = recv_exact(fd[i], got, wl, 5);
        int ok = n == wl && (i == ECHO_BIG ? memcmp(got, "Echoed: 'bbb", 12) == 0 &&
                                                 memcmp(got + wl - 3, "'\r\n", 3) == 0
                                           : memcmp(got, want[i], wl) == 0);
        answered += ok;
        if (!ok && !odd[0])
            snprintf(odd, sizeof odd, " (first unanswered: %s, %zu of %zu bytes)", what[i], n, wl);
        free(got);
    }
    size_t got;
    int end = read_end(fd[SILENT], buf, sizeof buf, &got, 5, NULL);
    add(r, answered == NC - 1 && end == 0,
        "%s: stopped 2.5 s past 1 s timeouts: %d/%d requests sent meanwhile answered%s; the silent "
        "client %s",
        backend, answered, NC - 1, odd, end == 0 ? "closed by the idle timeout" : "NOT closed");
    for (int i = 0; i < NC; i++)
        close(fd[i]);
    free(big);
    kd_stop(&k, 10);
    if (kd_sanitized(&k))
        add(r, 0, "%s: sanitizer report in %s", backend, k.log);
    kd_done(&k, !r->ok);
}

void sc_paused_loop(void)
{
    report r = {.ok = 1};
    paused_once(&r, "epoll");
    paused_once(&r, "poll");
    finish("paused-loop", &r, NULL);
}

/* ================================================================ guard timeout */

/* The first-request guard holds "G", "HEAD", "POST", "\x16" and "Ho" until
 * it can tell HTTP or TLS from a request; the request timeout (1 s) runs
 * meanwhile, so each client is closed after it, not after the idle
 * timeout (60 s here). */
void sc_guard_timeout(void)
{
    const char *name = "guard-timeout";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", "--request-timeout", "1", "--idle-timeout", "60", NULL) < 0) {
        not_started(name, &r);
        return;
    }
    static const char *const starts[] = {"G", "HEAD", "POST", "\x16", "Ho"};
    enum { NS = 5, N = NS * NPROTO };
    int fd[N];
    double t0[N], t_end[N];
    int end[N];
    for (int i = 0; i < N; i++) {
        fd[i] = tcp_open(k.port[i % NPROTO], NULL, 0, 0);
        send_all(fd[i], starts[i / NPROTO], strlen(starts[i / NPROTO]), 2);
        t0[i] = now();
        end[i] = 0;
        set_nonblock(fd[i]);
    }
    int ended = 0;
    while (ended < N && now() - t0[0] < 20) {
        struct pollfd pf[N];
        for (int i = 0; i < N; i++)
            pf[i] = (struct pollfd){.fd = end[i] ? -1 : fd[i], .events = POLLIN};
        poll(pf, N, 20);
        for (int i = 0; i < N; i++) {
            if (!pf[i].revents)
                continue;
            char b[256];
            ssize_t n = recv(fd[i], b, sizeof b, MSG_DONTWAIT);
            if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EINTR)))
                continue;   /* calc's welcome */
            end[i] = n == 0 ? 1 : 2;
            t_end[i] = now();
            ended++;
        }
    }
    double slow = 0, fast = 1e9;
    int clean = 0;
    for (int i = 0; i < N; i++) {
        if (!end[i])
            continue;
        clean += end[i] == 1;
        double d = t_end[i] - t0[i];
        slow = d > slow ? d : slow;
        fast = d < fast ? d : fast;
        close(fd[i]);
    }
    int enforce = !koand_asan();
    /* 1 s, plus the 250 ms tick, plus 1.25 s for a loaded machine. */
    add(&r, ended == N && clean == N && fast >= 1.0 && (!enforce || slow <= 2.5),
        "%d/%d clients that sent only the start of an HTTP or TLS request closed (%d cleanly) "
        "between %.2f and %.2f s (bound [1, 2.5] s%s; the idle timeout is 60 s)",
        ended, N, clean, fast, slow, enforce ? "" : "; ASan build: upper bound not enforced");
    long c = kd_stat(&k, "request_timeout");
    add(&r, c == N, "request_timeout counter %ld (expect %d)", c, N);
    finish(name, &r, &k);
}

/* ================================================================ memory back */

/* 3000 clients each hold 60000 bytes of an unfinished request (calc
 * digits, echo text), then leave: the server's resident set comes back
 * within 10 MiB of where it started, within 5 s. */
void sc_memory_back(void)
{
    const char *name = "memory-back";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", NULL) < 0) {
        not_started(name, &r);
        return;
    }
    enum { N = 3000, BYTES = 60000 };
    fresh_served(&k);
    sleep_s(0.3);
    long base = rss_kib(k.pid);
    char *digits = malloc(BYTES), *text = malloc(BYTES);
    for (int i = 0; i < BYTES; i++) {
        digits[i] = (char)('1' + i % 9);
        text[i] = (char)('a' + i % 26);
    }
    int *fd = malloc(N * sizeof *fd);
    int opened = 0, sent = 0;
    double t0 = now();
    for (int i = 0; i < N; i++) {
        fd[i] = tcp_open(k.port[i % 2 ? ECHO : CALC], NULL, 0, 0);
        if (fd[i] < 0)
            continue;
        opened++;
        sent += send_all(fd[i], i % 2 ? text : digits, BYTES, 10) == 0;
    }
    /* Until the server has read it all: its resident set stops growing. */
    long peak = rss_kib(k.pid), last = peak;
    for (double still = now(); now() - t0 < 60 && now() - still < 1.0; sleep_s(0.1)) {
        long v = rss_kib(k.pid);
        if (v > last + 256)
            still = now();
        last = v;
        peak = v > peak ? v : peak;
    }
    for (int i = 0; i < N; i++)
        if (fd[i] >= 0)
            close(fd[i]);
    double t_left = now();
    long after = rss_kib(k.pid);
    while (now() - t_left < 5 && (after = rss_kib(k.pid)) > base + 10 * 1024)
        sleep_s(0.1);
    double back = now() - t_left;
    int enforce = !koand_asan();
    add(&r, opened == N && sent == N && peak - base > 100 * 1024,
        "%d clients held %d bytes each of an unfinished calc or echo line: server RSS %ld -> %ld KiB",
        sent, BYTES, base, peak);
    /* Under ASan freed memory waits in its quarantine: shown only. */
    add(&r, !enforce || after <= base + 10 * 1024,
        "after they left: %ld KiB in %.1f s (bound: within 10 MiB of %ld KiB in 5 s%s)", after,
        back, base, enforce ? "" : "; ASan build: shown, not enforced");
    add(&r, fresh_served(&k), "a fresh client of each protocol served");
    free(digits);
    free(text);
    free(fd);
    finish(name, &r, &k);
}

/* ================================================================ stats storm */

static int count_lines(const koand *k, const char *what)
{
    FILE *f = fopen(k->log, "r");
    if (!f)
        return -1;
    char line[2048];
    int n = 0;
    while (fgets(line, sizeof line, f))
        n += strstr(line, what) != NULL;
    fclose(f);
    return n;
}

/* SIGUSR1 as fast as it can be sent for 2 s: at most one stats line a
 * second, and the storm's last signal is still answered. */
void sc_stats_storm(void)
{
    const char *name = "stats-storm";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", NULL) < 0) {
        not_started(name, &r);
        return;
    }
    long sent = 0;
    double t0 = now();
    while (now() - t0 < 2.0) {
        kill(k.pid, SIGUSR1);
        sent++;
        if (sent % 64 == 0)
            sleep_s(0.0005);
    }
    double storm = now() - t0;
    int storm_lines = count_lines(&k, "koand: stats: "), during;
    /* Then, with the storm answered, two signals 0.1 s apart: the first
     * gets its line at once, the second at the end of that line's second,
     * at the next 250 ms tick; 3 s for a loaded machine. */
    sleep_s(1.5);
    during = count_lines(&k, "koand: stats: ");
    kill(k.pid, SIGUSR1);
    sleep_s(0.1);
    kill(k.pid, SIGUSR1);
    double t1 = now();
    int lines = during;
    while (now() - t1 < 3 && lines < during + 2) {
        sleep_s(0.02);
        lines = count_lines(&k, "koand: stats: ");
    }
    double late = now() - t1;
    /* One at the first signal, then at most one a second. */
    int most = (int)storm + 1;
    add(&r, storm_lines >= 2 && storm_lines <= most,
        "%ld signals in %.1f s: %d stats lines (bound: 2 to %d)", sent, storm, storm_lines, most);
    add(&r, lines == during + 2,
        "then two signals 0.1 s apart: two lines, the second %.2f s after it (bound 3 s)", late);
    long rep = kd_stat(&k, "replies");
    add(&r, rep >= 0 && fresh_served(&k), "still serving; kd_stat works (replies=%ld)", rep);
    finish(name, &r, &k);
}
