/* The fault and load suite's helpers: a koand per scenario, what /proc says
 * about it, loopback sockets, and three small client engines (many short
 * clients, a few streaming clients, a latency probe thread). Every loop
 * here is bounded in time; every socket is 127.0.0.x. */
#ifndef KOAN_STRESS_LIB_H
#define KOAN_STRESS_LIB_H
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum { ZEN, CALC, ECHO, NPROTO };
extern const char *const proto_name[NPROTO];
/* One request per protocol, its whole answer (calc's welcome included), and
 * the busy line. */
extern const char *const req_text[NPROTO];
extern const char *const rep_text[NPROTO];
extern const char *const busy_text[NPROTO];
#define CALC_WELCOME "<welcome: starting in sum mode>\n"

/* ---- time ---- */
double now(void); /* monotonic seconds */
void sleep_s(double s);

/* ---- a koand under test ---- */
typedef struct koand {
    pid_t pid; /* 0 once reaped */
    int port[NPROTO];
    char log[256]; /* its standard error */
    int status;    /* exit status once reaped; -1 signal/killed */
    int sig;       /* the signal that ended it, if any */
} koand;

typedef struct kd_opts {
    int nofile;   /* >0: RLIMIT_NOFILE soft=hard=nofile (as prlimit) */
    int leak_fds; /* descriptors koand inherits (not close-on-exec) */
} kd_opts;

/* kd_start: $B/koand --listen zen/calc/echo@127.0.0.1:0 and the extra
 * arguments (NULL-ended); waits for its three listening sockets (read from
 * /proc, so -q works). 0, or -1 after killing it. */
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
/* kd_done: remove the log (keep it if keep); the suite's temp directory. */
void kd_done(koand *k, int keep);
void kd_tmpdir(const char *dir);
/* koand_asan: 1 if $B/koand is built with AddressSanitizer. */
int koand_asan(void);

/* ---- /proc ---- */
long rss_kib(pid_t pid); /* VmRSS, -1 if unknown */
int fd_count(pid_t pid); /* entries of /proc/PID/fd, -1 if unknown */
double cpu_s(pid_t pid); /* utime+stime in seconds, -1 if unknown */
/* rss_watch: pid whose peak RSS the engines sample (every ~20 ms); 0 off. */
void rss_watch(pid_t pid);
long rss_peak(void);   /* highest sample since rss_watch */
void rss_sample(void); /* sample now if 20 ms have passed */

/* ---- sockets ---- */
/* tcp_open: a TCP socket to 127.0.0.1:port, from src (NULL: any), with
 * SO_RCVBUF rcvbuf (0: default), TCP_NODELAY; nonblock: return at once
 * (connect in progress). -1 with errno on failure. */
int tcp_open(int port, const char *src, int rcvbuf, int nonblock);
void set_nonblock(int fd);
void set_linger0(int fd); /* close() will send a reset */
/* send_all: write all n bytes within timeout s; 0, or -1 (errno). */
int send_all(int fd, const void *p, size_t n, double timeout);
/* recv_exact: read until n bytes, end of stream or timeout; bytes read. */
size_t recv_exact(int fd, void *p, size_t n, double timeout);
/* read_end: read until end of stream; returns 0 clean end of stream, 1
 * reset or error (*err = errno), 2 timeout; *got bytes read into p (at
 * most cap kept). */
int read_end(int fd, char *p, size_t cap, size_t *got, double timeout, int *err);

/* ---- many short clients: connect, one request, one answer ---- */
enum { BC_NEW, BC_CONNECTING, BC_WAITING, BC_SERVED, BC_ENDED };
typedef struct bconn {
    int fd;
    int proto;
    int port;        /* 0: the koand's port for proto */
    const char *src; /* source address, NULL any */
    int send_req;    /* send req_text at once on connect */
    int state;
    int end; /* BC_ENDED: 1 end of stream, 2 reset/error */
    int err;
    double t0, t_served, t_end;
    size_t got;
    char data[160];
} bconn;
/* batch_run: start every BC_NEW client (at most max_inflight unsettled at
 * once) and run until each is settled — answered in full (BC_SERVED, left
 * open) or ended — or timeout s pass. Returns how many settled. */
int batch_run(bconn *b, int n, const koand *k, int max_inflight, double timeout);
/* batch_close: close every open descriptor. */
void batch_close(bconn *b, int n);
int batch_count(const bconn *b, int n, int state);

/* ---- streaming clients: send a buffer, collect what comes back ---- */
typedef struct sconn {
    int fd;
    const char *out; /* bytes to send (not owned) */
    size_t out_len, out_off;
    size_t wchunk;        /* largest single send, 0 = no limit */
    int shut_after;       /* SHUT_WR once out is sent */
    int read_after_write; /* read nothing until out is sent */
    size_t rchunk;        /* read pace: rchunk bytes ... */
    double rgap;          /* ... every rgap s (0 = as fast as it comes) */
    size_t expect;        /* done once this many bytes read (0: at end of stream) */
    char *in;             /* what came back (first in_cap bytes) */
    size_t in_cap, in_len, in_total;
    size_t in_at_shut; /* in_total when SHUT_WR went out */
    int end;           /* 1 end of stream, 2 reset/error */
    int err, werr;     /* errno of a failed recv / send */
    int shut;
    double t_end, t_last_write;
    double next_read;
} sconn;
/* stream_run: run until every client is done (all sent, and expect bytes
 * read or end of stream) or timeout s; returns how many are done. */
int stream_run(sconn *c, int n, double timeout);

/* ---- a latency probe on its own thread ---- */
typedef struct probe {
    int port, proto;
    double interval; /* pause between requests */
    int max;         /* requests at most */
    double max_time; /* seconds at most */
    atomic_int stop;
    double *lat; /* seconds per request */
    int n;
    int fail;
    char why[160];
    pthread_t th;
} probe;
int probe_start(probe *p);
void probe_join(probe *p); /* stop and wait */
void probe_wait(probe *p); /* wait for it to finish by itself */
void probe_free(probe *p);
double pctl(const double *v, int n, double p); /* p in [0,1] */
double vmax(const double *v, int n);

/* ---- a tiny PRNG ---- */
uint64_t rnd(uint64_t *s);

#endif
