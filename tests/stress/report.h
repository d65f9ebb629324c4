/* report: one line per scenario, "PASS name: figures" or "FAIL name:
 * figures", each figure beside its bound; a failed figure is marked "**". */
#ifndef KOAN_STRESS_REPORT_H
#define KOAN_STRESS_REPORT_H
#include <stddef.h>

#include "tests/lib/koand.h"
#include "tests/lib/show.h"
#include "tests/lib/proc.h"

/* One scenario's report line. */
typedef struct report {
    char s[4096];
    size_t n;
    int ok;
} report;

/* report_add: append a figure (printf-style); ok 0 marks it and fails the
 * scenario. */
void report_add(report *r, int ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* report_bound: a figure with a timing bound (printf-style): ok, what it
 * says of behaviour, is checked in every build; in_time, the timing bound,
 * only in the normal build -- under a sanitizer (check-asan) the figure is
 * shown with "timing not enforced", since a slow build on a loaded machine
 * can miss it for no fault of the code. Beside each call: its margin. */
void report_bound(report *r, int ok, int in_time, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* report_finish: stop koand (graceful, exit 0 expected), look for sanitizer
 * reports, print the line; k may be NULL. */
void report_finish(const char *name, report *r, koand *k);
/* report_skip: the line of a scenario that cannot run in this build
 * ("SKIPPED name: why"), counted as skipped. */
void report_skip(const char *name, const char *why);
/* report_not_started: the line of a scenario whose koand did not start. */
void report_not_started(const char *name, report *r);
/* report_totals: scenarios passed, failed and skipped so far; 1 if any failed. */
int report_totals(int *passed, int *failed, int *skipped);
/* err_name: strerror(e), "none" for 0. */
const char *err_name(int e);
#endif
