/* The blocking models' threads. Workers wait for a listener, accept, admit
 * the client (--allow/--deny, --max-conns, --max-conns-per-ip, as
 * server_admit does for async) and serve it to its end (blocking_serve.c);
 * under --model spawn the one worker starts a thread to serve each client
 * instead, and --max-conns bounds how many run.
 * The main thread supervises: it reads the signals (SIGUSR1's counters,
 * the stop), logs --stats-interval, and drains the closes of our own that
 * linger, so that a client that quit and keeps its socket open costs a
 * descriptor, not a worker. */
#include "runtime/blocking_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "runtime/log.h"
#include "runtime/stats.h"

/* One per process, never freed: a worker may still be leaving it when the
 * main thread returns. */
static blocking the_blocking;

uint64_t blocking_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int blocking_model_of(const char *name)
{
    return strcmp(name, "single") == 0    ? BLOCKING_SINGLE
         : strcmp(name, "threads") == 0   ? BLOCKING_THREADS
         : strcmp(name, "spawn") == 0     ? BLOCKING_SPAWN
                                          : -1;
}

void blocking_limit(blocking *b, int kind, const char *what)
{
    pthread_mutex_lock(&b->lock);
    stats_limit(kind, blocking_now_ms(), what);
    pthread_mutex_unlock(&b->lock);
}

/* With b->lock held. */
static void release_locked(blocking *b, const peer_addr *pa)
{
    b->conns--;
    if (b->s->per_ip)
        ip_counts_add(b->s->per_ip, pa, -1);
}

void blocking_release(blocking *b, const peer_addr *pa)
{
    pthread_mutex_lock(&b->lock);
    release_locked(b, pa);
    pthread_mutex_unlock(&b->lock);
}

void blocking_linger(blocking *b, int fd, const peer_addr *pa)
{
    pthread_mutex_lock(&b->lock);
    /* Room for every client admitted: a lingering one is still counted. */
    b->lingering[b->nlingering++] = (lingering){.fd = fd, .since = blocking_now_ms(), .peer = *pa};
    pthread_mutex_unlock(&b->lock);
    ssize_t r = write(b->wake[1], "l", 1);
    (void)r;
}

/* 1 if the client on fd may be served; else it has been turned away with
 * the line its protocol uses, and fd is closed. */
static int admit(blocking *b, const listener *l, int fd, const peer_addr *pa)
{
    server *s = b->s;
    const config *cf = b->cf;
    const char *line = NULL;
    int ok = 0;
    pthread_mutex_lock(&b->lock);
    uint64_t now = blocking_now_ms();
    if (!acl_permits(&cf->acl, pa)) {
        stats_limit(ST_DENIED, now, "refused a client by --allow/--deny");
    } else if (b->conns >= s->max_conns) {
        stats_limit(ST_BUSY, now, "turned a client away at --max-conns");
        line = l->pr->busy;
    } else if (s->per_ip && ip_counts_add(s->per_ip, pa, 0) >= (int)cf->max_conns_per_ip) {
        stats_limit(ST_BUSY_PER_IP, now, "turned a client away at --max-conns-per-ip");
        line = l->pr->busy;
    } else {
        b->conns++;
        if (s->per_ip)
            ip_counts_add(s->per_ip, pa, 1);
        stats[ST_ACCEPTED]++;
        ok = 1;
    }
    pthread_mutex_unlock(&b->lock);
    if (!ok)
        server_refuse(fd, line);
    return ok;
}

/* A client for a thread of its own (--model spawn). */
typedef struct job {
    blocking *b;
    const listener *l;
    int fd;
    struct sockaddr_storage ss;
} job;

static void *serve_job(void *arg)
{
    job j = *(job *)arg;
    free(arg);
    blocking_serve(j.b, j.l, j.fd, (struct sockaddr *)&j.ss);
    return NULL;
}

/* Start a detached thread for the admitted client on fd; if the system
 * will not run another thread, turn the client away as at --max-conns. */
