/* upgrade: a live upgrade. At SIGUSR2 koand starts the binary found at its
 * own path now (after `make`, the new build) and hands it the listening
 * sockets -- the same kernel sockets, so no client waiting in a backlog is
 * lost -- with a channel (runtime/handover.h). Once the new process says it
 * is ready, this one stops accepting and hands over every connection that
 * sits between requests; the others finish their request or reply here and
 * move when they reach a boundary. This process exits when it holds no
 * connection, at most --shutdown-timeout after the upgrade began. If the new
 * binary cannot start, or is not ready in time, or dies on the way, this
 * process serves on as if nothing had happened and logs why. */
#ifndef KOAN_UPGRADE_H
#define KOAN_UPGRADE_H

#include "runtime/server.h"

/* upgrade_setup: at start, before anything else: remember the path of this
 * binary and argv, to start the same command again at an upgrade. */
void upgrade_setup(char **argv);
/* upgrade_start: SIGUSR2: begin an upgrade, or log why not (one under way,
 * the server stopping). */
void upgrade_start(server *s);
/* upgrade_joining: 1 if this process was started by an upgrade (it then
 * takes over rather than writing the pid file or telling systemd it is
 * ready on its own). */
int upgrade_joining(void);
/* upgrade_join: in a process an upgrade started, once it serves on the
 * inherited sockets: tell the old process it is ready on the channel fd
 * (-1: the one KOAND_HANDOVER names), and take over what it sends; -1 if
 * the channel is not there. */
int upgrade_join(server *s, int fd);
/* upgrade_spawn: start the binary at koand's own path with the n listening
 * sockets fds[] (their protocols protos[]; per > 1: each address's per
 * sockets side by side, one per worker) and a fresh channel, whose end is
 * left in *chan; its pid, or -1 after logging why not. */
pid_t upgrade_spawn(const int *fds, const proto *const *protos, int n, int per, int *chan);
/* upgrade_worker: s is a worker of --workers and ctl its channel to its
 * parent: SIGUSR2 is the parent's, and an upgrade reaches this worker as
 * HO_UPGRADE, with the channel to its new counterpart attached. */
void upgrade_worker(server *s, int ctl);
/* upgrade_move: c's turn is over and an upgrade is moving connections:
 * hand c over if it sits between requests. Returns 1 if it moved (c is
 * freed). */
int upgrade_move(server *s, conn *c);
/* upgrade_tick: a few times a second: deadlines, and connections that did
 * not move yet. Returns 1 once this process has handed everything over and
 * should exit. */
int upgrade_tick(server *s, uint64_t now);
/* upgrade_ready: the process serves: write the pid file, tell systemd. */
void upgrade_ready(server *s);
/* upgrade_exit: the process leaves: remove the pid file if it is ours. */
void upgrade_exit(server *s);

#endif
