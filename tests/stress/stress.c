/* stress: the fault and load suite of issue 5 (SPEC section 4) against a
 * real koand, a fresh one per scenario, on 127.0.0.1 and port 0.
 *
 *   stress [SCENARIO...]      (all by default; B names the build, default build)
 *
 * One line per scenario, "PASS name: figures" or "FAIL name: figures",
 * each figure beside its bound; a failed figure is marked "**". The last
 * line is "N passed, M failed"; the exit status is 1 if any failed. The
 * log of a koand whose scenario failed is kept and named. */
#include <errno.h>
#include <linux/sockios.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/stress/lib.h"
#include "tests/stress/report.h"

static int npassed, nfailed;

void add(report *r, int ok, const char *fmt, ...)
{
    if (r->n && r->n < sizeof r->s - 3)
        r->n += (size_t)snprintf(r->s + r->n, sizeof r->s - r->n, "; ");
    if (!ok) {
        r->ok = 0;
        if (r->n < sizeof r->s - 3)
            r->n += (size_t)snprintf(r->s + r->n, sizeof r->s - r->n, "**");
    }
    if (r->n < sizeof r->s - 1) {
        va_list ap;
        va_start(ap, fmt);
        int m = vsnprintf(r->s + r->n, sizeof r->s - r->n, fmt, ap);
        va_end(ap);
        if (m > 0)
            r->n += (size_t)m < sizeof r->s - r->n ? (size_t)m : sizeof r->s - r->n - 1;
    }
}

/* finish: stop koand (graceful, exit 0 expected), look for sanitizer
 * reports, print the line. */
void finish(const char *name, report *r, koand *k)
{
    if (k) {
        if (k->pid > 0) {
            int st = kd_stop(k, 15);
            if (st != 0)
                add(r, 0, "koand exit status %d at SIGTERM%s", st,
                    k->sig ? (k->sig == SIGKILL ? " (killed after 15 s)" : " (died of a signal)")
                           : "");
        } else if (k->status != 0) {
            add(r, 0, "koand exited with status %d, signal %d", k->status, k->sig);
        }
        if (kd_sanitized(k))
            add(r, 0, "sanitizer report in the koand log");
        if (!r->ok)
            add(r, 0, "log kept: %s", k->log);
        kd_done(k, !r->ok);
    }
    printf("%s %s: %s\n", r->ok ? "PASS" : "FAIL", name, r->s);
    fflush(stdout);
    if (r->ok)
        npassed++;
    else
        nfailed++;
}

void not_started(const char *name, report *r)
{
    add(r, 0, "koand did not start");
    finish(name, r, NULL);
}

static const char *err_name(int e) { return e ? strerror(e) : "none"; }

/* vis: the first bytes of p[0..n) as printable text (\r, \n, \xNN), so a
 * report stays on one line. */
static const char *vis(const char *p, size_t n, char *out, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 5 < len; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch == '\r' || ch == '\n')
            o += (size_t)snprintf(out + o, len - o, "\\%c", ch == '\r' ? 'r' : 'n');
        else if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\')
            o += (size_t)snprintf(out + o, len - o, "\\x%02x", ch);
        else
            out[o++] = (char)ch;
    }
    out[o] = 0;
    return out;
}

/* Describe the first client of a batch that is not in state `want`. */
static void first_odd(char *out, size_t len, const bconn *b, int n, int want)
{
    out[0] = 0;
    for (int i = 0; i < n; i++) {
        if (b[i].state == want)
            continue;
        char v[100];
        snprintf(out, len, " (first other: #%d %s state %d end %d err %s, %zu bytes \"%s\")", i,
                 proto_name[b[i].proto], b[i].state, b[i].end, err_name(b[i].err), b[i].got,
                 vis(b[i].data, b[i].got, v, 60));
        return;
    }
}

static int served_all(bconn *b, int n) { return batch_count(b, n, BC_SERVED) == n; }

/* A fresh client of each protocol is served. */
int fresh_served(const koand *k)
{
    bconn f[NPROTO];
    memset(f, 0, sizeof f);
    for (int i = 0; i < NPROTO; i++) {
        f[i].proto = i;
        f[i].send_req = 1;
    }
    batch_run(f, NPROTO, k, NPROTO, 5);
    int ok = served_all(f, NPROTO);
    batch_close(f, NPROTO);
    return ok;
}

/* Wait until the server's descriptor count is at most `want`; seconds it
 * took, or -1 if it did not happen within `limit`. */
static double wait_fds(const koand *k, int want, double limit)
{
    double t0 = now();
    while (now() - t0 < limit) {
        int n = fd_count(k->pid);
        if (n >= 0 && n <= want)
            return now() - t0;
        sleep_s(0.005);
    }
    return -1;
}

/* ================================================================ max-conns */

