/* loop_impl: what a readiness backend (poll, epoll) provides to loop.c.
 * Private to the loop and its backends. */
#ifndef KOAN_LOOP_IMPL_H
#define KOAN_LOOP_IMPL_H
#include "runtime/loop.h"

typedef struct watch {
    loop_fn *fn;
    void *data;
    int mask;
    int slot;           /* backend bookkeeping (poll: index in pollfds) */
} watch;

typedef struct fired {
    int fd;
    int mask;
} fired;

struct loop {
    int maxfd;
    watch *watches;     /* indexed by fd */
    fired *fired;       /* what the last wait reported */
    const struct loop_backend *be;
    void *bdata;        /* the backend's own state */
    uint64_t now_ms;
};

typedef struct loop_backend {
    const char *name;
    int (*create)(loop *lo);
    void (*destroy)(loop *lo);
    /* set: fd's mask changes from old (0 = new) to mask (never 0). */
    int (*set)(loop *lo, int fd, int old, int mask);
    /* del: fd, watched with mask old, is no longer watched. */
    void (*del)(loop *lo, int fd, int old);
    /* wait: fill lo->fired; returns how many, 0 on timeout or EINTR, -1 on error. */
    int (*wait)(loop *lo, int timeout_ms);
} loop_backend;

extern const loop_backend loop_backend_poll;
#ifdef __linux__
extern const loop_backend loop_backend_epoll;
#endif

#endif
