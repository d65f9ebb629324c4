#include "tests/stress/engines.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/lib/clock.h"
#include "tests/stress/pctl.h"
#include "tests/stress/facts.h"
#include "tests/lib/koand.h"
#include "tests/lib/proc.h"
#include "tests/stress/net.h"

/* ------------------------------------------------------------------ batch */

int batch_count(const bconn *b, int n, int state)
{
    int c = 0;
    for (int i = 0; i < n; i++)
        c += b[i].state == state;
    return c;
}

void batch_close(bconn *b, int n)
{
    for (int i = 0; i < n; i++)
        if (b[i].fd > 0) {
            close(b[i].fd);
            b[i].fd = -1;
        }
}

static void bc_end(bconn *c, int how, int err)
{
    c->state = BC_ENDED;
    c->end = how;
    c->err = err;
    c->t_end = now_s();
}

static void bc_start(bconn *c, const koand *k)
{
    c->t0 = now_s();
    c->fd = tcp_open(c->port ? c->port : k->ls[c->proto].port, c->src, 0, 1);
    if (c->fd < 0) {
        c->fd = -1;
        bc_end(c, 2, errno);
        return;
    }
    c->state = BC_CONNECTING;
}

static void bc_connected(bconn *c)
{
    int e = 0;
    socklen_t el = sizeof e;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &el);
    if (e) {
        bc_end(c, 2, e);
        return;
    }
    c->state = BC_WAITING;
    if (c->send_req) {
        const pfacts *f = &facts[c->proto];
        ssize_t w = send(c->fd, f->req, f->req_len, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0 && errno != EAGAIN)
            bc_end(c, 2, errno);
    }
}

static void bc_read(bconn *c)
{
    char tmp[4096];
    for (int i = 0; i < 4; i++) {
        ssize_t r = recv(c->fd, tmp, sizeof tmp, MSG_DONTWAIT);
        if (r > 0) {
            size_t room = sizeof c->data - 1 - c->got;
            size_t keep = (size_t)r < room ? (size_t)r : room;
            memcpy(c->data + c->got, tmp, keep);
            c->got += keep;
            c->data[c->got] = 0;
            const pfacts *f = &facts[c->proto];
            if (c->send_req && c->got == f->rep_len && memcmp(c->data, f->rep, c->got) == 0) {
                c->state = BC_SERVED;
                c->t_served = now_s();
                return;
            }
            continue;
        }
        if (r == 0)
            bc_end(c, 1, 0);
        else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            bc_end(c, 2, errno);
        return;
    }
}

int batch_run(bconn *b, int n, const koand *k, int max_inflight, double timeout)
{
    struct pollfd *pf = malloc((size_t)n * sizeof *pf);
    int *who = malloc((size_t)n * sizeof *who);
    double deadline = now_s() + timeout;
    int next = 0;
    for (int i = 0; i < n; i++)
        if (b[i].state == BC_NEW)
            b[i].fd = -1;
    while (now_s() < deadline) {
        int inflight = 0, np = 0;
        for (int i = 0; i < next; i++)
            inflight += b[i].state == BC_CONNECTING || b[i].state == BC_WAITING;
        while (next < n && inflight < max_inflight) {
            if (b[next].state == BC_NEW) {
                bc_start(&b[next], k);
                inflight += b[next].state == BC_CONNECTING;
            }
            next++;
        }
        for (int i = 0; i < next; i++) {
            if (b[i].state == BC_CONNECTING || b[i].state == BC_WAITING) {
                pf[np] = (struct pollfd){.fd = b[i].fd,
                                         .events = b[i].state == BC_CONNECTING ? POLLOUT : POLLIN};
                who[np++] = i;
            }
        }
        if (np == 0 && next >= n)
            break;
        int r = poll(pf, (nfds_t)np, 20);
        rss_sample();
        if (r <= 0)
            continue;
        for (int j = 0; j < np; j++) {
            if (!pf[j].revents)
                continue;
            bconn *c = &b[who[j]];
            if (c->state == BC_CONNECTING)
                bc_connected(c);
            else
                bc_read(c);
        }
    }
    free(pf);
    free(who);
    return batch_count(b, n, BC_SERVED) + batch_count(b, n, BC_ENDED);
}

/* ------------------------------------------------------------------ stream */

static int sc_done(const sconn *c)
{
    int sent = c->out_off >= c->out_len || c->werr;
    int read = c->end || (c->expect && c->in_total >= c->expect);
    return sent && read;
}

