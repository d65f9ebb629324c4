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

int main(int argc, char **argv)
{
    static config cf;
    static server srv;
    int fds[CONFIG_MAX_LISTEN];
    config_load(&cf, argc, argv);
    log_level = cf.log_level;

    if (cf.inetd) {
        quiet_socket_stdio();
        cf.nlisten = 0;
        if (server_start(&srv, &cf, NULL) < 0 ||
            server_adopt(&srv, activation_proto(&cf, 0, NULL), 0) < 0)
            return 1;
        return server_run(&srv);
    }
    if (cf.inetd_wait) {
        quiet_socket_stdio();
        cf.nlisten = 1;
        memset(&cf.listen[0], 0, sizeof cf.listen[0]);
        cf.listen[0].pr = activation_proto(&cf, 0, NULL);
        fds[0] = 0;
        fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
        if (server_start(&srv, &cf, fds) < 0)
            return 1;
        srv.exit_idle_ms = (int64_t)cf.linger * 1000;
        return server_run(&srv);
    }
    int inherited = activation_systemd(&cf, fds);
    if (!inherited && cf.workers > 1 && strcmp(cf.model, "async") == 0)
        return workers_run(&cf);
    if (server_start(&srv, &cf, inherited ? fds : NULL) < 0)
        return 1;
    if (strcmp(cf.model, "single") == 0)
        return blocking_run(&srv, 1);
    if (strcmp(cf.model, "threads") == 0)
        return blocking_run(&srv, (int)cf.threads);
    return server_run(&srv);
}
