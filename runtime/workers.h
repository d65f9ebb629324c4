/* workers: --workers N, N event loops in N processes sharing each port
 * through SO_REUSEPORT, so the kernel spreads clients over the cores. */
#ifndef KOAN_WORKERS_H
#define KOAN_WORKERS_H
#include "runtime/config.h"

/* workers_run: bind, fork the workers, relay signals to them, and return
 * the exit status (0 when every worker stopped cleanly). */
int workers_run(const config *cf);

#endif
