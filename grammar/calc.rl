/* The calc protocol: lines of comma-separated integers, summed or multiplied. */
#include "proto/calc.h"

%%{
machine calc;
alphtype unsigned char;
access c->;
include common "common.rl";

action count   { if (++len > max) { fhold; fgoto too_long; } }
# Every digit goes to the state where a next digit loops back (the fuzz
# harness and the re2c oracle check this), so a run of digits is taken in
# one tight loop (calc_digits) instead of one dispatch per byte; each digit
# still counts toward --max-line, and the one that passes it is left to
# `count`.
action digit   { p = calc_digits(c, p, pe, &len, max); }
action minus   { c->neg = 1; }
# A field or the list may turn the line costly: then its arithmetic waits,
# the machine stops, and the runtime feeds the rest on a pool thread.
action field   { if (calc_field(c)) fbreak; }
action list    { if (calc_list(c)) fbreak; }
action sum     { calc_mode(c, 0); }
action product { calc_mode(c, 1); }
action quit    { calc_quit(c); fbreak; }
action bad     { calc_bad(c); }
action budget  { if (parser_spent(&c->h)) fbreak; }

# A field as Python's int() reads it in base 10: spaces around it, a sign,
# digits with single underscores between them.
integer = int_space* ( '+' | '-' @minus )? digit $digit ( '_'? digit $digit )* int_space*;
list = integer ( ',' @field integer )*;
words = word_quit | 'sum' | 'product';

# A line's content is compared after trailing whitespace is stripped.
line = ( word_quit strip_space* ) eol >quit
     | ( 'sum' strip_space* ) eol >sum
     | ( 'product' strip_space* ) eol >product
     | ( list strip_space* ) eol >list
     | ( content* - ( ( words | list ) strip_space* ) ) eol >bad;

# Every content byte counts toward --max-line, whatever the line turns out
# to be (the line end does not). After each reply, stop if this turn's
# budget of replies is spent.
main := ( ( ( content $count )* eol >{ len = 0; } & line ) >(crlf, 1) @budget )*;

# A line that passed --max-line: answered at the byte that passed it, the
# rest dropped unread. The reply counts toward the turn's budget. A lone CR
# ends it as it arrives; an LF right after is dropped in after_cr.
too_long := content >{ calc_too_long(c); if (parser_spent(&c->h)) fbreak; }
            content* ( '\n' >{ len = 0; fgoto main; } | '\r' >{ len = 0; fgoto after_cr; } );
after_cr := '\n' >{ fgoto main; } | [^\n] >{ fhold; fgoto main; };
}%%

%% write data noerror nofinal;

void calc_init(calc *c)
{
    %% write init;
}

size_t calc_feed(calc *c, const char *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data, *pe = p + n;
    /* The line's length lives in a register while the machine runs: it is
     * touched on every byte. */
    size_t len = c->h.pending, max = c->h.max_line;
    %% write exec;
    c->h.pending = len;
    return (size_t)(p - (const unsigned char *)data);
}
