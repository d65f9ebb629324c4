/* koan: a client for koand (docs/protocols.md, "The koan client").
 *
 * zen replies carry no terminator, so a zen answer is taken to end at a
 * '.', as the teaching material's client does (every answer in the table,
 * and the error replies, end with one); the questions are the grammar's
 * own table (gen/zen_answers.h). Every other protocol koan speaks is a
 * line protocol, which answers every line with exactly one line (after the
 * greeting its parser gives, calc's one line), so the client sends a line
 * and reads one line back: lockstep keeps each reply next to its request
 * and needs no guessing. The protocols, their ports and greetings come
 * from the build's own tables. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "proto/protocols.h"
#include "runtime/registry.h"
#include "tools/client.h"

#ifndef KOAN_VERSION
#define KOAN_VERSION "0.1.0"
#endif

/* The aphorisms, as the zen grammar holds them. */
#define ANSWER_ROW(q, a) q,
static const char *const questions[] = {
#include "gen/zen_answers.h"
};
#undef ANSWER_ROW
#define NQUESTIONS (int)(sizeof questions / sizeof questions[0])

typedef struct options {
    const char *host;
    const char *port;
    const proto *pr;
    char port_text[8];      /* the protocol's own port, when -p is not given */
    int unfinished;         /* -e */
    int raw;                /* print reply bytes unchanged */
    int timeout_ms;         /* per connect, send or reply; 0 = none */
} options;

/* Replies received but not yet printed. */
typedef struct inbox {
    int fd;
    char *data;
    size_t len, cap;
    int eof;
} inbox;

/* is_zen: the question protocol; every other one koan speaks has lines. */
static int is_zen(const proto *pr) { return strcmp(pr->name, "zen") == 0; }

static void usage(FILE *f)
{
    char lines[256] = "";
    for (const proto *const *p = registry_all(); *p; p++)
        if ((*p)->lines)
            snprintf(lines + strlen(lines), sizeof lines - strlen(lines), "%s%s",
                     lines[0] ? "|" : "", (*p)->name);
    fprintf(f, "usage: koan [HOST] [-p PORT] [-e]            ask the zen questions\n"
               "       koan [HOST] [-p PORT] -P %-12s send standard input line by line\n"
               "\n"
               "  -p, --port PORT        server port (default: the protocol's:", lines);
    for (const proto *const *p = registry_all(); *p; p++)
        fprintf(f, " %u %s", (*p)->port, (*p)->name);
    fputs(")\n"
          "  -P, --protocol NAME    zen (default) or a line protocol\n"
          "  -e, --unfinished       zen: send a question without its '?', then hang up\n"
          "  -t, --timeout SECONDS  give up on a connect or reply after this long\n"
          "                         (default 10, 0 = wait forever)\n"
          "  -r, --raw              print replies byte for byte (default: CR LF -> LF)\n"
          "  -h, --help             show this help\n"
          "  -V, --version          show the version\n"
          "\n"
          "HOST defaults to 127.0.0.1; names and IPv6 addresses ([::1]) work.\n"
          "Exit status: 0 when every request got its reply, 1 on a network or\n"
          "server failure, 2 for bad options.\n",
          f);
}

static void bad(const char *what, const char *arg)
{
    fprintf(stderr, "koan: %s%s (try --help)\n", what, arg);
    exit(2);
}

