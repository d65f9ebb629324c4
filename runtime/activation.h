/* activation: sockets handed to koand by inetd or systemd instead of bound
 * by it. */
#ifndef KOAN_ACTIVATION_H
#define KOAN_ACTIVATION_H
#include "runtime/config.h"

/* activation_proto: the protocol for an inherited socket: the name systemd
 * gave it (FileDescriptorName=), else -P, else its port's default owner,
 * else the primary protocol (registry_primary). */
const proto *activation_proto(const config *cf, int fd, const char *name);
/* activation_check: NULL if fd is a stream socket that listens (listening)
 * or is connected to a peer (!listening); else what it is instead ("a
 * file", "a connected socket", ...), for an error message. */
const char *activation_check(int fd, int listening);
/* activation_gone: NULL unless fd is an accepted stream socket whose
 * client has already gone (reset the connection) by the time koand looks
 * at it; then why, for the log ("Connection reset by peer"). Such a socket
 * is no wrong start: koand logs it and exits 0. */
const char *activation_gone(int fd);
/* activation_systemd: if LISTEN_PID is us, take the LISTEN_FDS sockets as
 * listeners: fills cf->listen[] (protocol, port, name) and fds[]; returns
 * how many (0 = not socket-activated), or -1 after logging why koand was
 * started wrongly: a variable that is not a number, listen options beside
 * the sockets, or a socket that is not a listening stream socket. */
int activation_systemd(config *cf, int *fds);

#endif
