/* The readiness loop's backends: what a wait reports after the process was
 * stopped (SIGSTOP) and continued (SIGCONT) while input arrived. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime/loop.h"

static int fired;

static void on_ready(loop *lo, int fd, void *data, int mask)
{
    (void)lo;
    (void)fd;
    (void)data;
    fired += (mask & LOOP_READ) != 0;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {0, ms * 1000000L};
    nanosleep(&ts, NULL);
}

/* A child waits in loop_once on a socket; it is stopped, a byte arrives,
 * it is continued: the wait must report the byte. Linux fails epoll_wait
 * with EINTR at such a stop even with no signal handler; a wait that then
 * reported nothing would hand the turn to the deadlines first. */
static void stopped_wait_reports_what_arrived(const char *backend)
{
    int sv[2], ready[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        loop *lo = loop_create(64, backend);
        if (!lo || loop_watch(lo, sv[0], LOOP_READ, on_ready, NULL) < 0)
            _exit(2);
        if (write(ready[1], "r", 1) != 1)
            _exit(2);
        loop_once(lo, 3000);
        _exit(fired == 1 ? 0 : 1);
    }
    char b;
    assert_int_equal(read(ready[0], &b, 1), 1);
    sleep_ms(100);   /* in its wait by now */
    kill(pid, SIGSTOP);
    sleep_ms(50);
    assert_int_equal(write(sv[1], "x", 1), 1);
    sleep_ms(50);
    kill(pid, SIGCONT);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    close(sv[0]);
    close(sv[1]);
    close(ready[0]);
    close(ready[1]);
}

static void epoll_after_stop(void **state)
{
    (void)state;
    if (!loop_has_backend("epoll"))
        skip();
    stopped_wait_reports_what_arrived("epoll");
}

static void poll_after_stop(void **state)
{
    (void)state;
    stopped_wait_reports_what_arrived("poll");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(epoll_after_stop),
        cmocka_unit_test(poll_after_stop),
    };
    return cmocka_run_group_tests_name("the loop after a stop", tests, NULL, NULL);
}
