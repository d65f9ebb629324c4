/* tcp: a blocking TCP client with deadlines, for the socket tests. Nothing
 * here asserts; every wait has a deadline. */
#ifndef KOAN_TEST_TCP_H
#define KOAN_TEST_TCP_H
#include <stddef.h>

/* How a stream ended. */
enum tcp_end { TCP_EOF, TCP_TIMEOUT, TCP_RESET };
/* tcp_end_name: "end of stream", "timeout", "reset or error". */
const char *tcp_end_name(int end);

/* tcp_dial: connect (blocking, close-on-exec) to host ("127.0.0.1",
 * "::1") and port; -1 on failure. */
int tcp_dial(const char *host, int port);
/* tcp_dial_rcvbuf: the same with a receive buffer of `rcvbuf` bytes, for a
 * client that is slow to take replies. */
int tcp_dial_rcvbuf(const char *host, int port, int rcvbuf);
/* tcp_local_port: the client side's port, to find its lines in the log. */
int tcp_local_port(int fd);
/* tcp_free_port: a port on host that was free a moment ago. */
int tcp_free_port(const char *host);
/* tcp_send: write everything within timeout_ms; 0, or -1 (errno set). */
int tcp_send(int fd, const void *p, size_t n, int timeout_ms);
/* tcp_read_n: read exactly n bytes within timeout_ms; returns how many
 * arrived before the deadline, end of stream or an error. */
size_t tcp_read_n(int fd, char *dst, size_t n, int timeout_ms);
/* tcp_read_eof: read until end of stream within timeout_ms; *out gets
 * the bytes (malloc'd, NUL-terminated), *len their count; returns how the
 * stream ended. */
int tcp_read_eof(int fd, char **out, size_t *len, int timeout_ms);
/* tcp_quiet: 1 if nothing arrives (no byte, no end) for ms. */
int tcp_quiet(int fd, int ms);
/* tcp_unacked: bytes written but not yet acknowledged by the peer's
 * kernel (SIOCOUTQ); 0 means the server's socket holds all of them. */
int tcp_unacked(int fd);

/* tcp_server_unread: bytes the server's socket for the loopback IPv4
 * connection server_port <-> client_port holds unread (/proc/net/tcp);
 * -1 if not found. */
int tcp_server_unread(int server_port, int client_port);

#endif
