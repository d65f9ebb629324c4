#include "runtime/config.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/listen_check.h"
#include "runtime/log.h"
#include "runtime/loop.h"
#include "runtime/registry.h"

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
    {"listen", 'l', OPT_LISTEN, "PROTO@HOST:PORT", "serve PROTO (one of the protocols above) there; repeatable"},
    {"port", 'p', OPT_PORT, "PORT", "port for the single protocol (default: its own)"},
    {"protocol", 'P', OPT_STRING, "PROTO", "the single protocol to serve (default: the one marked * above)"},
    {"max-line", 0, OPT_UINT, "BYTES", "longest line content accepted (default 65536)"},
    {"max-output", 0, OPT_UINT, "BYTES", "pending reply bytes before reading stops (default 65536)"},
    {"shutdown-timeout", 0, OPT_UINT, "SECONDS", "time to drain at SIGTERM (default 10, 0 = do not wait)"},
    {"max-conns", 0, OPT_UINT, "N", "clients at once (default 10000, at most what the fd limit allows)"},
    {"max-conns-per-ip", 0, OPT_UINT, "N", "clients at once from one address (default 0 = no limit)"},
    {"send-timeout", 0, OPT_UINT, "SECONDS", "cut a client that takes no reply bytes this long (default 30, 0 = never)"},
    {"idle-timeout", 0, OPT_UINT, "SECONDS", "close after this long with no request or reply (default 300, 0 = never)"},
    {"request-timeout", 0, OPT_UINT, "SECONDS", "close when a request stays unfinished this long (default 30, 0 = never)"},
    {"allow", 0, OPT_CIDR, "CIDR", "accept clients from CIDR; once given, others are refused; repeatable"},
    {"deny", 0, OPT_CIDR, "CIDR", "refuse clients from CIDR; first matching --allow/--deny wins; repeatable"},
    {"workers", 0, OPT_UINT, "N", "run N event loops sharing the ports with SO_REUSEPORT, or the inherited sockets (default 1)"},
    {"backend", 0, OPT_STRING, "NAME", "readiness backend: epoll (default on Linux) or poll"},
    {"metrics", 0, OPT_STRING, "[HOST:]PORT", "serve Prometheus metrics (GET /metrics) there, on 127.0.0.1 unless HOST is given; port 0 picks a free one"},
    {"stats-interval", 0, OPT_UINT, "SECONDS", "log the counters this often (default 0: only at SIGUSR1)"},
    {"pid-file", 0, OPT_STRING, "PATH", "keep the serving process's PID in PATH, also across live upgrades (SIGUSR2)"},
    {"model", 0, OPT_STRING, "MODEL", "async (default), threads (blocking, --threads workers), spawn (blocking, a thread per client, at most --max-conns) or single (blocking, one client at a time)"},
    {"threads", 0, OPT_UINT, "N", "blocking workers for --model threads (default 4)"},
    {"compute-threads", 0, OPT_UINT, "N", "threads for costly arithmetic off the event loop (default: cores less one, at least 1; 0 = on the loop)"},
    {"compute-queue", 0, OPT_UINT, "N", "costly requests handed to those threads at once; past it connections wait unread (default 64)"},
    {"inetd", 0, OPT_FLAG, NULL, "standard input is one accepted client (inetd nowait): serve it, exit"},
    {"inetd-wait", 0, OPT_FLAG, NULL, "standard input is a listening socket (inetd wait)"},
    {"linger", 0, OPT_UINT, "SECONDS", "with --inetd-wait: exit after this long without clients (default 8, at least 1)"},
    {"quiet", 'q', OPT_FLAG, NULL, "log errors only"},
    {"verbose", 'v', OPT_FLAG, NULL, "log more detail"},
    {"help", 'h', OPT_FLAG, NULL, "show this help"},
    {"version", 'V', OPT_FLAG, NULL, "show the version"},
};
#define NOPTIONS (sizeof options / sizeof options[0])