static void sc_max_conns(void)
{
    const char *name = "max-conns";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", "--max-conns", "1000", NULL) < 0) {
        not_started(name, &r);
        return;
    }
    enum { N = 1000, OVER = 50, AGAIN = 100 };
    char odd[200];
    bconn *b = calloc(N, sizeof *b);
    for (int i = 0; i < N; i++) {
        b[i].proto = i % NPROTO;
        b[i].send_req = 1;
    }
    double t = now();
    batch_run(b, N, &k, 250, 30);
    int served = batch_count(b, N, BC_SERVED);
    first_odd(odd, sizeof odd, b, N, BC_SERVED);
    add(&r, served == N, "%d/%d served in %.2f s%s", served, N, now() - t, served == N ? "" : odd);

    /* Over the limit: half say nothing, half send a request at once, as the
     * koan client does. koand is stopped while they connect, so the
     * requests are in its sockets before it accepts them — as on a loaded
     * server (under ASan this happens without the stop). */
    bconn x[OVER];
    memset(x, 0, sizeof x);
    for (int i = 0; i < OVER; i++) {
        x[i].proto = i % NPROTO;
        x[i].send_req = i % 2;
    }
    kill(k.pid, SIGSTOP);
    batch_run(x, OVER, &k, OVER, 0.3);
    kill(k.pid, SIGCONT);
    double tc = now();
    batch_run(x, OVER, &k, OVER, 5);
    int ok[2] = {0, 0}, line_reset = 0, lost = 0;
    double slow = 0;
    char bad[200] = "";
    for (int i = 0; i < OVER; i++) {
        const char *want = busy_text[x[i].proto];
        int line = x[i].got == strlen(want) && memcmp(x[i].data, want, x[i].got) == 0;
        if (x[i].state == BC_ENDED && x[i].end == 1 && line) {
            ok[x[i].send_req]++;
            if (x[i].t_end - tc > slow)
                slow = x[i].t_end - tc;
            continue;
        }
        line_reset += line && x[i].end == 2;
        lost += !line;
        char v[100];
        if (!bad[0])
            snprintf(bad, sizeof bad, " (first bad: %s, %s, %zu bytes \"%s\", %s)",
                     proto_name[x[i].proto], x[i].send_req ? "sent a request" : "silent", x[i].got,
                     vis(x[i].data, x[i].got, v, 60),
                     x[i].end == 1   ? "end of stream"
                     : x[i].end == 2 ? err_name(x[i].err)
                                     : "open");
    }
    add(&r, ok[0] + ok[1] == OVER && slow <= 1.0,
        "%d/%d over the limit got the busy line and a clean end of stream within %.3f s of being "
        "accepted (bound 1 s): %d/%d silent, %d/%d that sent a request at once (%d got the line "
        "then a reset, %d lost the line)%s",
        ok[0] + ok[1], OVER, slow, ok[0], OVER / 2, ok[1], OVER / 2, line_reset, lost, bad);

    int fd0 = fd_count(k.pid);
    for (int i = 0; i < AGAIN; i++) {
        close(b[i].fd);
        b[i].fd = -1;
    }
    double freed = wait_fds(&k, fd0 - AGAIN, 3);
    bconn y[AGAIN];
    memset(y, 0, sizeof y);
    for (int i = 0; i < AGAIN; i++) {
        y[i].proto = i % NPROTO;
        y[i].send_req = 1;
    }
    t = now();
    batch_run(y, AGAIN, &k, AGAIN, 5);
    int again = batch_count(y, AGAIN, BC_SERVED);
    first_odd(odd, sizeof odd, y, AGAIN, BC_SERVED);
    add(&r, again == AGAIN && freed >= 0,
        "after %d closed (freed by the server in %.3f s): %d/%d new served in %.3f s%s", AGAIN,
        freed, again, AGAIN, now() - t, again == AGAIN ? "" : odd);
    long busy = kd_stat(&k, "busy");
    add(&r, busy == OVER, "busy counter %ld (expect %d)", busy, OVER);
    batch_close(b, N);
    batch_close(x, OVER);
    batch_close(y, AGAIN);
    free(b);
    finish(name, &r, &k);
}

/* ================================================================ 9000 */

static void sc_9000(void)
{
    const char *name = "9000-conns";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", NULL) < 0) {
        not_started(name, &r);
        return;
    }
    enum { N = 9000, WARM = 300 };
    char odd[200];
    bconn *w = calloc(WARM, sizeof *w);
    for (int i = 0; i < WARM; i++) {
        w[i].proto = i % NPROTO;
        w[i].send_req = 1;
    }
    batch_run(w, WARM, &k, WARM, 10);
    batch_close(w, WARM);
    free(w);
    sleep_s(0.3);
    long base = rss_kib(k.pid);
    int base_fd = fd_count(k.pid);
    rss_watch(k.pid);
    bconn *b = calloc(N, sizeof *b);
    for (int i = 0; i < N; i++) {
        b[i].proto = i % NPROTO;
        b[i].send_req = 1;
    }
    double t = now();
    batch_run(b, N, &k, 500, 60);
    double took = now() - t;
    int served = batch_count(b, N, BC_SERVED);
    first_odd(odd, sizeof odd, b, N, BC_SERVED);
    add(&r, served == N, "%d/%d open at once and served in %.2f s%s", served, N, took,
        served == N ? "" : odd);
    int open_fd = fd_count(k.pid);
    sleep_s(0.5); /* idle */
    rss_sample();
    long peak = rss_peak();
    rss_watch(0);
    add(&r, peak - base < 16 * 1024, "server RSS growth %.1f MiB (%ld -> %ld KiB; bound 16 MiB)",
        (double)(peak - base) / 1024, base, peak);
    batch_close(b, N);
    double back = wait_fds(&k, base_fd, 5);
    add(&r, back >= 0 && back <= 1.0,
        "server fds %d -> back to the baseline %d in %.3f s after they closed (bound 1 s)", open_fd,
        base_fd, back);
    free(b);
    finish(name, &r, &k);
}

/* ================================================================ EMFILE */

/* prlimit --nofile=64:64 (setrlimit in the child, the same thing). With the
 * fd limit alone, --max-conns is lowered below it and clients are turned
 * away busy; with 30 inherited descriptors the server really meets EMFILE. */
