/* buf: a growable byte buffer. Replies are appended here by the protocols;
 * the runtime writes them to the socket. Nothing here knows a socket. */
#ifndef KOAN_BUF_H
#define KOAN_BUF_H
#include <stddef.h>
#include <string.h>

typedef struct buf {
    char *data;
    size_t len;   /* bytes held */
    size_t cap;   /* bytes allocated */
} buf;

/* buf_grow: make room for n more bytes; aborts on out-of-memory. */
void buf_grow(buf *b, size_t n);
/* buf_free: release the memory and empty the buffer. */
void buf_free(buf *b);
/* buf_consume: drop the first n bytes (after a partial write). */
void buf_consume(buf *b, size_t n);

/* buf_put: append n bytes. */
static inline void buf_put(buf *b, const void *p, size_t n)
{
    if (b->cap - b->len < n)
        buf_grow(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

/* buf_putc: append one byte. */
static inline void buf_putc(buf *b, char c)
{
    if (b->cap == b->len)
        buf_grow(b, 1);
    b->data[b->len++] = c;
}

/* buf_put_lit: append a string literal without measuring it at run time. */
#define buf_put_lit(b, s) buf_put((b), (s), sizeof(s) - 1)

#endif
