#include "runtime/stats.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runtime/log.h"
#include "runtime/memory.h"
#include "runtime/metrics.h"

#define STATS_LOG_EVERY_MS 10000

static uint64_t own[ST_N];
uint64_t *stats = own;
const char *const stat_names[ST_N] = {
    "accepted", "replies", "line_too_long", "backpressure", "send_timeout",
    "idle_timeout", "request_timeout", "busy", "busy_per_ip", "fd_shed",
    "denied", "http_tls", "linger_timeout", "compute_jobs", "compute_queue",
};
const char *const stat_help[ST_N] = {
    "Clients accepted.",
    "Requests answered.",
    "Lines over --max-line.",
    "Times a client's unsent replies passed --max-output and reading it stopped.",
    "Clients cut for taking no reply bytes for --send-timeout.",
    "Clients closed after --idle-timeout.",
    "Clients closed after --request-timeout.",
    "Clients turned away at --max-conns.",
    "Clients turned away at --max-conns-per-ip.",
    "Clients shed when out of file descriptors.",
    "Clients refused by --allow/--deny.",
    "Clients closed for a first request in HTTP or TLS.",
    "Lingering closes cut at 2 s.",
    "Feeds of a costly request run on the compute pool.",
    "Costly requests that waited past --compute-queue.",
};

uint64_t stats_get(int kind)
{
    uint64_t v = stats[kind];
    if (kind == ST_REPLIES)
        v += metrics_own(0);
    else if (kind == ST_ACCEPTED)
        v += metrics_own(1);
    return v;
}

static uint64_t last_logged[ST_N];
static uint64_t count_at_log[ST_N];
static int logged_once[ST_N];

void stats_limit(int kind, uint64_t now_ms, const char *what)
{
    stats[kind]++;
    if (logged_once[kind] && now_ms - last_logged[kind] < STATS_LOG_EVERY_MS)
        return;
    /* A hostile client can trip a limit thousands of times a second; the
     * log says it once, with how many times it happened since. */
    log_error("%s (%s: %llu in all, %llu since the last such line)", what, stat_names[kind],
              (unsigned long long)stats[kind],
              (unsigned long long)(stats[kind] - count_at_log[kind]));
    logged_once[kind] = 1;
    last_logged[kind] = now_ms;
    count_at_log[kind] = stats[kind];
}

void stats_line(int conns, int listeners, unsigned signals)
{
    char line[900];
    int n = snprintf(line, sizeof line, "stats: conns=%d listeners=%d rss_kib=%ld", conns,
                     listeners, memory_rss_kib());
    for (int i = 0; i < ST_N && n < (int)sizeof line; i++)
        n += snprintf(line + n, sizeof line - (size_t)n, " %s=%llu", stat_names[i],
                      (unsigned long long)stats_get(i));
    if (signals > 1 && n < (int)sizeof line)
        snprintf(line + n, sizeof line - (size_t)n, " (for %u SIGUSR1 since the last such line)",
                 signals);
    log_error("%s", line);
}
