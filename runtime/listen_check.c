#include "runtime/listen_check.h"

#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "runtime/config.h"

/* Where one spec will bind: what net_listen will take, the first address
 * getaddrinfo gives. */
typedef struct bound {
    int family;
    unsigned char addr[16];
    int wildcard;
    unsigned port;
} bound;

static int resolve(const listen_spec *ls, bound *b, char *why, size_t len)
{
    struct addrinfo *res = NULL;
    int rc = net_resolve(ls, &res);
    if (rc != 0) {
        snprintf(why, len, "%s", gai_strerror(rc));
        return -1;
    }
    memset(b, 0, sizeof *b);
    b->family = res->ai_family;
    b->port = ls->port;
    if (res->ai_family == AF_INET6) {
        memcpy(b->addr, &((struct sockaddr_in6 *)res->ai_addr)->sin6_addr, 16);
        b->wildcard = memcmp(b->addr, &in6addr_any, 16) == 0;
    } else {
        memcpy(b->addr, &((struct sockaddr_in *)res->ai_addr)->sin_addr, 4);
        b->wildcard = memcmp(b->addr, (unsigned char[4]){0}, 4) == 0;
    }
    freeaddrinfo(res);
    return 0;
}

/* Port 0 picks a free port for each, so only a fixed port can clash. */
static int clash(const bound *a, const bound *b)
{
    return a->port && a->port == b->port && a->family == b->family &&
           (a->wildcard || b->wildcard || memcmp(a->addr, b->addr, 16) == 0);
}

int listen_check(const listen_spec *ls, const char *const *given, int n, char *err, size_t len)
{
    bound b[CONFIG_MAX_LISTEN];
    char why[128];
    for (int i = 0; i < n && i < CONFIG_MAX_LISTEN; i++) {
        if (resolve(&ls[i], &b[i], why, sizeof why) < 0) {
            snprintf(err, len, "%s: host '%s' does not resolve (%s)", given[i], ls[i].host, why);
            return -1;
        }
        for (int j = 0; j < i; j++)
            if (clash(&b[j], &b[i])) {
                snprintf(err, len, "%s and %s: the same address and port twice%s", given[j],
                         given[i], b[i].wildcard || b[j].wildcard
                                       ? " (a wildcard host takes every address of its family)"
                                       : "");
                return -1;
            }
    }
    return 0;
}
