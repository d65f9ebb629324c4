#include "tests/stress/lib.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *const proto_name[NPROTO] = {"zen", "calc", "echo"};
const char *const req_text[NPROTO] = {"Beautiful is better than?", "1,2\n", "hello\n"};
const char *const rep_text[NPROTO] = {"Ugly.", CALC_WELCOME "Sum of input integers: '3'\r\n",
                                      "Echoed: 'hello'\r\n"};
const char *const busy_text[NPROTO] = {"Error: server busy.", "ERROR. Server busy\r\n",
                                       "ERROR. Server busy\r\n"};

/* ------------------------------------------------------------------ time */

double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void sleep_s(double s)
{
    if (s <= 0)
        return;
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

uint64_t rnd(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

/* ------------------------------------------------------------------ /proc */

long rss_kib(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    long kib = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kib = strtol(line + 6, NULL, 10);
    fclose(f);
    return kib;
}

int fd_count(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

double cpu_s(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    /* Fields after the command name, which may hold spaces: state is 3. */
    char *p = strrchr(buf, ')');
    if (!p)
        return -1;
    unsigned long long ut = 0, st = 0;
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
        return -1;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static pid_t watch_pid;
static long watch_peak;
static double watch_at;

void rss_watch(pid_t pid)
{
    watch_pid = pid;
    watch_peak = 0;
    watch_at = 0;
    rss_sample();
}

long rss_peak(void) { return watch_peak; }

void rss_sample(void)
{
    if (!watch_pid)
        return;
    double t = now();
    if (t - watch_at < 0.02)
        return;
    watch_at = t;
    long r = rss_kib(watch_pid);
    if (r > watch_peak)
        watch_peak = r;
}

/* ------------------------------------------------------------------ koand */

static char tmpdir[200] = "/tmp";
static int log_seq;

void kd_tmpdir(const char *dir) { snprintf(tmpdir, sizeof tmpdir, "%s", dir); }

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t cap = 8192, n = 0;
    char *b = malloc(cap + 1);
    for (;;) {
        if (cap - n < 4096) {
            cap *= 2;
            b = realloc(b, cap + 1);
        }
        size_t r = fread(b + n, 1, cap - n, f);
        if (r == 0)
            break;
        n += r;
    }
    fclose(f);
    b[n] = 0;
    if (len)
        *len = n;
    return b;
}

/* The listening TCP sockets of pid, by inode, in descriptor order. */
static int find_ports(pid_t pid, int *ports, int want)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
    DIR *d = opendir(path);
    if (!d)
        return 0;
    struct {
        int fd;
        unsigned long ino;
    } socks[64];
    int ns = 0;
    struct dirent *e;
    while ((e = readdir(d)) && ns < 64) {
        if (e->d_name[0] == '.')
            continue;
        char lp[400], target[64];
        snprintf(lp, sizeof lp, "%s/%s", path, e->d_name);
        ssize_t r = readlink(lp, target, sizeof target - 1);
        if (r <= 0)
            continue;
        target[r] = 0;
        unsigned long ino;
        if (sscanf(target, "socket:[%lu]", &ino) == 1) {
            socks[ns].fd = atoi(e->d_name);
            socks[ns].ino = ino;
            ns++;
        }
    }
    closedir(d);
    char *tcp = slurp("/proc/net/tcp", NULL);
    if (!tcp)
        return 0;
    int found[64] = {0}, port_of[64] = {0};
    for (char *line = strchr(tcp, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
        unsigned lport = 0, st = 0;
        unsigned long ino = 0;
        if (sscanf(line + 1, " %*d: %*x:%x %*x:%*x %x %*x:%*x %*x:%*x %*x %*d %*d %lu", &lport, &st,
                   &ino) != 3 ||
            st != 0x0A)
            continue;
        for (int i = 0; i < ns; i++)
            if (socks[i].ino == ino) {
                found[i] = 1;
                port_of[i] = (int)lport;
            }
    }
    free(tcp);
    /* In descriptor order: koand opens its listeners in --listen order. */
    int got = 0;
    for (int k = 0; k < want; k++) {
        int best = -1;
        for (int i = 0; i < ns; i++)
            if (found[i] && (best < 0 || socks[i].fd < socks[best].fd))
                best = i;
        if (best < 0)
            break;
        ports[got++] = port_of[best];
        found[best] = 0;
    }
    return got;
}

int kd_start(koand *k, const kd_opts *o, ...)
{
    memset(k, 0, sizeof *k);
    const char *b = getenv("B") && *getenv("B") ? getenv("B") : "build";
    char bin[300];
    snprintf(bin, sizeof bin, "%s/koand", b);
    const char *argv[48] = {
        bin,        "--listen",        "zen@127.0.0.1:0", "--listen", "calc@127.0.0.1:0",
        "--listen", "echo@127.0.0.1:0"};
    int argc = 7;
    va_list ap;
    va_start(ap, o);
    for (const char *a; (a = va_arg(ap, const char *)) && argc < 46;)
        argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;
    snprintf(k->log, sizeof k->log, "%s/koand-%02d.log", tmpdir, ++log_seq);
    int lfd = open(k->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (lfd < 0)
        return -1;
    k->pid = fork();
    if (k->pid < 0) {
        close(lfd);
        return -1;
    }
    if (k->pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(lfd, 2);
        if (o && o->nofile > 0) {
            struct rlimit rl = {(rlim_t)o->nofile, (rlim_t)o->nofile};
            setrlimit(RLIMIT_NOFILE, &rl);
        }
        for (int i = 0; o && i < o->leak_fds; i++)
            if (open("/dev/null", O_RDONLY) < 0)
                break;
        signal(SIGPIPE, SIG_DFL);
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    close(lfd);
    for (double t0 = now(); now() - t0 < 15; sleep_s(0.01)) {
        if (find_ports(k->pid, k->port, NPROTO) == NPROTO)
            return 0;
        if (kd_reap(k))
            break;
    }
    fprintf(stderr, "koand did not start; its log: %s\n", k->log);
    kd_stop(k, 1);
    return -1;
}

int kd_reap(koand *k)
{
    if (k->pid <= 0)
        return 1;
    int st;
    if (waitpid(k->pid, &st, WNOHANG) != k->pid)
        return 0;
    k->pid = 0;
    k->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    k->sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
    return 1;
}

int kd_alive(koand *k) { return !kd_reap(k); }

int kd_stop(koand *k, double timeout)
{
    if (k->pid <= 0)
        return k->status;
    kill(k->pid, SIGTERM);
    for (double t0 = now(); now() - t0 < timeout; sleep_s(0.005))
        if (kd_reap(k))
            return k->status;
    kill(k->pid, SIGKILL);
    int st;
    waitpid(k->pid, &st, 0);
    k->pid = 0;
    k->status = -1;
    k->sig = SIGKILL;
    return -1;
}

int kd_sanitized(const koand *k)
{
    char *s = slurp(k->log, NULL);
    if (!s)
        return 0;
    int bad = strstr(s, "AddressSanitizer") || strstr(s, "LeakSanitizer") ||
              strstr(s, "UndefinedBehaviorSanitizer") || strstr(s, "runtime error:");
    free(s);
    return bad;
}

int kd_log_lines(const koand *k)
{
    char *s = slurp(k->log, NULL);
    if (!s)
        return -1;
    int n = 0;
    for (char *p = s; *p; p++)
        n += *p == '\n';
    free(s);
    return n;
}

static int count_stats_lines(const char *s)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, "koand: stats: ")); p++)
        n++;
    return n;
}

long kd_stat(koand *k, const char *name)
{
    if (k->pid <= 0)
        return -1;
    char *s = slurp(k->log, NULL);
    int before = s ? count_stats_lines(s) : 0;
    free(s);
    kill(k->pid, SIGUSR1);
    for (double t0 = now(); now() - t0 < 3; sleep_s(0.01)) {
        s = slurp(k->log, NULL);
        if (s && count_stats_lines(s) > before) {
            char *last = s, *p;
            while ((p = strstr(last + 1, "koand: stats: ")))
                last = p;
            char *eol = strchr(last, '\n');
            if (!eol) { /* the line is still being written */
                free(s);
                continue;
            }
            *eol = 0;
            char key[64];
            snprintf(key, sizeof key, " %s=", name);
            char *at = strstr(last, key);
            long v = at ? strtol(at + strlen(key), NULL, 10) : -1;
            free(s);
            return v;
        }
        free(s);
    }
    return -1;
}

void kd_done(koand *k, int keep)
{
    if (k->pid > 0)
        kd_stop(k, 5);
    if (!keep && !(getenv("STRESS_KEEP") && *getenv("STRESS_KEEP")))
        unlink(k->log);
}

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
    double left = deadline - now();
    if (left <= 0)
        return 0;
    struct pollfd p = {.fd = fd, .events = ev};
    int r = poll(&p, 1, (int)(left * 1000) + 1);
    return r > 0 ? 1 : r < 0 && errno == EINTR ? 1 : 0;
}

