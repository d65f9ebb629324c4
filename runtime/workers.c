#include "runtime/workers.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime/handover.h"
#include "runtime/log.h"
#include "runtime/metrics.h"
#include "runtime/server.h"
#include "runtime/upgrade.h"

#define EXIT_SETUP 2
#define READY_WAIT_MS 100   /* the parent's poll: signals and workers wake it sooner */

typedef struct worker {
    pid_t pid;              /* 0 once it has exited */
    int ctl;                /* the parent's end of the worker's channel */
    int hand;               /* a new generation: the end for its old counterpart */
    int ready;
} worker;

/* The parent's whole state: it only binds, starts, relays and upgrades. */
typedef struct parent {
    const config *cf;
    int nl;                 /* addresses */
    int per;                /* sockets per address: 1 (all workers share it) or n */
    int *fds;               /* nl * per listening sockets, address by address */
    const proto **protos;   /* the protocol of each */
    worker *w;
    int n, running, status;
    int up_chan;            /* to the other generation's parent, -1 if none */
    pid_t up_pid;           /* the new parent, while one is starting */
    int up_reaped;          /* ... and it has exited already */
    uint64_t up_deadline;
    int joining;            /* this generation was started by an upgrade */
} parent;

static int sig_pipe[2] = {-1, -1};

static void on_parent_signal(int sig)
{
    unsigned char b = (unsigned char)sig;
    ssize_t r = write(sig_pipe[1], &b, 1);
    (void)r;
}

static uint64_t parent_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void relay(parent *p, int sig)
{
    for (int i = 0; i < p->n; i++)
        if (p->w[i].pid > 0)
            kill(p->w[i].pid, sig);
}

/* The parent owns every listening socket: one per worker and address
 * (SO_REUSEPORT, so the kernel spreads clients over the workers), bound
 * after a probe without SO_REUSEPORT, so that a port another process holds
 * -- a second koand among them, whose probe fails on our sockets -- is
 * refused, as without --workers. A live upgrade hands these same sockets
 * on: nothing is rebound, so nothing queued on them is reset. Sockets from
 * systemd or inetd are one per address, which every worker watches. */
static int parent_bind(parent *p, const int *shared, int per_worker)
{
    p->per = shared && !per_worker ? 1 : p->n;
    p->fds = calloc((size_t)(p->nl * p->per), sizeof *p->fds);
    p->protos = calloc((size_t)(p->nl * p->per), sizeof *p->protos);
    if (!p->fds || !p->protos)
        return -1;
    for (int i = 0; i < p->nl; i++) {
        listen_spec ls = p->cf->listen[i];
        for (int w = 0; w < p->per; w++)
            p->protos[i * p->per + w] = ls.pr;
        if (shared) {
            /* An upgrade's per-worker sockets sit side by side from the
             * first of each address on (runtime/activation.c). */
            for (int w = 0; w < p->per; w++)
                p->fds[i * p->per + w] = shared[i] + (per_worker ? w : 0);
            continue;
        }
        char where[80];
        uint16_t port;
        int probe = net_listen(&ls, 0, where, sizeof where, &port);
        if (probe < 0) {
            log_error("cannot listen for %s on %s", ls.pr->name, where);
            return -1;
        }
        close(probe);
        ls.port = port;   /* port 0: the one the probe was given */
        for (int w = 0; w < p->per; w++) {
            p->fds[i * p->per + w] = net_listen(&ls, 1, where, sizeof where, &port);
            if (p->fds[i * p->per + w] < 0) {
                log_error("cannot listen for %s on %s", ls.pr->name, where);
                return -1;
            }
        }
        log_info("listening %s on %s (%d workers)", ls.pr->name, where, p->n);
    }
    if (shared)
        log_info("%d workers share the %d inherited socket%s", p->n, p->nl * p->per,
                 p->nl * p->per == 1 ? "" : "s");
    return 0;
}

/* In the child: serve as worker i until told to stop. */
static void worker_main(parent *p, int i, int ctl, int hand, int64_t exit_idle_ms)
{
    static server srv;
    pid_t owner = getppid();
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    /* The parent may have died before the line above. */
    if (getppid() != owner)
        _exit(1);
    metrics_worker(i);
    for (int k = 0; k < p->n; k++) {
        if (p->w[k].ctl >= 0)
            close(p->w[k].ctl);
        if (p->w[k].hand >= 0)
            close(p->w[k].hand);
    }
    close(sig_pipe[0]);
    close(sig_pipe[1]);
    if (p->up_chan >= 0)
        close(p->up_chan);
    signal(SIGCHLD, SIG_DFL);
    server_relayed_by(owner);
    int mine[CONFIG_MAX_LISTEN];
    for (int k = 0; k < p->nl; k++)
        mine[k] = p->fds[k * p->per + (p->per > 1 ? i : 0)];
    if (server_start(&srv, p->cf, mine) < 0)
        _exit(1);
    srv.exit_idle_ms = exit_idle_ms;
    upgrade_worker(&srv, ctl);
    if (hand >= 0) {
        handover_msg m;
        /* Ready for the old worker that will hand us its connections. */
        if (upgrade_join(&srv, hand) < 0)
            _exit(1);
        handover_init(&m, HO_READY);
        handover_send(ctl, &m, -1);
    }
    _exit(server_run(&srv));
}

