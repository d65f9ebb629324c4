/* What the metrics unit answers (docs/protocols.md §8): the figures for
 * GET /metrics, an error status for anything else, and then the end of
 * the connection, as a scraper expects (Connection: close). */
#include "proto/http.h"

#include <stdio.h>

/* The content type of Prometheus' text exposition format, version 0.0.4. */
#define HTTP_METRICS_TYPE "text/plain; version=0.0.4"

static const char *reason_of(int status)
{
    switch (status) {
    case 200: return "OK";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 431: return "Request Header Fields Too Large";
    default: return "Bad Request";
    }
}

void http_reply(buf *out, int status, int head_only, const buf *body)
{
    char head[256];
    const char *reason = reason_of(status);
    /* An error's body is its reason, so a person with curl sees it. */
    size_t len = status == 200 ? (body ? body->len : 0) : strlen(reason) + 1;
    int k = snprintf(head, sizeof head,
                     "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s"
                     "Connection: close\r\n\r\n",
                     status, reason, status == 200 ? HTTP_METRICS_TYPE : "text/plain", len,
                     status == 405 ? "Allow: GET, HEAD\r\n" : "");
    buf_put(out, head, (size_t)k);
    if (head_only)
        return;
    if (status != 200) {
        buf_put(out, reason, len - 1);
        buf_putc(out, '\n');
    } else if (body && body->len) {
        buf_put(out, body->data, body->len);
    }
}

int http_status(const http *z)
{
    if (z->method == HTTP_OTHER)
        return 405;
    return z->metrics ? 200 : 404;
}

void http_answer(http *z, int status)
{
    buf body = {0};
    /* Built now, as the request completes: the figures of this moment;
     * for HEAD too, whose Content-Length is the GET's. */
    if (status == 200 && z->h.report)
        z->h.report(&body);
    http_reply(z->h.out, status, z->method == HTTP_HEAD, &body);
    buf_free(&body);
    z->h.replies++;
    z->h.bad += status != 200;
    z->h.done = 1;
}

static void http_proto_init(parser *ps) { http_init((http *)ps); }

static size_t http_proto_feed(parser *ps, const char *p, size_t n)
{
    return http_feed((http *)ps, p, n);
}

/* A head cut off by the close gets no reply: there is no one to read it. */
static void http_proto_finish(parser *ps) { (void)ps; }
static void http_proto_release(parser *ps) { (void)ps; }

static const char *const http_samples[] = {
    "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/plain\r\n\r\n",
    NULL,
};

const proto proto_http = {
    .name = "http",
    /* The port deploy/prometheus.yml and the docs show for --metrics (in
     * the range Prometheus exporters use): --metrics always names one. */
    .port = 9464,
    .role = PROTO_METRICS,
    .size = sizeof(http),
    .busy = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    .unfinished = "request head",
    .samples = http_samples,
    /* One reply per connection, at most the longest error's; a 200's body
     * comes on top, from the runtime's report (NULL under the harnesses). */
    .out_base = 256,
    .out_per_byte = 0,
    .init = http_proto_init,
    .feed = http_proto_feed,
    .finish = http_proto_finish,
    .release = http_proto_release,
};
