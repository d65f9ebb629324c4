/* koand: the one launcher of a real koand, for the socket tests and the
 * stress suite -- start it, learn its ports, read its log, stop it. Nothing
 * here asserts: every failure is a return value, so it also works in a
 * forked child and in the stress client, which do not run under cmocka.
 * Every wait has a deadline. A log that holds a sanitizer report is kept
 * (its path printed) when the server is cleaned up. */
#ifndef KOAN_TEST_KOAND_H
#define KOAN_TEST_KOAND_H
#include <stddef.h>
#include <sys/types.h>

#include "tests/lib/spawn.h"

#define KOAND_MAX_LISTEN 32

typedef struct koand {
    pid_t pid;              /* 0 once it has been reaped */
    int reaped;             /* 1 once reaped: status and sig hold */
    int status;             /* exit status once reaped; -1 = killed or signalled */
    int sig;                /* the signal that ended it, if any */
    char log_path[256];     /* its standard error */
    int nlisten;
    struct {
        char proto[16];
        char host[64];      /* as logged, without IPv6 brackets */
        int port;
    } ls[KOAND_MAX_LISTEN]; /* in --listen order */
} koand;

/* koand_start: run $B/koand with args and env as spawn_koand says, then
 * wait up to 15 s until it listens on `nlisten` sockets (its "listening"
 * log lines; under -q, /proc in --listen order). 0, or -1 after printing
 * its log and killing it. */
int koand_start(koand *k, const char *const *args, const char *const *env, int nlisten);
/* koand_start_opts: koand_start with the child set up as o says (NULL: default). */
int koand_start_opts(koand *k, const spawn_opts *o, const char *const *args,
                     const char *const *env, int nlisten);
/* koand_start_all: every protocol of the build on 127.0.0.1:0 (koand_listen_all),
 * then the extra arguments (NULL-ended); waits for all of them. */
int koand_start_all(koand *k, const spawn_opts *o, ...);
/* koand_listen_all: koand arguments: extra (NULL-ended, may be NULL), then
 * --listen NAME@127.0.0.1:0 for every protocol of the build; NULL-ended,
 * valid until the next call. */
const char *const *koand_listen_all(const char *const *extra);
/* koand_nlisten_all: how many listeners koand_listen_all asks for. */
int koand_nlisten_all(void);
/* koand_port: the first port serving proto, 0 if none. */
int koand_port(const koand *k, const char *proto);
/* koand_signal: send sig and wait up to timeout_ms for the exit; returns
 * the exit status, or -1 if it had to be killed or died of a signal (once
 * reaped, the status it had). */
int koand_signal(koand *k, int sig, int timeout_ms);
/* koand_wait: wait up to timeout_ms for it to exit by itself (killing it
 * past that); the exit status as koand_signal. */
int koand_wait(koand *k, int timeout_ms);
/* koand_stop: SIGTERM with a 10 s wait (koand_signal). */
int koand_stop(koand *k);
/* koand_reap: reap it if it has exited, without waiting; 1 once it has. */
int koand_reap(koand *k);
/* koand_forget: its process was reaped elsewhere (a live upgrade's old
 * process, waited for by the test): forget the pid, keep the log. */
void koand_forget(koand *k);
/* koand_cleanup: kill it if it still runs and remove its log (kept, and
 * its path printed, if it holds a sanitizer report). */
void koand_cleanup(koand *k);
/* koand_done: stop it if it still runs (5 s) and remove its log, unless
 * keep or $KOAN_KEEP_LOGS or $STRESS_KEEP is set. */
void koand_done(koand *k, int keep);
/* koand_kill_strays: kill and reap every koand started here and not yet
 * reaped but the one with pid `keep`, and clean up their logs: for the
 * teardown of a test that failed half way. */
void koand_kill_strays(pid_t keep);
/* koand_log_dir: the directory new logs go to (default /tmp). */
void koand_log_dir(const char *dir);

/* koand_log: everything it has logged (malloc'd, NUL-terminated). */
char *koand_log(const koand *k);
/* koand_log_count: how many lines of its log contain text ("" counts all). */
int koand_log_count(const koand *k, const char *text);
/* koand_log_wait: wait up to timeout_ms for a line containing text; 1 if
 * one appeared. Log lines trail the socket events they describe. */
int koand_log_wait(const koand *k, const char *text, int timeout_ms);
/* koand_sanitized: 1 if its log holds a sanitizer report. */
int koand_sanitized(const koand *k);
/* koand_stat: SIGUSR1, wait up to 3 s for the stats line, return its
 * counter `name`; -1 if none. */
long koand_stat(koand *k, const char *name);
/* koand_vm_kb: a field of its /proc status ("VmHWM", "VmRSS") in kB; -1
 * if unknown. */
long koand_vm_kb(const koand *k, const char *field);

/* koand_run: run $B/koand to completion with args and env as above,
 * standard output and error captured into *out and *err (malloc'd);
 * returns the exit status, -1 if it died of a signal or ran past
 * timeout_ms (then it is killed). */
int koand_run(const char *const *args, const char *const *env, char **out, char **err,
              int timeout_ms);

/* koand_sanitized_build: 1 if $B/koand is built with a sanitizer (ASan,
 * TSan): then timing bounds are shown, not asserted. */
int koand_sanitized_build(void);

#endif
