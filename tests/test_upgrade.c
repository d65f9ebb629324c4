/* A live upgrade (SIGUSR2) against a real koand: idle connections move with
 * their protocol state, busy ones finish first, the pid file and systemd's
 * notifications follow the main process, a new binary that cannot start,
 * is not ready in time or dies after taking over leaves the old one
 * serving, a second SIGUSR2 is refused, --workers upgrades worker by
 * worker, and the blocking models and --inetd refuse. The test process is
 * a child subreaper, so a koand an upgrade started is its child too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/lib/clock.h"
#include "tests/lib/koand.h"
#include "tests/lib/rng.h"
#include "tests/lib/session.h"
#include "tests/lib/show.h"
#include "tests/lib/tcp.h"

#define LOOPBACK "127.0.0.1"
#define LIT(s) (s), (sizeof(s) - 1)
#define WELCOME "<welcome: starting in sum mode>\n"
#define TO_PRODUCT "<switching to product mode>\r\n"

static char dir[64];        /* this run's pid files, notify socket, binaries */
static char pidfile[128];

static pid_t pidfile_read(void)
{
    char b[32] = {0};
    int fd = open(pidfile, O_RDONLY);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, b, sizeof b - 1);
    close(fd);
    return n > 0 ? (pid_t)strtol(b, NULL, 10) : 0;
}

/* Wait up to timeout_ms for the pid file to name another pid than old. */
static pid_t pidfile_wait_change(pid_t old, int timeout_ms)
{
    for (int64_t end = now_ms() + timeout_ms; now_ms() < end; sleep_ms(5)) {
        pid_t p = pidfile_read();
        if (p > 0 && p != old)
            return p;
    }
    return 0;
}

/* Reap pid (our child, or an orphan we adopted as subreaper) within
 * timeout_ms; its exit status, -1 if it did not exit or died of a signal. */
static int exit_of(pid_t pid, int timeout_ms)
{
    for (int64_t end = now_ms() + timeout_ms; now_ms() < end; sleep_ms(5)) {
        int st;
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid)
            return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        if (r < 0)
            return -1;
    }
    return -1;
}

/* A datagram socket of our own, as NOTIFY_SOCKET. */
static int notify_open(char *env, size_t len)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s/notify", dir);
    unlink(sa.sun_path);
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    snprintf(env, len, "NOTIFY_SOCKET=%s", sa.sun_path);
    return fd;
}

/* Wait up to timeout_ms for a notification containing want; 1 if one came.
 * What came before it is appended to seen. */
static int notify_wait(int fd, const char *want, char *seen, size_t len, int timeout_ms)
{
    for (int64_t end = now_ms() + timeout_ms; now_ms() < end; sleep_ms(2)) {
        char b[256];
        ssize_t n = recv(fd, b, sizeof b - 1, 0);
        if (n <= 0)
            continue;
        b[n] = 0;
        snprintf(seen + strlen(seen), len - strlen(seen), "[%s]", b);
        if (strstr(b, want))
            return 1;
    }
    return 0;
}

/* Ask, and expect the reply, on an open connection. */
static void ask(int fd, const char *q, const char *want)
{
    assert_int_equal(tcp_send(fd, q, strlen(q), 3000), 0);
    char got[256] = {0};
    size_t n = tcp_read_n(fd, got, strlen(want), 3000);
    if (n != strlen(want) || memcmp(got, want, n) != 0)
        show_diff(q, got, n, want, strlen(want));
    assert_int_equal(n, strlen(want));
    assert_memory_equal(got, want, n);
}

/* A calc connection switched to product mode: the state that must move. */
static int calc_product(int port)
{
    int fd = tcp_dial(LOOPBACK, port);
    assert_true(fd >= 0);
    char w[sizeof WELCOME];
    assert_int_equal(tcp_read_n(fd, w, sizeof WELCOME - 1, 3000), sizeof WELCOME - 1);
    ask(fd, "product\n", TO_PRODUCT);
    return fd;
}