static void usage(FILE *f)
{
    const proto *const *all = registry_all();
    fputs("usage: koand [HOST] [-p PORT] [-P PROTOCOL] [--listen PROTO@HOST:PORT]... [options]\n"
          "With no HOST, -p, -P or --listen: every protocol below on 127.0.0.1 at its port.\n"
          "HOST '' or 0.0.0.0 means every interface; port 0 picks a free port.\n\n"
          "Protocols (* is served when none is named):\n",
          f);
    for (const proto *const *p = all; *p; p++)
        fprintf(f, "  %c %-12s port %u\n", *p == registry_primary() ? '*' : ' ', (*p)->name,
                (*p)->port);
    fputs("\nOptions:\n", f);
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
    const proto *a = all[0], *b = all[1] ? all[1] : all[0];
    fprintf(f, "\nEvery option but --help and --version can also be set as KOAN_<NAME> in the\n"
               "environment (KOAN_MAX_LINE=1024, KOAN_LISTEN=%s@127.0.0.1:%u,%s@[::1]:%u);\n"
               "the command line wins. A flag's twin takes 1 or 0 (yes/no, true/false, on/off).\n",
            a->name, a->port, b->name, b->port);
}

/* One line, exit status 2: koand was started wrongly. log_error shows any
 * control character of the value quoted as an escape. */
