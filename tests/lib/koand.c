#include "tests/lib/koand.h"

#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto/protocols.h"
#include "runtime/registry.h"
#include "tests/lib/clock.h"
#include "tests/lib/proc.h"

/* Every koand started and not yet reaped, so that a test that fails half
 * way (cmocka jumps out of it) leaves no process and no log behind. */
#define MAX_LIVE 64
static struct {
    pid_t pid;
    char log_path[256];
} live[MAX_LIVE];

static char log_dir[200] = "/tmp";

void koand_log_dir(const char *dir) { snprintf(log_dir, sizeof log_dir, "%s", dir); }

static void live_add(const koand *k)
{
    for (int i = 0; i < MAX_LIVE; i++)
        if (live[i].pid == 0) {
            live[i].pid = k->pid;
            memcpy(live[i].log_path, k->log_path, sizeof live[i].log_path);
            return;
        }
}

static void live_remove(pid_t pid)
{
    for (int i = 0; i < MAX_LIVE; i++)
        if (live[i].pid == pid)
            live[i].pid = 0;
}

static int log_has_report(const char *path)
{
    char *s = proc_read(path, NULL);
    if (!s)
        return 0;
    int bad = strstr(s, "AddressSanitizer") || strstr(s, "LeakSanitizer") ||
              strstr(s, "ThreadSanitizer") || strstr(s, "UndefinedBehaviorSanitizer") ||
              strstr(s, "runtime error:");
    free(s);
    return bad;
}

/* Remove a log, unless it holds a sanitizer report: then say where it is. */
static void log_remove(const char *path)
{
    if (!path[0])
        return;
    if (log_has_report(path))
        fprintf(stderr, "koand: a sanitizer report; its log is kept: %s\n", path);
    else
        unlink(path);
}

void koand_kill_strays(pid_t keep)
{
    for (int i = 0; i < MAX_LIVE; i++) {
        if (live[i].pid == 0 || live[i].pid == keep)
            continue;
        spawn_reap(live[i].pid, 1, NULL);
        log_remove(live[i].log_path);
        live[i].pid = 0;
    }
}

/* Take the "listening PROTO on HOST:PORT" lines logged so far. */
static void scan_listeners(koand *k)
{
    char *log = koand_log(k);
    k->nlisten = 0;
    for (char *line = log; *line && k->nlisten < KOAND_MAX_LISTEN;) {
        char *end = strchr(line, '\n');
        if (!end)
            break;   /* a line still being written */
        *end = 0;
        char proto[16], where[128];
        if (sscanf(line, "koand: listening %15s on %127s", proto, where) == 2) {
            char *colon = strrchr(where, ':');
            if (colon) {
                *colon = 0;
                char *host = where;
                if (*host == '[') {
                    host++;
                    host[strlen(host) - 1] = 0;
                }
                int i = k->nlisten++;
                snprintf(k->ls[i].proto, sizeof k->ls[i].proto, "%s", proto);
                snprintf(k->ls[i].host, sizeof k->ls[i].host, "%.63s", host);
                k->ls[i].port = atoi(colon + 1);
            }
        }
        line = end + 1;
    }
    free(log);
}

/* A quiet koand logs no listening lines: its listening sockets, from
 * /proc in descriptor order, are its --listen NAME@HOST:0 in order. */
static void scan_proc(koand *k, const char *const *args, int nlisten)
{
    int ports[KOAND_MAX_LISTEN];
    if (nlisten > KOAND_MAX_LISTEN || proc_listen_ports(k->pid, ports, nlisten) < nlisten)
        return;
    int n = 0;
    for (int i = 0; args && args[i] && n < nlisten; i++) {
        if (strcmp(args[i], "--listen") != 0 || !args[i + 1])
            continue;
        const char *spec = args[++i], *at = strchr(spec, '@'), *colon = strrchr(spec, ':');
        if (!at || !colon || colon < at)
            return;
        snprintf(k->ls[n].proto, sizeof k->ls[n].proto, "%.*s", (int)(at - spec), spec);
        snprintf(k->ls[n].host, sizeof k->ls[n].host, "%.*s", (int)(colon - at - 1), at + 1);
        k->ls[n].port = ports[n];
        n++;
    }
    if (n == nlisten)
        k->nlisten = n;
}

