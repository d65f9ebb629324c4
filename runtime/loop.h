/* loop: a readiness loop over file descriptors, after Redis's ae. The
 * backend (epoll or poll, runtime/loop_*.c) hides behind a handful of
 * static functions. */
#ifndef KOAN_LOOP_H
#define KOAN_LOOP_H
#include <stdint.h>

/* LOOP_EXCLUSIVE, with LOOP_READ, on a listening socket other processes
 * watch too (--workers, a live upgrade): wake one of them per client, not
 * all (epoll's EPOLLEXCLUSIVE; poll wakes all, and the losers find nothing
 * to accept). It holds from the first watch until the unwatch. */
enum { LOOP_READ = 1, LOOP_WRITE = 2, LOOP_EXCLUSIVE = 4 };

typedef struct loop loop;
/* A callback: fd is ready for what mask says (errors count as both). */
typedef void loop_fn(loop *lo, int fd, void *data, int mask);

/* loop_create: a loop able to watch descriptors below maxfd, on the named
 * backend ("epoll", "poll"; NULL = the platform's best). */
loop *loop_create(int maxfd, const char *backend);
/* loop_backend_name: the backend in use. */
const char *loop_backend_name(const loop *lo);
/* loop_default_backend: what NULL picks here. */
const char *loop_default_backend(void);
/* loop_has_backend: 1 if this build has the named backend. */
int loop_has_backend(const char *name);
/* loop_destroy: free lo; the descriptors it watched stay open. */
void loop_destroy(loop *lo);
/* loop_watch: watch fd for mask (replacing the previous mask); 0 unwatches. */
int loop_watch(loop *lo, int fd, int mask, loop_fn *fn, void *data);
/* loop_unwatch: stop watching fd (before closing it). */
void loop_unwatch(loop *lo, int fd);
/* loop_once: wait up to timeout_ms (-1 = forever) and run the callbacks of
 * every ready descriptor; returns how many ran. */
int loop_once(loop *lo, int timeout_ms);
/* loop_now_ms: the monotonic clock, read once per turn. */
uint64_t loop_now_ms(const loop *lo);
/* loop_maxfd: one past the highest descriptor the loop can watch. */
int loop_maxfd(const loop *lo);

#endif
