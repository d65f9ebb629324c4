/* facts: what the stress suite knows of each protocol. */
#ifndef KOAN_STRESS_FACTS_H
#define KOAN_STRESS_FACTS_H

enum { ZEN, CALC, ECHO, NPROTO };
extern const char *const proto_name[NPROTO];
/* One request per protocol, its whole answer (calc's welcome included), and
 * the busy line. */
extern const char *const req_text[NPROTO];
extern const char *const rep_text[NPROTO];
extern const char *const busy_text[NPROTO];
#define CALC_WELCOME "<welcome: starting in sum mode>\n"

#endif
