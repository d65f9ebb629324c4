#include "tests/lib/conv.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto/protocols.h"
#include "runtime/registry.h"
#include "tests/lib/show.h"

const proto *const *conv_protocols(void)
{
    if (!registry_count())
        assert_int_equal(registry_use(protocols), 0);
    return registry_all();
}

int conv_nprotocols(void)
{
    conv_protocols();
    return registry_count();
}

const proto *conv_find(const char *name)
{
    conv_protocols();
    const proto *pr = registry_find(name);
    assert_non_null(pr);
    return pr;
}

size_t conv_greeting_len(const proto *pr)
{
    size_t n;
    free(conv_run(pr, "", 0, 0, 0, 0, 65536, &n));
    return n;
}

int conv_quits(const proto *pr)
{
    buf out = {0};
    parser *ps = conv_parser(pr, &out, 65536, 0);
    pr->feed(ps, "quit\n", 5);
    int done = ps->done;
    conv_parser_free(pr, ps);
    buf_free(&out);
    return done;
}

char *conv_repeat(const char *const *reqs, size_t times, size_t *n)
{
    size_t k = 0, len = 0;
    for (size_t i = 0; i < times; i++, k = reqs[k + 1] ? k + 1 : 0)
        len += strlen(reqs[k]);
    char *in = malloc(len + 1), *p = in;
    assert_non_null(in);
    k = 0;
    for (size_t i = 0; i < times; i++, k = reqs[k + 1] ? k + 1 : 0)
        p = stpcpy(p, reqs[k]);
    *n = len;
    return in;
}

