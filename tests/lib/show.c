#include "tests/lib/show.h"

#include <stdio.h>
#include <stdlib.h>

const char *show_escape(const char *p, size_t n, char *out, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 5 < len; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch == '\r' || ch == '\n')
            o += (size_t)snprintf(out + o, len - o, "\\%c", ch == '\r' ? 'r' : 'n');
        else if (ch == '"' || ch == '\\')
            o += (size_t)snprintf(out + o, len - o, "\\%c", ch);
        else if (ch < 0x20 || ch >= 0x7f)
            o += (size_t)snprintf(out + o, len - o, "\\x%02x", ch);
        else
            out[o++] = (char)ch;
    }
    if (len)
        out[o] = 0;
    return out;
}

void show_bytes(const char *label, const char *s, size_t n, size_t from, size_t to)
{
    size_t len = (to - from) * 4 + 8;
    char *e = malloc(len);
    if (!e)
        abort();
    if (from == 0 && to == n)
        fprintf(stderr, "  %s (%zu bytes): \"%s\"\n", label, n, show_escape(s, n, e, len));
    else
        fprintf(stderr, "  %s [%zu..%zu of %zu]: \"%s\"\n", label, from, to, n,
                show_escape(s + from, to - from, e, len));
    free(e);
}

void show_diff(const char *what, const char *got, size_t gn, const char *want, size_t wn)
{
    size_t i = 0;
    while (i < gn && i < wn && got[i] == want[i])
        i++;
    fprintf(stderr, "%s: got %zu bytes, want %zu; first difference at byte %zu\n", what, gn, wn,
            i);
    size_t a = i > 40 ? i - 40 : 0;
    show_bytes("got ", got, gn, a > gn ? gn : a, i + 80 < gn ? i + 80 : gn);
    show_bytes("want", want, wn, a > wn ? wn : a, i + 80 < wn ? i + 80 : wn);
}
