#include "runtime/server.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "runtime/conn.h"
#include "runtime/log.h"

#define TICK_MS 250   /* how often deadlines are checked while any is set */

static int signal_fd = -1;
static volatile sig_atomic_t signals_seen;

/* A second SIGINT/SIGTERM means "now": the operator gave up on draining. */
static void on_signal(int sig)
{
    if (++signals_seen > 1) {
        static const char msg[] = "koand: second signal, exiting now\n";
        ssize_t r = write(2, msg, sizeof msg - 1);
        (void)r;
        _exit(1);
    }
    unsigned char b = (unsigned char)sig;
    ssize_t r = write(signal_fd, &b, 1);
    (void)r;
}

static void server_on_accept(loop *lo, int fd, void *data, int mask);

static void listener_close(server *s, listener *l)
{
    if (l->fd < 0)
        return;
    loop_unwatch(s->lo, l->fd);
    close(l->fd);
    l->fd = -1;
}

/* Out of descriptors: give up the spare one to accept and close the
 * waiting clients, so that they hear "no" instead of hanging and the
 * listener stops waking us. */
static void server_shed(server *s, int lfd)
{
    if (s->spare_fd >= 0) {
        close(s->spare_fd);
        s->spare_fd = -1;
    }
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0)
            break;
        close(fd);
        s->shed++;
    }
    s->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
}

static void server_on_accept(loop *lo, int fd, void *data, int mask)
{
    (void)lo;
    (void)mask;
    listener *l = data;
    server *s = l->srv;
    for (int i = 0; i < ACCEPT_BUDGET; i++) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        int cfd = accept4(fd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (cfd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno == EMFILE || errno == ENFILE) {
                log_error("out of file descriptors: shedding waiting %s clients", l->pr->name);
                server_shed(s, fd);
            } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
                log_error("accept on %s: %s", l->where, strerror(errno));
            }
            return;
        }
        if (cfd >= loop_maxfd(s->lo)) {
            close(cfd);
            s->shed++;
            continue;
        }
        s->accepted++;
        if (!conn_open(s, l, cfd, (struct sockaddr *)&ss))
            close(cfd);
    }
}

static void server_on_signal(loop *lo, int fd, void *data, int mask)
{
    (void)lo;
    (void)mask;
    server *s = data;
    unsigned char b[16];
    while (read(fd, b, sizeof b) > 0)
        ;
    if (s->stopping)
        return;
    s->stopping = 1;
    s->stop_deadline = loop_now_ms(s->lo) + (uint64_t)s->cf->shutdown_timeout * 1000;
    log_info("%s: stopping; %d connections to finish (at most %u s)",
             strsignal(b[0]), s->nconns, s->cf->shutdown_timeout);
    for (int i = 0; i < s->nls; i++)
        listener_close(s, &s->ls[i]);
    int maxfd = loop_maxfd(s->lo);
    for (int fd2 = 0; fd2 < maxfd; fd2++)
        if (s->conns[fd2])
            conn_stop(s, s->conns[fd2]);
}

static int set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

int server_init(server *s, const config *cf)
{
    memset(s, 0, sizeof *s);
    s->cf = cf;
    s->spare_fd = -1;
    struct rlimit rl;
    int maxfd = 1024;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        maxfd = (int)rl.rlim_cur;
    else if (rl.rlim_cur == RLIM_INFINITY)
        maxfd = 1 << 20;
    s->lo = loop_create(maxfd);
    s->conns = calloc((size_t)maxfd, sizeof *s->conns);
    if (!s->lo || !s->conns) {
        log_error("out of memory");
        return -1;
    }
    s->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    return 0;
}

int server_start(server *s, const config *cf)
{
    if (server_init(s, cf) < 0)
        return -1;
    if (pipe2(s->sigfd, O_CLOEXEC) < 0 || set_nonblock(s->sigfd[0]) < 0 ||
        set_nonblock(s->sigfd[1]) < 0) {
        log_error("pipe: %s", strerror(errno));
        return -1;
    }
    signal_fd = s->sigfd[1];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* A peer that vanished must cost us an error code, not the process. */
    signal(SIGPIPE, SIG_IGN);
    loop_watch(s->lo, s->sigfd[0], LOOP_READ, server_on_signal, s);

    for (int i = 0; i < cf->nlisten; i++) {
        listener *l = &s->ls[s->nls];
        l->srv = s;
        l->pr = cf->listen[i].pr;
        l->fd = net_listen(&cf->listen[i], l->where, sizeof l->where);
        if (l->fd < 0) {
            log_error("cannot listen for %s on %s", l->pr->name, l->where);
            return -1;
        }
        s->nls++;
        loop_watch(s->lo, l->fd, LOOP_READ, server_on_accept, l);
        log_info("listening %s on %s", l->pr->name, l->where);
    }
    return 0;
}

static int server_has_deadlines(server *s)
{
    return s->stopping || s->nconns > 0;
}

int server_run(server *s)
{
    for (;;) {
        if (s->stopping && s->nconns == 0)
            break;
        int timeout = server_has_deadlines(s) ? TICK_MS : -1;
        if (loop_once(s->lo, timeout) < 0) {
            log_error("poll: %s", strerror(errno));
            return 1;
        }
        uint64_t now = loop_now_ms(s->lo);
        if (now < s->next_tick)
            continue;
        s->next_tick = now + TICK_MS;
        int force = s->stopping && now >= s->stop_deadline;
        int maxfd = loop_maxfd(s->lo);
        for (int fd = 0; fd < maxfd && s->nconns > 0; fd++)
            if (s->conns[fd])
                conn_tick(s, s->conns[fd], now, force);
    }
    log_info("shutdown: %llu connections served, %llu replies; exiting",
             (unsigned long long)s->accepted, (unsigned long long)s->served_replies);
    return 0;
}