int send_all(int fd, const void *p, size_t n, double timeout)
{
    const char *s = p;
    double deadline = now() + timeout;
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
    double deadline = now() + timeout;
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
    double deadline = now() + timeout;
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

/* ------------------------------------------------------------------ batch */

int batch_count(const bconn *b, int n, int state)
{
    int c = 0;
    for (int i = 0; i < n; i++)
        c += b[i].state == state;
    return c;
}

void batch_close(bconn *b, int n)
{
    for (int i = 0; i < n; i++)
        if (b[i].fd > 0) {
            close(b[i].fd);
            b[i].fd = -1;
        }
}

static void bc_end(bconn *c, int how, int err)
{
    c->state = BC_ENDED;
    c->end = how;
    c->err = err;
    c->t_end = now();
}

static void bc_start(bconn *c, const koand *k)
{
    c->t0 = now();
    c->fd = tcp_open(c->port ? c->port : k->port[c->proto], c->src, 0, 1);
    if (c->fd < 0) {
        c->fd = -1;
        bc_end(c, 2, errno);
        return;
    }
    c->state = BC_CONNECTING;
}

static void bc_connected(bconn *c)
{
    int e = 0;
    socklen_t el = sizeof e;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &el);
    if (e) {
        bc_end(c, 2, e);
        return;
    }
    c->state = BC_WAITING;
    if (c->send_req) {
        const char *r = req_text[c->proto];
        ssize_t w = send(c->fd, r, strlen(r), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0 && errno != EAGAIN)
            bc_end(c, 2, errno);
    }
}

