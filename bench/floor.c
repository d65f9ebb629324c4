/* floor: the least work a zen server can do. For every '?' received it
 * sends "Ugly.": no parsing, no per-connection state beyond a count of
 * replies owed, no logging. What it reaches is what one thread and the
 * kernel's loopback allow, the floor koand is measured against.
 *
 * usage: floor [HOST] [-p PORT]   (127.0.0.1, port 0 = any free port) */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define REPLY "Ugly."
#define RLEN (sizeof REPLY - 1)
#define NREPLY 16384            /* replies one write can carry */
#define RBUF (64 * 1024)
#define NEVENTS 1024

static char out[NREPLY * RLEN];
static char in[RBUF];
static size_t *owed;            /* per descriptor: reply bytes not yet written */
static int ep;

static void die(const char *what)
{
    fprintf(stderr, "floor: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void watch(int fd, int op, unsigned events)
{
    struct epoll_event ev = {.events = events, .data.fd = fd};
    if (epoll_ctl(ep, op, fd, &ev) < 0)
        die("epoll_ctl");
}

static void drop(int fd)
{
    owed[fd] = 0;
    close(fd);
}

/* Write what is owed. The owed bytes always end on a reply boundary, so
 * where they start within "Ugly." follows from their count. While a client
 * is not reading, stop reading from it: owing more would only grow. */
static void flush(int fd, int was_blocked)
{
    size_t n = owed[fd];
    while (n) {
        size_t phase = (RLEN - n % RLEN) % RLEN;
        size_t k = n < sizeof out - phase ? n : sizeof out - phase;
        ssize_t w = write(fd, out + phase, k);
        if (w < 0) {
            if (errno == EAGAIN) {
                break;
            }
            drop(fd);
            return;
        }
        n -= (size_t)w;
    }
    owed[fd] = n;
    if ((n != 0) != was_blocked)
        watch(fd, EPOLL_CTL_MOD, n ? EPOLLOUT : EPOLLIN);
}

static void on_input(int fd)
{
    ssize_t r = read(fd, in, sizeof in);
    if (r <= 0) {
        if (r < 0 && errno == EAGAIN)
            return;
        drop(fd);
        return;
    }
    size_t q = 0;
    for (ssize_t i = 0; i < r; i++)
        q += in[i] == '?';
    if (q) {
        owed[fd] += q * RLEN;
        flush(fd, 0);
    }
}

static int listen_on(const char *host, const char *port)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE}, *ai;
    int rc = getaddrinfo(host, port, &hints, &ai);
    if (rc) {
        fprintf(stderr, "floor: %s:%s: %s\n", host, port, gai_strerror(rc));
        exit(2);
    }
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        die("socket");
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0)
        die("bind");
    if (listen(fd, 4096) < 0)
        die("listen");
    freeaddrinfo(ai);

    struct sockaddr_storage sa;
    socklen_t len = sizeof sa;
    char h[NI_MAXHOST], p[NI_MAXSERV];
    getsockname(fd, (struct sockaddr *)&sa, &len);
    getnameinfo((struct sockaddr *)&sa, len, h, sizeof h, p, sizeof p,
                NI_NUMERICHOST | NI_NUMERICSERV);
    fprintf(stderr, sa.ss_family == AF_INET6 ? "floor: listening on [%s]:%s\n"
                                             : "floor: listening on %s:%s\n", h, p);
    return fd;
}

int main(int argc, char **argv)
{
    const char *host = "127.0.0.1", *port = "1060";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) {
            port = argv[++i];
        } else if (argv[i][0] != '-') {
            host = argv[i];
        } else {
            fprintf(stderr, "usage: floor [HOST] [-p PORT]\n");
            return 2;
        }
    }
    for (size_t i = 0; i < NREPLY; i++)
        memcpy(out + i * RLEN, REPLY, RLEN);

    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    getrlimit(RLIMIT_NOFILE, &rl);
    owed = calloc(rl.rlim_cur, sizeof *owed);
    if (!owed)
        die("calloc");
    signal(SIGPIPE, SIG_IGN);

    int lfd = listen_on(host, port);
    ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0)
        die("epoll_create1");
    watch(lfd, EPOLL_CTL_ADD, EPOLLIN);
    static struct epoll_event ev[NEVENTS];
    for (;;) {
        int n = epoll_wait(ep, ev, NEVENTS, -1);
        if (n < 0 && errno != EINTR)
            die("epoll_wait");
        for (int i = 0; i < n; i++) {
            int fd = ev[i].data.fd;
            if (fd == lfd) {
                int c;
                while ((c = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
                    int one = 1;
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    watch(c, EPOLL_CTL_ADD, EPOLLIN);
                }
                continue;
            }
            if (owed[fd])
                flush(fd, 1);
            else
                on_input(fd);
        }
    }
}
