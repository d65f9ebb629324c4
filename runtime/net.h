/* net: addresses and listening sockets. */
#ifndef KOAN_NET_H
#define KOAN_NET_H
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "runtime/proto.h"

/* What to serve where: PROTOCOL@HOST:PORT. */
typedef struct listen_spec {
    const proto *pr;
    char host[256];     /* "" = every interface */
    uint16_t port;      /* 0 = any free port */
    char name[64];      /* an inherited socket's FileDescriptorName, "" = none */
} listen_spec;

/* A peer's address, small enough to keep in every connection. */
typedef struct peer_addr {
    uint8_t family;
    uint16_t port;
    uint8_t addr[16];
} peer_addr;

/* Longest text net_format_peer writes, NUL included. */
#define PEER_TEXT 56

/* listen_spec_parse: read "PROTO@HOST:PORT" ("[v6]" hosts allowed); on
 * failure writes a reason to err and returns -1. */
int listen_spec_parse(const char *s, listen_spec *ls, char *err, size_t errlen);
/* net_host: the host to bind for ls: the empty host means every
 * interface, as with the classic servers. */
static inline const char *net_host(const listen_spec *ls) { return ls->host[0] ? ls->host : "0.0.0.0"; }
struct addrinfo;
/* net_resolve: getaddrinfo for binding ls (passive, stream, numeric port);
 * its return code (0 ok, then freeaddrinfo(*res)). */
int net_resolve(const listen_spec *ls, struct addrinfo **res);
/* net_listen: bind and listen, non-blocking (SO_REUSEPORT if reuseport, so
 * several workers can share the port); writes the bound "host:port" to
 * where and the port to *bound (port 0 resolved). Returns the fd, or -1
 * with a reason in where. */
int net_listen(const listen_spec *ls, int reuseport, char *where, size_t wlen, uint16_t *bound);
/* net_local_name: where socket fd is bound, "1.2.3.4:5", "[::1]:5" or a
 * unix socket's path; -1 (out untouched) if it has no such name. */
int net_local_name(int fd, char *out, size_t len);
/* net_peer_from: keep the address accept() returned. */
void net_peer_from(peer_addr *pa, const struct sockaddr *sa);
/* net_format_peer: "1.2.3.4:5" or "[::1]:5". */
void net_format_peer(const peer_addr *pa, char out[PEER_TEXT]);

#endif
