#include "tests/lib/session.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "tests/lib/clock.h"
#include "tests/lib/rng.h"

/* The next piece: mostly tiny, to split requests everywhere, sometimes
 * large, to fill a read. */
static size_t piece_size(session *s)
{
    if (!s->seed)
        return s->n - s->off;
    size_t max = s->max_piece ? s->max_piece : 4096;
    uint64_t r = rng_below(&s->seed, 10);
    size_t k = r < 5 ? 1 + rng_below(&s->seed, 8)
             : r < 9 ? 1 + rng_below(&s->seed, 256)
                     : 1 + rng_below(&s->seed, max);
    if (k > max)
        k = max;
    if (k > s->n - s->off)
        k = s->n - s->off;
    return k;
}

static void session_write(session *s)
{
    size_t k = piece_size(s);
    ssize_t w = send(s->fd, s->in + s->off, k, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w < 0) {
        if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
            s->send_errno = errno;
            s->wr_done = 1;
        }
        return;
    }
    s->off += (size_t)w;
    s->pieces++;
    if (s->seed && s->max_pause_ms > 0 && rng_below(&s->seed, 3) == 0)
        s->next_ms = now_ms() + (int64_t)rng_below(&s->seed, (uint64_t)s->max_pause_ms + 1);
    if (s->off == s->n) {
        if (s->half_close)
            shutdown(s->fd, SHUT_WR);
        s->wr_done = 1;
    }
}

static void session_read(session *s)
{
    if (s->cap - s->got_len < 16384) {
        s->cap = s->cap ? s->cap * 2 : 65536;
        if (!(s->got = realloc(s->got, s->cap + 1)))
            abort();
    }
    ssize_t r = recv(s->fd, s->got + s->got_len, s->cap - s->got_len, MSG_DONTWAIT);
    if (r > 0) {
        s->got_len += (size_t)r;
    } else if (r == 0) {
        s->end = TCP_EOF;
        s->rd_done = 1;
    } else if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
        s->end = TCP_RESET;
        s->rd_done = 1;
    }
    s->got[s->got_len] = 0;
}

void session_run(session *ss, int n, int timeout_ms)
{
    struct pollfd *pf = calloc((size_t)n, sizeof *pf);
    int *idx = calloc((size_t)n, sizeof *idx);
    if (!pf || !idx)
        abort();
    int64_t deadline = now_ms() + timeout_ms;
    for (int i = 0; i < n; i++) {
        session *s = &ss[i];
        s->got = NULL;
        s->got_len = s->cap = s->off = s->pieces = 0;
        s->end = TCP_TIMEOUT;
        s->send_errno = 0;
        s->next_ms = 0;
        s->rd_done = 0;
        s->wr_done = s->n == 0;
        if (s->wr_done && s->half_close)
            shutdown(s->fd, SHUT_WR);
        session_read(s);   /* allocates `got`; a closed stream shows at once */
    }
    for (;;) {
        int64_t now = now_ms();
        int np = 0, wait = left_ms(deadline);
        for (int i = 0; i < n; i++) {
            session *s = &ss[i];
            if (s->rd_done && s->wr_done)
                continue;
            short ev = s->rd_done ? 0 : POLLIN;
            if (!s->wr_done) {
                if (s->next_ms <= now)
                    ev |= POLLOUT;
                else if (s->next_ms - now < wait)
                    wait = (int)(s->next_ms - now);
            }
            pf[np] = (struct pollfd){.fd = s->fd, .events = ev};
            idx[np++] = i;
        }
        if (np == 0 || now >= deadline)
            break;
        int r = poll(pf, (nfds_t)np, wait);
        if (r < 0 && errno != EINTR)
            break;
        for (int j = 0; r > 0 && j < np; j++) {
            session *s = &ss[idx[j]];
            short re = pf[j].revents;
            if ((re & POLLOUT) && !s->wr_done)
                session_write(s);
            /* POLLHUP/POLLERR with no POLLIN still has an end to read. */
            if ((re & (POLLIN | POLLHUP | POLLERR)) && !s->rd_done)
                session_read(s);
            if ((re & (POLLERR | POLLHUP)) && s->rd_done && !s->wr_done) {
                s->send_errno = EPIPE;
                s->wr_done = 1;
            }
        }
    }
    free(pf);
    free(idx);
}

void session_free(session *s)
{
    free(s->got);
    s->got = NULL;
}
