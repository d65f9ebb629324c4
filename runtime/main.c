/* koand: serve the koan protocols. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/activation.h"
#include "runtime/blocking.h"
#include "runtime/config.h"
#include "runtime/log.h"
#include "runtime/server.h"
#include "runtime/workers.h"

/* Under inetd, standard output and error are the client's socket too: a log
 * line there would reach the client, so they go nowhere instead. */
static void quiet_socket_stdio(void)
{
    for (int fd = 1; fd <= 2; fd++) {
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode)) {
            int null = open("/dev/null", O_WRONLY);
            if (null >= 0) {
                dup2(null, fd);
                close(null);
            }
        }
    }
}

/* The status for a socket that is not what the mode needs: like a bad
 * option, it is the setup that is wrong, and retrying will not help. */
#define EXIT_SETUP 2

int main(int argc, char **argv)
{
    static config cf;
    static server srv;
    int fds[CONFIG_MAX_LISTEN];
    const char *what;
    config_load(&cf, argc, argv);
    log_level = cf.log_level;

    if (cf.inetd) {
        quiet_socket_stdio();
        if ((what = activation_check(0, 0))) {
            log_error("--inetd: standard input is not a connected stream socket (it is %s)", what);
            return EXIT_SETUP;
        }
        cf.nlisten = 0;
        if (server_start(&srv, &cf, NULL) < 0 ||
            server_adopt(&srv, activation_proto(&cf, 0, NULL), 0) < 0)
            return 1;
        return server_run(&srv);
    }
    if (cf.inetd_wait) {
        quiet_socket_stdio();
        /* A connected socket here would wake the loop forever with
         * nothing to accept; a file would never wake it at all. */
        if ((what = activation_check(0, 1))) {
            log_error("--inetd-wait: standard input is not a listening socket (it is %s)", what);
            return EXIT_SETUP;
        }
        cf.nlisten = 1;
        memset(&cf.listen[0], 0, sizeof cf.listen[0]);
        cf.listen[0].pr = activation_proto(&cf, 0, NULL);
        fds[0] = 0;
        fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
        int64_t linger_ms = (int64_t)cf.linger * 1000;
        if (cf.workers > 1)
            return workers_run(&cf, fds, linger_ms);
        if (server_start(&srv, &cf, fds) < 0)
            return 1;
        srv.exit_idle_ms = linger_ms;
        return server_run(&srv);
    }
    int inherited = activation_systemd(&cf, fds);
    if (inherited < 0)
        return EXIT_SETUP;
    if (cf.workers > 1 && strcmp(cf.model, "async") == 0)
        return workers_run(&cf, inherited ? fds : NULL, -1);
    /* The blocking models compute on the thread that serves the client:
     * one client waiting on its own arithmetic stalls no one else there. */
    if (strcmp(cf.model, "async"))
        cf.compute_threads = 0;
    if (server_start(&srv, &cf, inherited ? fds : NULL) < 0)
        return 1;
    if (strcmp(cf.model, "single") == 0)
        return blocking_run(&srv, 1);
    if (strcmp(cf.model, "threads") == 0)
        return blocking_run(&srv, (int)cf.threads);
    return server_run(&srv);
}
