/* The exposition a scrape gets: Prometheus' text format, version 0.0.4
 * (# HELP and # TYPE for every family, counters named _total, label values
 * escaped), every slot summed, built when the request completes. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/conn.h"
#include "runtime/metrics_impl.h"

/* Relaxed loads: another process writes these while we read them. */
#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)

static void put_fmt(buf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put_fmt(buf *out, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (k > 0)
        buf_put(out, line, (size_t)k < sizeof line ? (size_t)k : sizeof line - 1);
}

void metrics_escape(buf *out, const char *v)
{
    for (; *v; v++) {
        if (*v == '\\' || *v == '"')
            buf_putc(out, '\\'), buf_putc(out, *v);
        else if (*v == '\n')
            buf_put_lit(out, "\\n");
        else
            buf_putc(out, *v);
    }
}

static void family(buf *out, const char *name, const char *type, const char *help)
{
    put_fmt(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* name{protocol="p"[,state="s"]} value */
static void sample(buf *out, const char *name, const char *unit, const char *state,
                   const char *le, unsigned long long v)
{
    buf_put(out, name, strlen(name));
    buf_put_lit(out, "{protocol=\"");
    metrics_escape(out, unit);
    if (state) {
        buf_put_lit(out, "\",state=\"");
        metrics_escape(out, state);
    }
    if (le) {
        buf_put_lit(out, "\",le=\"");
        metrics_escape(out, le);
    }
    put_fmt(out, "\"} %llu\n", v);
}

/* Unit p's field at byte offset off, summed over the slots. */
static uint64_t sum_of(int p, size_t off)
{
    uint64_t s = 0;
    for (int i = 0; i < metrics_nslots; i++)
        s += LOAD(*(uint64_t *)((char *)&metrics_slots[i].proto[p] + off));
    return s;
}

/* The counters every unit has, one family each. */
static const struct {
    const char *name, *help;
    size_t off;
} per_unit[] = {
    {"koan_requests_total", "Requests answered.", offsetof(metrics_proto, requests)},
    {"koan_bad_requests_total", "Requests answered with an error: the reply each unit's parser marks bad (docs/protocols.md §7.2).",
     offsetof(metrics_proto, bad)},
    {"koan_lines_too_long_total", "Lines cut at --max-line.", offsetof(metrics_proto, too_long)},
    {"koan_received_bytes_total", "Bytes read from clients.", offsetof(metrics_proto, bytes_in)},
    {"koan_sent_bytes_total", "Bytes written to clients.", offsetof(metrics_proto, bytes_out)},
    {"koan_connections_accepted_total", "Connections accepted.", offsetof(metrics_proto, accepted)},
};

static void write_units(buf *out)
{
    int n = registry_count() + (registry_role(PROTO_METRICS) ? 1 : 0);
    for (size_t f = 0; f < sizeof per_unit / sizeof per_unit[0]; f++) {
        family(out, per_unit[f].name, "counter", per_unit[f].help);
        for (int p = 0; p < n; p++)
            sample(out, per_unit[f].name, registry_nth(p)->name, NULL, NULL,
                   (unsigned long long)sum_of(p, per_unit[f].off));
    }
    family(out, "koan_connections", "gauge", "Connections open, by lifecycle state.");
    for (int p = 0; p < n; p++)
        for (int st = 0; st < CONN_NSTATES; st++) {
            int64_t v = (int64_t)sum_of(p, offsetof(metrics_proto, open) + (size_t)st * sizeof(int64_t));
            sample(out, "koan_connections", registry_nth(p)->name, conn_state_name(st), NULL,
                   (unsigned long long)(v < 0 ? 0 : v));
        }
    static const uint64_t le[METRICS_BUCKETS] = {METRICS_BUCKET_NS};
    family(out, "koan_request_duration_seconds", "histogram",
           "Time from a request's last byte read to its reply written.");
    for (int p = 0; p < n; p++) {
        const char *u = registry_nth(p)->name;
        uint64_t cum = 0;
        char bound[32];
        for (int b = 0; b <= METRICS_BUCKETS; b++) {
            cum += sum_of(p, offsetof(metrics_proto, hist) + (size_t)b * sizeof(uint64_t));
            if (b < METRICS_BUCKETS)
                snprintf(bound, sizeof bound, "%g", (double)le[b] / 1e9);
            sample(out, "koan_request_duration_seconds_bucket", u, NULL,
                   b < METRICS_BUCKETS ? bound : "+Inf", (unsigned long long)cum);
        }
        put_fmt(out, "koan_request_duration_seconds_sum{protocol=\"");
        metrics_escape(out, u);
        put_fmt(out, "\"} %.9f\n", (double)sum_of(p, offsetof(metrics_proto, hist_ns)) / 1e9);
        sample(out, "koan_request_duration_seconds_count", u, NULL, NULL, (unsigned long long)cum);
    }
}

/* stats.h's counters, one family each, but those kept per unit above. */
static void write_limits(buf *out)
{
    for (int k = 0; k < ST_N; k++) {
        if (k == ST_ACCEPTED || k == ST_REPLIES || k == ST_LINE_TOO_LONG)
            continue;
        char name[64];
        snprintf(name, sizeof name, "koan_%s_total", stat_names[k]);
        family(out, name, "counter", stat_help[k]);
        uint64_t s = 0;
        for (int i = 0; i < metrics_nslots; i++)
            s += LOAD(metrics_slots[i].stats[k]);
        put_fmt(out, "%s %llu\n", name, (unsigned long long)s);
    }
}

/* A process's resident set (bytes) and open descriptors; 0 if gone. The
 * descriptors are /proc/PID/fd's size, which Linux 6.2 on reports as
 * their number: reading the directory would take milliseconds at 9000. */
static void proc_figures(int pid, uint64_t *rss, uint64_t *fds)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/statm", pid);
    FILE *f = fopen(path, "r");
    unsigned long long size, res;
    if (f) {
        if (fscanf(f, "%llu %llu", &size, &res) == 2)
            *rss += res * (uint64_t)sysconf(_SC_PAGESIZE);
        fclose(f);
    }
    struct stat st;
    snprintf(path, sizeof path, "/proc/%d/fd", pid);
    if (stat(path, &st) == 0 && st.st_size > 0)
        *fds += (uint64_t)st.st_size;
}

static void write_process(buf *out)
{
    uint64_t rss = 0, fds = 0;
    if (metrics_server->parent)
        proc_figures(metrics_server->parent, &rss, &fds);
    for (int i = 0; i < metrics_nslots; i++) {
        int32_t pid = LOAD(metrics_slots[i].pid);
        if (pid > 0)
            proc_figures(pid, &rss, &fds);
    }
    struct rlimit rl;
    unsigned long long max = getrlimit(RLIMIT_NOFILE, &rl) == 0 ? (unsigned long long)rl.rlim_cur : 0;
    family(out, "process_resident_memory_bytes", "gauge", "Resident memory of koand's processes, in bytes.");
    put_fmt(out, "process_resident_memory_bytes %llu\n", (unsigned long long)rss);
    family(out, "process_open_fds", "gauge", "File descriptors koand's processes hold open.");
    put_fmt(out, "process_open_fds %llu\n", (unsigned long long)fds);
    family(out, "process_max_fds", "gauge", "Each process's limit on open file descriptors.");
    put_fmt(out, "process_max_fds %llu\n", max);
    family(out, "process_start_time_seconds", "gauge", "When this koand started, in seconds since the epoch.");
    put_fmt(out, "process_start_time_seconds %.3f\n", metrics_server->start);
    family(out, "koan_upgrades_total", "counter", "Live upgrades (SIGUSR2) this server has gone through.");
    put_fmt(out, "koan_upgrades_total %llu\n", (unsigned long long)metrics_server->upgrades);
    family(out, "koan_workers", "gauge", "Event-loop processes serving (--workers).");
    put_fmt(out, "koan_workers %d\n", metrics_nslots);
}

void metrics_write(buf *out)
{
    write_units(out);
    write_limits(out);
    write_process(out);
}