static void parse_options(options *o, int argc, char **argv)
{
    static const struct option longs[] = {
        {"port", required_argument, NULL, 'p'},
        {"protocol", required_argument, NULL, 'P'},
        {"unfinished", no_argument, NULL, 'e'},
        {"timeout", required_argument, NULL, 't'},
        {"raw", no_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    *o = (options){.host = "127.0.0.1", .pr = registry_find("zen"), .timeout_ms = 10000};
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, ":p:P:et:rhV", longs, NULL)) != -1) {
        char *end;
        long v;
        switch (ch) {
        case 'p':
            v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 1 || v > 65535)
                bad("-p wants a port from 1 to 65535, not ", optarg);
            o->port = optarg;
            break;
        case 'P':
            o->pr = registry_find(optarg);
            if (!o->pr || !(o->pr->lines || is_zen(o->pr)))
                bad(o->pr ? "not zen nor a line protocol: " : "unknown protocol: ", optarg);
            break;
        case 'e':
            o->unfinished = 1;
            break;
        case 't':
            v = strtol(optarg, &end, 10);
            if (!*optarg || *end || v < 0 || v > 86400)
                bad("-t wants seconds, not ", optarg);
            o->timeout_ms = (int)v * 1000;
            break;
        case 'r':
            o->raw = 1;
            break;
        case 'h':
            usage(stdout);
            exit(0);
        case 'V':
            printf("koan %s\n", KOAN_VERSION);
            exit(0);
        case ':':
            bad("option needs a value: ", argv[optind - 1]);
            break;
        default:
            bad("unknown option ", optopt ? (char[]){'-', (char)optopt, 0} : argv[optind - 1]);
        }
    }
    if (optind < argc)
        o->host = argv[optind++];
    if (optind < argc)
        bad("unexpected argument ", argv[optind]);
    if (!o->pr)
        bad("this build has no zen protocol; name one with -P", "");
    if (o->unfinished && !is_zen(o->pr))
        bad("-e is for zen, not ", o->pr->name);
    if (!o->port) {
        snprintf(o->port_text, sizeof o->port_text, "%u", o->pr->port);
        o->port = o->port_text;
    }
}

/* fail: say why on standard error; returns the exit status 1. */
static int fail(const char *what)
{
    fprintf(stderr, "koan: %s\n", what);
    return 1;
}

/* inbox_fill: wait for more reply bytes; 0, or -1 after saying why. */
static int inbox_fill(inbox *in, const options *o)
{
    if (in->cap - in->len < 4096) {
        size_t cap = in->cap * 2;
        char *p = realloc(in->data, cap);
        if (!p) {
            fail("out of memory");
            return -1;
        }
        in->data = p;
        in->cap = cap;
    }
    ssize_t n = client_recv(in->fd, in->data + in->len, in->cap - in->len, o->timeout_ms);
    if (n < 0) {
        if (errno == ETIMEDOUT)
            fprintf(stderr, "koan: no reply within %d s\n", o->timeout_ms / 1000);
        else
            fprintf(stderr, "koan: %s\n", strerror(errno));
        return -1;
    }
    if (n == 0)
        in->eof = 1;
    in->len += (size_t)n;
    return 0;
}

static void inbox_drop(inbox *in, size_t n)
{
    memmove(in->data, in->data + n, in->len - n);
    in->len -= n;
}

/* print_reply: one reply line; CR LF becomes LF unless --raw, so the
 * output suits text tools. */
static void print_reply(const char *p, size_t n, const options *o)
{
    if (!o->raw && n >= 2 && p[n - 2] == '\r' && p[n - 1] == '\n') {
        fwrite(p, 1, n - 2, stdout);
        fputc('\n', stdout);
    } else {
        fwrite(p, 1, n, stdout);
    }
    fflush(stdout);
}

/* read_line: receive and print one reply line; 0, or -1 after saying why. */
static int read_line(inbox *in, const options *o)
{
    for (;;) {
        char *nl = memchr(in->data, '\n', in->len);
        if (nl) {
            size_t n = (size_t)(nl - in->data) + 1;
            print_reply(in->data, n, o);
            inbox_drop(in, n);
            return 0;
        }
        if (in->eof) {
            print_reply(in->data, in->len, o);
            inbox_drop(in, in->len);
            fail("the server closed the connection before replying");
            return -1;
        }
        if (inbox_fill(in, o) < 0)
            return -1;
    }
}

/* is_quit: the server ends the session after this line's reply. */
static int is_quit(const char *line, size_t n)
{
    while (n > 0 && line[n - 1] && strchr(" \t\r\n\v\f", line[n - 1]))
        n--;
    return n == 4 && memcmp(line, "quit", 4) == 0;
}

