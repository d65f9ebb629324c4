/* What clients send: overlong-line, write-then-read, garbage. */
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

/* ================================================================ overlong */

static const char *const too_long[NPROTO] = {"", "ERROR. Line too long\n",
                                             "ERROR. Line too long\r\n"};

/* One overlong line, then a request: the error line, then its answer. */
static int overlong_one(const koand *k, int proto, size_t len, int bytewise, char *why, size_t wl)
{
    int fd = tcp_open(k->port[proto], NULL, 0, 0);
    if (fd < 0) {
        snprintf(why, wl, "connect: %s", strerror(errno));
        return 0;
    }
    size_t rl = strlen(req_text[proto]);
    char *msg = malloc(len + 1 + rl);
    memset(msg, proto == CALC ? '1' : 'A', len);
    msg[len] = '\n';
    memcpy(msg + len + 1, req_text[proto], rl);
    size_t total = len + 1 + rl;
    char want[256];
    snprintf(want, sizeof want, "%s%s%s", proto == CALC ? CALC_WELCOME : "", too_long[proto],
             rep_text[proto] + (proto == CALC ? strlen(CALC_WELCOME) : 0));
    int rc = 0;
    if (bytewise) {
        for (size_t i = 0; i < total; i++)
            if (send_all(fd, msg + i, 1, 10) < 0)
                break;
    } else {
        send_all(fd, msg, total, 10);
    }
    char got[256] = {0}, v[100];
    size_t n = recv_exact(fd, got, strlen(want), 10);
    char extra[64];
    size_t more = recv_exact(fd, extra, sizeof extra, 0.05);
    if (n == strlen(want) && memcmp(got, want, n) == 0 && more == 0)
        rc = 1;
    else
        snprintf(why, wl, "%s %s: got %zu+%zu bytes \"%s\"", proto_name[proto],
                 bytewise ? "bytewise" : "whole", n, more, vis(got, n, v, 80));
    free(msg);
    close(fd);
    return rc;
}

/* One round of the stream test: 200 clients stream 1 MiB with no
 * terminator, then finish the line and ask once more. Returns how many got
 * exactly the right answers; *grew the server's peak RSS growth in KiB. */
static int overlong_stream(const koand *k, double *took, long *base, long *peak, char *why,
                           size_t wl)
{
    enum { N = 200 };
    const size_t body = 1 << 20;
    static const char *const tail[NPROTO] = {"?Beautiful is better than?", "\n1,2\n", "\nhello\n"};
    char want[NPROTO][128];
    snprintf(want[ZEN], sizeof want[ZEN], "Error: unknown aphorism.Ugly.");
    snprintf(want[CALC], sizeof want[CALC], "%s%sSum of input integers: '3'\r\n", CALC_WELCOME,
             too_long[CALC]);
    snprintf(want[ECHO], sizeof want[ECHO], "%sEchoed: 'hello'\r\n", too_long[ECHO]);
    char *bufs[NPROTO];
    size_t blen[NPROTO];
    for (int p = 0; p < NPROTO; p++) {
        blen[p] = body + strlen(tail[p]);
        bufs[p] = malloc(blen[p]);
        /* calc gets digits: the line is a number until it is too long. */
        memset(bufs[p], p == CALC ? '7' : 'a', body);
        memcpy(bufs[p] + body, tail[p], strlen(tail[p]));
    }
    sleep_s(0.2);
    *base = rss_kib(k->pid);
    rss_watch(k->pid);
    sconn *c = calloc(N, sizeof *c);
    for (int i = 0; i < N; i++) {
        int p = i % NPROTO;
        c[i].fd = tcp_open(k->port[p], NULL, 0, 1);
        c[i].out = bufs[p];
        c[i].out_len = blen[p];
        c[i].wchunk = 65536;
        c[i].expect = strlen(want[p]);
        c[i].in_cap = 128;
        c[i].in = calloc(1, 129);
    }
    double t = now();
    stream_run(c, N, 60);
    *took = now() - t;
    *peak = rss_peak();
    rss_watch(0);
    int good = 0;
    for (int i = 0; i < N; i++) {
        int p = i % NPROTO;
        if (c[i].fd >= 0 && c[i].in_total == strlen(want[p]) &&
            memcmp(c[i].in, want[p], c[i].in_total) == 0)
            good++;
        else if (!why[0]) {
            char v[100];
            snprintf(why, wl, " (first bad: #%d %s: %zu bytes \"%s\" end %d err %s)", i,
                     proto_name[p], c[i].in_total, vis(c[i].in, c[i].in_len, v, 70), c[i].end,
                     err_name(c[i].err));
        }
        if (c[i].fd >= 0)
            close(c[i].fd);
        free(c[i].in);
    }
    free(c);
    for (int p = 0; p < NPROTO; p++)
        free(bufs[p]);
    return good;
}

