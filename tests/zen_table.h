/* zen_table: the zen grammar's own aphorisms (gen/zen_answers.h, which make
 * draws from grammar/zen.rl), for tests that must hold whatever aphorisms an
 * operator adds. A test may take a question to be unknown only by
 * construction: it holds ZEN_ALIEN, a byte no aphorism holds (test_zen.c
 * checks that against the table), or its reply is looked up here. */
#ifndef KOAN_TEST_ZEN_TABLE_H
#define KOAN_TEST_ZEN_TABLE_H
#include <stddef.h>
#include <string.h>

#define ZEN_UNKNOWN "Error: unknown aphorism."
/* A byte no aphorism holds: a question with it is unknown. */
#define ZEN_ALIEN "\x01"

#define ANSWER_ROW(q, a) {q, sizeof(q) - 1, a},
static const struct {
    const char *question;
    size_t len;             /* a question's bytes, a NUL among them too */
    const char *answer;
} zen_table[] = {
#include "gen/zen_answers.h"
};
#undef ANSWER_ROW
#define ZEN_TABLE_ROWS (sizeof zen_table / sizeof zen_table[0])

/* zen_reply: what the question q (its '?' included, no whitespace before
 * it) gets: its aphorism's answer, or the unknown-aphorism error. */
static inline const char *zen_reply(const char *q)
{
    for (size_t i = 0; i < ZEN_TABLE_ROWS; i++)
        if (zen_table[i].len == strlen(q) && memcmp(zen_table[i].question, q, zen_table[i].len) == 0)
            return zen_table[i].answer;
    return ZEN_UNKNOWN;
}

/* zen_table_holds: 1 if some aphorism holds byte c. */
static inline int zen_table_holds(unsigned char c)
{
    for (size_t i = 0; i < ZEN_TABLE_ROWS; i++)
        if (memchr(zen_table[i].question, c, zen_table[i].len))
            return 1;
    return 0;
}

#endif
