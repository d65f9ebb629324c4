/* conn: one client, its parser, and its lifecycle.
 *
 *   READING ──backlog──> BLOCKED ──drained──> READING
 *   READING/BLOCKED ──peer EOF──> DRAINING ──flushed──> CLOSED
 *   READING/BLOCKED ──quit, shutdown, limit──> CLOSING ──flushed──> LINGERING
 *   LINGERING ──peer EOF or 2 s──> CLOSED
 *   READING ──costly request──> WAITING ──computed──> READING
 *   any ──socket error──> CLOSED
 *
 * READING reads and parses; BLOCKED only writes (its pending replies passed
 * --max-output); DRAINING answers what a half-closed peer sent; CLOSING
 * finishes our replies before we close on our own initiative; LINGERING has
 * shut its write side and discards input, so that closing with unread input
 * does not send a reset that would destroy replies still in flight; WAITING
 * has handed its parser to the compute pool (a costly request: big calc
 * arithmetic) and reads nothing until the result is in its output, so its
 * replies stay in order while the loop serves everyone else. */
#ifndef KOAN_CONN_H
#define KOAN_CONN_H
#include <sys/socket.h>

#include "runtime/handover.h"
#include "runtime/server.h"

enum conn_state {
    CONN_READING, CONN_BLOCKED, CONN_DRAINING, CONN_CLOSING, CONN_LINGERING,
    CONN_CLOSED, CONN_WAITING, CONN_NSTATES
};

enum conn_event {
    EV_BACKLOG,   /* pending replies passed --max-output */
    EV_DRAINED,   /* pending replies fell back under it */
    EV_EOF,       /* the peer shut its write side */
    EV_QUIT,      /* we close: quit, shutdown, a limit */
    EV_FLUSHED,   /* every reply written */
    EV_FAIL,      /* the socket failed (reset, error) */
    EV_TIMEOUT,   /* a deadline passed */
    EV_ABORT,     /* the shutdown deadline passed: close now */
    EV_COMPUTE,   /* the rest of a costly request went to the compute pool */
    EV_COMPUTED,  /* the pool is done with it */
    CONN_NEVENTS
};

/* conn_next: the lifecycle as data; conn_event moves along it. */
extern const unsigned char conn_next[CONN_NSTATES][CONN_NEVENTS];
/* conn_state_name: "reading", ... for logs and diagrams. */
const char *conn_state_name(int state);

/* conn_open: take an accepted socket; NULL if out of memory. */
conn *conn_open(server *s, const listener *l, int fd, const struct sockaddr *peer);
/* conn_continue: parse input left over by last turn's budget. */
void conn_continue(server *s, conn *c);
/* conn_buffers: bytes of buffer memory c holds beyond its fixed state. */
size_t conn_buffers(const conn *c);
/* conn_state_of: c's state (enum conn_state). */
int conn_state_of(const conn *c);
/* conn_peer: the client's address. */
const peer_addr *conn_peer(const conn *c);
/* conn_stop: the server is stopping: answer what has arrived, then close. */
void conn_stop(server *s, conn *c);
/* conn_tick: act on deadlines; force closes at once (shutdown deadline). */
void conn_tick(server *s, conn *c, uint64_t now, int force);
/* conn_reap: free c if it has closed; returns 1 if it did. */
int conn_reap(server *s, conn *c);

/* A live upgrade (runtime/conn_move.c). */

/* conn_movable: 1 if c sits between requests -- no partial request, no
 * reply unsent, no input left over, not closing -- so it can move to the
 * process that replaces this one. */
int conn_movable(const conn *c);
/* conn_fd: c's socket, which travels with conn_export's record. */
int conn_fd(const conn *c);
/* conn_export: what of c the new process needs, into m (HO_CONN). */
void conn_export(const server *s, conn *c, handover_msg *m);
/* conn_release: forget c, whose socket the new process now holds: close
 * our copy and free it, with no shutdown and no close log. */
void conn_release(server *s, conn *c);
/* conn_import: serve fd, a connection the old process handed over, as m
 * says, through listener l (its protocol's); NULL if out of memory. */
conn *conn_import(server *s, const listener *l, int fd, const handover_msg *m);

#endif
