#include "runtime/blocking.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "runtime/log.h"
#include "runtime/stats.h"

#define WAKE_MS 250   /* how often a blocked call looks for a stop signal */

/* Blocking with a timeout: the call still blocks the thread (that is the
 * model), but wakes a few times a second to see whether to stop. */
static void set_blocking(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    struct timeval tv = {0, WAKE_MS * 1000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* When this thread first saw the stop signal (0 = not yet). */
static _Thread_local uint64_t stop_seen;

/* Write everything, unless the client takes no byte for --send-timeout,
 * or the server has been stopping for --shutdown-timeout: -1 then. */
static int write_all(const config *cf, int fd, const char *p, size_t n)
{
    uint64_t progress = now_ms();
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)
                return -1;
            uint64_t now = now_ms();
            if (server_stop_requested() && !stop_seen)
                stop_seen = now;
            if ((cf->send_timeout && now - progress >= cf->send_timeout * 1000ull) ||
                (stop_seen && now - stop_seen >= cf->shutdown_timeout * 1000ull))
                return -1;
            continue;
        }
        progress = now_ms();
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static void log_peer(const proto *pr, const struct sockaddr *sa, const char *what)
{
    peer_addr pa;
    char who[PEER_TEXT];
    net_peer_from(&pa, sa);
    net_format_peer(&pa, who);
    log_info("%s %s %s", pr->name, who, what);
}

/* Serve one client to the end, as the classic blocking servers do. */
static void serve(const config *cf, const proto *pr, int fd, const struct sockaddr *sa)
{
    char in[READ_CHUNK];
    buf out = {0};
    parser *ps = calloc(1, pr->size);
    if (!ps) {
        close(fd);
        return;
    }
    set_blocking(fd);
    ps->out = &out;
    ps->max_line = cf->max_line;
    pr->init(ps);
    log_peer(pr, sa, "accepted");
    int ok = write_all(cf, fd, out.data, out.len) == 0;
    if (ok)
        out.len = 0;
    const char *how = "closed normally";
    while (ok) {
        ssize_t n = recv(fd, in, sizeof in, server_stop_requested() ? MSG_DONTWAIT : 0);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            /* Stopping: what had arrived is answered; now we close. */
            if (server_stop_requested())
                break;
            continue;
        }
        if (n <= 0) {
            if (n < 0)
                how = "closed: connection error";
            else if (!ps->done)
                pr->finish(ps);
            if (write_all(cf, fd, out.data, out.len) == 0)
                out.len = 0;
            break;
        }
        pr->feed(ps, in, (size_t)n);
        __atomic_add_fetch(&stats[ST_REPLIES], ps->replies, __ATOMIC_RELAXED);
        ps->replies = 0;
        ok = write_all(cf, fd, out.data, out.len) == 0;
        if (ok)
            out.len = 0;
        if (ps->done)
            break;
    }
    /* Closing with unread input would reset the connection and destroy
     * replies in flight: shut our side, then drain briefly. */
    shutdown(fd, SHUT_WR);
    /* A client that took no replies would not read our end of stream. */
    for (uint64_t t0 = now_ms(); out.len == 0 && now_ms() - t0 < LINGER_MS;) {
        ssize_t n = recv(fd, in, sizeof in, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            break;
    }
    if (out.len) {
        char what[64];
        snprintf(what, sizeof what, "closed before we sent %zu bytes", out.len);
        log_peer(pr, sa, what);
    } else if (ps->pending && !ps->done) {
        char what[96];
        snprintf(what, sizeof what, "sent %zu bytes of an unfinished %s, then closed",
                 ps->pending, pr->unfinished);
        log_peer(pr, sa, what);
    } else {
        log_peer(pr, sa, how);
    }
    close(fd);
    pr->release(ps);
    free(ps);
    buf_free(&out);
}

/* One worker: wait for any listener, accept, serve that client to its end.
 * The listeners are non-blocking so that workers racing for one client do
 * not block in accept(). */
static void *worker(void *arg)
{
    server *s = arg;
    struct pollfd pfd[CONFIG_MAX_LISTEN + 1];
    for (int i = 0; i < s->nls; i++)
        pfd[i] = (struct pollfd){.fd = s->ls[i].fd, .events = POLLIN};
    pfd[s->nls] = (struct pollfd){.fd = s->sigfd[0], .events = POLLIN};
    while (!server_stop_requested()) {
        if (poll(pfd, (nfds_t)s->nls + 1, WAKE_MS) <= 0)
            continue;
        for (int i = 0; i < s->nls && !server_stop_requested(); i++) {
            if (!(pfd[i].revents & POLLIN))
                continue;
            struct sockaddr_storage ss;
            socklen_t sl = sizeof ss;
            int fd = accept4(s->ls[i].fd, (struct sockaddr *)&ss, &sl, SOCK_CLOEXEC);
            if (fd < 0)
                continue;
            __atomic_add_fetch(&stats[ST_ACCEPTED], 1, __ATOMIC_RELAXED);
            serve(s->cf, s->ls[i].pr, fd, (struct sockaddr *)&ss);
        }
    }
    return NULL;
}

int blocking_run(server *s, int nthreads)
{
    if (nthreads <= 1) {
        worker(s);
    } else {
        pthread_t *t = calloc((size_t)nthreads, sizeof *t);
        if (!t)
            return 1;
        int started = 0;
        for (; started < nthreads; started++)
            if (pthread_create(&t[started], NULL, worker, s) != 0)
                break;
        for (int i = 0; i < started; i++)
            pthread_join(t[i], NULL);
        free(t);
    }
    log_info("shutdown: %llu connections served, %llu replies; exiting",
             (unsigned long long)stats[ST_ACCEPTED], (unsigned long long)stats[ST_REPLIES]);
    return 0;
}