static void sc_emfile(const char *name, int leak)
{
    report r = {.ok = 1};
    koand k;
    kd_opts o = {.nofile = 64, .leak_fds = leak};
    if (kd_start(&k, &o, "-q", NULL) < 0) {
        not_started(name, &r);
        return;
    }
    enum { N = 100, CLOSE = 50, NEW = 20 };
    sleep_s(0.2);
    int lines0 = kd_log_lines(&k);
    double cpu0 = cpu_s(k.pid), t0 = now();
    bconn b[N];
    memset(b, 0, sizeof b);
    for (int i = 0; i < N; i++) {
        b[i].proto = ZEN;
        b[i].send_req = 1;
    }
    batch_run(b, N, &k, N, 3);
    sleep_s(t0 + 3 - now());
    double cpu = cpu_s(k.pid) - cpu0;
    int lines = kd_log_lines(&k) - lines0;
    int served = 0, busy = 0, shed = 0, other = 0;
    for (int i = 0; i < N; i++) {
        if (b[i].state == BC_SERVED)
            served++;
        else if (b[i].state == BC_ENDED && b[i].got == strlen(busy_text[ZEN]) &&
                 memcmp(b[i].data, busy_text[ZEN], b[i].got) == 0)
            busy++;
        else if (b[i].state == BC_ENDED && b[i].got == 0)
            shed++;
        else
            other++;
    }
    long c_busy = kd_stat(&k, "busy"), c_shed = kd_stat(&k, "fd_shed");
    add(&r, cpu >= 0 && cpu < 0.3,
        "server CPU %.2f s over the 3 s with %d clients held (bound 0.3 s)", cpu, N);
    add(&r, lines <= 5, "%d log lines (bound 5)", lines);
    long shown = leak ? c_shed : c_busy;
    add(&r, shown > 0 && other == 0 && served + busy + shed == N,
        "%d served, %d busy line, %d shed, %d other; counters busy=%ld fd_shed=%ld (%s > 0)",
        served, busy, shed, other, c_busy, c_shed, leak ? "fd_shed" : "busy");
    int closed = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < N && closed < CLOSE; i++)
            if (b[i].fd >= 0 && (pass == 1 || b[i].state == BC_SERVED)) {
                close(b[i].fd);
                b[i].fd = -1;
                closed++;
            }
    bconn y[NEW];
    memset(y, 0, sizeof y);
    for (int i = 0; i < NEW; i++) {
        y[i].proto = i % NPROTO;
        y[i].send_req = 1;
    }
    double t = now();
    batch_run(y, NEW, &k, NEW, 3);
    int again = batch_count(y, NEW, BC_SERVED);
    double slow = 0;
    for (int i = 0; i < NEW; i++)
        if (y[i].state == BC_SERVED && y[i].t_served - t > slow)
            slow = y[i].t_served - t;
    char odd[200];
    first_odd(odd, sizeof odd, y, NEW, BC_SERVED);
    add(&r, again == NEW && slow <= 1.0,
        "after closing %d: %d/%d new clients served within %.3f s (bound 1 s)%s", closed, again,
        NEW, slow, again == NEW ? "" : odd);
    batch_close(b, N);
    batch_close(y, NEW);
    finish(name, &r, &k);
}

static void sc_emfile_limit(void) { sc_emfile("emfile-fd-limit", 0); }
static void sc_emfile_leak(void) { sc_emfile("emfile-accept", 30); }

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

static void sc_overlong(void)
{
    const char *name = "overlong-line";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", NULL) < 0) {
        not_started(name, &r);
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
    add(&r, ok == 4,
        "%d/4 overlong lines (calc, echo; 100000 bytes whole in %.2f s, 70000 bytes one per send "
        "in %.2f s) got the error line, were discarded, and the next line was answered%s%s",
        ok, whole, bytewise, ok == 4 ? "" : ": ", ok == 4 ? "" : why);

    double took;
    long base, peak;
    char bad[200] = "";
    int good = overlong_stream(&k, &took, &base, &peak, bad, sizeof bad);
    add(&r, good == 200,
        "%d/200 clients streaming 1 MiB unterminated got the error line (calc, echo) and their "
        "next request answered, in %.2f s%s",
        good, took, bad);
    /* Under ASan freed blocks wait in a 256 MiB quarantine, and calc's
     * bignum (grown one limb at a time by realloc while the digits come)
     * churns ~46 MiB through it per 65536-digit line: RSS passes 1 GiB and
     * keeps growing after a warm-up round. There the figure is shown, not
     * enforced; the normal build enforces it. */
    int enforce = !koand_asan();
    add(&r, !enforce || peak - base < 16 * 1024,
        "server RSS growth %.1f MiB (%ld -> %ld KiB; bound 16 MiB%s)", (double)(peak - base) / 1024,
        base, peak, enforce ? "" : "; ASan build: shown, not enforced");
    finish(name, &r, &k);
}

/* ================================================================ idle */

