/* zen oracle (SPEC section 1), recognized by re2c from the spec alone: a
 * question is everything from the first byte that is not ASCII whitespace
 * up to and including the next '?'; three exact questions have answers. */
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"

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

            "Beautiful is better than?" { buf_put_lit(out, "Ugly."); continue; }
            "Explicit is better than?"  { buf_put_lit(out, "Implicit."); continue; }
            "Simple is better than?"    { buf_put_lit(out, "Complex."); continue; }
            body? "?" { buf_put_lit(out, "Error: unknown aphorism."); continue; }

            // A body without its '?' is only ever the longest match when
            // the input ends inside a question.
            body { end.pending = (size_t)(YYCURSOR - tok); break; }
        */
    }
    free(b);
    return end;
}
