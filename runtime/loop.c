#include "runtime/loop.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <time.h>

typedef struct watch {
    loop_fn *fn;
    void *data;
    int mask;
    int slot;           /* index in the pollfd array, -1 if not watched */
} watch;

typedef struct fired {
    int fd;
    int mask;
} fired;

struct loop {
    int maxfd;
    watch *watches;     /* indexed by fd */
    struct pollfd *pfds;
    int npfds;
    fired *fired;
    uint64_t now_ms;
};

static uint64_t clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* --- the poll(2) backend ------------------------------------------------ */

static short backend_events(int mask)
{
    return (short)(((mask & LOOP_READ) ? POLLIN : 0) | ((mask & LOOP_WRITE) ? POLLOUT : 0));
}

static void backend_set(loop *lo, int fd, int mask)
{
    watch *w = &lo->watches[fd];
    if (w->slot < 0) {
        w->slot = lo->npfds++;
        lo->pfds[w->slot].fd = fd;
    }
    lo->pfds[w->slot].events = backend_events(mask);
}

/* The last pollfd moves into the freed slot, so the array stays dense. */
static void backend_del(loop *lo, int fd)
{
    watch *w = &lo->watches[fd];
    if (w->slot < 0)
        return;
    int last = --lo->npfds;
    if (w->slot != last) {
        lo->pfds[w->slot] = lo->pfds[last];
        lo->watches[lo->pfds[w->slot].fd].slot = w->slot;
    }
    w->slot = -1;
}

static int backend_wait(loop *lo, int timeout_ms)
{
    int n = poll(lo->pfds, (nfds_t)lo->npfds, timeout_ms);
    if (n <= 0)
        return n < 0 && errno != EINTR ? -1 : 0;
    int k = 0;
    for (int i = 0; i < lo->npfds && k < n; i++) {
        short re = lo->pfds[i].revents;
        if (!re)
            continue;
        int mask = 0;
        if (re & POLLIN)
            mask |= LOOP_READ;
        if (re & POLLOUT)
            mask |= LOOP_WRITE;
        /* An error or hang-up is reported to whoever listens: the read or
         * write that follows tells what happened. */
        if (re & (POLLERR | POLLHUP | POLLNVAL))
            mask |= LOOP_READ | LOOP_WRITE;
        lo->fired[k].fd = lo->pfds[i].fd;
        lo->fired[k].mask = mask;
        k++;
    }
    return k;
}

/* --- the loop ------------------------------------------------------------ */

loop *loop_create(int maxfd)
{
    loop *lo = calloc(1, sizeof *lo);
    if (!lo)
        return NULL;
    lo->maxfd = maxfd;
    lo->watches = calloc((size_t)maxfd, sizeof *lo->watches);
    lo->pfds = calloc((size_t)maxfd, sizeof *lo->pfds);
    lo->fired = calloc((size_t)maxfd, sizeof *lo->fired);
    if (!lo->watches || !lo->pfds || !lo->fired) {
        loop_destroy(lo);
        return NULL;
    }
    for (int i = 0; i < maxfd; i++)
        lo->watches[i].slot = -1;
    lo->now_ms = clock_ms();
    return lo;
}

void loop_destroy(loop *lo)
{
    if (!lo)
        return;
    free(lo->watches);
    free(lo->pfds);
    free(lo->fired);
    free(lo);
}

int loop_watch(loop *lo, int fd, int mask, loop_fn *fn, void *data)
{
    if (fd < 0 || fd >= lo->maxfd)
        return -1;
    if (mask == 0) {
        loop_unwatch(lo, fd);
        return 0;
    }
    watch *w = &lo->watches[fd];
    w->fn = fn;
    w->data = data;
    if (w->mask != mask || w->slot < 0)
        backend_set(lo, fd, mask);
    w->mask = mask;
    return 0;
}

void loop_unwatch(loop *lo, int fd)
{
    if (fd < 0 || fd >= lo->maxfd)
        return;
    backend_del(lo, fd);
    lo->watches[fd].mask = 0;
    lo->watches[fd].fn = NULL;
    lo->watches[fd].data = NULL;
}

int loop_once(loop *lo, int timeout_ms)
{
    int n = backend_wait(lo, timeout_ms);
    lo->now_ms = clock_ms();
    int ran = 0;
    for (int i = 0; i < n; i++) {
        /* Refresh from the table: an earlier callback in this turn may have
         * unwatched this descriptor, or closed it and reused the number. */
        watch *w = &lo->watches[lo->fired[i].fd];
        int mask = lo->fired[i].mask & w->mask;
        if (!w->fn || !mask)
            continue;
        w->fn(lo, lo->fired[i].fd, w->data, mask);
        ran++;
    }
    return n < 0 ? -1 : ran;
}

uint64_t loop_now_ms(const loop *lo) { return lo->now_ms; }
int loop_maxfd(const loop *lo) { return lo->maxfd; }
