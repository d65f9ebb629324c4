/* listen_check: the listen specs of one koand, checked before it binds
 * anything, so that a mistake in them is a bad invocation (exit 2) and not
 * a failure to start (exit 1). */
#ifndef KOAN_LISTEN_CHECK_H
#define KOAN_LISTEN_CHECK_H
#include <stddef.h>

#include "runtime/net.h"

/* listen_check: every host resolves, and no two specs take the same
 * address and port (a wildcard host takes every address of its family).
 * given[i] is spec i as the operator wrote it, for the message. Returns
 * 0, or -1 with a one-line reason in err. */
int listen_check(const listen_spec *ls, const char *const *given, int n, char *err, size_t len);

#endif
