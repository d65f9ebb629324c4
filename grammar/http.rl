/* The metrics unit: an HTTP/1.x request head, request line to blank line
 * (docs/protocols.md §8). The reply is due at the blank line's LF, or at
 * the first byte no request can continue with (400), or at the byte past
 * HTTP_HEAD_MAX (431); then the connection closes. */
#include "proto/http.h"

%%{
machine http;
alphtype unsigned char;
access z->;

action count   { if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); fbreak; } }
action get     { z->method = HTTP_GET; }
action head    { z->method = HTTP_HEAD; }
action other   { z->method = HTTP_OTHER; }
action metrics { z->metrics = 1; }
action done    { http_answer(z, http_status(z)); fbreak; }

# RFC 9110's token characters; a target is visible ASCII, as RFC 9112
# reads it (no spaces, no controls).
tchar = alnum | [!#$%&'*+\-.^_`|~];
vchar = 0x21..0x7e;
# A line ends at CR LF or, leniently, at a bare LF; a CR alone is no end.
crlf = '\r'? '\n';

# Which method and target are known as the SP after each is read.
method = 'GET' %get | 'HEAD' %head | ( tchar+ - ( 'GET' | 'HEAD' ) ) %other;
scrape = '/metrics' ( '?' vchar* )?;
target = scrape %metrics | ( vchar+ - scrape );
version = 'HTTP/' digit '.' digit;
request_line = method ' ' target ' ' version crlf;
# A field's value is every byte to its line end: obs-text is let through.
field = tchar+ ':' ( any - [\r\n] )* crlf;

# Every byte is counted before its meaning acts, so a head that completes
# past the bound is a 431 too.
main := ( request_line field* crlf ) $count @done;
}%%

%% write data nofinal;

void http_init(http *z)
{
    z->method = HTTP_OTHER;
    z->metrics = 0;
    %% write init;
}

size_t http_feed(http *z, const char *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data, *pe = p + n;
    %% write exec;
    /* The machine fails at the byte no request can continue with: that
     * byte decides a 400, and counts as read. */
    if (z->cs == http_error && !z->h.done) {
        http_answer(z, 400);
        p++;
    }
    return (size_t)(p - (const unsigned char *)data);
}
