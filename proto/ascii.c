/* Python's ascii(): printable ASCII as itself, everything else escaped. */
#include "proto/ascii.h"

static const char hex[] = "0123456789abcdef";

static void put_hex(buf *b, char kind, uint32_t v, int digits)
{
    char s[10];
    s[0] = '\\';
    s[1] = kind;
    for (int i = 0; i < digits; i++)
        s[2 + i] = hex[(v >> (4 * (digits - 1 - i))) & 0xf];
    buf_put(b, s, (size_t)digits + 2);
}

void ascii_put_byte(buf *b, unsigned char c) { put_hex(b, 'x', c, 2); }

void ascii_put(buf *b, uint32_t cp, char quote)
{
    if (cp >= 0x20 && cp < 0x7f) {
        if (cp == '\\' || cp == (uint32_t)quote)
            buf_putc(b, '\\');
        buf_putc(b, (char)cp);
    } else if (cp == '\t') {
        buf_put_lit(b, "\\t");
    } else if (cp == '\n') {
        buf_put_lit(b, "\\n");
    } else if (cp == '\r') {
        buf_put_lit(b, "\\r");
    } else if (cp < 0x100) {
        put_hex(b, 'x', cp, 2);
    } else if (cp < 0x10000) {
        put_hex(b, 'u', cp, 4);
    } else {
        put_hex(b, 'U', cp, 8);
    }
}

uint32_t utf8_decode(const unsigned char *s, size_t n)
{
    static const unsigned char lead_mask[5] = {0, 0x7f, 0x1f, 0x0f, 0x07};
    uint32_t cp = s[0] & lead_mask[n];
    for (size_t i = 1; i < n; i++)
        cp = (cp << 6) | (s[i] & 0x3f);
    return cp;
}
