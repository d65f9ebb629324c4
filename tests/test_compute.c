/* Costly calc lines against a real koand: the compute pool answers them
 * byte for byte as calc computes inline, in order, under every model and
 * setting; clients that leave or a stop signal while a line is computed
 * cost nothing. `make check` also runs this program against a koand built
 * with ThreadSanitizer (make check-tsan), so a race between the loop and
 * the pool fails it: every koand log is searched for sanitizer reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proto/calc.h"
#include "tests/lib/conv.h"
#include "tests/lib/clock.h"
#include "tests/lib/koand.h"
#include "tests/lib/rng.h"
#include "tests/lib/session.h"
#include "tests/lib/show.h"
#include "tests/lib/tcp.h"
#include "tests/lib/tidy.h"

#define LOOPBACK "127.0.0.1"

/* Sanitizer runs are slow; every wait here is long enough for them. */
#define WAIT_MS 60000

static void put_number(buf *b, uint64_t *r, size_t n)
{
    buf_putc(b, (char)('1' + rng_below(r, 9)));
    for (size_t i = 1; i < n; i++)
        buf_putc(b, (char)('0' + rng_below(r, 10)));
}

/* A line of k factors of d digits. */
static void put_line(buf *b, uint64_t *r, size_t k, size_t d)
{
    for (size_t i = 0; i < k; i++) {
        if (rng_below(r, 7) == 0)
            buf_putc(b, '-');
        put_number(b, r, d);
        buf_putc(b, i + 1 < k ? ',' : '\n');
    }
}

/* The maximal product line: 1070 factors of 60 digits, 65269 bytes. */
static void put_maximal(buf *b, uint64_t *r)
{
    put_str(b, "product\n");
    put_line(b, r, 1070, 60);
}

/* A conversation of costly lines among cheap ones: big products and sums,
 * a bad line after big fields, an overlong one, small ones between. */
static void put_conversation(buf *b, uint64_t seed, int lines)
{
    uint64_t r = seed;
    for (int l = 0; l < lines; l++) {
        switch (rng_below(&r, 9)) {
        case 0:
            put_maximal(b, &r);
            break;
        case 1:
            put_str(b, rng_below(&r, 2) ? "product\n" : "sum\n");
            break;
        case 2:
            put_line(b, &r, 1 + rng_below(&r, 3), 1000 + rng_below(&r, 20000));
            break;
        case 3:
            put_line(b, &r, 30 + rng_below(&r, 30), 60);
            b->data[b->len - 1] = ',';
            put_str(b, "x\n");
            break;
        case 4:
            put_line(b, &r, 1200, 60);   /* too long */
            break;
        default:
            put_line(b, &r, 1 + rng_below(&r, 5), 1 + rng_below(&r, 30));
        }
    }
}

/* What calc answers to in[0..n), computed in this process, inline. */
static char *expected(const buf *in, size_t *wn)
{
    return conv_run(&proto_calc, in->data, in->len, 0, 0, 1, 65536, wn);
}

static void no_sanitizer_report(const koand *k)
{
    char *log = koand_log(k);
    int bad = log && (strstr(log, "ThreadSanitizer") || strstr(log, "AddressSanitizer") ||
                      strstr(log, "LeakSanitizer") || strstr(log, "runtime error:"));
    if (bad)
        fprintf(stderr, "koand's log:\n%s", log);
    free(log);
    assert_false(bad);
}

static void stop_clean(koand *k)
{
    int st = koand_stop(k);
    no_sanitizer_report(k);
    if (st != 0) {
        char *log = koand_log(k);
        fprintf(stderr, "koand exited %d; its log:\n%s", st, log);
        free(log);
    }
    assert_int_equal(st, 0);
    koand_cleanup(k);
}

/* n sessions at once on port, each a conversation sent in pieces and
 * half-closed; each must get exactly its expected replies and a clean end. */
static void converse_all(int port, int n, uint64_t seed0, int lines)
{
    session *ss = calloc((size_t)n, sizeof *ss);
    buf *in = calloc((size_t)n, sizeof *in);
    for (int i = 0; i < n; i++) {
        put_conversation(&in[i], seed0 + (uint64_t)i, lines);
        ss[i] = (session){.fd = tcp_dial(LOOPBACK, port), .in = in[i].data, .n = in[i].len,
                          .seed = seed0 * 7 + (uint64_t)i, .max_piece = 20000, .half_close = 1};
        assert_true(ss[i].fd >= 0);
    }
    session_run(ss, n, WAIT_MS);
    for (int i = 0; i < n; i++) {
        size_t wn;
        char *want = expected(&in[i], &wn);
        if (ss[i].got_len != wn || memcmp(ss[i].got, want, wn) != 0)
            show_diff("calc with costly lines", ss[i].got, ss[i].got_len, want, wn);
        assert_int_equal(ss[i].got_len, wn);
        assert_memory_equal(ss[i].got, want, wn);
        assert_int_equal(ss[i].end, TCP_EOF);
        free(want);
        close(ss[i].fd);
        session_free(&ss[i]);
        buf_free(&in[i]);
    }
    free(ss);
    free(in);
}

