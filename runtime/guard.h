/* guard: the first-request check every model applies. A browser can be
 * made to send an HTTP request or a TLS ClientHello to any local port;
 * like Redis, koand hangs up on those instead of answering them. */
#ifndef KOAN_GUARD_H
#define KOAN_GUARD_H
#include <stddef.h>
#include <stdint.h>

#define GUARD_BYTES 5   /* enough to tell "POST " or "Host:" from a request */

/* guard_verdict: do the first n bytes (n <= GUARD_BYTES) start an HTTP
 * request or a TLS ClientHello? 1 yes, 0 no, -1 cannot tell yet. */
int guard_verdict(const uint8_t *g, size_t n);

#endif