static void spawn_client(blocking *b, const listener *l, int fd, const struct sockaddr_storage *ss,
                         const peer_addr *pa)
{
    job *j = malloc(sizeof *j);
    pthread_attr_t attr;
    pthread_t t;
    int ok = 0;
    if (j && pthread_attr_init(&attr) == 0) {
        *j = (job){.b = b, .l = l, .fd = fd, .ss = *ss};
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        ok = pthread_create(&t, &attr, serve_job, j) == 0;
        pthread_attr_destroy(&attr);
    }
    if (ok)
        return;
    free(j);
    blocking_limit(b, ST_BUSY, "could not start a thread: turned a client away");
    server_refuse(fd, l->pr->busy);
    blocking_release(b, pa);
}

/* l is readable: accept one client and serve it to its end, or (spawn)
 * accept the waiting ones, a bounded number, each on a thread of its own. */
static void accept_ready(blocking *b, listener *l)
{
    for (int i = 0; i < ACCEPT_BUDGET; i++) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        int fd = accept4(l->fd, (struct sockaddr *)&ss, &sl, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            /* Out of descriptors the listener stays readable: shed the
             * waiting clients, as async does, instead of spinning. */
            if (errno == EMFILE || errno == ENFILE) {
                pthread_mutex_lock(&b->lock);
                server_shed(b->s, l, blocking_now_ms());
                pthread_mutex_unlock(&b->lock);
            }
            return;
        }
        peer_addr pa;
        net_peer_from(&pa, (struct sockaddr *)&ss);
        if (!admit(b, l, fd, &pa))
            continue;
        if (b->model != BLOCKING_SPAWN) {
            blocking_serve(b, l, fd, (struct sockaddr *)&ss);
            return;
        }
        spawn_client(b, l, fd, &ss, &pa);
    }
}

/* One worker: wait for any listener (or the stop), accept, serve. The
 * listeners are non-blocking so that workers racing for one client do not
 * block in accept(). */
static void *worker(void *arg)
{
    blocking *b = arg;
    server *s = b->s;
    struct pollfd pfd[CONFIG_MAX_LISTEN + 1];
    for (int i = 0; i < s->nls; i++)
        pfd[i] = (struct pollfd){.fd = s->ls[i].fd, .events = POLLIN};
    pfd[s->nls] = (struct pollfd){.fd = b->stop[0], .events = POLLIN};
    while (!server_stop_requested()) {
        if (poll(pfd, (nfds_t)s->nls + 1, WAKE_MS) <= 0)
            continue;
        for (int i = 0; i < s->nls && !server_stop_requested(); i++)
            if (pfd[i].revents & POLLIN)
                accept_ready(b, &s->ls[i]);
    }
    pthread_mutex_lock(&b->lock);
    b->running--;
    pthread_mutex_unlock(&b->lock);
    ssize_t r = write(b->wake[1], "w", 1);
    (void)r;
    return NULL;
}

/* Lingering closes, with b->lock held: drop what arrived; close at the
 * peer's end of stream, after 2 s, or at the shutdown deadline (force). */
static void linger_step(blocking *b, const struct pollfd *pf, int n, uint64_t now, int force)
{
    static char junk[READ_CHUNK];
    for (int i = n - 1; i >= 0; i--) {
        lingering *lg = &b->lingering[i];
        int done = force;
        if (!done && (pf[i].revents & (POLLIN | POLLHUP | POLLERR))) {
            for (int k = 0; k < 4; k++) {
                ssize_t r = recv(lg->fd, junk, sizeof junk, MSG_DONTWAIT);
                if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
                    done = 1;
                if (r <= 0)
                    break;
            }
        }
        if (!done && now - lg->since >= LINGER_MS) {
            stats[ST_LINGER_TIMEOUT]++;
            done = 1;
        }
        if (done) {
            close(lg->fd);
            release_locked(b, &lg->peer);
            *lg = b->lingering[--b->nlingering];
        }
    }
}