/* koand with a pid file, zen and calc, and whatever else extra says. */
static void start(koand *k, const char *const *extra, const char *const *env)
{
    const char *args[32];
    int n = 0;
    args[n++] = "--pid-file";
    args[n++] = pidfile;
    for (; extra && *extra; extra++)
        args[n++] = *extra;
    args[n++] = "--listen";
    args[n++] = "zen@127.0.0.1:0";
    args[n++] = "--listen";
    args[n++] = "calc@127.0.0.1:0";
    args[n] = NULL;
    assert_int_equal(koand_start(k, args, env, 2), 0);
    for (int i = 0; i < 500 && pidfile_read() == 0; i++)
        sleep_ms(5);
    assert_true(pidfile_read() > 0);
}

/* Stop the koand the pid file names and check it removes the file. */
static void stop_main(pid_t pid)
{
    assert_int_equal(kill(pid, SIGTERM), 0);
    assert_int_equal(exit_of(pid, 10000), 0);
    assert_int_equal(access(pidfile, F_OK), -1);
}

static int setup(void **state)
{
    (void)state;
    /* Orphans -- a koand an upgrade started, once its parent exits --
     * become our children, so we can reap and check them. */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    snprintf(dir, sizeof dir, "/tmp/koan-upgrade-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(pidfile, sizeof pidfile, "%s/koand.pid", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    koand_kill_strays(0);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Idle connections move to the new process with their state; the pid
 * file and systemd's notifications follow; the old process exits 0. */
static void idle_connections_move(void **state)
{
    (void)state;
    char nenv[160], seen[1024] = "";
    int nfd = notify_open(nenv, sizeof nenv);
    const char *env[] = {nenv, NULL};
    koand k;
    start(&k, NULL, env);
    pid_t old = k.pid;
    assert_true(notify_wait(nfd, "READY=1", seen, sizeof seen, 3000));
    enum { N = 10 };
    int zen[N], calc[N];
    for (int i = 0; i < N; i++) {
        zen[i] = tcp_dial(LOOPBACK, koand_port(&k, "zen"));
        assert_true(zen[i] >= 0);
        calc[i] = calc_product(koand_port(&k, "calc"));
    }
    assert_int_equal(kill(old, SIGUSR2), 0);
    pid_t new = pidfile_wait_change(old, 5000);
    assert_true(new > 0);
    assert_int_equal(exit_of(old, 5000), 0);
    koand_forget(&k);
    assert_true(notify_wait(nfd, "RELOADING=1", seen, sizeof seen, 3000) ||
                strstr(seen, "RELOADING=1"));
    char mainpid[64];
    snprintf(mainpid, sizeof mainpid, "MAINPID=%d", (int)new);
    if (!strstr(seen, mainpid) && !notify_wait(nfd, mainpid, seen, sizeof seen, 3000))
        fail_msg("no %s among the notifications %s", mainpid, seen);
    for (int i = 0; i < N; i++) {
        ask(zen[i], "Simple is better than?", "Complex.");
        ask(calc[i], "2,3,7\n", "Product of input integers: '42'\r\n");
        close(zen[i]);
        close(calc[i]);
    }
    assert_true(koand_log_wait(&k, "handed over to pid", 3000));
    stop_main(new);
    close(nfd);
    koand_cleanup(&k);
}

/* A connection in the middle of a request finishes it in the old process,
 * then moves; the old process exits only then. */
static void busy_connection_finishes_first(void **state)
{
    (void)state;
    koand k;
    start(&k, NULL, NULL);
    pid_t old = k.pid;
    int busy = calc_product(koand_port(&k, "calc"));
    assert_int_equal(tcp_send(busy, LIT("6,7"), 3000), 0);
    sleep_ms(50);
    assert_int_equal(kill(old, SIGUSR2), 0);
    pid_t new = pidfile_wait_change(old, 5000);
    assert_true(new > 0);
    /* The half line keeps the old process: it has not exited. */
    sleep_ms(200);
    assert_int_equal(waitpid(old, NULL, WNOHANG), 0);
    ask(busy, "\n", "Product of input integers: '42'\r\n");
    assert_int_equal(exit_of(old, 5000), 0);
    koand_forget(&k);
    /* Answered by the new process now, in the mode it had. */
    ask(busy, "2,5\n", "Product of input integers: '10'\r\n");
    close(busy);
    stop_main(new);
    koand_cleanup(&k);
}

/* Our own copy of koand in dir, started through $B, so that the binary an
 * upgrade starts can be replaced; restores B when done. */
static void own_binary(char *bpath, size_t len)
{
    const char *b = getenv("B");
    char cmd[512];
    snprintf(bpath, len, "%s/bin", dir);
    snprintf(cmd, sizeof cmd, "mkdir -p %s && cp %s/koand %s/koand", bpath, b && *b ? b : "build",
             bpath);
    assert_int_equal(system(cmd), 0);
}

/* Replace dir/bin/koand with a shell script body. */
static void replace_binary(const char *bpath, const char *script)
{
    char path[256], tmp[260];
    snprintf(path, sizeof path, "%s/koand", bpath);
    snprintf(tmp, sizeof tmp, "%s.new", path);
    FILE *f = fopen(tmp, "w");
    assert_non_null(f);
    fprintf(f, "#!/bin/sh\n%s\n", script);
    fclose(f);
    assert_int_equal(chmod(tmp, 0755), 0);
    assert_int_equal(rename(tmp, path), 0);
}

/* A new binary that exits at start, one that never gets ready, and a
 * second SIGUSR2 while one starts: the old process serves on, each time
 * saying why; then a real upgrade still works. */
static void failures_leave_the_old_one_serving(void **state)
{
    (void)state;
    char bpath[128], real[160], script[512];
    own_binary(bpath, sizeof bpath);
    snprintf(real, sizeof real, "%s/koand.real", bpath);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp %s/koand %s", bpath, real);
    assert_int_equal(system(cmd), 0);
    char *saved = getenv("B") ? strdup(getenv("B")) : NULL;
    setenv("B", bpath, 1);
    koand k;
    const char *extra[] = {"--shutdown-timeout", "1", NULL};
    start(&k, extra, NULL);
    pid_t old = k.pid;
    int calc = calc_product(koand_port(&k, "calc"));

    replace_binary(bpath, "exit 3");
    assert_int_equal(kill(old, SIGUSR2), 0);
    assert_true(koand_log_wait(&k, "exited before it was ready", 3000));
    replace_binary(bpath, "exec sleep 30");
    assert_int_equal(kill(old, SIGUSR2), 0);
    sleep_ms(100);
    assert_int_equal(kill(old, SIGUSR2), 0);
    assert_true(koand_log_wait(&k, "this one is refused", 3000));
    assert_true(koand_log_wait(&k, "was not ready in time", 4000));
    /* All the while: the same process, its pid file, its clients. */
    assert_int_equal(pidfile_read(), old);
    ask(calc, "3,4\n", "Product of input integers: '12'\r\n");
    int fresh = tcp_dial(LOOPBACK, koand_port(&k, "zen"));
    assert_true(fresh >= 0);
    ask(fresh, "Beautiful is better than?", "Ugly.");
    close(fresh);

    /* A slow but real one: the upgrade goes through. */
    snprintf(script, sizeof script, "sleep 0.2; exec %s \"$@\"", real);
    replace_binary(bpath, script);
    assert_int_equal(kill(old, SIGUSR2), 0);
    pid_t new = pidfile_wait_change(old, 5000);
    assert_true(new > 0);
    assert_int_equal(exit_of(old, 5000), 0);
    koand_forget(&k);
    ask(calc, "5,5\n", "Product of input integers: '25'\r\n");
    close(calc);
    stop_main(new);
    koand_cleanup(&k);
    if (saved) {
        setenv("B", saved, 1);
        free(saved);
    } else {
        unsetenv("B");
    }
}

/* The new process dies after it took over while the old one still holds a
 * busy connection: the old one serves on, the pid file names it again,
 * and it accepts new clients. */
static void new_process_dies_after_taking_over(void **state)
{
    (void)state;
    koand k;
    start(&k, NULL, NULL);
    pid_t old = k.pid;
    int busy = calc_product(koand_port(&k, "calc"));
    assert_int_equal(tcp_send(busy, LIT("6,"), 3000), 0);
    sleep_ms(50);
    assert_int_equal(kill(old, SIGUSR2), 0);
    pid_t new = pidfile_wait_change(old, 5000);
    assert_true(new > 0);
    assert_int_equal(kill(new, SIGKILL), 0);
    assert_int_equal(exit_of(new, 5000), -1);
    assert_true(koand_log_wait(&k, "died while taking connections", 3000));
    for (int i = 0; i < 500 && pidfile_read() != old; i++)
        sleep_ms(5);
    assert_int_equal(pidfile_read(), old);
    ask(busy, "7\n", "Product of input integers: '42'\r\n");
    int fresh = tcp_dial(LOOPBACK, koand_port(&k, "zen"));
    assert_true(fresh >= 0);
    ask(fresh, "Explicit is better than?", "Implicit.");
    close(fresh);
    close(busy);
    assert_int_equal(koand_stop(&k), 0);
    assert_int_equal(access(pidfile, F_OK), -1);
    koand_cleanup(&k);
}

/* --workers 2: the parent upgrades; each old worker hands its clients to a
 * new one; the old parent exits once its workers have. */
static void workers_upgrade(void **state)
{
    (void)state;
    koand k;
    const char *extra[] = {"--workers", "2", NULL};
    start(&k, extra, NULL);
    pid_t old = k.pid;
    enum { N = 8 };
    int calc[N];
    for (int i = 0; i < N; i++)
        calc[i] = calc_product(koand_port(&k, "calc"));
    assert_int_equal(kill(old, SIGUSR2), 0);
    pid_t new = pidfile_wait_change(old, 5000);
    assert_true(new > 0);
    assert_int_equal(exit_of(old, 8000), 0);
    koand_forget(&k);
    for (int i = 0; i < N; i++) {
        ask(calc[i], "2,2,2\n", "Product of input integers: '8'\r\n");
        close(calc[i]);
    }
    assert_int_equal(koand_log_count(&k, "the workers hand over"), 1);
    stop_main(new);
    koand_cleanup(&k);
}

/* The blocking models and --inetd cannot move a connection: they refuse
 * SIGUSR2 with a log line and serve on. */
static void elsewhere_refused(void **state)
{
    (void)state;
    static const char *const models[] = {"single", "threads", "spawn"};
    for (size_t m = 0; m < sizeof models / sizeof models[0]; m++) {
        koand k;
        const char *extra[] = {"--model", models[m], NULL};
        start(&k, extra, NULL);
        assert_int_equal(kill(k.pid, SIGUSR2), 0);
        assert_true(koand_log_wait(&k, "needs --model async", 3000));
        int fd = tcp_dial(LOOPBACK, koand_port(&k, "zen"));
        assert_true(fd >= 0);
        ask(fd, "Simple is better than?", "Complex.");
        close(fd);
        assert_int_equal(koand_stop(&k), 0);
        koand_cleanup(&k);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(idle_connections_move),
        cmocka_unit_test(busy_connection_finishes_first),
        cmocka_unit_test(failures_leave_the_old_one_serving),
        cmocka_unit_test(new_process_dies_after_taking_over),
        cmocka_unit_test(workers_upgrade),
        cmocka_unit_test(elsewhere_refused),
    };
    return cmocka_run_group_tests_name("live upgrade", tests, setup, teardown);
}
