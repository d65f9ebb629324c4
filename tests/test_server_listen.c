/* koand over sockets: where it listens -- the classic form, the environment, the
 * default, IPv6. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proto/calc.h"
#include "proto/echo.h"
#include "proto/zen.h"
#include "runtime/registry.h"
#include "tests/lib/clock.h"
#include "tests/lib/conv.h"
#include "tests/lib/conv_random.h"
#include "tests/lib/exchange.h"
#include "tests/lib/koand.h"
#include "tests/lib/rng.h"
#include "tests/lib/session.h"
#include "tests/lib/show.h"
#include "tests/lib/tcp.h"
#include "tests/zen_table.h"

/* ---- Where to listen ---------------------------------------------------- */

/* koand [HOST] [-p PORT] [-P PROTOCOL]: one protocol, the classic way. */
static void classic_form(void **state)
{
    (void)state;
    koand k;
    char port[16], want[64];

    int p = tcp_free_port(LOOPBACK);
    assert_true(p > 0);
    snprintf(port, sizeof port, "%d", p);
    const char *full[] = {"127.0.0.1", "-p", port, "-P", "calc", NULL};
    assert_int_equal(koand_start(&k, full, NULL, 1), 0);
    snprintf(want, sizeof want, "listening calc on 127.0.0.1:%d", p);
    assert_int_equal(koand_log_count(&k, want), 1);
    exchange_serves_calc(LOOPBACK, p);
    exchange_stop_clean(&k);

    /* Defaults for the rest: zen, on loopback. */
    p = tcp_free_port(LOOPBACK);
    snprintf(port, sizeof port, "%d", p);
    const char *port_only[] = {"-p", port, NULL};
    assert_int_equal(koand_start(&k, port_only, NULL, 1), 0);
    snprintf(want, sizeof want, "listening zen on 127.0.0.1:%d", p);
    assert_int_equal(koand_log_count(&k, want), 1);
    exchange_serves_zen(LOOPBACK, p);
    exchange_stop_clean(&k);

    const char *long_names[] = {"--protocol", "echo", "--port", "0", NULL};
    assert_int_equal(koand_start(&k, long_names, NULL, 1), 0);
    assert_string_equal(k.ls[0].proto, "echo");
    assert_string_equal(k.ls[0].host, LOOPBACK);
    exchange_serves_echo(LOOPBACK, koand_port(&k, "echo"));
    exchange_stop_clean(&k);
}

/* KOAN_LISTEN and the other environment twins; the command line wins. */
static void environment_form(void **state)
{
    (void)state;
    koand k;
    const char *env3[] = {"KOAN_LISTEN=zen@127.0.0.1:0,calc@127.0.0.1:0,echo@127.0.0.1:0", NULL};
    assert_int_equal(koand_start(&k, NULL, env3, 3), 0);
    exchange_serves_zen(LOOPBACK, koand_port(&k, "zen"));
    exchange_serves_calc(LOOPBACK, koand_port(&k, "calc"));
    exchange_serves_echo(LOOPBACK, koand_port(&k, "echo"));
    exchange_stop_clean(&k);

    /* --listen replaces KOAN_LISTEN rather than adding to it. */
    const char *env1[] = {"KOAN_LISTEN=zen@127.0.0.1:0,calc@127.0.0.1:0", NULL};
    const char *argv1[] = {"--listen", "echo@127.0.0.1:0", NULL};
    assert_int_equal(koand_start(&k, argv1, env1, 1), 0);
    exchange_serves_echo(LOOPBACK, koand_port(&k, "echo"));
    assert_int_equal(koand_log_count(&k, "listening"), 1);
    exchange_stop_clean(&k);

    const char *env_single[] = {"KOAN_PROTOCOL=calc", "KOAN_PORT=0", "KOAN_HOST=127.0.0.1", NULL};
    assert_int_equal(koand_start(&k, NULL, env_single, 1), 0);
    exchange_serves_calc(LOOPBACK, koand_port(&k, "calc"));
    exchange_stop_clean(&k);

    /* KOAN_MAX_LINE acts, and --max-line beats it. */
    const char *env_line[] = {"KOAN_MAX_LINE=4", "KOAN_LISTEN=echo@127.0.0.1:0", NULL};
    assert_int_equal(koand_start(&k, NULL, env_line, 1), 0);
    exchange_converse(LOOPBACK, koand_port(&k, "echo"), LIT("abcd\nabcdefgh\nok\n"), 0, 0,
             LIT(ECHOED("'abcd'") "ERROR. Line too long\r\n" ECHOED("'ok'")), "KOAN_MAX_LINE=4");
    exchange_stop_clean(&k);
    const char *argv_line[] = {"--max-line", "8", NULL};
    assert_int_equal(koand_start(&k, argv_line, env_line, 1), 0);
    exchange_converse(LOOPBACK, koand_port(&k, "echo"), LIT("abcdefgh\n"), 0, 0,
             LIT(ECHOED("'abcdefgh'")), "--max-line 8 over KOAN_MAX_LINE=4");
    exchange_stop_clean(&k);
}

