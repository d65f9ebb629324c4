/* http oracle (docs/protocols.md §8), recognized by re2c from the
 * reference alone. A head is read line by line: at each line's start the
 * longest prefix of a valid line is matched (each rule below is the set of
 * prefixes of its line, so the longest match stops exactly where no
 * request could go on); the byte after it, if the input has one, is the
 * byte that earns a 400. The reply texts are the unit's (http_reply): the
 * recognition is not shared. */
#include <stdlib.h>
#include <string.h>

#include "fuzz/oracle.h"
#include "proto/http.h"

/*!re2c
    re2c:define:YYCTYPE = "unsigned char";
    re2c:yyfill:enable = 0;
    re2c:eof = 0;

    tchar = [a-zA-Z0-9!#$%&'*+.^_`|~-];
    vchar = [\x21-\x7e];
    value = [^\r\n\x00] | [\x00];
    digit = [0-9];
    version = "HTTP/" digit "." digit;
    version_pfx = "H" | "HT" | "HTT" | "HTTP" | "HTTP/" | "HTTP/" digit
                | "HTTP/" digit "." | version | version "\r";
*/

/* The longest valid prefix of the request line at s[0..n); *full: it is
 * the whole line, LF included. */
static size_t request_line(const unsigned char *s, size_t n, int *full)
{
    unsigned char *b = malloc(n + 1);
    if (!b)
        abort();
    memcpy(b, s, n);
    b[n] = 0;
    const unsigned char *YYCURSOR = b, *YYLIMIT = b + n, *YYMARKER = b;
    size_t len = 0;
    *full = 0;
    /*!re2c
        tchar+ " " vchar+ " " version "\r"? "\n" { len = (size_t)(YYCURSOR - b); *full = 1; goto out; }
        tchar+ | tchar+ " " | tchar+ " " vchar+ | tchar+ " " vchar+ " "
        | tchar+ " " vchar+ " " version_pfx { len = (size_t)(YYCURSOR - b); goto out; }
        $ { goto out; }
        * { goto out; }
    */
out:
    free(b);
    return len;
}

/* The same for a line after it: a field, or the blank line that ends the
 * head (*full: 2). */
static size_t field_line(const unsigned char *s, size_t n, int *full)
{
    unsigned char *b = malloc(n + 1);
    if (!b)
        abort();
    memcpy(b, s, n);
    b[n] = 0;
    const unsigned char *YYCURSOR = b, *YYLIMIT = b + n, *YYMARKER = b;
    size_t len = 0;
    *full = 0;
    /*!re2c
        tchar+ ":" value* "\r"? "\n" { len = (size_t)(YYCURSOR - b); *full = 1; goto out; }
        "\r"? "\n" { len = (size_t)(YYCURSOR - b); *full = 2; goto out; }
        tchar+ | tchar+ ":" value* | tchar+ ":" value* "\r" | "\r" { len = (size_t)(YYCURSOR - b); goto out; }
        $ { goto out; }
        * { goto out; }
    */
out:
    free(b);
    return len;
}

/* The method and whether the target is /metrics, from a request line
 * known valid at least through its first SP (target: through the second). */
static void request_of(const unsigned char *s, size_t n, int *method, int *metrics)
{
    unsigned char *b = malloc(n + 1);
    if (!b)
        abort();
    memcpy(b, s, n);
    b[n] = 0;
    const unsigned char *YYCURSOR = b, *YYLIMIT = b + n, *YYMARKER = b;
    *method = HTTP_OTHER;
    *metrics = 0;
    /*!re2c
        "GET "  { *method = HTTP_GET; goto target; }
        "HEAD " { *method = HTTP_HEAD; goto target; }
        $ { goto out; }
        * { goto out; }
    */
target:
    /*!re2c
        "/metrics" ("?" vchar*)? " " { *metrics = 1; goto out; }
        $ { goto out; }
        * { goto out; }
    */
out:
    free(b);
}

oracle_end oracle_http(const char *in, size_t n, int eof, size_t max_line, buf *out)
{
    (void)eof;   /* a head cut off by the close is owed nothing */
    (void)max_line;
    const unsigned char *s = (const unsigned char *)in;
    oracle_end end = {n, n, 0};
    /* Nothing past the byte after the bound can matter. */
    size_t lim = n > HTTP_HEAD_MAX + 1 ? HTTP_HEAD_MAX + 1 : n;
    /* Where the head stops: at the first byte no request goes on with
     * (bad), or at the blank line's LF (complete); 0: not in the input. */
    size_t at = 0, bad = 0, complete = 0, req_len = 0;
    int first = 1;
    while (at < lim) {
        int full;
        /* One line at a time, so a head of many lines costs its length. */
        const unsigned char *lf = memchr(s + at, '\n', lim - at);
        size_t line = lf ? (size_t)(lf - (s + at)) + 1 : lim - at;
        size_t len = first ? request_line(s + at, line, &full)
                           : field_line(s + at, line, &full);
        if (first)
            req_len = len;
        if (!full) {
            if (at + len < lim)
                bad = at + len + 1;
            break;
        }
        at += len;
        first = 0;
        if (full == 2) {
            complete = at;
            break;
        }
    }
    /* Byte i (from 1) is judged first, then counted, then may complete. */
    size_t decided = 0;
    int status = 0;
    size_t stop = bad ? bad : complete;
    if (stop && stop <= HTTP_HEAD_MAX) {
        decided = stop;
        status = bad ? 400 : -1;
    } else if (n > HTTP_HEAD_MAX) {
        decided = HTTP_HEAD_MAX + 1;
        status = bad == decided ? 400 : 431;
    }
    if (!decided)
        return end;
    int method, metrics;
    request_of(s, req_len < decided ? req_len : decided, &method, &metrics);
    if (status < 0)
        status = method == HTTP_OTHER ? 405 : metrics ? 200 : 404;
    http_reply(out, status, method == HTTP_HEAD, NULL);
    end.used = decided;
    end.done = 1;
    return end;
}
