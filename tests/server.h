/* server: a real koand for socket tests — start it, learn its ports, talk
 * to it with deadlines, stop it. Nothing here asserts: every failure is a
 * return value, so the helpers also work in a forked child that is not
 * running under cmocka. Every wait has a deadline, so a server bug fails a
 * test instead of hanging the suite. */
#ifndef KOAN_TEST_SERVER_H
#define KOAN_TEST_SERVER_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define KOAND_MAX_LISTEN 32

typedef struct koand {
    pid_t pid;              /* 0 once it has been reaped */
    int status;             /* exit status once reaped; -1 = killed or signalled */
    char log_path[64];      /* its standard error */
    int nlisten;
    struct {
        char proto[16];
        char host[64];      /* as logged, without IPv6 brackets */
        int port;
    } ls[KOAND_MAX_LISTEN];
} koand;

/* koand_start: run $B/koand (B defaults to build) with args (NULL-ended)
 * and extra environment entries env ("KOAN_X=y", NULL-ended; any KOAN_
 * variable of the test's own environment is dropped first; the entry
 * "LISTEN_PID=self" becomes koand's own pid, as systemd sets it), then wait up
 * to 5 s until it has logged `nlisten` listening lines. Returns 0, or -1
 * after printing its log and killing it. */
int koand_start(koand *k, const char *const *args, const char *const *env, int nlisten);
/* koand_listen_all: koand arguments: extra (NULL-ended, may be NULL), then
 * --listen NAME@127.0.0.1:0 for every protocol of the build; NULL-ended,
 * valid until the next call. koand_nlisten_all: how many listeners. */
const char *const *koand_listen_all(const char *const *extra);
int koand_nlisten_all(void);
/* koand_port: the first port serving proto, 0 if none. */
int koand_port(const koand *k, const char *proto);
/* koand_signal: send sig and wait up to timeout_ms for the exit; returns
 * the exit status, or -1 if it had to be killed or died of a signal. */
int koand_signal(koand *k, int sig, int timeout_ms);
/* koand_wait: wait up to timeout_ms for it to exit by itself (killing it
 * past that); the exit status as koand_signal. */
int koand_wait(koand *k, int timeout_ms);
/* koand_stop: SIGTERM with a 10 s wait (koand_signal). */
int koand_stop(koand *k);
/* koand_forget: its process was reaped elsewhere (a live upgrade's old
 * process, waited for by the test): forget the pid, keep the log. */
void koand_forget(koand *k);
/* koand_cleanup: kill it if it still runs and remove its log. */
void koand_cleanup(koand *k);
/* koand_kill_strays: kill and reap every koand started here and not yet
 * reaped but the one with pid `keep`, and remove their logs: for the
 * teardown of a test that failed half way. */
void koand_kill_strays(pid_t keep);
/* koand_log: everything it has logged (malloc'd, NUL-terminated). */
char *koand_log(const koand *k);
/* koand_log_count: how many lines of its log contain text. */
int koand_log_count(const koand *k, const char *text);
/* koand_log_wait: wait up to timeout_ms for a line containing text; 1 if
 * one appeared. Log lines trail the socket events they describe. */
int koand_log_wait(const koand *k, const char *text, int timeout_ms);
/* koand_vm_kb: a field of its /proc status ("VmHWM", "VmRSS") in kB; -1
 * if unknown. */
long koand_vm_kb(const koand *k, const char *field);

/* koand_run: run $B/koand to completion with args and env as above,
 * standard output and error captured into *out and *err (malloc'd);
 * returns the exit status, -1 if it died of a signal or ran past
 * timeout_ms (then it is killed). */
int koand_run(const char *const *args, const char *const *env, char **out, char **err,
              int timeout_ms);

/* now_ms: a monotonic clock in milliseconds; sleep_ms: sleep that long. */
int64_t now_ms(void);
void sleep_ms(int ms);

/* How a stream ended. */
enum tcp_end { TCP_EOF, TCP_TIMEOUT, TCP_RESET };
const char *tcp_end_name(int end);

/* tcp_dial: connect (blocking, close-on-exec) to host ("127.0.0.1",
 * "::1") and port; -1 on failure. */
int tcp_dial(const char *host, int port);
/* tcp_dial_rcvbuf: the same with a receive buffer of `rcvbuf` bytes, for a
 * client that is slow to take replies. */
int tcp_dial_rcvbuf(const char *host, int port, int rcvbuf);
/* tcp_local_port: the client side's port, to find its lines in the log. */
int tcp_local_port(int fd);
/* tcp_free_port: a port on host that was free a moment ago. */
int tcp_free_port(const char *host);
/* tcp_send: write everything within timeout_ms; 0, or -1 (errno set). */
int tcp_send(int fd, const void *p, size_t n, int timeout_ms);
/* tcp_read_n: read exactly n bytes within timeout_ms; returns how many
 * arrived before the deadline, end of stream or an error. */
size_t tcp_read_n(int fd, char *dst, size_t n, int timeout_ms);
/* tcp_read_eof: read until end of stream within timeout_ms; *out gets
 * the bytes (malloc'd, NUL-terminated), *len their count; returns how the
 * stream ended. */
int tcp_read_eof(int fd, char **out, size_t *len, int timeout_ms);
/* tcp_quiet: 1 if nothing arrives (no byte, no end) for ms. */
int tcp_quiet(int fd, int ms);
/* tcp_unacked: bytes written but not yet acknowledged by the peer's
 * kernel (SIOCOUTQ); 0 means the server's socket holds all of them. */
int tcp_unacked(int fd);

/* tcp_server_unread: bytes the server's socket for the loopback IPv4
 * connection server_port <-> client_port holds unread (/proc/net/tcp);
 * -1 if not found. */
int tcp_server_unread(int server_port, int client_port);

/* A deterministic generator (splitmix64), so every failure replays. */
uint64_t rng_next(uint64_t *s);
/* rng_below: uniform in [0, n), n > 0. */
uint64_t rng_below(uint64_t *s, uint64_t n);

/* A conversation on one connection: bytes to send, in pieces, while the
 * replies are read, so that neither side's buffers can deadlock it. */
typedef struct session {
    /* Set by the caller. */
    int fd;
    const char *in;
    size_t n;
    uint64_t seed;      /* piece sizes and pauses; 0 = as fast as possible */
    size_t max_piece;   /* with a seed: largest piece (0 = 4096) */
    int max_pause_ms;   /* with a seed: longest pause between pieces */
    int half_close;     /* shutdown(SHUT_WR) right after the last byte */
    /* Results. */
    char *got;          /* replies (malloc'd, NUL-terminated) */
    size_t got_len;
    int end;            /* enum tcp_end */
    int send_errno;     /* why sending stopped early, 0 if it did not */
    size_t pieces;      /* how many writes it took */
    /* Private. */
    size_t off, cap;
    int64_t next_ms;
    int wr_done, rd_done;
} session;

/* session_run: drive n sessions at once until each has seen its stream
 * end, or timeout_ms passes (the unfinished ones end TCP_TIMEOUT). */
void session_run(session *ss, int n, int timeout_ms);
/* session_free: release the replies (the caller closes the fd). */
void session_free(session *s);

/* show_diff: print where got and want first differ, escaped, to stderr. */
void show_diff(const char *what, const char *got, size_t gn, const char *want, size_t wn);

#endif