static void sc_idle(void)
{
    const char *name = "idle-timeout";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", "--idle-timeout", "2", NULL) < 0) {
        not_started(name, &r);
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
        add(&r, end[i] == 1 && d >= 2.0 && d <= 3.5, "%s closed %s after %.2f s (bound [2, 3.5] s)",
            what[i],
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
    add(&r, alive, "the client asking every 0.5 s survived 6 s (%d requests, %zu reply bytes, %s)",
        sent, surv_in,
        alive      ? "still answered"
        : surv_end ? "closed"
                   : "not answered");
    long c = kd_stat(&k, "idle_timeout");
    add(&r, c == NI, "idle_timeout counter %ld (expect %d)", c, NI);
    for (int i = 0; i < N; i++)
        close(fd[i]);
    finish(name, &r, &k);
}

/* ================================================================ slowloris */

static void sc_slowloris(void)
{
    const char *name = "slowloris";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", "--request-timeout", "3", NULL) < 0) {
        not_started(name, &r);
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
    add(&r, ended == N && slow <= 4.5 && fast >= 3.0,
        "%d/%d trickling clients closed (%d cleanly, %d reset) between %.2f and %.2f s after their "
        "first byte (bound [3, 4.5] s)",
        ended, N, clean, reset, fast, slow);
    double p99 = pctl(pr.lat, pr.n, 0.99);
    add(&r, !pr.fail && pr.n > 100 && p99 < 0.050,
        "probe p99 %.1f ms over %d requests (bound 50 ms)%s%s", p99 * 1000, pr.n,
        pr.fail ? ": " : "", pr.why);
    long c = kd_stat(&k, "request_timeout");
    add(&r, c == N, "request_timeout counter %ld (expect %d)", c, N);
    probe_free(&pr);
    free(fd);
    free(end);
    free(t_first);
    free(t_end);
    free(next);
    free(pf);
    finish(name, &r, &k);
}

/* ================================================================ slow reader */

static void sc_slow_reader(void)
{
    const char *name = "slow-reader";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", "--send-timeout", "3", NULL) < 0) {
        not_started(name, &r);
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
    add(&r, peak - base < 4 * 1024,
        "server RSS growth %.2f MiB while it pipelined (%.1f of 20 MiB taken; %ld -> %ld KiB; "
        "bound "
        "4 MiB)",
        (double)(peak - base) / 1024, (double)written / MIB, base, peak);
    double p99 = pctl(pr.lat, pr.n, 0.99);
    add(&r, !pr.fail && pr.n > 100 && p99 < 0.050,
        "probe p99 %.1f ms over %d requests (bound 50 ms)%s%s", p99 * 1000, pr.n,
        pr.fail ? ": " : "", pr.why);
    add(&r, cut >= 3.0 && cut <= 5.0, "cut %.2f s after it connected (%s; bound [3, 5] s)", cut,
        cut < 0 ? "never" : err_name(cut_err));
    long st = kd_stat(&k, "send_timeout"), bp = kd_stat(&k, "backpressure");
    add(&r, st == 1 && bp >= 1, "counters send_timeout=%ld backpressure=%ld", st, bp);
    probe_free(&pr);
    finish(name, &r, &k);
}

/* ================================================================ write all, then read */

static const char *const zen_q[4] = {"Beautiful is better than?", "Explicit is better than?",
                                     "Simple is better than?", "Is this an unknown aphorism?"};
static const char *const zen_a[4] = {"Ugly.", "Implicit.", "Complex.", "Error: unknown aphorism."};

static void zen_build(int n, char **out, size_t *ol, char **exp, size_t *el)
{
    size_t a = 0, b = 0;
    for (int i = 0; i < n; i++) {
        a += strlen(zen_q[i % 4]);
        b += strlen(zen_a[i % 4]);
    }
    *out = malloc(a);
    *exp = malloc(b);
    *ol = *el = 0;
    for (int i = 0; i < n; i++) {
        size_t q = strlen(zen_q[i % 4]), r = strlen(zen_a[i % 4]);
        memcpy(*out + *ol, zen_q[i % 4], q);
        memcpy(*exp + *el, zen_a[i % 4], r);
        *ol += q;
        *el += r;
    }
}

static void sc_write_all(void)
{
    const char *name = "write-then-read";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", NULL) < 0) {
        not_started(name, &r);
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
    add(&r, ok,
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
    finish(name, &r, &k);
}

/* ================================================================ reset storm */

static void sc_reset_storm(void)
{
    const char *name = "reset-storm";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", NULL) < 0) {
        not_started(name, &r);
        return;
    }
    enum { N = 2000, PAR = 64, REQS = 100 };
    fresh_served(&k);
    sleep_s(0.2);
    pid_t pid0 = k.pid;
    int base_fd = fd_count(k.pid);
    char *req[NPROTO];
    size_t rlen[NPROTO];
    for (int p = 0; p < NPROTO; p++) {
        size_t l = strlen(req_text[p]);
        req[p] = malloc(l * REQS);
        for (int i = 0; i < REQS; i++)
            memcpy(req[p] + (size_t)i * l, req_text[p], l);
        rlen[p] = l * REQS;
    }
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
                s[i].proto = started % NPROTO;
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
    add(&r, finished == N && failed == 0,
        "%d/%d clients connected, pipelined %d requests and reset before reading, in %.2f s (%d "
        "failed, %d partial writes)",
        finished, N, REQS, took, failed, partial);
    double back = wait_fds(&k, base_fd, 5);
    long acc = kd_stat(&k, "accepted"), rep = kd_stat(&k, "replies");
    add(&r, acc > N, "the server accepted %ld and answered %ld requests meanwhile", acc, rep);
    int alive = kd_alive(&k) && k.pid == pid0;
    add(&r, alive, "same PID %d %s", (int)pid0, alive ? "still running" : "GONE");
    add(&r, back >= 0 && back <= 2.0, "server fds back to the baseline %d in %.3f s (bound 2 s)",
        base_fd, back);
    add(&r, alive && fresh_served(&k), "a fresh client of each protocol served");
    for (int p = 0; p < NPROTO; p++)
        free(req[p]);
    finish(name, &r, &k);
}

/* ================================================================ half-close */

static void sc_half_close(void)
{
    const char *name = "half-close";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", NULL) < 0) {
        not_started(name, &r);
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
        add(&r, ok, "%s: %d requests then SHUT_WR: %s, then %s", proto_name[p], N,
            ok ? "exactly 10000 replies in order" : "WRONG REPLIES",
            c[p].end == 1   ? "a clean end of stream"
            : c[p].end == 2 ? err_name(c[p].err)
                            : "no end");
        if (!ok)
            add(&r, 0, "%s got %zu of %zu bytes", proto_name[p], c[p].in_total, el[p]);
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
    add(&r, same && s.end == 1 && want >= (32u << 20),
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
    finish(name, &r, &k);
}

/* ================================================================ close without reset */

static void sc_close_no_reset(void)
{
    const char *name = "close-no-reset";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", NULL) < 0) {
        not_started(name, &r);
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
        add(&r, ok,
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
    finish(name, &r, &k);
}

/* ================================================================ shutdown */

static void sc_shutdown(void)
{
    const char *name = "graceful-shutdown";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", "--shutdown-timeout", "3", NULL) < 0) {
        not_started(name, &r);
        return;
    }
    enum { NC = 50, REQS = 1000, NIDLE = 20, RQ = 9, RP = 20 };
    /* Idle clients. */
    int idle[NIDLE], idle_end[NIDLE], idle_extra[NIDLE];
    for (int i = 0; i < NIDLE; i++) {
        int p = i < NIDLE / 2 ? ZEN : CALC;
        idle[i] = tcp_open(k.port[p], NULL, 0, 0);
        char w[64];
        if (p == CALC)
            recv_exact(idle[i], w, strlen(CALC_WELCOME), 2);
        set_nonblock(idle[i]);
        idle_end[i] = idle_extra[i] = 0;
    }
    /* The never-reading client: lines of 999 control bytes, each echoed
     * four times as long, until the server stops reading — its replies then
     * exceed what the kernel buffers (4 MiB send buffer here) and
     * --max-output, so the server cannot finish it. */
    int never = tcp_open(k.port[ECHO], NULL, 4096, 0);
    set_nonblock(never);
    const size_t nbl = 16u << 20;
    char *nb = malloc(nbl);
    for (size_t i = 0; i < nbl; i++)
        nb[i] = i % 1000 == 999 ? '\n' : 1;
    size_t nw = 0;
    double last = now(), t_fill = now();
    while (now() - last < 0.3 && now() - t_fill < 5 && nw < nbl) {
        ssize_t w = send(never, nb + nw, nbl - nw, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w > 0) {
            nw += (size_t)w;
            last = now();
        } else {
            sleep_s(0.01);
        }
    }
    /* 50 clients, 1000 numbered echo requests each, all written at once. */
    int fd[NC], end[NC], err[NC];
    char *out[NC], *in[NC];
    size_t wr[NC], got[NC], recv_at_sig[NC], acked[NC];
    for (int i = 0; i < NC; i++) {
        fd[i] = tcp_open(k.port[ECHO], NULL, 0, 0);
        set_nonblock(fd[i]);
        out[i] = malloc(REQS * RQ + 1);
        in[i] = malloc(REQS * RP + 1);
        for (int j = 0; j < REQS; j++)
            sprintf(out[i] + j * RQ, "s%02d-%04d\n", i, j);
        wr[i] = got[i] = recv_at_sig[i] = acked[i] = 0;
        end[i] = err[i] = 0;
    }
    size_t total_got = 0;
    int signalled = 0, refused = 0, attempts = 0, never_err = 0;
    double t_sig = 0, t_ref = -1, t_cut = -1, t_exit = -1, t0 = now();
    size_t replies_at_sig = 0, received_before = 0;
    while (now() - t0 < 12) {
        struct pollfd pf[NC + NIDLE + 1];
        for (int i = 0; i < NC; i++)
            pf[i] = (struct pollfd){
                .fd = end[i] ? -1 : fd[i],
                .events = (short)(POLLIN | (!signalled && wr[i] < REQS * RQ ? POLLOUT : 0))};
        for (int i = 0; i < NIDLE; i++)
            pf[NC + i] = (struct pollfd){.fd = idle_end[i] ? -1 : idle[i], .events = POLLIN};
        pf[NC + NIDLE] = (struct pollfd){.fd = t_cut >= 0 ? -1 : never, .events = POLLRDHUP};
        poll(pf, NC + NIDLE + 1, signalled ? 2 : 5);
        for (int i = 0; i < NC; i++) {
            if (pf[i].revents & POLLOUT) {
                ssize_t w =
                    send(fd[i], out[i] + wr[i], REQS * RQ - wr[i], MSG_NOSIGNAL | MSG_DONTWAIT);
                if (w > 0)
                    wr[i] += (size_t)w;
            }
            if (pf[i].revents & (POLLIN | POLLERR | POLLHUP)) {
                ssize_t n = recv(fd[i], in[i] + got[i], REQS * RP - got[i], MSG_DONTWAIT);
                if (n > 0) {
                    got[i] += (size_t)n;
                    total_got += (size_t)n;
                } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                    end[i] = n == 0 ? 1 : 2;
                    err[i] = n == 0 ? 0 : errno;
                }
            }
        }
        for (int i = 0; i < NIDLE; i++) {
            if (!pf[NC + i].revents)
                continue;
            char b[256];
            ssize_t n = recv(idle[i], b, sizeof b, MSG_DONTWAIT);
            if (n > 0)
                idle_extra[i] += (int)n;
            else if (n == 0 || (errno != EAGAIN && errno != EINTR))
                idle_end[i] = n == 0 ? 1 : 2;
        }
        if (pf[NC + NIDLE].revents && signalled) {
            t_cut = now() - t_sig;
            socklen_t el = sizeof never_err;
            getsockopt(never, SOL_SOCKET, SO_ERROR, &never_err, &el);
        }
        /* Mid-stream: a tenth of the replies are back. What the server has
         * received is what its kernel acknowledged: written minus what is
         * still in our send queue. */
        if (!signalled && (total_got >= (size_t)NC * REQS * RP / 10 || now() - t0 > 5)) {
            for (int i = 0; i < NC; i++) {
                int q = 0;
                if (ioctl(fd[i], SIOCOUTQ, &q) < 0)
                    q = (int)wr[i];
                acked[i] = wr[i] - (size_t)q;
                recv_at_sig[i] = got[i];
                received_before += acked[i] / RQ;
            }
            replies_at_sig = total_got / RP;
            kill(k.pid, SIGTERM);
            t_sig = now();
            signalled = 1;
        }
        if (signalled && !refused) {
            int c = tcp_open(k.port[ZEN], NULL, 0, 0);
            attempts++;
            if (c < 0 && errno == ECONNREFUSED) {
                refused = 1;
                t_ref = now() - t_sig;
            } else if (c >= 0) {
                close(c);
            }
        }
        if (signalled && t_exit < 0 && kd_reap(&k))
            t_exit = now() - t_sig;
        int open = 0;
        for (int i = 0; i < NC; i++)
            open += !end[i];
        for (int i = 0; i < NIDLE; i++)
            open += !idle_end[i];
        if (signalled && !open && t_exit >= 0 && refused && t_cut >= 0)
            break;
    }
    add(&r, refused && t_ref <= 0.1, "new connects refused %.3f s after SIGTERM (bound 0.1 s)",
        t_ref);
    int complete = 0, clean = 0, inorder = 0;
    size_t answered = 0;
    for (int i = 0; i < NC; i++) {
        size_t n = got[i] / RP;
        int good = got[i] % RP == 0 && n <= wr[i] / RQ;
        char want[64];
        for (size_t j = 0; good && j < n; j++) {
            snprintf(want, sizeof want, "Echoed: 's%02d-%04zu'\r\n", i, j);
            good = memcmp(in[i] + j * RP, want, RP) == 0;
        }
        inorder += good;
        complete += n >= acked[i] / RQ;
        clean += end[i] == 1;
        answered += n;
    }
    add(&r, inorder == NC && complete == NC && clean == NC,
        "SIGTERM after %zu of %d replies; the server had received %zu requests, answered %zu "
        "(%d/%d "
        "clients got every one they had sent, in order; %d/%d then a clean end of stream)",
        replies_at_sig, NC * REQS, received_before, answered, complete, NC, clean, NC);
    int idle_ok = 0;
    for (int i = 0; i < NIDLE; i++)
        idle_ok += idle_end[i] == 1 && idle_extra[i] == 0;
    add(&r, idle_ok == NIDLE, "%d/%d idle clients got a clean end of stream", idle_ok, NIDLE);
    add(&r, t_cut >= 2.9 && t_cut <= 4.0,
        "the never-reading client (%.1f MiB sent) cut %.2f s after SIGTERM (%s; deadline 3 s, "
        "bound "
        "[2.9, 4] s)",
        (double)nw / MIB, t_cut, never_err ? err_name(never_err) : "end of stream");
    add(&r, t_exit >= 0 && t_exit <= 4.0 && k.status == 0,
        "koand exited %.2f s after SIGTERM with status %d (bound 4 s, 0)", t_exit, k.status);
    close(never);
    free(nb);
    for (int i = 0; i < NIDLE; i++)
        close(idle[i]);
    for (int i = 0; i < NC; i++) {
        close(fd[i]);
        free(out[i]);
        free(in[i]);
    }
    finish(name, &r, &k);
}

/* ================================================================ fairness */

typedef struct flood {
    int port;
    atomic_int stop;
    atomic_long bytes;
    int fail;
    pthread_t th;
} flood;

static void *flood_main(void *arg)
{
    flood *f = arg;
    int fd = tcp_open(f->port, NULL, 0, 0);
    if (fd < 0) {
        f->fail = errno;
        return NULL;
    }
    set_nonblock(fd);
    const char *q = "Beautiful is better than?";
    size_t ql = strlen(q), bl = 2600 * ql, off = 0;
    char *buf = malloc(bl), *tmp = malloc(65536);
    for (size_t i = 0; i < bl; i += ql)
        memcpy(buf + i, q, ql);
    double t0 = now();
    while (!atomic_load(&f->stop) && now() - t0 < 30) {
        struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
        poll(&p, 1, 50);
        if (p.revents & POLLOUT) {
            ssize_t w = send(fd, buf + off, bl - off, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (w > 0)
                off = (off + (size_t)w) % bl;
        }
        if (p.revents & (POLLIN | POLLERR | POLLHUP)) {
            ssize_t n = recv(fd, tmp, 65536, MSG_DONTWAIT);
            if (n > 0) {
                atomic_fetch_add(&f->bytes, n);
            } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                f->fail = n == 0 ? -1 : errno;
                break;
            }
        }
    }
    free(buf);
    free(tmp);
    close(fd);
    return NULL;
}

static void sc_fairness(void)
{
    const char *name = "fairness";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", NULL) < 0) {
        not_started(name, &r);
        return;
    }
    flood f = {.port = k.port[ZEN]};
    atomic_store(&f.stop, 0);
    atomic_store(&f.bytes, 0);
    pthread_create(&f.th, NULL, flood_main, &f);
    sleep_s(0.3);
    long b0 = atomic_load(&f.bytes);
    double t = now();
    probe pr = {.port = k.port[ECHO], .proto = ECHO, .interval = 0.001, .max = 300, .max_time = 20};
    probe_start(&pr);
    probe_wait(&pr);
    double rate = (double)(atomic_load(&f.bytes) - b0) / 5 / (now() - t);
    double p99 = pctl(pr.lat, pr.n, 0.99), mx = vmax(pr.lat, pr.n);
    add(&r, !pr.fail && pr.n == 300 && p99 < 0.020 && mx < 0.100,
        "probe beside a client flooding at %.0f replies/s: %d requests, p99 %.1f ms (bound 20 ms), "
        "max %.1f ms (bound 100 ms)%s%s",
        rate, pr.n, p99 * 1000, mx * 1000, pr.fail ? ": " : "", pr.why);
    probe_free(&pr);
    enum { BURST = 500 };
    bconn *b = calloc(BURST, sizeof *b);
    for (int i = 0; i < BURST; i++) {
        b[i].proto = i % NPROTO;
        b[i].send_req = 1;
    }
    b0 = atomic_load(&f.bytes);
    t = now();
    batch_run(b, BURST, &k, BURST, 5);
    double slow = 0;
    for (int i = 0; i < BURST; i++)
        if (b[i].state == BC_SERVED && b[i].t_served - t > slow)
            slow = b[i].t_served - t;
    int served = batch_count(b, BURST, BC_SERVED);
    rate = (double)(atomic_load(&f.bytes) - b0) / 5 / (now() - t);
    char odd[200];
    first_odd(odd, sizeof odd, b, BURST, BC_SERVED);
    add(&r, served == BURST && slow <= 1.0,
        "a burst of %d new clients during the flood (%.0f replies/s): %d served, the last %.3f s "
        "after the burst began (bound 1 s)%s",
        BURST, rate, served, slow, served == BURST ? "" : odd);
    batch_close(b, BURST);
    free(b);
    atomic_store(&f.stop, 1);
    pthread_join(f.th, NULL);
    add(&r, f.fail == 0, "the flooding client %s", f.fail ? "was cut" : "was served throughout");
    finish(name, &r, &k);
}

