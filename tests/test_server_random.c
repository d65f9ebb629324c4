/* koand over sockets: random conversations (tests/lib/conv_random.h) on every
 * protocol, every model and backend, compared with the parser fed them whole. */
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

/* ---- Random conversations ------------------------------------------------- */

/* Keep a failing conversation, so it can be replayed by hand. */
static void save_input(const char *proto, uint64_t seed, const char *in, size_t n)
{
    char path[96];
    snprintf(path, sizeof path, "/tmp/koan-conv-%s-%llu.bin", proto, (unsigned long long)seed);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(in, 1, n, f);
        fclose(f);
        fprintf(stderr, "  the conversation is in %s\n", path);
    }
}

/* Random conversations on every protocol at once against server k, each
 * sent in random pieces with small pauses and a half-close right after
 * the last byte, compared byte for byte with the parser fed it whole. */
static void run_random(koand *k, const uint64_t *seeds, size_t nseeds, size_t max_line,
                       size_t longest)
{
    const proto *const *all = conv_protocols();
    size_t np = (size_t)conv_nprotocols(), nc = nseeds * np;
    session *ss = calloc(nc, sizeof *ss);
    text *ins = calloc(nc, sizeof *ins);
    char **wants = calloc(nc, sizeof *wants);
    size_t *wns = calloc(nc, sizeof *wns);
    assert_true(ss && ins && wants && wns);
    for (size_t i = 0; i < nc; i++) {
        const proto *pr = all[i % np];
        const char *proto = pr->name;
        uint64_t r = seeds[i / np] * 1000 + i % np;
        size_t size = rng_below(&r, 8) == 0 ? 20000 + rng_below(&r, 60000) : rng_below(&r, 6000);
        conv_random(&ins[i], pr, &r, size, longest, rng_below(&r, 4) == 0);
        wants[i] = conv_run(pr, ins[i].p, ins[i].n, 0, 0, 1, max_line, &wns[i]);
        int fd = tcp_dial(LOOPBACK, koand_port(k, proto));
        assert_true(fd >= 0);
        ss[i] = (session){.fd = fd, .in = ins[i].p, .n = ins[i].n, .seed = rng_next(&r) | 1,
                          .max_piece = 4096, .max_pause_ms = 3, .half_close = 1};
    }
    session_run(ss, (int)nc, 20000);
    int failed = 0;
    for (size_t i = 0; i < nc; i++) {
        const char *proto = all[i % np]->name;
        int same = ss[i].got_len == wns[i] && memcmp(ss[i].got, wants[i], wns[i]) == 0;
        if (!same || ss[i].end != TCP_EOF || ss[i].send_errno) {
            char label[96];
            snprintf(label, sizeof label, "%s conversation, seed %llu (%zu bytes in %zu writes)",
                     proto, (unsigned long long)seeds[i / np], ins[i].n, ss[i].pieces);
            show_diff(label, ss[i].got, ss[i].got_len, wants[i], wns[i]);
            fprintf(stderr, "  ended by %s; send error %s\n", tcp_end_name(ss[i].end),
                    ss[i].send_errno ? strerror(ss[i].send_errno) : "none");
            save_input(proto, seeds[i / np], ins[i].p, ins[i].n);
            failed++;
        }
        close(ss[i].fd);
        session_free(&ss[i]);
        free(ins[i].p);
        free(wants[i]);
    }
    free(ss);
    free(ins);
    free(wants);
    free(wns);
    assert_int_equal(failed, 0);
}

static void random_conversations(void **state)
{
    (void)state;
    static const uint64_t seeds[] = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233};
    run_random(exchange_server(), seeds, sizeof seeds / sizeof seeds[0], 65536, 200);
}

/* The same with a small --max-line and lines well past it. */
static void random_conversations_short_lines(void **state)
{
    (void)state;
    koand k;
    const char *const extra[] = {"--max-line", "40", NULL};
    assert_int_equal(koand_start(&k, koand_listen_all(extra), NULL, koand_nlisten_all()), 0);
    static const uint64_t seeds[] = {377, 610, 987, 1597, 2584, 4181};
    run_random(&k, seeds, sizeof seeds / sizeof seeds[0], 40, 300);
    exchange_stop_clean(&k);
}

/* ---- The other models ------------------------------------------------------ */

/* --model single, threads and spawn, the blocking teaching servers, are
 * built on the same parsers: the same bytes back, also for random
 * conversations in random pieces (the single one serves them in turn). */
static void every_model_and_backend_answers_alike(void **state)
{
    (void)state;
    /* The rest of this file runs the default: async on epoll, one worker. */
    static const char *const variants[][2] = {
        {"--model", "single"}, {"--model", "threads"}, {"--model", "spawn"},
        {"--backend", "poll"}, {"--backend", "epoll"}, {"--workers", "2"},
    };
    for (int m = 0; m < 6; m++) {
        koand k;
        const char *const extra[] = {variants[m][0], variants[m][1], NULL};
        assert_int_equal(koand_start(&k, koand_listen_all(extra), NULL, koand_nlisten_all()), 0);
        exchange_converse(LOOPBACK, koand_port(&k, "zen"),
                 LIT(" Beautiful is better than?Simple is better than?Who" ZEN_ALIEN "?x"), 0, 0,
                 LIT("Ugly.Complex." UNKNOWN), variants[m][1]);
        exchange_converse(LOOPBACK, koand_port(&k, "calc"), LIT("1,2\nproduct\n99999999999,-3\n4,5"), 9,
                 1, LIT(WELCOME SUM("3") TO_PRODUCT PRODUCT("-299999999997") PRODUCT("20")),
                 variants[m][1]);
        exchange_converse(LOOPBACK, koand_port(&k, "echo"), LIT("it's\n\xff\xc3\xa9\nquit\nmore\n"), 0, 0,
                 LIT(ECHOED("\"it's\"") ECHOED("'\\xff\\xe9'") CLOSED), variants[m][1]);
        static const uint64_t seeds[] = {7, 11, 17};
        run_random(&k, seeds, 3, 65536, 200);
        assert_int_equal(koand_stop(&k), 0);
        koand_cleanup(&k);
    }
}

int main(void)
{
    const struct CMUnitTest shared[] = {
        TEST(random_conversations),
    };
    const struct CMUnitTest own[] = {
        TEST(random_conversations_short_lines),
        TEST(every_model_and_backend_answers_alike),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("koand over sockets: random conversations (one shared server)", shared,
                                          exchange_start, exchange_stop);
    failed += cmocka_run_group_tests_name("koand over sockets: random conversations (a server per test)", own, NULL, NULL);
    return failed;
}
