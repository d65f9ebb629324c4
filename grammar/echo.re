/* echo oracle (docs/protocols.md §3): each stripped line comes back as Python's
 * ascii() of it, invalid UTF-8 bytes as \xNN one by one; quit closes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"

/*!include:re2c "common.re" */

/*!re2c
    re2c:flags:utf-8 = 1;
    re2c:define:YYCTYPE = "unsigned char";
    re2c:yyfill:enable = 0;
*/

/* The code point of one well-formed sequence of n bytes. */
static uint32_t decode(const unsigned char *s, size_t n)
{
    if (n == 1)
        return s[0];
    uint32_t cp = s[0] & (0xffu >> (n + 1));
    for (size_t i = 1; i < n; i++)
        cp = cp << 6 | (s[i] & 0x3fu);
    return cp;
}

/* One character as it shows inside ascii()'s quotes. */
static void render(buf *out, uint32_t cp, char quote)
{
    char t[12];
    int k;
    if (cp == '\\' || cp == (unsigned char)quote)
        k = snprintf(t, sizeof t, "\\%c", (char)cp);
    else if (cp >= 0x20 && cp < 0x7f)
        k = snprintf(t, sizeof t, "%c", (char)cp);
    else if (cp == '\t')
        k = snprintf(t, sizeof t, "\\t");
    else if (cp == '\n')
        k = snprintf(t, sizeof t, "\\n");
    else if (cp == '\r')
        k = snprintf(t, sizeof t, "\\r");
    else if (cp < 0x100)
        k = snprintf(t, sizeof t, "\\x%02x", (unsigned)cp);
    else if (cp < 0x10000)
        k = snprintf(t, sizeof t, "\\u%04x", (unsigned)cp);
    else
        k = snprintf(t, sizeof t, "\\U%08x", (unsigned)cp);
    buf_put(out, t, (size_t)k);
}

/* s[0..n) followed by an LF sentinel, rendered character by character. */
static void render_line(buf *out, const unsigned char *s, char quote)
{
    const unsigned char *YYCURSOR = s, *YYMARKER = s;
    for (;;) {
        const unsigned char *c = YYCURSOR;
        /*!re2c
            "\n"   { return; }
            scalar { render(out, decode(c, (size_t)(YYCURSOR - c)), quote); continue; }
            *      { char t[5]; snprintf(t, sizeof t, "\\x%02x", *c); buf_put(out, t, 4); continue; }
        */
    }
}

static int echo_line(void *ctx, const unsigned char *s, size_t len, size_t kept,
                     int valid, buf *out)
{
    (void)ctx;
    (void)len;
    (void)valid;
    if (kept == 4 && memcmp(s, "quit", 4) == 0) {
        buf_put_lit(out, "connection closed\r\n");
        return 1;
    }
    int squote = memchr(s, '\'', kept) != NULL, dquote = memchr(s, '"', kept) != NULL;
    char quote = squote && !dquote ? '"' : '\'';
    unsigned char *t = malloc(kept + 1);
    if (!t)
        abort();
    memcpy(t, s, kept);
    t[kept] = '\n';
    buf_put_lit(out, "Echoed: ");
    buf_putc(out, quote);
    render_line(out, t, quote);
    buf_putc(out, quote);
    buf_put_lit(out, "\r\n");
    free(t);
    return 0;
}

oracle_end oracle_echo(const char *in, size_t n, int eof, size_t max_line, buf *out)
{
    return oracle_lines(in, n, eof, max_line, "ERROR. Line too long\r\n", out,
                        echo_line, NULL);
}
