#include "runtime/config.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/log.h"
#include "runtime/loop.h"

#ifndef KOAN_VERSION
#define KOAN_VERSION "0.1.0"
#endif
#ifndef KOAN_RAGEL
#define KOAN_RAGEL "unknown"
#endif
#ifndef KOAN_RE2C
#define KOAN_RE2C "unknown"
#endif

/* Connection timers are 32-bit milliseconds: spans must stay under 2^31. */
#define MAX_TIMEOUT 2000000

enum opt_type { OPT_FLAG, OPT_UINT, OPT_PORT, OPT_STRING, OPT_LISTEN, OPT_CIDR };

typedef struct option_def {
    const char *name;       /* --name; the environment twin is KOAN_NAME */
    int short_name;         /* 0 = long only */
    enum opt_type type;
    const char *arg;        /* metavariable for --help */
    const char *help;
} option_def;

/* Every option, once: --help, getopt_long and the environment come from here. */
static const option_def options[] = {
    {"listen", 'l', OPT_LISTEN, "PROTO@HOST:PORT", "serve PROTO (zen, calc, echo) there; repeatable"},
    {"port", 'p', OPT_PORT, "PORT", "port for the single protocol (default: its own)"},
    {"protocol", 'P', OPT_STRING, "PROTO", "the single protocol to serve (default zen)"},
    {"max-line", 0, OPT_UINT, "BYTES", "longest line content accepted (default 65536)"},
    {"max-output", 0, OPT_UINT, "BYTES", "pending reply bytes before reading stops (default 65536)"},
    {"shutdown-timeout", 0, OPT_UINT, "SECONDS", "time to drain at SIGTERM (default 10)"},
    {"max-conns", 0, OPT_UINT, "N", "clients at once (default 10000, at most what the fd limit allows)"},
    {"max-conns-per-ip", 0, OPT_UINT, "N", "clients at once from one address (default 0 = no limit)"},
    {"send-timeout", 0, OPT_UINT, "SECONDS", "cut a client that takes no reply bytes this long (default 30)"},
    {"idle-timeout", 0, OPT_UINT, "SECONDS", "close after this long with no request or reply (default 300, 0 = never)"},
    {"request-timeout", 0, OPT_UINT, "SECONDS", "close when a request stays unfinished this long (default 30, 0 = never)"},
    {"allow", 0, OPT_CIDR, "CIDR", "accept clients from CIDR; once given, others are refused; repeatable"},
    {"deny", 0, OPT_CIDR, "CIDR", "refuse clients from CIDR; first matching --allow/--deny wins; repeatable"},
    {"workers", 0, OPT_UINT, "N", "run N event loops sharing the ports with SO_REUSEPORT, or the inherited sockets (default 1)"},
    {"backend", 0, OPT_STRING, "NAME", "readiness backend: epoll (default on Linux) or poll"},
    {"stats-interval", 0, OPT_UINT, "SECONDS", "log the counters this often (default 0: only at SIGUSR1)"},
    {"model", 0, OPT_STRING, "MODEL", "async (default), threads (blocking, one client per thread) or single (blocking, one client at a time)"},
    {"threads", 0, OPT_UINT, "N", "blocking workers for --model threads (default 4)"},
    {"compute-threads", 0, OPT_UINT, "N", "threads for costly arithmetic off the event loop (default: cores less one, at least 1; 0 = on the loop)"},
    {"compute-queue", 0, OPT_UINT, "N", "costly requests handed to those threads at once; past it connections wait unread (default 64)"},
    {"inetd", 0, OPT_FLAG, NULL, "standard input is one accepted client (inetd nowait): serve it, exit"},
    {"inetd-wait", 0, OPT_FLAG, NULL, "standard input is a listening socket (inetd wait)"},
    {"linger", 0, OPT_UINT, "SECONDS", "with --inetd-wait: exit after this long without clients (default 8)"},
    {"quiet", 'q', OPT_FLAG, NULL, "log errors only"},
    {"verbose", 'v', OPT_FLAG, NULL, "log more detail"},
    {"help", 'h', OPT_FLAG, NULL, "show this help"},
    {"version", 'V', OPT_FLAG, NULL, "show the version"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

static void usage(FILE *f)
{
    fputs("usage: koand [HOST] [-p PORT] [-P PROTOCOL] [--listen PROTO@HOST:PORT]... [options]\n"
          "With no HOST, -p, -P or --listen: zen on 127.0.0.1:1060, calc on :8080, echo on :8081.\n"
          "HOST '' or 0.0.0.0 means every interface; port 0 picks a free port.\n\n",
          f);
    for (size_t i = 0; i < NOPTIONS; i++) {
        const option_def *o = &options[i];
        char left[64];
        if (o->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        fprintf(f, "  %-34s %s\n", left, o->help);
    }
    fputs("\nEvery option can also be set as KOAN_<NAME> in the environment "
          "(KOAN_MAX_LINE=1024,\nKOAN_LISTEN=zen@127.0.0.1:1060,calc@[::1]:8080); "
          "the command line wins.\n",
          f);
}

static void bad(const char *fmt, const char *a, const char *b)
{
    fputs("koand: ", stderr);
    fprintf(stderr, fmt, a, b);
    fputs(" (try --help)\n", stderr);
    exit(2);
}

static uint32_t parse_uint(const char *name, const char *v, unsigned long max)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(v, &end, 10);
    if (!*v || *end || errno || n > max || v[0] == '-')
        bad("--%s wants a number, not '%s'", name, v);
    return (uint32_t)n;
}

static int parse_bool(const char *v)
{
    return !(strcmp(v, "0") == 0 || strcasecmp(v, "no") == 0 ||
             strcasecmp(v, "false") == 0 || *v == 0);
}

static void add_listen(config *c, const char *spec)
{
    char err[300];
    if (c->nlisten == CONFIG_MAX_LISTEN)
        bad("too many --listen (at most %s)%s", "32", "");
    if (listen_spec_parse(spec, &c->listen[c->nlisten], err, sizeof err) < 0)
        bad("%s%s", err, "");
    c->nlisten++;
}

/* apply: one option's value, from the environment or the command line. */
static void apply(config *c, const option_def *o, const char *v, int from_env)
{
    const char *n = o->name;
    if (strcmp(n, "listen") == 0) {
        if (!from_env) {
            add_listen(c, v);
            return;
        }
        char *copy = strdup(v), *save = NULL;
        for (char *s = strtok_r(copy, ",", &save); s; s = strtok_r(NULL, ",", &save))
            add_listen(c, s);
        free(copy);
    } else if (strcmp(n, "port") == 0) {
        c->port = parse_uint(n, v, 65535);
    } else if (strcmp(n, "protocol") == 0) {
        if (!proto_find(v))
            bad("unknown protocol '%s'%s; zen, calc or echo", v, "");
        snprintf(c->protocol, sizeof c->protocol, "%s", v);
    } else if (strcmp(n, "max-line") == 0) {
        c->max_line = parse_uint(n, v, 1u << 30);
        if (c->max_line == 0)
            bad("--%s must be at least 1%s", n, "");
    } else if (strcmp(n, "max-output") == 0) {
        c->max_output = parse_uint(n, v, 1u << 30);
    } else if (strcmp(n, "shutdown-timeout") == 0) {
        c->shutdown_timeout = parse_uint(n, v, 86400);
    } else if (strcmp(n, "model") == 0) {
        if (strcmp(v, "async") && strcmp(v, "threads") && strcmp(v, "single"))
            bad("unknown model '%s'%s; async, threads or single", v, "");
        snprintf(c->model, sizeof c->model, "%s", v);
    } else if (strcmp(n, "threads") == 0) {
        c->threads = parse_uint(n, v, 4096);
        if (c->threads == 0)
            bad("--%s must be at least 1%s", n, "");
    } else if (strcmp(n, "compute-threads") == 0) {
        c->compute_threads = (int)parse_uint(n, v, 1024);
    } else if (strcmp(n, "compute-queue") == 0) {
        c->compute_queue = parse_uint(n, v, 1u << 20);
        if (c->compute_queue == 0)
            bad("--%s must be at least 1%s", n, "");
    } else if (strcmp(n, "inetd") == 0) {
        c->inetd = !from_env || parse_bool(v);
    } else if (strcmp(n, "inetd-wait") == 0) {
        c->inetd_wait = !from_env || parse_bool(v);
    } else if (strcmp(n, "linger") == 0) {
        c->linger = parse_uint(n, v, 86400 * 365);
    } else if (strcmp(n, "workers") == 0) {
        c->workers = parse_uint(n, v, 256);
        if (c->workers == 0)
            bad("--%s must be at least 1%s", n, "");
    } else if (strcmp(n, "backend") == 0) {
        if (!loop_has_backend(v))
            bad("unknown backend '%s'%s; epoll or poll", v, "");
        snprintf(c->backend, sizeof c->backend, "%s", v);
    } else if (strcmp(n, "max-conns") == 0) {
        c->max_conns = parse_uint(n, v, 1u << 24);
    } else if (strcmp(n, "max-conns-per-ip") == 0) {
        c->max_conns_per_ip = parse_uint(n, v, 1u << 24);
    } else if (strcmp(n, "send-timeout") == 0) {
        c->send_timeout = parse_uint(n, v, MAX_TIMEOUT);
    } else if (strcmp(n, "idle-timeout") == 0) {
        c->idle_timeout = parse_uint(n, v, MAX_TIMEOUT);
    } else if (strcmp(n, "request-timeout") == 0) {
        c->request_timeout = parse_uint(n, v, MAX_TIMEOUT);
    } else if (strcmp(n, "stats-interval") == 0) {
        c->stats_interval = parse_uint(n, v, 86400 * 365);
    } else if (strcmp(n, "allow") == 0 || strcmp(n, "deny") == 0) {
        /* The environment twin holds a comma-separated list. */
        char *copy = strdup(v), *save = NULL;
        for (char *s = strtok_r(copy, ",", &save); s; s = strtok_r(NULL, ",", &save))
            if (acl_add(&c->acl, s, n[0] == 'a') < 0)
                bad("--%s wants an address or CIDR, not '%s'", n, s);
        free(copy);
    } else if (strcmp(n, "quiet") == 0) {
        if (!from_env || parse_bool(v))
            c->log_level = LOG_QUIET;
    } else if (strcmp(n, "verbose") == 0) {
        if (!from_env || parse_bool(v))
            c->log_level = LOG_VERBOSE;
    } else if (strcmp(n, "help") == 0) {
        usage(stdout);
        exit(0);
    } else if (strcmp(n, "version") == 0) {
        printf("koand %s (parsers generated by Ragel %s, test oracles by re2c %s)\n", KOAN_VERSION,
               KOAN_RAGEL, KOAN_RE2C);
        exit(0);
    }
}

static void load_env(config *c)
{
    for (size_t i = 0; i < NOPTIONS; i++) {
        const option_def *o = &options[i];
        if (strcmp(o->name, "help") == 0 || strcmp(o->name, "version") == 0)
            continue;
        char var[64] = "KOAN_";
        size_t k = 5;
        for (const char *s = o->name; *s && k < sizeof var - 1; s++)
            var[k++] = *s == '-' ? '_' : (char)toupper((unsigned char)*s);
        var[k] = 0;
        const char *v = getenv(var);
        if (v)
            apply(c, o, v, 1);
    }
    const char *host = getenv("KOAN_HOST");
    if (host) {
        snprintf(c->host, sizeof c->host, "%s", host);
        c->host_set = 1;
    }
}

void config_load(config *c, int argc, char **argv)
{
    memset(c, 0, sizeof *c);
    c->port = -1;
    c->log_level = LOG_NORMAL;
    c->max_line = 65536;
    c->max_output = 65536;
    c->shutdown_timeout = 10;
    c->max_conns = 10000;
    c->send_timeout = 30;
    c->idle_timeout = 300;
    c->request_timeout = 30;
    c->workers = 1;
    c->linger = 8;
    c->threads = 4;
    c->compute_threads = -1;
    c->compute_queue = 64;
    snprintf(c->model, sizeof c->model, "async");
    load_env(c);
    int env_listens = c->nlisten;

    struct option longs[NOPTIONS + 1];
    char shorts[64] = ":";
    size_t k = 1;
    for (size_t i = 0; i < NOPTIONS; i++) {
        const option_def *o = &options[i];
        longs[i] = (struct option){o->name, o->type == OPT_FLAG ? no_argument : required_argument,
                                   NULL, (int)(256 + i)};
        if (o->short_name) {
            shorts[k++] = (char)o->short_name;
            if (o->type != OPT_FLAG)
                shorts[k++] = ':';
        }
    }
    shorts[k] = 0;
    longs[NOPTIONS] = (struct option){0};

    int argv_listen = 0;
    opterr = 0;
    for (;;) {
        int idx = -1;
        int ch = getopt_long(argc, argv, shorts, longs, &idx);
        if (ch == -1)
            break;
        if (ch == '?') {
            if (optopt)
                bad("unknown option -%s%s", (char[]){(char)optopt, 0}, "");
            bad("unknown option %s%s", argv[optind - 1], "");
        }
        if (ch == ':')
            bad("option %s needs a value%s", argv[optind - 1], "");
        const option_def *o = NULL;
        if (ch >= 256) {
            o = &options[ch - 256];
        } else {
            for (size_t i = 0; i < NOPTIONS; i++)
                if (options[i].short_name == ch)
                    o = &options[i];
        }
        if (!o)
            bad("unknown option %s%s", argv[optind - 1], "");
        if (o->type == OPT_LISTEN && !argv_listen) {
            /* The command line's listeners replace the environment's. */
            argv_listen = 1;
            memmove(c->listen, c->listen + env_listens,
                    (size_t)(c->nlisten - env_listens) * sizeof c->listen[0]);
            c->nlisten -= env_listens;
            env_listens = 0;
        }
        apply(c, o, optarg, 0);
    }
    if (optind < argc) {
        snprintf(c->host, sizeof c->host, "%s", argv[optind++]);
        c->host_set = 1;
    }
    if (optind < argc)
        bad("unexpected argument '%s'%s", argv[optind], "");
    if (c->inetd && c->inetd_wait)
        bad("--inetd and --inetd-wait%s%s exclude each other", "", "");
    if (c->inetd && c->workers > 1)
        bad("--inetd serves one client%s%s: --workers does not apply", "", "");
    if ((c->inetd || c->inetd_wait) && strcmp(c->model, "async"))
        bad("%s serves with the async model, not --model %s", c->inetd ? "--inetd" : "--inetd-wait",
            c->model);
    if (c->workers > 1 && strcmp(c->model, "async"))
        bad("--workers runs event loops (--model async), not --model %s%s", c->model, "");

    /* The single-protocol form, alone or beside --listen. */
    int single = c->host_set || c->port >= 0 || c->protocol[0];
    if (single || c->nlisten == 0) {
        if (!single) {
            for (const proto *const *p = proto_all; *p; p++) {
                listen_spec *ls = &c->listen[c->nlisten++];
                ls->pr = *p;
                snprintf(ls->host, sizeof ls->host, "127.0.0.1");
                ls->port = (*p)->port;
            }
        } else {
            if (c->nlisten == CONFIG_MAX_LISTEN)
                bad("too many listeners%s%s", "", "");
            listen_spec *ls = &c->listen[c->nlisten++];
            ls->pr = proto_find(c->protocol[0] ? c->protocol : "zen");
            snprintf(ls->host, sizeof ls->host, "%s", c->host_set ? c->host : "127.0.0.1");
            ls->port = c->port >= 0 ? (uint16_t)c->port : ls->pr->port;
        }
    }
}
