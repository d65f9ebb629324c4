/* http: the metrics unit, an HTTP/1.x request head read for the --metrics
 * listener (docs/protocols.md §8). Its table's role is PROTO_METRICS: it
 * is no protocol koand serves on its own. */
#ifndef KOAN_HTTP_H
#define KOAN_HTTP_H
#include "runtime/proto.h"

/* The longest request head read, request line to blank line: a scraper
 * sends a few hundred bytes; past this many it gets a 431. */
#define HTTP_HEAD_MAX 8192

enum http_method { HTTP_OTHER, HTTP_GET, HTTP_HEAD };

typedef struct http {
    parser h;           /* h.pending counts the bytes of the head so far */
    int cs;
    uint8_t method;     /* enum http_method, known at the request line's SP */
    uint8_t metrics;    /* the target is /metrics (a query allowed) */
} http;

/* http_init: the machine at its start. */
void http_init(http *z);
/* http_feed: run the machine over n bytes; returns bytes consumed: all of
 * them, or those through the byte that decided the reply (then h.done). */
size_t http_feed(http *z, const char *data, size_t n);

/* http_status: the status a complete head earns (200, 404 or 405). */
int http_status(const http *z);
/* http_answer: the reply with this status; the connection then closes. */
void http_answer(http *z, int status);
/* http_reply: the bytes of a reply with this status onto out: headers,
 * then (unless head_only) body, which only a 200 carries; NULL: empty.
 * Shared with the oracle, which decides the status on its own. */
void http_reply(buf *out, int status, int head_only, const buf *body);

extern const proto proto_http;
#endif
