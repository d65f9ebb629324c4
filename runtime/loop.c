#include "runtime/loop.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runtime/loop_impl.h"

static uint64_t clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static const loop_backend *const backends[] = {
#ifdef __linux__
    &loop_backend_epoll,
#endif
    &loop_backend_poll,
    NULL,
};

const char *loop_default_backend(void) { return backends[0]->name; }

int loop_has_backend(const char *name)
{
    for (const loop_backend *const *b = backends; *b; b++)
        if (strcmp((*b)->name, name) == 0)
            return 1;
    return 0;
}

loop *loop_create(int maxfd, const char *backend)
{
    const loop_backend *be = backends[0];
    for (const loop_backend *const *b = backends; *b && backend; b++)
        if (strcmp((*b)->name, backend) == 0)
            be = *b;
    loop *lo = calloc(1, sizeof *lo);
    if (!lo)
        return NULL;
    lo->maxfd = maxfd;
    lo->be = be;
    lo->watches = calloc((size_t)maxfd, sizeof *lo->watches);
    lo->fired = calloc((size_t)maxfd, sizeof *lo->fired);
    if (!lo->watches || !lo->fired || be->create(lo) < 0) {
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
    if (lo->bdata)
        lo->be->destroy(lo);
    free(lo->watches);
    free(lo->fired);
    free(lo);
}

const char *loop_backend_name(const loop *lo) { return lo->be->name; }

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
    if (w->mask != mask) {
        if (lo->be->set(lo, fd, w->mask, mask) < 0)
            return -1;
        w->mask = mask;
    }
    return 0;
}

void loop_unwatch(loop *lo, int fd)
{
    if (fd < 0 || fd >= lo->maxfd)
        return;
    watch *w = &lo->watches[fd];
    if (w->mask)
        lo->be->del(lo, fd, w->mask);
    w->mask = 0;
    w->fn = NULL;
    w->data = NULL;
}

int loop_once(loop *lo, int timeout_ms)
{
    int n = lo->be->wait(lo, timeout_ms);
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
