#include "fuzz/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHOW_MAX 4096   /* bytes of input printed with a failure */
#define AROUND 80       /* bytes of context around a difference */

void check_show(const char *what, const char *s, size_t n, size_t max)
{
    fprintf(stderr, "  %s (%zu bytes): \"", what, n);
    for (size_t i = 0; i < n && i < max; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            fputc(c, stderr);
        else
            fprintf(stderr, "\\x%02x", c);
    }
    fputs(n > max ? "\"...\n" : "\"\n", stderr);
}

int check_same(const char *aname, const char *a, size_t an,
               const char *bname, const char *b, size_t bn)
{
    size_t i = 0;
    while (i < an && i < bn && a[i] == b[i])
        i++;
    if (i == an && i == bn)
        return 0;
    size_t from = i > AROUND ? i - AROUND : 0;
    fprintf(stderr, "  %s and %s differ at byte %zu (lengths %zu, %zu); from byte %zu:\n",
            aname, bname, i, an, bn, from);
    check_show(aname, a + from, an - from, 2 * AROUND);
    check_show(bname, b + from, bn - from, 2 * AROUND);
    return -1;
}

/* Feed one chunk, resuming as the runtime does when a budget stops the
 * parser, and check the invariants after every call. before: bytes fed
 * ahead of this chunk. Returns bytes consumed, or -1 after printing why. */
static long feed_chunk(const target *t, parser *ps, const plan *pl,
                       const char *piece, size_t k, size_t before)
{
    const char *name = t->pr->name;
    size_t at = 0;
    while (at < k) {
        ps->budget = pl->budget;
        ps->replies = 0;
        size_t used = t->pr->feed(ps, piece + at, k - at);
        if (used > k - at) {
            fprintf(stderr, "%s: feed consumed %zu of %zu bytes\n", name, used, k - at);
            return -1;
        }
        at += used;
        size_t total = before + at;
        if (pl->budget && ps->replies > pl->budget) {
            fprintf(stderr, "%s: %u replies in one feed with a budget of %u (at byte %zu)\n",
                    name, ps->replies, pl->budget, total);
            return -1;
        }
        if (t->pr->lines ? ps->pending > (size_t)ps->max_line + 1 : ps->pending > total) {
            fprintf(stderr, "%s: pending %zu after %zu bytes, max_line %u\n", name,
                    ps->pending, total, ps->max_line);
            return -1;
        }
        if (ps->out->len > t->pr->out_base + t->pr->out_per_byte * total) {
            fprintf(stderr, "%s: %zu reply bytes for %zu input bytes\n", name,
                    ps->out->len, total);
            return -1;
        }
        if (ps->error) {
            fprintf(stderr, "%s: error set at byte %zu; docs/protocols.md §4 defines a reply for any byte\n",
                    name, total);
            return -1;
        }
        if (ps->done)
            break;
        /* Short of the chunk is allowed only when the budget ran out, and
         * then a reply must have been made, or the runtime would spin. */
        if (at < k && !(pl->budget && ps->replies == pl->budget)) {
            fprintf(stderr, "%s: feed consumed %zu of %zu bytes: not done, no error, "
                    "%u replies of a budget of %u\n", name, used, used + (k - at),
                    ps->replies, pl->budget);
            return -1;
        }
    }
    return (long)at;
}

