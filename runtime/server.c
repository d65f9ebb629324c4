#include "runtime/server.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "runtime/conn.h"
#include "runtime/log.h"
#include "runtime/memory.h"
#include "runtime/metrics.h"
#include "runtime/pool.h"
#include "runtime/registry.h"
#include "runtime/stats.h"
#include "runtime/upgrade.h"

#define TICK_MS 250      /* how often deadlines are checked while any is set */
#define FD_RESERVE 16    /* descriptors kept back from --max-conns */
#define EMPTY_TICKS 12        /* ticks run after the last client leaves (3 s) */

static int signal_fd = -1;
/* Atomics, not volatile sig_atomic_t: under --model threads the handler
 * runs on whichever thread the signal lands, and the others read these. */
static atomic_int stop_signals;
/* A worker's parent relays every stop signal, and a Ctrl-C or a systemctl
 * stop (which signals the whole cgroup) reaches the worker directly too:
 * signals from the parent and from anyone else are counted apart, so that
 * one request to stop is not taken for two. */
static pid_t relay_pid;
static atomic_int relayed_signals, direct_signals;

void server_relayed_by(pid_t pid) { relay_pid = pid; }

/* A second SIGINT/SIGTERM means "now": the operator gave up on draining. */
static void on_signal(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    int relayed = relay_pid && si && si->si_code == SI_USER && si->si_pid == relay_pid;
    int stop = sig == SIGINT || sig == SIGTERM;
    int nth = !stop ? 0 : relayed ? atomic_fetch_add(&relayed_signals, 1) + 1
                                  : atomic_fetch_add(&direct_signals, 1) + 1;
    if (stop)
        atomic_store(&stop_signals, 1);
    if (nth > 1) {
        static const char msg[] = "koand: second signal, exiting now\n";
        ssize_t r = write(2, msg, sizeof msg - 1);
        (void)r;
        _exit(1);
    }
    unsigned char b = (unsigned char)sig;
    ssize_t r = write(signal_fd, &b, 1);
    (void)r;
}

/* Where a listener's metrics go: its unit's place in the registry (a
 * harness's own protocol table, in none, shares the first). */
static int unit_of(const proto *pr)
{
    int u = registry_index(pr);
    return u < 0 ? 0 : u;
}

static void listener_close(server *s, listener *l)
{
    if (l->fd < 0)
        return;
    loop_unwatch(s->lo, l->fd);
    close(l->fd);
    l->fd = -1;
}

/* Out of descriptors: give up the spare one to accept and close the
 * waiting clients, so that they hear "no" at once instead of hanging, and
 * the listener stops waking us (a naive loop spins here at full CPU). */
void server_shed(server *s, listener *l, uint64_t now)
{
    if (s->spare_fd >= 0) {
        close(s->spare_fd);
        s->spare_fd = -1;
    }
    int n = 0;
    for (;;) {
        int fd = accept4(l->fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0)
            break;
        close(fd);
        n++;
    }
    s->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    for (int i = 0; i < n; i++)
        stats_limit(ST_FD_SHED, now, "out of file descriptors: shedding waiting clients");
}

void server_refuse(int fd, const char *line)
{
    if (line) {
        ssize_t r = send(fd, line, strlen(line), MSG_NOSIGNAL | MSG_DONTWAIT);
        (void)r;
    }
    /* Closing with the client's request unread would send a reset that can
     * destroy the line: shut our side and drain what has arrived first. */
    shutdown(fd, SHUT_WR);
    char junk[512];
    for (int i = 0; i < 8 && recv(fd, junk, sizeof junk, MSG_DONTWAIT) > 0; i++)
        ;
    close(fd);
}

