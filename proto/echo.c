/* What the echo protocol does with a line: answer with its ascii(). */
#include "proto/echo.h"

#include <stdlib.h>

#include "proto/ascii.h"

static void echo_reset(echo *e)
{
    e->h.pending = 0;
    e->squote = e->dquote = 0;
    /* A long line's buffer is given back, so that only a connection in the
     * middle of a line holds more than a small one. */
    if (e->cap > 256) {
        free(e->line);
        e->line = NULL;
        e->cap = 0;
    }
}

/* The line passed --max-line: answer now; the machine drops the rest. */
void echo_too_long(echo *e)
{
    buf_put_lit(e->h.out, "ERROR. Line too long\r\n");
    e->h.replies++;
    e->h.too_long++;
    echo_reset(e);
    e->h.pending = (size_t)e->h.max_line + 1;   /* mid-line until LF */
}

int echo_store(echo *e, unsigned char c)
{
    if (e->h.pending >= e->h.max_line)
        return 1;
    /* One byte more than the content, for the sentinel LF. */
    if (e->h.pending + 2 > e->cap) {
        uint32_t cap = e->cap ? e->cap * 2 : 64;
        while (cap < e->h.pending + 2)
            cap *= 2;
        unsigned char *l = realloc(e->line, cap);
        if (!l)
            abort();
        e->line = l;
        e->cap = cap;
    }
    e->line[e->h.pending++] = c;
    return 0;
}

void echo_line(echo *e)
{
    echo_render r = {e->h.out, (e->squote && !e->dquote) ? '"' : '\'', 0};
    buf_put_lit(r.out, "Echoed: ");
    buf_putc(r.out, r.quote);
    r.keep = r.out->len;
    if (e->h.pending > 0) {
        e->line[e->h.pending] = '\n';
        echo_render_line(&r, e->line, e->h.pending);
    }
    r.out->len = r.keep;
    buf_putc(r.out, r.quote);
    buf_put_lit(r.out, "\r\n");
    e->h.replies++;
    echo_reset(e);
}

void echo_quit(echo *e)
{
    buf_put_lit(e->h.out, "connection closed\r\n");
    e->h.replies++;
    e->h.done = 1;
    echo_reset(e);
}

void echo_text(echo_render *r, const unsigned char *s, const unsigned char *end)
{
    ascii_put(r->out, utf8_decode(s, (size_t)(end - s)), r->quote);
    r->keep = r->out->len;
}

/* Whitespace is written, but `keep` stays behind it: if no text follows,
 * the cut at `keep` is str.rstrip(). */
void echo_space(echo_render *r, const unsigned char *s, const unsigned char *end)
{
    ascii_put(r->out, utf8_decode(s, (size_t)(end - s)), r->quote);
}

void echo_bytes(echo_render *r, const unsigned char *s, const unsigned char *end)
{
    for (; s < end; s++)
        ascii_put_byte(r->out, *s);
    r->keep = r->out->len;
}

static void echo_proto_init(parser *ps) { echo_init((echo *)ps); }

static size_t echo_proto_feed(parser *ps, const char *p, size_t n)
{
    return echo_feed((echo *)ps, p, n);
}

/* A last line cut by the peer's close is answered as if its LF had come. */
static void echo_proto_finish(parser *ps)
{
    echo *e = (echo *)ps;
    if (e->h.pending > 0 && !e->h.done)
        echo_feed(e, "\n", 1);
}

static void echo_proto_release(parser *ps)
{
    echo *e = (echo *)ps;
    free(e->line);
    e->line = NULL;
    e->cap = 0;
}

/* Plain text, UTF-8 and quotes, CR LF, bytes that are not UTF-8, an empty
 * line, a backslash and trailing whitespace. */
static const char *const echo_samples[] = {
    "hello\n", "caf\xc3\xa9 'x'\n", "it's\r\n", "\xff\xfe\n", "\n", "a\\b\t \n",
    NULL,
};

const proto proto_echo = {
    .name = "echo",
    .port = 8081,
    .lines = 1,
    .size = sizeof(echo),
    .busy = "ERROR. Server busy\r\n",
    .unfinished = "line",
    .samples = echo_samples,
    /* An empty line earns "Echoed: ''\r\n", 12 bytes for one; no
     * character's escape is longer than 12 bytes per byte of it. */
    .out_base = 0,
    .out_per_byte = 12,
    .init = echo_proto_init,
    .feed = echo_proto_feed,
    .finish = echo_proto_finish,
    .release = echo_proto_release,
};
