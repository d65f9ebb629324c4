/* proto: the one table through which a protocol plugs into the runtime.
 * The runtime knows no protocol; a protocol knows no socket. */
#ifndef KOAN_PROTO_H
#define KOAN_PROTO_H
#include <stddef.h>
#include <stdint.h>

#include "runtime/buf.h"

/* Every protocol's per-connection state begins with this head, so the
 * runtime can read the outcome of a feed without knowing the protocol. */
typedef struct parser {
    buf *out;           /* replies are appended here; set before each call */
    size_t pending;     /* bytes of an unfinished request (logs, timeouts) */
    uint32_t max_line;  /* line protocols: longest line content accepted */
    uint32_t replies;   /* requests answered since the runtime last reset it */
    uint32_t budget;    /* stop once `replies` reaches this (0 = no limit) */
    uint32_t too_long;  /* lines cut at max_line since the last reset */
    uint8_t done;       /* client said quit: consume nothing more */
    uint8_t error;      /* sticky: the input cannot be parsed any further */
    uint8_t offload;    /* set by the runtime: a costly request may leave the loop */
    uint8_t costly;     /* set by the protocol: see below */
} parser;

/* Costly requests. A protocol whose request turns out to cost far more
 * than its bytes (calc's big arithmetic) may, while ps->offload is set,
 * set ps->costly and stop the feed early, leaving its work undone in its
 * own state. From then on, until the protocol clears ps->costly (when it
 * answers that request), the runtime makes every call for this parser
 * (feed with the rest of the input, or finish) on a pool thread, one at a
 * time, with ps->offload cleared, ps->budget 1 so that the feed stops at
 * the end of that request, and ps->out pointing at a buffer of the job's.
 * Such a call must touch nothing but the parser's state and ps->out. The
 * connection reads nothing meanwhile, so replies stay in order. */

/* parser_spent: this feed has given all the replies its budget allows. */
#define parser_spent(ps) ((ps)->budget && (ps)->replies >= (ps)->budget)

typedef struct proto {
    const char *name;         /* "zen", "calc", "echo" */
    uint16_t port;            /* default port */
    size_t size;              /* bytes of per-connection state, head included */
    const char *busy;         /* the line a client gets when we are full */
    const char *unfinished;   /* what a partial request is called in logs */
    /* init: set up state (head zeroed except out and max_line) and append any
     * greeting to ps->out. */
    void (*init)(parser *ps);
    /* feed: consume bytes, append replies; returns bytes consumed, which is
     * n unless ps->done, ps->error or ps->costly is set or ps->budget was
     * reached. */
    size_t (*feed)(parser *ps, const char *p, size_t n);
    /* finish: the peer closed; answer what a close completes. */
    void (*finish)(parser *ps);
    /* release: free what init and feed allocated. */
    void (*release)(parser *ps);
} proto;

/* proto_find: the protocol named name, or NULL. */
const proto *proto_find(const char *name);
/* proto_all: the NULL-terminated list of every protocol. */
extern const proto *const proto_all[];

#endif
