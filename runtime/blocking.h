/* blocking: the two blocking servers of the teaching material, on the same
 * generated parsers: --model single (one client at a time) and --model
 * threads (N threads, each accepting and serving one client at a time).
 * They exist to be shown and measured beside the async loop. */
#ifndef KOAN_BLOCKING_H
#define KOAN_BLOCKING_H
#include "runtime/server.h"

/* blocking_run: serve s's listeners with nthreads blocking workers (1 =
 * single) until SIGINT/SIGTERM; returns the exit status. */
int blocking_run(server *s, int nthreads);

#endif
