/* garbage: random binary requests on every protocol, answered exactly as
 * the protocol's parser answers them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/buf.h"
#include "tests/lib/conv.h"
#include "tests/lib/clock.h"
#include "tests/stress/pctl.h"
#include "tests/stress/engines.h"
#include "tests/stress/facts.h"
#include "tests/lib/koand.h"
#include "tests/lib/proc.h"
#include "tests/stress/net.h"
#include "tests/stress/report.h"
#include "tests/stress/scenarios.h"

/* 1 if a fresh parser of p answers line[0..n) with one reply, consuming
 * it all, and goes on: a random request that would end the session (calc
 * and echo's "quit") or earn no reply is drawn again. */
static int one_reply(const pfacts *f, const char *line, size_t n)
{
    buf out = {0};
    parser *ps = conv_parser(f->pr, &out, FACTS_MAX_LINE, 0);
    size_t used = f->pr->feed(ps, line, n);
    int ok = used == n && ps->replies == 1 && !ps->done && !ps->error && !ps->pending;
    conv_parser_free(f->pr, ps);
    buf_free(&out);
    return ok;
}

/* One connection's bytes: a harmless first request (the protocol's own,
 * so the HTTP/TLS guard never sees random bytes first), then lines-1
 * requests of up to 120 random bytes but the terminator, each ended by
 * it. *exp gets what p's parser answers to them all followed by the
 * client's close, *replies how many replies that is. */
static char *garbage_build(int p, int lines, uint64_t *seed, size_t *n, char **exp, size_t *el,
                           int *replies)
{
    const pfacts *f = &facts[p];
    buf in = {0}, out = {0};
    parser *ps = conv_parser(f->pr, &out, FACTS_MAX_LINE, 0);
    buf_put(&in, f->req, f->req_len);
    f->pr->feed(ps, f->req, f->req_len);
    char line[128];
    /* A protocol that answers no random request at all stops the drawing:
     * it is then short of replies, and the scenario says so. */
    for (int l = 1, misses = 0; l < lines && !ps->done && !ps->error && misses < 1000;) {
        size_t len = rng_next(seed) % 121;
        for (size_t j = 0; j < len; j++) {
            do
                line[j] = (char)rng_next(seed);
            while (line[j] == f->term);
        }
        line[len] = f->term;
        if (!one_reply(f, line, len + 1)) {
            misses++;
            continue;
        }
        misses = 0;
        buf_put(&in, line, len + 1);
        f->pr->feed(ps, line, len + 1);
        l++;
    }
    if (!ps->done && !ps->error)
        f->pr->finish(ps);
    *replies = (int)ps->replies;
    conv_parser_free(f->pr, ps);
    *exp = out.data;
    *el = out.len;
    *n = in.len;
    return in.data;
}

void sc_garbage(void)
{
    const char *name = "garbage";
    report r = {.ok = 1};
    koand k;
    if (koand_start_all(&k, NULL, "-q", NULL) < 0) {
        report_not_started(name, &r);
        return;
    }
    enum { PER = 20, LINES = 500 };
    int n = nproto * PER;
    uint64_t seed = 0x9a7ba9eULL;
    sconn *c = calloc((size_t)n, sizeof *c);
    char **bufs = calloc((size_t)n, sizeof *bufs), **exps = calloc((size_t)n, sizeof *exps);
    size_t *el = calloc((size_t)n, sizeof *el);
    int *replies = calloc((size_t)n, sizeof *replies);
    for (int i = 0; i < n; i++) {
        size_t len;
        bufs[i] = garbage_build(i / PER, LINES, &seed, &len, &exps[i], &el[i], &replies[i]);
        c[i] = (sconn){.fd = tcp_open(k.ls[i / PER].port, NULL, 0, 1),
                       .out = bufs[i],
                       .out_len = len,
                       .wchunk = 1 + rng_next(&seed) % 1500,
                       .shut_after = 1,
                       .in_cap = el[i] + 64};
        c[i].in = malloc(c[i].in_cap);
    }
    double t = now_s();
    stream_run(c, n, 60);
    double took = now_s() - t;
    int good[FACTS_MAX] = {0};
    char bad[200] = "";
    for (int i = 0; i < n; i++) {
        int p = i / PER;
        int ok = c[i].end == 1 && c[i].in_len == c[i].in_total && c[i].in_total == el[i] &&
                 memcmp(c[i].in, exps[i], el[i]) == 0;
        if (ok && replies[i] == LINES)
            good[p]++;
        else if (!bad[0])
            snprintf(bad, sizeof bad,
                     " (first bad: %s #%d: %zu of %zu reply bytes (%d replies), end %d %s)",
                     facts[p].name, i % PER, c[i].in_total, el[i], replies[i], c[i].end,
                     err_name(c[i].err));
        close(c[i].fd);
        free(c[i].in);
        free(bufs[i]);
        free(exps[i]);
    }
    char each[400];
    size_t w = 0;
    int all = 1;
    for (int p = 0; p < nproto; p++) {
        all &= good[p] == PER;
        w += (size_t)snprintf(each + w, sizeof each - w, "%s%d/%d %s", p ? ", " : "", good[p], PER,
                              facts[p].name);
        if (w >= sizeof each)
            break;
    }
    report_add(&r, all,
               "%d random binary requests over %d connections on each protocol: one reply per "
               "terminated request, as its parser gives, on %s connections, then a clean end of "
               "stream, in %.2f s%s",
               PER * LINES, PER, each, took, bad);
    report_add(&r, !koand_reap(&k) && fresh_served(&k), "koand still serves a fresh client");
    free(c);
    free(bufs);
    free(exps);
    free(el);
    free(replies);
    report_finish(name, &r, &k);
}
