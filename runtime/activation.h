/* activation: sockets handed to koand by inetd or systemd instead of bound
 * by it. */
#ifndef KOAN_ACTIVATION_H
#define KOAN_ACTIVATION_H
#include "runtime/config.h"

/* activation_proto: the protocol for an inherited socket: the name systemd
 * gave it (FileDescriptorName=), else -P, else its port's default owner,
 * else zen. */
const proto *activation_proto(const config *cf, int fd, const char *name);
/* activation_systemd: if LISTEN_PID is us, take the LISTEN_FDS sockets as
 * listeners: fills cf->listen[] protocols and fds[]; returns how many (0 =
 * not socket-activated). */
int activation_systemd(config *cf, int *fds);

#endif
