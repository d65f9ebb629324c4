/* registry: the protocols this process serves. The runtime knows none by
 * name: main.c hands it the list make generated from the protocol units it
 * found (proto/protocols.h), and everything that needs a protocol -- the
 * option parser, --help, the default listen set, inetd and systemd
 * sockets -- asks here. */
#ifndef KOAN_REGISTRY_H
#define KOAN_REGISTRY_H
#include <stddef.h>

#include "runtime/proto.h"

#define REGISTRY_MAX 32   /* protocols one build can hold */

/* registry_use: serve the protocols of the NULL-terminated list all, kept
 * in the order of their default ports; 0, or -1 if it holds none, more
 * than REGISTRY_MAX, or two of one name or one default port. */
int registry_use(const proto *const *all);
/* registry_all: every protocol served (role PROTO_SERVE), NULL-terminated,
 * by default port. */
const proto *const *registry_all(void);
/* registry_count: how many there are. */
int registry_count(void);
/* registry_find: the protocol named name, or NULL (a unit of another role
 * is no protocol: --listen and -P cannot name it). */
const proto *registry_find(const char *name);
/* registry_find_any: the unit named name, whatever its role, or NULL
 * (inherited sockets at a live upgrade, the fuzz harnesses). */
const proto *registry_find_any(const char *name);
/* registry_role: the unit of that role (enum proto_role), or NULL. */
const proto *registry_role(int role);
/* registry_index: pr's place among every unit (protocols first, by port,
 * then the others), 0 .. REGISTRY_MAX-1: its metrics slot; -1 if none. */
int registry_index(const proto *pr);
/* registry_nth: the unit at registry_index i, or NULL past the last. */
const proto *registry_nth(int i);
/* registry_primary: the protocol served when none is named (-P, inetd,
 * a socket whose port is no protocol's): the one whose table says
 * primary, else the first. */
const proto *registry_primary(void);
/* registry_names: "a, b or c" into out (truncated to len). */
void registry_names(char *out, size_t len);

#endif
