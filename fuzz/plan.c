#include "fuzz/plan.h"

#include <stdio.h>

#define DEFAULT_MAX_LINE 65536

void plan_read(plan *pl, const uint8_t **data, size_t *n, size_t hlen)
{
    uint8_t h[PLAN_HEADER_CONN] = {0};
    size_t k = *n < hlen ? *n : hlen;
    for (size_t i = 0; i < k; i++)
        h[i] = (*data)[i];
    *data += k;
    *n -= k;
    pl->flags = h[0];
    pl->split = h[0] & 3;
    pl->param = h[1];
    pl->eof = !(h[0] & 4);
    switch ((h[0] >> 3) & 3) {
    case 2:
        pl->max_line = 1 + h[2] % 16;
        break;
    case 3:
        pl->max_line = 1 + (uint32_t)h[2];
        break;
    default:
        pl->max_line = DEFAULT_MAX_LINE;
    }
    pl->budget = h[0] >> 5;
    pl->extra = h[3];
    pl->extra2 = h[4];
    pl->rng = 0x9e3779b9u ^ h[1];
}

plan plan_whole(const plan *pl)
{
    plan w = *pl;
    w.split = SPLIT_WHOLE;
    w.budget = 0;
    return w;
}

/* xorshift32: the same sizes for the same header, run after run. */
static uint32_t plan_rand(plan *pl)
{
    uint32_t x = pl->rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return pl->rng = x;
}

size_t plan_next(plan *pl, size_t left)
{
    size_t k;
    switch (pl->split) {
    case SPLIT_RANDOM16:
        k = 1 + plan_rand(pl) % 16;
        break;
    case SPLIT_FIXED:
        k = 1 + pl->param % 64;
        break;
    case SPLIT_BYTES:
        k = 1;
        break;
    case SPLIT_RANDOM256:
        k = 1 + plan_rand(pl) % 256;
        break;
    default:
        k = left;
    }
    return k < left ? k : left;
}

void plan_describe(const plan *pl, char *s, size_t len)
{
    static const char *const names[] = {"random 1..16", "fixed", "bytes",
                                        "random 1..256", "whole"};
    snprintf(s, len, "split=%s param=%u eof=%u max_line=%u budget=%u extra=0x%02x 0x%02x",
             names[pl->split], pl->param, pl->eof, pl->max_line, pl->budget,
             pl->extra, pl->extra2);
}
