/* What the @NAME@ protocol does with a recognized line. */
#include "proto/@NAME@.h"

#include <string.h>

void @NAME@_reply(@NAME@_state *s, const char *r)
{
    buf_put(s->h.out, r, strlen(r));
    s->h.replies++;
}

void @NAME@_quit(@NAME@_state *s)
{
    @NAME@_reply(s, "connection closed\r\n");
    s->h.done = 1;
}

/* The line is answered now; the machine drops the rest of it unread. */
void @NAME@_too_long(@NAME@_state *s)
{
    @NAME@_reply(s, "ERROR. Line too long\r\n");
    s->h.too_long++;
}

static void @NAME@_proto_init(parser *ps) { @NAME@_init((@NAME@_state *)ps); }

static size_t @NAME@_proto_feed(parser *ps, const char *p, size_t n)
{
    return @NAME@_feed((@NAME@_state *)ps, p, n);
}

/* A last line cut by the peer's close is answered as if its LF had come. */
static void @NAME@_proto_finish(parser *ps)
{
    if (ps->pending > 0 && !ps->done)
        @NAME@_feed((@NAME@_state *)ps, "\n", 1);
}

/* Nothing was allocated: the state is all in the struct. */
static void @NAME@_proto_release(parser *ps) { (void)ps; }

/* A command, another, and a line that is none. */
static const char *const @NAME@_samples[] = {"ping\n", "ping \r\n", "hello\n", NULL};

const proto proto_@NAME@ = {
    .name = "@NAME@",
    .port = @PORT@,
    .lines = 1,
    .size = sizeof(@NAME@_state),
    .busy = "ERROR. Server busy\r\n",
    .unfinished = "line",
    .samples = @NAME@_samples,
    /* An empty line earns the longest reply per byte, the 24 bytes of
     * "ERROR. Unknown command\r\n". */
    .out_base = 0,
    .out_per_byte = 24,
    .init = @NAME@_proto_init,
    .feed = @NAME@_proto_feed,
    .finish = @NAME@_proto_finish,
    .release = @NAME@_proto_release,
    /* Between requests a connection holds nothing a live upgrade must take
     * to the new process (calc's mode is what one would): save and restore
     * stay NULL until it does (docs/protocols.md §7.1). */
    .save = NULL,
    .restore = NULL,
};
