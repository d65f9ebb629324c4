#include "tests/lib/exchange.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "tests/lib/session.h"
#include "tests/lib/show.h"
#include "tests/lib/tcp.h"
#include "tests/lib/tidy.h"

static koand srv;

koand *exchange_server(void) { return &srv; }

int exchange_start(void **state)
{
    (void)state;
    return koand_start_all(&srv, NULL, NULL);
}

int exchange_tidy(void **state)
{
    (void)state;
    tidy_after(srv.pid);
    return 0;
}

int exchange_stop(void **state)
{
    (void)state;
    int st = koand_stop(&srv);
    if (st != 0) {
        char *log = koand_log(&srv);
        fprintf(stderr, "the shared koand exited %d; its log:\n%s", st, log);
        free(log);
    }
    koand_cleanup(&srv);
    return st == 0 ? 0 : -1;
}

const char *exchange_label(const char *proto, const char *in, size_t n)
{
    static char label[128];
    char e[96];
    snprintf(label, sizeof label, "%s <- \"%s%s\"", proto,
             show_escape(in, n < 40 ? n : 40, e, sizeof e), n > 40 ? "..." : "");
    return label;
}

void exchange_check(const char *label, const char *got, size_t gn, int end, const char *want,
                    size_t wn)
{
    int same = gn == wn && memcmp(got, want, wn) == 0;
    if (!same)
        show_diff(label, got, gn, want, wn);
    if (end != TCP_EOF)
        fprintf(stderr, "%s: the stream ended by %s, not a clean end of stream\n", label,
                tcp_end_name(end));
    assert_true(same);
    assert_int_equal(end, TCP_EOF);
}

void exchange_converse(const char *host, int port, const char *in, size_t n, uint64_t seed,
                       size_t max_piece, const char *want, size_t wn, const char *label)
{
    int fd = tcp_dial(host, port);
    assert_true(fd >= 0);
    session s = {.fd = fd, .in = in, .n = n, .seed = seed, .max_piece = max_piece,
                 .max_pause_ms = 1, .half_close = 1};
    session_run(&s, 1, 10000);
    close(fd);
    exchange_check(label, s.got, s.got_len, s.end, want, wn);
    assert_int_equal(s.send_errno, 0);
    session_free(&s);
}

void exchange_shared(const char *proto, const char *in, size_t n, const char *want, size_t wn)
{
    int port = koand_port(&srv, proto);
    const char *label = exchange_label(proto, in, n);
    exchange_converse(LOOPBACK, port, in, n, 0, 0, want, wn, label);
    exchange_converse(LOOPBACK, port, in, n, 0x5eed + n, 1, want, wn, label);
}

void exchange_serves_zen(const char *host, int port)
{
    exchange_converse(host, port, LIT("Beautiful is better than?"), 0, 0, LIT("Ugly."), "zen");
}

void exchange_serves_calc(const char *host, int port)
{
    exchange_converse(host, port, LIT("1,2\n"), 0, 0, LIT(WELCOME SUM("3")), "calc");
}

void exchange_serves_echo(const char *host, int port)
{
    exchange_converse(host, port, LIT("x\n"), 0, 0, LIT(ECHOED("'x'")), "echo");
}

void exchange_stop_clean(koand *k)
{
    assert_int_equal(koand_stop(k), 0);
    koand_cleanup(k);
}