static void server_admit(server *s, listener *l, int fd, const struct sockaddr *sa)
{
    uint64_t now = loop_now_ms(s->lo);
    peer_addr pa;
    net_peer_from(&pa, sa);
    if (!acl_permits(&s->cf->acl, &pa)) {
        stats_limit(ST_DENIED, now, "refused a client by --allow/--deny");
        server_refuse(fd, NULL);
        return;
    }
    if (fd >= loop_maxfd(s->lo) || s->nconns >= s->max_conns) {
        stats_limit(ST_BUSY, now, "turned a client away at --max-conns");
        server_refuse(fd, l->pr->busy);
        return;
    }
    if (s->per_ip && ip_counts_add(s->per_ip, &pa, 0) >= (int)s->cf->max_conns_per_ip) {
        stats_limit(ST_BUSY_PER_IP, now, "turned a client away at --max-conns-per-ip");
        server_refuse(fd, l->pr->busy);
        return;
    }
    metrics_of(l->unit)->accepted++;
    if (!conn_open(s, l, fd, sa))
        close(fd);
}

static void server_on_accept(loop *lo, int fd, void *data, int mask)
{
    (void)lo;
    (void)mask;
    listener *l = data;
    server *s = l->srv;
    /* A bounded number per wakeup, so a connect storm cannot starve the
     * clients already being served. */
    for (int i = 0; i < ACCEPT_BUDGET; i++) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        int cfd = accept4(fd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (cfd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno == EMFILE || errno == ENFILE)
                server_shed(s, l, loop_now_ms(s->lo));
            else if (errno != EAGAIN && errno != EWOULDBLOCK)
                log_error("accept on %s: %s", l->where, strerror(errno));
            return;
        }
        server_admit(s, l, cfd, (struct sockaddr *)&ss);
    }
}

void server_watch_listeners(server *s, int on)
{
    for (int i = 0; i < s->nls; i++) {
        if (s->ls[i].fd < 0)
            continue;
        if (on)
            loop_watch(s->lo, s->ls[i].fd, LOOP_READ | LOOP_EXCLUSIVE, server_on_accept, &s->ls[i]);
        else
            loop_unwatch(s->lo, s->ls[i].fd);
    }
}

void server_close_listeners(server *s)
{
    for (int i = 0; i < s->nls; i++)
        listener_close(s, &s->ls[i]);
}

static void server_stop(server *s, int sig)
{
    s->stopping = 1;
    s->stop_deadline = loop_now_ms(s->lo) + (uint64_t)s->cf->shutdown_timeout * 1000;
    log_info("%s: stopping; %d connections to finish (at most %u s)", strsignal(sig),
             s->nconns, s->cf->shutdown_timeout);
    server_close_listeners(s);
    int maxfd = loop_maxfd(s->lo);
    for (int fd = 0; fd < maxfd; fd++)
        if (s->conns[fd])
            conn_stop(s, s->conns[fd]);
}

/* The stats line SIGUSR1 asks for. Like every log line it is rate
 * limited: a signal storm gets one line a second, the signals of that
 * second answered together at its end (server_tick), so the last one
 * still sees the counters as they are after it. */
static void server_stats_line(server *s, uint64_t now)
{
    stats_line(s->nconns, s->nls, s->signals_owed);
    s->signals_owed = 0;
    s->signal_line_at = now;
}

static void server_on_signal(loop *lo, int fd, void *data, int mask)
{
    (void)lo;
    (void)mask;
    server *s = data;
    unsigned char b[16];
    ssize_t n;
    uint64_t now = loop_now_ms(s->lo);
    while ((n = read(fd, b, sizeof b)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            if (b[i] == SIGUSR1)
                s->signals_owed++;
            else if (b[i] == SIGUSR2)
                upgrade_start(s);
            else if (!s->stopping)
                server_stop(s, b[i]);
        }
    }
    if (s->signals_owed && (!s->signal_line_at || now - s->signal_line_at >= STATS_SIGNAL_MS))
        server_stats_line(s, now);
}

static void install_signals(struct sigaction *sa)
{
    sigemptyset(&sa->sa_mask);
    sigaction(SIGINT, sa, NULL);
    sigaction(SIGTERM, sa, NULL);
    sigaction(SIGUSR1, sa, NULL);
    sigaction(SIGUSR2, sa, NULL);
    /* A peer that vanished must cost us an error code, not the process;
     * every send also says MSG_NOSIGNAL. */
    signal(SIGPIPE, SIG_IGN);
}

void server_handle_signals(void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    install_signals(&sa);
}