static void bad(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void bad(const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    log_error("%s (try --help)", msg);
    exit(2);
}

/* How each listen spec was written ("--listen 'zen@h:1'"), for messages
 * that must name it as given. */
static char spec_text[CONFIG_MAX_LISTEN][320];
static const char *host_src;   /* "HOST" or "KOAN_HOST", whichever set it */

static int option_index(const char *name)
{
    for (size_t i = 0; i < NOPTIONS; i++)
        if (strcmp(options[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int given(const config *c, const char *name)
{
    return (int)(c->given >> option_index(name) & 1);
}

/* Digits only: strtoul alone would also take " 5", "+5" and "-0". The
 * message names the range the option takes, so min is part of it. */
static uint32_t parse_range(const char *src, const char *v, unsigned long min, unsigned long max)
{
    size_t len = strlen(v);
    unsigned long n = len && len <= 10 && strspn(v, "0123456789") == len ? strtoul(v, NULL, 10)
                                                                          : max + 1;
    if (n < min || n > max)
        bad("%s wants a number from %lu to %lu, not '%s'", src, min, max, v);
    return (uint32_t)n;
}

static uint32_t parse_uint(const char *src, const char *v, unsigned long max)
{
    return parse_range(src, v, 0, max);
}

static uint32_t parse_positive(const char *src, const char *v, unsigned long max)
{
    return parse_range(src, v, 1, max);
}

/* An environment twin of a flag: a clear yes or no, never "anything is true". */
static int parse_bool(const char *src, const char *v)
{
    static const char *const yes[] = {"1", "yes", "true", "on"}, *const no[] = {"0", "no", "false", "off"};
    for (int i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0)
            return 1;
        if (strcasecmp(v, no[i]) == 0)
            return 0;
    }
    bad("%s wants 1 or 0 (yes or no, true or false, on or off), not '%s'", src, v);
}

static void add_listen(config *c, const char *src, const char *spec)
{
    char err[300];
    if (c->nlisten == CONFIG_MAX_LISTEN)
        bad("too many --listen (at most %d)", CONFIG_MAX_LISTEN);
    if (listen_spec_parse(spec, &c->listen[c->nlisten], err, sizeof err) < 0)
        bad("%s", err);
    snprintf(spec_text[c->nlisten], sizeof spec_text[0], "%s '%s'", src, spec);
    c->nlisten++;
}

/* each_item: fn on every entry of a comma-separated list. An empty entry
 * (",,", a trailing comma, an empty value) is refused: skipping it would
 * turn "--allow ''" into no rule at all, and so into "everyone". */
static void each_item(config *c, const char *src, const char *list, int allow,
                      void (*fn)(config *, const char *, const char *, int))
{
    char item[512];
    for (const char *p = list;;) {
        size_t k = strcspn(p, ",");
        if (k == 0)
            bad("%s: an empty entry in '%s'", src, list);
        if (k >= sizeof item)
            bad("%s: an entry over %zu bytes in '%s'", src, sizeof item - 1, list);
        memcpy(item, p, k);
        item[k] = 0;
        fn(c, src, item, allow);
        if (!p[k])
            break;
        p += k + 1;
    }
}

static void listen_item(config *c, const char *src, const char *spec, int allow)
{
    (void)allow;
    add_listen(c, src, spec);
}

static void acl_item(config *c, const char *src, const char *cidr, int allow)
{
    /* acl_add fails the same way for a full list and for a bad address. */
    if (c->acl.nrules == ACL_MAX_RULES)
        bad("%s '%s': too many --allow/--deny rules (at most %d in all)", src, cidr,
            ACL_MAX_RULES);
    if (acl_add(&c->acl, cidr, allow) < 0)
        bad("%s wants an address or CIDR, not '%s'", src, cidr);
}

static void set_host(config *c, const char *src, const char *v)
{
    /* Longer, it would be cut, and koand would look up another name. */
    if (strlen(v) > 255)
        bad("%s '%s' is over 255 bytes", src, v);
    /* "[::1]", as koan and --listen write an IPv6 address, is "::1". */
    size_t n = strlen(v);
    if (n >= 2 && v[0] == '[' && v[n - 1] == ']')
        snprintf(c->host, sizeof c->host, "%.*s", (int)(n - 2), v + 1);
    else
        snprintf(c->host, sizeof c->host, "%s", v);
    c->host_set = 1;
    c->listen_given = 1;
    host_src = src;
}

/* --metrics [HOST:]PORT: a listen spec for the metrics unit, parsed as any
 * other (a served protocol's name stands in for the parse: --listen cannot
 * name the metrics unit). */
static char metrics_text[320];
static void set_metrics(config *c, const char *src, const char *v)
{
    const proto *m = registry_role(PROTO_METRICS);
    if (!m)
        bad("%s: this build has no metrics unit", src);
    char spec[320], err[300];
    size_t len = strlen(v);
    int port_only = len && strspn(v, "0123456789") == len;
    snprintf(spec, sizeof spec, "%s@%s%s", registry_primary()->name, port_only ? "127.0.0.1:" : "", v);
    if (len > 270 || listen_spec_parse(spec, &c->metrics, err, sizeof err) < 0)
        bad("%s wants [HOST:]PORT, not '%s'", src, v);
    c->metrics.pr = m;
    c->metrics_set = 1;
    snprintf(metrics_text, sizeof metrics_text, "%s '%s'", src, v);
}

/* apply: one option's value, from the environment (src is the variable)
 * or the command line (src is the option). */
static void apply(config *c, const option_def *o, const char *v, const char *src, int from_env)
{
    const char *n = o->name;
    c->given |= 1ull << (o - options);
    if (strcmp(n, "listen") == 0) {
        c->listen_given = 1;
        if (from_env)
            each_item(c, src, v, 0, listen_item);
        else
            add_listen(c, src, v);
    } else if (strcmp(n, "port") == 0) {
        c->port = parse_uint(src, v, 65535);
        c->listen_given = 1;
    } else if (strcmp(n, "protocol") == 0) {
        if (!registry_find(v)) {
            char names[256];
            registry_names(names, sizeof names);
            bad("unknown protocol '%s'; %s", v, names);
        }
        snprintf(c->protocol, sizeof c->protocol, "%s", v);
    } else if (strcmp(n, "max-line") == 0) {
        c->max_line = parse_positive(src, v, 1u << 30);
    } else if (strcmp(n, "max-output") == 0) {
        c->max_output = parse_uint(src, v, 1u << 30);
    } else if (strcmp(n, "shutdown-timeout") == 0) {
        c->shutdown_timeout = parse_uint(src, v, 86400);
    } else if (strcmp(n, "model") == 0) {
        if (strcmp(v, "async") && strcmp(v, "threads") && strcmp(v, "single") && strcmp(v, "spawn"))
            bad("unknown model '%s'; async, threads, spawn or single", v);
        snprintf(c->model, sizeof c->model, "%s", v);
    } else if (strcmp(n, "threads") == 0) {
        c->threads = parse_positive(src, v, 4096);
    } else if (strcmp(n, "compute-threads") == 0) {
        c->compute_threads = (int)parse_uint(src, v, 1024);
    } else if (strcmp(n, "compute-queue") == 0) {
        c->compute_queue = parse_positive(src, v, 1u << 20);
    } else if (strcmp(n, "inetd") == 0) {
        c->inetd = !from_env || parse_bool(src, v);
    } else if (strcmp(n, "inetd-wait") == 0) {
        c->inetd_wait = !from_env || parse_bool(src, v);
    } else if (strcmp(n, "linger") == 0) {
        /* 0 would exit before serving the client that made inetd start us. */
        c->linger = parse_positive(src, v, 86400 * 365);
    } else if (strcmp(n, "workers") == 0) {
        c->workers = parse_positive(src, v, 256);
    } else if (strcmp(n, "pid-file") == 0) {
        if (!*v || strlen(v) >= sizeof c->pid_file)
            bad("--pid-file wants a path of 1 to %zu bytes, not '%s'", sizeof c->pid_file - 1, v);
        snprintf(c->pid_file, sizeof c->pid_file, "%s", v);
    } else if (strcmp(n, "backend") == 0) {
        if (!loop_has_backend(v))
            bad("unknown backend '%s'; epoll or poll", v);
        snprintf(c->backend, sizeof c->backend, "%s", v);
    } else if (strcmp(n, "max-conns") == 0) {
        c->max_conns = parse_positive(src, v, 1u << 24);
    } else if (strcmp(n, "max-conns-per-ip") == 0) {
        c->max_conns_per_ip = parse_uint(src, v, 1u << 24);
    } else if (strcmp(n, "send-timeout") == 0) {
        c->send_timeout = parse_uint(src, v, MAX_TIMEOUT);
    } else if (strcmp(n, "idle-timeout") == 0) {
        c->idle_timeout = parse_uint(src, v, MAX_TIMEOUT);
    } else if (strcmp(n, "request-timeout") == 0) {
        c->request_timeout = parse_uint(src, v, MAX_TIMEOUT);
    } else if (strcmp(n, "metrics") == 0) {
        set_metrics(c, src, v);
    } else if (strcmp(n, "stats-interval") == 0) {
        c->stats_interval = parse_uint(src, v, 86400 * 365);
    } else if (strcmp(n, "allow") == 0 || strcmp(n, "deny") == 0) {
        each_item(c, src, v, n[0] == 'a', acl_item);
    } else if (strcmp(n, "quiet") == 0) {
        if (!from_env || parse_bool(src, v))
            c->log_level = LOG_QUIET;
    } else if (strcmp(n, "verbose") == 0) {
        if (!from_env || parse_bool(src, v))
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
            apply(c, o, v, var, 1);
    }
    const char *host = getenv("KOAN_HOST");
    if (host)
        set_host(c, "KOAN_HOST", host);
}

/* What an operator may combine: an option that cannot apply to the mode
 * chosen is refused, not ignored. */
static void check_modes(const config *c)
{
    if (c->inetd && c->inetd_wait)
        bad("--inetd and --inetd-wait exclude each other");
    if (c->inetd && c->workers > 1)
        bad("--inetd serves one client: --workers does not apply");
    if ((c->inetd || c->inetd_wait) && strcmp(c->model, "async"))
        bad("%s serves with the async model, not --model %s", c->inetd ? "--inetd" : "--inetd-wait",
            c->model);
    if ((c->inetd || c->inetd_wait) && c->listen_given)
        bad("%s serves the socket on standard input: --listen, HOST and -p do not apply",
            c->inetd ? "--inetd" : "--inetd-wait");
    if (c->workers > 1 && strcmp(c->model, "async"))
        bad("--workers runs event loops (--model async), not --model %s", c->model);
    if (given(c, "threads") && strcmp(c->model, "threads"))
        bad("--threads sizes --model threads, not --model %s", c->model);
    if (given(c, "backend") && strcmp(c->model, "async"))
        bad("--backend chooses the event loop of --model async, not --model %s", c->model);
    if (given(c, "linger") && !c->inetd_wait)
        bad("--linger is for --inetd-wait only");
    if (c->metrics_set && (c->inetd || c->inetd_wait))
        bad("%s serves the socket on standard input: --metrics does not apply",
            c->inetd ? "--inetd" : "--inetd-wait");
    if (c->metrics_set && strcmp(c->model, "async"))
        bad("--metrics is served by the event loop (--model async), not --model %s", c->model);
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
                bad("unknown option -%c", optopt);
            bad("unknown option %s", argv[optind - 1]);
        }
        if (ch == ':')
            bad("option %s needs a value", argv[optind - 1]);
        const option_def *o = NULL;
        if (ch >= 256) {
            o = &options[ch - 256];
        } else {
            for (size_t i = 0; i < NOPTIONS; i++)
                if (options[i].short_name == ch)
                    o = &options[i];
        }
        if (!o)
            bad("unknown option %s", argv[optind - 1]);
        if (o->type == OPT_LISTEN && !argv_listen) {
            /* The command line's listeners replace the environment's. */
            argv_listen = 1;
            memmove(c->listen, c->listen + env_listens,
                    (size_t)(c->nlisten - env_listens) * sizeof c->listen[0]);
            memmove(spec_text, spec_text + env_listens,
                    (size_t)(c->nlisten - env_listens) * sizeof spec_text[0]);
            c->nlisten -= env_listens;
            env_listens = 0;
        }
        char src[40];
        if (ch >= 256)
            snprintf(src, sizeof src, "--%s", o->name);
        else
            snprintf(src, sizeof src, "-%c", ch);
        apply(c, o, optarg, src, 0);
    }
    if (optind < argc)
        set_host(c, "HOST", argv[optind++]);
    if (optind < argc)
        bad("unexpected argument '%s'", argv[optind]);
    check_modes(c);

    /* The single-protocol form, alone or beside --listen. */
    int single = c->host_set || c->port >= 0 || c->protocol[0];
    if (single || c->nlisten == 0) {
        if (!single) {
            for (const proto *const *p = registry_all(); *p; p++) {
                listen_spec *ls = &c->listen[c->nlisten];
                ls->pr = *p;
                snprintf(ls->host, sizeof ls->host, "127.0.0.1");
                ls->port = (*p)->port;
                snprintf(spec_text[c->nlisten++], sizeof spec_text[0],
                         "the default listener '%s@127.0.0.1:%u'", ls->pr->name, ls->port);
            }
        } else {
            if (c->nlisten == CONFIG_MAX_LISTEN)
                bad("too many listeners");
            listen_spec *ls = &c->listen[c->nlisten];
            ls->pr = c->protocol[0] ? registry_find(c->protocol) : registry_primary();
            snprintf(ls->host, sizeof ls->host, "%s", c->host_set ? c->host : "127.0.0.1");
            ls->port = c->port >= 0 ? (uint16_t)c->port : ls->pr->port;
            if (c->host_set)
                snprintf(spec_text[c->nlisten], sizeof spec_text[0], "%s '%s' (%s on port %u)",
                         host_src, c->host, ls->pr->name, ls->port);
            else
                snprintf(spec_text[c->nlisten], sizeof spec_text[0], "the listener of -p/-P '%s@127.0.0.1:%u'",
                         ls->pr->name, ls->port);
            c->nlisten++;
        }
    }
    /* The metrics listener is one more, checked with the others. */
    if (c->metrics_set && !c->inetd && !c->inetd_wait) {
        if (c->nlisten == CONFIG_MAX_LISTEN)
            bad("too many listeners");
        c->listen[c->nlisten] = c->metrics;
        snprintf(spec_text[c->nlisten++], sizeof spec_text[0], "%s", metrics_text);
    }
    /* Under inetd the socket comes from standard input: nothing is bound. */
    if (!c->inetd && !c->inetd_wait) {
        const char *texts[CONFIG_MAX_LISTEN];
        char err[1024];
        for (int i = 0; i < c->nlisten; i++)
            texts[i] = spec_text[i];
        if (listen_check(c->listen, texts, c->nlisten, err, sizeof err) < 0)
            bad("%s", err);
    }
}
