/* dot-view: make a Ragel state diagram (ragel -Vp) say what it does.
 *
 *   dot-view GRAMMAR [--condense] <in.dot >out.dot
 *
 * Ragel labels an inline action by where it sits ("21:36", line and column
 * of its '{' in GRAMMAR); dot-view writes the action's code there instead
 * (ANSWER("Ugly.")), and leaves named actions as they are. With --condense
 * it also draws each run of single letters as one edge: a state whose only
 * way in is one plain letter, and whose other ways out are the same as the
 * state before it, is folded into that state ('B' 'e' 'a' ... becomes one
 * edge "Beautiful is better than"). What a wrong letter or a '?' does on
 * the way is then drawn once, from the run's first state. The machines
 * stay the grammar's: nothing here knows a protocol. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EDGES 20000
#define MAX_LINES 4096
#define LABEL_MAX 1024

typedef struct edge {
    char from[32], to[32];
    char label[LABEL_MAX];
    int gone;
} edge;

static edge edges[MAX_EDGES];
static int nedges;
static char *src[MAX_LINES];   /* the grammar, by line (1-based) */
static int nsrc;

static void die(const char *what)
{
    fprintf(stderr, "dot-view: %s\n", what);
    exit(1);
}

static void read_grammar(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die("cannot read the grammar");
    char line[4096];
    while (nsrc < MAX_LINES - 1 && fgets(line, sizeof line, f))
        src[++nsrc] = strdup(line);
    fclose(f);
}

/* The code of the inline action whose '{' is at line:col, braces, spaces
 * and a last ';' left off; NULL if there is none there. */
static const char *action_code(int line, int col, char *out, size_t len)
{
    if (line < 1 || line > nsrc || col < 1 || (size_t)col > strlen(src[line]) ||
        src[line][col - 1] != '{')
        return NULL;
    const char *p = src[line] + col, *end = strchr(p, '}');
    if (!end)
        return NULL;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == ';'))
        end--;
    snprintf(out, len, "%.*s", (int)(end - p), p);
    return out;
}

/* label with every "L:C" action replaced by its code, dot-escaped. */
static void name_actions(char *label)
{
    char *slash = strstr(label, " / ");
    if (!slash)
        return;
    char out[LABEL_MAX];
    size_t o = (size_t)(slash - label) + 3;
    memcpy(out, label, o);
    for (char *tok = slash + 3; *tok && o < sizeof out - 1;) {
        char *comma = strstr(tok, ", ");
        size_t tl = comma ? (size_t)(comma - tok) : strlen(tok);
        int line, col, used = 0;
        char code[256];
        const char *c = NULL;
        if (sscanf(tok, "%d:%d%n", &line, &col, &used) == 2 && (size_t)used == tl)
            c = action_code(line, col, code, sizeof code);
        if (c) {
            for (; *c && o < sizeof out - 2; c++) {
                if (*c == '"' || *c == '\\')
                    out[o++] = '\\';
                out[o++] = *c;
            }
        } else {
            size_t k = tl < sizeof out - 1 - o ? tl : sizeof out - 1 - o;
            memcpy(out + o, tok, k);
            o += k;
        }
        if (!comma)
            break;
        if (o < sizeof out - 3) {
            memcpy(out + o, ", ", 2);
            o += 2;
        }
        tok = comma + 2;
    }
    out[o] = 0;
    snprintf(label, LABEL_MAX, "%s", out);
}

/* The letter a plain one-letter label stands for ('x' or SP), else 0. */
static int plain_letter(const char *label)
{
    if (strcmp(label, "SP") == 0)
        return ' ';
    if (strlen(label) == 3 && label[0] == '\'' && label[2] == '\'' && label[1] != '\\')
        return (unsigned char)label[1];
    return 0;
}

static int in_degree(const char *node)
{
    int n = 0;
    for (int i = 0; i < nedges; i++)
        if (!edges[i].gone && strcmp(edges[i].to, node) == 0)
            n++;
    return n;
}

/* 1 if the live out-edges of a, but skip_a, are those of b, but skip_b. */
static int same_sides(const char *a, int skip_a, const char *b, int skip_b)
{
    int na = 0, nb = 0;
    for (int i = 0; i < nedges; i++) {
        if (edges[i].gone || i == skip_a || strcmp(edges[i].from, a) != 0)
            continue;
        na++;
        int found = 0;
        for (int j = 0; j < nedges && !found; j++)
            found = !edges[j].gone && j != skip_b && strcmp(edges[j].from, b) == 0 &&
                    strcmp(edges[j].to, edges[i].to) == 0 &&
                    strcmp(edges[j].label, edges[i].label) == 0;
        if (!found)
            return 0;
    }
    for (int j = 0; j < nedges; j++)
        nb += !edges[j].gone && j != skip_b && strcmp(edges[j].from, b) == 0;
    return na == nb;
}

