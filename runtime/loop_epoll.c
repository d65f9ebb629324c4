/* The epoll(7) backend: cost grows with ready descriptors only, so 9000
 * idle clients cost a busy loop nothing. Level-triggered, like poll, so the
 * two backends behave the same to the code above them. */
#ifdef __linux__
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "runtime/loop_impl.h"

#define EPOLL_BATCH 1024   /* events taken per wait */

typedef struct epoll_state {
    int epfd;
    struct epoll_event events[EPOLL_BATCH];
} epoll_state;

static int ep_create(loop *lo)
{
    epoll_state *es = calloc(1, sizeof *es);
    if (!es)
        return -1;
    es->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (es->epfd < 0) {
        free(es);
        return -1;
    }
    lo->bdata = es;
    return 0;
}

static void ep_destroy(loop *lo)
{
    epoll_state *es = lo->bdata;
    if (es) {
        close(es->epfd);
        free(es);
    }
}

static int ep_set(loop *lo, int fd, int old, int mask)
{
    epoll_state *es = lo->bdata;
    struct epoll_event ev = {0};
    ev.events = ((mask & LOOP_READ) ? EPOLLIN : 0) | ((mask & LOOP_WRITE) ? EPOLLOUT : 0);
    ev.data.fd = fd;
    /* EPOLLEXCLUSIVE can be given to EPOLL_CTL_ADD only, so an exclusive
     * descriptor is watched once and never modified. */
    if ((mask & LOOP_EXCLUSIVE) && !old)
        ev.events |= EPOLLEXCLUSIVE;
    else if (old & LOOP_EXCLUSIVE)
        return 0;
    return epoll_ctl(es->epfd, old ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev);
}

static void ep_del(loop *lo, int fd, int old)
{
    (void)old;
    epoll_state *es = lo->bdata;
    struct epoll_event ev = {0};
    /* The descriptor may already be closed; then the kernel dropped it. */
    epoll_ctl(es->epfd, EPOLL_CTL_DEL, fd, &ev);
}

static int ep_wait(loop *lo, int timeout_ms)
{
    epoll_state *es = lo->bdata;
    /* lo->fired holds maxfd entries, which may be fewer than a batch. */
    int max = lo->maxfd < EPOLL_BATCH ? lo->maxfd : EPOLL_BATCH;
    int n = epoll_wait(es->epfd, es->events, max, timeout_ms);
    /* Interrupted -- by a signal, or by SIGSTOP and SIGCONT, after which
     * Linux fails epoll_wait with EINTR even with no handler -- look once
     * more without waiting. After a long stop the clock has jumped, and the
     * turn that follows judges deadlines: it must first see what arrived
     * meanwhile, as poll(2), which the kernel restarts, does. */
    if (n < 0 && errno == EINTR)
        n = epoll_wait(es->epfd, es->events, max, 0);
    if (n <= 0)
        return n < 0 && errno != EINTR ? -1 : 0;
    for (int i = 0; i < n; i++) {
        uint32_t e = es->events[i].events;
        int mask = 0;
        if (e & EPOLLIN)
            mask |= LOOP_READ;
        if (e & EPOLLOUT)
            mask |= LOOP_WRITE;
        if (e & (EPOLLERR | EPOLLHUP))
            mask |= LOOP_READ | LOOP_WRITE;
        lo->fired[i].fd = es->events[i].data.fd;
        lo->fired[i].mask = mask;
    }
    return n;
}

const loop_backend loop_backend_epoll = {
    "epoll", ep_create, ep_destroy, ep_set, ep_del, ep_wait,
};
#endif
