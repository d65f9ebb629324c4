/* check: the assertions every parser harness makes about one conversation.
 * No libFuzzer and no cmocka here, so the same code serves the fuzzers and
 * the corpus replay that `make check` runs. */
#ifndef KOAN_FUZZ_CHECK_H
#define KOAN_FUZZ_CHECK_H
#include <stddef.h>
#include <stdint.h>

#include "fuzz/oracle.h"
#include "fuzz/plan.h"
#include "runtime/proto.h"

/* A protocol under test: its table says what may be asserted of it
 * (lines: pending is bounded by max_line; out_base and out_per_byte: the
 * most reply a conversation earns), its oracle what it must answer. */
typedef struct target {
    const proto *pr;
    oracle_fn *oracle;    /* NULL: the protocol has no oracle (yet) */
} target;

/* target_find: the protocol named name and its oracle, from the build's
 * own lists; 0, or -1 if there is no such protocol. */
int target_find(const char *name, target *t);
/* target_nth: the protocol i modulo their number, by default port. */
void target_nth(unsigned i, target *t);

/* What a parser made of a conversation. */
typedef struct run {
    buf out;          /* every reply, greeting included */
    size_t used;      /* bytes consumed before done, error or the end */
    size_t pending;   /* ps->pending after the last feed, before finish */
    int done, error;
} run;

/* check_run: feed in[0..n) to a fresh parser as pl says, each chunk in a
 * malloc block of its exact size freed right after; check the invariants
 * after every feed and, if prefixes, the replies so far against the oracle
 * at some chunk ends. Returns 0, or -1 after printing why. */
int check_run(const target *t, const char *in, size_t n, plan *pl, int prefixes,
              run *r);
/* run_free: release what check_run filled in. */
void run_free(run *r);

/* check_conversation: the whole parser harness for one fuzz input: a plan
 * header, then the conversation. Chunked == whole == oracle, same end.
 * Returns 0, or -1 after printing the input and the difference. */
int check_conversation(const target *t, const uint8_t *data, size_t n);

/* check_same: 0 if a[0..an) == b[0..bn), else print both around the first
 * difference under the names given and return -1. */
int check_same(const char *aname, const char *a, size_t an,
               const char *bname, const char *b, size_t bn);
/* check_show: print s[0..n) escaped, at most max bytes of it. */
void check_show(const char *what, const char *s, size_t n, size_t max);

#endif