int stream_run(sconn *c, int n, double timeout)
{
    struct pollfd *pf = malloc((size_t)n * sizeof *pf);
    int *who = malloc((size_t)n * sizeof *who);
    char *tmp = malloc(65536);
    double deadline = now_s() + timeout;
    int done = 0;
    while (now_s() < deadline) {
        int np = 0;
        double t = now_s(), wake = t + 0.02;
        done = 0;
        for (int i = 0; i < n; i++) {
            sconn *s = &c[i];
            int sent = s->out_off >= s->out_len || s->werr;
            if (sent && s->shut_after && !s->shut && !s->werr) {
                shutdown(s->fd, SHUT_WR);
                s->shut = 1;
                s->in_at_shut = s->in_total;
            }
            if (sc_done(s)) {
                done++;
                continue;
            }
            short ev = 0;
            if (!sent)
                ev |= POLLOUT;
            if (!s->end && (!s->read_after_write || sent)) {
                if (t >= s->next_read)
                    ev |= POLLIN;
                else if (s->next_read < wake)
                    wake = s->next_read;
            }
            if (ev) {
                pf[np] = (struct pollfd){.fd = s->fd, .events = ev};
                who[np++] = i;
            }
        }
        if (done == n)
            break;
        int ms = (int)((wake - t) * 1000);
        int r = poll(pf, (nfds_t)np, ms < 1 ? 1 : ms);
        rss_sample();
        if (r <= 0)
            continue;
        for (int j = 0; j < np; j++) {
            sconn *s = &c[who[j]];
            short re = pf[j].revents;
            if (!re)
                continue;
            if ((pf[j].events & POLLOUT) && (re & (POLLOUT | POLLERR | POLLHUP))) {
                size_t left = s->out_len - s->out_off;
                if (s->wchunk && left > s->wchunk)
                    left = s->wchunk;
                ssize_t w = send(s->fd, s->out + s->out_off, left, MSG_NOSIGNAL | MSG_DONTWAIT);
                if (w > 0) {
                    s->out_off += (size_t)w;
                    s->t_last_write = now_s();
                } else if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                    s->werr = errno;
                }
            }
            if ((pf[j].events & POLLIN) && (re & (POLLIN | POLLERR | POLLHUP))) {
                size_t want = s->rchunk ? s->rchunk : 65536;
                if (want > 65536)
                    want = 65536;
                ssize_t rd = recv(s->fd, tmp, want, MSG_DONTWAIT);
                if (rd > 0) {
                    if (s->in && s->in_len < s->in_cap) {
                        size_t keep =
                            s->in_cap - s->in_len < (size_t)rd ? s->in_cap - s->in_len : (size_t)rd;
                        memcpy(s->in + s->in_len, tmp, keep);
                        s->in_len += keep;
                    }
                    s->in_total += (size_t)rd;
                    if (s->rgap > 0)
                        s->next_read = now_s() + s->rgap;
                } else if (rd == 0) {
                    s->end = 1;
                    s->t_end = now_s();
                } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                    s->end = 2;
                    s->err = errno;
                    s->t_end = now_s();
                }
            }
        }
    }
    free(pf);
    free(who);
    free(tmp);
    return done;
}

/* ------------------------------------------------------------------ probe */

static void *probe_main(void *arg)
{
    probe *p = arg;
    int fd = tcp_open(p->port, NULL, 0, 0);
    if (fd < 0) {
        p->fail = 1;
        snprintf(p->why, sizeof p->why, "probe connect: %s", strerror(errno));
        return NULL;
    }
    const pfacts *f = &facts[p->proto];
    const char *rq = f->probe_req, *rp = f->probe_rep;
    size_t rl = f->probe_rep_len, gl = f->greet_len;
    char *buf = malloc((rl > gl ? rl : gl) + 1);
    if (gl && (recv_exact(fd, buf, gl, 5) != gl || memcmp(buf, f->rep, gl) != 0)) {
        p->fail = 1;
        snprintf(p->why, sizeof p->why, "probe: no greeting");
        close(fd);
        free(buf);
        return NULL;
    }
    double stop_at = now_s() + p->max_time;
    while (!atomic_load(&p->stop) && p->n < p->max && now_s() < stop_at) {
        double t = now_s();
        if (send_all(fd, rq, strlen(rq), 5) < 0) {
            p->fail = 1;
            snprintf(p->why, sizeof p->why, "probe send: %s", strerror(errno));
            break;
        }
        size_t got = recv_exact(fd, buf, rl, 5);
        if (got != rl || memcmp(buf, rp, rl) != 0) {
            p->fail = 1;
            snprintf(p->why, sizeof p->why, "probe: request %d got %zu of %zu reply bytes", p->n,
                     got, rl);
            break;
        }
        p->lat[p->n++] = now_s() - t;
        sleep_s(p->interval);
    }
    close(fd);
    free(buf);
    return NULL;
}

int probe_start(probe *p)
{
    p->n = 0;
    p->fail = 0;
    p->why[0] = 0;
    atomic_store(&p->stop, 0);
    p->lat = calloc((size_t)p->max + 1, sizeof *p->lat);
    return pthread_create(&p->th, NULL, probe_main, p);
}

void probe_join(probe *p)
{
    atomic_store(&p->stop, 1);
    pthread_join(p->th, NULL);
}

void probe_wait(probe *p) { pthread_join(p->th, NULL); }

void probe_free(probe *p)
{
    free(p->lat);
    p->lat = NULL;
}
