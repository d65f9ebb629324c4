#include "tests/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proto/protocols.h"
#include "runtime/registry.h"

extern char **environ;

int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

/* Every koand started and not yet reaped, so that a test that fails half
 * way (cmocka jumps out of it) leaves no process and no log behind. */
#define MAX_LIVE 64
static struct {
    pid_t pid;
    char log_path[64];
} live[MAX_LIVE];

static void live_add(const koand *k)
{
    for (int i = 0; i < MAX_LIVE; i++)
        if (live[i].pid == 0) {
            live[i].pid = k->pid;
            memcpy(live[i].log_path, k->log_path, sizeof live[i].log_path);
            return;
        }
}

static void live_remove(pid_t pid)
{
    for (int i = 0; i < MAX_LIVE; i++)
        if (live[i].pid == pid)
            live[i].pid = 0;
}

void koand_kill_strays(pid_t keep)
{
    for (int i = 0; i < MAX_LIVE; i++) {
        if (live[i].pid == 0 || live[i].pid == keep)
            continue;
        kill(live[i].pid, SIGKILL);
        waitpid(live[i].pid, NULL, 0);
        unlink(live[i].log_path);
        live[i].pid = 0;
    }
}

/* Milliseconds left before deadline, never negative. */
static int left_ms(int64_t deadline)
{
    int64_t l = deadline - now_ms();
    return l < 0 ? 0 : l > 60000 ? 60000 : (int)l;
}

static const char *koand_path(char *path, size_t len)
{
    const char *b = getenv("B");
    snprintf(path, len, "%s/koand", b && *b ? b : "build");
    return path;
}

/* The child's environment: ours without KOAN_ variables, so a developer's
 * shell settings cannot change what a test means, plus the test's own. */
static char **child_env(const char *const *extra)
{
    size_t n = 0, m = 0;
    while (environ[n])
        n++;
    while (extra && extra[m])
        m++;
    char **env = calloc(n + m + 1, sizeof *env);
    if (!env)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "KOAN_", 5) != 0)
            env[k++] = environ[i];
    for (size_t i = 0; i < m; i++)
        env[k++] = (char *)extra[i];
    env[k] = NULL;
    return env;
}

/* fork + exec koand with fds 0, 1, 2 as given (-1 = /dev/null). */
static pid_t spawn(const char *const *args, const char *const *env, int out, int err)
{
    char path[256];
    koand_path(path, sizeof path);
    const char *argv[64] = {path};
    int n = 1;
    for (; args && args[n - 1] && n < 63; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    char **envp = child_env(env);
    if (!envp)
        return -1;
    /* Buffered test output must not be written twice, by us and the child. */
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        /* LISTEN_PID=self: the pid systemd would name, which is ours now. */
        char self[32];
        for (char **e = envp; *e; e++)
            if (strcmp(*e, "LISTEN_PID=self") == 0) {
                snprintf(self, sizeof self, "LISTEN_PID=%d", (int)getpid());
                *e = self;
            }
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(out >= 0 ? out : null, 1);
        dup2(err >= 0 ? err : null, 2);
        execve(path, (char *const *)argv, envp);
        dprintf(2, "exec %s: %s\n", path, strerror(errno));
        _exit(127);
    }
    free(envp);
    return pid;
}

/* Reap pid within timeout_ms, killing it past that; the exit status, or
 * -1 if it was killed or died of a signal. */
static int reap(pid_t pid, int timeout_ms)
{
    int st;
    int64_t deadline = now_ms() + timeout_ms;
    for (;;) {
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid)
            return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        if (r < 0 && errno != EINTR)
            return -1;
        if (now_ms() >= deadline)
            break;
        sleep_ms(5);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
    return -1;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t len = 0, cap = 4096;
    char *s = malloc(cap + 1);
    if (!s)
        abort();
    if (f) {
        size_t r;
        while ((r = fread(s + len, 1, cap - len, f)) > 0) {
            len += r;
            if (len == cap) {
                cap *= 2;
                if (!(s = realloc(s, cap + 1)))
                    abort();
            }
        }
        fclose(f);
    }
    s[len] = 0;
    return s;
}

/* Take the "listening PROTO on HOST:PORT" lines logged so far. */
static void scan_listeners(koand *k)
{
    char *log = koand_log(k);
    k->nlisten = 0;
    for (char *line = log; *line && k->nlisten < KOAND_MAX_LISTEN;) {
        char *end = strchr(line, '\n');
        if (!end)
            break;   /* a line still being written */
        *end = 0;
        char proto[16], where[128];
        if (sscanf(line, "koand: listening %15s on %127s", proto, where) == 2) {
            char *colon = strrchr(where, ':');
            if (colon) {
                *colon = 0;
                char *host = where;
                if (*host == '[') {
                    host++;
                    host[strlen(host) - 1] = 0;
                }
                int i = k->nlisten++;
                snprintf(k->ls[i].proto, sizeof k->ls[i].proto, "%s", proto);
                snprintf(k->ls[i].host, sizeof k->ls[i].host, "%.63s", host);
                k->ls[i].port = atoi(colon + 1);
            }
        }
        line = end + 1;
    }
    free(log);
}

