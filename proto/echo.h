/* echo: lines answered with Python's ascii() of their content (docs/protocols.md §3). */
#ifndef KOAN_ECHO_H
#define KOAN_ECHO_H
#include "runtime/proto.h"

typedef struct echo {
    parser h;           /* h.pending counts the current line's bytes */
    int cs;
    uint8_t squote;     /* the line holds a ' */
    uint8_t dquote;     /* the line holds a " */
    uint32_t cap;       /* bytes allocated at `line` */
    unsigned char *line;/* the line's bytes so far, h.pending of them */
} echo;

/* How one line is being rendered: where, between which quotes, and where
 * the last character that is not trailing whitespace ended. */
typedef struct echo_render {
    buf *out;
    char quote;
    size_t keep;
} echo_render;

void echo_init(echo *e);
size_t echo_feed(echo *e, const char *data, size_t n);
/* echo_render_line: render line[0..n) then LF, which the buffer must hold,
 * as ascii() does, into r->out; r->keep says where to cut trailing spaces. */
void echo_render_line(echo_render *r, const unsigned char *line, size_t n);

/* Hooks the machines call. */
/* echo_store: keep one byte of the line; nonzero if it passes max_line. */
int echo_store(echo *e, unsigned char c);
void echo_too_long(echo *e);
void echo_line(echo *e);
void echo_quit(echo *e);
void echo_text(echo_render *r, const unsigned char *s, const unsigned char *end);
void echo_space(echo_render *r, const unsigned char *s, const unsigned char *end);
void echo_bytes(echo_render *r, const unsigned char *s, const unsigned char *end);

extern const proto proto_echo;
#endif