static unsigned next_rand(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

/* A fresh parser; costly_at as the runtime's config gives it (0: the
 * protocol's own threshold). */
static parser *parser_make(const proto *pr, buf *out, uint32_t max_line, uint32_t budget,
                           uint32_t costly_at)
{
    parser *ps = calloc(1, pr->size);
    assert_non_null(ps);
    ps->out = out;
    ps->max_line = max_line;
    ps->costly_at = costly_at;
    ps->budget = budget;
    pr->init(ps);
    return ps;
}

parser *conv_parser(const proto *pr, buf *out, uint32_t max_line,
                    uint32_t budget)
{
    return parser_make(pr, out, max_line, budget, 0);
}

void conv_parser_free(const proto *pr, parser *ps)
{
    pr->release(ps);
    free(ps);
}

/* The next chunk's size: all that is left (chunk 0), 1 to 17 bytes at
 * random (SIZE_MAX), else chunk; never more than left. */
static size_t chunk_next(size_t chunk, unsigned *seed, size_t left)
{
    size_t k = chunk == 0 ? left : chunk == SIZE_MAX ? 1 + next_rand(seed) % 17 : chunk;
    return k < left ? k : left;
}

/* A chunk in an exact-size heap block, so a pointer kept into it is caught. */
static char *chunk_copy(const char *p, size_t k)
{
    char *piece = malloc(k ? k : 1);
    assert_non_null(piece);
    memcpy(piece, p, k);
    return piece;
}

char *conv_run(const proto *pr, const char *in, size_t n, size_t chunk,
               unsigned seed, int eof, size_t max_line, size_t *outlen)
{
    buf out = {0};
    parser *ps = conv_parser(pr, &out, (uint32_t)max_line, 0);
    size_t off = 0;
    while (off < n && !ps->done && !ps->error) {
        size_t k = chunk_next(chunk, &seed, n - off);
        char *piece = chunk_copy(in + off, k);
        size_t used = pr->feed(ps, piece, k);
        free(piece);
        assert_true(used <= k);
        if (used < k)
            assert_true(ps->done || ps->error);
        off += k;
    }
    if (eof && !ps->done && !ps->error)
        pr->finish(ps);
    conv_parser_free(pr, ps);
    buf_putc(&out, 0);
    *outlen = out.len - 1;
    return out.data;
}

/* One call "off the loop", as the runtime makes it for a costly request
 * (runtime/proto.h): offload cleared, a budget of 1. It may give one reply
 * at most, and it ends at the costly request's end or at its input's. */
static size_t conv_off_loop(const proto *pr, parser *ps, const char *p, size_t n, int finish)
{
    ps->offload = 0;
    ps->budget = 1;
    ps->replies = 0;
    size_t used = n;
    if (finish)
        pr->finish(ps);
    else
        used = pr->feed(ps, p, n);
    assert_true(ps->replies <= 1);
    if (ps->costly)
        assert_int_equal(used, n);
    ps->offload = 1;
    return used;
}

char *conv_run_offload(const proto *pr, const char *in, size_t n, size_t chunk,
                       unsigned seed, int eof, size_t max_line, uint32_t costly_at,
                       size_t *outlen, size_t *hops)
{
    buf out = {0};
    parser *ps = parser_make(pr, &out, (uint32_t)max_line, 0, costly_at);
    ps->offload = 1;
    *hops = 0;
    size_t off = 0;
    while (off < n && !ps->done && !ps->error) {
        size_t k = chunk_next(chunk, &seed, n - off);
        char *piece = chunk_copy(in + off, k);
        /* A turn as the runtime takes it: the loop feeds under its budget
         * of 16 until the request turns costly; then the rest of the piece
         * (maybe none, for the work the feed left undone) goes off the
         * loop, and the loop takes over again once the request is done. */
        size_t pos = 0;
        do {
            size_t used;
            if (ps->costly) {
                used = conv_off_loop(pr, ps, piece + pos, k - pos, 0);
                ++*hops;
            } else {
                ps->budget = 16;
                ps->replies = 0;
                used = pr->feed(ps, piece + pos, k - pos);
                if (pos + used < k)
                    assert_true(ps->done || ps->error || ps->costly || ps->replies == 16);
                if (ps->costly && pos + used == k) {
                    conv_off_loop(pr, ps, "", 0, 0);
                    ++*hops;
                }
            }
            pos += used;
        } while (pos < k && !ps->done && !ps->error);
        free(piece);
        off += k;
    }
    if (eof && !ps->done && !ps->error) {
        ps->budget = 0;
        if (!ps->costly)
            pr->finish(ps);
        if (ps->costly) {
            conv_off_loop(pr, ps, NULL, 0, 1);
            ++*hops;
        }
        assert_false(ps->costly);
    }
    conv_parser_free(pr, ps);
    buf_putc(&out, 0);
    *outlen = out.len - 1;
    return out.data;
}

void conv_expect_budget(const proto *pr, const char *in, size_t n,
                        const char *want, size_t wn, uint32_t max_line)
{
    for (uint32_t b = 1; b <= 3; b++) {
        buf out = {0};
        parser *ps = conv_parser(pr, &out, max_line, b);
        size_t off = 0;
        while (off < n && !ps->done) {
            ps->replies = 0;
            size_t used = pr->feed(ps, in + off, n - off);
            assert_true(ps->replies <= b);
            if (off + used < n && !ps->done)
                assert_int_equal(ps->replies, b);
            off += used;
        }
        assert_int_equal(out.len, wn);
        assert_memory_equal(out.data, want, out.len);
        conv_parser_free(pr, ps);
        buf_free(&out);
    }
}

void conv_expect_chunks(const proto *pr, const char *in, size_t n, const char *want,
                        size_t wn, uint32_t max_line, const size_t *chunks,
                        size_t nchunks)
{
    for (size_t i = 0; i < nchunks + 5; i++) {
        size_t chunk = i < nchunks ? chunks[i] : SIZE_MAX;
        size_t got_n, hops;
        /* Every other run as the runtime feeds costly requests. */
        char *got = i % 2 ? conv_run_offload(pr, in, n, chunk, (unsigned)i, 1, max_line, 1, &got_n, &hops)
                          : conv_run(pr, in, n, chunk, (unsigned)i, 1, max_line, &got_n);
        if (got_n != wn || memcmp(got, want, wn) != 0)
            print_error("%s: %zu-byte input, chunk %zu: %zu-byte reply differs\n", pr->name,
                        n, chunk, got_n);
        assert_int_equal(got_n, wn);
        assert_memory_equal(got, want, wn);
        free(got);
    }
}

void put_rep(buf *b, char c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf_putc(b, c);
}

void put_str(buf *b, const char *s) { buf_put(b, s, strlen(s)); }

static void expect_one(const proto *pr, const char *in, size_t n, size_t chunk,
                       unsigned seed, const char *want, size_t wn, int eof,
                       size_t max_line, int offload)
{
    size_t got_n, hops;
    char *got = offload ? conv_run_offload(pr, in, n, chunk, seed, eof, max_line, 1, &got_n, &hops)
                        : conv_run(pr, in, n, chunk, seed, eof, max_line, &got_n);
    if (got_n != wn || memcmp(got, want, wn) != 0) {
        fprintf(stderr, "%s: replies differ, chunk=%zu seed=%u%s\n", pr->name,
                chunk, seed, offload ? ", costly requests fed off the loop" : "");
        show_bytes("input", in, n, 0, n);
        show_bytes("want", want, wn, 0, wn);
        show_bytes("got", got, got_n, 0, got_n);
        free(got);
        fail();
    }
    free(got);
}

void conv_expect(const proto *pr, const char *in, size_t n,
                 const char *want, size_t wn, int eof, size_t max_line)
{
    expect_one(pr, in, n, 0, 0, want, wn, eof, max_line, 0);
    for (size_t k = 1; k <= n; k++)
        expect_one(pr, in, n, k, 0, want, wn, eof, max_line, 0);
    for (unsigned seed = 1; seed <= 50; seed++)
        expect_one(pr, in, n, SIZE_MAX, seed, want, wn, eof, max_line, 0);
    /* And as the runtime feeds a protocol whose requests may turn costly. */
    expect_one(pr, in, n, 0, 0, want, wn, eof, max_line, 1);
    expect_one(pr, in, n, 1, 0, want, wn, eof, max_line, 1);
    for (unsigned seed = 1; seed <= 10; seed++)
        expect_one(pr, in, n, SIZE_MAX, seed, want, wn, eof, max_line, 1);
}
