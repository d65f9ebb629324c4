/* facts: what the stress suite knows of each protocol of the build. All of
 * it comes from the protocol's table (runtime/proto.h: name, busy line,
 * lines, samples) and from its parser run in-process (tests/lib/conv.h): a
 * scenario names no protocol, so a unit added to the build is exercised by
 * every scenario that loops over them. Protocols are numbered 0..nproto-1
 * in the registry's order (by default port). */
#ifndef KOAN_STRESS_FACTS_H
#define KOAN_STRESS_FACTS_H
#include <stddef.h>

#include "runtime/proto.h"
#include "runtime/registry.h"

#define FACTS_MAX REGISTRY_MAX
/* The longest whole answer to a protocol's request (greeting included)
 * the short clients keep. */
#define FACTS_REP_MAX 255
/* What the parsers run here get as max_line: koand's default --max-line.
 * Only what stays under it is predicted this way; the answer to a longer
 * line is learned with a small max_line (too_long). */
#define FACTS_MAX_LINE 65536
/* The line that ends a session where `quits` says so (conv_quits). */
#define FACTS_QUIT "quit\n"

typedef struct pfacts {
    const proto *pr;
    const char *name; /* pr->name */
    const char *busy; /* pr->busy: the line a client gets when koand is full */
    int lines;        /* pr->lines: framed as lines, bounded by --max-line */
    int quits;        /* a line "quit" ends the session (conv_quits) */
    /* The request most scenarios send, samples[0], and the whole answer a
     * fresh connection gets to it: the greeting rep[0..greet_len), if the
     * protocol has one, then the reply. */
    const char *req;
    size_t req_len;
    char *rep;
    size_t rep_len, greet_len;
    /* The latency probe's request, samples[1] if there is one, and the
     * reply it gets each time it is sent (greeting excluded). */
    const char *probe_req;
    char *probe_rep;
    size_t probe_rep_len;
    /* Line protocols: the reply to a line longer than --max-line. */
    char *too_long;
    size_t too_long_len;
    char term; /* the byte that ends a request: LF, or the last of req's */
    char fill; /* what a long request is made of: req's first byte (calc's
                * line of digits is a number until it is too long) */
    /* The sample that earns the most reply per byte sent, and that ratio
     * (greeting excluded): what a client that never reads sends. */
    const char *loud;
    size_t loud_len, loud_rep_len;
    double loud_ratio;
    /* Reply bytes per request byte over one round of every sample. */
    double cycle_ratio;
} pfacts;

/* nproto: how many protocols the build has; facts: theirs. */
extern int nproto;
extern pfacts facts[FACTS_MAX];

/* facts_load: learn every protocol's facts; 0, or -1 with the reason in
 * why (a sample that does not behave as runtime/proto.h says). */
int facts_load(char *why, size_t len);
/* facts_print: every protocol's facts, for a person adding one. */
void facts_print(void);
/* facts_answer: what a fresh connection of protocol p gets for in[0..n),
 * greeting included; eof: the client then closes its side. malloc'd,
 * NUL-terminated; *len its length. */
char *facts_answer(int p, const char *in, size_t n, int eof, size_t *len);
/* facts_cycle: `times` requests cycling through p's samples, concatenated
 * (malloc'd, NUL-terminated); *len their length. */
char *facts_cycle(int p, size_t times, size_t *len);
/* facts_repeat: req repeated `times` times (malloc'd); *len its length. */
char *facts_repeat(const char *req, size_t req_len, size_t times, size_t *len);
/* A pipeline of requests and the replies due, with where each ends, to
 * count how many of them a stream cut anywhere holds. */
typedef struct script {
    char *in; /* the requests, concatenated */
    size_t in_len;
    size_t *in_end; /* in_end[j]: where request j ends in `in` */
    char *out;      /* the whole answer, greeting included */
    size_t out_len;
    size_t *out_end; /* out_end[j]: where the reply to request j ends */
    size_t greet;    /* the greeting's length */
    int n;
} script;
/* facts_script: n requests of p cycling through its samples from sample
 * `first` on (so clients of one protocol need not send the same bytes),
 * and what its parser answers, request by request. */
void facts_script(script *s, int p, size_t first, int n);
/* script_free: give back what facts_script allocated. */
void script_free(script *s);
/* script_requests: how many whole requests in[0..bytes) holds. */
int script_requests(const script *s, size_t bytes);
/* script_replies: how many whole replies out[0..bytes) holds. */
int script_replies(const script *s, size_t bytes);
/* facts_loudest: the protocol whose loud sample earns the most reply per
 * byte (the first of equals): the one to flood a client that reads
 * nothing with. */
int facts_loudest(void);
/* facts_quietest: the protocol whose replies to a round of its samples
 * are the shortest for their size (the first of equals): the one for a
 * long pipeline written before any reply is read. */
int facts_quietest(void);
/* facts_names: the names of the protocols for which keep(p) is 1, as
 * "calc, echo" (all if keep is NULL), into out; returns out. */
const char *facts_names(char *out, size_t len, int (*keep)(int p));
/* facts_find: the number of the protocol called name, -1 if none. */
int facts_find(const char *name);
/* facts_is_line: keep for facts_names: line protocols. */
int facts_is_line(int p);
/* facts_is_quitter: keep for facts_names: protocols a "quit" line ends. */
int facts_is_quitter(int p);

#endif