/* koand with no arguments: all three on their default ports on 127.0.0.1.
 * Those ports may be busy here, so the check runs in a network namespace
 * of its own, where they are surely free. Runs in a forked child, which
 * reports by exit status: 0 ok, 77 no namespace to be had, else failed. */
static int plain_converse(int port, const char *in, const char *want)
{
    int fd = tcp_dial(LOOPBACK, port);
    if (fd < 0) {
        fprintf(stderr, "cannot connect to port %d\n", port);
        return 1;
    }
    session s = {.fd = fd, .in = in, .n = strlen(in), .half_close = 1};
    session_run(&s, 1, 5000);
    close(fd);
    int ok = s.end == TCP_EOF && s.got_len == strlen(want) && memcmp(s.got, want, s.got_len) == 0;
    if (!ok)
        show_diff("default port", s.got, s.got_len, want, strlen(want));
    session_free(&s);
    return !ok;
}

static int default_form_child(void)
{
    if (unshare(CLONE_NEWNET) < 0)
        return 77;
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
    if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
        return 77;
    ifr.ifr_flags |= IFF_UP;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
        return 77;
    close(s);
    koand k;
    if (koand_start(&k, NULL, NULL, conv_nprotocols()) < 0)
        return 1;
    int bad = 0;
    /* Each protocol on its own port, answering its first sample. */
    for (const proto *const *pr = conv_protocols(); *pr; pr++) {
        char want[64];
        snprintf(want, sizeof want, "listening %s on 127.0.0.1:%u", (*pr)->name, (*pr)->port);
        if (koand_log_count(&k, want) != 1) {
            fprintf(stderr, "no line \"%s\"\n", want);
            bad = 1;
        }
        size_t wn;
        const char *in = (*pr)->samples[0];
        char *reply = conv_run(*pr, in, strlen(in), 0, 0, 0, 65536, &wn);
        bad |= plain_converse((*pr)->port, in, reply);
        free(reply);
    }
    if (koand_stop(&k) != 0)
        bad = 1;
    koand_cleanup(&k);
    return bad;
}

static void default_form(void **state)
{
    (void)state;
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(default_form_child());
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    if (WEXITSTATUS(st) == 77) {
        print_message("no private network namespace here (unshare); default ports not tried\n");
        skip();
    }
    assert_int_equal(WEXITSTATUS(st), 0);
}

static void ipv6_listener(void **state)
{
    (void)state;
    if (tcp_free_port("::1") <= 0) {
        print_message("no IPv6 loopback here\n");
        skip();
    }
    koand k;
    const char *args[] = {"--listen", "zen@[::1]:0", "--listen", "calc@127.0.0.1:0", NULL};
    assert_int_equal(koand_start(&k, args, NULL, 2), 0);
    assert_string_equal(k.ls[0].host, "::1");
    exchange_serves_zen("::1", koand_port(&k, "zen"));
    exchange_serves_calc(LOOPBACK, koand_port(&k, "calc"));
    /* The client's address is logged in brackets too. */
    assert_true(koand_log_wait(&k, "zen [::1]:", 3000));
    exchange_stop_clean(&k);

    const char *classic[] = {"::1", "-p", "0", "-P", "echo", NULL};
    assert_int_equal(koand_start(&k, classic, NULL, 1), 0);
    exchange_serves_echo("::1", koand_port(&k, "echo"));
    exchange_stop_clean(&k);
}

int main(void)
{
    const struct CMUnitTest own[] = {
        TEST(classic_form),
        TEST(environment_form),
        TEST(default_form),
        TEST(ipv6_listener),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("koand over sockets: where to listen (a server per test)", own, NULL, NULL);
    return failed;
}
