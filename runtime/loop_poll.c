/* The poll(2) backend: portable, and the reference the others must match.
 * Its cost grows with every watched descriptor, idle or not. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>

#include "runtime/loop_impl.h"

typedef struct poll_state {
    struct pollfd *pfds;   /* dense: the first n are watched */
    int n;
} poll_state;

static int poll_create(loop *lo)
{
    poll_state *ps = calloc(1, sizeof *ps);
    if (!ps)
        return -1;
    ps->pfds = calloc((size_t)lo->maxfd, sizeof *ps->pfds);
    if (!ps->pfds) {
        free(ps);
        return -1;
    }
    lo->bdata = ps;
    return 0;
}

static void poll_destroy(loop *lo)
{
    poll_state *ps = lo->bdata;
    if (ps) {
        free(ps->pfds);
        free(ps);
    }
}

static short poll_events(int mask)
{
    return (short)(((mask & LOOP_READ) ? POLLIN : 0) | ((mask & LOOP_WRITE) ? POLLOUT : 0));
}

static int poll_set(loop *lo, int fd, int old, int mask)
{
    poll_state *ps = lo->bdata;
    watch *w = &lo->watches[fd];
    if (!old) {
        w->slot = ps->n++;
        ps->pfds[w->slot].fd = fd;
    }
    ps->pfds[w->slot].events = poll_events(mask);
    return 0;
}

/* The last pollfd moves into the freed slot, so the array stays dense. */
static void poll_del(loop *lo, int fd, int old)
{
    (void)old;
    poll_state *ps = lo->bdata;
    watch *w = &lo->watches[fd];
    int last = --ps->n;
    if (w->slot != last) {
        ps->pfds[w->slot] = ps->pfds[last];
        lo->watches[ps->pfds[w->slot].fd].slot = w->slot;
    }
    w->slot = -1;
}

static int poll_wait(loop *lo, int timeout_ms)
{
    poll_state *ps = lo->bdata;
    int n = poll(ps->pfds, (nfds_t)ps->n, timeout_ms);
    if (n <= 0)
        return n < 0 && errno != EINTR ? -1 : 0;
    int k = 0;
    for (int i = 0; i < ps->n && k < n; i++) {
        short re = ps->pfds[i].revents;
        if (!re)
            continue;
        int mask = 0;
        if (re & POLLIN)
            mask |= LOOP_READ;
        if (re & POLLOUT)
            mask |= LOOP_WRITE;
        /* An error or hang-up goes to whoever listens: the read or write
         * that follows tells what happened. */
        if (re & (POLLERR | POLLHUP | POLLNVAL))
            mask |= LOOP_READ | LOOP_WRITE;
        lo->fired[k].fd = ps->pfds[i].fd;
        lo->fired[k].mask = mask;
        k++;
    }
    return k;
}

const loop_backend loop_backend_poll = {
    "poll", poll_create, poll_destroy, poll_set, poll_del, poll_wait,
};
