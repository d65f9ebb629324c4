#include "runtime/activation.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "runtime/log.h"

#define SD_LISTEN_FDS_START 3

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
    const proto *pr = name ? proto_find(name) : NULL;
    if (pr)
        return pr;
    if (cf->protocol[0])
        return proto_find(cf->protocol);
    int port = local_port(fd);
    for (const proto *const *p = proto_all; *p; p++)
        if ((*p)->port == port)
            return *p;
    return proto_find("zen");
}

int activation_systemd(config *cf, int *fds)
{
    const char *pid = getenv("LISTEN_PID"), *nfds = getenv("LISTEN_FDS");
    if (!pid || !nfds || atol(pid) != (long)getpid())
        return 0;
    int n = atoi(nfds);
    if (n <= 0)
        return 0;
    if (n > CONFIG_MAX_LISTEN)
        n = CONFIG_MAX_LISTEN;
    /* FileDescriptorName= values arrive colon-separated, in fd order. */
    char *names = getenv("LISTEN_FDNAMES") ? strdup(getenv("LISTEN_FDNAMES")) : NULL;
    char *save = NULL, *name = names ? strtok_r(names, ":", &save) : NULL;
    cf->nlisten = 0;
    for (int i = 0; i < n; i++) {
        int fd = SD_LISTEN_FDS_START + i;
        fcntl(fd, F_SETFD, FD_CLOEXEC);
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        listen_spec *ls = &cf->listen[cf->nlisten++];
        memset(ls, 0, sizeof *ls);
        ls->pr = activation_proto(cf, fd, name);
        ls->port = (uint16_t)local_port(fd);
        fds[i] = fd;
        log_info("listening %s on inherited socket %d (port %d)", ls->pr->name, fd, ls->port);
        name = name ? strtok_r(NULL, ":", &save) : NULL;
    }
    free(names);
    /* Children must not think the sockets are theirs. */
    unsetenv("LISTEN_PID");
    unsetenv("LISTEN_FDS");
    unsetenv("LISTEN_FDNAMES");
    return n;
}
