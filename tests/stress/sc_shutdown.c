/* graceful-shutdown: SIGTERM in the middle of pipelines. */
#include <errno.h>
#include <linux/sockios.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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

/* ================================================================ shutdown */

void sc_shutdown(void)
{
    const char *name = "graceful-shutdown";
    report r = {.ok = 1};
    koand k;
    if (koand_start_all(&k, NULL, "-q", "--shutdown-timeout", "3", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    enum { NC = 50, REQS = 1000, NIDLE = 20 };
    /* Idle clients, on every protocol, each past its greeting. */
    int idle[NIDLE], idle_end[NIDLE], idle_extra[NIDLE];
    for (int i = 0; i < NIDLE; i++) {
        const pfacts *f = &facts[i % nproto];
        idle[i] = tcp_open(k.ls[i % nproto].port, NULL, 0, 0);
        char w[FACTS_REP_MAX + 1];
        if (f->greet_len)
            recv_exact(idle[i], w, f->greet_len, 2);
        set_nonblock(idle[i]);
        idle_end[i] = idle_extra[i] = 0;
    }
    /* The never-reading client: the request that earns the most reply per
     * byte (facts_loudest), again and again until the server stops reading
     * -- its replies then exceed what the kernel buffers (4 MiB send buffer
     * here) and --max-output, so the server cannot finish it. */
    const pfacts *loud = &facts[facts_loudest()];
    int never = tcp_open(k.ls[loud - facts].port, NULL, 4096, 0);
    set_nonblock(never);
    size_t nbl;
    char *nb = facts_repeat(loud->loud, loud->loud_len, (16u << 20) / loud->loud_len, &nbl);
    size_t nw = 0;
    double last = now_s(), t_fill = now_s();
    while (now_s() - last < 0.3 && now_s() - t_fill < 5 && nw < nbl) {
        ssize_t w = send(never, nb + nw, nbl - nw, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w > 0) {
            nw += (size_t)w;
            last = now_s();
        } else {
            sleep_s(0.01);
        }
    }
    /* 50 clients spread over every protocol, 1000 requests each (its
     * samples, each client from another one on), all written at once. */
    int fd[NC], end[NC], err[NC];
    script sc[NC];
    char *in[NC];
    size_t wr[NC], got[NC], recv_at_sig[NC], acked[NC], cap[NC], due = 0;
    for (int i = 0; i < NC; i++) {
        facts_script(&sc[i], i % nproto, (size_t)(i / nproto), REQS);
        fd[i] = tcp_open(k.ls[i % nproto].port, NULL, 0, 0);
        set_nonblock(fd[i]);
        cap[i] = sc[i].out_len + 4096;
        in[i] = malloc(cap[i]);
        wr[i] = got[i] = recv_at_sig[i] = acked[i] = 0;
        end[i] = err[i] = 0;
        due += sc[i].out_len;
    }
    size_t total_got = 0;
    int signalled = 0, refused = 0, attempts = 0, never_err = 0;
    int port_refused[FACTS_MAX] = {0}, nrefused = 0;
    double t_sig = 0, t_ref = -1, t_cut = -1, t_exit = -1, t0 = now_s();
    size_t replies_at_sig = 0, received_before = 0;
    while (now_s() - t0 < 12) {
        struct pollfd pf[NC + NIDLE + 1];
        for (int i = 0; i < NC; i++)
            pf[i] = (struct pollfd){
                .fd = end[i] ? -1 : fd[i],
                .events = (short)(POLLIN | (!signalled && wr[i] < sc[i].in_len ? POLLOUT : 0))};
        for (int i = 0; i < NIDLE; i++)
            pf[NC + i] = (struct pollfd){.fd = idle_end[i] ? -1 : idle[i], .events = POLLIN};
        pf[NC + NIDLE] = (struct pollfd){.fd = t_cut >= 0 ? -1 : never, .events = POLLRDHUP};
        poll(pf, NC + NIDLE + 1, signalled ? 2 : 5);
        for (int i = 0; i < NC; i++) {
            if (pf[i].revents & POLLOUT) {
                ssize_t w = send(fd[i], sc[i].in + wr[i], sc[i].in_len - wr[i],
                                 MSG_NOSIGNAL | MSG_DONTWAIT);
                if (w > 0)
                    wr[i] += (size_t)w;
            }
            if (pf[i].revents & (POLLIN | POLLERR | POLLHUP)) {
                ssize_t n = recv(fd[i], in[i] + got[i], cap[i] - got[i], MSG_DONTWAIT);
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
            t_cut = now_s() - t_sig;
            socklen_t el = sizeof never_err;
            getsockopt(never, SOL_SOCKET, SO_ERROR, &never_err, &el);
        }
        /* Mid-stream: a tenth of the replies are back. What the server has
         * received is what its kernel acknowledged: written minus what is
         * still in our send queue. */
        if (!signalled && (total_got >= due / 10 || now_s() - t0 > 5)) {
            for (int i = 0; i < NC; i++) {
                int q = 0;
                if (ioctl(fd[i], SIOCOUTQ, &q) < 0)
                    q = (int)wr[i];
                acked[i] = wr[i] - (size_t)q;
                recv_at_sig[i] = got[i];
                received_before += (size_t)script_requests(&sc[i], acked[i]);
                replies_at_sig += (size_t)script_replies(&sc[i], got[i]);
            }
            kill(k.pid, SIGTERM);
            t_sig = now_s();
            signalled = 1;
        }
        /* Every listener, until each has refused a connect. */
        for (int p = 0; signalled && !refused && p < nproto; p++) {
            if (port_refused[p])
                continue;
            int c = tcp_open(k.ls[p].port, NULL, 0, 0);
            attempts++;
            if (c < 0 && errno == ECONNREFUSED) {
                port_refused[p] = 1;
                if (++nrefused == nproto) {
                    refused = 1;
                    t_ref = now_s() - t_sig;
                }
            } else if (c >= 0) {
                close(c);
            }
        }
        if (signalled && t_exit < 0 && koand_reap(&k))
            t_exit = now_s() - t_sig;
        int open = 0;
        for (int i = 0; i < NC; i++)
            open += !end[i];
        for (int i = 0; i < NIDLE; i++)
            open += !idle_end[i];
        if (signalled && !open && t_exit >= 0 && refused && t_cut >= 0)
            break;
    }
    /* Margin: the listeners close at the signal, in well under 10 ms; 0.1 s
     * is for a loaded machine. */
    report_bound(&r, refused, t_ref <= 0.1,
               "new connects refused %.3f s after SIGTERM (bound 0.1 s)", t_ref);
    int complete = 0, clean = 0, inorder = 0;
    size_t answered = 0;
    for (int i = 0; i < NC; i++) {
        /* What came is the parser's answer cut right after a reply, to no
         * more requests than were written. */
        int n = script_replies(&sc[i], got[i]);
        int good = got[i] == (n ? sc[i].out_end[n - 1] : sc[i].greet) &&
                   n <= script_requests(&sc[i], wr[i]) && memcmp(in[i], sc[i].out, got[i]) == 0;
        inorder += good;
        complete += n >= script_requests(&sc[i], acked[i]);
        clean += end[i] == 1;
        answered += (size_t)n;
    }
    report_add(
        &r, inorder == NC && complete == NC && clean == NC,
        "SIGTERM after %zu of %d replies; the server had received %zu requests, answered %zu "
        "(%d/%d clients got every one they had sent, %d/%d in order and as their parser says; "
        "%d/%d then a clean end of stream)",
        replies_at_sig, NC * REQS, received_before, answered, complete, NC, inorder, NC, clean, NC);
    int idle_ok = 0;
    for (int i = 0; i < NIDLE; i++)
        idle_ok += idle_end[i] == 1 && idle_extra[i] == 0;
    report_add(&r, idle_ok == NIDLE, "%d/%d idle clients got a clean end of stream", idle_ok,
               NIDLE);
    /* Margin: the 3 s deadline, plus the 250 ms tick, plus 0.75 s for a
     * loaded machine; never before it (less 0.1 s of clock skew). */
    report_bound(
        &r, t_cut >= 2.9, t_cut <= 4.0,
        "the never-reading %s client (%.1f MiB sent) cut %.2f s after SIGTERM (%s; deadline 3 s, "
        "bound [2.9, 4] s)",
        loud->name, (double)nw / MIB, t_cut, never_err ? err_name(never_err) : "end of stream");
    /* Margin: as the cut above. */
    report_bound(&r, t_exit >= 0 && k.status == 0, t_exit <= 4.0,
               "koand exited %.2f s after SIGTERM with status %d (bound 4 s, 0)", t_exit, k.status);
    close(never);
    free(nb);
    for (int i = 0; i < NIDLE; i++)
        close(idle[i]);
    for (int i = 0; i < NC; i++) {
        close(fd[i]);
        script_free(&sc[i]);
        free(in[i]);
    }
    report_finish(name, &r, &k);
}
