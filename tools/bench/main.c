/* koan-bench: options, protocol presets, and the report. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto/protocols.h"
#include "runtime/buf.h"
#include "runtime/registry.h"
#include "tools/bench/bench.h"

#ifndef KOAN_VERSION
#define KOAN_VERSION "0.1.0"
#endif

static const char usage[] =
    "usage: koan-bench [HOST] [-p PORT] [-c CONNS] [-d DEPTH] [-t SECONDS] [--warmup SECONDS]\n"
    "                  [-P PRESET] [--digits N] [--factors K] [--idle N]\n"
    "                  [--interval SECONDS]\n"
    "                  [--request STR --terminator CHAR [--skip-welcome N] [--setup STR]\n"
    "                   [--expect STR]] [--no-check] [--json] [-q]\n"
    "       koan-bench --parser [--bytes N] [--json]\n"
    "\n"
    "Closed-loop load: CONNS connections each keep DEPTH requests in flight\n"
    "for SECONDS after the warmup (default 0).\n"
    "  -p, --port PORT         the server's port (default: the preset's protocol port)\n"
    "  -c, --connections CONNS connections (default 50)\n"
    "  -d, --depth DEPTH       requests in flight on each connection (default 1)\n"
    "  -t, --time SECONDS      how long to measure (default 5)\n"
    "      --warmup SECONDS    run this long first without measuring (default 0)\n"
    "  -P, --preset PRESET     a protocol's name (its first sample request; default:\n"
    "                          the primary protocol), calc-sum, calc-product\n"
    "      --digits N          calc-product: digits per factor (default 100)\n"
    "      --factors K         calc-product: factors per line (default 2; more: the\n"
    "                          reply is learned from the server, as with --request)\n"
    "      --request STR       one request, C escapes decoded (\\r \\n \\t \\xHH ...)\n"
    "      --terminator CHAR   the last byte of every reply (default \\n)\n"
    "      --skip-welcome N    replies per connection to pass over before the first\n"
    "                          request's: the greeting and the replies to --setup\n"
    "                          (calc with --setup 'product\\n': 2)\n"
    "      --setup STR         sent once per connection before the requests\n"
    "      --expect STR        the reply every request gets (default: learned\n"
    "                          from one probe request before the run)\n"
    "      --no-check          count replies by terminator without comparing them\n"
    "      --idle N            also hold N connections that send nothing\n"
    "      --interval SECONDS  each connection's requests at least this far apart,\n"
    "                          one at a time: a light client, as a latency probe\n"
    "      --json              one JSON object on standard output\n"
    "  -q, --quiet             no progress lines on standard error\n"
    "      --parser            time the protocol parsers in-process instead\n"
    "      --bytes N           --parser: buffer size per protocol (default 64 MiB)\n"
    "  -h, --help              show this help\n"
    "  -V, --version           show the version\n"
    "HOST defaults to 127.0.0.1.\n"
    "Exit status: 0 ok; 1 no connection, a connection lost, a wrong reply,\n"
    "a connection left over 2 s without a reply, or no reply at all; 2 bad options.\n";

static void bad_option(const char *fmt, const char *arg)
{
    fputs("koan-bench: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (try --help)\n", stderr);
    exit(2);
}

static long num(const char *s, long lo, long hi, const char *what)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < lo || v > hi)
        bad_option(what, s);
    return v;
}

static double seconds(const char *s, const char *what)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= 0 && v < 1e6))
        bad_option(what, s);
    return v;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* C escapes, so that a shell argument can carry \r\n and binary bytes. */
static char *unescape(const char *s, size_t *len)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    while (*s) {
        if (*s != '\\' || !s[1]) {
            *o++ = *s++;
            continue;
        }
        s++;
        char c = *s++;
        switch (c) {
        case 'a': *o++ = '\a'; break;
        case 'b': *o++ = '\b'; break;
        case 'e': *o++ = 27; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'v': *o++ = '\v'; break;
        case 'x': {
            int v = 0, k = 0;
            while (k < 2 && hexval(*s) >= 0)
                v = v * 16 + hexval(*s++), k++;
            if (!k)
                bad_option("\\x without hex digits in \"%s\"", s - 2);
            *o++ = (char)v;
            break;
        }
        default:
            if (c >= '0' && c <= '7') {
                int v = c - '0', k = 1;
                while (k < 3 && *s >= '0' && *s <= '7')
                    v = v * 8 + (*s++ - '0'), k++;
                *o++ = (char)v;
            } else {
                *o++ = c;   /* \\ \' \" \? and anything else: the byte itself */
            }
        }
    }
    *len = (size_t)(o - out);
    return out;
}