int koand_start(koand *k, const char *const *args, const char *const *env, int nlisten)
{
    memset(k, 0, sizeof *k);
    snprintf(k->log_path, sizeof k->log_path, "/tmp/koan-srvtest-XXXXXX");
    int lfd = mkostemp(k->log_path, O_CLOEXEC);
    if (lfd < 0)
        return -1;
    k->pid = spawn(args, env, -1, lfd);
    close(lfd);
    if (k->pid < 0) {
        k->pid = 0;
        unlink(k->log_path);
        return -1;
    }
    live_add(k);
    for (int64_t deadline = now_ms() + 5000; now_ms() < deadline; sleep_ms(5)) {
        scan_listeners(k);
        if (k->nlisten >= nlisten)
            return 0;
        int st;
        if (waitpid(k->pid, &st, WNOHANG) == k->pid) {
            live_remove(k->pid);
            k->pid = 0;
            k->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
            break;
        }
    }
    char *log = koand_log(k);
    fprintf(stderr, "koand did not start (%d of %d listeners); its log:\n%s", k->nlisten,
            nlisten, log);
    free(log);
    koand_cleanup(k);
    return -1;
}

const char *const *koand_listen_all(const char *const *extra)
{
    static char specs[REGISTRY_MAX][64];
    static const char *args[64 + 2 * REGISTRY_MAX + 1];
    if (!registry_count())
        registry_use(protocols);
    int n = 0;
    for (; extra && extra[n] && n < 64; n++)
        args[n] = extra[n];
    for (int i = 0; i < registry_count(); i++) {
        snprintf(specs[i], sizeof specs[i], "%s@127.0.0.1:0", registry_all()[i]->name);
        args[n++] = "--listen";
        args[n++] = specs[i];
    }
    args[n] = NULL;
    return args;
}

int koand_nlisten_all(void)
{
    if (!registry_count())
        registry_use(protocols);
    return registry_count();
}

int koand_port(const koand *k, const char *proto)
{
    for (int i = 0; i < k->nlisten; i++)
        if (strcmp(k->ls[i].proto, proto) == 0)
            return k->ls[i].port;
    return 0;
}

int koand_signal(koand *k, int sig, int timeout_ms)
{
    if (k->pid <= 0)
        return -1;
    kill(k->pid, sig);
    k->status = reap(k->pid, timeout_ms);
    live_remove(k->pid);
    k->pid = 0;
    return k->status;
}

int koand_wait(koand *k, int timeout_ms)
{
    if (k->pid <= 0)
        return -1;
    k->status = reap(k->pid, timeout_ms);
    live_remove(k->pid);
    k->pid = 0;
    return k->status;
}

int koand_stop(koand *k) { return koand_signal(k, SIGTERM, 10000); }

void koand_forget(koand *k)
{
    live_remove(k->pid);
    k->pid = 0;
}

void koand_cleanup(koand *k)
{
    if (k->pid > 0) {
        kill(k->pid, SIGKILL);
        waitpid(k->pid, NULL, 0);
        live_remove(k->pid);
        k->pid = 0;
        k->status = -1;
    }
    if (k->log_path[0])
        unlink(k->log_path);
    k->log_path[0] = 0;
}

char *koand_log(const koand *k) { return read_file(k->log_path); }

int koand_log_count(const koand *k, const char *text)
{
    char *log = koand_log(k);
    int n = 0;
    for (char *line = log; *line;) {
        char *end = strchr(line, '\n');
        if (end)
            *end = 0;
        n += strstr(line, text) != NULL;
        if (!end)
            break;
        line = end + 1;
    }
    free(log);
    return n;
}

int koand_log_wait(const koand *k, const char *text, int timeout_ms)
{
    for (int64_t deadline = now_ms() + timeout_ms;; sleep_ms(5)) {
        if (koand_log_count(k, text) > 0)
            return 1;
        if (now_ms() >= deadline)
            return 0;
    }
}

long koand_vm_kb(const koand *k, const char *field)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)k->pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    long kb = -1;
    size_t fl = strlen(field);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, fl) == 0 && line[fl] == ':')
            kb = strtol(line + fl + 1, NULL, 10);
    fclose(f);
    return kb;
}

