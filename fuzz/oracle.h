/* oracle: a second implementation of a protocol's request language, written
 * from docs/protocols.md in re2c (grammar/NAME.re, generated into
 * gen/NAME_re.c as oracle_NAME), so that the fuzz harnesses catch the Ragel
 * parser and it disagreeing. make lists the oracles it finds (oracles[]).
 *
 * An oracle is not resumable and keeps no state between calls: it reads one
 * whole conversation, the bytes a client sent from connect to (if eof) its
 * close, and appends every reply the server owes to out, greeting
 * included. It shares no recognition code with the Ragel grammars or
 * proto/: framing, whitespace classes, int() fields, UTF-8 validity and
 * --max-line are decided here again. */
#ifndef KOAN_FUZZ_ORACLE_H
#define KOAN_FUZZ_ORACLE_H
#include <stddef.h>

#include "runtime/buf.h"

/* What became of the conversation besides its replies. */
typedef struct oracle_end {
    size_t used;     /* bytes read: all of them, or through quit's LF */
    size_t pending;  /* bytes of the request left unfinished by the input's
                        end (questions: from their first byte; lines:
                        the whole unterminated last line), before any EOF */
    int done;        /* the client said quit */
} oracle_end;

/* An oracle: the replies to in[0..n) with lines limited to max_line bytes
 * (line protocols), the peer closing after the last byte if eof. */
typedef oracle_end oracle_fn(const char *in, size_t n, int eof, size_t max_line, buf *out);

/* Every protocol's oracle, {NULL, NULL}-terminated; written by make
 * ($(B)/registry/oracles.c) from the grammar/NAME.re it finds. */
typedef struct oracle_entry {
    const char *name;
    oracle_fn *fn;
} oracle_entry;
extern const oracle_entry oracles[];

/* oracle_find: the oracle of the protocol named name, NULL if it has none. */
oracle_fn *oracle_find(const char *name);

/* Line framing for the line protocols' oracles (grammar/lines.re). */

/* A complete line's content s[0..len): kept is its length once trailing
 * whitespace is stripped as str.rstrip() does after UTF-8 decoding; valid
 * says whether all of it is well-formed UTF-8. Returns 1 for quit. */
typedef int oracle_line_fn(void *ctx, const unsigned char *s, size_t len,
                           size_t kept, int valid, buf *out);

/* oracle_lines: frame in[0..n) into LF-terminated lines, answer every line
 * longer than max_line with too_long and hand each other one to fn; a last
 * line without LF is handed over only if eof. */
oracle_end oracle_lines(const char *in, size_t n, int eof, size_t max_line,
                        const char *too_long, buf *out, oracle_line_fn *fn,
                        void *ctx);

#endif
