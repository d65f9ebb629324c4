/* @NAME@: a line protocol (written by make protocol; see grammar/@NAME@.rl
 * and, for what every protocol must keep, docs/protocols.md). */
#ifndef KOAN_@UPPER@_H
#define KOAN_@UPPER@_H
#include "runtime/proto.h"

/* One connection's state: the parser head the runtime reads, then the
 * machine's. Keep it small: every idle connection holds one. */
typedef struct @NAME@_state {
    parser h;           /* h.pending counts the current line's bytes */
    int cs;
} @NAME@_state;

/* @NAME@_init: the machine at its start. */
void @NAME@_init(@NAME@_state *s);
/* @NAME@_feed: run the machine over n bytes; returns bytes consumed: all
 * of them unless the session ended (quit) or the reply budget ran out. */
size_t @NAME@_feed(@NAME@_state *s, const char *data, size_t n);

/* Hooks the machine calls. */
/* @NAME@_reply: answer the line just ended with the reply r. */
void @NAME@_reply(@NAME@_state *s, const char *r);
/* @NAME@_quit: answer quit and end the session. */
void @NAME@_quit(@NAME@_state *s);
/* @NAME@_too_long: answer a line that passed --max-line. */
void @NAME@_too_long(@NAME@_state *s);

extern const proto proto_@NAME@;
#endif
