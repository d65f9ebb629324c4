/* zen: the Zen-of-Python question protocol (docs/protocols.md §1). */
#ifndef KOAN_ZEN_H
#define KOAN_ZEN_H
#include "runtime/proto.h"

typedef struct zen {
    parser h;
    int cs;
    uint8_t in_question;   /* a question has begun and not yet ended */
} zen;

/* zen_init: the machine at its start. */
void zen_init(zen *z);
/* zen_feed: run the machine over n bytes; returns bytes consumed: all of
 * them unless the reply budget ran out. */
size_t zen_feed(zen *z, const char *data, size_t n);

/* Hooks the machine calls. Inline: with the reply a literal, its copy
 * compiles to a few moves instead of a call to memcpy. */
static inline void zen_answer(zen *z, const char *reply, size_t len)
{
    buf_put(z->h.out, reply, len);
    z->h.replies++;
    z->h.pending = 0;
    z->in_question = 0;
}

extern const proto proto_zen;
#endif
