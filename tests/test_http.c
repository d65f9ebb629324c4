/* The metrics unit's parser (docs/protocols.md §8): every row of
 * tests/rows/http.rows whole, at every chunk size and at random splits,
 * with the peer's close at the end (tests/lib/rows.c); then the head's bound,
 * the counters the runtime reads, and the report hook. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto/http.h"
#include "tests/lib/conv.h"
#include "tests/lib/rows.h"

#define H431 "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain\r\n" \
             "Content-Length: 32\r\nConnection: close\r\n\r\n"
#define E431 H431 "Request Header Fields Too Large\n"
#define OK "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: 0\r\n" \
           "Connection: close\r\n\r\n"

/* A head of exactly `total` bytes: the request line, one long field, the
 * blank line. */
static void head_of(buf *b, size_t total, const char *method)
{
    b->len = 0;
    put_str(b, method);
    put_str(b, " /metrics HTTP/1.1\r\nX: ");
    put_rep(b, 'a', total - b->len - 4);
    put_str(b, "\r\n\r\n");
    assert_int_equal(b->len, total);
}

/* HTTP_HEAD_MAX bytes are read; the byte past them earns a 431, even
 * when it would have completed the head. */
static void head_bound(void **state)
{
    (void)state;
    static const size_t chunks[] = {0, 1, 7, 4096, 8191, 8192, 8193};
    buf b = {0};
    head_of(&b, HTTP_HEAD_MAX, "GET");
    conv_expect_chunks(&proto_http, b.data, b.len, OK, sizeof OK - 1, 65536, chunks, 7);
    head_of(&b, HTTP_HEAD_MAX + 1, "GET");
    conv_expect_chunks(&proto_http, b.data, b.len, E431, sizeof E431 - 1, 65536, chunks, 7);
    head_of(&b, HTTP_HEAD_MAX + 1, "HEAD");
    conv_expect_chunks(&proto_http, b.data, b.len, H431, sizeof H431 - 1, 65536, chunks, 7);
    /* A head that never ends: the reply comes at the byte past the bound. */
    b.len = 0;
    put_str(&b, "GET /metrics HTTP/1.1\r\n");
    put_rep(&b, 'X', 3 * HTTP_HEAD_MAX);
    conv_expect_chunks(&proto_http, b.data, b.len, E431, sizeof E431 - 1, 65536, chunks, 7);
    buf_free(&b);
}

static void append_body(buf *out) { put_str(out, "koan_up 1\n"); }

/* The runtime's report is the body of a GET's 200, and only of that; the
 * head counts as pending until the reply; an error counts as bad. */
static void report_and_counters(void **state)
{
    (void)state;
    static const char get[] = "GET /metrics HTTP/1.1\r\n\r\n";
    buf out = {0};
    parser *ps = conv_parser(&proto_http, &out, 65536, 0);
    ps->report = append_body;
    assert_int_equal(proto_http.feed(ps, get, 10), 10);
    assert_int_equal(ps->pending, 10);
    assert_int_equal(ps->replies, 0);
    assert_int_equal(proto_http.feed(ps, get + 10, sizeof get - 1 - 10), sizeof get - 1 - 10);
    buf_putc(&out, 0);
    out.len--;
    assert_true(ps->done);
    assert_int_equal(ps->replies, 1);
    assert_int_equal(ps->bad, 0);
    assert_non_null(strstr(out.data, "Content-Length: 10\r\n"));
    assert_memory_equal(out.data + out.len - 10, "koan_up 1\n", 10);
    conv_parser_free(&proto_http, ps);

    static const char headreq[] = "HEAD /metrics HTTP/1.1\r\n\r\n";
    buf_free(&out);
    ps = conv_parser(&proto_http, &out, 65536, 0);
    ps->report = append_body;
    proto_http.feed(ps, headreq, sizeof headreq - 1);
    buf_putc(&out, 0);
    out.len--;
    /* The GET's headers, its Content-Length too, and no body. */
    assert_non_null(strstr(out.data, "Content-Length: 10\r\n"));
    assert_memory_equal(out.data + out.len - 4, "\r\n\r\n", 4);
    assert_null(strstr(out.data, "koan_up"));
    conv_parser_free(&proto_http, ps);

    static const char bad[] = "GET /metrics HTTP/1.1\r\nno colon\r\n\r\n";
    buf_free(&out);
    ps = conv_parser(&proto_http, &out, 65536, 0);
    ps->report = append_body;
    /* Consumed through the byte that decided: the SP of "no colon". */
    assert_int_equal(proto_http.feed(ps, bad, sizeof bad - 1), strlen("GET /metrics HTTP/1.1\r\nno "));
    assert_int_equal(ps->bad, 1);
    assert_true(ps->done);
    buf_putc(&out, 0);
    assert_null(strstr(out.data, "koan_up"));
    conv_parser_free(&proto_http, ps);
    buf_free(&out);
}

/* Its table keeps it off the protocol loops: it answers --metrics only. */
static void role(void **state)
{
    (void)state;
    assert_int_equal(proto_http.role, PROTO_METRICS);
    for (const proto *const *p = conv_protocols(); *p; p++)
        assert_ptr_not_equal(*p, &proto_http);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(head_bound),
        cmocka_unit_test(report_and_counters),
        cmocka_unit_test(role),
    };
    int failed = rows_run(&proto_http, "tests/rows/http.rows", "http parser: tests/rows/http.rows");
    return failed + cmocka_run_group_tests_name("http parser", tests, NULL, NULL);
}
