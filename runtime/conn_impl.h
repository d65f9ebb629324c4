/* conn_impl: a connection's insides, shared by the files that make up the
 * connection module (conn.c, the lifecycle; conn_move.c, a live upgrade's
 * hand-over) and by nothing else: everyone else sees conn.h. */
#ifndef KOAN_CONN_IMPL_H
#define KOAN_CONN_IMPL_H
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/conn.h"
#include "runtime/guard.h"

/* Why we closed on our own initiative, for the close log line. */
enum conn_reason {
    WHY_NONE, WHY_QUIT, WHY_SHUTDOWN, WHY_IDLE, WHY_REQUEST, WHY_SEND, WHY_HTTP_TLS,
    WHY_DEADLINE,
};
struct conn {
    int fd;
    uint8_t state;
    uint8_t peer_eof;        /* the peer shut its write side */
    uint8_t reason;          /* enum conn_reason */
    uint8_t queued;          /* in the server's list of leftover input */
    uint8_t guard_len;       /* first bytes held until they are not HTTP/TLS */
    uint8_t guard_done;
    uint8_t stopping;        /* the server is stopping: read only stop_left */
    uint8_t in_request;      /* a request is unfinished since request_at */
    uint8_t guard[GUARD_BYTES];
    int fail_errno;          /* why the socket failed, 0 if it did not */
    const listener *l;
    buf out;                 /* replies the socket has not taken yet */
    char *in;                /* input the parser's budget left for next turn */
    uint32_t in_len;
    uint32_t stop_left;      /* bytes received before the stop signal, unread */
    /* Times in the loop's milliseconds, truncated to 32 bits to keep an idle
     * connection small; compared by wrapping difference (ms_since), which
     * holds for spans under 24 days — the longest timeout config allows. */
    uint32_t linger_at;      /* lingering began */
    uint32_t active_at;      /* last complete request, reply or write */
    uint32_t request_at;     /* the unfinished request began */
    uint32_t stalled_at;     /* replies waiting with no write progress since */
    peer_addr peer;
    alignas(max_align_t) unsigned char state_mem[];   /* the parser's state */
};


/* conn_parser: c's protocol state, the parser head first. */
static inline parser *conn_parser(conn *c) { return (parser *)c->state_mem; }
/* now32: the loop's clock as a connection keeps it. */
static inline uint32_t now32(const server *s) { return (uint32_t)loop_now_ms(s->lo); }

/* conn_create: a connection for socket fd of listener l, its parser at
 * its start (whatever greeting it made waiting in s->scratch), entered in
 * the server's tables; NULL if out of memory. */
conn *conn_create(server *s, const listener *l, int fd, const peer_addr *peer);
/* conn_begin: send what c has pending and watch it; frees it if that
 * already closed it. */
void conn_begin(server *s, conn *c);

#endif
