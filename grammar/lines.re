/* Line framing for the line protocols' oracles (docs/protocols.md §2-§4): a line
 * ends at LF, at CR LF or at a lone CR (an LF right after a CR is part of
 * its line end); its content is measured in bytes against --max-line, decoded
 * as UTF-8 (a byte that starts no well-formed sequence is invalid on its
 * own) and stripped of trailing whitespace as str.rstrip() does. */
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"

/*!include:re2c "common.re" */

/*!re2c
    re2c:flags:utf-8 = 1;
    re2c:define:YYCTYPE = "unsigned char";
    re2c:yyfill:enable = 0;
*/

oracle_end oracle_lines(const char *in, size_t n, int eof, size_t max_line,
                        const char *too_long, buf *out, oracle_line_fn *fn,
                        void *ctx)
{
    oracle_end end = {n, 0, 0};
    /* An LF after the input ends the last line like any other; whether it
     * was the client's is told by where it sits. No rule reads past a line
     * end, so no bounds checks are needed. */
    unsigned char *b = malloc(n + 1);
    if (!b)
        abort();
    memcpy(b, in, n);
    b[n] = '\n';
    const unsigned char *YYCURSOR = b, *YYMARKER = b, *lim = b + n;
    int after_cr = 0;
    while (YYCURSOR < lim) {
        /* The LF of a CR LF belongs to the line before. */
        if (after_cr && *YYCURSOR == '\n' && ++YYCURSOR == lim)
            break;
        const unsigned char *line = YYCURSOR, *kept = line;
        int valid = 1;
        for (;;) {
            /*!re2c
                "\n"        { after_cr = 0; break; }
                "\r"        { after_cr = 1; break; }
                strip_space { continue; }
                scalar      { kept = YYCURSOR; continue; }
                *           { kept = YYCURSOR; valid = 0; continue; }
            */
        }
        size_t len = (size_t)(YYCURSOR - 1 - line);
        int terminated = YYCURSOR <= lim;
        if (!terminated)
            end.pending = len;
        /* A line is cut as soon as its byte max_line + 1 arrives, whether
         * or not its LF ever does. */
        if (len > max_line) {
            buf_put(out, too_long, strlen(too_long));
            continue;
        }
        if (!terminated && !eof)
            break;
        if (fn(ctx, line, len, (size_t)(kept - line), valid, out)) {
            /* A quit completed by the close has no LF of its own. */
            end.used = terminated ? (size_t)(YYCURSOR - b) : n;
            end.done = 1;
            break;
        }
    }
    free(b);
    return end;
}
