#include "tests/stress/rss.h"

#include "tests/lib/clock.h"
#include "tests/lib/proc.h"

static pid_t watch_pid;
static long watch_peak;
static double watch_at;

void rss_watch(pid_t pid)
{
    watch_pid = pid;
    watch_peak = 0;
    watch_at = 0;
    rss_sample();
}

long rss_peak(void) { return watch_peak; }

void rss_sample(void)
{
    if (!watch_pid)
        return;
    double t = now_s();
    if (t - watch_at < 0.02)
        return;
    watch_at = t;
    long r = proc_status_kb(watch_pid, "VmRSS");
    if (r > watch_peak)
        watch_peak = r;
}
