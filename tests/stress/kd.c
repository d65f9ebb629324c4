#include "tests/stress/kd.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/stress/clock.h"
#include "tests/stress/facts.h"

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
    /* --listen NAME@127.0.0.1:0 for every protocol of the build. */
    static char listen[FACTS_MAX][64];
    const char *argv[2 * FACTS_MAX + 32] = {bin};
    int argc = 1;
    for (int p = 0; p < nproto; p++) {
        snprintf(listen[p], sizeof listen[p], "%s@127.0.0.1:0", facts[p].name);
        argv[argc++] = "--listen";
        argv[argc++] = listen[p];
    }
    va_list ap;
    va_start(ap, o);
    for (const char *a;
         (a = va_arg(ap, const char *)) && argc < (int)(sizeof argv / sizeof *argv) - 1;)
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
        if (find_ports(k->pid, k->port, nproto) == nproto)
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
