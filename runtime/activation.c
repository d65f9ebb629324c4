#include "runtime/activation.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/handover.h"
#include "runtime/log.h"
#include "runtime/registry.h"

#define SD_LISTEN_FDS_START 3
#define TCP_STATE_CLOSE 7   /* tcpi_state: TCP_CLOSE of the kernel's tcp_states.h */

static int local_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0)
        return -1;
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    if (ss.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&ss)->sin_port);
    return -1;
}

const proto *activation_proto(const config *cf, int fd, const char *name)
{
    const proto *pr = name ? registry_find_any(name) : NULL;
    if (pr)
        return pr;
    if (cf->protocol[0])
        return registry_find(cf->protocol);
    int port = local_port(fd);
    for (const proto *const *p = registry_all(); *p; p++)
        if ((*p)->port == port)
            return *p;
    return registry_primary();
}

const char *activation_check(int fd, int listening)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return errno == EBADF ? "not open" : "not a socket";
    if (!S_ISSOCK(st.st_mode))
        return S_ISREG(st.st_mode) ? "a file" : S_ISCHR(st.st_mode) ? "a terminal or device"
             : S_ISFIFO(st.st_mode) ? "a pipe" : "not a socket";
    int type = 0, acc = 0;
    socklen_t tl = sizeof type, al = sizeof acc;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) < 0 ||
        getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &al) < 0)
        return "a socket koand cannot query";
    if (type != SOCK_STREAM)
        return type == SOCK_DGRAM ? "a datagram socket" : "not a stream socket";
    if (acc)
        return listening ? NULL : "a listening socket";
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    int connected = getpeername(fd, (struct sockaddr *)&ss, &sl) == 0;
    if (listening)
        return connected ? "a connected socket" : "a stream socket that is not listening";
    return connected ? NULL : "a stream socket with no peer";
}

/* A decimal number and nothing else, as systemd writes it; -1 if it is
 * not one (atoi would read "1x" as 1). */
static long parse_count(const char *v)
{
    size_t len = strlen(v);
    if (len == 0 || len > 9 || strspn(v, "0123456789") != len)
        return -1;
    return strtol(v, NULL, 10);
}

const char *activation_gone(int fd)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    int type = 0, acc = 0, err = 0;
    socklen_t tl = sizeof type, al = sizeof acc, el = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) < 0 || type != SOCK_STREAM ||
        getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &al) < 0 || acc ||
        getpeername(fd, (struct sockaddr *)&ss, &sl) == 0)
        return NULL;
    /* A reset that arrived before we ran waits as the socket's error. */
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) == 0 && err)
        return strerror(err);
    /* Someone read the error already: a socket that received segments
     * once and is closed now was a connection, one that never did was
     * never connected (koand started wrongly). */
    struct tcp_info ti;
    socklen_t il = sizeof ti;
    memset(&ti, 0, sizeof ti);
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &il) == 0 && ti.tcpi_state == TCP_STATE_CLOSE &&
        il >= offsetof(struct tcp_info, tcpi_segs_in) + sizeof ti.tcpi_segs_in && ti.tcpi_segs_in > 0)
        return "its connection had ended";
    return NULL;
}

int activation_systemd(config *cf, int *fds)
{
    const char *pid = getenv("LISTEN_PID"), *nfds = getenv("LISTEN_FDS");
    if (!pid || !nfds)
        return 0;
    long owner = parse_count(pid), count = parse_count(nfds);
    if (owner < 0) {
        log_error("LISTEN_PID='%s' is not a process id", pid);
        return -1;
    }
    if (owner != (long)getpid())
        return 0;
    if (count < 0) {
        log_error("LISTEN_FDS='%s' is not a number of sockets", nfds);
        return -1;
    }
    if (count == 0)
        return 0;
    /* A live upgrade of --workers hands over each address's sockets, one
     * per worker, side by side: the first of each block names them all. */
    const char *layout = getenv(HANDOVER_WORKERS_ENV);
    long per = layout ? parse_count(layout) : 1;
    unsetenv(HANDOVER_WORKERS_ENV);
    if (per < 1 || count % per) {
        log_error("%s='%s' does not divide LISTEN_FDS=%ld", HANDOVER_WORKERS_ENV, layout, count);
        return -1;
    }
    if (count > CONFIG_MAX_LISTEN * per) {
        log_error("LISTEN_FDS=%ld: koand takes at most %d sockets", count, CONFIG_MAX_LISTEN);
        return -1;
    }
    /* The sockets are systemd's: a listener of our own beside them would
     * be ignored, and so is refused. */
    if ((cf->listen_given || cf->metrics_set) && !getenv(HANDOVER_ENV)) {
        log_error("LISTEN_FDS passes koand %ld socket%s: --listen, HOST, -p and --metrics do not apply"
                  " (a socket named by FileDescriptorName=%s serves the metrics)", count,
                  count == 1 ? "" : "s", registry_role(PROTO_METRICS) ? registry_role(PROTO_METRICS)->name : "?");
        return -1;
    }
    int n = (int)count;
    /* FileDescriptorName= values arrive colon-separated, in fd order. */
    char *names = getenv("LISTEN_FDNAMES") ? strdup(getenv("LISTEN_FDNAMES")) : NULL;
    char *rest = names;
    int bad = 0;
    cf->nlisten = 0;
    for (int i = 0; i < n; i++) {
        int fd = SD_LISTEN_FDS_START + i;
        char *name = rest ? strsep(&rest, ":") : NULL;
        if (i % per) {
            /* Another worker's socket of the address before. */
            fcntl(fd, F_SETFD, FD_CLOEXEC);
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
            continue;
        }
        listen_spec *ls = &cf->listen[cf->nlisten++];
        memset(ls, 0, sizeof *ls);
        ls->pr = activation_proto(cf, fd, name);
        /* Unnamed, a socket is called by the protocol its port chose. */
        snprintf(ls->name, sizeof ls->name, "%s", name && *name ? name : ls->pr->name);
        fds[i / per] = fd;
        /* A connected socket (Accept=yes) or a datagram one would be
         * taken as a listener that never accepts and always wakes. */
        const char *what = activation_check(fd, 1);
        if (what) {
            log_error("inherited socket %d \"%s\" is not a listening stream socket: it is %s%s",
                      fd, ls->name, what,
                      strcmp(what, "a connected socket") == 0 ? " (socket units for koand want Accept=no)" : "");
            bad = 1;
            continue;
        }
        fcntl(fd, F_SETFD, FD_CLOEXEC);
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        int port = local_port(fd);
        ls->port = port < 0 ? 0 : (uint16_t)port;
        char where[80];
        if (net_local_name(fd, where, sizeof where) < 0)
            snprintf(where, sizeof where, "%s", ls->name);
        log_info("inherited socket %d \"%s\": listening %s on %s", fd, ls->name, ls->pr->name, where);
    }
    free(names);
    /* Children must not think the sockets are theirs. */
    unsetenv("LISTEN_PID");
    unsetenv("LISTEN_FDS");
    unsetenv("LISTEN_FDNAMES");
    cf->socket_per_worker = per > 1;
    return bad ? -1 : (int)(n / per);
}
