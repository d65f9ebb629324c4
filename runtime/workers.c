#include "runtime/workers.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/log.h"
#include "runtime/server.h"

static pid_t *children;
static int nchildren;

/* The parent only relays: each worker drains its own clients. */
static void relay(int sig)
{
    for (int i = 0; i < nchildren; i++)
        if (children[i] > 0)
            kill(children[i], sig);
}

int workers_run(const config *cf, const int *shared, int64_t exit_idle_ms)
{
    int n = (int)cf->workers, nl = cf->nlisten;
    int *fds = calloc((size_t)(n * nl), sizeof *fds);
    children = calloc((size_t)n, sizeof *children);
    if (!fds || !children) {
        log_error("out of memory");
        return 1;
    }
    /* Sockets from systemd or inetd: one socket per port that every worker
     * accepts on, and the kernel hands each client to one of them. */
    if (shared) {
        for (int w = 0; w < n; w++)
            memcpy(fds + w * nl, shared, (size_t)nl * sizeof *fds);
        log_info("%d workers share the %d inherited socket%s", n, nl, nl == 1 ? "" : "s");
    }
    /* Else every worker gets its own socket on each port; the first one
     * bound resolves port 0 for the rest. */
    for (int i = 0; !shared && i < nl; i++) {
        listen_spec ls = cf->listen[i];
        for (int w = 0; w < n; w++) {
            char where[80];
            uint16_t port;
            int fd = net_listen(&ls, 1, where, sizeof where, &port);
            if (fd < 0) {
                log_error("cannot listen for %s on %s", ls.pr->name, where);
                return 1;
            }
            if (w == 0) {
                ls.port = port;
                log_info("listening %s on %s (%d workers)", ls.pr->name, where, n);
            }
            fds[w * nl + i] = fd;
        }
    }
    server_handle_signals(relay);
    for (int w = 0; w < n; w++) {
        pid_t pid = fork();
        if (pid < 0) {
            log_error("fork: %s", strerror(errno));
            relay(SIGTERM);
            break;
        }
        if (pid == 0) {
            for (int k = 0; !shared && k < n * nl; k++)
                if (k / nl != w)
                    close(fds[k]);
            static server srv;
            server_relayed_by(getppid());
            if (server_start(&srv, cf, fds + w * nl) < 0)
                _exit(1);
            srv.exit_idle_ms = exit_idle_ms;
            _exit(server_run(&srv));
        }
        children[w] = pid;
        nchildren = w + 1;
    }
    /* The workers hold the sockets now; a parent keeping them would keep
     * the ports open after the last worker is gone. */
    for (int k = 0; k < (shared ? nl : n * nl); k++)
        close(fds[k]);
    free(fds);
    int status = 0, left = nchildren;
    while (left > 0) {
        int st;
        pid_t pid = waitpid(-1, &st, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int w = 0; w < nchildren; w++)
            if (children[w] == pid)
                children[w] = 0;
        left--;
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            status = 1;
            log_error("worker %d ended badly; stopping the others", (int)pid);
            relay(SIGTERM);
        }
    }
    nchildren = 0;
    free(children);
    children = NULL;
    return status;
}
