#include "tests/stress/facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/buf.h"
#include "tests/lib/conv.h"
#include "tests/stress/report.h"

int nproto;
pfacts facts[FACTS_MAX];

char *facts_answer(int p, const char *in, size_t n, int eof, size_t *len)
{
    return conv_run(facts[p].pr, in, n, 0, 0, eof, FACTS_MAX_LINE, len);
}

char *facts_cycle(int p, size_t times, size_t *len)
{
    return conv_repeat(facts[p].pr->samples, times, len);
}

char *facts_repeat(const char *req, size_t req_len, size_t times, size_t *len)
{
    char *s = malloc(req_len * times + 1);
    if (!s)
        abort();
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * req_len, req, req_len);
    s[req_len * times] = 0;
    *len = req_len * times;
    return s;
}

void facts_script(script *s, int p, size_t first, int n)
{
    const proto *pr = facts[p].pr;
    size_t ns = 0;
    while (pr->samples[ns])
        ns++;
    buf in = {0}, out = {0};
    parser *ps = conv_parser(pr, &out, FACTS_MAX_LINE, 0);
    s->greet = out.len;
    s->in_end = malloc((size_t)n * sizeof *s->in_end);
    s->out_end = malloc((size_t)n * sizeof *s->out_end);
    s->n = n;
    for (int j = 0; j < n; j++) {
        const char *req = pr->samples[(first + (size_t)j) % ns];
        buf_put(&in, req, strlen(req));
        pr->feed(ps, req, strlen(req));
        s->in_end[j] = in.len;
        s->out_end[j] = out.len;
    }
    conv_parser_free(pr, ps);
    s->in = in.data;
    s->in_len = in.len;
    s->out = out.data;
    s->out_len = out.len;
}

void script_free(script *s)
{
    free(s->in);
    free(s->in_end);
    free(s->out);
    free(s->out_end);
}

/* How many of the n ascending ends are at most bytes. */
static int ends_within(const size_t *end, int n, size_t bytes)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (end[mid] <= bytes)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int script_requests(const script *s, size_t bytes) { return ends_within(s->in_end, s->n, bytes); }

int script_replies(const script *s, size_t bytes) { return ends_within(s->out_end, s->n, bytes); }

/* The reply a fresh connection gets to req, greeting excluded (malloc'd). */
static char *reply_to(int p, const char *req, size_t *len)
{
    size_t n;
    char *a = facts_answer(p, req, strlen(req), 0, &n);
    size_t g = facts[p].greet_len;
    memmove(a, a + g, n - g + 1);
    *len = n - g;
    return a;
}

/* 1 if req earns the same reply each time it is sent, rep[0..rl). */
static int steady(int p, const char *req, const char *rep, size_t rl)
{
    size_t n, g = facts[p].greet_len;
    char *in = facts_repeat(req, strlen(req), 3, &n);
    char *a = facts_answer(p, in, n, 0, &n);
    int ok = n == g + 3 * rl;
    for (int i = 0; ok && i < 3; i++)
        ok = memcmp(a + g + (size_t)i * rl, rep, rl) == 0;
    free(in);
    free(a);
    return ok;
}

/* The probe sends one request again and again: samples[1], or samples[0]
 * if there is none or its reply changes from one time to the next. */
static int learn_probe(int p)
{
    pfacts *f = &facts[p];
    const char *const *s = f->pr->samples;
    for (int i = s[1] ? 1 : 0; i >= 0; i--) {
        f->probe_req = s[i];
        f->probe_rep = reply_to(p, s[i], &f->probe_rep_len);
        if (f->probe_rep_len && steady(p, s[i], f->probe_rep, f->probe_rep_len))
            return 0;
        free(f->probe_rep);
        f->probe_rep = NULL;
    }
    return -1;
}

/* What a line past max_line gets: learned with max_line 16 on 64 bytes of
 * fill, greeting excluded. */
static void learn_too_long(int p)
{
    pfacts *f = &facts[p];
    char in[65];
    memset(in, f->fill, 64);
    in[64] = '\n';
    size_t n;
    char *a = conv_run(f->pr, in, sizeof in, 0, 0, 0, 16, &n);
    memmove(a, a + f->greet_len, n - f->greet_len + 1);
    f->too_long = a;
    f->too_long_len = n - f->greet_len;
}

/* The loud sample and the ratios of reply to request bytes. */
static void learn_ratios(int p)
{
    pfacts *f = &facts[p];
    f->loud_ratio = -1;
    size_t round = 0;
    for (const char *const *s = f->pr->samples; *s; s++) {
        size_t in = strlen(*s), out;
        free(reply_to(p, *s, &out));
        if (in && (double)out / (double)in > f->loud_ratio) {
            f->loud = *s;
            f->loud_len = in;
            f->loud_rep_len = out;
            f->loud_ratio = (double)out / (double)in;
        }
        round++;
    }
    size_t n, out;
    char *in = facts_cycle(p, round, &n);
    free(facts_answer(p, in, n, 0, &out));
    f->cycle_ratio = n ? (double)(out - f->greet_len) / (double)n : 0;
    free(in);
}

