/* A real connection of the runtime, in process, over a socketpair: what it
 * keeps between batches and what it gives back once idle (docs/protocols.md §4: only a
 * connection in the middle of a request owns memory). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "runtime/conn.h"
#include "runtime/log.h"
#include "runtime/server.h"

extern const proto proto_zen;

static config cf;
static server srv;

static int setup(void **state)
{
    (void)state;
    char *argv[] = {"test_conn", NULL};
    log_level = LOG_QUIET;
    config_load(&cf, 1, argv);
    return server_init(&srv, &cf);
}

/* Turns until `want` reply bytes have come back on fd; returns how many did. */
static size_t pump(int fd, char *got, size_t want)
{
    size_t n = 0;
    for (int turn = 0; turn < 1000 && n < want; turn++) {
        loop_once(srv.lo, 0);
        server_continue(&srv);
        ssize_t r = recv(fd, got + n, want - n, MSG_DONTWAIT);
        if (r > 0)
            n += (size_t)r;
    }
    return n;
}

/* 100 pipelined questions take several turns at 16 a turn: the leftover
 * input and the held replies need buffers; they serve the next batch too,
 * and the tick after the connection falls idle gives them back. */
static void idle_connection_keeps_no_buffers(void **state)
{
    (void)state;
    enum { N = 100 };
    static const char q[] = "Beautiful is better than?";
    char in[N * (sizeof q - 1)], got[N * 5 + 1];
    for (int i = 0; i < N; i++)
        memcpy(in + i * (sizeof q - 1), q, sizeof q - 1);
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
    listener l = {.srv = &srv, .fd = -1, .pr = &proto_zen};
    struct sockaddr_in peer = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    conn *c = conn_open(&srv, &l, sv[0], (struct sockaddr *)&peer);
    assert_non_null(c);
    assert_int_equal(conn_buffers(c), 0);
    for (int batch = 0; batch < 2; batch++) {
        assert_int_equal(send(sv[1], in, sizeof in, 0), (ssize_t)sizeof in);
        assert_int_equal(pump(sv[1], got, N * 5), N * 5);
        for (int i = 0; i < N; i++)
            assert_memory_equal(got + i * 5, "Ugly.", 5);
        assert_true(conn_buffers(c) > 0);
    }
    conn_tick(&srv, c, loop_now_ms(srv.lo), 0);
    assert_int_equal(conn_buffers(c), 0);
    /* And it answers as before. */
    assert_int_equal(send(sv[1], in, sizeof in, 0), (ssize_t)sizeof in);
    assert_int_equal(pump(sv[1], got, N * 5), N * 5);
    close(sv[1]);
    for (int turn = 0; turn < 100 && srv.nconns; turn++) {
        loop_once(srv.lo, 0);
        server_continue(&srv);
    }
    assert_int_equal(srv.nconns, 0);
}

static conn *open_zen(int *client)
{
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
    static listener l = {.srv = &srv, .fd = -1, .pr = &proto_zen};
    struct sockaddr_in peer = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    conn *c = conn_open(&srv, &l, sv[0], (struct sockaddr *)&peer);
    assert_non_null(c);
    *client = sv[1];
    return c;
}

/* 1 once the server has shut its side of fd (it closed the connection). */
static int closed_by_server(int fd)
{
    char b[64];
    for (int turn = 0; turn < 10; turn++) {
        loop_once(srv.lo, 0);
        ssize_t r = recv(fd, b, sizeof b, MSG_DONTWAIT);
        if (r == 0)
            return 1;
    }
    return 0;
}

/* The bytes the first-request guard holds ("G": HTTP or not?) are a
 * request begun: the request timeout cuts it, long before the idle one. */
static void guard_bytes_run_the_request_clock(void **state)
{
    (void)state;
    int fd;
    conn *c = open_zen(&fd);
    assert_int_equal(send(fd, "G", 1, 0), 1);
    pump(fd, (char[8]){0}, 1);
    uint64_t late = loop_now_ms(srv.lo) + cf.request_timeout * 1000ull + 10;
    assert_true(late < loop_now_ms(srv.lo) + cf.idle_timeout * 1000ull);
    conn_tick(&srv, c, late, 0);
    assert_true(closed_by_server(fd));
    close(fd);
    for (int turn = 0; turn < 100 && srv.nconns; turn++)
        loop_once(srv.lo, 0);
    assert_int_equal(srv.nconns, 0);
}

/* A deadline is judged on what was read: a request that has reached the
 * socket (after a stall of the whole loop, say) is answered, not cut. */
static void deadlines_wait_for_unread_input(void **state)
{
    (void)state;
    int fd;
    conn *c = open_zen(&fd);
    assert_int_equal(send(fd, "Beautiful is", 12, 0), 12);
    pump(fd, (char[8]){0}, 1);
    assert_int_equal(send(fd, " better than?", 13, 0), 13);   /* not read yet */
    uint64_t late = loop_now_ms(srv.lo) + cf.idle_timeout * 1000ull + 10;
    conn_tick(&srv, c, late, 0);
    char got[8];
    assert_int_equal(pump(fd, got, 5), 5);
    assert_memory_equal(got, "Ugly.", 5);
    /* With nothing unread, the same deadline closes it. */
    assert_int_equal(send(fd, "Who", 3, 0), 3);
    pump(fd, got, 1);
    conn_tick(&srv, c, late + cf.idle_timeout * 1000ull, 0);
    assert_true(closed_by_server(fd));
    close(fd);
    for (int turn = 0; turn < 100 && srv.nconns; turn++)
        loop_once(srv.lo, 0);
    assert_int_equal(srv.nconns, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(idle_connection_keeps_no_buffers),
        cmocka_unit_test(guard_bytes_run_the_request_clock),
        cmocka_unit_test(deadlines_wait_for_unread_input),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
