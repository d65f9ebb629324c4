/* kd: a koand under test, a fresh one per scenario, and what /proc says
 * about it. Every wait here is bounded in time. */
#ifndef KOAN_STRESS_KD_H
#define KOAN_STRESS_KD_H
#include <sys/types.h>

#include "tests/stress/facts.h"

typedef struct koand {
    pid_t pid;           /* 0 once reaped */
    int port[FACTS_MAX]; /* by protocol number (facts.h) */
    char log[256];       /* its standard error */
    int status;          /* exit status once reaped; -1 signal/killed */
    int sig;             /* the signal that ended it, if any */
} koand;

typedef struct kd_opts {
    int nofile;   /* >0: RLIMIT_NOFILE soft=hard=nofile (as prlimit) */
    int leak_fds; /* descriptors koand inherits (not close-on-exec) */
} kd_opts;

/* kd_start: $B/koand --listen NAME@127.0.0.1:0 for every protocol of the
 * build, then the extra arguments (NULL-ended); waits for all its
 * listening sockets (read from /proc, so -q works). 0, or -1 after killing
 * it. */
int kd_start(koand *k, const kd_opts *o, ...);
/* kd_stop: SIGTERM and wait up to `timeout` s (then SIGKILL). Exit status,
 * or -1. */
int kd_stop(koand *k, double timeout);
/* kd_reap: waitpid without blocking; 1 once it has exited. */
int kd_reap(koand *k);
/* kd_alive: 1 while the process runs. */
int kd_alive(koand *k);
/* kd_sanitized: 1 if the log holds a sanitizer report. */
int kd_sanitized(const koand *k);
/* kd_log_lines: lines in the log so far. */
int kd_log_lines(const koand *k);
/* kd_stat: SIGUSR1, wait for the stats line, return counter `name` (-1). */
long kd_stat(koand *k, const char *name);
/* kd_done: remove the log (keep it if keep). */
void kd_done(koand *k, int keep);
/* kd_tmpdir: the directory the logs go to. */
void kd_tmpdir(const char *dir);
/* koand_asan: 1 if $B/koand is built with AddressSanitizer. */
int koand_asan(void);

/* rss_kib: VmRSS of pid, -1 if unknown. */
long rss_kib(pid_t pid);
/* fd_count: entries of /proc/PID/fd, -1 if unknown. */
int fd_count(pid_t pid);
/* cpu_s: utime+stime of pid in seconds, -1 if unknown. */
double cpu_s(pid_t pid);
/* rss_watch: pid whose peak RSS the engines sample (every ~20 ms); 0 off. */
void rss_watch(pid_t pid);
/* rss_peak: the highest sample since rss_watch. */
long rss_peak(void);
/* rss_sample: sample now if 20 ms have passed. */
void rss_sample(void);

#endif
