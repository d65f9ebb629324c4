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
/* report_finish: stop koand (graceful, exit 0 expected), look for sanitizer
 * reports, print the line; k may be NULL. */
void report_finish(const char *name, report *r, koand *k);
/* report_not_started: the line of a scenario whose koand did not start. */
void report_not_started(const char *name, report *r);
/* report_totals: scenarios passed and failed so far; 1 if any failed. */
int report_totals(int *passed, int *failed);
/* err_name: strerror(e), "none" for 0. */
const char *err_name(int e);
#endif