static void bc_read(bconn *c)
{
    char tmp[4096];
    for (int i = 0; i < 4; i++) {
        ssize_t r = recv(c->fd, tmp, sizeof tmp, MSG_DONTWAIT);
        if (r > 0) {
            size_t room = sizeof c->data - 1 - c->got;
            size_t keep = (size_t)r < room ? (size_t)r : room;
            memcpy(c->data + c->got, tmp, keep);
            c->got += keep;
            c->data[c->got] = 0;
            const char *want = rep_text[c->proto];
            if (c->send_req && c->got == strlen(want) && memcmp(c->data, want, c->got) == 0) {
                c->state = BC_SERVED;
                c->t_served = now();
                return;
            }
            continue;
        }
        if (r == 0)
            bc_end(c, 1, 0);
        else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            bc_end(c, 2, errno);
        return;
    }
}

int batch_run(bconn *b, int n, const koand *k, int max_inflight, double timeout)
{
    struct pollfd *pf = malloc((size_t)n * sizeof *pf);
    int *who = malloc((size_t)n * sizeof *who);
    double deadline = now() + timeout;
    int next = 0;
    for (int i = 0; i < n; i++)
        if (b[i].state == BC_NEW)
            b[i].fd = -1;
    while (now() < deadline) {
        int inflight = 0, np = 0;
        for (int i = 0; i < next; i++)
            inflight += b[i].state == BC_CONNECTING || b[i].state == BC_WAITING;
        while (next < n && inflight < max_inflight) {
            if (b[next].state == BC_NEW) {
                bc_start(&b[next], k);
                inflight += b[next].state == BC_CONNECTING;
            }
            next++;
        }
        for (int i = 0; i < next; i++) {
            if (b[i].state == BC_CONNECTING || b[i].state == BC_WAITING) {
                pf[np] = (struct pollfd){.fd = b[i].fd,
                                         .events = b[i].state == BC_CONNECTING ? POLLOUT : POLLIN};
                who[np++] = i;
            }
        }
        if (np == 0 && next >= n)
            break;
        int r = poll(pf, (nfds_t)np, 20);
        rss_sample();
        if (r <= 0)
            continue;
        for (int j = 0; j < np; j++) {
            if (!pf[j].revents)
                continue;
            bconn *c = &b[who[j]];
            if (c->state == BC_CONNECTING)
                bc_connected(c);
            else
                bc_read(c);
        }
    }
    free(pf);
    free(who);
    return batch_count(b, n, BC_SERVED) + batch_count(b, n, BC_ENDED);
}

