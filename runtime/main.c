/* koand: serve the koan protocols. */
#include "runtime/config.h"
#include "runtime/log.h"
#include "runtime/server.h"
#include "runtime/workers.h"

int main(int argc, char **argv)
{
    static config cf;
    static server srv;
    config_load(&cf, argc, argv);
    log_level = cf.log_level;
    if (cf.workers > 1)
        return workers_run(&cf);
    if (server_start(&srv, &cf, NULL) < 0)
        return 1;
    return server_run(&srv);
}
