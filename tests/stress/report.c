#include "tests/stress/report.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int npassed, nfailed, nskipped;

void report_add(report *r, int ok, const char *fmt, ...)
{
    if (r->n && r->n < sizeof r->s - 3)
        r->n += (size_t)snprintf(r->s + r->n, sizeof r->s - r->n, "; ");
    if (!ok) {
        r->ok = 0;
        if (r->n < sizeof r->s - 3)
            r->n += (size_t)snprintf(r->s + r->n, sizeof r->s - r->n, "**");
    }
    if (r->n < sizeof r->s - 1) {
        va_list ap;
        va_start(ap, fmt);
        int m = vsnprintf(r->s + r->n, sizeof r->s - r->n, fmt, ap);
        va_end(ap);
        if (m > 0)
            r->n += (size_t)m < sizeof r->s - r->n ? (size_t)m : sizeof r->s - r->n - 1;
    }
}

void report_bound(report *r, int ok, int in_time, const char *fmt, ...)
{
    char s[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s, sizeof s, fmt, ap);
    va_end(ap);
    int timed = !koand_sanitized_build();
    report_add(r, ok && (in_time || !timed), "%s%s", s,
               timed || in_time ? "" : " (sanitized build: timing not enforced)");
}

/* report_finish: stop koand (graceful, exit 0 expected), look for sanitizer
 * reports, print the line. */
void report_finish(const char *name, report *r, koand *k)
{
    if (k) {
        if (k->pid > 0) {
            int st = koand_signal(k, SIGTERM, 15000);
            if (st != 0)
                report_add(
                    r, 0, "koand exit status %d at SIGTERM%s", st,
                    k->sig ? (k->sig == SIGKILL ? " (killed after 15 s)" : " (died of a signal)")
                           : "");
        } else if (k->status != 0) {
            report_add(r, 0, "koand exited with status %d, signal %d", k->status, k->sig);
        }
        if (koand_sanitized(k))
            report_add(r, 0, "sanitizer report in the koand log");
        if (!r->ok)
            report_add(r, 0, "log kept: %s", k->log_path);
        koand_done(k, !r->ok);
    }
    printf("%s %s: %s\n", r->ok ? "PASS" : "FAIL", name, r->s);
    fflush(stdout);
    if (r->ok)
        npassed++;
    else
        nfailed++;
}

void report_skip(const char *name, const char *why)
{
    printf("SKIPPED %s: %s\n", name, why);
    fflush(stdout);
    nskipped++;
}

void report_not_started(const char *name, report *r)
{
    report_add(r, 0, "koand did not start");
    report_finish(name, r, NULL);
}

const char *err_name(int e) { return e ? strerror(e) : "none"; }

int report_totals(int *passed, int *failed, int *skipped)
{
    *passed = npassed;
    *failed = nfailed;
    *skipped = nskipped;
    return nfailed ? 1 : 0;
}
