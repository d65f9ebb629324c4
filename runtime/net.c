#include "runtime/net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

#include "runtime/registry.h"

int listen_spec_parse(const char *s, listen_spec *ls, char *err, size_t errlen)
{
    const char *at = strchr(s, '@');
    if (!at) {
        snprintf(err, errlen, "listen spec '%s' is not PROTOCOL@HOST:PORT", s);
        return -1;
    }
    char name[32];
    size_t nlen = (size_t)(at - s);
    if (nlen >= sizeof name)
        nlen = sizeof name - 1;
    memcpy(name, s, nlen);
    name[nlen] = 0;
    ls->pr = registry_find(name);
    if (!ls->pr) {
        char names[256];
        registry_names(names, sizeof names);
        snprintf(err, errlen, "unknown protocol '%s' (%s)", name, names);
        return -1;
    }
    const char *h = at + 1, *colon;
    size_t hlen;
    if (*h == '[') {
        const char *close = strchr(h, ']');
        if (!close || close[1] != ':') {
            snprintf(err, errlen, "listen spec '%s': bad [IPv6]:PORT", s);
            return -1;
        }
        h++;
        hlen = (size_t)(close - h);
        colon = close + 1;
    } else {
        colon = strrchr(h, ':');
        if (!colon) {
            snprintf(err, errlen, "listen spec '%s' has no :PORT", s);
            return -1;
        }
        hlen = (size_t)(colon - h);
    }
    if (hlen >= sizeof ls->host) {
        snprintf(err, errlen, "listen spec '%s': host too long", s);
        return -1;
    }
    memcpy(ls->host, h, hlen);
    ls->host[hlen] = 0;
    char *end;
    errno = 0;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (colon[1] == 0 || *end || errno || port > 65535 || strspn(colon + 1, "0123456789") != strlen(colon + 1)) {
        snprintf(err, errlen, "listen spec '%s': bad port", s);
        return -1;
    }
    ls->port = (uint16_t)port;
    return 0;
}

static void format_sockaddr(const struct sockaddr *sa, char *out, size_t len)
{
    char host[INET6_ADDRSTRLEN] = "?";
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof host);
        snprintf(out, len, "[%s]:%u", host, ntohs(s6->sin6_port));
    } else {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &s4->sin_addr, host, sizeof host);
        snprintf(out, len, "%s:%u", host, ntohs(s4->sin_port));
    }
}

int net_local_name(int fd, char *out, size_t len)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    memset(&ss, 0, sizeof ss);
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0)
        return -1;
    if (ss.ss_family == AF_INET || ss.ss_family == AF_INET6) {
        format_sockaddr((struct sockaddr *)&ss, out, len);
        return 0;
    }
    if (ss.ss_family == AF_UNIX) {
        const struct sockaddr_un *su = (const struct sockaddr_un *)&ss;
        size_t n = sl > offsetof(struct sockaddr_un, sun_path) ? sl - offsetof(struct sockaddr_un, sun_path) : 0;
        if (n == 0)
            return -1;
        /* A leading NUL is the abstract namespace, shown as '@'. */
        if (su->sun_path[0] == 0)
            snprintf(out, len, "@%.*s", (int)(n - 1), su->sun_path + 1);
        else
            snprintf(out, len, "%.*s", (int)strnlen(su->sun_path, n), su->sun_path);
        return 0;
    }
    return -1;
}

int net_resolve(const listen_spec *ls, struct addrinfo **res)
{
    struct addrinfo hints = {0};
    char port[8];
    snprintf(port, sizeof port, "%u", ls->port);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    *res = NULL;
    return getaddrinfo(net_host(ls), port, &hints, res);
}

int net_listen(const listen_spec *ls, int reuseport, char *where, size_t wlen, uint16_t *bound)
{
    struct addrinfo *res = NULL;
    const char *host = net_host(ls);
    int rc = net_resolve(ls, &res);
    if (rc != 0) {
        snprintf(where, wlen, "%s: %s", host, gai_strerror(rc));
        return -1;
    }
    int fd = socket(res->ai_family, res->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        goto fail;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (reuseport && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0)
        goto fail;
    /* "::" serves IPv6 only; IPv4 needs its own listener, said explicitly. */
    if (res->ai_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, SOMAXCONN) < 0)
        goto fail;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    getsockname(fd, (struct sockaddr *)&ss, &sl);
    format_sockaddr((struct sockaddr *)&ss, where, wlen);
    *bound = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                            : ((struct sockaddr_in *)&ss)->sin_port);
    freeaddrinfo(res);
    return fd;
fail:;
    int e = errno;
    char at[80];
    format_sockaddr(res->ai_addr, at, sizeof at);
    snprintf(where, wlen, "%s: %s", at, strerror(e));
    if (fd >= 0)
        close(fd);
    freeaddrinfo(res);
    return -1;
}

void net_peer_from(peer_addr *pa, const struct sockaddr *sa)
{
    memset(pa, 0, sizeof *pa);
    pa->family = (uint8_t)sa->sa_family;
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
        memcpy(pa->addr, &s6->sin6_addr, 16);
        pa->port = ntohs(s6->sin6_port);
    } else if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
        memcpy(pa->addr, &s4->sin_addr, 4);
        pa->port = ntohs(s4->sin_port);
    }
}

void net_format_peer(const peer_addr *pa, char out[PEER_TEXT])
{
    char host[INET6_ADDRSTRLEN] = "?";
    if (pa->family == AF_INET6) {
        inet_ntop(AF_INET6, pa->addr, host, sizeof host);
        snprintf(out, PEER_TEXT, "[%s]:%u", host, pa->port);
    } else {
        inet_ntop(AF_INET, pa->addr, host, sizeof host);
        snprintf(out, PEER_TEXT, "%s:%u", host, pa->port);
    }
}