static int quiet(const char *const *args)
{
    for (int i = 0; args && args[i]; i++)
        if (strcmp(args[i], "-q") == 0 || strcmp(args[i], "--quiet") == 0)
            return 1;
    return 0;
}

int koand_start_opts(koand *k, const spawn_opts *o, const char *const *args,
                     const char *const *env, int nlisten)
{
    memset(k, 0, sizeof *k);
    snprintf(k->log_path, sizeof k->log_path, "%s/koand-XXXXXX.log", log_dir);
    int lfd = mkostemps(k->log_path, 4, O_CLOEXEC);
    if (lfd < 0)
        return -1;
    spawn_opts so = o ? *o : (spawn_opts){0};
    so.use_fds = 1;
    so.fd[0] = so.fd[1] = -1;
    so.fd[2] = lfd;
    k->pid = spawn_koand(&so, args, env);
    close(lfd);
    if (k->pid < 0) {
        k->pid = 0;
        unlink(k->log_path);
        return -1;
    }
    live_add(k);
    int q = quiet(args);
    for (int64_t deadline = now_ms() + 15000; now_ms() < deadline; sleep_ms(5)) {
        scan_listeners(k);
        if (k->nlisten < nlisten && q)
            scan_proc(k, args, nlisten);
        if (k->nlisten >= nlisten)
            return 0;
        if (koand_reap(k))
            break;
    }
    char *log = koand_log(k);
    fprintf(stderr, "koand did not start (%d of %d listeners); its log:\n%s", k->nlisten,
            nlisten, log);
    free(log);
    koand_cleanup(k);
    return -1;
}

int koand_start(koand *k, const char *const *args, const char *const *env, int nlisten)
{
    return koand_start_opts(k, NULL, args, env, nlisten);
}

int koand_start_all(koand *k, const spawn_opts *o, ...)
{
    const char *extra[64];
    int n = 0;
    va_list ap;
    va_start(ap, o);
    for (const char *a; (a = va_arg(ap, const char *)) && n < 63;)
        extra[n++] = a;
    va_end(ap);
    extra[n] = NULL;
    return koand_start_opts(k, o, koand_listen_all(extra), NULL, koand_nlisten_all());
}

const char *const *koand_listen_all(const char *const *extra)
{
    static char specs[REGISTRY_MAX][64];
    static const char *args[64 + 2 * REGISTRY_MAX + 1];
    if (!registry_count())
        registry_use(protocols);
    int n = 0;
    for (; extra && extra[n] && n < 64; n++)
        args[n] = extra[n];
    for (int i = 0; i < registry_count(); i++) {
        snprintf(specs[i], sizeof specs[i], "%s@127.0.0.1:0", registry_all()[i]->name);
        args[n++] = "--listen";
        args[n++] = specs[i];
    }
    args[n] = NULL;
    return args;
}

int koand_nlisten_all(void)
{
    if (!registry_count())
        registry_use(protocols);
    return registry_count();
}

int koand_port(const koand *k, const char *proto)
{
    for (int i = 0; i < k->nlisten; i++)
        if (strcmp(k->ls[i].proto, proto) == 0)
            return k->ls[i].port;
    return 0;
}

/* Reap within timeout_ms (0: only if it has exited); 1 once reaped. */
static int koand_reap_in(koand *k, int timeout_ms)
{
    if (k->pid <= 0)
        return 1;
    int st = spawn_reap(k->pid, timeout_ms, &k->sig);
    if (st == -2)
        return 0;
    live_remove(k->pid);
    k->pid = 0;
    k->reaped = 1;
    k->status = st;
    return 1;
}

int koand_reap(koand *k) { return koand_reap_in(k, 0); }

int koand_signal(koand *k, int sig, int timeout_ms)
{
    if (k->pid <= 0)
        return k->reaped ? k->status : -1;
    kill(k->pid, sig);
    koand_reap_in(k, timeout_ms > 0 ? timeout_ms : 1);
    return k->status;
}

int koand_wait(koand *k, int timeout_ms)
{
    if (k->pid <= 0)
        return k->reaped ? k->status : -1;
    koand_reap_in(k, timeout_ms > 0 ? timeout_ms : 1);
    return k->status;
}