void sc_overlong(void)
{
    const char *name = "overlong-line";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    char why[200] = "";
    int ok = 0;
    double t = now();
    ok += overlong_one(&k, CALC, 100000, 0, why, sizeof why);
    ok += overlong_one(&k, ECHO, 100000, 0, why, sizeof why);
    double whole = now() - t;
    t = now();
    ok += overlong_one(&k, CALC, 70000, 1, why, sizeof why);
    ok += overlong_one(&k, ECHO, 70000, 1, why, sizeof why);
    double bytewise = now() - t;
    report_add(
        &r, ok == 4,
        "%d/4 overlong lines (calc, echo; 100000 bytes whole in %.2f s, 70000 bytes one per send "
        "in %.2f s) got the error line, were discarded, and the next line was answered%s%s",
        ok, whole, bytewise, ok == 4 ? "" : ": ", ok == 4 ? "" : why);

    double took;
    long base, peak;
    char bad[200] = "";
    int good = overlong_stream(&k, &took, &base, &peak, bad, sizeof bad);
    report_add(
        &r, good == 200,
        "%d/200 clients streaming 1 MiB unterminated got the error line (calc, echo) and their "
        "next request answered, in %.2f s%s",
        good, took, bad);
    /* Under ASan freed blocks wait in a 256 MiB quarantine, and calc's
     * bignum (grown one limb at a time by realloc while the digits come)
     * churns ~46 MiB through it per 65536-digit line: RSS passes 1 GiB and
     * keeps growing after a warm-up round. There the figure is shown, not
     * enforced; the normal build enforces it. */
    int enforce = !koand_asan();
    report_add(&r, !enforce || peak - base < 16 * 1024,
               "server RSS growth %.1f MiB (%ld -> %ld KiB; bound 16 MiB%s)",
               (double)(peak - base) / 1024, base, peak,
               enforce ? "" : "; ASan build: shown, not enforced");
    report_finish(name, &r, &k);
}

void sc_write_all(void)
{
    const char *name = "write-then-read";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    enum { N = 100000 };
    char *out, *exp;
    size_t ol, el;
    zen_build(N, &out, &ol, &exp, &el);
    sconn c = {.fd = tcp_open(k.port[ZEN], NULL, 0, 1),
               .out = out,
               .out_len = ol,
               .read_after_write = 1,
               .expect = el,
               .in_cap = el};
    c.in = malloc(el);
    double t = now();
    stream_run(&c, 1, 30);
    double took = now() - t;
    int ok = c.out_off == ol && c.in_total == el && memcmp(c.in, exp, el) == 0;
    report_add(
        &r, ok,
        "%d questions (%.1f MiB) all written before reading, then %zu/%zu reply bytes read%s in "
        "%.2f "
        "s (%s)",
        N, (double)ol / MIB, c.in_total, el, ok ? ", all correct" : "", took,
        c.out_off < ol ? "DEADLOCK: could not write them all"
        : ok           ? "no deadlock"
                       : "wrong replies");
    close(c.fd);
    free(c.in);
    free(out);
    free(exp);
    report_finish(name, &r, &k);
}

