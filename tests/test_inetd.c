/* koand started the way inetd starts it: the socket is standard input.
 * nowait: fd 0 is one accepted client (and fds 1 and 2 too, as inetd does
 * it); wait: fd 0 is the listening socket, and koand leaves by itself
 * --linger seconds after its last client. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
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

#include "tests/lib/clock.h"
#include "tests/lib/koand.h"
#include "tests/lib/rng.h"
#include "tests/lib/session.h"
#include "tests/lib/show.h"
#include "tests/lib/tcp.h"

/* spawn: run $B/koand with fds 0, 1, 2 set as given and nothing else
 * open, as inetd would; args end with NULL. */
static pid_t spawn(int fd0, int fd1, int fd2, const char *const *args)
{
    spawn_opts o = {.fd = {fd0, fd1, fd2}, .use_fds = 1, .close_all = 1};
    return spawn_koand(&o, args, NULL);
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
    size_t len;
    int how = tcp_read_eof(fd, &got, &len, 5000);
    if (len != strlen(want) || memcmp(got, want, len) != 0)
        fprintf(stderr, "want \"%s\"\n got \"%s\"\n", want, got);
    assert_int_equal(how, TCP_EOF);
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
    assert_int_equal(tcp_send(sv[0], in, strlen(in), 5000), 0);
    expect_all(sv[0], "<welcome: starting in sum mode>\n"
                      "Sum of input integers: '3'\r\n"
                      "<switching to product mode>\r\n"
                      "Product of input integers: '12'\r\n"
                      "connection closed\r\n");
    close(sv[0]);
    assert_int_equal(spawn_reap(pid, 5000, NULL), 0);
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
    int cfd = tcp_dial("127.0.0.1", port);
    assert_true(cfd >= 0);
    int afd = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    assert_true(afd >= 0);
    close(ls);
    pid_t pid = spawn(afd, afd, afd, (const char *[]){"--inetd", "-P", "echo", "-v", NULL});
    close(afd);
    const char *in = "hello\nit's\nlast line, no newline";
    assert_int_equal(tcp_send(cfd, in, strlen(in), 5000), 0);
    shutdown(cfd, SHUT_WR);
    expect_all(cfd, "Echoed: 'hello'\r\n"
                    "Echoed: \"it's\"\r\n"
                    "Echoed: 'last line, no newline'\r\n");
    close(cfd);
    assert_int_equal(spawn_reap(pid, 5000, NULL), 0);
}

/* SIGUSR2 under --inetd: inetd starts koand, so there is nothing to hand
 * over to; koand says so and goes on serving its one client. */
static void nowait_refuses_upgrade(void **state)
{
    (void)state;
    int port;
    char log[32];
    int lfd = log_file(log);
    int ls = listen_loopback(&port);
    int cfd = tcp_dial("127.0.0.1", port);
    int afd = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    assert_true(ls >= 0 && cfd >= 0 && afd >= 0);
    close(ls);
    pid_t pid = spawn(afd, afd, lfd, (const char *[]){"--inetd", NULL});
    close(afd);
    close(lfd);
    for (int i = 0; i < 200 && !file_has(log, "accepted"); i++)
        sleep_ms(10);
    assert_int_equal(kill(pid, SIGUSR2), 0);
    for (int i = 0; i < 300 && !file_has(log, "live upgrade does not apply"); i++)
        sleep_ms(10);
    if (!file_has(log, "--inetd: inetd starts koand, so a live upgrade does not apply")) {
        char cmd[64];
        snprintf(cmd, sizeof cmd, "cat %s >&2", log);
        if (system(cmd) != 0)
            fprintf(stderr, "no log\n");
        fail();
    }
    const char *in = "Simple is better than?";
    assert_int_equal(tcp_send(cfd, in, strlen(in), 5000), 0);
    shutdown(cfd, SHUT_WR);
    expect_all(cfd, "Complex.");
    close(cfd);
    assert_int_equal(spawn_reap(pid, 5000, NULL), 0);
    unlink(log);
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
    int cfd = tcp_dial("127.0.0.1", port);
    int afd = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    assert_true(ls >= 0 && cfd >= 0 && afd >= 0);
    close(ls);
    pid_t pid = spawn(afd, afd, lfd, (const char *[]){"--inetd", NULL});
    close(afd);
    close(lfd);
    /* \x01: a byte no aphorism holds (tests/zen_table.h), so unknown. */
    const char *in = "Beautiful is better than?Who\x01?Simple is";
    assert_int_equal(tcp_send(cfd, in, strlen(in), 5000), 0);
    shutdown(cfd, SHUT_WR);
    expect_all(cfd, "Ugly.Error: unknown aphorism.");
    close(cfd);
    assert_int_equal(spawn_reap(pid, 5000, NULL), 0);
    assert_true(file_has(log, "sent 9 bytes of an unfinished question, then closed"));
    unlink(log);
}