int koand_run(const char *const *args, const char *const *env, char **out, char **err,
              int timeout_ms)
{
    char opath[] = "/tmp/koan-srvtest-out-XXXXXX", epath[] = "/tmp/koan-srvtest-err-XXXXXX";
    int ofd = mkostemp(opath, O_CLOEXEC), efd = mkostemp(epath, O_CLOEXEC);
    int st = -1;
    if (ofd >= 0 && efd >= 0) {
        pid_t pid = spawn(args, env, ofd, efd);
        if (pid > 0)
            st = reap(pid, timeout_ms);
    }
    if (ofd >= 0)
        close(ofd);
    if (efd >= 0)
        close(efd);
    *out = read_file(opath);
    *err = read_file(epath);
    unlink(opath);
    unlink(epath);
    return st;
}

const char *tcp_end_name(int end)
{
    return end == TCP_EOF ? "end of stream" : end == TCP_TIMEOUT ? "timeout" : "reset or error";
}

/* Fill a socket address for a numeric host; its length, or 0. */
static socklen_t make_addr(const char *host, int port, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons((uint16_t)port);
        return sizeof *s4;
    }
    if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)port);
        return sizeof *s6;
    }
    return 0;
}

int tcp_dial(const char *host, int port) { return tcp_dial_rcvbuf(host, port, 0); }

int tcp_dial_rcvbuf(const char *host, int port, int rcvbuf)
{
    struct sockaddr_storage ss;
    socklen_t sl = make_addr(host, port, &ss);
    if (!sl || port <= 0)
        return -1;
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    /* Before connect, so the window the server sees is small from the start. */
    if (rcvbuf > 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    if (connect(fd, (struct sockaddr *)&ss, sl) < 0) {
        close(fd);
        return -1;
    }
    /* Pieces must leave as the test cut them, not as Nagle merges them. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

int tcp_local_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0)
        return -1;
    return ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                          : ((struct sockaddr_in *)&ss)->sin_port);
}

int tcp_free_port(const char *host)
{
    struct sockaddr_storage ss;
    socklen_t sl = make_addr(host, 0, &ss);
    if (!sl)
        return -1;
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int port = -1;
    if (bind(fd, (struct sockaddr *)&ss, sl) == 0)
        port = tcp_local_port(fd);
    close(fd);
    return port;
}

int tcp_send(int fd, const void *p, size_t n, int timeout_ms)
{
    const char *s = p;
    int64_t deadline = now_ms() + timeout_ms;
    while (n > 0) {
        struct pollfd pf = {.fd = fd, .events = POLLOUT};
        int r = poll(&pf, 1, left_ms(deadline));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            errno = r == 0 ? ETIMEDOUT : errno;
            return -1;
        }
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
                continue;
            return -1;
        }
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

size_t tcp_read_n(int fd, char *dst, size_t n, int timeout_ms)
{
    size_t got = 0;
    int64_t deadline = now_ms() + timeout_ms;
    while (got < n) {
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        int r = poll(&pf, 1, left_ms(deadline));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        ssize_t k = recv(fd, dst + got, n - got, MSG_DONTWAIT);
        if (k < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    return got;
}

int tcp_read_eof(int fd, char **out, size_t *len, int timeout_ms)
{
    session s = {.fd = fd, .n = 0};
    session_run(&s, 1, timeout_ms);
    *out = s.got;
    *len = s.got_len;
    return s.end;
}

int tcp_quiet(int fd, int ms)
{
    struct pollfd pf = {.fd = fd, .events = POLLIN};
    return poll(&pf, 1, ms) == 0;
}

int tcp_unacked(int fd)
{
    int n = 0;
    if (ioctl(fd, SIOCOUTQ, &n) < 0)
        return -1;
    return n;
}

int tcp_server_unread(int server_port, int client_port)
{
    FILE *f = fopen("/proc/net/tcp", "r");
    if (!f)
        return -1;
    char line[512];
    int found = -1;
    while (found < 0 && fgets(line, sizeof line, f)) {
        unsigned lport, rport, tx, rx;
        if (sscanf(line, " %*d: %*x:%x %*x:%x %*x %x:%x", &lport, &rport, &tx, &rx) == 4 &&
            (int)lport == server_port && (int)rport == client_port)
            found = (int)rx;
    }
    fclose(f);
    return found;
}

uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

uint64_t rng_below(uint64_t *s, uint64_t n) { return rng_next(s) % n; }

/* The next piece: mostly tiny, to split requests everywhere, sometimes
 * large, to fill a read. */
static size_t piece_size(session *s)
{
    if (!s->seed)
        return s->n - s->off;
    size_t max = s->max_piece ? s->max_piece : 4096;
    uint64_t r = rng_below(&s->seed, 10);
    size_t k = r < 5 ? 1 + rng_below(&s->seed, 8)
             : r < 9 ? 1 + rng_below(&s->seed, 256)
                     : 1 + rng_below(&s->seed, max);
    if (k > max)
        k = max;
    if (k > s->n - s->off)
        k = s->n - s->off;
    return k;
}

static void session_write(session *s)
{
    size_t k = piece_size(s);
    ssize_t w = send(s->fd, s->in + s->off, k, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w < 0) {
        if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
            s->send_errno = errno;
            s->wr_done = 1;
        }
        return;
    }
    s->off += (size_t)w;
    s->pieces++;
    if (s->seed && s->max_pause_ms > 0 && rng_below(&s->seed, 3) == 0)
        s->next_ms = now_ms() + (int64_t)rng_below(&s->seed, (uint64_t)s->max_pause_ms + 1);
    if (s->off == s->n) {
        if (s->half_close)
            shutdown(s->fd, SHUT_WR);
        s->wr_done = 1;
    }
}

static void session_read(session *s)
{
    if (s->cap - s->got_len < 16384) {
        s->cap = s->cap ? s->cap * 2 : 65536;
        if (!(s->got = realloc(s->got, s->cap + 1)))
            abort();
    }
    ssize_t r = recv(s->fd, s->got + s->got_len, s->cap - s->got_len, MSG_DONTWAIT);
    if (r > 0) {
        s->got_len += (size_t)r;
    } else if (r == 0) {
        s->end = TCP_EOF;
        s->rd_done = 1;
    } else if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
        s->end = TCP_RESET;
        s->rd_done = 1;
    }
    s->got[s->got_len] = 0;
}

