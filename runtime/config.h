/* config: koand's options, from the environment (KOAN_*) and the command
 * line, which wins. */
#ifndef KOAN_CONFIG_H
#define KOAN_CONFIG_H
#include <stdint.h>

#include "runtime/net.h"

#define CONFIG_MAX_LISTEN 32

typedef struct config {
    listen_spec listen[CONFIG_MAX_LISTEN];
    int nlisten;
    /* koand [HOST] [-p PORT] [-P PROTOCOL]: one protocol, the classic way. */
    char host[256];
    int host_set;
    long port;                  /* -1 = the protocol's default */
    char protocol[32];
    int log_level;
    uint32_t max_line;          /* longest line content, in bytes */
    uint32_t max_output;        /* pending reply bytes before we stop reading */
    uint32_t shutdown_timeout;  /* seconds to drain at SIGTERM */
} config;

/* config_load: fill c from the environment and argv. Prints and exits for
 * --help and --version (status 0) and for a bad option (status 2). */
void config_load(config *c, int argc, char **argv);

#endif
