/* proto/ascii.h on its own: one character as Python's ascii() shows it
 * inside its quotes, and the code point of one valid UTF-8 sequence.
 * The expected strings are what Python 3 prints for ascii(chr(cp))[1:-1]. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto/ascii.h"
#include "tests/lib/utf8.h"

/* ascii_put of cp between `quote`s, as a NUL-terminated string. */
static char *put(uint32_t cp, char quote)
{
    static char s[32];
    buf b = {0};
    ascii_put(&b, cp, quote);
    assert_true(b.len < sizeof s);
    memcpy(s, b.data, b.len);
    s[b.len] = 0;
    buf_free(&b);
    return s;
}

static void printable_ascii(void **state)
{
    (void)state;
    assert_string_equal(put('a', '\''), "a");
    assert_string_equal(put('Z', '\''), "Z");
    assert_string_equal(put('0', '\''), "0");
    assert_string_equal(put(' ', '\''), " ");     /* 0x20, the first printable */
    assert_string_equal(put('~', '\''), "~");     /* 0x7e, the last */
    assert_string_equal(put('!', '"'), "!");
}

/* The backslash always doubles; a quote is escaped only if it is the one in
 * use, which ascii() picks so that this never happens for ". */
static void backslash_and_quotes(void **state)
{
    (void)state;
    assert_string_equal(put('\\', '\''), "\\\\");
    assert_string_equal(put('\\', '"'), "\\\\");
    assert_string_equal(put('\'', '\''), "\\'");
    assert_string_equal(put('\'', '"'), "'");
    assert_string_equal(put('"', '\''), "\"");
    assert_string_equal(put('"', '"'), "\\\"");
}

static void named_escapes(void **state)
{
    (void)state;
    assert_string_equal(put('\t', '\''), "\\t");
    assert_string_equal(put('\n', '\''), "\\n");
    assert_string_equal(put('\r', '\''), "\\r");
    /* Python has no short form for these. */
    assert_string_equal(put('\v', '\''), "\\x0b");
    assert_string_equal(put('\f', '\''), "\\x0c");
    assert_string_equal(put('\a', '\''), "\\x07");
    assert_string_equal(put('\b', '\''), "\\x08");
}

static void hex_escapes(void **state)
{
    (void)state;
    assert_string_equal(put(0x00, '\''), "\\x00");
    assert_string_equal(put(0x1b, '\''), "\\x1b");
    assert_string_equal(put(0x1f, '\''), "\\x1f");
    assert_string_equal(put(0x7f, '\''), "\\x7f");
    assert_string_equal(put(0x80, '\''), "\\x80");
    assert_string_equal(put(0x85, '\''), "\\x85");
    assert_string_equal(put(0xa0, '\''), "\\xa0");
    assert_string_equal(put(0xe9, '\''), "\\xe9");
    assert_string_equal(put(0xff, '\''), "\\xff");
}

static void unicode_escapes(void **state)
{
    (void)state;
    assert_string_equal(put(0x100, '\''), "\\u0100");
    assert_string_equal(put(0x7ff, '\''), "\\u07ff");
    assert_string_equal(put(0x800, '\''), "\\u0800");
    assert_string_equal(put(0x3000, '\''), "\\u3000");
    assert_string_equal(put(0x4e2d, '\''), "\\u4e2d");
    assert_string_equal(put(0xabcd, '\''), "\\uabcd");  /* lowercase hex */
    assert_string_equal(put(0xfffd, '\''), "\\ufffd");
    assert_string_equal(put(0xffff, '\''), "\\uffff");
    assert_string_equal(put(0x10000, '\''), "\\U00010000");
    assert_string_equal(put(0x1f600, '\''), "\\U0001f600");
    assert_string_equal(put(0xfffff, '\''), "\\U000fffff");
    assert_string_equal(put(0x10ffff, '\''), "\\U0010ffff");
}

/* Every code point, against the rule spelled out with printf. */
static void every_code_point(void **state)
{
    (void)state;
    buf b = {0};
    char want[16];
    for (uint32_t cp = 0; cp <= 0x10ffff; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff)
            continue;   /* a valid UTF-8 line decodes to no surrogate */
        if (cp == '\t')
            strcpy(want, "\\t");
        else if (cp == '\n')
            strcpy(want, "\\n");
        else if (cp == '\r')
            strcpy(want, "\\r");
        else if (cp == '\\' || cp == '\'')
            snprintf(want, sizeof want, "\\%c", (char)cp);
        else if (cp >= 0x20 && cp < 0x7f)
            snprintf(want, sizeof want, "%c", (char)cp);
        else if (cp < 0x100)
            snprintf(want, sizeof want, "\\x%02x", (unsigned)cp);
        else if (cp < 0x10000)
            snprintf(want, sizeof want, "\\u%04x", (unsigned)cp);
        else
            snprintf(want, sizeof want, "\\U%08x", (unsigned)cp);
        b.len = 0;
        ascii_put(&b, cp, '\'');
        if (b.len != strlen(want) || memcmp(b.data, want, b.len) != 0)
            fail_msg("U+%04X: got \"%.*s\", want \"%s\"", (unsigned)cp, (int)b.len, b.data, want);
    }
    buf_free(&b);
}