/* ================================================================ access */

/* Send `what`, expect nothing more than `want` back and the end of stream
 * within 1 s. Returns 1 if so; *t the time it took; *how 1 end of stream,
 * 2 reset. */
static int expect_hangup(int fd, const char *what, size_t wl, const char *want, double *t, int *how)
{
    double t0 = now();
    if (wl)
        send_all(fd, what, wl, 1);
    char buf[512];
    size_t got;
    int err;
    int rc = read_end(fd, buf, sizeof buf, &got, 2, &err);
    *t = now() - t0;
    *how = rc == 0 ? 1 : rc == 1 ? 2 : 0;
    return rc != 2 && got == strlen(want) && memcmp(buf, want, got) == 0 && *t <= 1.0;
}

static void sc_access(void)
{
    const char *name = "access-control";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", "--allow", "127.0.0.2/32", NULL) < 0) {
        not_started(name, &r);
        return;
    }
    int refused = 0, rst = 0;
    double slow = 0;
    static const char *const srcs[2] = {"127.0.0.3", "127.0.0.1"};
    for (int s = 0; s < 2; s++)
        for (int p = 0; p < NPROTO; p++) {
            int fd = tcp_open(k.port[p], srcs[s], 0, 0);
            double t;
            int how;
            if (fd < 0) {
                refused++; /* refused at connect: also a refusal */
                continue;
            }
            if (expect_hangup(fd, req_text[p], strlen(req_text[p]), "", &t, &how))
                refused++;
            rst += how == 2;
            if (t > slow)
                slow = t;
            close(fd);
        }
    add(&r, refused == 6,
        "%d/6 clients from 127.0.0.3 and 127.0.0.1 refused unserved within %.3f s "
        "(%d by reset; bound 1 s)",
        refused, slow, rst);
    bconn b[NPROTO];
    memset(b, 0, sizeof b);
    for (int p = 0; p < NPROTO; p++) {
        b[p].proto = p;
        b[p].send_req = 1;
        b[p].src = "127.0.0.2";
    }
    batch_run(b, NPROTO, &k, NPROTO, 5);
    int served = batch_count(b, NPROTO, BC_SERVED);
    batch_close(b, NPROTO);
    add(&r, served == NPROTO, "%d/%d clients from 127.0.0.2 served", served, NPROTO);

    static const char hello[] =
        "\x16\x03\x01\x00\xc8\x01\x00\x00\xc4\x03\x03\x5a\x1c\x9e\x21\x44\x7b\x10\x3f\x8c\x2d"
        "\x61\x0e\xa9\x77\x53\x02\xb4\x4c\x19\xe0\x5b\x6a\x37\x81\x90\x0d\x22\xfa\x3c\x48\x11"
        "\x20\x00\x00\x0c\xc0\x2b\xc0\x2f\x13\x01\x13\x02\x00\x9c\x00\x2f\x01\x00";
    struct {
        const char *label, *bytes;
        size_t len;
    } first[] = {
        {"GET", "GET / HTTP/1.1\r\n", 16},   {"POST", "POST /x HTTP/1.1\r\n", 18},
        {"HEAD", "HEAD / HTTP/1.0\r\n", 17}, {"Host:", "Host: localhost\r\n", 17},
        {"TLS", hello, sizeof hello - 1},
    };
    int nf = (int)(sizeof first / sizeof first[0]), hung = 0, tries = 0, resets = 0;
    slow = 0;
    char bad[160] = "";
    for (int i = 0; i < nf; i++)
        for (int p = 0; p < NPROTO; p++) {
            int fd = tcp_open(k.port[p], "127.0.0.2", 0, 0);
            double t = 0;
            int how = 0;
            tries++;
            if (fd >= 0 &&
                expect_hangup(fd, first[i].bytes, first[i].len, p == CALC ? CALC_WELCOME : "", &t,
                              &how) &&
                how == 1)
                hung++;
            else if (!bad[0])
                snprintf(bad, sizeof bad, " (first failure: %s on %s, %s after %.3f s)",
                         first[i].label, proto_name[p],
                         how == 2 ? "reset"
                         : how    ? "end"
                                  : "no end",
                         t);
            resets += fd >= 0 && how == 2;
            if (fd >= 0 && t > slow)
                slow = t;
            if (fd >= 0)
                close(fd);
        }
    add(&r, hung == tries,
        "%d/%d first requests in HTTP (GET, POST, HEAD, Host:) or TLS (ClientHello) got a clean "
        "end "
        "of stream and no reply (%d reset), slowest %.3f s (bound 1 s)%s",
        hung, tries, resets, slow, bad);
    long d = kd_stat(&k, "denied"), h = kd_stat(&k, "http_tls");
    add(&r, d == 6 && h == tries, "counters denied=%ld http_tls=%ld", d, h);
    finish(name, &r, &k);
}