static int set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* The descriptors koand may use: the soft limit, at most 2^20. */
static int fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 1024;
    return rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (1 << 20) ? 1 << 20 : (int)rl.rlim_cur;
}

int server_conn_room(const config *cf, int *limit)
{
    *limit = fd_limit();
    return *limit - FD_RESERVE - cf->nlisten;
}

int server_init(server *s, const config *cf)
{
    memset(s, 0, sizeof *s);
    s->cf = cf;
    s->spare_fd = -1;
    s->exit_idle_ms = -1;
    s->up_chan = -1;
    s->up_ctl = -1;
    int maxfd = fd_limit();
    s->lo = loop_create(maxfd, cf->backend[0] ? cf->backend : NULL);
    s->conns = calloc((size_t)maxfd, sizeof *s->conns);
    /* Twice: a descriptor closed and reused within one turn may be queued
     * once stale and once live. */
    s->queue = calloc((size_t)maxfd * 2, sizeof *s->queue);
    if (!s->lo || !s->conns || !s->queue) {
        log_error("out of memory");
        return -1;
    }
    s->max_conns = (int)cf->max_conns;
    if (s->max_conns > maxfd - FD_RESERVE - cf->nlisten)
        s->max_conns = maxfd - FD_RESERVE - cf->nlisten;
    if (s->max_conns < 1)
        s->max_conns = 1;
    if (cf->max_conns_per_ip && !(s->per_ip = ip_counts_create(s->max_conns))) {
        log_error("out of memory");
        return -1;
    }
    s->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    return 0;
}

int server_compute(server *s, int threads, int cap)
{
    s->pool = pool_create(s->lo, threads, cap);
    return s->pool ? 0 : -1;
}

int server_start(server *s, const config *cf, const int *fds)
{
    if (server_init(s, cf) < 0)
        return -1;
    /* Made here, in the process that serves: threads do not survive the
     * fork of --workers. */
    if (cf->compute_threads &&
        server_compute(s, cf->compute_threads < 0 ? pool_default_threads() : cf->compute_threads,
                       (int)cf->compute_queue) < 0)
        return -1;
    if (pipe2(s->sigfd, O_CLOEXEC) < 0 || set_nonblock(s->sigfd[0]) < 0 ||
        set_nonblock(s->sigfd[1]) < 0) {
        log_error("pipe: %s", strerror(errno));
        return -1;
    }
    signal_fd = s->sigfd[1];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO;
    install_signals(&sa);
    loop_watch(s->lo, s->sigfd[0], LOOP_READ, server_on_signal, s);

    for (int i = 0; i < cf->nlisten; i++) {
        listener *l = &s->ls[s->nls];
        l->srv = s;
        l->pr = cf->listen[i].pr;
        l->unit = unit_of(l->pr);
        if (fds) {
            /* Inherited: named by its address, else by what systemd or
             * the protocol calls it, never left empty. */
            l->fd = fds[i];
            if (net_local_name(l->fd, l->where, sizeof l->where) < 0)
                snprintf(l->where, sizeof l->where, "%s",
                         cf->listen[i].name[0] ? cf->listen[i].name : l->pr->name);
        } else {
            uint16_t port;
            l->fd = net_listen(&cf->listen[i], 0, l->where, sizeof l->where, &port);
            if (l->fd < 0) {
                log_error("cannot listen for %s on %s", l->pr->name, l->where);
                return -2;
            }
            log_info("listening %s on %s", l->pr->name, l->where);
        }
        s->nls++;
        /* Workers, and at an upgrade two processes, wait on one socket. */
        loop_watch(s->lo, l->fd, LOOP_READ | LOOP_EXCLUSIVE, server_on_accept, l);
        log_debug("%s: backend %s", l->where, loop_backend_name(s->lo));
    }
    if (s->max_conns < (int)cf->max_conns)
        log_info("--max-conns lowered to %d by the file descriptor limit", s->max_conns);
    return 0;
}

void server_continue(server *s)
{
    int n = s->nqueue;
    for (int i = 0; i < n; i++) {
        conn *c = s->conns[s->queue[i]];
        if (c)
            conn_continue(s, c);
    }
    memmove(s->queue, s->queue + n, (size_t)(s->nqueue - n) * sizeof *s->queue);
    s->nqueue -= n;
}

