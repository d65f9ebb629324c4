#include "tests/lib/proc.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *proc_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 8192, n = 0;
    char *b = malloc(cap + 1);
    if (!b)
        abort();
    for (;;) {
        if (cap - n < 4096) {
            cap *= 2;
            if (!(b = realloc(b, cap + 1)))
                abort();
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

long proc_status_kb(pid_t pid, const char *field)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
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

int proc_fd_count(pid_t pid)
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

double proc_cpu_s(pid_t pid)
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

typedef struct sock_fd {
    int fd;
    unsigned long ino;
    int port;   /* 0 until found listening */
} sock_fd;

/* pid's socket descriptors, by inode. */
static int proc_sockets(pid_t pid, sock_fd *socks, int max)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
    DIR *d = opendir(path);
    if (!d)
        return 0;
    int ns = 0;
    struct dirent *e;
    while ((e = readdir(d)) && ns < max) {
        if (e->d_name[0] == '.')
            continue;
        char lp[400], target[64];
        snprintf(lp, sizeof lp, "%s/%s", path, e->d_name);
        ssize_t r = readlink(lp, target, sizeof target - 1);
        if (r <= 0)
            continue;
        target[r] = 0;
        unsigned long ino;
        if (sscanf(target, "socket:[%lu]", &ino) == 1)
            socks[ns++] = (sock_fd){atoi(e->d_name), ino, 0};
    }
    closedir(d);
    return ns;
}

int proc_listen_ports(pid_t pid, int *ports, int want)
{
    sock_fd socks[64];
    int ns = proc_sockets(pid, socks, 64);
    char *tcp = proc_read("/proc/net/tcp", NULL);
    if (!tcp)
        return 0;
    for (char *line = strchr(tcp, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
        unsigned lport = 0, st = 0;
        unsigned long ino = 0;
        if (sscanf(line + 1, " %*d: %*x:%x %*x:%*x %x %*x:%*x %*x:%*x %*x %*d %*d %lu", &lport, &st,
                   &ino) != 3 ||
            st != 0x0A)
            continue;
        for (int i = 0; i < ns; i++)
            if (socks[i].ino == ino)
                socks[i].port = (int)lport;
    }
    free(tcp);
    /* In descriptor order: koand opens its listeners in --listen order. */
    int got = 0;
    for (int k = 0; k < want; k++) {
        int best = -1;
        for (int i = 0; i < ns; i++)
            if (socks[i].port && (best < 0 || socks[i].fd < socks[best].fd))
                best = i;
        if (best < 0)
            break;
        ports[got++] = socks[best].port;
        socks[best].port = 0;
    }
    return got;
}
