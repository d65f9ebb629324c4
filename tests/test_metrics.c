/* The --metrics listener against a real koand (docs/protocols.md §8): its
 * HTTP replies, the counters against the traffic sent, the limits every
 * port has, --workers 2 seen as one server, label escaping, and bad
 * --metrics values refused. tests/prometheus.sh reads the same with the
 * real tools. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "runtime/buf.h"
#include "runtime/metrics.h"
#include "tests/lib/clock.h"
#include "tests/lib/koand.h"
#include "tests/lib/tcp.h"

#define LOOPBACK "127.0.0.1"
#define LIT(s) (s), sizeof(s) - 1
#define GET "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"

/* One request on a connection of its own; the whole reply, to the end of
 * the stream the server closes (malloc'd). */
static char *http(int port, const char *req, size_t n)
{
    int fd = tcp_dial(LOOPBACK, port);
    assert_true(fd >= 0);
    assert_int_equal(tcp_send(fd, req, n, 3000), 0);
    char *got;
    size_t len;
    assert_int_equal(tcp_read_eof(fd, &got, &len, 5000), TCP_EOF);
    close(fd);
    return got;
}

/* The value of the sample written exactly `series` (name and labels),
 * or -1 if the body has none. */
static double value_of(const char *body, const char *series)
{
    size_t k = strlen(series);
    for (const char *p = body; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp(p, series, k) == 0 && p[k] == ' ')
            return strtod(p + k + 1, NULL);
    return -1;
}

/* A scrape's body, its headers checked. */
static char *scrape(int port)
{
    char *r = http(port, LIT(GET));
    assert_non_null(strstr(r, "HTTP/1.1 200 OK\r\n"));
    assert_non_null(strstr(r, "\r\nContent-Type: text/plain; version=0.0.4\r\n"));
    char *body = strstr(r, "\r\n\r\n");
    assert_non_null(body);
    body += 4;
    const char *cl = strstr(r, "Content-Length: ");
    assert_non_null(cl);
    assert_int_equal(strtoul(cl + 16, NULL, 10), strlen(body));
    memmove(r, body, strlen(body) + 1);
    return r;
}

static void start(koand *k, const char *const *extra, int nlisten)
{
    const char *args[32];
    int n = 0;
    args[n++] = "--listen";
    args[n++] = "zen@127.0.0.1:0";
    args[n++] = "--metrics";
    args[n++] = "0";
    for (; extra && *extra; extra++)
        args[n++] = *extra;
    args[n] = NULL;
    assert_int_equal(koand_start(k, args, NULL, nlisten), 0);
}

/* GET and HEAD /metrics, another path, another method, a malformed head:
 * each answered once, then the end of the stream. */
static void http_replies(void **state)
{
    (void)state;
    koand k;
    start(&k, NULL, 2);
    int port = koand_port(&k, "http");
    assert_true(port > 0);
    char *body = scrape(port);
    assert_non_null(strstr(body, "# HELP koan_requests_total "));
    assert_non_null(strstr(body, "# TYPE koan_requests_total counter\n"));
    assert_non_null(strstr(body, "# TYPE koan_request_duration_seconds histogram\n"));
    free(body);

    char *r = http(port, LIT("HEAD /metrics HTTP/1.1\r\n\r\n"));
    char *end = strstr(r, "\r\n\r\n");
    assert_non_null(end);
    assert_string_equal(end, "\r\n\r\n");   /* headers only */
    assert_true(strtoul(strstr(r, "Content-Length: ") + 16, NULL, 10) > 1000);
    free(r);
    r = http(port, LIT("GET /other HTTP/1.1\r\n\r\n"));
    assert_non_null(strstr(r, "HTTP/1.1 404 Not Found\r\n"));
    assert_non_null(strstr(r, "Connection: close\r\n"));
    free(r);
    r = http(port, LIT("POST /metrics HTTP/1.1\r\n\r\n"));
    assert_non_null(strstr(r, "HTTP/1.1 405 Method Not Allowed\r\n"));
    assert_non_null(strstr(r, "Allow: GET, HEAD\r\n"));
    free(r);
    r = http(port, LIT("GET /metrics\r\n\r\n"));
    assert_non_null(strstr(r, "HTTP/1.1 400 Bad Request\r\n"));
    free(r);
    /* Six requests so far: the scrape counts those before it. */
    body = scrape(port);
    assert_int_equal(value_of(body, "koan_requests_total{protocol=\"http\"}"), 5);
    assert_int_equal(value_of(body, "koan_bad_requests_total{protocol=\"http\"}"), 3);
    assert_int_equal(value_of(body, "koan_connections_accepted_total{protocol=\"http\"}"), 6);
    free(body);
    assert_int_equal(koand_stop(&k), 0);
    koand_cleanup(&k);
}

