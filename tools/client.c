#include "tools/client.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* wait_for: poll one fd; 1 when ready, 0 on timeout, -1 on error. */
static int wait_for(int fd, short events, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = events};
    for (;;) {
        int r = poll(&p, 1, timeout_ms > 0 ? timeout_ms : -1);
        if (r < 0 && errno == EINTR)
            continue;
        return r;
    }
}

/* connect_one: a non-blocking connect, so the deadline holds even when
 * packets vanish (a SYN to a filtered port would otherwise wait minutes). */
static int connect_one(const struct addrinfo *ai, int timeout_ms)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    ai->ai_protocol);
    if (fd < 0)
        return -1;
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
        return fd;
    if (errno == EINPROGRESS) {
        int r = wait_for(fd, POLLOUT, timeout_ms);
        int soerr = 0;
        socklen_t len = sizeof soerr;
        if (r > 0 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == 0 && soerr == 0)
            return fd;
        errno = r == 0 ? ETIMEDOUT : soerr ? soerr : errno;
    }
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

int client_dial(const char *host, const char *port, int timeout_ms, char *err, size_t errlen)
{
    char name[256];
    size_t hl = strlen(host);
    /* "[::1]" is how people write an IPv6 address next to a port. */
    if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']')
        snprintf(name, sizeof name, "%.*s", (int)(hl - 2), host + 1);
    else
        snprintf(name, sizeof name, "%s", host);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *res = NULL;
    int gai = getaddrinfo(name, port, &hints, &res);
    if (gai != 0) {
        snprintf(err, errlen, "%s: %s", name, gai_strerror(gai));
        return -1;
    }
    int fd = -1;
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next)
        fd = connect_one(ai, timeout_ms);
    if (fd < 0)
        snprintf(err, errlen, "cannot connect to %s port %s: %s", name, port, strerror(errno));
    freeaddrinfo(res);
    return fd;
}

int client_send(int fd, const void *p, size_t n, int timeout_ms)
{
    const char *s = p;
    while (n > 0) {
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
        if (w >= 0) {
            s += w;
            n -= (size_t)w;
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return -1;
        int r = wait_for(fd, POLLOUT, timeout_ms);
        if (r <= 0) {
            if (r == 0)
                errno = ETIMEDOUT;
            return -1;
        }
    }
    return 0;
}

ssize_t client_recv(int fd, void *buf, size_t cap, int timeout_ms)
{
    for (;;) {
        ssize_t n = recv(fd, buf, cap, 0);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return -1;
        int r = wait_for(fd, POLLIN, timeout_ms);
        if (r <= 0) {
            if (r == 0)
                errno = ETIMEDOUT;
            return -1;
        }
    }
}
