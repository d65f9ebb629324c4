/* failover: drive echo load through a balancer, kill one backend midway,
 * and judge what the clients saw.
 *
 *   failover -p PORT [-c CONNS] [-d DEPTH] [-t SECONDS] [-k PID -a MS]
 *
 * CONNS long-lived connections each keep DEPTH numbered requests in
 * flight ("c3-17" comes back as "Echoed: 'c3-17'"), so a lost, repeated
 * or reordered reply shows; meanwhile a new connection asks one question
 * every PROBE_MS. At MS milliseconds, PID gets SIGKILL. Passes (exit 0)
 * when no connection broke before the kill, at least one broke at it (so
 * the kill hit live traffic), every connection that survived got every
 * reply in order and kept being answered after the kill, every reply on
 * the broken ones was right up to the break, and every new connection
 * opened after the backend died was answered. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tools/client.h"
#include "tests/lib/clock.h"

#define MAX_CONNS 256
#define PROBE_MS 20        /* a new connection this often */
#define REPLY_MS 5000      /* longest wait for any one reply */

typedef struct stream {
    int fd;
    int id;
    char in[4096];
    size_t in_len;
    unsigned sent, answered;   /* requests sent, replies matched */
    unsigned after_kill;       /* replies matched after the kill */
    long last_reply;           /* when the last reply (or the send) came */
    int broken;                /* the connection ended under us */
    int probe;                 /* a one-question new connection */
    long started;
} stream;

static long t0, killed_at = -1, dead_at = -1;
static const char *port;
static int depth = 4, failures;

__attribute__((format(printf, 1, 2))) static void violation(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("failover: FAIL: ", stdout);
    vprintf(fmt, ap);
    putchar('\n');
    va_end(ap);
    failures++;
}

static void token(const stream *s, unsigned k, char *out, size_t n)
{
    if (s->probe)
        snprintf(out, n, "p%d", s->id);
    else
        snprintf(out, n, "c%d-%u", s->id, k);
}

static int send_request(stream *s)
{
    char t[48], line[64];
    token(s, s->sent, t, sizeof t);
    int n = snprintf(line, sizeof line, "%s\n", t);
    if (client_send(s->fd, line, (size_t)n, REPLY_MS) < 0)
        return -1;
    s->sent++;
    return 0;
}

static int open_stream(stream *s, int id, int probe)
{
    char err[256];
    *s = (stream){.id = id, .probe = probe, .started = now_ms()};
    s->last_reply = s->started;
    s->fd = client_dial("127.0.0.1", port, REPLY_MS, err, sizeof err);
    if (s->fd < 0) {
        printf("failover: %s\n", err);
        return -1;
    }
    return 0;
}

static void end_stream(stream *s)
{
    close(s->fd);
    s->fd = -1;
}

/* take_replies: match each complete line; -1 when one is wrong. */
static int take_replies(stream *s)
{
    char *nl;
    while ((nl = memchr(s->in, '\n', s->in_len))) {
        size_t n = (size_t)(nl - s->in) + 1;
        char t[48], want[80];
        token(s, s->answered, t, sizeof t);
        int wn = snprintf(want, sizeof want, "Echoed: '%s'\r\n", t);
        if (s->answered >= s->sent || n != (size_t)wn || memcmp(s->in, want, n) != 0) {
            violation("connection %d: reply %u is not the one asked for", s->id, s->answered);
            return -1;
        }
        s->answered++;
        s->last_reply = now_ms();
        if (killed_at >= 0)
            s->after_kill++;
        memmove(s->in, s->in + n, s->in_len - n);
        s->in_len -= n;
    }
    return 0;
}