/* The main thread's loop, until the stop has finished every client. */
static void supervise(blocking *b)
{
    server *s = b->s;
    const config *cf = b->cf;
    struct pollfd *pf = calloc((size_t)s->max_conns + 2, sizeof *pf);
    if (!pf)
        abort();
    uint64_t now = blocking_now_ms(), deadline = 0;
    uint64_t next_stats = now + (uint64_t)cf->stats_interval * 1000, signal_line_at = 0;
    unsigned signals_owed = 0;
    int stopping = 0;
    for (;;) {
        pthread_mutex_lock(&b->lock);
        int n = b->nlingering, done = stopping && b->running == 0 && b->conns == 0;
        for (int i = 0; i < n; i++)
            pf[2 + i] = (struct pollfd){.fd = b->lingering[i].fd, .events = POLLIN};
        pthread_mutex_unlock(&b->lock);
        if (done)
            break;
        pf[0] = (struct pollfd){.fd = s->sigfd[0], .events = POLLIN};
        pf[1] = (struct pollfd){.fd = b->wake[0], .events = POLLIN};
        poll(pf, (nfds_t)n + 2, WAKE_MS);
        now = blocking_now_ms();
        unsigned char sig[16];
        ssize_t got;
        while ((got = read(s->sigfd[0], sig, sizeof sig)) > 0)
            for (ssize_t i = 0; i < got; i++) {
                pthread_mutex_lock(&b->lock);
                int conns = b->conns;
                pthread_mutex_unlock(&b->lock);
                signals_owed += sig[i] == SIGUSR1;
                /* A live upgrade moves connections between event loops;
                 * a blocking worker's client has no such boundary. */
                if (sig[i] == SIGUSR2)
                    log_error("SIGUSR2: a live upgrade needs --model async; ignored");
                else if (sig[i] != SIGUSR1 && !stopping) {
                    stopping = 1;
                    deadline = now + (uint64_t)cf->shutdown_timeout * 1000;
                    log_info("%s: stopping; %d connections to finish (at most %u s)",
                             strsignal(sig[i]), conns, cf->shutdown_timeout);
                    ssize_t r = write(b->stop[1], "s", 1);
                    (void)r;
                }
            }
        while (read(b->wake[0], sig, sizeof sig) > 0)
            ;
        pthread_mutex_lock(&b->lock);
        /* Entries past n were added since the poll: next turn's. */
        linger_step(b, pf + 2, n, now, stopping && now >= deadline);
        /* As the event loop does: a SIGUSR1 storm gets one line a second,
         * the signals of that second answered together at its end. */
        if (signals_owed && (!signal_line_at || now - signal_line_at >= STATS_SIGNAL_MS)) {
            stats_line(b->conns, s->nls, signals_owed);
            signals_owed = 0;
            signal_line_at = now;
        }
        if (cf->stats_interval && now >= next_stats) {
            stats_line(b->conns, s->nls, 0);
            next_stats = now + (uint64_t)cf->stats_interval * 1000;
        }
        pthread_mutex_unlock(&b->lock);
    }
    free(pf);
}

int blocking_run(server *s, int model, int nthreads)
{
    blocking *b = &the_blocking;
    b->s = s;
    b->cf = s->cf;
    b->model = model;
    pthread_mutex_init(&b->lock, NULL);
    b->lingering = calloc((size_t)s->max_conns, sizeof *b->lingering);
    int n = model == BLOCKING_THREADS ? nthreads : 1;
    pthread_t *t = calloc((size_t)n, sizeof *t);
    if (!b->lingering || !t || pipe2(b->wake, O_CLOEXEC | O_NONBLOCK) < 0 ||
        pipe2(b->stop, O_CLOEXEC | O_NONBLOCK) < 0) {
        log_error("cannot start the %s model: %s", s->cf->model, strerror(errno));
        return 1;
    }
    b->running = n;
    int started = 0;
    for (; started < n; started++)
        if (pthread_create(&t[started], NULL, worker, b) != 0)
            break;
    if (started < n) {
        pthread_mutex_lock(&b->lock);
        b->running -= n - started;
        pthread_mutex_unlock(&b->lock);
        log_error("started %d of %d threads", started, n);
    }
    if (started > 0)
        supervise(b);
    for (int i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    free(t);
    if (started == 0)
        return 1;
    log_info("shutdown: %llu connection%s served, %llu repl%s; exiting",
             (unsigned long long)stats_get(ST_ACCEPTED), stats_get(ST_ACCEPTED) == 1 ? "" : "s",
             (unsigned long long)stats_get(ST_REPLIES), stats_get(ST_REPLIES) == 1 ? "y" : "ies");
    return 0;
}
