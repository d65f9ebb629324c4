/* koand started the way inetd starts it: the socket is standard input.
 * nowait: fd 0 is one accepted client (and fds 1 and 2 too, as inetd does
 * it); wait: fd 0 is the listening socket, and koand leaves by itself
 * --linger seconds after its last client. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "tests/daemon.h"

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

/* spawn: run $B/koand with fds 0, 1, 2 set as given and nothing else
 * open, as inetd would; args end with NULL. */
static pid_t spawn(int fd0, int fd1, int fd2, const char *const *args)
{
    const char *b = getenv("B") ? getenv("B") : "build";
    char path[256];
    snprintf(path, sizeof path, "%s/koand", b);
    const char *argv[16] = {"koand"};
    for (int i = 0; args[i] && i < 14; i++)
        argv[i + 1] = args[i];
    pid_t pid = fork();
    if (pid == 0) {
        /* dup first: a source may sit on 0..2 itself. */
        int a = dup(fd0), b1 = dup(fd1), c = dup(fd2);
        dup2(a, 0);
        dup2(b1, 1);
        dup2(c, 2);
        for (int fd = 3; fd < 1024; fd++)
            close(fd);
        execv(path, (char *const *)argv);
        _exit(127);
    }
    return pid;
}

/* reap: wait up to timeout_ms for pid; its exit status, or -1 (killed). */
static int reap(pid_t pid, int timeout_ms)
{
    int st;
    for (long t0 = now_ms(); now_ms() - t0 < timeout_ms; sleep_ms(10))
        if (waitpid(pid, &st, WNOHANG) == pid)
            return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return -1;
}

static int log_file(char *name)
{
    strcpy(name, "/tmp/koand-inetd-XXXXXX");
    return mkstemp(name);
}

static int file_has(const char *name, const char *text)
{
    FILE *f = fopen(name, "r");
    char line[1024];
    int found = 0;
    while (f && !found && fgets(line, sizeof line, f))
        found = strstr(line, text) != NULL;
    if (f)
        fclose(f);
    return found;
}

/* listen_loopback: a listening TCP socket on a free 127.0.0.1 port. */
static int listen_loopback(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t sl = sizeof sa;
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 16) < 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &sl) < 0)
        return -1;
    *port = ntohs(sa.sin_port);
    return fd;
}

/* expect_all: read to the end of stream and compare with want. */
static void expect_all(int fd, const char *want)
{
    char *got;
    int how;
    size_t len = read_until_eof(fd, &got, 5000, &how);
    if (len != strlen(want) || memcmp(got, want, len) != 0)
        fprintf(stderr, "want \"%s\"\n got \"%s\"\n", want, got);
    assert_int_equal(how, 0);
    assert_string_equal(got, want);
    free(got);
}

/* inetd nowait, the socket a socketpair: koand serves one calc session
 * from welcome to quit, then exits 0. */
static void nowait_socketpair(void **state)
{
    (void)state;
    int sv[2];
    char log[32];
    int lfd = log_file(log);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    pid_t pid = spawn(sv[1], null, lfd, (const char *[]){"--inetd", "-P", "calc", NULL});
    close(sv[1]);
    close(null);
    close(lfd);
    const char *in = "1,2\nproduct\n3,4\nquit\n";
    assert_int_equal(send_all(sv[0], in, strlen(in)), 0);
    expect_all(sv[0], "<welcome: starting in sum mode>\n"
                      "Sum of input integers: '3'\r\n"
                      "<switching to product mode>\r\n"
                      "Product of input integers: '12'\r\n"
                      "connection closed\r\n");
    close(sv[0]);
    assert_int_equal(reap(pid, 5000), 0);
    unlink(log);
}

/* inetd nowait over TCP, the accepted socket on fds 0, 1 and 2 exactly as
 * inetd passes it: with -v, not one log byte may reach the client. A
 * half-close still gets every reply. */
