/* ascii: Python's ascii() rendering of one character. */
#ifndef KOAN_ASCII_H
#define KOAN_ASCII_H
#include <stdint.h>

#include "runtime/buf.h"

/* ascii_put: append code point cp as it shows inside ascii()'s quotes,
 * quote being the quote character in use (' or "). */
void ascii_put(buf *b, uint32_t cp, char quote);
/* ascii_put_byte: append a byte that is not valid UTF-8, as \xNN. */
void ascii_put_byte(buf *b, unsigned char c);
/* utf8_decode: the code point of a valid UTF-8 sequence of n bytes. */
uint32_t utf8_decode(const unsigned char *s, size_t n);

#endif