/* ------------------------------------------------------------------ stream */

static int sc_done(const sconn *c)
{
    int sent = c->out_off >= c->out_len || c->werr;
    int read = c->end || (c->expect && c->in_total >= c->expect);
    return sent && read;
}

int stream_run(sconn *c, int n, double timeout)
{
    struct pollfd *pf = malloc((size_t)n * sizeof *pf);
    int *who = malloc((size_t)n * sizeof *who);
    char *tmp = malloc(65536);
    double deadline = now() + timeout;
    int done = 0;
    while (now() < deadline) {
        int np = 0;
        double t = now(), wake = t + 0.02;
        done = 0;
        for (int i = 0; i < n; i++) {
            sconn *s = &c[i];
            int sent = s->out_off >= s->out_len || s->werr;
            if (sent && s->shut_after && !s->shut && !s->werr) {
                shutdown(s->fd, SHUT_WR);
                s->shut = 1;
                s->in_at_shut = s->in_total;
            }
            if (sc_done(s)) {
                done++;
                continue;
            }
            short ev = 0;
            if (!sent)
                ev |= POLLOUT;
            if (!s->end && (!s->read_after_write || sent)) {
                if (t >= s->next_read)
                    ev |= POLLIN;
                else if (s->next_read < wake)
                    wake = s->next_read;
            }
            if (ev) {
                pf[np] = (struct pollfd){.fd = s->fd, .events = ev};
                who[np++] = i;
            }
        }
        if (done == n)
            break;
        int ms = (int)((wake - t) * 1000);
        int r = poll(pf, (nfds_t)np, ms < 1 ? 1 : ms);
        rss_sample();
        if (r <= 0)
            continue;
        for (int j = 0; j < np; j++) {
            sconn *s = &c[who[j]];
            short re = pf[j].revents;
            if (!re)
                continue;
            if ((pf[j].events & POLLOUT) && (re & (POLLOUT | POLLERR | POLLHUP))) {
                size_t left = s->out_len - s->out_off;
                if (s->wchunk && left > s->wchunk)
                    left = s->wchunk;
                ssize_t w = send(s->fd, s->out + s->out_off, left, MSG_NOSIGNAL | MSG_DONTWAIT);
                if (w > 0) {
                    s->out_off += (size_t)w;
                    s->t_last_write = now();
                } else if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                    s->werr = errno;
                }
            }
            if ((pf[j].events & POLLIN) && (re & (POLLIN | POLLERR | POLLHUP))) {
                size_t want = s->rchunk ? s->rchunk : 65536;
                if (want > 65536)
                    want = 65536;
                ssize_t rd = recv(s->fd, tmp, want, MSG_DONTWAIT);
                if (rd > 0) {
                    if (s->in && s->in_len < s->in_cap) {
                        size_t keep =
                            s->in_cap - s->in_len < (size_t)rd ? s->in_cap - s->in_len : (size_t)rd;
                        memcpy(s->in + s->in_len, tmp, keep);
                        s->in_len += keep;
                    }
                    s->in_total += (size_t)rd;
                    if (s->rgap > 0)
                        s->next_read = now() + s->rgap;
                } else if (rd == 0) {
                    s->end = 1;
                    s->t_end = now();
                } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                    s->end = 2;
                    s->err = errno;
                    s->t_end = now();
                }
            }
        }
    }
    free(pf);
    free(who);
    free(tmp);
    return done;
}