/* The counters match the traffic: answered, bad, bytes, accepted, open by
 * state, the histogram's count. */
static void counts_traffic(void **state)
{
    (void)state;
    koand k;
    start(&k, NULL, 2);
    static const char q[] = "Beautiful is better than?Who?Simple is better than?What??";
    int fd = tcp_dial(LOOPBACK, koand_port(&k, "zen"));
    assert_true(fd >= 0);
    assert_int_equal(tcp_send(fd, LIT(q), 3000), 0);
    static const char want[] = "Ugly.Error: unknown aphorism.Complex.Error: unknown aphorism."
                               "Error: unknown aphorism.";
    char got[sizeof want];
    assert_int_equal(tcp_read_n(fd, got, sizeof want - 1, 3000), sizeof want - 1);
    char *body = scrape(koand_port(&k, "http"));
    assert_int_equal(value_of(body, "koan_requests_total{protocol=\"zen\"}"), 5);
    assert_int_equal(value_of(body, "koan_bad_requests_total{protocol=\"zen\"}"), 3);
    assert_int_equal(value_of(body, "koan_received_bytes_total{protocol=\"zen\"}"), sizeof q - 1);
    assert_int_equal(value_of(body, "koan_sent_bytes_total{protocol=\"zen\"}"), sizeof want - 1);
    assert_int_equal(value_of(body, "koan_connections_accepted_total{protocol=\"zen\"}"), 1);
    assert_int_equal(value_of(body, "koan_connections{protocol=\"zen\",state=\"reading\"}"), 1);
    assert_int_equal(value_of(body, "koan_request_duration_seconds_count{protocol=\"zen\"}"), 5);
    assert_int_equal(value_of(body, "koan_request_duration_seconds_bucket{protocol=\"zen\",le=\"+Inf\"}"), 5);
    assert_true(value_of(body, "koan_request_duration_seconds_bucket{protocol=\"zen\",le=\"1\"}") == 5);
    assert_true(value_of(body, "process_resident_memory_bytes") > 100000);
    assert_true(value_of(body, "process_open_fds") >= 5);
    assert_true(value_of(body, "process_max_fds") > 0);
    assert_true(value_of(body, "process_start_time_seconds") > 1.6e9);
    assert_int_equal(value_of(body, "koan_upgrades_total"), 0);
    free(body);
    close(fd);
    assert_true(koand_log_wait(&k, "closed normally", 3000));
    body = scrape(koand_port(&k, "http"));
    assert_int_equal(value_of(body, "koan_connections{protocol=\"zen\",state=\"reading\"}"), 0);
    /* Gone, not counted as closed: a closed connection is freed at once. */
    assert_int_equal(value_of(body, "koan_connections{protocol=\"zen\",state=\"closed\"}"), 0);
    assert_int_equal(value_of(body, "koan_connections{protocol=\"zen\",state=\"lingering\"}"), 0);
    free(body);
    assert_int_equal(koand_stop(&k), 0);
    koand_cleanup(&k);
}

/* The metrics port has every port's limits: a head left unfinished is cut
 * at --request-timeout (and costs a zen client nothing meanwhile),
 * --max-conns turns a scraper away with a 503, --allow refuses it. */
static void limits(void **state)
{
    (void)state;
    koand k;
    const char *const slow[] = {"--request-timeout", "1", NULL};
    start(&k, slow, 2);
    int port = koand_port(&k, "http");
    int hang = tcp_dial(LOOPBACK, port);
    assert_int_equal(tcp_send(hang, LIT("GET /metr"), 3000), 0);
    int zen = tcp_dial(LOOPBACK, koand_port(&k, "zen"));
    assert_int_equal(tcp_send(zen, LIT("Simple is better than?"), 3000), 0);
    char got[8];
    assert_int_equal(tcp_read_n(zen, got, 8, 1000), 8);
    char *rest;
    size_t len;
    int64_t t0 = now_ms();
    assert_int_equal(tcp_read_eof(hang, &rest, &len, 4000), TCP_EOF);
    assert_int_equal(len, 0);
    assert_true(now_ms() - t0 < 3500);
    free(rest);
    close(hang);
    char *body = scrape(port);
    assert_int_equal(value_of(body, "koan_request_timeout_total"), 1);
    free(body);
    close(zen);
    assert_int_equal(koand_stop(&k), 0);
    koand_cleanup(&k);

    const char *const one[] = {"--max-conns", "1", NULL};
    start(&k, one, 2);
    zen = tcp_dial(LOOPBACK, koand_port(&k, "zen"));
    assert_int_equal(tcp_send(zen, LIT("Simple is better than?"), 3000), 0);
    assert_int_equal(tcp_read_n(zen, got, 8, 1000), 8);
    char *r = http(koand_port(&k, "http"), LIT(GET));
    assert_non_null(strstr(r, "HTTP/1.1 503 Service Unavailable\r\n"));
    free(r);
    close(zen);
    assert_int_equal(koand_stop(&k), 0);
    koand_cleanup(&k);

    const char *const other[] = {"--allow", "10.0.0.0/8", NULL};
    start(&k, other, 2);
    int fd = tcp_dial(LOOPBACK, koand_port(&k, "http"));
    tcp_send(fd, LIT(GET), 3000);
    tcp_read_eof(fd, &rest, &len, 3000);
    assert_int_equal(len, 0);
    free(rest);
    close(fd);
    assert_true(koand_log_wait(&k, "refused a client by --allow/--deny", 3000));
    assert_int_equal(koand_stop(&k), 0);
    koand_cleanup(&k);
}

