/* fairness: one client floods, the others are still served. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
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

/* ================================================================ fairness */

/* The flooding client: its protocol's request 2600 times in a buffer,
 * sent again and again while it reads whatever comes back. */
typedef struct flood {
    int port, proto;
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
    const pfacts *pf = &facts[f->proto];
    size_t bl, off = 0;
    char *buf = facts_repeat(pf->req, pf->req_len, 2600, &bl), *tmp = malloc(65536);
    double t0 = now_s();
    while (!atomic_load(&f->stop) && now_s() - t0 < 30) {
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

void sc_fairness(void)
{
    const char *name = "fairness";
    report r = {.ok = 1};
    koand k;
    if (koand_start_all(&k, NULL, "-q", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    /* The flood on the first protocol, the probe on the next one (on the
     * same one if the build has one). */
    int fp = 0, pp = nproto > 1 ? 1 : 0;
    double rl = (double)(facts[fp].rep_len - facts[fp].greet_len);
    flood f = {.port = k.ls[fp].port, .proto = fp};
    atomic_store(&f.stop, 0);
    atomic_store(&f.bytes, 0);
    pthread_create(&f.th, NULL, flood_main, &f);
    sleep_s(0.3);
    long b0 = atomic_load(&f.bytes);
    double t = now_s();
    probe pr = {.port = k.ls[pp].port, .proto = pp, .interval = 0.001, .max = 300, .max_time = 20};
    probe_start(&pr);
    probe_wait(&pr);
    double rate = (double)(atomic_load(&f.bytes) - b0) / rl / (now_s() - t);
    double p99 = pctl(pr.lat, pr.n, 0.99), mx = vmax(pr.lat, pr.n);
    /* Margin: alone, the probe's p99 is under 1 ms (make bench); 20 ms and
     * 100 ms leave the rest to a machine shared with other work. */
    report_bound(
        &r, !pr.fail && pr.n == 300, p99 < 0.020 && mx < 0.100,
        "probe beside a client flooding at %.0f replies/s: %d requests, p99 %.1f ms (bound 20 ms), "
        "max %.1f ms (bound 100 ms)%s%s",
        rate, pr.n, p99 * 1000, mx * 1000, pr.fail ? ": " : "", pr.why);
    probe_free(&pr);
    enum { BURST = 500 };
    bconn *b = calloc(BURST, sizeof *b);
    for (int i = 0; i < BURST; i++) {
        b[i].proto = i % nproto;
        b[i].send_req = 1;
    }
    b0 = atomic_load(&f.bytes);
    t = now_s();
    batch_run(b, BURST, &k, BURST, 5);
    double slow = 0;
    for (int i = 0; i < BURST; i++)
        if (b[i].state == BC_SERVED && b[i].t_served - t > slow)
            slow = b[i].t_served - t;
    int served = batch_count(b, BURST, BC_SERVED);
    rate = (double)(atomic_load(&f.bytes) - b0) / rl / (now_s() - t);
    char odd[200];
    first_odd(odd, sizeof odd, b, BURST, BC_SERVED);
    /* Margin: a burst is served in tens of ms; 1 s is for a loaded machine. */
    report_bound(
        &r, served == BURST, slow <= 1.0,
        "a burst of %d new clients during the flood (%.0f replies/s): %d served, the last %.3f s "
        "after the burst began (bound 1 s)%s",
        BURST, rate, served, slow, served == BURST ? "" : odd);
    batch_close(b, BURST);
    free(b);
    atomic_store(&f.stop, 1);
    pthread_join(f.th, NULL);
    report_add(&r, f.fail == 0, "the flooding client %s",
               f.fail ? "was cut" : "was served throughout");
    report_finish(name, &r, &k);
}
