#include "runtime/buf.h"

#include <stdio.h>
#include <stdlib.h>

void buf_grow(buf *b, size_t n)
{
    size_t want = b->len + n;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < want)
        cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d) {
        /* A server that cannot allocate a reply cannot keep its promise to
         * answer every request; dying loudly beats answering wrongly. */
        fputs("koand: out of memory\n", stderr);
        abort();
    }
    b->data = d;
    b->cap = cap;
}

void buf_free(buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void buf_consume(buf *b, size_t n)
{
    if (n >= b->len) {
        b->len = 0;
        return;
    }
    memmove(b->data, b->data + n, b->len - n);
    b->len -= n;
}