static void start_calc(koand *k, const char *const *extra, const char *const *env)
{
    const char *args[16] = {"--listen", "calc@127.0.0.1:0"};
    int n = 2;
    for (; extra && *extra && n < 15; extra++)
        args[n++] = *extra;
    args[n] = NULL;
    assert_int_equal(koand_start(k, args, env, 1), 0);
}

/* The same conversations get the same bytes whether the pool computes
 * (one thread or two, a queue of one), the loop does (--compute-threads
 * 0), a blocking model does, or two worker processes each with a pool. */
static void alike_under_every_setting(void **state)
{
    (void)state;
    static const char *const settings[][6] = {
        {NULL},
        {"--compute-threads", "2", "--compute-queue", "1", NULL},
        {"--compute-threads", "0", NULL},
        {"--model", "single", NULL},
        {"--model", "threads", "--threads", "2", NULL},
        {"--workers", "2", NULL},
    };
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
        koand k;
        start_calc(&k, settings[i], NULL);
        int port = koand_port(&k, "calc");
        /* One at a time (the single model serves no more), then four. */
        converse_all(port, 1, 100 + i, 12);
        if (strcmp(settings[i][0] ? settings[i][1] : "", "single"))
            converse_all(port, 4, 200 + i * 10, 8);
        stop_clean(&k);
    }
}

/* Sixteen clients at once, every one with costly lines: all answered in
 * order, and the counters say the pool did it. */
static void many_clients_at_once(void **state)
{
    (void)state;
    koand k;
    start_calc(&k, NULL, NULL);
    converse_all(koand_port(&k, "calc"), 16, 1000, 10);
    int before = koand_log_count(&k, "compute_jobs=");
    kill(k.pid, SIGUSR1);
    assert_true(koand_log_wait(&k, "stats:", 5000));
    char *log = koand_log(&k);
    char *at = strstr(log, "compute_jobs=");
    assert_non_null(at);
    assert_true(before == 0 && strtol(at + strlen("compute_jobs="), NULL, 10) > 16);
    free(log);
    stop_clean(&k);
}

/* Clients that send maximal lines and leave at once, some with a reset,
 * while the pool computes for them: the server goes on serving and frees
 * what they held (the sanitizer builds look). */
static void clients_leave_while_computing(void **state)
{
    (void)state;
    koand k;
    start_calc(&k, NULL, NULL);
    int port = koand_port(&k, "calc");
    uint64_t r = 77;
    buf big = {0};
    put_maximal(&big, &r);
    put_line(&big, &r, 1070, 60);
    for (int round = 0; round < 3; round++) {
        int fd[12];
        for (int i = 0; i < 12; i++) {
            fd[i] = tcp_dial(LOOPBACK, port);
            assert_true(fd[i] >= 0);
            assert_int_equal(tcp_send(fd[i], big.data, big.len, WAIT_MS), 0);
        }
        sleep_ms(round * 5);
        for (int i = 0; i < 12; i++) {
            if (i % 3 == 0) {
                struct linger lg = {1, 0};
                setsockopt(fd[i], SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
            }
            close(fd[i]);
        }
    }
    converse_all(port, 2, 5000, 6);
    buf_free(&big);
    stop_clean(&k);
}

/* SIGTERM while lines are computed: every request that had arrived is
 * answered, then each client sees a clean end and koand exits 0. */
static void stop_while_computing(void **state)
{
    (void)state;
    koand k;
    start_calc(&k, NULL, NULL);
    int port = koand_port(&k, "calc");
    enum { N = 6 };
    buf in[N] = {{0}};
    session ss[N];
    for (int i = 0; i < N; i++) {
        uint64_t r = 300 + (uint64_t)i;
        put_maximal(&in[i], &r);
        put_str(&in[i], "2,3\n");
        ss[i] = (session){.fd = tcp_dial(LOOPBACK, port), .in = in[i].data, .n = in[i].len};
        assert_true(ss[i].fd >= 0);
        assert_int_equal(tcp_send(ss[i].fd, in[i].data, in[i].len, WAIT_MS), 0);
    }
    /* Everything sent is in koand's socket buffers (the kernel acked it). */
    for (int i = 0; i < N; i++)
        for (int64_t t = now_ms(); tcp_unacked(ss[i].fd) > 0 && now_ms() - t < WAIT_MS;)
            sleep_ms(1);
    kill(k.pid, SIGTERM);
    for (int i = 0; i < N; i++) {
        char *got;
        size_t gn, wn;
        int end = tcp_read_eof(ss[i].fd, &got, &gn, WAIT_MS);
        char *want = conv_run(&proto_calc, in[i].data, in[i].len, 0, 0, 0, 65536, &wn);
        if (gn != wn || memcmp(got, want, wn) != 0)
            show_diff("stopped while computing", got, gn, want, wn);
        assert_int_equal(gn, wn);
        assert_memory_equal(got, want, wn);
        assert_int_equal(end, TCP_EOF);
        free(got);
        free(want);
        close(ss[i].fd);
        buf_free(&in[i]);
    }
    assert_int_equal(koand_wait(&k, WAIT_MS), 0);
    no_sanitizer_report(&k);
    koand_cleanup(&k);
}

/* The compute threads of pid: its tasks named koand-compute. */
static int threads_of(pid_t pid)
{
    char path[320];
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *d = opendir(path);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char comm[64] = "";
        snprintf(path, sizeof path, "/proc/%d/task/%s/comm", (int)pid, e->d_name);
        FILE *f = fopen(path, "r");
        if (f) {
            n += fgets(comm, sizeof comm, f) && strncmp(comm, "koand-compute", 13) == 0;
            fclose(f);
        }
    }
    if (d)
        closedir(d);
    return n;
}

