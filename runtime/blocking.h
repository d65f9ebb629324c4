/* blocking: the blocking servers of the teaching material, on the same
 * generated parsers: --model single (one client at a time), --model
 * threads (N threads, each accepting and serving one client at a time)
 * and --model spawn (a thread started for each client, as socketserver's
 * ThreadingMixIn does, but no more than --max-conns at once: unbounded,
 * a client would decide how many threads run). They exist to be shown and measured beside the async loop, and apply the
 * same limits: --allow/--deny, --max-conns, --max-conns-per-ip, the
 * timeouts, the first-request guard; SIGUSR1 and --stats-interval log the
 * counters. */
#ifndef KOAN_BLOCKING_H
#define KOAN_BLOCKING_H
#include "runtime/server.h"

enum blocking_model { BLOCKING_SINGLE, BLOCKING_THREADS, BLOCKING_SPAWN };

/* blocking_model_of: the blocking model named ("single", "threads",
 * "spawn"), or -1 (async). */
int blocking_model_of(const char *name);
/* blocking_run: serve s's listeners with the model (nthreads workers for
 * threads) until a SIGINT/SIGTERM's graceful stop completes; returns the
 * exit status. */
int blocking_run(server *s, int model, int nthreads);

#endif
