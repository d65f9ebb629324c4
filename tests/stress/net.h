/* net: loopback TCP sockets with deadlines. Every socket is 127.0.0.x. */
#ifndef KOAN_STRESS_NET_H
#define KOAN_STRESS_NET_H
#include <stddef.h>

/* tcp_open: a TCP socket to 127.0.0.1:port, from src (NULL: any), with
 * SO_RCVBUF rcvbuf (0: default), TCP_NODELAY; nonblock: return at once
 * (connect in progress). -1 with errno on failure. */
int tcp_open(int port, const char *src, int rcvbuf, int nonblock);
/* set_nonblock: O_NONBLOCK on fd. */
void set_nonblock(int fd);
/* set_linger0: close() will send a reset. */
void set_linger0(int fd);
/* send_all: write all n bytes within timeout s; 0, or -1 (errno). */
int send_all(int fd, const void *p, size_t n, double timeout);
/* recv_exact: read until n bytes, end of stream or timeout; bytes read. */
size_t recv_exact(int fd, void *p, size_t n, double timeout);
/* read_end: read until end of stream; returns 0 clean end of stream, 1
 * reset or error (*err = errno), 2 timeout; *got bytes read into p (at
 * most cap kept). */
int read_end(int fd, char *p, size_t cap, size_t *got, double timeout, int *err);

#endif
