/* Small helpers: the clock, fatal errors, quoting bytes for messages. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tools/bench/bench.h"

uint64_t bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void bench_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("koan-bench: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

const char *bench_quote(const char *p, size_t n)
{
    /* Messages show at most this much of a reply; the rest is elided. */
    enum { SHOWN = 120 };
    /* A few buffers in turn, so one message can quote twice. */
    static char bufs[4][SHOWN * 4 + 8];
    static unsigned turn;
    char *out = bufs[turn++ % 4];
    size_t o = 0;
    for (size_t i = 0; i < n && i < SHOWN; i++) {
        unsigned char c = (unsigned char)p[i];
        switch (c) {
        case '\n': o += (size_t)sprintf(out + o, "\\n"); break;
        case '\r': o += (size_t)sprintf(out + o, "\\r"); break;
        case '\t': o += (size_t)sprintf(out + o, "\\t"); break;
        case '\\': o += (size_t)sprintf(out + o, "\\\\"); break;
        case '"': o += (size_t)sprintf(out + o, "\\\""); break;
        default:
            if (c < 0x20 || c >= 0x7f)
                o += (size_t)sprintf(out + o, "\\x%02x", c);
            else
                out[o++] = (char)c;
        }
    }
    if (n > SHOWN)
        o += (size_t)sprintf(out + o, "...");
    out[o] = 0;
    return out;
}
