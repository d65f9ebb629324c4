/* show: the one byte escaper of the tests, and the diff printer built on it. */
#ifndef KOAN_TEST_SHOW_H
#define KOAN_TEST_SHOW_H
#include <stddef.h>

/* show_escape: p[0..n) as printable text in out (\r, \n, \", \\, \xNN for
 * the rest), cut to fit len (NUL included); returns out. */
const char *show_escape(const char *p, size_t n, char *out, size_t len);
/* show_bytes: print `label (N bytes): "escaped"` of s[from..to) to stderr. */
void show_bytes(const char *label, const char *s, size_t n, size_t from, size_t to);
/* show_diff: print where got and want first differ, escaped, to stderr. */
void show_diff(const char *what, const char *got, size_t gn, const char *want, size_t wn);

#endif
