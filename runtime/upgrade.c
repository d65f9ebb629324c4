#include "runtime/upgrade.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/conn.h"
#include "runtime/handover.h"
#include "runtime/log.h"
#include "runtime/metrics.h"
#include "runtime/notify.h"
#include "runtime/pidfile.h"

#define TAKE_PER_WAKEUP 1024   /* hand-over messages read per wakeup, for fairness */

static char self_path[PATH_MAX];
static char **self_argv;

void upgrade_setup(char **argv)
{
    self_argv = argv;
    /* Resolved now: once `make` has replaced the binary, this path names
     * the new one, while /proc/self/exe would say "(deleted)". */
    ssize_t n = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
    self_path[n > 0 ? n : 0] = 0;
}

int upgrade_joining(void) { return getenv(HANDOVER_ENV) != NULL; }

void upgrade_ready(server *s)
{
    /* With --workers, the parent is the main process, and says so. */
    if (s->worker)
        return;
    if (s->cf->pid_file[0] && pidfile_write(s->cf->pid_file, getpid()) < 0)
        log_error("--pid-file %s: %s", s->cf->pid_file, strerror(errno));
    char state[64];
    snprintf(state, sizeof state, "MAINPID=%d\nREADY=1", (int)getpid());
    notify_send(state);
}

void upgrade_exit(server *s)
{
    if (s->cf->pid_file[0])
        pidfile_remove(s->cf->pid_file, getpid());
}

static void upgrade_on_chan(loop *lo, int fd, void *data, int mask);

/* The upgrade is over, one way or the other: no channel, no child. */
static void upgrade_end(server *s)
{
    if (s->up_chan >= 0) {
        loop_unwatch(s->lo, s->up_chan);
        close(s->up_chan);
        s->up_chan = -1;
    }
    if (s->up_child > 0)
        waitpid(s->up_child, NULL, WNOHANG);
    s->up_child = 0;
    s->up_phase = UP_NONE;
}

/* The new process did not take over, or died after it had: serve on as
 * before. Connections it had taken are its own, and ended with it. */
static void upgrade_abandon(server *s, const char *why)
{
    int phase = s->up_phase;
    if (s->up_child > 0 && phase == UP_STARTING)
        kill(s->up_child, SIGKILL);
    log_error("upgrade: %s; pid %d serves on%s", why, (int)getpid(),
              phase == UP_MOVING ? " with the connections it still held" : "");
    upgrade_end(s);
    if (phase == UP_MOVING)
        server_watch_listeners(s, 1);
    upgrade_ready(s);
}

/* In the child: the listeners at 3.., the channel after them, then exec. */
static void upgrade_exec(const int *fds, const proto *const *protos, int n, int per, int chan)
{
    int *high = malloc(sizeof *high * (size_t)(n + 1));
    char *names = calloc((size_t)n, 33), num[16];
    if (!high || !names)
        _exit(127);
    /* Out of the way first: a listener may sit where another must go. */
    for (int i = 0; i < n; i++)
        high[i] = fcntl(fds[i], F_DUPFD, 100);
    high[n] = fcntl(chan, F_DUPFD, 100);
    for (int i = 0; i <= n; i++) {
        if (high[i] < 0 || dup2(high[i], 3 + i) < 0)
            _exit(127);
        if (i < n) {
            size_t k = strlen(names);
            snprintf(names + k, (size_t)n * 33 - k, "%s%s", i ? ":" : "", protos[i]->name);
        }
    }
    if (per > 1) {
        snprintf(num, sizeof num, "%d", per);
        setenv(HANDOVER_WORKERS_ENV, num, 1);
    }
    /* The new process counts from zero again, but for the upgrades. */
    snprintf(num, sizeof num, "%llu", (unsigned long long)metrics_upgrades() + 1);
    setenv(METRICS_UPGRADES_ENV, num, 1);
    snprintf(num, sizeof num, "%d", n);
    setenv("LISTEN_FDS", num, 1);
    setenv("LISTEN_FDNAMES", names, 1);
    snprintf(num, sizeof num, "%d", (int)getpid());
    setenv("LISTEN_PID", num, 1);
    snprintf(num, sizeof num, "%d", 3 + n);
    setenv(HANDOVER_ENV, num, 1);
    execv(self_path, self_argv);
    log_error("upgrade: cannot run %s: %s", self_path, strerror(errno));
    _exit(127);
}