void session_run(session *ss, int n, int timeout_ms)
{
    struct pollfd *pf = calloc((size_t)n, sizeof *pf);
    int *idx = calloc((size_t)n, sizeof *idx);
    if (!pf || !idx)
        abort();
    int64_t deadline = now_ms() + timeout_ms;
    for (int i = 0; i < n; i++) {
        session *s = &ss[i];
        s->got = NULL;
        s->got_len = s->cap = s->off = s->pieces = 0;
        s->end = TCP_TIMEOUT;
        s->send_errno = 0;
        s->next_ms = 0;
        s->rd_done = 0;
        s->wr_done = s->n == 0;
        if (s->wr_done && s->half_close)
            shutdown(s->fd, SHUT_WR);
        session_read(s);   /* allocates `got`; a closed stream shows at once */
    }
    for (;;) {
        int64_t now = now_ms();
        int np = 0, wait = left_ms(deadline);
        for (int i = 0; i < n; i++) {
            session *s = &ss[i];
            if (s->rd_done && s->wr_done)
                continue;
            short ev = s->rd_done ? 0 : POLLIN;
            if (!s->wr_done) {
                if (s->next_ms <= now)
                    ev |= POLLOUT;
                else if (s->next_ms - now < wait)
                    wait = (int)(s->next_ms - now);
            }
            pf[np] = (struct pollfd){.fd = s->fd, .events = ev};
            idx[np++] = i;
        }
        if (np == 0 || now >= deadline)
            break;
        int r = poll(pf, (nfds_t)np, wait);
        if (r < 0 && errno != EINTR)
            break;
        for (int j = 0; r > 0 && j < np; j++) {
            session *s = &ss[idx[j]];
            short re = pf[j].revents;
            if ((re & POLLOUT) && !s->wr_done)
                session_write(s);
            /* POLLHUP/POLLERR with no POLLIN still has an end to read. */
            if ((re & (POLLIN | POLLHUP | POLLERR)) && !s->rd_done)
                session_read(s);
            if ((re & (POLLERR | POLLHUP)) && s->rd_done && !s->wr_done) {
                s->send_errno = EPIPE;
                s->wr_done = 1;
            }
        }
    }
    free(pf);
    free(idx);
}

void session_free(session *s)
{
    free(s->got);
    s->got = NULL;
}

static void show_bytes(const char *label, const char *s, size_t n, size_t from)
{
    size_t a = from > 40 ? from - 40 : 0, b = from + 80 < n ? from + 80 : n;
    fprintf(stderr, "  %s [%zu..%zu of %zu]: \"", label, a, b, n);
    for (size_t i = a; i < b; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            fputc(c, stderr);
        else
            fprintf(stderr, "\\x%02x", c);
    }
    fputs("\"\n", stderr);
}

void show_diff(const char *what, const char *got, size_t gn, const char *want, size_t wn)
{
    size_t i = 0;
    while (i < gn && i < wn && got[i] == want[i])
        i++;
    fprintf(stderr, "%s: got %zu bytes, want %zu; first difference at byte %zu\n", what, gn, wn,
            i);
    show_bytes("got ", got, gn, i);
    show_bytes("want", want, wn, i);
}