int koand_stop(koand *k) { return koand_signal(k, SIGTERM, 10000); }

void koand_forget(koand *k)
{
    live_remove(k->pid);
    k->pid = 0;
}

void koand_cleanup(koand *k)
{
    if (k->pid > 0) {
        kill(k->pid, SIGKILL);
        koand_reap_in(k, 10000);
        k->status = -1;
    }
    log_remove(k->log_path);
    k->log_path[0] = 0;
}

void koand_done(koand *k, int keep)
{
    if (k->pid > 0)
        koand_signal(k, SIGTERM, 5000);
    const char *a = getenv("KOAN_KEEP_LOGS"), *b = getenv("STRESS_KEEP");
    if (keep || (a && *a) || (b && *b))
        return;
    log_remove(k->log_path);
}

char *koand_log(const koand *k)
{
    char *s = proc_read(k->log_path, NULL);
    return s ? s : calloc(1, 1);
}

int koand_log_count(const koand *k, const char *text)
{
    char *log = koand_log(k);
    int n = 0;
    for (char *line = log; *line;) {
        char *end = strchr(line, '\n');
        if (end)
            *end = 0;
        n += strstr(line, text) != NULL;
        if (!end)
            break;
        line = end + 1;
    }
    free(log);
    return n;
}

int koand_log_wait(const koand *k, const char *text, int timeout_ms)
{
    for (int64_t deadline = now_ms() + timeout_ms;; sleep_ms(5)) {
        if (koand_log_count(k, text) > 0)
            return 1;
        if (now_ms() >= deadline)
            return 0;
    }
}

int koand_sanitized(const koand *k) { return log_has_report(k->log_path); }

static int count_stats_lines(const char *s)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, "koand: stats: ")); p++)
        n++;
    return n;
}

long koand_stat(koand *k, const char *name)
{
    if (k->pid <= 0)
        return -1;
    char *s = koand_log(k);
    int before = count_stats_lines(s);
    free(s);
    kill(k->pid, SIGUSR1);
    for (int64_t deadline = now_ms() + 3000; now_ms() < deadline; sleep_ms(10)) {
        s = koand_log(k);
        if (count_stats_lines(s) > before) {
            char *last = s, *p;
            while ((p = strstr(last + 1, "koand: stats: ")))
                last = p;
            char *eol = strchr(last, '\n');
            if (!eol) { /* the line is still being written */
                free(s);
                continue;
            }
            *eol = 0;
            char key[64];
            snprintf(key, sizeof key, " %s=", name);
            char *at = strstr(last, key);
            long v = at ? strtol(at + strlen(key), NULL, 10) : -1;
            free(s);
            return v;
        }
        free(s);
    }
    return -1;
}

long koand_vm_kb(const koand *k, const char *field) { return proc_status_kb(k->pid, field); }

int koand_run(const char *const *args, const char *const *env, char **out, char **err,
              int timeout_ms)
{
    char opath[] = "/tmp/koan-run-out-XXXXXX", epath[] = "/tmp/koan-run-err-XXXXXX";
    int ofd = mkostemp(opath, O_CLOEXEC), efd = mkostemp(epath, O_CLOEXEC);
    int st = -1;
    if (ofd >= 0 && efd >= 0) {
        spawn_opts o = {.use_fds = 1, .fd = {-1, ofd, efd}};
        pid_t pid = spawn_koand(&o, args, env);
        if (pid > 0)
            st = spawn_reap(pid, timeout_ms, NULL);
    }
    if (ofd >= 0)
        close(ofd);
    if (efd >= 0)
        close(efd);
    *out = proc_read(opath, NULL);
    *err = proc_read(epath, NULL);
    if (!*out)
        *out = calloc(1, 1);
    if (!*err)
        *err = calloc(1, 1);
    unlink(opath);
    unlink(epath);
    return st;
}

int koand_sanitized_build(void)
{
    static int known = -1;
    if (known >= 0)
        return known;
    char bin[300];
    size_t n = 0;
    char *s = proc_read(spawn_path(bin, sizeof bin), &n);
    known = s && (memmem(s, n, "__asan_init", 11) || memmem(s, n, "__tsan_init", 11));
    free(s);
    return known;
}