/* on_readable: 1 while the stream goes on, 0 at its end. */
static int on_readable(stream *s, int sending)
{
    ssize_t n = recv(s->fd, s->in + s->in_len, sizeof s->in - s->in_len, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return 1;
    if (n <= 0) {
        s->broken = 1;
        return 0;
    }
    s->in_len += (size_t)n;
    unsigned before = s->answered;
    if (take_replies(s) < 0)
        return 0;
    if (s->probe)
        return s->answered == 0;
    for (unsigned i = before; sending && i < s->answered; i++)
        if (send_request(s) < 0) {
            s->broken = 1;
            return 0;
        }
    return 1;
}

/* backend_dead: SIGKILL is asynchronous; wait until the process is gone
 * or a zombie before holding new connections to account. */
static int backend_dead(pid_t pid)
{
    char path[64], stat[256];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 1;
    size_t n = fread(stat, 1, sizeof stat - 1, f);
    fclose(f);
    stat[n] = 0;
    char *paren = strrchr(stat, ')');
    return paren && paren[1] == ' ' && (paren[2] == 'Z' || paren[2] == 'X');
}

int main(int argc, char **argv)
{
    int nconns = 12, seconds = 6, opt;
    long kill_ms = -1;
    pid_t victim = 0;
    while ((opt = getopt(argc, argv, "p:c:d:t:k:a:")) != -1) {
        switch (opt) {
        case 'p': port = optarg; break;
        case 'c': nconns = atoi(optarg); break;
        case 'd': depth = atoi(optarg); break;
        case 't': seconds = atoi(optarg); break;
        case 'k': victim = (pid_t)atoi(optarg); break;
        case 'a': kill_ms = atol(optarg); break;
        default: return 2;
        }
    }
    if (!port || nconns < 1 || nconns > MAX_CONNS || depth < 1 || depth > 64 ||
        (victim > 0) != (kill_ms >= 0)) {
        fprintf(stderr, "usage: failover -p PORT [-c CONNS] [-d DEPTH] [-t SECONDS] [-k PID -a MS]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    static stream conns[MAX_CONNS];
    stream probe = {.fd = -1};
    int probes = 0, probes_ok = 0, probes_after = 0, probes_lost_at_kill = 0;
    long probe_worst = 0, next_probe = 0;
    t0 = now_ms();
    for (int i = 0; i < nconns; i++) {
        if (open_stream(&conns[i], i, 0) < 0)
            return 1;
        for (int d = 0; d < depth; d++)
            if (send_request(&conns[i]) < 0)
                conns[i].broken = 1;
    }
    long end = t0 + seconds * 1000L, settle = end + REPLY_MS;
    for (;;) {
        long now = now_ms();
        int sending = now < end;
        if (victim > 0 && killed_at < 0 && now - t0 >= kill_ms) {
            kill(victim, SIGKILL);
            killed_at = now;
        }
        if (killed_at >= 0 && dead_at < 0 && backend_dead(victim))
            dead_at = now_ms();
        /* No new connection between the kill and the death: which backend
         * it meets then is a race, not a property of the balancer. */
        int may_probe = killed_at < 0 || dead_at >= 0;
        if (sending && probe.fd < 0 && may_probe && now >= next_probe) {
            if (open_stream(&probe, probes++, 1) < 0 || send_request(&probe) < 0) {
                violation("new connection %d failed to open", probe.id);
                if (probe.fd >= 0)
                    end_stream(&probe);
            }
            next_probe = now + PROBE_MS;
        }
        struct pollfd pfd[MAX_CONNS + 1];
        int live = 0;
        for (int i = 0; i < nconns; i++) {
            pfd[i] = (struct pollfd){.fd = conns[i].fd, .events = POLLIN};
            if (conns[i].fd >= 0 && conns[i].answered < conns[i].sent)
                live++;
        }
        pfd[nconns] = (struct pollfd){.fd = probe.fd, .events = POLLIN};
        if (!sending && !live && probe.fd < 0)
            break;
        if (now >= settle) {
            violation("replies still missing %d s after the end", REPLY_MS / 1000);
            break;
        }
        poll(pfd, (nfds_t)nconns + 1, 10);
        for (int i = 0; i < nconns; i++) {
            stream *s = &conns[i];
            if (s->fd < 0)
                continue;
            if ((pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) && !on_readable(s, sending)) {
                end_stream(s);
                if (s->broken && killed_at < 0)
                    violation("connection %d broke before the kill, after %u replies", i, s->answered);
            } else if (s->answered < s->sent && now_ms() - s->last_reply > REPLY_MS) {
                violation("connection %d: no reply for 5 s (after %u)", i, s->answered);
                end_stream(s);
            }
        }
        if (probe.fd >= 0 && ((pfd[nconns].revents & (POLLIN | POLLHUP | POLLERR)) ||
                              now_ms() - probe.started > REPLY_MS)) {
            int more = (pfd[nconns].revents & (POLLIN | POLLHUP | POLLERR)) && on_readable(&probe, 0);
            if (!more || now_ms() - probe.started > REPLY_MS) {
                int after = dead_at >= 0 && probe.started >= dead_at;
                long took = now_ms() - probe.started;
                probes_after += after;
                if (probe.answered == 1) {
                    probes_ok++;
                    if (took > probe_worst)
                        probe_worst = took;
                } else if (!after && killed_at >= 0 && probe.started <= killed_at) {
                    probes_lost_at_kill++;   /* it met the backend as it died */
                } else {
                    violation("new connection %d was not answered (%u replies)", probe.id,
                              probe.answered);
                }
                end_stream(&probe);
            }
        }
    }

    /* The surviving connections: every reply came, and the stream ends
     * cleanly once we say we are done. */
    int survived = 0, broke = 0;
    unsigned long replies_ok = 0, replies_broken = 0, in_flight_lost = 0;
    for (int i = 0; i < nconns; i++) {
        stream *s = &conns[i];
        if (s->broken) {
            broke++;
            replies_broken += s->answered;
            in_flight_lost += s->sent - s->answered;
            continue;
        }
        if (s->fd < 0)
            continue;
        survived++;
        replies_ok += s->answered;
        if (s->answered != s->sent)
            violation("connection %d survived but lost %u replies", i, s->sent - s->answered);
        if (killed_at >= 0 && s->after_kill == 0)
            violation("connection %d survived but was not answered after the kill", i);
        shutdown(s->fd, SHUT_WR);
        char extra[64];
        ssize_t n = client_recv(s->fd, extra, sizeof extra, REPLY_MS);
        if (n != 0)
            violation("connection %d: no clean end of stream after its last reply (%zd)", i, n);
        end_stream(s);
    }
    if (killed_at >= 0 && broke == 0)
        violation("the kill broke no connection: did it hit a backend in use?");

    printf("failover: %d connections, depth %d, %d s", nconns, depth, seconds);
    if (killed_at >= 0)
        printf("; backend pid %d killed at %.1f s, dead %ld ms later", (int)victim,
               (double)(killed_at - t0) / 1000, dead_at - killed_at);
    printf("\nfailover: %d connections survived with %lu replies, every one in order\n",
           survived, replies_ok);
    printf("failover: %d connections broke at the kill; their %lu replies were right, "
           "%lu requests in flight on them were lost\n",
           broke, replies_broken, in_flight_lost);
    printf("failover: %d new connections, %d answered (%d opened after the backend died), "
           "%d met it dying; slowest answer %ld ms\n",
           probes, probes_ok, probes_after, probes_lost_at_kill, probe_worst);
    return failures ? 1 : 0;
}