/* ask: one zen question on fd, its answer within 3 s. */
static void ask(int fd, const char *q, const char *a)
{
    char got[64] = {0};
    assert_int_equal(tcp_send(fd, q, strlen(q), 5000), 0);
    assert_int_equal(tcp_read_n(fd, got, strlen(a), 3000), strlen(a));
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
    int a = tcp_dial("127.0.0.1", port);
    assert_true(a >= 0);
    sleep_ms(1500);
    assert_int_equal(waitpid(pid, NULL, WNOHANG), 0);
    ask(a, "Beautiful is better than?", "Ugly.");
    int b = tcp_dial("127.0.0.1", port);
    assert_true(b >= 0);
    ask(b, "Simple is better than?", "Complex.");
    ask(a, "Explicit is better than?", "Implicit.");
    close(a);
    close(b);
    long t0 = now_ms();
    assert_int_equal(spawn_reap(pid, 6000, NULL), 0);
    long took = now_ms() - t0;
    fprintf(stderr, "koand --inetd-wait --linger 1 exited %ld ms after its last client\n", took);
    assert_true(took >= 700);
    /* Timing, so the normal build only. Margin: --linger 1 plus the 250 ms
     * tick; 4 s leaves the rest to a loaded machine. */
    if (!koand_sanitized_build())
        assert_true(took <= 4000);

    int c = tcp_dial("127.0.0.1", port);
    assert_true(c >= 0);
    pid = spawn(ls, ls, lfd, args);
    ask(c, "Explicit is better than?", "Implicit.");
    close(c);
    assert_int_equal(spawn_reap(pid, 6000, NULL), 0);
    close(ls);
    close(lfd);
    unlink(log);
}

/* lines_in_file: how many lines the file holds. */
static int lines_in_file(const char *name)
{
    FILE *f = fopen(name, "r");
    int n = 0, ch;
    while (f && (ch = fgetc(f)) != EOF)
        n += ch == '\n';
    if (f)
        fclose(f);
    return n;
}

/* refused: koand ARGS with fd0 on standard input (standard output to
 * /dev/null, the log to a file) must exit 2 within 3 s, having logged
 * exactly one line, which holds want. */
static void refused(int fd0, const char *what, const char *const *args, const char *want)
{
    char log[32];
    int lfd = log_file(log);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    assert_true(lfd >= 0 && null >= 0);
    pid_t pid = spawn(fd0, null, lfd, args);
    close(null);
    close(lfd);
    int st = spawn_reap(pid, 3000, NULL);
    int lines = lines_in_file(log), found = file_has(log, want);
    if (st != 2 || lines != 1 || !found) {
        fprintf(stderr, "koand %s with %s on fd 0: status %d, %d log lines, want one with \"%s\":\n",
                args[0], what, st, lines, want);
        char cmd[64];
        snprintf(cmd, sizeof cmd, "head -5 %s >&2", log);
        if (system(cmd) != 0)
            fprintf(stderr, "(cannot show the log)\n");
    }
    unlink(log);
    assert_int_equal(st, 2);
    assert_int_equal(lines, 1);
    assert_true(found);
}

/* A connected TCP socket with a byte waiting (so that it polls readable),
 * a regular file, and a bound UDP socket: fds that are no listener. */