/* ------------------------------------------------------------------ probe */

static const char *const probe_req[NPROTO] = {"Simple is better than?", "2,3\n", "probe\n"};
static const char *const probe_rep[NPROTO] = {"Complex.", "Sum of input integers: '5'\r\n",
                                              "Echoed: 'probe'\r\n"};

static void *probe_main(void *arg)
{
    probe *p = arg;
    int fd = tcp_open(p->port, NULL, 0, 0);
    if (fd < 0) {
        p->fail = 1;
        snprintf(p->why, sizeof p->why, "probe connect: %s", strerror(errno));
        return NULL;
    }
    char buf[128];
    if (p->proto == CALC && recv_exact(fd, buf, strlen(CALC_WELCOME), 5) != strlen(CALC_WELCOME)) {
        p->fail = 1;
        snprintf(p->why, sizeof p->why, "probe: no welcome");
        close(fd);
        return NULL;
    }
    const char *rq = probe_req[p->proto], *rp = probe_rep[p->proto];
    size_t rl = strlen(rp);
    double stop_at = now() + p->max_time;
    while (!atomic_load(&p->stop) && p->n < p->max && now() < stop_at) {
        double t = now();
        if (send_all(fd, rq, strlen(rq), 5) < 0) {
            p->fail = 1;
            snprintf(p->why, sizeof p->why, "probe send: %s", strerror(errno));
            break;
        }
        size_t got = recv_exact(fd, buf, rl, 5);
        if (got != rl || memcmp(buf, rp, rl) != 0) {
            p->fail = 1;
            snprintf(p->why, sizeof p->why, "probe: request %d got %zu of %zu reply bytes", p->n,
                     got, rl);
            break;
        }
        p->lat[p->n++] = now() - t;
        sleep_s(p->interval);
    }
    close(fd);
    return NULL;
}

int probe_start(probe *p)
{
    p->n = 0;
    p->fail = 0;
    p->why[0] = 0;
    atomic_store(&p->stop, 0);
    p->lat = calloc((size_t)p->max + 1, sizeof *p->lat);
    return pthread_create(&p->th, NULL, probe_main, p);
}

void probe_join(probe *p)
{
    atomic_store(&p->stop, 1);
    pthread_join(p->th, NULL);
}

void probe_wait(probe *p) { pthread_join(p->th, NULL); }

void probe_free(probe *p)
{
    free(p->lat);
    p->lat = NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double pctl(const double *v, int n, double p)
{
    if (n <= 0)
        return -1;
    double *s = malloc((size_t)n * sizeof *s);
    memcpy(s, v, (size_t)n * sizeof *s);
    qsort(s, (size_t)n, sizeof *s, cmp_double);
    int i = (int)(p * n + 0.999999) - 1;
    if (i < 0)
        i = 0;
    if (i >= n)
        i = n - 1;
    double r = s[i];
    free(s);
    return r;
}

double vmax(const double *v, int n)
{
    double m = -1;
    for (int i = 0; i < n; i++)
        if (v[i] > m)
            m = v[i];
    return m;
}

/* ------------------------------------------------------------------ build */

int koand_asan(void)
{
    static int known = -1;
    if (known >= 0)
        return known;
    const char *b = getenv("B") && *getenv("B") ? getenv("B") : "build";
    char bin[300];
    snprintf(bin, sizeof bin, "%s/koand", b);
    size_t n = 0;
    char *s = slurp(bin, &n);
    known = s && memmem(s, n, "__asan_init", 11) != NULL;
    free(s);
    return known;
}