/* greeting_lines: the lines the server sends pr's client before any
 * request, as its parser says. */
static int greeting_lines(const proto *pr)
{
    buf out = {0};
    parser *ps = calloc(1, pr->size);
    if (!ps)
        return 0;
    ps->out = &out;
    ps->max_line = 65536;
    pr->init(ps);
    int n = 0;
    for (size_t i = 0; i < out.len; i++)
        n += out.data[i] == '\n';
    pr->release(ps);
    free(ps);
    buf_free(&out);
    return n;
}

static int run_lines(inbox *in, const options *o)
{
    for (int i = greeting_lines(o->pr); i > 0; i--)
        if (read_line(in, o) < 0)
            return 1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int status = 0;
    while ((n = getline(&line, &cap, stdin)) > 0) {
        if (client_send(in->fd, line, (size_t)n, o->timeout_ms) < 0) {
            status = fail(errno == ETIMEDOUT ? "the server stopped reading" : strerror(errno));
            break;
        }
        /* A last line without '\n' is ended by our close: koand answers it. */
        if (line[n - 1] != '\n')
            shutdown(in->fd, SHUT_WR);
        if (read_line(in, o) < 0) {
            status = 1;
            break;
        }
        if (is_quit(line, (size_t)n))
            break;
    }
    free(line);
    if (status)
        return status;
    /* Say we are done; the server closes once every reply is out, and
     * whatever else it sends on the way is shown. */
    shutdown(in->fd, SHUT_WR);
    while (!in->eof)
        if (inbox_fill(in, o) < 0)
            return 1;
    if (in->len)
        print_reply(in->data, in->len, o);
    return 0;
}

/* shuffle: the order the questions are asked in; a fresh one each run. */
static void shuffle(int order[NQUESTIONS])
{
    unsigned int seed;
    if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) != sizeof seed)
        seed = (unsigned int)time(NULL) ^ (unsigned int)getpid();
    srand(seed);
    for (int i = 0; i < NQUESTIONS; i++)
        order[i] = i;
    for (int i = NQUESTIONS - 1; i > 0; i--) {
        int j = rand() % (i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
}

static int run_zen(inbox *in, const options *o)
{
    if (o->unfinished) {
        /* The first question without its '?': koand logs the bytes it got. */
        const char *q = questions[0];
        size_t n = strlen(q) - 1;
        if (client_send(in->fd, q, n, o->timeout_ms) < 0)
            return fail(strerror(errno));
        printf("%.*s (sent %zu bytes without the '?', then hung up)\n", (int)n, q, n);
        return 0;
    }
    int order[NQUESTIONS];
    shuffle(order);
    for (int i = 0; i < NQUESTIONS; i++) {
        const char *q = questions[order[i]];
        if (client_send(in->fd, q, strlen(q), o->timeout_ms) < 0)
            return fail(strerror(errno));
        while (in->len == 0 || in->data[in->len - 1] != '.') {
            if (in->eof) {
                if (in->len)
                    printf("%s -> %.*s\n", q, (int)in->len, in->data);
                return fail("the server closed the connection before answering");
            }
            if (inbox_fill(in, o) < 0)
                return 1;
        }
        printf("%s -> %.*s\n", q, (int)in->len, in->data);
        fflush(stdout);
        in->len = 0;
    }
    return 0;
}

int main(int argc, char **argv)
{
    options o;
    if (registry_use(protocols) < 0)
        return fail("this build's protocols clash");
    parse_options(&o, argc, argv);
    char err[512];
    /* Allocated up front: no NULL buffer reaches memchr or memmove. */
    inbox in = {.cap = 8192, .data = malloc(8192)};
    if (!in.data)
        return fail("out of memory");
    in.fd = client_dial(o.host, o.port, o.timeout_ms, err, sizeof err);
    if (in.fd < 0) {
        free(in.data);
        return fail(err);
    }
    int status = is_zen(o.pr) ? run_zen(&in, &o) : run_lines(&in, &o);
    close(in.fd);
    free(in.data);
    return status;
}