static int parent_fork(parent *p, int64_t exit_idle_ms)
{
    for (int i = 0; i < p->n; i++) {
        int ctl[2], hand[2] = {-1, -1};
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ctl) < 0 ||
            (p->joining && socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, hand) < 0)) {
            log_error("socketpair: %s", strerror(errno));
            return -1;
        }
        p->w[i].ctl = ctl[0];
        p->w[i].hand = hand[0];
        pid_t pid = fork();
        if (pid < 0) {
            log_error("fork: %s", strerror(errno));
            return -1;
        }
        if (pid == 0)
            worker_main(p, i, ctl[1], hand[1], exit_idle_ms);
        close(ctl[1]);
        if (hand[1] >= 0)
            close(hand[1]);
        fcntl(ctl[0], F_SETFL, fcntl(ctl[0], F_GETFL) | O_NONBLOCK);
        p->w[i].pid = pid;
        p->running++;
    }
    return 0;
}

/* ---- Upgrades: the old generation's parent ------------------------------- */

static void parent_upgrade(parent *p)
{
    if (p->up_chan >= 0) {
        log_error("SIGUSR2: an upgrade is under way; this one is refused");
        return;
    }
    if (p->cf->inetd_wait) {
        log_error("SIGUSR2: --inetd-wait's socket is inetd's; no upgrade");
        return;
    }
    p->up_pid = upgrade_spawn(p->fds, p->protos, p->nl * p->per, p->per, &p->up_chan);
    p->up_reaped = 0;
    if (p->up_pid < 0) {
        p->up_pid = 0;
        return;
    }
    p->up_deadline = parent_now() + (uint64_t)p->cf->shutdown_timeout * 1000;
}

static void parent_abandon(parent *p, const char *why)
{
    log_error("upgrade: %s; the workers of pid %d serve on", why, (int)getpid());
    if (p->up_chan >= 0)
        close(p->up_chan);
    p->up_chan = -1;
    if (p->up_pid > 0 && !p->up_reaped) {
        kill(p->up_pid, SIGKILL);
        waitpid(p->up_pid, NULL, 0);
    }
    p->up_pid = 0;
    p->up_reaped = 0;
}

/* The new parent's workers are ready: give each old worker its channel. */
static void parent_distribute(parent *p, const handover_msg *m, const int *chans, int k)
{
    if (k != p->n) {
        for (int i = 0; i < k; i++)
            close(chans[i]);
        parent_abandon(p, "the new koand has another number of workers");
        return;
    }
    for (int i = 0; i < p->n; i++) {
        handover_msg u;
        handover_init(&u, HO_UPGRADE);
        if (p->w[i].pid > 0)
            handover_send(p->w[i].ctl, &u, chans[i]);
        close(chans[i]);
    }
    handover_msg t;
    handover_init(&t, HO_TAKEOVER);
    handover_send(p->up_chan, &t, -1);
    log_info("upgrade: pid %d and its %d workers are ready; the workers hand over", (int)m->pid, k);
    p->up_pid = 0;   /* it outlives us: not ours to reap or kill now */
}

static void parent_on_chan(parent *p)
{
    handover_msg m;
    int chans[HANDOVER_MAX_FDS], k;
    int r = handover_recv_fds(p->up_chan, &m, chans, HANDOVER_MAX_FDS, &k);
    if (r == 0)
        return;
    if (p->joining) {
        /* We are the new parent: the old one says when we are the main one. */
        if (r > 0 && m.type == HO_TAKEOVER) {
            log_info("upgrade: pid %d took over from pid %d", (int)getpid(), (int)m.pid);
            server s = {.cf = p->cf};
            upgrade_ready(&s);
            return;
        }
        for (int i = 0; i < k; i++)
            close(chans[i]);
        close(p->up_chan);
        p->up_chan = -1;
        p->joining = 0;
        return;
    }
    if (r > 0 && m.type == HO_WORKERS && p->up_pid > 0) {
        parent_distribute(p, &m, chans, k);
        return;
    }
    for (int i = 0; i < k; i++)
        close(chans[i]);
    if (r < 0 && p->up_pid > 0)
        parent_abandon(p, "the new koand exited before it was ready");
    else if (r < 0) {
        /* It died after taking over: the workers that still hold
         * connections notice on their own channels; we are main again. */
        close(p->up_chan);
        p->up_chan = -1;
        log_error("upgrade: the new koand died; pid %d serves on with what it held", (int)getpid());
        server s = {.cf = p->cf};
        upgrade_ready(&s);
    }
}

/* ---- Upgrades: the new generation's parent ------------------------------- */

