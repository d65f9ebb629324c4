/* graceful-shutdown: SIGTERM in the middle of pipelines. */
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

/* ================================================================ shutdown */

void sc_shutdown(void)
{
    const char *name = "graceful-shutdown";
    report r = {.ok = 1};
    koand k;
    if (kd_start(&k, NULL, "-q", "--shutdown-timeout", "3", NULL) < 0) {
        report_not_started(name, &r);
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
    report_add(&r, refused && t_ref <= 0.1,
               "new connects refused %.3f s after SIGTERM (bound 0.1 s)", t_ref);
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
    report_add(
        &r, inorder == NC && complete == NC && clean == NC,
        "SIGTERM after %zu of %d replies; the server had received %zu requests, answered %zu "
        "(%d/%d "
        "clients got every one they had sent, in order; %d/%d then a clean end of stream)",
        replies_at_sig, NC * REQS, received_before, answered, complete, NC, clean, NC);
    int idle_ok = 0;
    for (int i = 0; i < NIDLE; i++)
        idle_ok += idle_end[i] == 1 && idle_extra[i] == 0;
    report_add(&r, idle_ok == NIDLE, "%d/%d idle clients got a clean end of stream", idle_ok,
               NIDLE);
    report_add(
        &r, t_cut >= 2.9 && t_cut <= 4.0,
        "the never-reading client (%.1f MiB sent) cut %.2f s after SIGTERM (%s; deadline 3 s, "
        "bound "
        "[2.9, 4] s)",
        (double)nw / MIB, t_cut, never_err ? err_name(never_err) : "end of stream");
    report_add(&r, t_exit >= 0 && t_exit <= 4.0 && k.status == 0,
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
    report_finish(name, &r, &k);
}
