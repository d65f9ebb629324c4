/* notify: systemd's sd_notify, without libsystemd: one datagram to
 * $NOTIFY_SOCKET (a path, or '@' for the abstract namespace). Under a
 * Type=notify unit koand says READY=1 once it serves, RELOADING=1 when a
 * live upgrade begins, and the new process MAINPID= and READY=1 once it has
 * taken over, so systemd follows the main process. Without NOTIFY_SOCKET it
 * does nothing. */
#ifndef KOAN_NOTIFY_H
#define KOAN_NOTIFY_H

/* notify_send: send state ("READY=1", "MAINPID=12\nREADY=1") to systemd;
 * 0, or -1 (no socket, or it failed; nothing else is affected). */
int notify_send(const char *state);

#endif