/* A deterministic n-digit number with no leading zero. */
static char *digits(int n, uint32_t seed)
{
    char *d = malloc((size_t)n + 1);
    for (int i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        d[i] = (char)('0' + (seed >> 16) % 10);
    }
    if (d[0] == '0')
        d[0] = '7';
    d[n] = 0;
    return d;
}

/* The product of two decimal strings, schoolbook: only the expected reply
 * needs it, once. */
static char *multiply(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), n = la + lb;
    unsigned *acc = calloc(n, sizeof *acc);
    for (size_t i = 0; i < la; i++)
        for (size_t j = 0; j < lb; j++)
            acc[i + j + 1] += (unsigned)(a[i] - '0') * (unsigned)(b[j] - '0');
    for (size_t k = n - 1; k > 0; k--) {
        acc[k - 1] += acc[k] / 10;
        acc[k] %= 10;
    }
    char *out = malloc(n + 1);
    size_t o = 0, k = 0;
    while (k + 1 < n && acc[k] == 0)
        k++;
    for (; k < n; k++)
        out[o++] = (char)('0' + acc[k]);
    out[o] = 0;
    free(acc);
    return out;
}

static char *dup_str(const char *s, size_t *len)
{
    *len = strlen(s);
    return strdup(s);
}

static char *port_text(uint16_t port)
{
    static char p[8];
    snprintf(p, sizeof p, "%u", port);
    return p;
}

/* A protocol's own preset: its first sample, and the reply its parser gives
 * it (the greeting before it only counted): the last byte of that reply
 * frames every reply, so it must be there once, at the end (zen's answers
 * carry no terminator, but each ends in its one '.'). */
static int preset_of(bench_cfg *cfg, const proto *pr)
{
    if (!pr->samples || !pr->samples[0])
        return -1;
    buf out = {0};
    parser *ps = calloc(1, pr->size);
    if (!ps)
        bench_die("out of memory");
    ps->out = &out;
    ps->max_line = 65536;
    pr->init(ps);
    size_t greeting = out.len;
    const char *req = pr->samples[0];
    pr->feed(ps, req, strlen(req));
    int ok = ps->replies == 1 && out.len > greeting;
    if (ok) {
        cfg->name = pr->name;
        cfg->port = port_text(pr->port);
        cfg->request = dup_str(req, &cfg->request_len);
        cfg->expect_len = out.len - greeting;
        cfg->expect = malloc(cfg->expect_len);
        memcpy(cfg->expect, out.data + greeting, cfg->expect_len);
        cfg->term = (unsigned char)cfg->expect[cfg->expect_len - 1];
        ok = memchr(cfg->expect, cfg->term, cfg->expect_len) == cfg->expect + cfg->expect_len - 1;
        cfg->skip = 0;
        for (size_t i = 0; i < greeting; i++)
            cfg->skip += (unsigned char)out.data[i] == cfg->term;
    }
    pr->release(ps);
    free(ps);
    buf_free(&out);
    return ok ? 0 : -1;
}

/* Fill cfg from a preset: a protocol's name, or calc-sum (calc's own) and
 * calc-product, which multiplies --digits-digit factors. */
static void preset(bench_cfg *cfg, const char *name, int ndigits, int nfactors)
{
    const proto *pr = registry_find(strcmp(name, "calc-sum") == 0 ? "calc" : name);
    cfg->name = name;
    cfg->term = '\n';
    if (pr) {
        if (preset_of(cfg, pr) < 0)
            bad_option("protocol %s has no sample koan-bench can frame; use --request", name);
        cfg->name = name;
    } else if (strcmp(name, "calc-product") == 0 && nfactors > 2 && (pr = registry_find("calc"))) {
        /* A line of many factors (the costly maximal line: 1070 of 60
         * digits); its product is the server's to tell (bench_probe). */
        cfg->port = port_text(pr->port);
        cfg->request = malloc((size_t)nfactors * ((size_t)ndigits + 1));
        cfg->request_len = 0;
        for (int i = 0; i < nfactors; i++) {
            char *f = digits(ndigits, (uint32_t)i + 1);
            memcpy(cfg->request + cfg->request_len, f, (size_t)ndigits);
            cfg->request_len += (size_t)ndigits;
            cfg->request[cfg->request_len++] = i + 1 < nfactors ? ',' : '\n';
            free(f);
        }
        cfg->setup = dup_str("product\n", &cfg->setup_len);
        cfg->skip = 2;
    } else if (strcmp(name, "calc-product") == 0 && (pr = registry_find("calc"))) {
        cfg->port = port_text(pr->port);
        char *a = digits(ndigits, 1), *b = digits(ndigits, 2), *p = multiply(a, b);
        size_t n = strlen(a) + strlen(b) + strlen(p) + 64;
        cfg->request = malloc(n);
        cfg->request_len = (size_t)snprintf(cfg->request, n, "%s,%s\n", a, b);
        cfg->expect = malloc(n);
        cfg->expect_len = (size_t)snprintf(cfg->expect, n, "Product of input integers: '%s'\r\n", p);
        free(a);
        free(b);
        free(p);
        cfg->setup = dup_str("product\n", &cfg->setup_len);
        cfg->skip = 2;   /* the welcome, then <switching to product mode>\r\n */
    } else {
        char names[256];
        registry_names(names, sizeof names);
        fprintf(stderr, "koan-bench: unknown preset \"%s\": a protocol (%s), calc-sum or calc-product "
                        "(try --help)\n", name, names);
        exit(2);
    }
}