int check_run(const target *t, const char *in, size_t n, plan *pl, int prefixes,
              run *r)
{
    memset(r, 0, sizeof *r);
    parser *ps = calloc(1, t->pr->size);
    if (!ps)
        abort();
    ps->out = &r->out;
    ps->max_line = pl->max_line;
    t->pr->init(ps);
    int status = 0;
    size_t off = 0, chunks = 0, sample = 1;
    while (off < n && !ps->done) {
        size_t k = plan_next(pl, n - off);
        char *piece = malloc(k);
        if (!piece)
            abort();
        memcpy(piece, in + off, k);
        long at = feed_chunk(t, ps, pl, piece, k, off);
        free(piece);
        if (at < 0) {
            status = -1;
            break;
        }
        off += (size_t)at;
        /* Replies are due as soon as their request is complete, not when
         * more input comes: compare with the oracle at chunk ends 1, 2, 4,
         * ... (every one would make long inputs quadratic). */
        if (prefixes && t->oracle && ++chunks == sample && off < n && !ps->done) {
            sample *= 2;
            buf o = {0};
            t->oracle(in, off, 0, pl->max_line, &o);
            if (check_same("oracle", o.data, o.len, "ragel", r->out.data, r->out.len) < 0) {
                fprintf(stderr, "%s: replies differ after the first %zu bytes (no EOF yet)\n",
                        t->pr->name, off);
                status = -1;
            }
            buf_free(&o);
            if (status < 0)
                break;
        }
    }
    r->used = off;
    r->pending = ps->pending;
    r->done = ps->done;
    r->error = ps->error;
    if (status == 0 && pl->eof && !ps->done) {
        /* The runtime lifts the budget at the peer's close. */
        ps->budget = 0;
        ps->replies = 0;
        t->pr->finish(ps);
        r->done = ps->done;
        if (ps->out->len > t->pr->out_base + t->pr->out_per_byte * (n + 1)) {
            fprintf(stderr, "%s: %zu reply bytes for %zu input bytes after EOF\n",
                    t->pr->name, ps->out->len, n);
            status = -1;
        }
    }
    t->pr->release(ps);
    free(ps);
    return status;
}

void run_free(run *r) { buf_free(&r->out); }

/* The pending count the parser should show, from the oracle's account. */
static size_t want_pending(const target *t, const oracle_end *e, size_t max_line)
{
    if (!t->pr->lines)
        return e->pending;
    /* A line cut at --max-line stays pending at max_line + 1 until its LF. */
    return e->pending > max_line ? max_line + 1 : e->pending;
}

static int check_ends(const target *t, const run *w, const run *c, const oracle_end *e,
                      size_t max_line)
{
    if (w->done != e->done || c->done != e->done) {
        fprintf(stderr, "  done: oracle %d, whole %d, chunked %d\n", e->done, w->done, c->done);
        return -1;
    }
    if (w->used != e->used || c->used != e->used) {
        fprintf(stderr, "  bytes consumed: oracle %zu, whole %zu, chunked %zu\n", e->used,
                w->used, c->used);
        return -1;
    }
    size_t want = want_pending(t, e, max_line);
    if (!e->done && (w->pending != want || c->pending != want)) {
        fprintf(stderr, "  pending at the end: oracle %zu, whole %zu, chunked %zu\n", want,
                w->pending, c->pending);
        return -1;
    }
    return 0;
}

int check_conversation(const target *t, const uint8_t *data, size_t n)
{
    plan pl;
    plan_read(&pl, &data, &n, PLAN_HEADER);
    const char *in = (const char *)data;
    plan whole = plan_whole(&pl);
    run w, c;
    buf o = {0};
    int status = check_run(t, in, n, &whole, 0, &w);
    if (status == 0)
        status = check_run(t, in, n, &pl, 1, &c);
    else
        memset(&c, 0, sizeof c);
    if (status == 0 &&
        check_same("whole", w.out.data, w.out.len, "chunked", c.out.data, c.out.len) < 0)
        status = -1;
    if (status == 0 && t->oracle) {
        oracle_end e = t->oracle(in, n, pl.eof, pl.max_line, &o);
        if (check_same("oracle", o.data, o.len, "ragel", w.out.data, w.out.len) < 0 ||
            check_ends(t, &w, &c, &e, pl.max_line) < 0)
            status = -1;
    } else if (status == 0 && (w.done != c.done || w.used != c.used || w.pending != c.pending)) {
        /* No oracle: the chunked feed must at least end as the whole one. */
        fprintf(stderr, "  end: whole done %d used %zu pending %zu, chunked %d %zu %zu\n",
                w.done, w.used, w.pending, c.done, c.used, c.pending);
        status = -1;
    }
    if (status < 0) {
        char how[160];
        plan_describe(&pl, how, sizeof how);
        fprintf(stderr, "%s: FAILED with %s\n", t->pr->name, how);
        check_show("input", in, n, SHOW_MAX);
    }
    run_free(&w);
    run_free(&c);
    buf_free(&o);
    return status;
}