static int connected_tcp(int *peer)
{
    int port, ls = listen_loopback(&port);
    *peer = tcp_dial("127.0.0.1", port);
    int afd = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    close(ls);
    tcp_send(*peer, "?", 1, 5000);
    return afd;
}

static int udp_socket(int connect_it)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t sl = sizeof sa;
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &sl) < 0)
        return -1;
    if (connect_it && connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
        return -1;
    return fd;
}

/* --inetd-wait on anything but a listening stream socket: one clear line
 * and status 2 at once; not a loop that wakes forever on a connected
 * socket, nor a silent exit 0 after --linger on a file. */
static void wait_refuses_non_listener(void **state)
{
    (void)state;
    const char *args[] = {"--inetd-wait", "-P", "zen", NULL};
    const char *want = "--inetd-wait: standard input is not a listening socket";
    int peer, fd = connected_tcp(&peer);
    assert_true(fd >= 0 && peer >= 0);
    refused(fd, "a connected TCP socket", args, want);
    close(fd);
    close(peer);

    char name[32];
    fd = log_file(name);
    assert_true(fd >= 0);
    refused(fd, "a regular file", args, want);
    close(fd);
    unlink(name);

    fd = udp_socket(0);
    assert_true(fd >= 0);
    refused(fd, "a UDP socket", args, want);
    close(fd);
}

/* --inetd on anything but a connected stream socket: a listening socket
 * (inetd's wait configured as nowait), a file, a connected UDP socket. */
static void nowait_refuses_non_client(void **state)
{
    (void)state;
    const char *args[] = {"--inetd", "-P", "echo", NULL};
    const char *want = "--inetd: standard input is not a connected stream socket";
    int port, fd = listen_loopback(&port);
    assert_true(fd >= 0);
    refused(fd, "a listening socket", args, want);
    close(fd);

    char name[32];
    fd = log_file(name);
    assert_true(fd >= 0);
    refused(fd, "a regular file", args, want);
    close(fd);
    unlink(name);

    fd = udp_socket(1);
    assert_true(fd >= 0);
    refused(fd, "a connected UDP socket", args, want);
    close(fd);
}

/* gone_client: an accepted TCP socket whose client has already left:
 * reset (SO_LINGER 0, then close) or closed. */
static int gone_client(int reset)
{
    int port, ls = listen_loopback(&port);
    int cfd = tcp_dial("127.0.0.1", port);
    int afd = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    close(ls);
    if (cfd < 0 || afd < 0)
        return -1;
    if (reset) {
        struct linger lg = {1, 0};
        setsockopt(cfd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    }
    close(cfd);
    /* Wait until the reset or the end of stream has reached afd. */
    struct pollfd pf = {.fd = afd, .events = POLLIN};
    poll(&pf, 1, 3000);
    return afd;
}

/* A client that has gone when inetd's koand starts is the client's doing,
 * not a wrong start: one log line, exit 0. One that reset its connection
 * is logged as such in that one line; one that closed may only have
 * half-closed, so it is served as usual (calc's welcome goes out, the end
 * of stream is read) and its close logged as normal. A stream socket
 * that was never connected is still refused with exit 2. */
static void nowait_client_gone(void **state)
{
    (void)state;
    char log[32];
    int lfd = log_file(log);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    int afd = gone_client(1);
    assert_true(lfd >= 0 && null >= 0 && afd >= 0);
    pid_t pid = spawn(afd, null, lfd, (const char *[]){"--inetd", "-P", "calc", NULL});
    close(afd);
    int st = spawn_reap(pid, 5000, NULL);
    if (st != 0 || lines_in_file(log) != 1)
        fprintf(stderr, "koand --inetd with a client that reset: status %d, %d log lines\n", st,
                lines_in_file(log));
    assert_int_equal(st, 0);
    assert_int_equal(lines_in_file(log), 1);
    assert_true(file_has(log, "Connection reset by peer"));
    close(lfd);
    unlink(log);

    lfd = log_file(log);
    afd = gone_client(0);
    assert_true(lfd >= 0 && afd >= 0);
    pid = spawn(afd, null, lfd, (const char *[]){"--inetd", "-P", "calc", NULL});
    close(afd);
    assert_int_equal(spawn_reap(pid, 5000, NULL), 0);
    assert_true(file_has(log, "closed normally"));
    close(lfd);
    unlink(log);
    close(null);

    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    refused(fd, "a TCP socket never connected", (const char *[]){"--inetd", "-P", "zen", NULL},
            "--inetd: standard input is not a connected stream socket");
    close(fd);
}

/* children_of: up to max child pids of pid, from /proc; how many. */
static int children_of(pid_t pid, pid_t *out, int max)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)pid);
    FILE *f = fopen(path, "r");
    int n = 0, c;
    while (f && n < max && fscanf(f, "%d", &c) == 1)
        out[n++] = c;
    if (f)
        fclose(f);
    return n;
}