static void parent_on_ready(parent *p, int i)
{
    handover_msg m;
    int fd;
    if (handover_recv(p->w[i].ctl, &m, &fd) <= 0 || m.type != HO_READY || p->w[i].ready)
        return;
    p->w[i].ready = 1;
    for (int k = 0; k < p->n; k++)
        if (!p->w[k].ready)
            return;
    int chans[HANDOVER_MAX_FDS];
    for (int k = 0; k < p->n; k++)
        chans[k] = p->w[k].hand;
    handover_msg w;
    handover_init(&w, HO_WORKERS);
    w.count = (uint32_t)p->n;
    if (handover_send_fds(p->up_chan, &w, chans, p->n) <= 0)
        log_error("upgrade: the old koand is gone; pid %d serves", (int)getpid());
    for (int k = 0; k < p->n; k++) {
        close(p->w[k].hand);
        p->w[k].hand = -1;
    }
}

/* ---- The parent's loop ---------------------------------------------------- */

static void parent_reap(parent *p)
{
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
        int i = -1;
        for (int k = 0; k < p->n; k++)
            if (p->w[k].pid == pid)
                i = k;
        if (pid == p->up_pid) {
            /* The new koand exited: its channel says the rest. */
            p->up_reaped = 1;
            continue;
        }
        if (i < 0)
            continue;
        p->w[i].pid = 0;
        p->running--;
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            p->status = 1;
            log_error("worker %d ended badly; stopping the others", (int)pid);
            relay(p, SIGTERM);
        }
    }
}

static void parent_signals(parent *p)
{
    unsigned char b[16];
    ssize_t n;
    while ((n = read(sig_pipe[0], b, sizeof b)) > 0)
        for (ssize_t i = 0; i < n; i++) {
            if (b[i] == SIGUSR2)
                parent_upgrade(p);
            else if (b[i] != SIGCHLD)
                relay(p, b[i]);
        }
}

int workers_run(const config *cf, const int *shared, int64_t exit_idle_ms)
{
    int per_worker = shared && cf->socket_per_worker;
    static parent p;
    p = (parent){.cf = cf, .nl = cf->nlisten, .n = (int)cf->workers, .up_chan = -1};
    p.w = calloc((size_t)p.n, sizeof *p.w);
    if (!p.w || pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
        log_error("out of memory");
        return 1;
    }
    for (int i = 0; i < p.n; i++)
        p.w[i] = (worker){.ctl = -1, .hand = -1};
    if (parent_bind(&p, shared, per_worker) < 0)
        return EXIT_SETUP;
    /* Started by an upgrade: the channel to the old parent. */
    if (upgrade_joining()) {
        const char *v = getenv(HANDOVER_ENV);
        p.up_chan = (int)strtol(v, NULL, 10);
        unsetenv(HANDOVER_ENV);
        fcntl(p.up_chan, F_SETFD, FD_CLOEXEC);
        fcntl(p.up_chan, F_SETFL, fcntl(p.up_chan, F_GETFL) | O_NONBLOCK);
        p.joining = 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_parent_signal;
    sigemptyset(&sa.sa_mask);
    int sigs[] = {SIGINT, SIGTERM, SIGUSR1, SIGUSR2, SIGCHLD};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (parent_fork(&p, exit_idle_ms) < 0) {
        relay(&p, SIGTERM);
        p.status = 1;
    } else if (!p.joining) {
        server s = {.cf = cf};
        upgrade_ready(&s);
    }
    while (p.running > 0) {
        struct pollfd pf[2 + HANDOVER_MAX_FDS];
        int np = 0;
        pf[np++] = (struct pollfd){.fd = sig_pipe[0], .events = POLLIN};
        pf[np++] = (struct pollfd){.fd = p.up_chan, .events = POLLIN};
        for (int i = 0; i < p.n; i++)
            pf[np++] = (struct pollfd){.fd = p.w[i].pid > 0 ? p.w[i].ctl : -1, .events = POLLIN};
        poll(pf, (nfds_t)np, READY_WAIT_MS);
        parent_signals(&p);
        parent_reap(&p);
        if (p.up_chan >= 0 && (pf[1].revents & (POLLIN | POLLHUP | POLLERR)))
            parent_on_chan(&p);
        for (int i = 0; i < p.n; i++)
            if (pf[2 + i].revents & (POLLIN | POLLHUP | POLLERR))
                parent_on_ready(&p, i);
        if (p.up_pid > 0 && parent_now() >= p.up_deadline)
            parent_abandon(&p, "the new koand was not ready in time");
    }
    /* Every worker is gone: after an upgrade they handed their clients to
     * the new generation, and the new parent is the main process now. */
    if (p.up_chan >= 0) {
        handover_msg d;
        handover_init(&d, HO_DONE);
        handover_send(p.up_chan, &d, -1);
        log_info("upgrade: every worker handed over; pid %d exits", (int)getpid());
    }
    server s = {.cf = cf};
    upgrade_exit(&s);
    free(p.w);
    free(p.fds);
    free(p.protos);
    return p.status;
}
