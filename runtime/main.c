/* koand: serve the koan protocols. */
#include <stdlib.h>

#include "runtime/config.h"
#include "runtime/log.h"
#include "runtime/server.h"

int main(int argc, char **argv)
{
    static config cf;
    static server srv;
    config_load(&cf, argc, argv);
    log_level = cf.log_level;
    if (server_start(&srv, &cf) < 0)
        return 1;
    return server_run(&srv);
}