/* ================================================================ garbage */

static void sc_garbage(void)
{
    const char *name = "garbage";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", NULL) < 0) {
        not_started(name, &r);
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
    add(&r, good[ZEN] == PER && good[CALC] == PER && good[ECHO] == PER,
        "%d random binary lines over %d connections on each of calc and echo (and %d questions on "
        "zen): one reply per terminated line on %d/%d calc, %d/%d echo, %d/%d zen connections, "
        "then "
        "a clean end of stream, in %.2f s%s",
        PER * LINES, PER, PER * LINES, good[CALC], PER, good[ECHO], PER, good[ZEN], PER, took, bad);
    add(&r, kd_alive(&k) && fresh_served(&k), "koand still serves a fresh client");
    free(c);
    free(bufs);
    finish(name, &r, &k);
}

/* ================================================================ main */

static const struct {
    const char *name;
    void (*fn)(void);
} scenarios[] = {
    {"max-conns", sc_max_conns},          {"9000-conns", sc_9000},
    {"emfile-fd-limit", sc_emfile_limit}, {"emfile-accept", sc_emfile_leak},
    {"overlong-line", sc_overlong},       {"idle-timeout", sc_idle},
    {"slowloris", sc_slowloris},          {"slow-reader", sc_slow_reader},
    {"write-then-read", sc_write_all},    {"reset-storm", sc_reset_storm},
    {"half-close", sc_half_close},        {"close-no-reset", sc_close_no_reset},
    {"graceful-shutdown", sc_shutdown},   {"fairness", sc_fairness},
    {"access-control", sc_access},        {"garbage", sc_garbage},
    /* tests/stress/loop.c */
    {"compute-flood", sc_compute_flood},  {"paused-loop", sc_paused_loop},
    {"guard-timeout", sc_guard_timeout},  {"memory-back", sc_memory_back},
    {"stats-storm", sc_stats_storm},
};
#define NSCEN (sizeof scenarios / sizeof scenarios[0])

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < 9100)
        fprintf(stderr, "stress: warning: only %llu descriptors; 9000-conns needs 9100\n",
                (unsigned long long)rl.rlim_cur);
    const char *tmp = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char dir[256];
    snprintf(dir, sizeof dir, "%s/koan-stress-XXXXXX", tmp);
    if (!mkdtemp(dir)) {
        perror("stress: mkdtemp");
        return 2;
    }
    kd_tmpdir(dir);
    for (int i = 1; i < argc; i++) {
        size_t j = 0;
        while (j < NSCEN && strcmp(scenarios[j].name, argv[i]) != 0)
            j++;
        if (j == NSCEN) {
            fprintf(stderr, "stress: no scenario '%s'; there are:", argv[i]);
            for (j = 0; j < NSCEN; j++)
                fprintf(stderr, " %s", scenarios[j].name);
            fprintf(stderr, "\n");
            rmdir(dir);
            return 2;
        }
    }
    double t0 = now();
    for (size_t j = 0; j < NSCEN; j++) {
        int run = argc == 1;
        for (int i = 1; i < argc; i++)
            run |= strcmp(scenarios[j].name, argv[i]) == 0;
        if (run)
            scenarios[j].fn();
    }
    if (rmdir(dir) < 0)
        printf("stress: koand logs kept in %s\n", dir);
    printf("stress: %.1f s in all\n", now() - t0);
    printf("%d passed, %d failed\n", npassed, nfailed);
    return nfailed ? 1 : 0;
}