/* An invalid byte is always \xNN, even where the same value as a code
 * point would print as itself. */
static void invalid_bytes(void **state)
{
    (void)state;
    static const unsigned char bytes[] = {0x00, 0x41, 0x5c, 0x7f, 0x80, 0xbf, 0xc0, 0xed, 0xf5, 0xff};
    static const char *const want[] = {"\\x00", "\\x41", "\\x5c", "\\x7f", "\\x80",
                                       "\\xbf", "\\xc0", "\\xed", "\\xf5", "\\xff"};
    for (size_t i = 0; i < sizeof bytes; i++) {
        buf b = {0};
        ascii_put_byte(&b, bytes[i]);
        assert_int_equal(b.len, 4);
        assert_memory_equal(b.data, want[i], 4);
        buf_free(&b);
    }
}

/* Appending keeps what the buffer held. */
static void appends(void **state)
{
    (void)state;
    buf b = {0};
    buf_put_lit(&b, "x");
    ascii_put(&b, 0x4e2d, '\'');
    ascii_put(&b, 'y', '\'');
    ascii_put_byte(&b, 0xff);
    assert_int_equal(b.len, strlen("x\\u4e2dy\\xff"));
    assert_memory_equal(b.data, "x\\u4e2dy\\xff", b.len);
    buf_free(&b);
}

static uint32_t decode(const char *s) { return utf8_decode((const unsigned char *)s, strlen(s)); }

/* The first and last code point of each length, and a few in between. */
static void decode_lengths(void **state)
{
    (void)state;
    assert_int_equal(utf8_decode((const unsigned char *)"", 1), 0);
    assert_int_equal(decode("A"), 0x41);
    assert_int_equal(decode("\x7f"), 0x7f);
    assert_int_equal(decode("\xc2\x80"), 0x80);
    assert_int_equal(decode("\xc2\x85"), 0x85);
    assert_int_equal(decode("\xc3\xa9"), 0xe9);
    assert_int_equal(decode("\xc3\xbf"), 0xff);
    assert_int_equal(decode("\xc4\x80"), 0x100);
    assert_int_equal(decode("\xdf\xbf"), 0x7ff);
    assert_int_equal(decode("\xe0\xa0\x80"), 0x800);
    assert_int_equal(decode("\xe1\x9a\x80"), 0x1680);
    assert_int_equal(decode("\xe3\x80\x80"), 0x3000);
    assert_int_equal(decode("\xe4\xb8\xad"), 0x4e2d);
    assert_int_equal(decode("\xed\x9f\xbf"), 0xd7ff);
    assert_int_equal(decode("\xee\x80\x80"), 0xe000);
    assert_int_equal(decode("\xef\xbf\xbf"), 0xffff);
    assert_int_equal(decode("\xf0\x90\x80\x80"), 0x10000);
    assert_int_equal(decode("\xf0\x9f\x98\x80"), 0x1f600);
    assert_int_equal(decode("\xf3\xbf\xbf\xbf"), 0xfffff);
    assert_int_equal(decode("\xf4\x80\x80\x80"), 0x100000);
    assert_int_equal(decode("\xf4\x8f\xbf\xbf"), 0x10ffff);
}

/* Every code point, encoded here and decoded back. */
static void decode_round_trip(void **state)
{
    (void)state;
    unsigned char s[4];
    for (uint32_t cp = 0; cp <= 0x10ffff; cp++) {
        size_t n;
        if (cp >= 0xd800 && cp <= 0xdfff)
            continue;
        n = utf8_encode(cp, s);
        uint32_t got = utf8_decode(s, n);
        if (got != cp)
            fail_msg("U+%04X decoded as U+%04X", (unsigned)cp, (unsigned)got);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(printable_ascii),
        cmocka_unit_test(backslash_and_quotes),
        cmocka_unit_test(named_escapes),
        cmocka_unit_test(hex_escapes),
        cmocka_unit_test(unicode_escapes),
        cmocka_unit_test(every_code_point),
        cmocka_unit_test(invalid_bytes),
        cmocka_unit_test(appends),
        cmocka_unit_test(decode_lengths),
        cmocka_unit_test(decode_round_trip),
    };
    return cmocka_run_group_tests_name("ascii rendering", tests, NULL, NULL);
}
