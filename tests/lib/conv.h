/* conv: run a whole conversation through a protocol's parser, split into
 * chunks by a plan, and compare reply streams (llhttp's test shape). */
#ifndef KOAN_TEST_CONV_H
#define KOAN_TEST_CONV_H
#include <stddef.h>
#include <stdint.h>

#include "runtime/proto.h"

/* conv_parser: a fresh `pr` parser as the runtime sets one up, replying
 * into out. */
parser *conv_parser(const proto *pr, buf *out, uint32_t max_line,
                    uint32_t budget);
/* conv_parser_free: give back a parser of conv_parser. */
void conv_parser_free(const proto *pr, parser *ps);

/* conv_run: feed in[0..n) to a fresh `pr` parser in chunks of `chunk` bytes
 * (0 = whole; SIZE_MAX = random sizes from `seed`), then finish() as the
 * peer's close if `eof`. Returns the replies (malloc'd, NUL-terminated) and
 * their length in *outlen. Each chunk lives in an exact-size heap block
 * freed right after its feed, so a kept pointer into input is caught. */
char *conv_run(const proto *pr, const char *in, size_t n, size_t chunk,
               unsigned seed, int eof, size_t max_line, size_t *outlen);

/* conv_run_offload: conv_run as the runtime feeds a parser when it has a
 * compute pool: ps->offload set, the config's costly_at (0: the protocol's
 * own threshold; 1, the lowest: every request the protocol can call costly
 * is), and once a request turns costly, the calls a pool thread would make
 * (see conv.c); *hops counts those. */
char *conv_run_offload(const proto *pr, const char *in, size_t n, size_t chunk,
                       unsigned seed, int eof, size_t max_line, uint32_t costly_at,
                       size_t *outlen, size_t *hops);

/* conv_expect: run in[0..n) whole, at every chunk size 1..n and at 50
 * random splits, then a few of those again as conv_run_offload at the
 * lowest costly threshold (so every protocol's costly path is run); fail the
 * cmocka test unless every run replies exactly want[0..wn). */
void conv_expect(const proto *pr, const char *in, size_t n,
                 const char *want, size_t wn, int eof, size_t max_line);

/* conv_expect_budget: feed in[0..n) turn after turn under a reply budget
 * of 1, 2 and 3, as the runtime does: each feed gives at most `budget`
 * replies and stops only when it has given them all (or at quit); the
 * replies together must be exactly want[0..wn). */
void conv_expect_budget(const proto *pr, const char *in, size_t n,
                        const char *want, size_t wn, uint32_t max_line);

/* conv_expect_chunks: for inputs too big to try at every chunk size: run
 * in[0..n) at each of the nchunks chunk sizes given (0 = whole) and at 5
 * random splits; fail unless every run replies exactly want[0..wn). */
void conv_expect_chunks(const proto *pr, const char *in, size_t n, const char *want,
                        size_t wn, uint32_t max_line, const size_t *chunks,
                        size_t nchunks);

/* conv_protocols: every protocol of the build (proto/protocols.h), by
 * default port, NULL-terminated. */
const proto *const *conv_protocols(void);
/* conv_nprotocols: how many conv_protocols lists. */
int conv_nprotocols(void);
/* conv_find: the build's protocol named name (the test fails if none). */
const proto *conv_find(const char *name);
/* conv_greeting_len: the bytes pr's parser sends before any request. */
size_t conv_greeting_len(const proto *pr);
/* conv_quits: 1 if a line "quit" ends pr's session (its parser is done). */
int conv_quits(const proto *pr);
/* conv_repeat: `times` requests cycling through reqs (NULL-terminated),
 * concatenated (malloc'd, NUL-terminated); *n their length. */
char *conv_repeat(const char *const *reqs, size_t times, size_t *n);

/* put_rep: append n copies of c. */
void put_rep(buf *b, char c, size_t n);
/* put_str: append a C string. */
void put_str(buf *b, const char *s);

/* CONV: a table row of string literals: input, expected replies. */
#define CONV(pr, in, want) \
    conv_expect((pr), (in), sizeof(in) - 1, (want), sizeof(want) - 1, 1, 65536)

#endif
