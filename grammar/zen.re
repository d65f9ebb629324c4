/* zen oracle (docs/protocols.md, zen), recognized by re2c from the
 * reference alone: a question is everything from the first byte that is not
 * ASCII whitespace up to and including the next '?'. The questions that
 * have answers are a table, the grammar's own (gen/zen_answers.h, which make
 * draws from grammar/zen.rl): the data is shared, the recognition is not. */
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"

#define ANSWER_ROW(q, a) {q, sizeof(q) - 1, a},
static const struct {
    const char *question;
    size_t len;
    const char *answer;
} aphorisms[] = {
#include "gen/zen_answers.h"
};
#undef ANSWER_ROW

/* The reply to the question q[0..n), its '?' included. */
static const char *reply_to(const unsigned char *q, size_t n)
{
    for (size_t i = 0; i < sizeof aphorisms / sizeof aphorisms[0]; i++)
        if (aphorisms[i].len == n && memcmp(aphorisms[i].question, q, n) == 0)
            return aphorisms[i].answer;
    return "Error: unknown aphorism.";
}

/*!re2c
    re2c:define:YYCTYPE = "unsigned char";
    re2c:yyfill:enable = 0;
    re2c:eof = 0;
*/

oracle_end oracle_zen(const char *in, size_t n, int eof, size_t max_line, buf *out)
{
    /* Nothing is owed at close: an unfinished question is only logged. */
    (void)eof;
    (void)max_line;
    oracle_end end = {n, 0, 0};
    /* The EOF rule needs a sentinel after the input; a NUL inside the input
     * is told from it by YYLIMIT. */
    unsigned char *b = malloc(n + 1);
    if (!b)
        abort();
    memcpy(b, in, n);
    b[n] = 0;
    const unsigned char *YYCURSOR = b, *YYLIMIT = b + n;
    for (;;) {
        const unsigned char *tok = YYCURSOR;
        /*!re2c
            space = [ \t\r\n];
            body = [^ \t\r\n?] [^?]*;

            $     { break; }
            space { continue; }

            body? "?" {
                const char *r = reply_to(tok, (size_t)(YYCURSOR - tok));
                buf_put(out, r, strlen(r));
                continue;
            }

            // A body without its '?' is only ever the longest match when
            // the input ends inside a question.
            body { end.pending = (size_t)(YYCURSOR - tok); break; }
        */
    }
    free(b);
    return end;
}
