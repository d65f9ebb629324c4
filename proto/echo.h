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

/* echo_init: the machine at its start state (gen/echo.c). */
void echo_init(echo *e);
/* echo_feed: run the machine over data[0..n); returns the bytes consumed. */
size_t echo_feed(echo *e, const char *data, size_t n);
/* echo_render_line: render line[0..n) then LF, which the buffer must hold,
 * as ascii() does, into r->out; r->keep says where to cut trailing spaces. */
void echo_render_line(echo_render *r, const unsigned char *line, size_t n);

/* Hooks the machines call. */
/* echo_store: keep one byte of the line; nonzero if it passes max_line. */
int echo_store(echo *e, unsigned char c);
/* echo_too_long: reply "Line too long"; the rest of the line is dropped. */
void echo_too_long(echo *e);
/* echo_line: the line is complete: reply its ascii() rendering. */
void echo_line(echo *e);
/* echo_quit: reply "connection closed" and mark the parser done. */
void echo_quit(echo *e);
/* echo_text: render the UTF-8 text s..end, escaped as ascii() does. */
void echo_text(echo_render *r, const unsigned char *s, const unsigned char *end);
/* echo_space: render whitespace s..end; cut if nothing but spaces follows. */
void echo_space(echo_render *r, const unsigned char *s, const unsigned char *end);
/* echo_bytes: render bytes s..end that are no UTF-8 as \xHH escapes. */
void echo_bytes(echo_render *r, const unsigned char *s, const unsigned char *end);

extern const proto proto_echo;
#endif
