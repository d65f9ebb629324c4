/* Before the load: find the server, and learn (or check) the reply one
 * request gets, so a wrong port or protocol fails at once and clearly
 * instead of showing up as a run of zeros or a storm of mismatches. */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/bench/bench.h"

#define PROBE_MS 5000               /* the server has this long to answer */
#define PROBE_MAX (1 << 20)         /* a reply longer than this is not one */

void bench_resolve(const bench_cfg *cfg, struct sockaddr_storage *sa, socklen_t *len)
{
    struct addrinfo hints = {0}, *ai;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(cfg->host, cfg->port, &hints, &ai);
    if (rc)
        bench_die("%s port %s: %s", cfg->host, cfg->port, gai_strerror(rc));
    memcpy(sa, ai->ai_addr, ai->ai_addrlen);
    *len = ai->ai_addrlen;
    freeaddrinfo(ai);
}

static void send_all(int fd, const char *p, size_t n, const bench_cfg *cfg)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            bench_die("%s:%s: cannot send: %s", cfg->host, cfg->port, strerror(errno));
        p += w;
        n -= (size_t)w;
    }
}

void bench_probe(bench_cfg *cfg)
{
    struct sockaddr_storage sa;
    socklen_t salen;
    bench_resolve(cfg, &sa, &salen);
    int fd = socket(sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        bench_die("socket: %s", strerror(errno));
    if (connect(fd, (struct sockaddr *)&sa, salen) < 0)
        bench_die("cannot connect to %s:%s: %s", cfg->host, cfg->port, strerror(errno));
    send_all(fd, cfg->setup, cfg->setup_len, cfg);
    send_all(fd, cfg->request, cfg->request_len, cfg);

    /* Read until the reply's terminator, past the `skip` replies before it. */
    size_t cap = 4096, len = 0, start = 0;
    char *in = malloc(cap);
    int skip = cfg->skip;
    uint64_t deadline = bench_now() + (uint64_t)PROBE_MS * 1000000u;
    for (;;) {
        char *t;
        while ((t = memchr(in + start, cfg->term, len - start)) != NULL) {
            if (skip-- == 0)
                goto found;
            start = (size_t)(t - in) + 1;
        }
        if (len >= PROBE_MAX)
            bench_die("%s:%s: no byte \"%s\" in %d bytes of reply; wrong --terminator?",
                      cfg->host, cfg->port, bench_quote((char *)&cfg->term, 1), PROBE_MAX);
        uint64_t now = bench_now();
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        if (now >= deadline || poll(&pf, 1, (int)((deadline - now) / 1000000u) + 1) == 0)
            bench_die("%s:%s: no reply ending in \"%s\" within %d s (got \"%s\"); "
                      "wrong port, --terminator or --skip-welcome?",
                      cfg->host, cfg->port, bench_quote((char *)&cfg->term, 1),
                      PROBE_MS / 1000, bench_quote(in, len));
        if (len == cap)
            in = realloc(in, cap *= 2);
        ssize_t r = read(fd, in + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            bench_die("%s:%s: %s before replying", cfg->host, cfg->port, strerror(errno));
        if (r == 0)
            bench_die("%s:%s: the server closed the connection after \"%s\" instead of replying",
                      cfg->host, cfg->port, bench_quote(in, len));
        len += (size_t)r;
    }
found:;
    size_t end = (size_t)((const char *)memchr(in + start, cfg->term, len - start) - in) + 1;
    const char *reply = in + start;
    size_t rlen = end - start;
    if (!cfg->expect) {
        cfg->expect = malloc(rlen);
        memcpy(cfg->expect, reply, rlen);
        cfg->expect_len = rlen;
    } else if (cfg->check && (rlen != cfg->expect_len || memcmp(reply, cfg->expect, rlen))) {
        fprintf(stderr, "koan-bench: %s:%s: expected the reply \"%s\"\n", cfg->host, cfg->port,
                bench_quote(cfg->expect, cfg->expect_len));
        bench_die("%s:%s: but got \"%s\"; wrong port, protocol or --skip-welcome? "
                  "(--no-check counts replies without comparing them)", cfg->host, cfg->port, bench_quote(reply, rlen));
    }
    free(in);
    close(fd);
}
