/* Transitional: the texts of the scenarios not yet derived from facts.h. */
#ifndef KOAN_STRESS_LEGACY_H
#define KOAN_STRESS_LEGACY_H
#include <stddef.h>

enum { ZEN, CALC, ECHO, NPROTO };
extern const char *const proto_name[NPROTO];
extern const char *const req_text[NPROTO];
extern const char *const rep_text[NPROTO];
extern const char *const busy_text[NPROTO];
#define CALC_WELCOME "<welcome: starting in sum mode>\n"
extern const char *const zen_q[4];
extern const char *const zen_a[4];
void zen_build(int n, char **out, size_t *ol, char **exp, size_t *el);

#endif