pid_t upgrade_spawn(const int *fds, const proto *const *protos, int n, int per, int *chan)
{
    if (!self_path[0] || access(self_path, X_OK) < 0) {
        log_error("SIGUSR2: no koand to start at %s (%s); no upgrade", self_path,
                  self_path[0] ? strerror(errno) : "unknown path");
        return -1;
    }
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
        log_error("SIGUSR2: socketpair: %s; no upgrade", strerror(errno));
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0)
        upgrade_exec(fds, protos, n, per, sv[1]);
    close(sv[1]);
    if (pid < 0) {
        close(sv[0]);
        log_error("SIGUSR2: fork: %s; no upgrade", strerror(errno));
        return -1;
    }
    fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    *chan = sv[0];
    log_info("SIGUSR2: upgrading: started %s as pid %d", self_path, (int)pid);
    return pid;
}

void upgrade_start(server *s)
{
    if (s->up_phase != UP_NONE) {
        log_error("SIGUSR2: an upgrade is under way (pid %d); this one is refused",
                  (int)s->up_child);
        return;
    }
    if (s->worker) {
        log_error("SIGUSR2 goes to the parent of the workers (pid %d); ignored", (int)getppid());
        return;
    }
    /* inetd owns the socket: it starts the next koand itself. */
    if (s->cf->inetd || s->cf->inetd_wait) {
        log_error("SIGUSR2: %s: inetd starts koand, so a live upgrade does not apply; ignored",
                  s->cf->inetd ? "--inetd" : "--inetd-wait");
        return;
    }
    if (s->stopping || s->nls == 0) {
        log_error("SIGUSR2: %s; no upgrade", s->stopping ? "koand is stopping" : "no listener to hand over");
        return;
    }
    int fds[CONFIG_MAX_LISTEN], chan;
    const proto *protos[CONFIG_MAX_LISTEN];
    for (int i = 0; i < s->nls; i++) {
        fds[i] = s->ls[i].fd;
        protos[i] = s->ls[i].pr;
    }
    notify_send("RELOADING=1");
    pid_t pid = upgrade_spawn(fds, protos, s->nls, 1, &chan);
    if (pid < 0) {
        notify_send("READY=1");
        return;
    }
    s->up_chan = chan;
    s->up_child = pid;
    s->up_phase = UP_STARTING;
    s->up_moved = 0;
    /* The new process has as long to get ready as a shutdown may take. */
    s->up_deadline = loop_now_ms(s->lo) + (uint64_t)s->cf->shutdown_timeout * 1000;
    loop_watch(s->lo, s->up_chan, LOOP_READ, upgrade_on_chan, s);
}

/* Hand every movable connection over, from the scan point on; stops when
 * the channel is full (it is watched for room) or failed. */
static void upgrade_move_all(server *s)
{
    int maxfd = loop_maxfd(s->lo);
    for (; s->up_phase == UP_MOVING && s->up_scan < maxfd; s->up_scan++) {
        conn *c = s->conns[s->up_scan];
        if (c && conn_movable(c) && upgrade_move(s, c) == 0 && s->up_phase == UP_MOVING &&
            s->conns[s->up_scan])
            return;   /* no room: resume here when the channel drains */
    }
}

int upgrade_move(server *s, conn *c)
{
    if (s->up_phase != UP_MOVING || !conn_movable(c))
        return 0;
    handover_msg m;
    conn_export(s, c, &m);
    int r = handover_send(s->up_chan, &m, conn_fd(c));
    if (r > 0) {
        conn_release(s, c);
        s->up_moved++;
        return 1;
    }
    if (r == 0)
        loop_watch(s->lo, s->up_chan, LOOP_READ | LOOP_WRITE, upgrade_on_chan, s);
    else
        upgrade_abandon(s, "the new koand stopped taking connections");
    return 0;
}