/* ================================================================ garbage */

void sc_garbage(void)
{
    const char *name = "garbage";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    enum { PER = 20, LINES = 500, N = NPROTO * PER };
    uint64_t seed = 0x9a7ba9eULL;
    sconn *c = calloc(N, sizeof *c);
    char **bufs = calloc(N, sizeof *bufs);
    for (int i = 0; i < N; i++) {
        int p = i / PER;
        char *b = bufs[i] = malloc((size_t)LINES * 130 + 16);
        size_t n = 0;
        char term = p == ZEN ? '?' : '\n';
        /* A harmless first request, so the HTTP/TLS guard never sees
         * random bytes first. */
        n += (size_t)sprintf(b, p == ZEN ? "first?" : "1\n");
        for (int l = 1; l < LINES; l++) {
            size_t len = rnd(&seed) % 121, s = n;
            for (size_t j = 0; j < len; j++) {
                char ch;
                do
                    ch = (char)rnd(&seed);
                while (ch == term);
                b[n++] = ch;
            }
            if (len >= 4 && memcmp(b + s, "quit", 4) == 0)
                b[s] = 'Q';
            b[n++] = term;
        }
        c[i] = (sconn){.fd = tcp_open(k.port[p], NULL, 0, 1),
                       .out = b,
                       .out_len = n,
                       .wchunk = 1 + rnd(&seed) % 1500,
                       .shut_after = 1,
                       .in_cap = (size_t)LINES * 600 + 64};
        c[i].in = malloc(c[i].in_cap);
    }
    double t = now();
    stream_run(c, N, 60);
    double took = now() - t;
    int good[NPROTO] = {0};
    char bad[200] = "";
    for (int i = 0; i < N; i++) {
        int p = i / PER;
        int count = 0, ok = c[i].end == 1 && c[i].in_len == c[i].in_total;
        if (p == ZEN) {
            size_t off = 0;
            while (ok && off < c[i].in_len) {
                int m = -1;
                for (int a = 0; a < 4; a++)
                    if (c[i].in_len - off >= strlen(zen_a[a]) &&
                        memcmp(c[i].in + off, zen_a[a], strlen(zen_a[a])) == 0)
                        m = a;
                if (m < 0)
                    ok = 0;
                else
                    off += strlen(zen_a[m]), count++;
            }
        } else {
            int crlf = 0;
            for (size_t j = 0; j < c[i].in_len; j++) {
                count += c[i].in[j] == '\n';
                crlf += c[i].in[j] == '\n' && j > 0 && c[i].in[j - 1] == '\r';
            }
            if (p == CALC)
                count -= 1; /* the welcome */
            else if (crlf != count)
                ok = 0;
        }
        if (ok && count == LINES)
            good[p]++;
        else if (!bad[0])
            snprintf(bad, sizeof bad, " (first bad: %s #%d: %d replies, end %d %s)", proto_name[p],
                     i % PER, count, c[i].end, err_name(c[i].err));
        close(c[i].fd);
        free(c[i].in);
        free(bufs[i]);
    }
    report_add(
        &r, good[ZEN] == PER && good[CALC] == PER && good[ECHO] == PER,
        "%d random binary lines over %d connections on each of calc and echo (and %d questions on "
        "zen): one reply per terminated line on %d/%d calc, %d/%d echo, %d/%d zen connections, "
        "then "
        "a clean end of stream, in %.2f s%s",
        PER * LINES, PER, PER * LINES, good[CALC], PER, good[ECHO], PER, good[ZEN], PER, took, bad);
    report_add(&r, kd_alive(&k) && fresh_served(&k), "koand still serves a fresh client");
    free(c);
    free(bufs);
    report_finish(name, &r, &k);
}