static void nowait_tcp_stdio(void **state)
{
    (void)state;
    int port;
    int ls = listen_loopback(&port);
    assert_true(ls >= 0);
    int cfd = dial(port);
    assert_true(cfd >= 0);
    int afd = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    assert_true(afd >= 0);
    close(ls);
    pid_t pid = spawn(afd, afd, afd, (const char *[]){"--inetd", "-P", "echo", "-v", NULL});
    close(afd);
    const char *in = "hello\nit's\nlast line, no newline";
    assert_int_equal(send_all(cfd, in, strlen(in)), 0);
    shutdown(cfd, SHUT_WR);
    expect_all(cfd, "Echoed: 'hello'\r\n"
                    "Echoed: \"it's\"\r\n"
                    "Echoed: 'last line, no newline'\r\n");
    close(cfd);
    assert_int_equal(reap(pid, 5000), 0);
}

/* inetd nowait without -P: an ephemeral port owns no protocol, so zen. An
 * unfinished question is logged with its byte count. */
static void nowait_default_zen(void **state)
{
    (void)state;
    int port;
    char log[32];
    int lfd = log_file(log);
    int ls = listen_loopback(&port);
    int cfd = dial(port);
    int afd = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    assert_true(ls >= 0 && cfd >= 0 && afd >= 0);
    close(ls);
    pid_t pid = spawn(afd, afd, lfd, (const char *[]){"--inetd", NULL});
    close(afd);
    close(lfd);
    const char *in = "Beautiful is better than?Who?Simple is";
    assert_int_equal(send_all(cfd, in, strlen(in)), 0);
    shutdown(cfd, SHUT_WR);
    expect_all(cfd, "Ugly.Error: unknown aphorism.");
    close(cfd);
    assert_int_equal(reap(pid, 5000), 0);
    assert_true(file_has(log, "sent 9 bytes of an unfinished question, then closed"));
    unlink(log);
}

/* ask: one zen question on fd, its answer within 3 s. */
static void ask(int fd, const char *q, const char *a)
{
    char got[64] = {0};
    assert_int_equal(send_all(fd, q, strlen(q)), 0);
    assert_int_equal(read_exact(fd, got, strlen(a), 3000), strlen(a));
    assert_string_equal(got, a);
}

/* inetd wait: fd 0 is the listening socket. koand stays while a client
 * is connected (even idle past --linger), serves two at once, and exits 0
 * about --linger 1 s after the last one leaves. The listener stays with
 * "inetd", so a client arriving later waits in its backlog and the next
 * koand serves it. */
static void wait_linger(void **state)
{
    (void)state;
    int port;
    char log[32];
    int lfd = log_file(log);
    int ls = listen_loopback(&port);
    assert_true(ls >= 0);
    const char *args[] = {"--inetd-wait", "--linger", "1", "-P", "zen", NULL};
    pid_t pid = spawn(ls, ls, lfd, args);
    int a = dial(port);
    assert_true(a >= 0);
    sleep_ms(1500);
    assert_int_equal(waitpid(pid, NULL, WNOHANG), 0);
    ask(a, "Beautiful is better than?", "Ugly.");
    int b = dial(port);
    assert_true(b >= 0);
    ask(b, "Simple is better than?", "Complex.");
    ask(a, "Explicit is better than?", "Implicit.");
    close(a);
    close(b);
    long t0 = now_ms();
    assert_int_equal(reap(pid, 6000), 0);
    long took = now_ms() - t0;
    fprintf(stderr, "koand --inetd-wait --linger 1 exited %ld ms after its last client\n", took);
    assert_true(took >= 700);
    assert_true(took <= 4000);

    int c = dial(port);
    assert_true(c >= 0);
    pid = spawn(ls, ls, lfd, args);
    ask(c, "Explicit is better than?", "Implicit.");
    close(c);
    assert_int_equal(reap(pid, 6000), 0);
    close(ls);
    close(lfd);
    unlink(log);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nowait_socketpair),
        cmocka_unit_test(nowait_tcp_stdio),
        cmocka_unit_test(nowait_default_zen),
        cmocka_unit_test(wait_linger),
    };
    return cmocka_run_group_tests_name("inetd", tests, NULL, NULL);
}
