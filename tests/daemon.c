#include "tests/daemon.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *const names[3] = {"zen", "calc", "echo"};

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

/* Read the listening lines logged so far into d->port. */
static void scan_ports(daemon_proc *d)
{
    FILE *f = fopen(d->log, "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        for (int i = 0; i < 3; i++) {
            char key[32];
            snprintf(key, sizeof key, "listening %s on ", names[i]);
            char *at = strstr(line, key);
            if (!at)
                continue;
            char *colon = strrchr(at, ':');
            if (colon)
                d->port[i] = atoi(colon + 1);
        }
    }
    fclose(f);
}

int daemon_start(daemon_proc *d, const char *want, const char *const *args)
{
    memset(d, 0, sizeof *d);
    snprintf(d->log, sizeof d->log, "/tmp/koand-test-XXXXXX");
    int lfd = mkstemp(d->log);
    if (lfd < 0)
        return -1;
    const char *b = getenv("B") ? getenv("B") : "build";
    char path[256];
    snprintf(path, sizeof path, "%s/koand", b);
    const char *argv[64] = {path};
    int n = 1;
    for (; args && args[n - 1] && n < 63; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    d->pid = fork();
    if (d->pid == 0) {
        dup2(lfd, 2);
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        execv(path, (char *const *)argv);
        _exit(127);
    }
    close(lfd);
    for (long t0 = now_ms(); now_ms() - t0 < 5000; sleep_ms(20)) {
        scan_ports(d);
        int ok = 1;
        for (int i = 0; i < 3; i++)
            if (strstr(want, names[i]) && !d->port[i])
                ok = 0;
        if (ok)
            return 0;
        if (waitpid(d->pid, NULL, WNOHANG) == d->pid) {
            d->pid = 0;
            return -1;
        }
    }
    kill(d->pid, SIGKILL);
    waitpid(d->pid, NULL, 0);
    d->pid = 0;
    return -1;
}

int daemon_stop(daemon_proc *d)
{
    if (d->pid <= 0)
        return -1;
    kill(d->pid, SIGTERM);
    return daemon_wait(d);
}

int daemon_wait(daemon_proc *d)
{
    if (d->pid <= 0)
        return -1;
    int st = 0;
    for (long t0 = now_ms(); now_ms() - t0 < 10000; sleep_ms(10)) {
        if (waitpid(d->pid, &st, WNOHANG) == d->pid) {
            d->pid = 0;
            return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        }
    }
    kill(d->pid, SIGKILL);
    waitpid(d->pid, NULL, 0);
    d->pid = 0;
    return -1;
}

int daemon_log_has(const daemon_proc *d, const char *text)
{
    FILE *f = fopen(d->log, "r");
    if (!f)
        return 0;
    char line[1024];
    int found = 0;
    while (!found && fgets(line, sizeof line, f))
        found = strstr(line, text) != NULL;
    fclose(f);
    return found;
}

int daemon_port(const daemon_proc *d, const char *proto)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(names[i], proto) == 0)
            return d->port[i];
    return 0;
}

int dial(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

int send_all(int fd, const void *p, size_t n)
{
    const char *s = p;
    while (n > 0) {
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

size_t read_until_eof(int fd, char **out, int timeout_ms, int *how)
{
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap + 1);
    *how = 1;
    for (;;) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, timeout_ms) <= 0)
            break;
        if (cap - len < 4096) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
        }
        ssize_t n = recv(fd, buf + len, cap - len, 0);
        if (n == 0) {
            *how = 0;
            break;
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *how = 2;
            break;
        }
        len += (size_t)n;
    }
    buf[len] = 0;
    *out = buf;
    return len;
}

size_t read_exact(int fd, char *buf, size_t n, int timeout_ms)
{
    size_t got = 0;
    long t0 = now_ms();
    while (got < n) {
        long left = timeout_ms - (now_ms() - t0);
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (left <= 0 || poll(&p, 1, (int)left) <= 0)
            break;
        ssize_t r = recv(fd, buf + got, n - got, 0);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    return got;
}
