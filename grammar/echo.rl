/* The echo protocol: each line comes back as Python's ascii() of it. */
#include "proto/echo.h"

/* Framing: find each line, keep its bytes (bounded), note its quotes. */
%%{
machine echo;
alphtype unsigned char;
access e->;
include common "common.rl";

action store  { if (echo_store(e, fc)) { fhold; fgoto too_long; } }
action squote { e->squote = 1; }
action dquote { e->dquote = 1; }
action quit   { echo_quit(e); fbreak; }
action line   { echo_line(e); }
action budget { if (parser_spent(&e->h)) fbreak; }

body = ( content $store | '\'' @squote | '"' @dquote )*;
quit_line = word_quit strip_space*;

# After each reply, stop if this turn's budget of replies is spent.
main := ( ( ( body & quit_line ) eol >quit | ( body - quit_line ) eol >line ) >(crlf, 1)
          @budget )*;

# A line that passed --max-line: answered at the byte that passed it, the
# rest dropped unread. The reply counts toward the turn's budget. A lone CR
# ends it as it arrives; an LF right after is dropped in after_cr.
too_long := content >{ echo_too_long(e); if (parser_spent(&e->h)) fbreak; }
            content* ( '\n' >{ e->h.pending = 0; fgoto main; }
                     | '\r' >{ e->h.pending = 0; fgoto after_cr; } );
after_cr := '\n' >{ fgoto main; } | [^\n] >{ fhold; fgoto main; };
}%%

%% write data noerror nofinal;

void echo_init(echo *e)
{
    %% write init;
}

size_t echo_feed(echo *e, const char *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data, *pe = p + n;
    %% write exec;
    return (size_t)(p - (const unsigned char *)data);
}

/* Rendering: decode one whole line as UTF-8 and write each character as
 * ascii() shows it. Runs over a complete line, so it need not resume; the
 * LF after the content is a sentinel that ends every unfinished sequence. */
%%{
machine echo_ascii;
alphtype unsigned char;
include common "common.rl";

action mark   { s = p; }
action text   { echo_text(r, s, p + 1); }
action space  { echo_space(r, s, p + 1); }
action stray  { echo_bytes(r, p, p + 1); }
# A sequence cut short: its bytes are invalid; the byte that cut it starts anew.
action broken { echo_bytes(r, s, p); fhold; fgoto main; }

# The line's bytes hold no line end: the LF after them is the sentinel.
char = ( ( utf8_char - strip_space - '\n' ) @text
       | strip_space @space
       | utf8_stray @stray ) >mark;

main := ( char* '\n' ) $!broken;
}%%

%% write data noerror nofinal noentry;

void echo_render_line(echo_render *r, const unsigned char *line, size_t n)
{
    const unsigned char *p = line, *pe = line + n + 1, *s = p;
    /* The sentinel LF leaves the machine final, so no EOF action runs. */
    const unsigned char *eof = pe;
    int cs;
    %% write init;
    %% write exec;
}