/* The new process is ready: it is the main process from now on. */
static void upgrade_takeover(server *s, const handover_msg *m)
{
    handover_msg t;
    handover_init(&t, HO_TAKEOVER);
    if (handover_send(s->up_chan, &t, -1) <= 0) {
        upgrade_abandon(s, "the new koand went away as it became ready");
        return;
    }
    s->up_phase = UP_MOVING;
    s->up_scan = 0;
    if (!s->up_child)
        s->up_child = m->pid;   /* a worker's counterpart: named in the logs only */
    server_watch_listeners(s, 0);
    log_info("upgrade: pid %d is ready; handing over %d connection%s", (int)m->pid, s->nconns,
             s->nconns == 1 ? "" : "s");
    upgrade_move_all(s);
}

static void upgrade_on_chan(loop *lo, int fd, void *data, int mask)
{
    (void)lo;
    (void)fd;
    server *s = data;
    if (s->up_phase == UP_STARTING) {
        handover_msg m;
        int got;
        int r = handover_recv(s->up_chan, &m, &got);
        if (got >= 0)
            close(got);
        if (r > 0 && m.type == HO_READY)
            upgrade_takeover(s, &m);
        else if (r < 0)
            upgrade_abandon(s, "the new koand exited before it was ready");
        return;
    }
    if (s->up_phase != UP_MOVING)
        return;
    if (mask & LOOP_READ) {
        /* The new process sends nothing after READY: readable is its end. */
        char b;
        ssize_t n = recv(s->up_chan, &b, 1, MSG_DONTWAIT | MSG_PEEK);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
            upgrade_abandon(s, "the new koand died while taking connections");
            return;
        }
    }
    if (mask & LOOP_WRITE) {
        loop_watch(s->lo, s->up_chan, LOOP_READ, upgrade_on_chan, s);
        upgrade_move_all(s);
    }
}

int upgrade_tick(server *s, uint64_t now)
{
    if (s->up_phase == UP_STARTING && now >= s->up_deadline) {
        upgrade_abandon(s, "the new koand was not ready in time");
        return 0;
    }
    if (s->up_phase != UP_MOVING)
        return 0;
    /* Connections that reached a boundary with no event to move them. */
    s->up_scan = 0;
    upgrade_move_all(s);
    if (s->up_phase == UP_MOVING && now >= s->up_deadline && s->nconns > 0) {
        log_info("upgrade: %d connection%s still busy at --shutdown-timeout; cut", s->nconns,
                 s->nconns == 1 ? "" : "s");
        int maxfd = loop_maxfd(s->lo);
        for (int fd = 0; fd < maxfd; fd++)
            if (s->conns[fd])
                conn_tick(s, s->conns[fd], now, 1);
    }
    if (s->up_phase != UP_MOVING || s->nconns > 0)
        return 0;
    handover_msg d;
    handover_init(&d, HO_DONE);
    handover_send(s->up_chan, &d, -1);
    log_info("upgrade: %d connection%s handed over to pid %d; exiting", s->up_moved,
             s->up_moved == 1 ? "" : "s",
             (int)s->up_child);
    s->up_child = 0;   /* it is not ours to reap: it outlives us */
    upgrade_end(s);
    server_close_listeners(s);
    return 1;
}

/* ---- The new process ---------------------------------------------------- */

static const listener *listener_for(server *s, const char *proto)
{
    for (int i = 0; i < s->nls; i++)
        if (strcmp(s->ls[i].pr->name, proto) == 0)
            return &s->ls[i];
    return NULL;
}