/* The text a run's edge stands for, without quotes: 'e' -> e, "ab" -> ab. */
static void run_text(const char *label, char *out, size_t len)
{
    int c = plain_letter(label);
    if (c)
        snprintf(out, len, "%c", c);
    else if (label[0] == '"')
        snprintf(out, len, "%.*s", (int)strlen(label) - 2, label + 1);
    else
        snprintf(out, len, "%s", label);
}

/* Fold states into the edge that leads to them, while any can be. */
static void condense(const char *finals)
{
    for (int changed = 1; changed;) {
        changed = 0;
        for (int i = 0; i < nedges; i++) {
            edge *in = &edges[i];
            /* in: P -> S on a plain letter, or a run already folded. */
            if (in->gone || strchr(in->label, '/') || strcmp(in->from, in->to) == 0 ||
                (!plain_letter(in->label) && in->label[0] != '"'))
                continue;
            const char *s = in->to;
            char pad[40];
            snprintf(pad, sizeof pad, " %s ", s);
            if (strstr(finals, pad) || in_degree(s) != 1)
                continue;
            /* S's one way on: a plain letter to a state of its own. */
            int step = -1, nsteps = 0;
            for (int j = 0; j < nedges; j++)
                if (!edges[j].gone && strcmp(edges[j].from, s) == 0 &&
                    plain_letter(edges[j].label) && strcmp(edges[j].to, s) != 0 &&
                    in_degree(edges[j].to) == 1) {
                    step = j;
                    nsteps++;
                }
            if (nsteps != 1 || !same_sides(s, step, in->from, i))
                continue;
            char a[LABEL_MAX - 32], b[16];
            run_text(in->label, a, sizeof a);
            run_text(edges[step].label, b, sizeof b);
            snprintf(edges[step].label, LABEL_MAX, "\"%.*s%s\"", (int)(LABEL_MAX - 40), a, b);
            memcpy(edges[step].from, in->from, sizeof edges[step].from);
            in->gone = 1;
            for (int j = 0; j < nedges; j++)
                if (!edges[j].gone && strcmp(edges[j].from, s) == 0)
                    edges[j].gone = 1;
            changed = 1;
        }
    }
}

/* A folded run's label as dot text: \"Beautiful...\" in the label. */
static void print_label(const char *label)
{
    for (const char *c = label; *c; c++) {
        if (*c == '"' && (c == label || !c[1]))
            fputs("\\\"", stdout);
        else
            putchar(*c);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "--condense") != 0))
        die("usage: dot-view GRAMMAR [--condense] <in.dot >out.dot");
    read_grammar(argv[1]);
    int fold = argc == 3;
    static char *head[MAX_LINES], *tail[MAX_LINES];
    int nhead = 0, ntail = 0;
    char finals[8192] = " ";
    int in_finals = 0;
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        edge e = {0};
        char *lab = strstr(line, " [ label = \"");
        if (lab && sscanf(line, " %31s -> %31s [", e.from, e.to) == 2) {
            char *start = lab + strlen(" [ label = \""), *end = strrchr(start, '"');
            if (!end || nedges == MAX_EDGES)
                die("an edge it cannot read");
            snprintf(e.label, sizeof e.label, "%.*s", (int)(end - start), start);
            name_actions(e.label);
            edges[nedges++] = e;
            continue;
        }
        /* Final states are listed after the doublecircle node line. */
        if (strstr(line, "doublecircle"))
            in_finals = 1;
        else if (strstr(line, "node ["))
            in_finals = 0;
        else if (in_finals && strlen(finals) + strlen(line) + 2 < sizeof finals) {
            char name[32];
            if (sscanf(line, " %31[^;];", name) == 1) {
                strcat(finals, name);
                strcat(finals, " ");
            }
        }
        if (nedges == 0 && nhead < MAX_LINES)
            head[nhead++] = strdup(line);
        else if (ntail < MAX_LINES)
            tail[ntail++] = strdup(line);
    }
    if (fold)
        condense(finals);
    for (int i = 0; i < nhead; i++)
        fputs(head[i], stdout);
    for (int i = 0; i < nedges; i++) {
        if (edges[i].gone)
            continue;
        printf("\t%s -> %s [ label = \"", edges[i].from, edges[i].to);
        print_label(edges[i].label);
        puts("\" ];");
    }
    for (int i = 0; i < ntail; i++)
        fputs(tail[i], stdout);
    return 0;
}
