/* utf8: the tests' UTF-8 encoder (the runtime only decodes). */
#ifndef KOAN_TEST_UTF8_H
#define KOAN_TEST_UTF8_H
#include <stddef.h>
#include <stdint.h>

/* utf8_encode: code point cp (not a surrogate, at most U+10FFFF) into
 * s[0..4); returns its length. */
size_t utf8_encode(uint32_t cp, unsigned char s[4]);

#endif
