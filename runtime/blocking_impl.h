/* blocking_impl: what the blocking models' two halves share: blocking.c
 * (threads, admission, lingering closes, signals) and blocking_serve.c
 * (one client on a blocking socket, start to end). Not for other code. */
#ifndef KOAN_BLOCKING_IMPL_H
#define KOAN_BLOCKING_IMPL_H
#include <pthread.h>
#include <stdint.h>
#include <sys/socket.h>

#include "runtime/blocking.h"
#include "runtime/net.h"

#define WAKE_MS 250   /* how often a blocked call looks for a stop signal or a deadline */

typedef struct lingering {
    int fd;
    uint64_t since;
    peer_addr peer;
} lingering;

typedef struct blocking {
    server *s;
    const config *cf;
    int model;                 /* enum blocking_model */
    pthread_mutex_t lock;      /* guards what follows, and stats_limit */
    int conns;                 /* clients admitted and not closed: served or lingering */
    lingering *lingering;      /* closes of our own, draining (at most s->max_conns) */
    int nlingering;
    int running;               /* worker threads still in their accept loop */
    int wake[2];               /* a byte here: a lingering close was added */
    int stop[2];               /* readable once stopping: wakes every worker */
} blocking;

/* blocking_now_ms: the monotonic clock in milliseconds. */
uint64_t blocking_now_ms(void);
/* blocking_limit: count one occurrence of a limit and log it, rate
 * limited, from any thread. */
void blocking_limit(blocking *b, int kind, const char *what);
/* blocking_linger: we closed on our own initiative and shut our write
 * side: fd's input is drained until the peer's end of stream or 2 s, off
 * this thread, then fd is closed and the client released. */
void blocking_linger(blocking *b, int fd, const peer_addr *pa);
/* blocking_release: a client's descriptor is closed: it counts no more. */
void blocking_release(blocking *b, const peer_addr *pa);
/* blocking_serve: serve one admitted client of l to its end on this
 * thread; closes fd (or hands it to blocking_linger) and releases it. */
void blocking_serve(blocking *b, const listener *l, int fd, const struct sockaddr *sa);

#endif
