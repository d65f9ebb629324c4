/* conv_random: a random conversation for any protocol, made of what its
 * unit provides -- its samples (whole, cut short, spliced), the tokens of
 * its fuzz dictionary (fuzz/NAME.dict) and of its grammar's answers --
 * with stray bytes, whitespace, line ends and long lines mixed in. The same
 * seed gives the same conversation, so every failure replays. */
#ifndef KOAN_TEST_CONV_RANDOM_H
#define KOAN_TEST_CONV_RANDOM_H
#include <stddef.h>
#include <stdint.h>

#include "runtime/proto.h"

/* A growing byte string. */
typedef struct text {
    char *p;
    size_t n, cap;
} text;

/* text_put: append p[0..n). */
void text_put(text *t, const void *p, size_t n);

/* conv_random: fill t with a conversation for pr from seed *r, about
 * `size` bytes, its lines (line protocols) mostly at most `longest` bytes.
 * If the protocol has a quit it comes only last, and only when with_quit
 * says so; the first bytes never look like HTTP or TLS (the runtime hangs
 * up on those, which the parser alone cannot know). NUL-terminated. */
void conv_random(text *t, const proto *pr, uint64_t *r, size_t size, size_t longest,
                 int with_quit);

#endif
