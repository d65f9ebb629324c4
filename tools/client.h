/* client: the socket calls koan's client programs share. Every call has a
 * deadline, so a silent server cannot hang a client or a test. */
#ifndef KOAN_CLIENT_H
#define KOAN_CLIENT_H
#include <stddef.h>
#include <sys/types.h>

/* client_dial: connect to host (name, IPv4, IPv6, "[v6]") and port,
 * trying each address in turn, within timeout_ms (0 = no limit); returns
 * a connected non-blocking socket, or -1 with the reason in err. */
int client_dial(const char *host, const char *port, int timeout_ms, char *err, size_t errlen);
/* client_send: write all n bytes, waiting at most timeout_ms (0 = no
 * limit) for each bit of progress; 0, or -1 with errno (ETIMEDOUT). */
int client_send(int fd, const void *p, size_t n, int timeout_ms);
/* client_recv: read what has arrived, waiting at most timeout_ms (0 = no
 * limit); bytes read, 0 at end of stream, or -1 with errno (ETIMEDOUT). */
ssize_t client_recv(int fd, void *buf, size_t cap, int timeout_ms);

#endif
