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

const proto proto_zen = {
    .name = "zen",
    .port = 1060,
    .size = sizeof(zen),
    .busy = "Error: server busy.",
    .unfinished = "question",
    .init = zen_proto_init,
    .feed = zen_proto_feed,
    .finish = zen_proto_finish,
    .release = zen_proto_release,
};
