#include "tests/stress/net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/lib/clock.h"
#include "tests/stress/pctl.h"

/* ------------------------------------------------------------------ sockets */

void set_nonblock(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

void set_linger0(int fd)
{
    struct linger lg = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
}

int tcp_open(int port, const char *src, int rcvbuf, int nonblock)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0), 0);
    if (fd < 0)
        return -1;
    if (rcvbuf > 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (src) {
        struct sockaddr_in me = {.sin_family = AF_INET};
        inet_pton(AF_INET, src, &me.sin_addr);
        if (bind(fd, (struct sockaddr *)&me, sizeof me) < 0)
            goto fail;
    }
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0 && !(nonblock && errno == EINPROGRESS))
        goto fail;
    return fd;
fail:;
    int e = errno;
    close(fd);
    errno = e;
    return -1;
}

static int wait_fd(int fd, short ev, double deadline)
{
    double left = deadline - now_s();
    if (left <= 0)
        return 0;
    struct pollfd p = {.fd = fd, .events = ev};
    int r = poll(&p, 1, (int)(left * 1000) + 1);
    return r > 0 ? 1 : r < 0 && errno == EINTR ? 1 : 0;
}

int send_all(int fd, const void *p, size_t n, double timeout)
{
    const char *s = p;
    double deadline = now_s() + timeout;
    while (n > 0) {
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                return -1;
            if (!wait_fd(fd, POLLOUT, deadline)) {
                errno = ETIMEDOUT;
                return -1;
            }
            continue;
        }
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

size_t recv_exact(int fd, void *p, size_t n, double timeout)
{
    char *d = p;
    size_t got = 0;
    double deadline = now_s() + timeout;
    while (got < n) {
        ssize_t r = recv(fd, d + got, n - got, MSG_DONTWAIT);
        if (r > 0) {
            got += (size_t)r;
            continue;
        }
        if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            break;
        if (!wait_fd(fd, POLLIN, deadline))
            break;
    }
    return got;
}

int read_end(int fd, char *p, size_t cap, size_t *got, double timeout, int *err)
{
    char tmp[65536];
    double deadline = now_s() + timeout;
    *got = 0;
    if (err)
        *err = 0;
    for (;;) {
        ssize_t r = recv(fd, tmp, sizeof tmp, MSG_DONTWAIT);
        if (r > 0) {
            size_t keep = cap - *got < (size_t)r ? cap - *got : (size_t)r;
            if (p && keep)
                memcpy(p + *got, tmp, keep);
            *got += keep;
            continue;
        }
        if (r == 0)
            return 0;
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            if (err)
                *err = errno;
            return 1;
        }
        if (!wait_fd(fd, POLLIN, deadline))
            return 2;
    }
}
