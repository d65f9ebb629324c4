#include "tests/lib/utf8.h"

size_t utf8_encode(uint32_t cp, unsigned char s[4])
{
    if (cp < 0x80) {
        s[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        s[0] = (unsigned char)(0xc0 | cp >> 6);
        s[1] = (unsigned char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        s[0] = (unsigned char)(0xe0 | cp >> 12);
        s[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
        s[2] = (unsigned char)(0x80 | (cp & 0x3f));
        return 3;
    }
    s[0] = (unsigned char)(0xf0 | cp >> 18);
    s[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
    s[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
    s[3] = (unsigned char)(0x80 | (cp & 0x3f));
    return 4;
}
