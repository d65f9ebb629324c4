/* koand: serve the koan protocols. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proto/protocols.h"
#include "runtime/activation.h"
#include "runtime/blocking.h"
#include "runtime/config.h"
#include "runtime/log.h"
#include "runtime/metrics.h"
#include "runtime/registry.h"
#include "runtime/server.h"
#include "runtime/upgrade.h"
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

/* A descriptor limit that leaves no room for one client would start a
 * server that turns every client away: say so instead. */
static int room_for_clients(const config *cf)
{
    int limit, room = server_conn_room(cf, &limit);
    if (room >= 1)
        return 1;
    log_error("the descriptor limit (ulimit -n %d) leaves no room for a client beside %d "
              "listener%s and koand's reserve: --max-conns would be %d; raise it to at least %d",
              limit, cf->nlisten, cf->nlisten == 1 ? "" : "s", room, limit - room + 1);
    return 0;
}

int main(int argc, char **argv)
{
    static config cf;
    static server srv;
    int fds[CONFIG_MAX_LISTEN];
    const char *what;
    upgrade_setup(argv);
    /* The protocols are the build's: the runtime knows them only from here. */
    if (registry_use(protocols) < 0) {
        log_error("this build's protocols clash: two share a name or a default port");
        return 1;
    }
    config_load(&cf, argc, argv);
    log_level = cf.log_level;
    /* One metrics slot per serving process, shared across the fork of
     * --workers (also under --inetd-wait). */
    int workers = cf.workers > 1 && strcmp(cf.model, "async") == 0 ? (int)cf.workers : 1;
    if (metrics_start(workers) < 0) {
        log_error("out of memory for the metrics");
        return 1;
    }

    if (cf.inetd) {
        quiet_socket_stdio();
        /* The client reset its connection before we ran: that is the
         * client's doing, not a wrong start, so log it and exit 0. */
        if ((what = activation_gone(0))) {
            log_info("--inetd: the client had gone before koand started (%s)", what);
            return 0;
        }
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
        if (!room_for_clients(&cf))
            return EXIT_SETUP;
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
    if (inherited < 0 || !room_for_clients(&cf))
        return EXIT_SETUP;
    if (cf.workers > 1 && strcmp(cf.model, "async") == 0)
        return workers_run(&cf, inherited ? fds : NULL, -1);
    /* The blocking models compute on the thread that serves the client:
     * one client waiting on its own arithmetic stalls no one else there. */
    if (strcmp(cf.model, "async"))
        cf.compute_threads = 0;
    int started = server_start(&srv, &cf, inherited ? fds : NULL);
    if (started < 0)
        return started == -2 ? EXIT_SETUP : 1;
    int model = blocking_model_of(cf.model), status;
    /* Started by a live upgrade, it becomes the main process when the old
     * one says so; else it is the main process now. */
    if (model < 0 && upgrade_joining()) {
        if (upgrade_join(&srv, -1) < 0)
            upgrade_ready(&srv);
    } else {
        upgrade_ready(&srv);
    }
    status = model >= 0 ? blocking_run(&srv, model, (int)cf.threads) : server_run(&srv);
    upgrade_exit(&srv);
    return status;
}
