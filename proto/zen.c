/* What the zen protocol does with a recognized question. */
#include "proto/zen.h"

static void zen_proto_init(parser *ps) { zen_init((zen *)ps); }

static size_t zen_proto_feed(parser *ps, const char *p, size_t n)
{
    return zen_feed((zen *)ps, p, n);
}

/* A question cut off by close gets no answer; the runtime logs its size. */
static void zen_proto_finish(parser *ps) { (void)ps; }
static void zen_proto_release(parser *ps) { (void)ps; }

/* Every aphorism of the grammar (gen/zen_answers.h is drawn from it), a
 * question none of them is, and one after the whitespace a terminal sends. */
#define ANSWER_ROW(q, a) q,
static const char *const zen_samples[] = {
#include "gen/zen_answers.h"
    "Who?",
    " \t\r\nWhat is better than?",
    NULL,
};
#undef ANSWER_ROW

const proto proto_zen = {
    .name = "zen",
    .port = 1060,
    .primary = 1,
    .size = sizeof(zen),
    .busy = "Error: server busy.",
    .unfinished = "question",
    .samples = zen_samples,
    /* "?" alone earns the longest reply, "Error: unknown aphorism.". */
    .out_base = 0,
    .out_per_byte = 24,
    .init = zen_proto_init,
    .feed = zen_proto_feed,
    .finish = zen_proto_finish,
    .release = zen_proto_release,
};