static double us(uint64_t ns) { return (double)ns / 1000.0; }

static void report(const bench_cfg *cfg, const bench_result *r, int ok)
{
    static const double pct[] = {50, 90, 99, 99.9};
    static const char *const pname[] = {"p50", "p90", "p99", "p99.9"};
    double rps = r->elapsed > 0 ? (double)r->requests / r->elapsed : 0;
    if (cfg->json) {
        printf("{\"name\":\"%s\",\"host\":\"%s\",\"port\":\"%s\",\"connections\":%d,"
               "\"depth\":%d,\"idle\":%d,\"warmup\":%.3f,\"seconds\":%.3f,"
               "\"requests\":%llu,\"requests_per_sec\":%.1f,\"latency_us\":{",
               cfg->name, cfg->host, cfg->port, cfg->conns, cfg->depth, cfg->idle,
               cfg->warmup, r->elapsed, (unsigned long long)r->requests, rps);
        for (int i = 0; i < 4; i++)
            printf("\"%s\":%.1f,", pname[i], us(hist_percentile(r->lat, pct[i])));
        printf("\"max\":%.1f},\"mismatches\":%llu,\"disconnects\":%llu,\"stalled\":%d,"
               "\"alive\":%d,\"interrupted\":%s,\"ok\":%s}\n",
               us(r->lat->max), (unsigned long long)r->mismatches,
               (unsigned long long)r->disconnects, r->stalled, r->alive,
               r->interrupted ? "true" : "false", ok ? "true" : "false");
        return;
    }
    printf("%s on %s:%s: %d connections, depth %d", cfg->name, cfg->host, cfg->port,
           cfg->conns, cfg->depth);
    if (cfg->idle)
        printf(", %d idle", cfg->idle);
    printf(", %.2f s measured%s\n", r->elapsed, r->interrupted ? " (interrupted)" : "");
    printf("  requests      %llu\n", (unsigned long long)r->requests);
    printf("  requests/s    %.0f\n", rps);
    printf("  latency (us) ");
    for (int i = 0; i < 4; i++)
        printf(" %s %.1f ", pname[i], us(hist_percentile(r->lat, pct[i])));
    printf(" max %.1f\n", us(r->lat->max));
    printf("  errors        %llu (%llu wrong replies, %llu disconnects, %d stalled)%s\n",
           (unsigned long long)(r->mismatches + r->disconnects + (uint64_t)r->stalled),
           (unsigned long long)r->mismatches, (unsigned long long)r->disconnects, r->stalled,
           ok ? "" : "  FAILED");
}

