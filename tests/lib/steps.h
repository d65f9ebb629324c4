/* steps: event sequences run through a real connection of the runtime,
 * in process, over a socketpair, in the shape of mongrel2's state tests
 * (RUN(http_dir, OPEN, REQ_RECV, ...)): after each step, the state the
 * connection must be in and the bytes the client must have received since
 * the step before. tests/test_lifecycle.c holds the sequences.
 *
 * Events: OPEN (accept), BYTES (bytes arrive), PEER_EOF (the peer shuts
 * its write side), STALL / UNSTALL (the client stops / starts reading:
 * writes block, then flush), TIMER (the tick, ms later), DEADLINE (the
 * shutdown deadline's forced tick), SHUTDOWN (the server's stop), RESET
 * (the client closes with replies unread), COMPUTED (the compute pool's
 * job runs). A connection that has closed is gone from the server's table:
 * that is CONN_CLOSED, and the client then reads an end of stream; so it
 * does in CONN_LINGERING, whose write side is shut. */
#ifndef KOAN_TEST_STEPS_H
#define KOAN_TEST_STEPS_H
#include <stddef.h>

#include "runtime/config.h"
#include "runtime/proto.h"

/* The events a step can be (above). */
enum { OPEN, BYTES, PEER_EOF, STALL, UNSTALL, TIMER, DEADLINE, SHUTDOWN, RESET, COMPUTED };
#define ANY (-1)   /* a step whose state is not checked */

typedef struct step {
    int ev;
    const char *arg;   /* BYTES: what arrives */
    long ms;           /* TIMER: how much later */
    int want;          /* the state after it, or ANY */
    const char *out;   /* the bytes received since the step before (NULL: not read) */
} step;

/* The steps, as RUN lists them. */
#define EV(ev, want, out) {ev, NULL, 0, want, out}
#define IN(bytes, want, out) {BYTES, bytes, 0, want, out}
#define AFTER(ms, want, out) {TIMER, NULL, ms, want, out}
#define RUN(pr, ...)                                                        \
    steps_run(&(pr), #__VA_ARGS__, (const step[]){__VA_ARGS__},             \
        sizeof((const step[]){__VA_ARGS__}) / sizeof(step))

/* steps_start: the in-process server the sequences run on (no listener,
 * quiet log), with a compute pool of no threads: its jobs run at COMPUTED.
 * 0, or -1. */
int steps_start(void);
/* steps_config: its configuration, read live by its connections. */
config *steps_config(void);
/* steps_defaults: cmocka setup: the defaults, with --max-output 1024 and
 * every request calc can call costly so (costly_at 1). */
int steps_defaults(void **state);
/* steps_tidy: cmocka teardown: force-close what a failed sequence left. */
int steps_tidy(void **state);
/* steps_run: run steps[0..n) on a fresh connection of pr; `what` names
 * them in a failure message. Asserts (cmocka). */
void steps_run(const proto *pr, const char *what, const step *steps, size_t n);

#endif
