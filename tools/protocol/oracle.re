/* @NAME@ oracle: the protocol's language recognized again, by re2c, from
 * its description rather than from grammar/@NAME@.rl, so that the fuzz
 * harnesses catch the two disagreeing (fuzz/oracle.h). The line framing,
 * --max-line and the trailing-whitespace strip are oracle_lines'
 * (grammar/lines.re); this classifies each stripped line. */
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"

/*!re2c
    re2c:define:YYCTYPE = "unsigned char";
    re2c:yyfill:enable = 0;
*/

enum kind { UNKNOWN, QUIT, PING };

/* What the stripped content s (ending in an LF sentinel) is. */
static enum kind classify(const unsigned char *s)
{
    const unsigned char *YYCURSOR = s, *YYMARKER = s;
    /*!re2c
        "quit\n" { return QUIT; }
        "ping\n" { return PING; }
        *        { return UNKNOWN; }
    */
}

static int @NAME@_line(void *ctx, const unsigned char *s, size_t len, size_t kept, int valid,
                       buf *out)
{
    (void)ctx;
    (void)len;
    (void)valid;
    unsigned char *t = malloc(kept + 1);
    if (!t)
        abort();
    memcpy(t, s, kept);
    t[kept] = '\n';
    enum kind k = classify(t);
    free(t);
    if (k == QUIT) {
        buf_put_lit(out, "connection closed\r\n");
        return 1;
    }
    if (k == PING)
        buf_put_lit(out, "pong\r\n");
    else
        buf_put_lit(out, "ERROR. Unknown command\r\n");
    return 0;
}

oracle_end oracle_@NAME@(const char *in, size_t n, int eof, size_t max_line, buf *out)
{
    return oracle_lines(in, n, eof, max_line, "ERROR. Line too long\r\n", out, @NAME@_line,
                        NULL);
}
