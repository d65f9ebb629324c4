/* server: listeners, the connection table, signals and shutdown. */
#ifndef KOAN_SERVER_H
#define KOAN_SERVER_H
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "runtime/acl.h"
#include "runtime/buf.h"
#include "runtime/config.h"
#include "runtime/loop.h"

#define READ_CHUNK 16384     /* bytes read per connection per loop turn */
#define LINGER_MS 2000       /* how long a lingering close discards input */
#define ACCEPT_BUDGET 64     /* accepts per listener wakeup */
#define REQUEST_BUDGET 16    /* requests parsed per connection per loop turn */
#define HOLD_BYTES 16384     /* replies held back while a read's batch is parsed */

typedef struct server server;
typedef struct conn conn;
typedef struct pool pool;

typedef struct listener {
    server *srv;
    int fd;
    const proto *pr;
    int unit;                /* registry_index(pr): where its metrics go */
    char where[80];
} listener;

struct server {
    loop *lo;
    const config *cf;
    listener ls[CONFIG_MAX_LISTEN];
    int nls;
    conn **conns;            /* by fd, for scans and shutdown */
    int nconns;
    int *queue;              /* fds with input left for the next turn */
    int nqueue;
    int max_conns;           /* --max-conns, lowered to what the fd limit allows */
    ip_counts *per_ip;       /* for --max-conns-per-ip, NULL without it */
    pool *pool;              /* costly requests go here; NULL: computed on the loop */
    buf scratch;             /* replies of the feed in progress */
    char rbuf[READ_CHUNK];   /* the loop's one read buffer */
    int sigfd[2];            /* self-pipe: signal handler -> loop */
    int spare_fd;            /* given up to accept and shed at EMFILE */
    int stopping;
    uint64_t stop_deadline;
    uint64_t next_tick;
    int tick_late;            /* this tick came a period or more late: the loop stalled */
    uint64_t next_stats;
    int64_t exit_idle_ms;    /* exit after this long with no client; -1 never */
    uint64_t empty_since;    /* when the last client left */
    unsigned signals_owed;   /* SIGUSR1 not yet answered by a stats line */
    uint64_t signal_line_at; /* when the last stats line for SIGUSR1 went out */
    int empty_ticks;         /* turns with no client, counted up to a few */
    /* A live upgrade (runtime/upgrade.c). */
    int up_phase;            /* enum upgrade_phase */
    int up_chan;             /* the hand-over channel, -1 if none */
    pid_t up_child;          /* the new process, in the old one */
    uint64_t up_deadline;    /* when it must be ready, then when we are done */
    int up_moved;            /* connections handed over, or taken over */
    int up_scan;             /* the next descriptor to look at for one to move */
    int handed_over;         /* every connection moved: this process is done */
    int worker;              /* one of --workers: its parent owns upgrades */
    int up_ctl;              /* a worker's channel to its parent, -1 if none */
};

enum upgrade_phase {
    UP_NONE,       /* no upgrade */
    UP_STARTING,   /* old: the new process is starting */
    UP_MOVING,     /* old: the new process took over; connections move to it */
    UP_JOINING,    /* new: ready, waiting for the old process to hand over */
    UP_JOINED,     /* new: took over; connections arrive */
};

/* server_init: the loop and tables only: no listener, no signal handler
 * (for harnesses that hand it sockets themselves); -1 if out of memory. */
int server_init(server *s, const config *cf);
/* server_conn_room: how many clients the descriptor limit (stored in
 * *limit) leaves room for beside cf's listeners and a reserve; --max-conns
 * is lowered to it. Below 1, koand could serve no one. */
int server_conn_room(const config *cf, int *limit);
/* server_start: server_init, then signals and every listener cf names, on
 * the already bound sockets fds[] if given (workers), else binding them
 * itself; -1 after logging why not, -2 if an address could not be bound
 * (taken, or not ours: koand was started wrongly). */
int server_start(server *s, const config *cf, const int *fds);
/* server_compute: give s a compute pool of `threads` threads (0: jobs run
 * only when the caller says, see pool_run_held) taking `cap` jobs at once;
 * server_start does it as --compute-threads says. -1 if it cannot. */
int server_compute(server *s, int threads, int cap);
/* server_adopt: serve fd, an already accepted client of protocol pr, as
 * if it had come through a listener (inetd nowait). */
int server_adopt(server *s, const proto *pr, int fd);
/* server_refuse: turn the client on fd away with line (NULL: none) in its
 * protocol's style, without a reset that would destroy the line; closes fd. */
void server_refuse(int fd, const char *line);
/* server_shed: out of descriptors: accept and close l's waiting clients
 * with the spare descriptor (now: the clock, for the rate-limited log). */
void server_shed(server *s, listener *l, uint64_t now);
/* server_watch_listeners: accept on every listener (on), or no longer
 * (keeping the sockets open, for an upgrade that may yet fail). */
void server_watch_listeners(server *s, int on);
/* server_close_listeners: unwatch and close every listener. */
void server_close_listeners(server *s);
/* server_handle_signals: fn for SIGINT, SIGTERM, SIGUSR1, SIGUSR2; SIGPIPE ignored. */
void server_handle_signals(void (*fn)(int));
/* server_relayed_by: in a worker, pid is the parent that relays every
 * SIGINT/SIGTERM; see on_signal. */
void server_relayed_by(pid_t pid);
/* server_continue: one more budget each for the connections whose budget
 * left input, oldest first; ones queued meanwhile wait for the next turn.
 * A loop turn is loop_once, then this. */
void server_continue(server *s);
/* server_stop_requested: SIGINT/SIGTERM has arrived (for blocking models). */
int server_stop_requested(void);
/* server_run: serve until a signal's graceful stop completes; returns the
 * exit status. */
int server_run(server *s);

#endif