/* state_of: the one-letter state of pid in /proc ('T' stopped), or 0. */
static char state_of(pid_t pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = 0;
    char *rp = strrchr(buf, ')');
    return rp && rp[1] ? rp[2] : 0;
}

static void stop_and_wait(pid_t pid)
{
    kill(pid, SIGSTOP);
    for (int i = 0; i < 300 && state_of(pid) != 'T'; i++)
        sleep_ms(10);
    assert_int_equal(state_of(pid), 'T');
}

/* wait_workers' processes, killed by its teardown if an assertion left
 * them behind (one of them perhaps stopped). */
static pid_t workers_pids[3];

static int kill_workers(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++) {
        if (workers_pids[i] <= 0)
            continue;
        kill(workers_pids[i], SIGCONT);
        kill(workers_pids[i], SIGKILL);
        waitpid(workers_pids[i], NULL, WNOHANG);
        workers_pids[i] = 0;
    }
    return 0;
}

/* --inetd-wait --workers 2: two processes accept on the one socket from
 * inetd. With either of them stopped, the other still answers a new
 * client, so both accept; both leave after --linger and koand exits 0. */
static void wait_workers(void **state)
{
    (void)state;
    int port;
    char log[32];
    int lfd = log_file(log);
    int ls = listen_loopback(&port);
    assert_true(ls >= 0 && lfd >= 0);
    const char *args[] = {"--inetd-wait", "--workers", "2", "--linger", "1", "-P", "zen", NULL};
    pid_t pid = spawn(ls, ls, lfd, args);
    workers_pids[0] = pid;
    close(lfd);
    pid_t kids[4];
    int n = 0;
    for (int i = 0; i < 300 && (n = children_of(pid, kids, 4)) < 2; i++)
        sleep_ms(10);
    for (int i = 0; i < n && i < 2; i++)
        workers_pids[i + 1] = kids[i];
    if (n != 2)
        fprintf(stderr, "koand --inetd-wait --workers 2 has %d children (status %d)\n", n,
                waitpid(pid, NULL, WNOHANG) == pid ? -2 : 0);
    assert_int_equal(n, 2);
    /* Both are up before either is stopped: each has its loop running. */
    int warm = tcp_dial("127.0.0.1", port);
    ask(warm, "Beautiful is better than?", "Ugly.");
    for (int w = 0; w < 2; w++) {
        stop_and_wait(kids[w]);
        int c = tcp_dial("127.0.0.1", port);
        assert_true(c >= 0);
        ask(c, "Simple is better than?", "Complex.");
        close(c);
        kill(kids[w], SIGCONT);
    }
    close(warm);
    assert_int_equal(spawn_reap(pid, 6000, NULL), 0);
    memset(workers_pids, 0, sizeof workers_pids);
    close(ls);
    unlink(log);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nowait_socketpair),
        cmocka_unit_test(nowait_tcp_stdio),
        cmocka_unit_test(nowait_default_zen),
        cmocka_unit_test(nowait_refuses_upgrade),
        cmocka_unit_test(wait_linger),
        cmocka_unit_test(wait_refuses_non_listener),
        cmocka_unit_test(nowait_refuses_non_client),
        cmocka_unit_test(nowait_client_gone),
        cmocka_unit_test_teardown(wait_workers, kill_workers),
    };
    return cmocka_run_group_tests_name("inetd", tests, NULL, NULL);
}
