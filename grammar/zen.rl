/* The zen protocol: a request is the bytes up to and including '?'. */
#include "proto/zen.h"

/* ANSWER: reply with a string literal, its length known at compile time. */
#define ANSWER(s) zen_answer(z, s, sizeof(s) - 1)

%%{
machine zen;
alphtype unsigned char;
access z->;
include common "common.rl";

# The aphorisms: each question, byte for byte, and its answer.
# Add a line here and run make to teach the server a new one.
aphorism =
    'Beautiful is better than?' @{ ANSWER("Ugly."); }
  | 'Explicit is better than?'  @{ ANSWER("Implicit."); }
  | 'Simple is better than?'    @{ ANSWER("Complex."); }
  ;

# Named, so that the diagrams say what they do (docs/zen.svg).
# diagram: condensed zen
action begin   { q = p; z->in_question = 1; }
action unknown { ANSWER("Error: unknown aphorism."); z->h.bad++; }
action budget  { if (parser_spent(&z->h)) fbreak; }

# A question starts at the first byte that is not whitespace and ends at '?'.
question = ( ( any - zen_space - '?' ) [^?]* )? '?';
unknown = ( question - aphorism ) @unknown;

# After each answer: stop here if this turn's budget of replies is spent.
main := ( zen_space* ( aphorism | unknown ) >begin @budget )*;
}%%

%% write data noerror nofinal noentry;

void zen_init(zen *z)
{
    %% write init;
}

size_t zen_feed(zen *z, const char *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data, *pe = p + n;
    /* Where this chunk's share of an unfinished question starts; the
     * question's bytes are counted, never kept. */
    const unsigned char *q = p;
    %% write exec;
    if (z->in_question)
        z->h.pending += (size_t)(p - q);
    return (size_t)(p - (const unsigned char *)data);
}
