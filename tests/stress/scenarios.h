/* scenarios: the suite's scenarios, each against a fresh koand, and what
 * several of them share. */
#ifndef KOAN_STRESS_SCENARIOS_H
#define KOAN_STRESS_SCENARIOS_H
#include <stddef.h>
#include <stdint.h>

#include "tests/stress/engines.h"
#include "tests/lib/koand.h"
#include "tests/lib/rng.h"
#include "tests/lib/proc.h"

#define MIB (1024.0 * 1024.0)

/* sc_limits.c */
void sc_max_conns(void);    /* max-conns: the busy line past --max-conns */
void sc_9000(void);         /* 9000-conns: 9000 clients open at once */
void sc_emfile_limit(void); /* emfile-fd-limit: a low RLIMIT_NOFILE */
void sc_emfile_leak(void);  /* emfile-accept: accept() meets EMFILE */
void sc_access(void);       /* access-control: --allow, HTTP and TLS guards */
/* sc_lines.c */
void sc_overlong(void);  /* overlong-line: lines past --max-line */
void sc_write_all(void); /* write-then-read: a pipeline written before reading */
/* sc_garbage.c */
void sc_garbage(void); /* garbage: random binary requests */
/* sc_timeouts.c */
void sc_idle(void);        /* idle-timeout */
void sc_slowloris(void);   /* slowloris: --request-timeout */
void sc_slow_reader(void); /* slow-reader: --send-timeout and backpressure */
/* sc_close.c */
void sc_reset_storm(void);    /* reset-storm: clients reset mid-pipeline */
void sc_half_close(void);     /* half-close: SHUT_WR with replies to come */
void sc_close_no_reset(void); /* close-no-reset: quit, then junk */
/* sc_shutdown.c */
void sc_shutdown(void); /* graceful-shutdown: SIGTERM mid-stream */
/* sc_fairness.c */
void sc_fairness(void); /* fairness: a flooding client beside others */
/* sc_compute.c */
void sc_compute_flood(void); /* compute-flood: costly lines beside a probe */
/* sc_loop.c */
void sc_paused_loop(void);   /* paused-loop: a loop stopped past its timeouts */
void sc_guard_timeout(void); /* guard-timeout: a held first request times out */
void sc_memory_back(void);   /* memory-back: memory after a peak */
void sc_stats_storm(void);   /* stats-storm: SIGUSR1 as fast as it goes */

/* sc_metrics.c */
void sc_scrape(void); /* metrics-scrape: a scrape of 9000 connections */

/* first_odd: describe into out the first client of a batch that is not in
 * state `want` ("" if none). */
void first_odd(char *out, size_t len, const bconn *b, int n, int want);
/* served_all: 1 if all n clients were answered in full. */
int served_all(bconn *b, int n);
/* fresh_served: 1 if a fresh client of each protocol is served. */
int fresh_served(const koand *k);
/* wait_fds: wait until the server's descriptor count is at most `want`;
 * seconds it took, or -1 if it did not happen within `limit`. */
double wait_fds(const koand *k, int want, double limit);

#endif
