/* daemon: start a real koand for socket tests, talk to it, stop it. */
#ifndef KOAN_TEST_DAEMON_H
#define KOAN_TEST_DAEMON_H
#include <stddef.h>
#include <sys/types.h>

typedef struct daemon_proc {
    pid_t pid;
    char log[64];        /* its standard error, a temp file */
    int port[3];         /* zen, calc, echo; 0 where not listening */
} daemon_proc;

/* daemon_start: run $B/koand (B defaults to build) with args (NULL-ended)
 * and wait until it has logged a listening line for each protocol in
 * `want` ("zen,calc" ...). Returns 0, or -1 after killing it. */
int daemon_start(daemon_proc *d, const char *want, const char *const *args);
/* daemon_stop: SIGTERM, wait up to 10 s (then SIGKILL); returns the exit
 * status, or -1 if it had to be killed or died of a signal. */
int daemon_stop(daemon_proc *d);
/* daemon_wait: wait up to 10 s for it to exit by itself (after a signal
 * the test sent); returns its exit status, or -1. */
int daemon_wait(daemon_proc *d);
/* daemon_log_has: 1 if its log holds a line containing text. */
int daemon_log_has(const daemon_proc *d, const char *text);
/* daemon_port: the port for protocol name. */
int daemon_port(const daemon_proc *d, const char *proto);

/* dial: connect to 127.0.0.1:port, blocking; -1 on failure. */
int dial(int port);
/* send_all: write everything or return -1. */
int send_all(int fd, const void *p, size_t n);
/* read_until_eof: read until end of stream or timeout_ms of silence;
 * returns bytes read (malloc'd into *out, NUL-terminated); *how is 0 for a
 * clean end of stream, 1 for a timeout, 2 for a reset or error. */
size_t read_until_eof(int fd, char **out, int timeout_ms, int *how);
/* read_exact: read exactly n bytes within timeout_ms; returns bytes read. */
size_t read_exact(int fd, char *buf, size_t n, int timeout_ms);

#endif