/* --workers 2: connections spread over both; every scrape, whichever
 * worker takes it, counts all of them. */
static void workers_aggregate(void **state)
{
    (void)state;
    koand k;
    const char *const two[] = {"--workers", "2", NULL};
    start(&k, two, 2);
    enum { N = 40 };
    for (int i = 0; i < N; i++) {
        int fd = tcp_dial(LOOPBACK, koand_port(&k, "zen"));
        assert_true(fd >= 0);
        assert_int_equal(tcp_send(fd, LIT("Explicit is better than?"), 3000), 0);
        char got[9];
        assert_int_equal(tcp_read_n(fd, got, 9, 3000), 9);
        close(fd);
    }
    for (int i = 0; i < 6; i++) {
        char *body = scrape(koand_port(&k, "http"));
        assert_int_equal(value_of(body, "koan_requests_total{protocol=\"zen\"}"), N);
        assert_int_equal(value_of(body, "koan_connections_accepted_total{protocol=\"zen\"}"), N);
        assert_int_equal(value_of(body, "koan_workers"), 2);
        free(body);
    }
    assert_int_equal(koand_stop(&k), 0);
    koand_cleanup(&k);
}

/* Label values: backslash, double quote and line feed escaped, the rest
 * as it is. */
static void label_escaping(void **state)
{
    (void)state;
    buf b = {0};
    metrics_escape(&b, "a\\b\"c\nd\te");
    buf_putc(&b, 0);
    assert_string_equal(b.data, "a\\\\b\\\"c\\nd\te");
    buf_free(&b);
}

/* A bad --metrics is refused with exit status 2 and one line. */
static void bad_values(void **state)
{
    (void)state;
    static const char *const values[] = {"", "x", "127.0.0.1", "65536", "127.0.0.1:",
                                         "[::1]", " 5", "+5", "127.0.0.1:9x", NULL};
    for (const char *const *v = values; *v; v++) {
        const char *args[] = {"--listen", "zen@127.0.0.1:0", "--metrics", *v, NULL};
        char *out, *err;
        int st = koand_run(args, NULL, &out, &err, 5000);
        if (st != 2 || !strstr(err, "--metrics") || strchr(err, '\n') != err + strlen(err) - 1)
            fail_msg("--metrics '%s': exit %d, stderr '%s'", *v, st, err);
        free(out);
        free(err);
    }
    char env[] = "KOAN_METRICS=nonsense:port";
    const char *const envs[] = {env, NULL};
    const char *const args[] = {"--listen", "zen@127.0.0.1:0", NULL};
    char *out, *err;
    assert_int_equal(koand_run(args, envs, &out, &err, 5000), 2);
    assert_non_null(strstr(err, "KOAN_METRICS"));
    free(out);
    free(err);
    /* Where it cannot apply, or on a port another listener takes. */
    static const char *const inetd[] = {"--inetd", "--metrics", "0", NULL};
    static const char *const threads[] = {"--model", "threads", "--metrics", "0", NULL};
    static const char *const clash[] = {"--listen", "zen@127.0.0.1:9999", "--metrics",
                                        "127.0.0.1:9999", NULL};
    static const char *const *const misuse[] = {inetd, threads, clash, NULL};
    for (const char *const *const *a = misuse; *a; a++) {
        int st = koand_run(*a, NULL, &out, &err, 5000);
        if (st != 2 || strchr(err, '\n') != err + strlen(err) - 1)
            fail_msg("%s %s: exit %d, stderr '%s'", (*a)[0], (*a)[1], st, err);
        free(out);
        free(err);
    }
}

static int teardown(void **state)
{
    (void)state;
    koand_kill_strays(0);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(http_replies, teardown),
        cmocka_unit_test_teardown(counts_traffic, teardown),
        cmocka_unit_test_teardown(limits, teardown),
        cmocka_unit_test_teardown(workers_aggregate, teardown),
        cmocka_unit_test(label_escaping),
        cmocka_unit_test(bad_values),
    };
    return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}