enum { O_WARMUP = 256, O_REQUEST, O_TERM, O_SKIP, O_SETUP, O_EXPECT, O_NOCHECK,
       O_DIGITS, O_FACTORS, O_IDLE, O_INTERVAL, O_JSON, O_PARSER, O_BYTES };

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"port", required_argument, 0, 'p'},
        {"connections", required_argument, 0, 'c'},
        {"depth", required_argument, 0, 'd'},
        {"time", required_argument, 0, 't'},
        {"preset", required_argument, 0, 'P'},
        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},
        {"version", no_argument, 0, 'V'},
        {"warmup", required_argument, 0, O_WARMUP},
        {"request", required_argument, 0, O_REQUEST},
        {"terminator", required_argument, 0, O_TERM},
        {"skip-welcome", required_argument, 0, O_SKIP},
        {"setup", required_argument, 0, O_SETUP},
        {"expect", required_argument, 0, O_EXPECT},
        {"no-check", no_argument, 0, O_NOCHECK},
        {"digits", required_argument, 0, O_DIGITS},
        {"factors", required_argument, 0, O_FACTORS},
        {"idle", required_argument, 0, O_IDLE},
        {"interval", required_argument, 0, O_INTERVAL},
        {"json", no_argument, 0, O_JSON},
        {"parser", no_argument, 0, O_PARSER},
        {"bytes", required_argument, 0, O_BYTES},
        {0, 0, 0, 0},
    };
    bench_cfg cfg = {.host = "127.0.0.1", .conns = 50, .depth = 1, .seconds = 5, .check = 1};
    if (registry_use(protocols) < 0)
        bench_die("this build's protocols clash");
    const char *port = NULL, *pre = NULL, *request = NULL, *term = NULL, *setup = NULL,
               *expect = NULL;
    int skip = -1, ndigits = 100, nfactors = 2, parser = 0;
    size_t bytes = 64u << 20;
    int opt;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, "p:c:d:t:P:qhV", longopts, NULL)) != -1) {
        switch (opt) {
        case 'p': port = optarg; break;
        case 'c': cfg.conns = (int)num(optarg, 1, 1000000, "bad -c \"%s\""); break;
        case 'd': cfg.depth = (int)num(optarg, 1, 65536, "bad -d \"%s\" (1..65536)"); break;
        case 't':
            cfg.seconds = seconds(optarg, "bad -t \"%s\"");
            if (cfg.seconds <= 0)
                bad_option("-t %s: the run needs some time", optarg);
            break;
        case 'P': pre = optarg; break;
        case 'q': cfg.quiet = 1; break;
        case 'h': fputs(usage, stdout); return 0;
        case 'V': printf("koan-bench %s\n", KOAN_VERSION); return 0;
        case O_WARMUP: cfg.warmup = seconds(optarg, "bad --warmup \"%s\""); break;
        case O_REQUEST: request = optarg; break;
        case O_TERM: term = optarg; break;
        case O_SKIP: skip = (int)num(optarg, 0, 1000000, "bad --skip-welcome \"%s\""); break;
        case O_SETUP: setup = optarg; break;
        case O_EXPECT: expect = optarg; break;
        case O_NOCHECK: cfg.check = 0; break;
        case O_DIGITS: ndigits = (int)num(optarg, 1, 60000, "bad --digits \"%s\""); break;
        case O_FACTORS: nfactors = (int)num(optarg, 2, 60000, "bad --factors \"%s\""); break;
        case O_IDLE: cfg.idle = (int)num(optarg, 0, 1000000, "bad --idle \"%s\""); break;
        case O_INTERVAL: cfg.interval = seconds(optarg, "bad --interval \"%s\""); break;
        case O_JSON: cfg.json = 1; break;
        case O_PARSER: parser = 1; break;
        case O_BYTES:
            bytes = (size_t)num(optarg, 1, 1L << 34, "bad --bytes \"%s\"");
            break;
        default:
            bad_option("unknown or incomplete option \"%s\"", argv[optind - 1]);
        }
    }
    if (optind < argc)
        cfg.host = argv[optind++];
    if (optind < argc)
        bad_option("unexpected argument \"%s\"", argv[optind]);
    if (parser)
        return bench_parsers(bytes, cfg.json);

    if (pre || !request)
        preset(&cfg, pre ? pre : registry_primary()->name, ndigits, nfactors);
    else
        cfg.name = "custom";
    if (request) {
        free(cfg.request);
        free(cfg.expect);    /* a preset's reply belongs to its own request */
        cfg.request = unescape(request, &cfg.request_len);
        cfg.expect = NULL;
        cfg.expect_len = 0;
        if (!cfg.request_len)
            bad_option("empty --request%s", "");
    }
    if (term) {
        size_t n;
        char *t = unescape(term, &n);
        if (n != 1)
            bad_option("--terminator \"%s\" is not one byte", term);
        cfg.term = (unsigned char)t[0];
        free(t);
    } else if (!pre && request) {
        cfg.term = '\n';
    }
    if (setup) {
        free(cfg.setup);
        cfg.setup = unescape(setup, &cfg.setup_len);
    }
    if (skip >= 0)
        cfg.skip = skip;
    if (expect) {
        free(cfg.expect);
        cfg.expect = unescape(expect, &cfg.expect_len);
        const char *t = memchr(cfg.expect, cfg.term, cfg.expect_len);
        if (!t || (size_t)(t - cfg.expect) != cfg.expect_len - 1)
            bad_option("--expect \"%s\" must hold the terminator once, as its last byte", expect);
    }
    if (port)
        cfg.port = port;
    else if (!pre && request)
        bad_option("--request needs -p PORT%s", "");

    bench_probe(&cfg);
    bench_result res;
    bench_run(&cfg, &res);
    int ok = res.requests > 0 && res.mismatches == 0 && res.disconnects == 0 && !res.stalled;
    report(&cfg, &res, ok);
    if (res.requests == 0 && !res.interrupted)
        fprintf(stderr, "koan-bench: no reply arrived in %.2f s\n", res.elapsed);
    free(res.lat);
    free(cfg.request);
    free(cfg.setup);
    free(cfg.expect);
    return ok ? 0 : 1;
}