static int learn(int p, char *why, size_t len)
{
    pfacts *f = &facts[p];
    const proto *pr = f->pr;
    f->name = pr->name;
    f->busy = pr->busy ? pr->busy : "";
    f->lines = pr->lines;
    if (!pr->samples || !pr->samples[0] || !pr->samples[0][0]) {
        snprintf(why, len, "%s: no samples (runtime/proto.h)", f->name);
        return -1;
    }
    f->quits = conv_quits(pr);
    f->greet_len = conv_greeting_len(pr);
    f->req = pr->samples[0];
    f->req_len = strlen(f->req);
    f->rep = facts_answer(p, f->req, f->req_len, 0, &f->rep_len);
    if (f->rep_len == f->greet_len) {
        snprintf(why, len, "%s: samples[0] gets no reply", f->name);
        return -1;
    }
    if (f->rep_len > FACTS_REP_MAX) {
        snprintf(why, len, "%s: the answer to samples[0] is %zu bytes, more than %d", f->name,
                 f->rep_len, FACTS_REP_MAX);
        return -1;
    }
    if (learn_probe(p) < 0) {
        snprintf(why, len, "%s: samples[0] and [1] earn no steady reply", f->name);
        return -1;
    }
    f->term = f->lines ? '\n' : f->req[f->req_len - 1];
    f->fill = f->req[0] != f->term ? f->req[0] : 'x';
    if (f->lines)
        learn_too_long(p);
    learn_ratios(p);
    return 0;
}

int facts_load(char *why, size_t len)
{
    const proto *const *all = conv_protocols();
    nproto = 0;
    for (; all[nproto] && nproto < FACTS_MAX; nproto++)
        facts[nproto].pr = all[nproto];
    for (int p = 0; p < nproto; p++)
        if (learn(p, why, len) < 0)
            return -1;
    return nproto ? 0 : -1;
}

int facts_loudest(void)
{
    int best = 0;
    for (int p = 1; p < nproto; p++)
        if (facts[p].loud_ratio > facts[best].loud_ratio)
            best = p;
    return best;
}

int facts_quietest(void)
{
    int best = 0;
    for (int p = 1; p < nproto; p++)
        if (facts[p].cycle_ratio < facts[best].cycle_ratio)
            best = p;
    return best;
}

int facts_find(const char *name)
{
    for (int p = 0; p < nproto; p++)
        if (strcmp(facts[p].name, name) == 0)
            return p;
    return -1;
}

int facts_is_line(int p) { return facts[p].lines; }
int facts_is_quitter(int p) { return facts[p].quits; }

const char *facts_names(char *out, size_t len, int (*keep)(int p))
{
    size_t k = 0;
    out[0] = 0;
    for (int p = 0; p < nproto && k < len; p++) {
        if (keep && !keep(p))
            continue;
        int w = snprintf(out + k, len - k, "%s%s", k ? ", " : "", facts[p].name);
        if (w < 0)
            break;
        k += (size_t)w;
    }
    return out;
}

void facts_print(void)
{
    char a[128], b[128];
    for (int p = 0; p < nproto; p++) {
        const pfacts *f = &facts[p];
        printf("%s: port %d%s%s\n", f->name, f->pr->port, f->lines ? ", lines" : "",
               f->quits ? ", quit ends a session" : "");
        printf("  greeting \"%s\"\n", show_escape(f->rep, f->greet_len, a, sizeof a));
        printf("  request \"%s\" -> \"%s\"\n", show_escape(f->req, f->req_len, a, sizeof a),
               show_escape(f->rep + f->greet_len, f->rep_len - f->greet_len, b, sizeof b));
        printf("  probe \"%s\" -> \"%s\"\n", show_escape(f->probe_req, strlen(f->probe_req), a, sizeof a),
               show_escape(f->probe_rep, f->probe_rep_len, b, sizeof b));
        printf("  busy \"%s\"\n", show_escape(f->busy, strlen(f->busy), a, sizeof a));
        if (f->lines)
            printf("  too long \"%s\"\n", show_escape(f->too_long, f->too_long_len, a, sizeof a));
        printf("  terminator \"%s\", fill \"%s\"\n", show_escape(&f->term, 1, a, sizeof a),
               show_escape(&f->fill, 1, b, sizeof b));
        printf("  loud \"%s\" (%.2f reply bytes per byte); a round of samples %.2f\n",
               show_escape(f->loud, f->loud_len, a, sizeof a), f->loud_ratio, f->cycle_ratio);
    }
}