/* The compute threads start with the first costly line: until then koand
 * has none (a second thread costs every system call something). */
static void threads_start_with_the_first_costly_line(void **state)
{
    (void)state;
    koand k;
    start_calc(&k, (const char *const[]){"--compute-threads", "2", NULL}, NULL);
    int port = koand_port(&k, "calc");
    int fd = tcp_dial(LOOPBACK, port);
    assert_true(fd >= 0);
    static const char small[] = "1,2\n99999999999999999999,1\n";
    assert_int_equal(tcp_send(fd, small, sizeof small - 1, WAIT_MS), 0);
    char got[200];
    size_t want = strlen("<welcome: starting in sum mode>\n") +
                  strlen("Sum of input integers: '3'\r\n") +
                  strlen("Sum of input integers: '100000000000000000000'\r\n");
    assert_int_equal(tcp_read_n(fd, got, want, WAIT_MS), want);
    assert_int_equal(threads_of(k.pid), 0);
    buf big = {0};
    uint64_t r = 5;
    put_maximal(&big, &r);
    assert_int_equal(tcp_send(fd, big.data, big.len, WAIT_MS), 0);
    char *all;
    size_t n;
    shutdown(fd, SHUT_WR);
    assert_int_equal(tcp_read_eof(fd, &all, &n, WAIT_MS), TCP_EOF);
    assert_true(n > 60000);
    /* Each thread names itself once it runs: on a loaded machine the
     * second may not have yet, though the first has answered. */
    int threads = threads_of(k.pid);
    for (int64_t t0 = now_ms(); threads < 2 && now_ms() - t0 < WAIT_MS; sleep_ms(10))
        threads = threads_of(k.pid);
    assert_int_equal(threads, 2);
    free(all);
    close(fd);
    buf_free(&big);
    stop_clean(&k);
}

/* The options: in --help, from the environment, refused when wrong. */
static void compute_options(void **state)
{
    (void)state;
    char *out = NULL, *err = NULL;
    assert_int_equal(koand_run((const char *const[]){"--help", NULL}, NULL, &out, &err, WAIT_MS),
                     0);
    assert_non_null(strstr(out, "--compute-threads N"));
    assert_non_null(strstr(out, "--compute-queue N"));
    free(out);
    free(err);
    static const char *const bad[][3] = {
        {"--compute-threads", "x", NULL}, {"--compute-threads", "-1", NULL},
        {"--compute-queue", "0", NULL}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(koand_run(bad[i], NULL, &out, &err, WAIT_MS), 2);
        assert_non_null(strstr(err, bad[i][0]));
        free(out);
        free(err);
    }
    /* KOAN_COMPUTE_THREADS=0: no pool, the loop computes, the same bytes. */
    koand k;
    start_calc(&k, NULL, (const char *const[]){"KOAN_COMPUTE_THREADS=0", NULL});
    converse_all(koand_port(&k, "calc"), 1, 9000, 6);
    kill(k.pid, SIGUSR1);
    assert_true(koand_log_wait(&k, "stats:", 5000));
    assert_int_equal(koand_log_count(&k, "compute_jobs=0 "), 1);
    stop_clean(&k);
}

#define TEST(f) cmocka_unit_test_teardown(f, tidy_test)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(alike_under_every_setting),
        TEST(many_clients_at_once),
        TEST(clients_leave_while_computing),
        TEST(stop_while_computing),
        TEST(threads_start_with_the_first_costly_line),
        TEST(compute_options),
    };
    return cmocka_run_group_tests_name("costly requests against koand", tests, NULL, NULL);
}
