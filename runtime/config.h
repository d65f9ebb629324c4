/* config: koand's options, from the environment (KOAN_*) and the command
 * line, which wins. */
#ifndef KOAN_CONFIG_H
#define KOAN_CONFIG_H
#include <stdint.h>

#include "runtime/acl.h"
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
    uint32_t max_conns;         /* clients at once (lowered to the fd limit) */
    uint32_t max_conns_per_ip;  /* clients at once from one address, 0 = any */
    uint32_t send_timeout;      /* seconds a client may take no bytes */
    uint32_t idle_timeout;      /* seconds with no request or reply, 0 = never */
    uint32_t request_timeout;   /* seconds a request may stay unfinished, 0 = never */
    uint32_t stats_interval;    /* seconds between stats lines, 0 = only at SIGUSR1 */
    acl acl;                    /* --allow / --deny, first match wins */
    uint32_t workers;           /* event loops (processes) sharing the ports */
    char backend[16];           /* "epoll" or "poll"; "" = the platform's best */
    int inetd;                  /* --inetd: fd 0 is one accepted client */
    int inetd_wait;             /* --inetd-wait: fd 0 is a listening socket */
    uint32_t linger;            /* --inetd-wait: seconds without clients before exit */
    uint32_t socket_per_worker; /* inherited: each address's sockets, one per worker (upgrade) */
    char pid_file[1024];        /* --pid-file: the serving process's PID, "" = none */
    char model[16];             /* "async" (default), "threads", "spawn" or "single" */
    uint32_t threads;           /* --model threads: blocking workers */
    int listen_given;           /* --listen, HOST or -p (or a twin) was set */
    listen_spec metrics;        /* --metrics: where the metrics unit answers */
    int metrics_set;            /* --metrics (or KOAN_METRICS) was given */
    uint64_t given;             /* bit i: the i-th option was set, by argv or environment */
    int compute_threads;        /* pool threads for costly requests; 0 = none, -1 = default */
    uint32_t compute_queue;     /* costly requests with those threads at once */
    uint32_t costly_at;         /* no option: the parsers' costly_at, for tests (0 = theirs) */
} config;

/* config_load: fill c from the environment and argv. Prints and exits for
 * --help and --version (status 0) and for a bad option (status 2). */
void config_load(config *c, int argc, char **argv);

#endif
