/* The @NAME@ protocol: a line protocol. `ping` is answered `pong`, `quit`
 * ends the session, any other line is an error. Written by make protocol
 * from tools/protocol/; it is yours now: docs/protocols.md says what a
 * protocol's grammar and hooks must keep. */
#include "proto/@NAME@.h"

%%{
machine @NAME@;
alphtype unsigned char;
access s->;
include common "common.rl";

# Every content byte counts toward --max-line; the one that passes it
# goes, unread, to too_long.
action count   { if (++len > max) { fhold; fgoto too_long; } }
action ping    { @NAME@_reply(s, "pong\r\n"); }
action quit    { @NAME@_quit(s); fbreak; }
action unknown { @NAME@_reply(s, "ERROR. Unknown command\r\n"); s->h.bad++; }
action budget  { if (parser_spent(&s->h)) fbreak; }

# A line's content is compared after trailing whitespace is stripped.
commands = word_quit | 'ping';
line = ( word_quit strip_space* ) eol >quit
     | ( 'ping' strip_space* ) eol >ping
     | ( content* - ( commands strip_space* ) ) eol >unknown;

# Replies on the line end's first byte (>, entering it), so none waits for
# the next byte; a line starts at priority crlf 1, below the LF of a CR LF
# (common.rl). After each reply, stop if this turn's budget is spent.
main := ( ( ( content $count )* eol >{ len = 0; } & line ) >(crlf, 1) @budget )*;

# A line that passed --max-line: answered at the byte that passed it, the
# rest dropped unread. The reply counts toward the turn's budget. A lone CR
# ends it as it arrives; an LF right after is dropped in after_cr.
too_long := content >{ @NAME@_too_long(s); if (parser_spent(&s->h)) fbreak; }
            content* ( '\n' >{ len = 0; fgoto main; } | '\r' >{ len = 0; fgoto after_cr; } );
after_cr := '\n' >{ fgoto main; } | [^\n] >{ fhold; fgoto main; };
}%%

%% write data noerror nofinal;

void @NAME@_init(@NAME@_state *s)
{
    %% write init;
}

size_t @NAME@_feed(@NAME@_state *s, const char *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data, *pe = p + n;
    /* The line's length so far: the runtime reads it as pending. */
    size_t len = s->h.pending, max = s->h.max_line;
    %% write exec;
    s->h.pending = len;
    return (size_t)(p - (const unsigned char *)data);
}
