/* workers: --workers N, N event loops in N processes sharing each port
 * through SO_REUSEPORT (or, for sockets inherited from systemd or inetd,
 * all accepting on the one socket), so the kernel spreads clients over
 * the cores. */
#ifndef KOAN_WORKERS_H
#define KOAN_WORKERS_H
#include <stdint.h>

#include "runtime/config.h"

/* workers_run: bind, fork the workers, relay signals to them, and return
 * the exit status (0 when every worker stopped cleanly). With shared (the
 * cf->nlisten sockets of systemd or inetd) nothing is bound: every worker
 * accepts on those same sockets. exit_idle_ms: each worker leaves after
 * this long without a client (--inetd-wait's --linger); -1 never. */
int workers_run(const config *cf, const int *shared, int64_t exit_idle_ms);

#endif
