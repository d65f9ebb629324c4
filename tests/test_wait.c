/* The WAITING state in process: real connections of the runtime over
 * socketpairs, with a compute pool of no threads, so that the test says
 * when a costly line's job runs: before or after the client's next move. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "proto/calc.h"
#include "runtime/conn.h"
#include "runtime/log.h"
#include "runtime/pool.h"
#include "runtime/server.h"
#include "runtime/stats.h"
#include "tests/lib/conv.h"

static config cf;
static server srv;

static int setup(void **state)
{
    (void)state;
    char *argv[] = {"test_wait", NULL};
    log_level = LOG_QUIET;
    config_load(&cf, 1, argv);
    if (server_init(&srv, &cf) < 0)
        return -1;
    return server_compute(&srv, 0, 1);
}

static void turn(void)
{
    loop_once(srv.lo, 0);
    server_continue(&srv);
}

static listener calc_listener = {.srv = &srv, .fd = -1, .pr = &proto_calc};

/* A calc connection; *client is the peer's end. */
static conn *open_calc(int *client)
{
    int sv[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
    struct sockaddr_in peer = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    conn *c = conn_open(&srv, &calc_listener, sv[0], (struct sockaddr *)&peer);
    assert_non_null(c);
    *client = sv[1];
    return c;
}

/* Everything the server sent so far on fd, appended to got. */
static void take(int fd, buf *got)
{
    char b[65536];
    ssize_t r;
    while ((r = recv(fd, b, sizeof b, MSG_DONTWAIT)) > 0)
        buf_put(got, b, (size_t)r);
}

static int unread(int fd)
{
    int n = 0;
    ioctl(fd, FIONREAD, &n);
    return n;
}

/* product, a maximal line, then small lines, all at once. */
static void big_input(buf *in)
{
    put_str(in, "product\n");
    for (int i = 0; i < 1070; i++) {
        put_str(in, "123456789012345678901234567890123456789012345678901234567890");
        put_str(in, i + 1 < 1070 ? "," : "\n");
    }
    put_str(in, "2,3\nsum\n2,3\n");
}

/* Run the pool's jobs and turn the loop until no job is left and the
 * client has n bytes (or 10000 turns). */
static void finish_jobs(int fd, buf *got, size_t n)
{
    for (int i = 0; i < 10000 && (pool_jobs(srv.pool) || got->len < n); i++) {
        pool_run_held(srv.pool, 1);
        turn();
        if (fd >= 0)
            take(fd, got);
    }
}

/* While its job waits, the connection reads nothing more and answers
 * nothing after the costly line; then every reply comes, in order, the
 * same as a parser fed whole gives. */
static void waiting_reads_nothing_and_keeps_order(void **state)
{
    (void)state;
    buf in = {0}, got = {0};
    big_input(&in);
    size_t wn;
    char *want = conv_run(&proto_calc, in.data, in.len, 0, 0, 0, 65536, &wn);
    int fd;
    conn *c = open_calc(&fd);
    int sfd = -1;
    for (int i = 0; i < 64; i++)
        if (srv.conns[i] == c)
            sfd = i;
    assert_int_equal(send(fd, in.data, in.len, 0), (ssize_t)in.len);
    for (int i = 0; i < 20; i++)
        turn();
    take(fd, &got);
    assert_int_equal(pool_jobs(srv.pool), 1);
    int left = unread(sfd);
    assert_true(left > 0);
    for (int i = 0; i < 20; i++)
        turn();
    assert_int_equal(unread(sfd), left);
    take(fd, &got);
    /* The welcome and the mode switch only. */
    assert_true(got.len < 100);
    assert_memory_equal(got.data, want, got.len);
    finish_jobs(fd, &got, wn);
    assert_int_equal(got.len, wn);
    assert_memory_equal(got.data, want, wn);
    assert_int_equal(unread(sfd), 0);
    close(fd);
    for (int i = 0; i < 100 && srv.nconns; i++)
        turn();
    assert_int_equal(srv.nconns, 0);
    free(want);
    buf_free(&in);
    buf_free(&got);
}

/* The line ends at the peer's close, unterminated: its finish goes to the
 * pool too, and the reply comes before the end of stream. */
static void costly_last_line_at_close(void **state)
{
    (void)state;
    buf in = {0}, got = {0};
    big_input(&in);
    in.len -= strlen("2,3\nsum\n2,3\n") + 1;   /* no LF after the big line */
    size_t wn;
    char *want = conv_run(&proto_calc, in.data, in.len, 0, 0, 1, 65536, &wn);
    int fd;
    conn *c = open_calc(&fd);
    int sfd = -1;
    for (int i = 0; i < 64; i++)
        if (srv.conns[i] == c)
            sfd = i;
    assert_int_equal(send(fd, in.data, in.len, 0), (ssize_t)in.len);
    for (int i = 0, quiet = 0; i < 10000 && quiet < 10; i++) {
        pool_run_held(srv.pool, 1);
        turn();
        take(fd, &got);
        quiet = pool_jobs(srv.pool) || unread(sfd) ? 0 : quiet + 1;
    }
    assert_int_equal(unread(sfd), 0);
    size_t before = got.len;
    /* All read, the line still open: the close makes the pool finish it. */
    shutdown(fd, SHUT_WR);
    for (int i = 0; i < 20; i++)
        turn();
    assert_int_equal(pool_jobs(srv.pool), 1);
    take(fd, &got);
    assert_int_equal(got.len, before);
    finish_jobs(fd, &got, wn);
    for (int i = 0; i < 100 && srv.nconns; i++)
        turn();
    take(fd, &got);
    assert_int_equal(got.len, wn);
    assert_memory_equal(got.data, want, wn);
    assert_int_equal(recv(fd, (char[1]){0}, 1, MSG_DONTWAIT), 0);   /* end of stream */
    assert_int_equal(srv.nconns, 0);
    close(fd);
    free(want);
    buf_free(&in);
    buf_free(&got);
}

/* Cut while its job is out (the shutdown deadline): the socket closes at
 * once, and the rest goes when the job ends (ASan: no leak, no use after
 * free). */
static void closed_while_computing(void **state)
{
    (void)state;
    buf in = {0};
    big_input(&in);
    int fd;
    conn *c = open_calc(&fd);
    assert_int_equal(send(fd, in.data, in.len, 0), (ssize_t)in.len);
    for (int i = 0; i < 5; i++)
        turn();
    assert_int_equal(pool_jobs(srv.pool), 1);
    conn_tick(&srv, c, loop_now_ms(srv.lo), 1);
    assert_int_equal(srv.nconns, 0);
    buf got = {0};
    take(fd, &got);
    assert_int_equal(recv(fd, (char[1]){0}, 1, MSG_DONTWAIT), 0);
    assert_int_equal(pool_jobs(srv.pool), 1);
    finish_jobs(-1, &got, 0);
    assert_int_equal(pool_jobs(srv.pool), 0);
    close(fd);
    buf_free(&in);
    buf_free(&got);
}

/* Past --compute-queue (1 here) a second costly line waits its turn,
 * counted; both are answered. */
static void queue_cap_waits(void **state)
{
    (void)state;
    buf in = {0}, got[2] = {{0}};
    big_input(&in);
    size_t wn;
    char *want = conv_run(&proto_calc, in.data, in.len, 0, 0, 0, 65536, &wn);
    uint64_t held = stats[ST_COMPUTE_QUEUE];
    int fd[2];
    for (int k = 0; k < 2; k++) {
        open_calc(&fd[k]);
        assert_int_equal(send(fd[k], in.data, in.len, 0), (ssize_t)in.len);
    }
    for (int i = 0; i < 10; i++)
        turn();
    assert_int_equal(pool_jobs(srv.pool), 2);
    assert_int_equal(stats[ST_COMPUTE_QUEUE], held + 1);
    for (int i = 0; i < 20000 && (got[0].len < wn || got[1].len < wn); i++) {
        pool_run_held(srv.pool, 1);
        turn();
        take(fd[0], &got[0]);
        take(fd[1], &got[1]);
    }
    for (int k = 0; k < 2; k++) {
        assert_int_equal(got[k].len, wn);
        assert_memory_equal(got[k].data, want, wn);
        close(fd[k]);
        buf_free(&got[k]);
    }
    for (int i = 0; i < 100 && srv.nconns; i++)
        turn();
    assert_int_equal(srv.nconns, 0);
    free(want);
    buf_free(&in);
}

/* The stop signal while a job is out: what had arrived is answered, then
 * the connection closes on its own. */
static void stop_while_computing(void **state)
{
    (void)state;
    buf in = {0}, got = {0};
    big_input(&in);
    size_t wn;
    char *want = conv_run(&proto_calc, in.data, in.len, 0, 0, 0, 65536, &wn);
    int fd;
    conn *c = open_calc(&fd);
    assert_int_equal(send(fd, in.data, in.len, 0), (ssize_t)in.len);
    for (int i = 0; i < 5; i++)
        turn();
    assert_int_equal(pool_jobs(srv.pool), 1);
    conn_stop(&srv, c);
    finish_jobs(fd, &got, wn);
    shutdown(fd, SHUT_WR);   /* the lingering close waits for our end */
    for (int i = 0; i < 100 && srv.nconns; i++)
        turn();
    take(fd, &got);
    assert_int_equal(got.len, wn);
    assert_memory_equal(got.data, want, wn);
    assert_int_equal(srv.nconns, 0);
    close(fd);
    free(want);
    buf_free(&in);
    buf_free(&got);
}

/* The parse that makes a line costly may also pass --max-output: four
 * lines of 1000-digit sums (inline: under the line's 1024 digits and the
 * turn's 4096), whose replies fill a small socket the client does not
 * read yet, then a fifth, costly by the turn's count, ending the input.
 * Its reply is owed all the same: when the client reads, it comes. */
static void costly_while_blocked(void **state)
{
    (void)state;
    buf in = {0}, got = {0};
    for (int i = 0; i < 5; i++) {
        put_rep(&in, '7', 1000);
        put_str(&in, i < 4 ? ",1\n" : "\n");
    }
    size_t wn;
    char *want = conv_run(&proto_calc, in.data, in.len, 0, 0, 0, 65536, &wn);
    uint32_t max_output = cf.max_output;
    cf.max_output = 1;
    int fd;
    conn *c = open_calc(&fd);
    for (int i = 0; i < 64; i++)
        if (srv.conns[i] == c) {
            int one = 1;
            setsockopt(i, SOL_SOCKET, SO_SNDBUF, &one, sizeof one);
        }
    assert_int_equal(send(fd, in.data, in.len, 0), (ssize_t)in.len);
    for (int i = 0; i < 50; i++) {
        pool_run_held(srv.pool, 1);
        turn();
    }
    for (int i = 0; i < 10000 && got.len < wn; i++) {
        pool_run_held(srv.pool, 1);
        turn();
        take(fd, &got);
    }
    assert_int_equal(got.len, wn);
    assert_memory_equal(got.data, want, wn);
    close(fd);
    for (int i = 0; i < 100 && srv.nconns; i++)
        turn();
    assert_int_equal(srv.nconns, 0);
    cf.max_output = max_output;
    free(want);
    buf_free(&in);
    buf_free(&got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(waiting_reads_nothing_and_keeps_order),
        cmocka_unit_test(costly_last_line_at_close),
        cmocka_unit_test(closed_while_computing),
        cmocka_unit_test(queue_cap_waits),
        cmocka_unit_test(stop_while_computing),
        cmocka_unit_test(costly_while_blocked),
    };
    return cmocka_run_group_tests_name("waiting for the compute pool", tests, setup, NULL);
}
