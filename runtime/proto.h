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
    uint32_t bad;       /* of `replies`, the ones that say the request was bad */
    uint8_t done;       /* client said quit: consume nothing more */
    uint8_t error;      /* sticky: the input cannot be parsed any further */
    uint8_t offload;    /* set by the runtime: a costly request may leave the loop */
    uint8_t costly;     /* set by the protocol: see below */
    /* When a request turns costly, in the protocol's own units (calc: the
     * digits GMP takes on a line); 0 = the protocol's own threshold. Set
     * with out and max_line, from the server's config, which only tests
     * and fuzzers change, to exercise the pool with small requests. */
    uint32_t costly_at;
    /* Set by the runtime for a unit whose role is PROTO_METRICS: append
     * the server's figures (the body of its reply) to out. NULL in the
     * tests and fuzzers, which then see an empty body. */
    void (*report)(buf *out);
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

/* What a unit is for. A PROTO_SERVE unit is a protocol koand serves (the
 * registry's list, --help, the default listen set, the clients' -P, the
 * generic tests); the PROTO_METRICS unit answers the --metrics listener
 * only (docs/protocols.md §8), and the loops over protocols skip it. */
enum proto_role { PROTO_SERVE, PROTO_METRICS };

typedef struct proto {
    const char *name;         /* as in --listen NAME@HOST:PORT; a C identifier */
    uint16_t port;            /* default port, unique among the protocols */
    uint8_t role;             /* enum proto_role; 0 (a protocol) unless said */
    uint8_t primary;          /* served when no protocol is named (-P) */
    uint8_t lines;            /* framed as lines, bounded by --max-line */
    size_t size;              /* bytes of per-connection state, head included */
    const char *busy;         /* the line a client gets when we are full */
    const char *unfinished;   /* what a partial request is called in logs */
    /* Requests typical of the protocol, NULL-terminated, each complete on
     * its own and none ending the session: koan-bench's preset sends the
     * first; the socket and stress tests pipeline and mix them all. */
    const char *const *samples;
    /* The most reply a conversation can earn: after n bytes consumed, never
     * more than out_base + out_per_byte * n, greeting included, and at most
     * out_per_byte more once the peer closes. The fuzz harnesses hold every
     * parser to it, so one that answers more than it was asked is caught. */
    size_t out_base, out_per_byte;
    /* init: set up state (head zeroed except out, max_line and costly_at)
     * and append any greeting to ps->out. */
    void (*init)(parser *ps);
    /* feed: consume bytes, append replies; returns bytes consumed, which is
     * n unless ps->done, ps->error or ps->costly is set or ps->budget was
     * reached. */
    size_t (*feed)(parser *ps, const char *p, size_t n);
    /* finish: the peer closed; answer what a close completes. */
    void (*finish)(parser *ps);
    /* release: free what init and feed allocated. */
    void (*release)(parser *ps);
    /* save: at a live upgrade, the between-requests state the connection
     * takes to the new process (calc's mode), at most cap bytes into out;
     * returns how many. NULL: nothing to take. Called only between
     * requests, never with a partial one in the parser. */
    size_t (*save)(const parser *ps, uint8_t *out, size_t cap);
    /* restore: in the new process, after init (whose greeting is not
     * sent again), take back what the old one's save wrote. It may come
     * from another build: read it defensively. NULL: nothing to take. */
    void (*restore)(parser *ps, const uint8_t *in, size_t n);
} proto;

#endif