/* server_tick: deadlines and periodic stats, a few times a second. */
static void server_tick(server *s, uint64_t now)
{
    if (now < s->next_tick)
        return;
    /* A tick a whole period late means the loop itself stood still (a
     * stopped process, a starved machine): conn_tick then gives a client
     * whose send deadline passed one more write before judging it. */
    s->tick_late = s->next_tick && now >= s->next_tick + TICK_MS;
    s->next_tick = now + TICK_MS;
    if (s->cf->stats_interval && now >= s->next_stats) {
        if (s->next_stats)
            stats_line(s->nconns, s->nls, 0);
        s->next_stats = now + (uint64_t)s->cf->stats_interval * 1000;
    }
    if (s->signals_owed && now - s->signal_line_at >= STATS_SIGNAL_MS)
        server_stats_line(s, now);
    memory_tick(now);
    int force = s->stopping && now >= s->stop_deadline;
    int maxfd = loop_maxfd(s->lo);
    int total = s->nconns;
    for (int fd = 0, seen = 0; fd < maxfd && seen < total; fd++) {
        conn *c = s->conns[fd];
        if (c) {
            seen++;
            conn_tick(s, c, now, force);
        }
    }
    if (s->up_phase != UP_NONE && upgrade_tick(s, now))
        s->handed_over = 1;
}

int server_stop_requested(void) { return atomic_load(&stop_signals) > 0; }

int server_adopt(server *s, const proto *pr, int fd)
{
    static listener inetd_listener;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    memset(&ss, 0, sizeof ss);
    if (getpeername(fd, (struct sockaddr *)&ss, &sl) < 0) {
        log_error("--inetd: standard input is not a connected socket");
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    inetd_listener = (listener){.srv = s, .fd = -1, .pr = pr, .unit = unit_of(pr)};
    snprintf(inetd_listener.where, sizeof inetd_listener.where, "inetd");
    metrics_of(inetd_listener.unit)->accepted++;
    s->exit_idle_ms = 0;
    return conn_open(s, &inetd_listener, fd, (struct sockaddr *)&ss) ? 0 : -1;
}

int server_run(server *s)
{
    for (;;) {
        if (s->stopping && s->nconns == 0)
            break;
        if (s->exit_idle_ms >= 0 && s->nconns == 0) {
            uint64_t now = loop_now_ms(s->lo);
            if (!s->empty_since)
                s->empty_since = now;
            if (now - s->empty_since >= (uint64_t)s->exit_idle_ms)
                break;
        } else {
            s->empty_since = 0;
        }
        if (s->handed_over)
            return 0;   /* the new process serves; upgrade_tick said so */
        /* With no client the loop sleeps until something happens, unless
         * a timer is due: a stats line, an exit, memory to give back after
         * the last clients of a peak left, an upgrade under way. */
        int timeout = s->nqueue ? 0
                    : (s->nconns || s->stopping || s->cf->stats_interval || s->exit_idle_ms >= 0 ||
                       s->signals_owed || s->empty_ticks < EMPTY_TICKS ||
                       s->up_phase != UP_NONE) ? TICK_MS
                    : -1;
        s->empty_ticks = s->nconns ? 0 : s->empty_ticks + (s->empty_ticks < EMPTY_TICKS);
        if (loop_once(s->lo, timeout) < 0) {
            log_error("%s: %s", loop_backend_name(s->lo), strerror(errno));
            return 1;
        }
        server_continue(s);
        server_tick(s, loop_now_ms(s->lo));
    }
    /* Jobs of connections that closed while computing end first. */
    pool_destroy(s->pool);
    s->pool = NULL;
    log_info("shutdown: %llu connection%s served, %llu repl%s; exiting",
             (unsigned long long)stats_get(ST_ACCEPTED), stats_get(ST_ACCEPTED) == 1 ? "" : "s",
             (unsigned long long)stats_get(ST_REPLIES), stats_get(ST_REPLIES) == 1 ? "y" : "ies");
    return 0;
}
