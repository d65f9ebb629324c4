/* pool: a few threads that run costly jobs off the event loop.
 *
 * The loop submits a job; a pool thread runs it; the loop hears that it
 * ended through a pipe it watches, and calls the job's `done` itself. So
 * only `run` ever happens off the loop thread, and whatever `done` does
 * (replies, sockets, freeing) needs no lock. At most `cap` jobs are with
 * the threads at once; more wait on the loop side, in the order they came,
 * until one ends. Nothing here knows a connection or a protocol. */
#ifndef KOAN_POOL_H
#define KOAN_POOL_H
#include "runtime/loop.h"

typedef struct pool_job {
    struct pool_job *next;              /* the pool's link */
    void (*run)(struct pool_job *j);    /* on a pool thread */
    void (*done)(struct pool_job *j);   /* then on the loop's thread */
} pool_job;

typedef struct pool pool;

/* pool_create: `threads` threads, started with the first job (0: none;
 * then jobs run only when pool_run_held is called, for harnesses that
 * choose when), taking at most cap jobs at once (at least 1), the loop
 * watching its pipe. NULL after logging why not. */
pool *pool_create(loop *lo, int threads, int cap);
/* pool_submit: hand j over; returns 1 if it waits because cap jobs are out
 * (the cap acted), else 0. Loop thread only. */
int pool_submit(pool *p, pool_job *j);
/* pool_jobs: jobs submitted whose done has not run yet. */
int pool_jobs(const pool *p);
/* pool_run_held: a pool of 0 threads: run up to n jobs the threads would
 * have taken, here and now; their done runs on a later loop turn as usual.
 * Returns how many ran. */
int pool_run_held(pool *p, int n);
/* pool_destroy: run every job still out to its done (turning the loop as
 * needed), then stop the threads and free the pool. */
void pool_destroy(pool *p);
/* pool_default_threads: what --compute-threads is by default: the cores
 * less one (the loop's), at least 1. */
int pool_default_threads(void);

#endif