static void join_on_chan(loop *lo, int fd, void *data, int mask)
{
    (void)lo;
    (void)fd;
    (void)mask;
    server *s = data;
    for (int k = 0; k < TAKE_PER_WAKEUP; k++) {
        handover_msg m;
        int cfd;
        int r = handover_recv(s->up_chan, &m, &cfd);
        if (r == 0)
            return;
        if (r < 0 || m.type == HO_DONE) {
            int orphan = s->up_phase == UP_JOINING;
            if (r > 0)
                log_info("upgrade: took over %d connection%s from pid %d", s->up_moved,
                         s->up_moved == 1 ? "" : "s", (int)m.pid);
            upgrade_end(s);
            /* The old process went away before it said so: we serve. */
            if (orphan) {
                log_error("upgrade: the old koand left before handing over; pid %d serves",
                          (int)getpid());
                upgrade_ready(s);
            }
            return;
        }
        if (m.type == HO_TAKEOVER) {
            s->up_phase = UP_JOINED;
            log_info("upgrade: pid %d took over from pid %d", (int)getpid(), (int)m.pid);
            upgrade_ready(s);
        } else if (m.type == HO_CONN && cfd >= 0) {
            const listener *l = listener_for(s, m.proto);
            /* A protocol this build no longer serves, or no room: the
             * client sees its connection end, as at a restart. */
            if (!l || cfd >= loop_maxfd(s->lo) || !conn_import(s, l, cfd, &m)) {
                log_error("upgrade: cannot take a %s connection over; closed", m.proto);
                close(cfd);
            } else {
                s->up_moved++;
            }
            continue;
        }
        if (cfd >= 0)
            close(cfd);
    }
}

int upgrade_join(server *s, int given)
{
    const char *v = given >= 0 ? "" : getenv(HANDOVER_ENV);
    char *end = "";
    long fd = given >= 0 ? given : v ? strtol(v, &end, 10) : -1;
    if (given < 0)
        unsetenv(HANDOVER_ENV);
    if (fd < 3 || *end || fcntl((int)fd, F_GETFD) < 0) {
        log_error("upgrade: %s='%s' names no channel", HANDOVER_ENV, v ? v : "");
        return -1;
    }
    fcntl((int)fd, F_SETFD, FD_CLOEXEC);
    fcntl((int)fd, F_SETFL, fcntl((int)fd, F_GETFL) | O_NONBLOCK);
    s->up_chan = (int)fd;
    /* No deadline here: the old process decides when this is over. */
    s->up_phase = UP_JOINING;
    s->up_moved = 0;
    handover_msg m;
    handover_init(&m, HO_READY);
    if (handover_send(s->up_chan, &m, -1) <= 0) {
        log_error("upgrade: the old koand is gone");
        upgrade_end(s);
        return -1;
    }
    loop_watch(s->lo, s->up_chan, LOOP_READ, join_on_chan, s);
    return 0;
}

/* ---- A worker of --workers ----------------------------------------------- */

static void worker_on_ctl(loop *lo, int fd, void *data, int mask)
{
    (void)lo;
    (void)mask;
    server *s = data;
    handover_msg m;
    int chan;
    int r = handover_recv(fd, &m, &chan);
    if (r == 0)
        return;
    if (r < 0) {
        /* The parent is gone (PR_SET_PDEATHSIG stops us too). */
        loop_unwatch(s->lo, fd);
        return;
    }
    if (m.type != HO_UPGRADE || chan < 0 || s->up_phase != UP_NONE || s->stopping) {
        if (chan >= 0)
            close(chan);
        return;
    }
    /* The new worker has said it is ready on this channel (its HO_READY
     * waits there): take it as if we had started it. */
    fcntl(chan, F_SETFL, fcntl(chan, F_GETFL) | O_NONBLOCK);
    s->up_chan = chan;
    s->up_child = 0;
    s->up_phase = UP_STARTING;
    s->up_moved = 0;
    s->up_deadline = loop_now_ms(s->lo) + (uint64_t)s->cf->shutdown_timeout * 1000;
    loop_watch(s->lo, s->up_chan, LOOP_READ, upgrade_on_chan, s);
}

void upgrade_worker(server *s, int ctl)
{
    s->worker = 1;
    s->up_ctl = ctl;
    fcntl(ctl, F_SETFL, fcntl(ctl, F_GETFL) | O_NONBLOCK);
    loop_watch(s->lo, ctl, LOOP_READ, worker_on_ctl, s);
}
