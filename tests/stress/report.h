/* The suite's report lines, shared by stress.c and the scenarios in the
 * other files of tests/stress/ (loop.c). */
#ifndef KOAN_STRESS_REPORT_H
#define KOAN_STRESS_REPORT_H
#include <stddef.h>

#include "tests/stress/lib.h"

#define MIB (1024.0 * 1024.0)

/* One scenario's report line. */
typedef struct report {
    char s[4096];
    size_t n;
    int ok;
} report;

/* add: one figure, beside its bound; a failed one (ok 0) fails the line. */
void add(report *r, int ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* finish: stop koand (graceful, exit 0 expected), look for sanitizer
 * reports, print the line. */
void finish(const char *name, report *r, koand *k);
/* not_started: the line of a scenario whose koand did not start. */
void not_started(const char *name, report *r);
/* fresh_served: a new client of each protocol gets its answer. */
int fresh_served(const koand *k);

/* The scenarios of tests/stress/loop.c: the event loop under stress. */
void sc_compute_flood(void);
void sc_paused_loop(void);
void sc_guard_timeout(void);
void sc_memory_back(void);
void sc_stats_storm(void);

#endif
