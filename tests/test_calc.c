/* The calc parser (SPEC sections 2 and 4): every example and rule, each a
 * whole conversation run at once, at every chunk size and at random splits,
 * with the peer's close at the end.
 *
 * The expected replies were computed with Python 3 (str.rstrip(), int(),
 * sum and product, allowing for SPEC's two documented differences: int()
 * here skips no 0x1c-0x1f and takes no non-ASCII digit) and are checked in
 * as literals, so the tests need no Python. Rows too big to write down
 * (numbers of thousands of digits) are built at run time from identities
 * whose results have an obvious decimal form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto/calc.h"
#include "tests/conv.h"

struct row {
    const char *in, *want;
    size_t in_len, want_len;    /* inputs hold NUL bytes */
    uint32_t max_line;
};
#define ROW(in, want) {in, want, sizeof(in) - 1, sizeof(want) - 1, 65536}
#define ROWMAX(max, in, want) {in, want, sizeof(in) - 1, sizeof(want) - 1, max}

#define W "<welcome: starting in sum mode>\n"
#define ERR "ERROR. Enter only integers separated by commas\n"
#define LONG "ERROR. Line too long\n"
#define BYE "connection closed\r\n"
#define TO_SUM "<switching to sum mode>\r\n"
#define TO_PRODUCT "<switching to product mode>\r\n"
#define SUM(n) "Sum of input integers: '" n "'\r\n"
#define PRODUCT(n) "Product of input integers: '" n "'\r\n"

static const struct row spec_rows[] = {
    ROW("1,2\n  +5 , -5\n1_000,2\n007\n",
        W SUM("3") SUM("0") SUM("1002") SUM("7")),
    ROW("99999999999999999999,1\n",
        W SUM("100000000000000000000")),
    ROW("\n",
        W ERR),
    ROW("1,,2\n",
        W ERR),
    ROW("1__0\n",
        W ERR),
    ROW("_1\n",
        W ERR),
    ROW("1_\n",
        W ERR),
    ROW("+\n",
        W ERR),
    ROW("1 2\n",
        W ERR),
    ROW("0x10\n",
        W ERR),
    ROW("sum\nproduct\n2,3\nsum\n2,3\n",
        W TO_SUM TO_PRODUCT PRODUCT("6") TO_SUM SUM("5")),
    ROW("abc\n",
        W ERR),
};

static const struct row mode_rows[] = {
    ROW("1,2,3\n-1,-2\n5\n",
        W SUM("6") SUM("-3") SUM("5")),
    ROW("product\n2,3,4\n-2,3\n-2,-3\n0,5\n7\nsum\n2,3,4\n",
        W TO_PRODUCT PRODUCT("24") PRODUCT("-6") PRODUCT("6") PRODUCT("0") PRODUCT("7") TO_SUM SUM("9")),
    ROW("2,3\n",
        W SUM("5")),
    ROW("product\nproduct\n2,2\nsum\nsum\n2,2\n",
        W TO_PRODUCT TO_PRODUCT PRODUCT("4") TO_SUM TO_SUM SUM("4")),
    ROW("sum\n2,2\n",
        W TO_SUM SUM("4")),
    ROW("product\nx\n2,5\n\xff\n3,3\n",
        W TO_PRODUCT ERR PRODUCT("10") ERR PRODUCT("9")),
    ROW("product\n1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25\n",
        W TO_PRODUCT PRODUCT("15511210043330985984000000")),
};

static const struct row quit_rows[] = {
    ROW("quit\n",
        W BYE),
    ROW("quit\n1,2\n",
        W BYE),
    ROW("1,2\nquit\nsum\nproduct\n3\n",
        W SUM("3") BYE),
    ROW("quit",
        W BYE),
    ROW("1\nquit",
        W SUM("1") BYE),
    ROW("quit \t\r\x0b\x0c\n",
        W BYE),
    ROW("quit\x1c\x1d\x1e\x1f\n",
        W BYE),
    ROW("quit\xc2\x85\xc2\xa0\xe3\x80\x80\n",
        W BYE),
    ROW("product\nquit\n2,3\n",
        W TO_PRODUCT BYE),
    ROW("quit\nquit\nquit\n",
        W BYE),
    ROW("quit\n\xff\xff\xff",
        W BYE),
    ROW("quit\r\n1,2\r\n",
        W BYE),
};

static const struct row word_rows[] = {
    ROW("Sum\n",
        W ERR),
    ROW("SUM\n",
        W ERR),
    ROW("sUm\n",
        W ERR),
    ROW("Product\n",
        W ERR),
    ROW("PRODUCT\n",
        W ERR),
    ROW("Quit\n",
        W ERR),
    ROW("QUIT\n",
        W ERR),
    ROW("sums\n",
        W ERR),
    ROW("summ\n",
        W ERR),
    ROW("su\n",
        W ERR),
    ROW("prod\n",
        W ERR),
    ROW("quit!\n",
        W ERR),
    ROW("quitquit\n",
        W ERR),
    ROW("qui\n",
        W ERR),
    ROW("sum,1\n",
        W ERR),
    ROW("sum 1\n",
        W ERR),
    ROW("s um\n",
        W ERR),
    ROW("sum product\n",
        W ERR),
    ROW(" sum\n",
        W ERR),
    ROW("\tsum\n",
        W ERR),
    ROW("\xc2\xa0sum\n",
        W ERR),
    ROW(" quit\n",
        W ERR),
    ROW(" product\n",
        W ERR),
    ROW("\x1cquit\n",
        W ERR),
    ROW("sum\x00\n",
        W ERR),
    ROW("quit\x00\n",
        W ERR),
    ROW("sum\xe2\x80\x8b\n",
        W ERR),
    ROW("quit\xe2\x80\x8b\n",
        W ERR),
    ROW("sum\xc2\n",
        W ERR),
    ROW("quit\xc2\n",
        W ERR),
    ROW("product\xff\n",
        W ERR),
    ROW("sum\t\n",
        W TO_SUM),
    ROW("product\r\n",
        W TO_PRODUCT),
    ROW("quit \n",
        W BYE),
};

static const struct row valid_field_rows[] = {
    ROW("1,2\n",
        W SUM("3")),
    ROW("  +5 , -5\n",
        W SUM("0")),
    ROW("1_000,2\n",
        W SUM("1002")),
    ROW("007\n",
        W SUM("7")),
    ROW("+0\n",
        W SUM("0")),
    ROW("-0\n",
        W SUM("0")),
    ROW("0_0\n",
        W SUM("0")),
    ROW("1_2_3\n",
        W SUM("123")),
    ROW("00_00\n",
        W SUM("0")),
    ROW("+1_0\n",
        W SUM("10")),
    ROW("-1_0\n",
        W SUM("-10")),
    ROW(" \t+7\t \n",
        W SUM("7")),
    ROW("1\r,2\n",
        W SUM("3")),
    ROW("1\x0b,\x0c""2\n",
        W SUM("3")),
    ROW("\r1\n",
        W SUM("1")),
    ROW("0000000000000000000000000000000000000000001\n",
        W SUM("1")),
    ROW("1_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0\n",
        W SUM("100000000000000000000")),
    ROW("1,2,3,4,5,6,7,8,9,10\n",
        W SUM("55")),
    ROW("-1,-2,-3\n",
        W SUM("-6")),
    ROW("+1,+2,+3\n",
        W SUM("6")),
};

static const struct row invalid_field_rows[] = {
    ROW("\n",
        W ERR),
    ROW("1,,2\n",
        W ERR),
    ROW("1__0\n",
        W ERR),
    ROW("_1\n",
        W ERR),
    ROW("1_\n",
        W ERR),
    ROW("+\n",
        W ERR),
    ROW("-\n",
        W ERR),
    ROW("1 2\n",
        W ERR),
    ROW("0x10\n",
        W ERR),
    ROW("1,\n",
        W ERR),
    ROW(",1\n",
        W ERR),
    ROW(",\n",
        W ERR),
    ROW("--1\n",
        W ERR),
    ROW("+-1\n",
        W ERR),
    ROW("-+1\n",
        W ERR),
    ROW("+ 1\n",
        W ERR),
    ROW("- 1\n",
        W ERR),
    ROW("1-\n",
        W ERR),
    ROW("1+\n",
        W ERR),
    ROW("1.0\n",
        W ERR),
    ROW("1e3\n",
        W ERR),
    ROW("0b1\n",
        W ERR),
    ROW("0o7\n",
        W ERR),
    ROW("1_,2\n",
        W ERR),
    ROW("1,_2\n",
        W ERR),
    ROW("+_1\n",
        W ERR),
    ROW("-_1\n",
        W ERR),
    ROW("\xd9\xa3\n",
        W ERR),
    ROW("\xef\xbc\x91\n",
        W ERR),
    ROW("1\xd9\xa3\n",
        W ERR),
    ROW("\xd9\xa3,1\n",
        W ERR),
    ROW("inf\n",
        W ERR),
    ROW("nan\n",
        W ERR),
    ROW("1;2\n",
        W ERR),
    ROW("1, 2 ,3 ,\n",
        W ERR),
    ROW(" , \n",
        W ERR),
    ROW("1\x00""2\n",
        W ERR),
    ROW("\x00\n",
        W ERR),
    ROW("1\x1c""2\n",
        W ERR),
    ROW("1 _0\n",
        W ERR),
    ROW("1_ 0\n",
        W ERR),
    ROW("(1)\n",
        W ERR),
    ROW("1,2,3,x\n",
        W ERR),
    ROW("x,1,2,3\n",
        W ERR),
    ROW("1 , 2 , 3 4\n",
        W ERR),
    ROW("\xff\xf4\xff\xfd\x06\n",
        W ERR),
    ROW("1\xff\xf4\n",
        W ERR),
};

static const struct row empty_rows[] = {
    ROW("\n",
        W ERR),
    ROW("\r\n",
        W ERR),
    ROW("   \n",
        W ERR),
    ROW("\t\x0b\x0c\n",
        W ERR),
    ROW("\x1c\n",
        W ERR),
    ROW("\x1f\x1e\n",
        W ERR),
    ROW("\xe3\x80\x80\n",
        W ERR),
    ROW("\xc2\x85\n",
        W ERR),
    ROW("\n\n1\n",
        W ERR ERR SUM("1")),
    ROW("\n\n\n",
        W ERR ERR ERR),
};

static const struct row utf8_rows[] = {
    ROW("1\xff\n",
        W ERR),
    ROW("\xff""1\n",
        W ERR),
    ROW("1,\x80\n",
        W ERR),
    ROW("sum\xc0\n",
        W ERR),
    ROW("1\xed\xa0\x80\n",
        W ERR),
    ROW("\xf4\x90\x80\x80\n",
        W ERR),
    ROW("1 \xc2\n",
        W ERR),
    ROW("1\xe2\x80\n",
        W ERR),
    ROW("1\xe3\x80\n",
        W ERR),
    ROW("1\xe1\x9a\n",
        W ERR),
    ROW("1\xc0\xa0\n",
        W ERR),
    ROW("1\xc1\x85\n",
        W ERR),
    ROW("1\xe0\x80\xa0\n",
        W ERR),
    ROW("1\xf0\x80\x80\xa0\n",
        W ERR),
    ROW("1\xc3\xa9\n",
        W ERR),
    ROW("\xf5\n",
        W ERR),
    ROW("\xff\xfe\n",
        W ERR),
    ROW("1\xc2\xa0\n",
        W SUM("1")),
    ROW("\xc2\xa0""1\n",
        W SUM("1")),
    ROW("1\xe2\x80\xaf,2\n",
        W SUM("3")),
    ROW("1\xc2",
        W ERR),
    ROW("1\xe3\x80",
        W ERR),
    ROW("2\xe3\x80\x80",
        W SUM("2")),
};

static const struct row crlf_rows[] = {
    ROW("1,2\r\n",
        W SUM("3")),
    ROW("product\r\n2,3\r\nsum\r\n2,3\r\n",
        W TO_PRODUCT PRODUCT("6") TO_SUM SUM("5")),
    ROW("quit\r\n1\n",
        W BYE),
    ROW("\r\n",
        W ERR),
    ROW("1,2\r\r\n",
        W SUM("3")),
    ROW("1\r2\n",
        W ERR),
    ROW("\r1\n",
        W SUM("1")),
    ROW("1\r,\r2\r\n",
        W SUM("3")),
};

static const struct row eof_rows[] = {
    ROW("1,2",
        W SUM("3")),
    ROW("1,2\n3",
        W SUM("3") SUM("3")),
    ROW("product\n2,3",
        W TO_PRODUCT PRODUCT("6")),
    ROW("sum",
        W TO_SUM),
    ROW("product",
        W TO_PRODUCT),
    ROW("",
        W),
    ROW("\n",
        W ERR),
    ROW("1,2\r",
        W SUM("3")),
    ROW("x",
        W ERR),
    ROW("1,2\n\n",
        W SUM("3") ERR),
    ROW("1,2\n",
        W SUM("3")),
    ROW("99999999999999999999,1",
        W SUM("100000000000000000000")),
    ROW("1,",
        W ERR),
    ROW("\xe3\x80\x80",
        W ERR),
    ROW("1\x1c",
        W SUM("1")),
};

static const struct row long_rows[] = {
    ROWMAX(8, "12345678\n",
        W SUM("12345678")),
    ROWMAX(8, "123456789\n1,2\n",
        W LONG SUM("3")),
    ROWMAX(8, "1234567890123456789\n2\n",
        W LONG SUM("2")),
    ROWMAX(8, "123456789",
        W LONG),
    ROWMAX(8, "12345678",
        W SUM("12345678")),
    ROWMAX(8, "123456789012",
        W LONG),
    ROWMAX(8, "12345678\r\n",
        W LONG),
    ROWMAX(8, "1234567\r\n",
        W SUM("1234567")),
    ROWMAX(8, "quit    \n",
        W BYE),
    ROWMAX(8, "quit     x\nquit\n",
        W LONG BYE),
    ROWMAX(8, "product \n",
        W TO_PRODUCT),
    ROWMAX(8, "product  \n2,3\n",
        W LONG SUM("5")),
    ROWMAX(8, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\n1\n",
        W LONG SUM("1")),
    ROWMAX(8, "aaaaaaaaaaa\nbbbbbbbbbbbb\n",
        W LONG LONG),
    ROWMAX(8, "product\n99999999999\n3,3\n",
        W TO_PRODUCT LONG PRODUCT("9")),
    ROWMAX(8, "1,1,1,1,1,1\n2\n",
        W LONG SUM("2")),
    ROWMAX(1, "1\n12\n\n",
        W SUM("1") LONG ERR),
    ROWMAX(8, "1111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111\n7\n",
        W LONG SUM("7")),
    ROWMAX(8, "11111111111111111111\n11111111111111111111",
        W LONG LONG),
    ROWMAX(8, "1,2\xe3\x80\x80\xe3\x80\x80\n",
        W LONG),
    ROWMAX(9, "1,2\xe3\x80\x80\xe3\x80\x80\n",
        W SUM("3")),
    ROWMAX(5, "-9,-9\nproduct\n-9,-9\n",
        W SUM("-18") LONG SUM("-18")),
};

static const struct row arith_rows[] = {
    ROW("-5,3\n5,-3\n-5,-3\n0\n-0\n+0\n-0,-0\n0,-0\n-5,5\n-1\n",
        W SUM("-2") SUM("2") SUM("-8") SUM("0") SUM("0") SUM("0") SUM("0") SUM("0") SUM("0") SUM("-1")),
    ROW("product\n-0\n-1,0\n0,-1\n-1,-1\n-1\n-2,-3,-4\n-5,-0\n0,0\n",
        W TO_PRODUCT PRODUCT("0") PRODUCT("0") PRODUCT("0") PRODUCT("1") PRODUCT("-1") PRODUCT("-24") PRODUCT("0") PRODUCT("0")),
    ROW("product\n-99999999999999999999,0\n0,-99999999999999999999\n-99999999999999999999,-1\n",
        W TO_PRODUCT PRODUCT("0") PRODUCT("0") PRODUCT("99999999999999999999")),
    ROW("-99999999999999999999,99999999999999999999\n99999999999999999999,-99999999999999999999,-0\n",
        W SUM("0") SUM("0")),
};

static const struct row digits_rows[] = {
    ROW("9999999999999999999,1\n99999999999999999999,1\n99999999999999999999999999999999999999,1\n999999999999999999999999999999999999999,1\n-9999999999999999999,-1\n-99999999999999999999,-1\n-99999999999999999999999999999999999999,-1\n-999999999999999999999999999999999999999,-1\n",
        W SUM("10000000000000000000") SUM("100000000000000000000") SUM("100000000000000000000000000000000000000") SUM("1000000000000000000000000000000000000000") SUM("-10000000000000000000") SUM("-100000000000000000000") SUM("-100000000000000000000000000000000000000") SUM("-1000000000000000000000000000000000000000")),
    ROW("1000000000000000000,-1\n10000000000000000000,-1\n10000000000000000000000000000000000000,-1\n100000000000000000000000000000000000000,-1\n",
        W SUM("999999999999999999") SUM("9999999999999999999") SUM("9999999999999999999999999999999999999") SUM("99999999999999999999999999999999999999")),
    ROW("1111111111111111111,22222222222222222222,33333333333333333333333333333333333333,444444444444444444444444444444444444444\n",
        W SUM("477777777777777777801111111111111111110")),
    ROW("product\n9999999999999999999,9999999999999999999\n99999999999999999999,99999999999999999999\n99999999999999999999999999999999999999,99999999999999999999999999999999999999\n999999999999999999999999999999999999999,999999999999999999999999999999999999999\n-99999999999999999999,9999999999999999999\n1111111111111111111,22222222222222222222,33333333333333333333333333333333333333,444444444444444444444444444444444444444\n",
        W TO_PRODUCT PRODUCT("99999999999999999980000000000000000001") PRODUCT("9999999999999999999800000000000000000001") PRODUCT("9999999999999999999999999999999999999800000000000000000000000000000000000001") PRODUCT("999999999999999999999999999999999999998000000000000000000000000000000000000001") PRODUCT("-999999999999999999890000000000000000001") PRODUCT("365797896662094192918152720621856424321902149062642889803826245999085505258344398719707361682669922267946959304984")),
    ROW("1234567890123456789\n12345678901234567890\n12345678901234567890123456789012345678\n123456789012345678901234567890123456789\n-123456789012345678901234567890123456789\n",
        W SUM("1234567890123456789") SUM("12345678901234567890") SUM("12345678901234567890123456789012345678") SUM("123456789012345678901234567890123456789") SUM("-123456789012345678901234567890123456789")),
    ROW("1_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0,1\n1_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0_0\n",
        W SUM("100000000000000000001") SUM("100000000000000000000000000000000000000")),
};

static const struct row int64_rows[] = {
    ROW("9223372036854775807,1\n-9223372036854775808,-1\n-9223372036854775807,-1\n9223372036854775808,0\n9223372036854775807,9223372036854775807\n-9223372036854775808,-9223372036854775808\n18446744073709551615,1\n18446744073709551616,-1\n9223372036854775807,-9223372036854775807\n",
        W SUM("9223372036854775808") SUM("-9223372036854775809") SUM("-9223372036854775808") SUM("9223372036854775808") SUM("18446744073709551614") SUM("-18446744073709551616") SUM("18446744073709551616") SUM("18446744073709551615") SUM("0")),
    ROW("product\n3037000499,3037000499\n3037000500,3037000500\n-9223372036854775808,1\n-9223372036854775808,-1\n9223372036854775807,-1\n4294967296,4294967296,-1\n18446744073709551615,18446744073709551615\n4294967296,4294967296,0\n2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2\n-2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2\n99999999999999999999,0,5\n3037000500,3037000500,-1,2\n",
        W TO_PRODUCT PRODUCT("9223372030926249001") PRODUCT("9223372037000250000") PRODUCT("-9223372036854775808") PRODUCT("9223372036854775808") PRODUCT("-9223372036854775807") PRODUCT("-18446744073709551616") PRODUCT("340282366920938463426481119284349108225") PRODUCT("0") PRODUCT("18446744073709551616") PRODUCT("-9223372036854775808") PRODUCT("0") PRODUCT("-18446744074000500000")),
};

static const struct row hundred_rows[] = {
    ROW("1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890,9876543210987654321098765432109876543210987654321098765432109876543210987654321098765432109876543210\n-1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890,1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890\n-9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999,-9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999\n9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999,1\n-9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999,1\n",
        W SUM("11111111101111111110111111111011111111101111111110111111111011111111101111111110111111111011111111100") SUM("0") SUM("-19999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999998") SUM("10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000") SUM("-9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999998")),
    ROW("product\n1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890,9876543210987654321098765432109876543210987654321098765432109876543210987654321098765432109876543210\n-9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999,9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999\n9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999,9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999,9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999\n-1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890,-9876543210987654321098765432109876543210987654321098765432109876543210987654321098765432109876543210\n",
        W TO_PRODUCT PRODUCT("12193263113702179522618503273386678859451150739156363359236761164455788599298790108215200135650052123609205801112635258986434993786160646167367779295611949397448712086533622923332237463801111263526900") PRODUCT("-99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999980000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001") PRODUCT("999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999700000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000029999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999") PRODUCT("12193263113702179522618503273386678859451150739156363359236761164455788599298790108215200135650052123609205801112635258986434993786160646167367779295611949397448712086533622923332237463801111263526900")),
};

static const struct row strip_rows[] = {
    ROW("product\t\nsum\t\n1,2\t\n-3\t\t\n\tsum\nquit\t\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\x0b\nsum\x0b\n1,2\x0b\n-3\x0b\x0b\n\x0bsum\nquit\x0b\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\x0c\nsum\x0c\n1,2\x0c\n-3\x0c\x0c\n\x0csum\nquit\x0c\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\r\nsum\r\n1,2\r\n-3\r\r\n\rsum\nquit\r\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\x1c\nsum\x1c\n1,2\x1c\n-3\x1c\x1c\n\x1csum\nquit\x1c\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\x1d\nsum\x1d\n1,2\x1d\n-3\x1d\x1d\n\x1dsum\nquit\x1d\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\x1e\nsum\x1e\n1,2\x1e\n-3\x1e\x1e\n\x1esum\nquit\x1e\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\x1f\nsum\x1f\n1,2\x1f\n-3\x1f\x1f\n\x1fsum\nquit\x1f\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product \nsum \n1,2 \n-3  \n sum\nquit \n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xc2\x85\nsum\xc2\x85\n1,2\xc2\x85\n-3\xc2\x85\xc2\x85\n\xc2\x85sum\nquit\xc2\x85\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xc2\xa0\nsum\xc2\xa0\n1,2\xc2\xa0\n-3\xc2\xa0\xc2\xa0\n\xc2\xa0sum\nquit\xc2\xa0\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xe1\x9a\x80\nsum\xe1\x9a\x80\n1,2\xe1\x9a\x80\n-3\xe1\x9a\x80\xe1\x9a\x80\n\xe1\x9a\x80sum\nquit\xe1\x9a\x80\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xe2\x80\x80\nsum\xe2\x80\x80\n1,2\xe2\x80\x80\n-3\xe2\x80\x80\xe2\x80\x80\n\xe2\x80\x80sum\nquit\xe2\x80\x80\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xe2\x80\x81\nsum\xe2\x80\x81\n1,2\xe2\x80\x81\n-3\xe2\x80\x81\xe2\x80\x81\n\xe2\x80\x81sum\nquit\xe2\x80\x81\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xe2\x80\x82\nsum\xe2\x80\x82\n1,2\xe2\x80\x82\n-3\xe2\x80\x82\xe2\x80\x82\n\xe2\x80\x82sum\nquit\xe2\x80\x82\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xe2\x80\x83\nsum\xe2\x80\x83\n1,2\xe2\x80\x83\n-3\xe2\x80\x83\xe2\x80\x83\n\xe2\x80\x83sum\nquit\xe2\x80\x83\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xe2\x80\x84\nsum\xe2\x80\x84\n1,2\xe2\x80\x84\n-3\xe2\x80\x84\xe2\x80\x84\n\xe2\x80\x84sum\nquit\xe2\x80\x84\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xe2\x80\x85\nsum\xe2\x80\x85\n1,2\xe2\x80\x85\n-3\xe2\x80\x85\xe2\x80\x85\n\xe2\x80\x85sum\nquit\xe2\x80\x85\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xe2\x80\x86\nsum\xe2\x80\x86\n1,2\xe2\x80\x86\n-3\xe2\x80\x86\xe2\x80\x86\n\xe2\x80\x86sum\nquit\xe2\x80\x86\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xe2\x80\x87\nsum\xe2\x80\x87\n1,2\xe2\x80\x87\n-3\xe2\x80\x87\xe2\x80\x87\n\xe2\x80\x87sum\nquit\xe2\x80\x87\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xe2\x80\x88\nsum\xe2\x80\x88\n1,2\xe2\x80\x88\n-3\xe2\x80\x88\xe2\x80\x88\n\xe2\x80\x88sum\nquit\xe2\x80\x88\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xe2\x80\x89\nsum\xe2\x80\x89\n1,2\xe2\x80\x89\n-3\xe2\x80\x89\xe2\x80\x89\n\xe2\x80\x89sum\nquit\xe2\x80\x89\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xe2\x80\x8a\nsum\xe2\x80\x8a\n1,2\xe2\x80\x8a\n-3\xe2\x80\x8a\xe2\x80\x8a\n\xe2\x80\x8asum\nquit\xe2\x80\x8a\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xe2\x80\xa8\nsum\xe2\x80\xa8\n1,2\xe2\x80\xa8\n-3\xe2\x80\xa8\xe2\x80\xa8\n\xe2\x80\xa8sum\nquit\xe2\x80\xa8\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xe2\x80\xa9\nsum\xe2\x80\xa9\n1,2\xe2\x80\xa9\n-3\xe2\x80\xa9\xe2\x80\xa9\n\xe2\x80\xa9sum\nquit\xe2\x80\xa9\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xe2\x80\xaf\nsum\xe2\x80\xaf\n1,2\xe2\x80\xaf\n-3\xe2\x80\xaf\xe2\x80\xaf\n\xe2\x80\xafsum\nquit\xe2\x80\xaf\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xe2\x81\x9f\nsum\xe2\x81\x9f\n1,2\xe2\x81\x9f\n-3\xe2\x81\x9f\xe2\x81\x9f\n\xe2\x81\x9fsum\nquit\xe2\x81\x9f\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("product\xe3\x80\x80\nsum\xe3\x80\x80\n1,2\xe3\x80\x80\n-3\xe3\x80\x80\xe3\x80\x80\n\xe3\x80\x80sum\nquit\xe3\x80\x80\n1\n",
        W TO_PRODUCT TO_SUM SUM("3") SUM("-3") ERR BYE),
    ROW("sum\t\x0b\x0c\r\x1c\x1d\x1e\x1f \xc2\x85\xc2\xa0\xe1\x9a\x80\xe2\x80\x80\xe2\x80\x81\xe2\x80\x82\xe2\x80\x83\xe2\x80\x84\xe2\x80\x85\xe2\x80\x86\xe2\x80\x87\xe2\x80\x88\xe2\x80\x89\xe2\x80\x8a\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\x9f\xe3\x80\x80\n1,2\t\x0b\x0c\r\x1c\x1d\x1e\x1f \xc2\x85\xc2\xa0\xe1\x9a\x80\xe2\x80\x80\xe2\x80\x81\xe2\x80\x82\xe2\x80\x83\xe2\x80\x84\xe2\x80\x85\xe2\x80\x86\xe2\x80\x87\xe2\x80\x88\xe2\x80\x89\xe2\x80\x8a\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\x9f\xe3\x80\x80\nquit\t\x0b\x0c\r\x1c\x1d\x1e\x1f \xc2\x85\xc2\xa0\xe1\x9a\x80\xe2\x80\x80\xe2\x80\x81\xe2\x80\x82\xe2\x80\x83\xe2\x80\x84\xe2\x80\x85\xe2\x80\x86\xe2\x80\x87\xe2\x80\x88\xe2\x80\x89\xe2\x80\x8a\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\x9f\xe3\x80\x80\n",
        W TO_SUM SUM("3") BYE),
    ROW("sum\xe2\x80\x8b\n1\xe2\x80\x8b\n1\xef\xbb\xbf\n1\xe1\xa0\x8e\nsum\x00\n1\x00\n",
        W ERR ERR ERR ERR ERR ERR),
};

static const struct row int_space_rows[] = {
    ROW("\t1\t,\t-2\t\n\t\t+3\t\t\n",
        W SUM("-1") SUM("3")),
    ROW("\x0b""1\x0b,\x0b-2\x0b\n\x0b\x0b+3\x0b\x0b\n",
        W SUM("-1") SUM("3")),
    ROW("\x0c""1\x0c,\x0c-2\x0c\n\x0c\x0c+3\x0c\x0c\n",
        W SUM("-1") SUM("3")),
    ROW("\r1\r,\r-2\r\n\r\r+3\r\r\n",
        W SUM("-1") SUM("3")),
    ROW(" 1 , -2 \n  +3  \n",
        W SUM("-1") SUM("3")),
    ROW("\xc2\x85""1\xc2\x85,\xc2\x85-2\xc2\x85\n\xc2\x85\xc2\x85+3\xc2\x85\xc2\x85\n",
        W SUM("-1") SUM("3")),
    ROW("\xc2\xa0""1\xc2\xa0,\xc2\xa0-2\xc2\xa0\n\xc2\xa0\xc2\xa0+3\xc2\xa0\xc2\xa0\n",
        W SUM("-1") SUM("3")),
    ROW("\xe1\x9a\x80""1\xe1\x9a\x80,\xe1\x9a\x80-2\xe1\x9a\x80\n\xe1\x9a\x80\xe1\x9a\x80+3\xe1\x9a\x80\xe1\x9a\x80\n",
        W SUM("-1") SUM("3")),
    ROW("\xe2\x80\x80""1\xe2\x80\x80,\xe2\x80\x80-2\xe2\x80\x80\n\xe2\x80\x80\xe2\x80\x80+3\xe2\x80\x80\xe2\x80\x80\n",
        W SUM("-1") SUM("3")),
    ROW("\xe2\x80\x81""1\xe2\x80\x81,\xe2\x80\x81-2\xe2\x80\x81\n\xe2\x80\x81\xe2\x80\x81+3\xe2\x80\x81\xe2\x80\x81\n",
        W SUM("-1") SUM("3")),
    ROW("\xe2\x80\x82""1\xe2\x80\x82,\xe2\x80\x82-2\xe2\x80\x82\n\xe2\x80\x82\xe2\x80\x82+3\xe2\x80\x82\xe2\x80\x82\n",
        W SUM("-1") SUM("3")),
    ROW("\xe2\x80\x83""1\xe2\x80\x83,\xe2\x80\x83-2\xe2\x80\x83\n\xe2\x80\x83\xe2\x80\x83+3\xe2\x80\x83\xe2\x80\x83\n",
        W SUM("-1") SUM("3")),
    ROW("\xe2\x80\x84""1\xe2\x80\x84,\xe2\x80\x84-2\xe2\x80\x84\n\xe2\x80\x84\xe2\x80\x84+3\xe2\x80\x84\xe2\x80\x84\n",
        W SUM("-1") SUM("3")),
    ROW("\xe2\x80\x85""1\xe2\x80\x85,\xe2\x80\x85-2\xe2\x80\x85\n\xe2\x80\x85\xe2\x80\x85+3\xe2\x80\x85\xe2\x80\x85\n",
        W SUM("-1") SUM("3")),
    ROW("\xe2\x80\x86""1\xe2\x80\x86,\xe2\x80\x86-2\xe2\x80\x86\n\xe2\x80\x86\xe2\x80\x86+3\xe2\x80\x86\xe2\x80\x86\n",
        W SUM("-1") SUM("3")),
    ROW("\xe2\x80\x87""1\xe2\x80\x87,\xe2\x80\x87-2\xe2\x80\x87\n\xe2\x80\x87\xe2\x80\x87+3\xe2\x80\x87\xe2\x80\x87\n",
        W SUM("-1") SUM("3")),
    ROW("\xe2\x80\x88""1\xe2\x80\x88,\xe2\x80\x88-2\xe2\x80\x88\n\xe2\x80\x88\xe2\x80\x88+3\xe2\x80\x88\xe2\x80\x88\n",
        W SUM("-1") SUM("3")),
    ROW("\xe2\x80\x89""1\xe2\x80\x89,\xe2\x80\x89-2\xe2\x80\x89\n\xe2\x80\x89\xe2\x80\x89+3\xe2\x80\x89\xe2\x80\x89\n",
        W SUM("-1") SUM("3")),
    ROW("\xe2\x80\x8a""1\xe2\x80\x8a,\xe2\x80\x8a-2\xe2\x80\x8a\n\xe2\x80\x8a\xe2\x80\x8a+3\xe2\x80\x8a\xe2\x80\x8a\n",
        W SUM("-1") SUM("3")),
    ROW("\xe2\x80\xa8""1\xe2\x80\xa8,\xe2\x80\xa8-2\xe2\x80\xa8\n\xe2\x80\xa8\xe2\x80\xa8+3\xe2\x80\xa8\xe2\x80\xa8\n",
        W SUM("-1") SUM("3")),
    ROW("\xe2\x80\xa9""1\xe2\x80\xa9,\xe2\x80\xa9-2\xe2\x80\xa9\n\xe2\x80\xa9\xe2\x80\xa9+3\xe2\x80\xa9\xe2\x80\xa9\n",
        W SUM("-1") SUM("3")),
    ROW("\xe2\x80\xaf""1\xe2\x80\xaf,\xe2\x80\xaf-2\xe2\x80\xaf\n\xe2\x80\xaf\xe2\x80\xaf+3\xe2\x80\xaf\xe2\x80\xaf\n",
        W SUM("-1") SUM("3")),
    ROW("\xe2\x81\x9f""1\xe2\x81\x9f,\xe2\x81\x9f-2\xe2\x81\x9f\n\xe2\x81\x9f\xe2\x81\x9f+3\xe2\x81\x9f\xe2\x81\x9f\n",
        W SUM("-1") SUM("3")),
    ROW("\xe3\x80\x80""1\xe3\x80\x80,\xe3\x80\x80-2\xe3\x80\x80\n\xe3\x80\x80\xe3\x80\x80+3\xe3\x80\x80\xe3\x80\x80\n",
        W SUM("-1") SUM("3")),
    ROW("\x1c""1\n1\x1c,2\n1,\x1c""2\n1\x1c\n1,2\x1c\n1 \x1c \n\x1csum\nsum\x1c\n",
        W ERR ERR ERR SUM("1") SUM("3") SUM("1") ERR TO_SUM),
    ROW("\x1d""1\n1\x1d,2\n1,\x1d""2\n1\x1d\n1,2\x1d\n1 \x1d \n\x1dsum\nsum\x1d\n",
        W ERR ERR ERR SUM("1") SUM("3") SUM("1") ERR TO_SUM),
    ROW("\x1e""1\n1\x1e,2\n1,\x1e""2\n1\x1e\n1,2\x1e\n1 \x1e \n\x1esum\nsum\x1e\n",
        W ERR ERR ERR SUM("1") SUM("3") SUM("1") ERR TO_SUM),
    ROW("\x1f""1\n1\x1f,2\n1,\x1f""2\n1\x1f\n1,2\x1f\n1 \x1f \n\x1fsum\nsum\x1f\n",
        W ERR ERR ERR SUM("1") SUM("3") SUM("1") ERR TO_SUM),
    ROW("\xe2\x80\x8b""1\n1\xe2\x80\x8b,2\n\xc2\xa0-\xc2\xa0""1\n",
        W ERR ERR ERR),
};

static const struct row random_rows[] = {
    ROW("\xe2\x1c\x80\xa9\x0b+76\xe2\x80\x86\xe1\x9a\x80,-000000000000000000000057,45,\xe2\x80\x81\xe2\x80\x81+34473665871716005277957335791775803489717\r,\xe2\x80\x89\xe2\x80\x87+54\xe2\x80\x88\n\xe2\x80\x88 00000000000000000000000878462767\xe2\x80\x85\xe2\x80\x87,+15\xe2\x80\x80\xe2\x80\x89,+913709144367708983767302077671211664378387,620053346816478631446901317923\n",
        W ERR SUM("913709144368329037114118556302659444159092")),
    ROW("468010851458,+9_223372036854775808\xe2\x80\x89\r,-99999999999999999999\xd9\xa3,6097262913675823318292930682996\xe2\x80\xaf,7+5\xc2\xa0\xe2\x80\x84\nproduct\xe2\x80\x83\x1c\n",
        W ERR TO_PRODUCT),
    ROW("\xe2\x80\x87\xe2\x80\x82""9616147654803310893111675290\n\xe1\x9a\x80\xe2\x80\xaf""70,304733046460045136224714693344568029315787,9223372036854775809,\xe2\x80\x87+53\x0b\n",
        W SUM("9616147654803310893111675290") SUM("304733046460045136224723916716604884091719")),
    ROW("3\xe2\x80\xaf\xe2\x80\x8a\x1d\n\xe2\x81\x9f\xe2\x80\x80""3133789200672942935330437531074355669\xc2\x85\x0b\n",
        W SUM("3") SUM("3133789200672942935330437531074355669")),
    ROW("8499785,-1 ,-8\n+40,\xe2\x80\xaf\xe2\x80\x80""4611686018427387903,-9_8 \xe2\x80\x89,-21_759933\xe2\x80\xa9\xe2\x80\xa9,\xe2\x80\x8a""9223372036854775809\xe2\x80\x89\xe2\x80\xaf\xe2\x80\x89\n",
        W SUM("8499776") SUM("13835058055260403721")),
    ROW("-0,\r\xc2\x85""00000000655806743827823614338041063028844896434392\xe2\x81\x9f,+992911030591680235\xe2\x80\x87\xe2\x80\xaf\xe2\x80\x85\x0c\xe2\x80\x87\n\xe2\x81\x9f\xe2\x80\x85-81,-2\t\xe2\x80\x84,\xe2\x80\xa9\xe2\x80\xaf-000000000000000000000000999999999999999999\xe2\x80\x81\xe2\x80\x89\n",
        W SUM("655806743827823614338042055939875488114627") SUM("-1000000000000000082")),
    ROW("\xc2\xa0+0000000000000000000080,\xc2\x85\xe3\x80\x80""59_4056993590\n\xe1\x9a\x80\x0c""3037000501\xe2\x80\x80,-18446744073709551615\xe2\x80\x8a,-11,\xe2\x80\x88-865117441672972079598,\xe1\x9a\x80+44\n",
        W SUM("594056993670") SUM("-883564185743644630679")),
    ROW("\xe2\x80\x80-9,+9 \n\xe2\x80\xaf+85\xe3\x80\x80\xc2\x85\n",
        W SUM("0") SUM("85")),
    ROW("product\n\xe2\x80\x87""6_1,65\xe2\x81\x9f\xc2\xa0,+19,1_0,+860707652415320962632811099191514\n",
        W TO_PRODUCT PRODUCT("648414109947082047199428241575927071900")),
    ROW("-4611686018427387904,\xe2\x80\x81-2\xe2\x80\xa8,\xe2\x80\x88\xe2\x80\xa8""303700050_0,\xe2\x80\x88\xe2\x80\x84""157826171559894062405131727354175157003\xc2\xa0\xe2\x80\x80\n50,16,-22\x1c\n",
        W SUM("157826171559894062400520041338784769597") SUM("44")),
    ROW("\xe2\x80\xa9""36709362954674270931187319638261132\xe2\x80\xaf,1_8\n20\xe2\x80\xaf,+100000000000000000000000000000000000001\xe2\x80\x86,+80\n",
        W SUM("36709362954674270931187319638261150") SUM("100000000000000000000000000000000000101")),
    ROW("+7_9\n+63544034084467607243546123195250598572385,\x0c""10\xe2\x80\x82\xe2\x80\x80,-80147800397219677368059,+184467440 73709551614\xe2\x80\x87\xe2\x80\x89,2\n",
        W SUM("79") ERR),
    ROW("18446744073709551616\xe1\x9a\x80,+711614905937+8816_1639558689912988\xe2\x80\x88,-316402012\xe3\x80\x80\n\x0b\xe2\x80\x8a""2147483647,\xe2\x80\x84""31\xe2\x80\x80\xe2\x80\x83\xc2\xa0\n",
        W ERR SUM("2147483678")),
    ROW("+70\xe2\x80\xa9\t,1671008277609818669757497942553,24153167548205336\t,+2491224859523932546406799180\xc2\x85\xc2\x85,\xc2 \xa0\xe2\x80\x88""51\r\n6_0\xe2\x80\x89,+11\xe2\x80\x82\xe2\x80\x88,+00000000075,\xe2\x80\xaf\xe2\x80\x8a""05649228231698242134611739282060926639\xe2\x80\x8a,\xc2\x85-0146847665492555432767578528321022\n",
        W ERR SUM("5649081384032749579178971703532605763")),
    ROW("-999999999999999_99999999999999999999998\r,+65826436627767142341779436667\xe2\x80\x81,-9999999999999999998\xe1\x9a\x80\n-100000000000000000000\xe2\x80\x89\xe2\x80\x84\n",
        W SUM("-99999999934173563382232857658220563329") SUM("-100000000000000000000")),
    ROW("752\xe2\x80\xaf,\xe2\x80\x84-6451664488485140709257434976385119235213879\xe1\x9a\x80\n-78\xe2\x80\x88,\xe2\x80\x88""4282318492464153619756281614771247350428,793_90477987722877940828424,14879628035810323361652,+800168310749143379501571986692\xe1\x9a\x80\x0c\n",
        W SUM("-6451664488485140709257434976385119235213127") SUM("4282318493264401335863040752961083527118")),
    ROW("\xe2\x80\x85\x0c+100000000000000000000000000000000000001\t\n\xc2\x85+33520\xe2\x80\xa8\n",
        W SUM("100000000000000000000000000000000000001") SUM("33520")),
    ROW("-55,675727397202963865960862608017490728725x2\xe2\x80\x85\xe2\x80\x80,\xe2\x80\x86\xe2\x80\x81-85109839567703196\n\xe2\x80\xa8\xe2\x80\x82+65541353894060002299658260916334176979040\xe2\x80\x8a,\xe2\x80\x83+4611686018427387905\n",
        W ERR SUM("65541353894060002299662872602352604366945")),
    ROW("\xe2\x80\x89\t-3037000501,+2147483646,\xe2\x80\x88\xe2\x80\xa9""1993975010510705823\x1f\xe3\x80\x80\xe3\x80\x80\n\xe2\x80\x89-96\xe2\x80\xaf\xe2\x80\x86,+9738767557\n",
        W SUM("1993975009621188968") SUM("9738767461")),
    ROW("\xe2\x80\xa9""4\xc2\xa0,\xe2\x80\x88""22408224661326,\r-1\xe1\x9a\x80\xc2\xa0,+99999999_99999999998\xe2\x80\x83\x0c\xe2\x80\xaf\x0b\n\xe2\x80\x83""2147483647\xe2\x80\x81\xe2\xc2\x80\x89,6_0,9\xe2\x80\x82,-8_9\r,-000000000001\n",
        W SUM("10000022408224661327") ERR),
    ROW("\xe3\x80\x80\xe2\x80\xa8+4611686018427387905,-25\xe2\x80\x89,55\x0c\n\xd9\xa3""4294967296\xe2\x80\xaf,-99999999999999999999999999999999999999,\xe2\x80\x81""00000000000003979831122048488156573141946\xe2\x80\x89\xe3\x80\x80\n",
        W SUM("4611686018427387935") ERR),
    ROW("-30\r\xc2\xa0,-2147483647\xe2\x80\x85\xe2\x80\x86,92\n\xe2\x80\x88""130815246328563403904\x0c\xe1\x9a\x80\n",
        W SUM("-2147483585") SUM("130815246328563403904")),
    ROW("-783450782727298750\xe2\x80\x80,\xe2\x81\x9f\xe3\x80\x80""9999999999999999999\xe2\x80\x84\x1c\n \r1\n",
        W SUM("9216549217272701249") SUM("1")),
    ROW("\t100000000000000000000\xe2\x80\x88\xe2\x80\x88\n-9_0\xe1\x9a\x80,_0,+9223372036854775807\x0b,+10000_000000000000000\t,+99\n",
        W SUM("100000000000000000000") ERR),
    ROW("\xe2\x81\x9f\xe2\x80\xa8""99999999999999999999\t,\xe2\x80\xaf""65\n-2\n",
        W SUM("100000000000000000064") SUM("-2")),
    ROW("product\n\xe2\x80\x87-8448249781131758349034841310606508\xe3\x80\x80\r\xe2\x80\xaf\xe2\x81\x9f\xc2\x85\n",
        W TO_PRODUCT PRODUCT("-8448249781131758349034841310606508")),
    ROW("\xe2\x80\x84""66,-39\n\xe2\x80\xa9\xe2\x81\x9f+9223372036854775806\n",
        W SUM("27") SUM("9223372036854775806")),
    ROW("-29,+55\x0c\xe2\x80\x86,102549820,\xe2\x80\x83\xe2\x80\x84+0\xe2\x80\x84\xe2\x80\xa8,-\xc2""11\xe2\x81\x9f\x1d\t\n97,0000000000099999999999999999999999999999999999999\xe2\x80\x89\xe2\x80\xa9, \x0b""2_147483647,2147483646\xe2\x80\x80\x1e\x0b\n",
        W ERR SUM("100000000000000000000000000004294967389")),
    ROW("+0,93\n76587009049088646009_94926163608691,\xe2\x81\x9f\xe2\x80\x82-10,+6942131676865076376592338732954651350147,+1\t\xe2\x80\x82\n",
        W SUM("93") SUM("6942139335565981285456939727880814958829")),
    ROW("+184467440737095516+15,+92233720_36854775807\n\xe2\x80\xaf+61,+7223623171235796853462381021895,+95314126503364575245864867442276492,66\n",
        W ERR SUM("95321350126535811042718329823298514")),
    ROW(" 80\xe2\x80\x88\xe2\x80\x80\n\xe3\x80\x80""19\xe2\x80\x86\n",
        W SUM("80") SUM("19")),
    ROW("+57966682\xc2\x85\r,-27\n\x0c""584386603616,90,+2147483647,-85\xc2\x85\xe2\x80\x82\n",
        W SUM("57966655") SUM("586534087268")),
    ROW("\xe2\x80\x8a+4095891875248131166254939957065,-1\t,\xe2\x80\x85\xe2\x80\x83""68\n-1\t\n",
        W SUM("4095891875248131166254939957132") SUM("-1")),
    ROW("\xe2\x80\x88+9,-9\n31,1,2,\xe2\x80\x86\xe2\x80\x8a-10\n",
        W SUM("0") SUM("24")),
    ROW("-4294967295\xe3\x80\x80,+23,\xe2\x81\x9f+x0,4043796667184071990424981,+2682570804687802\x1c""38870257925358\r\xe2\x80\x89\n-9223372036854775808,93\xe2\x80\x83\n",
        W ERR SUM("-9223372036854775715")),
    ROW("26388437765538109547286246,718428926\n\xe2\x80\x89-18446744073709551617\xe2\x80\x8a\xe2\x80\x8a,+863702770407330866697814903084 ,+37\t,\xe2\x80\x88-3\xe2\x80\x86\r,73_9930322806\xc2\x85\n",
        W SUM("26388437765538110265715172") SUM("863702770388884123364035674307")),
    ROW("\xe2\x80\x82-999999999999999999,\r 9223372036854775807,\xe2\x80\x80""9\n\xe2\x80\x84""38288944387131212256,+10000000000000000000\n",
        W SUM("8223372036854775817") SUM("48288944387131212256")),
    ROW("sum\n2147483647,9999999999999999999\x0b\xe2\x80\xa9,\xe2\x80\x82\xe2\x80\x87+3037000498\xc2\x85,\r4_6\xe2\x80\x83\xe2\x80\xaf\x1d\xe2\x81\x9f\n",
        W TO_SUM SUM("10000000005184484190")),
    ROW("\xe2\x80\x82\xe2\x80\x89""99999999999999999999,\xd9\xa3\xe2\x80\x83""39\xe1\x9a\x80\t,+9223372036854775807,66\n\xe2\x80\x8a\xe2\x80\x88-4294967295\xe2\x81\x9f \x0c\x0c\x1d\n",
        W ERR SUM("-4294967295")),
    ROW("-39,-630274\xe2\x80\xa9\xc2\xa0,+00000006760037\xd9\xa3""6821245679249335739108849144\n \xe2\x80\x82""908690437597055950363482347\xe2\x80\x84,9999999999999999999\t,\xc2\xa0+1\xe1\x9a\x80,41\xe2\x80\xa9\x0b\n",
        W ERR SUM("908690447597055950363482388")),
    ROW("sum\xc2\x85\n-9\xe2\x80\x84,0000000000000000008410358050\xe2\x80\x88\xe3\x80\x80,\xc2\xa0\xe2\x80\x88""2147483646\x0b\xe1\x9a\x80\n",
        W TO_SUM SUM("10557841687")),
    ROW("-100000000000000000001,\xe2\x80\x86\xe2\x80\x88+9223372036854775807,+24\t,\xe1\x9a\x80\xe2\x80\x86+18446744073709551615\xe2\x80\xaf\n\xe2\x80\xaf-2147483647\x0b,1000000000000000000\xe2\x80\xa9\xe2\x80\x81\xe2\x80\x8a\n",
        W SUM("-72329883889435672555") SUM("999999997852516353")),
    ROW("-00000000000000000100000000000000000000000000000000000001,+82\xe2\x80\x83\xe2\x80\xaf\xc2\x85\n\xe2\x80\x82""3037000500,+2147483648,\xe2\x80\x84+78\n",
        W SUM("-99999999999999999999999999999999999919") SUM("5184484226")),
    ROW("\xe2\x80\x88\xe2\x80\xaf+0\xe2\x81\x9f\xe2\x80\x86\n-00000000079 \xe2\x80\x87,+329981853882057857726840325551154010413,+0000000000000010\t\xe2\x80\x81\xe2\x80\x87\n",
        W SUM("0") SUM("329981853882057857726840325551154010344")),
    ROW("product\x1e\n\xe2\x80\x82+100000000000000000001,89\xe2\x80\xd9\xa3\xa9\n",
        W TO_PRODUCT ERR),
    ROW("-45895707567_626848290694641623319454647632,+10,3\xe2\x80\xa8\xe2\x80\x82,-5_5\x0b\t, 36\n0001070_80238299911610762718673786345,+2147483647\r,0000000003409827326992298466447246448,8088661614137479179149257916855093\xe2\x80\x84\xc2\x85\n",
        W SUM("-45895707567626848290694641623319454647638") SUM("8195745262264717782210445185371533")),
    ROW("\xe2\x80\x84-1_4\xe2\x80\xa9\xe1\x9a\x80\n\xe2\x80\xaf+000000000000006\n",
        W SUM("-14") SUM("6")),
    ROW("+1\xc2""754719168071,\xe2\x80\x89 \xe1\x9a\x80""8080265548097883127537375963340\xe2\x80\x82\x0b\n-9\xe3\x80\x80,+9999999999999999999\xe2\x80\x8a\xe2\x80\x8a\n",
        W ERR SUM("9999999999999999990")),
    ROW("30_37000500,\xe2\x81\x9f+999999999999999999999_99999999999999999\xc2\x85,\x0b+2147483646\xe2\x80\x80\xe2\x80\x81\n307228271601492030_49438968606100\xe2\x80\x81\xe1\x9a\x80,\xe2\x80\x81\xe2\x80\xa8""99999999999999999999999999999999999998,5232345494252770181807366872037177519 \xe2\x80\x83\n",
        W SUM("100000000000000000000000000005184484145") SUM("105232376217079930331010416311005783617")),
    ROW("+00000000244x46449405186468327623870550049428590\xe2\x80\x80\x0c\xe2\x80\x84\xe2\x80\x81\n255957105039297418111153924800,1_8446744073709551615\n",
        W ERR SUM("255957105057744162184863476415")),
    ROW("11\n\t\xe2\x80\x80""10000000000000000000,99999999999999999999999999999999999999\x0b\xe2\x80\x88,58870882042106241325690263\n",
        W SUM("11") SUM("100000000000058870892042106241325690262")),
    ROW("-53,+22986833436889_86,41\t\t,\xe1\x9a\x80\t-37\n\xe2\x80\x86""2916164113450415019208413311820954858\x0b\xe2\x80\x82\n",
        W SUM("2298683343688937") SUM("2916164113450415019208413311820954858")),
    ROW("429_4967295\xe3\x80\x80\xe2\x80\x82\n+30\n",
        W SUM("4294967295") SUM("30")),
    ROW("1\xe2\x80\x86,+1000000000000000000000000000000000000000,\xe2\x80\x8a+5531353407237555349181136363928_77911829107\xe2\x80\x82\xe2\x80\x89,+11\n\xe2\x81\x9f+2147483647,\xe2\x80\x89""18446744073709551615,\xe2\x80\x88\xe2\x80\x80""206541648265142773353935\xe2\x80\x82\xc2\xa0,\xe2\x80\x88\xe2\x80\xa8""1000000000000000000000000000000000000000,3\xe2\x80\x87\n",
        W SUM("554135340723755534918113636392877911829119") SUM("1000000000000000206560095009218630389200")),
    ROW("0000000004294967297\xe3\x80\x80\xe2\x80\x8a,\xe2\x80\x82\xe2\x81\x9f-28669789425_09772932523\xe2\x80\x8a\xe2\x80\x82,\xe2\x80\x85\xe2\x80\x80""235922736\xe2\x80\xaf,8821932697611092161876376\n\xe2\x80\x89""70495574288163524700078779,4336661592830202972385102321372822_22265692\xe2\x80\x89\xe3\x80\x80\xe2\x80\xaf\xe2\x80\x80\n",
        W SUM("8819065718668586919833886") SUM("433666159283020367734084520300806922344471")),
    ROW("-0000000000013 \t,x-000000000000000000010,+3037000499,49\n0\n",
        W ERR SUM("0")),
    ROW("3037000500\n-17\xe2\x80\x89\n",
        W SUM("3037000500") SUM("-17")),
    ROW("\xe2\x80\x84\xe2\x80\x80+9223372036854775808\xe2\x80\x80\r,\xe2\x80\x83\xe2\x80\xa8""00000000000000029\xe2\x80\x87\xe2\x80\x8a,+4611686018427387904\n-84793950479088419_214380276188019,+8216286482765798,+33,2\xe2\x81\x9f\xe2\x80\xaf\n",
        W SUM("13835058055282163741") SUM("-84793950479088410998093793422186")),
    ROW("147665629747911071970637921949140\r,\xc2\x85""33\xe2\x80\x88\xe2\x81\x9f,\xe2\x80\x85\xe2\x80\x87""100000000000000000000000000000000000000,-1\n27288233\t\xe3\x80\x80,+62\xc2\xa0\x0b\n",
        W SUM("100000147665629747911071970637921949172") SUM("27288295")),
    ROW("\xc2\xa0\xe2\x80\x80+0000000000040093629329454\xe2\x80\x81\xe2\x80\x85\xc2\xa0\n+1776747265011849_616839709786695\n",
        W SUM("40093629329454") SUM("1776747265011849616839709786695")),
    ROW("\xc2\x85\xe2\x80\x83+00079,-98\nsum\x1e\xe2\x80\xaf\n",
        W SUM("-19") TO_SUM),
    ROW("1000000000000000000000000000000000000000,-000000303700_0500\n9223372036854775807\n",
        W SUM("999999999999999999999999999996962999500") SUM("9223372036854775807")),
    ROW("\xe2\x80\x87""0001000000000000000000,\xe2\x80\x81\xe2\x80\x8a-16721924262149226650139801136\xe2\x80\x82\n-4294967297,+492902402101888,000000000000002147483648\xe2\x80\x80,-0000000000000000008322247400888848702855546045792967960,9223372036854775808\xc2\xa0\x1c\x0b\n",
        W SUM("-16721924261149226650139801136") SUM("-8322247400888848693631681108683573913")),
    ROW("\x0b\x0b""00_00000000000043,-45\xe2\x80\xa8\xe2\x80\xaf,\r\xe2\x80\x85-0000000000000000002147483648\n\xe2\x80\x82""8717273_9167487,5206059,60\xe2\x80\xa9\n",
        W SUM("-2147483650") SUM("87172744373606")),
    ROW("\xe2\x80\x86\xe2\x80\xa9""3037000498,-18446744073709551615\x0c,-67782014796938321591324576600261708531224196\xe2\x80\x89\x0b,\xe1\x9a\x80\xe2\x80\x83+00000000000000000092\n-25,+10000000000000000000,8_3\n",
        W SUM("-67782014796938321591324595047005779203775221") SUM("10000000000000000058")),
    ROW(" 000000000099\xe2\x80\x85\xe2\x80\x85,2147483649\t\xe2\x80\x88\n+84\xe3\x80\x80,-613226753969589946248918794405124753884_4791\xe2\x80\x89\xe2\x80\x88,-10000000000_00000000\xe2\x80\xa8\xe1\x9a\x80,-9\xc2\xa0\xc2\x85\n",
        W SUM("2147483748") SUM("-6132267539695899462489188944051247538844716")),
    ROW("\xe2\x81\x9f\xe2\x80\x81-60\x1e\xe2\x80\x88\xe2\x81\x9f\n+0\x0b,4320350589528800507252498613650097552240737,+100000000000000000000000000000000000000,15886369245623276654_9,\xc2\xa0\xe2\x80\x89-14\xe2\x80\xa9\x0c\n",
        W SUM("-60") SUM("4320450589528800507252657477342553785007272")),
    ROW("\xe2\x80\x8a\xe2\x80\x81""10000000000000000000\xe2\x80\x85,18\n00000000001000000000000000000\n",
        W SUM("10000000000000000018") SUM("1000000000000000000")),
    ROW("1992683091,+69\xe2\x81\x9f\xc2\xa0,-00000000000000000100000000000000000000000000000000000001,\xe2\x81\x9f-153707083854796\xe2\x80\x8a\xe2\x80\x88\n1,-100000000000000000001\xe2\x80\x84\n",
        W SUM("-100000000000000000000000153705091171637") SUM("-100000000000000000000")),
    ROW("63,2,\xe2\x80\x88-3_7, +6889455160018272148654606251887733496354413\n90,\xe2\x80\x81""0,\xe2\x80\x85-999999999999999999999999999999999999999\x1c\xe2\x80\x85\xe2\x80\xa8\n",
        W SUM("6889455160018272148654606251887733496354441") SUM("-999999999999999999999999999999999999909")),
    ROW("\xe2\x80\x89""95\xe2\x80\x85\xe2\x80\x81\n\xe2\x80\x82\xe2\x81\x9f-56\xe2\x80\x81\xe2\x80\x87,55\xe2\x80\x87\xe2\x80\x84\n",
        W SUM("95") SUM("-1")),
    ROW("\xe2\x80\x80+22,61905708609056226926238465227586429967480373,\xe2\x80\xd9\xa3\xa8""14,64,9\xe2\x80\x87\xe2\x80\xaf\n\xe2\x80\x84""4611686018427387904,\x0c-18446_744073709551616,\xe2\x80\x8a\xc2\xa0""92\xe2\x80\x87,\xe2\x80\x81""9223372036854775807,3471155243526454861108526\n",
        W ERR SUM("3471150631840436433720713")),
    ROW("\x0b+90_1548435976592574604538979\xc2\x85, +3037000499,+1844674_4073709551615\n601157615030789238034165861774366975,-9\xe2\x80\x84,\xe2\x80\x88\xe2\x80\x83""18446744073709551615,+0\xe2\x80\xaf\n",
        W SUM("901548454423336651351091093") SUM("601157615030789256480909935483918581")),
    ROW("+3037000499\n\xe3\x80\x80+29416988341787737\xc2\x85,2147483646\n",
        W SUM("3037000499") SUM("29416990489271383")),
    ROW("+9223372036854775807,\xe2\x80\xa9\xe2\x80\x82""429_4967296\xe3\x80\x80,-3037_000499,1679306_8\n+0,-18,-9999999999999999998,\xe2\x80\x80-9223372036854775806\n",
        W SUM("9223372038129535672") SUM("-19223372036854775822")),
    ROW("+0000000000011057969648898297115895378,4_6\xe2\x80\x80\xe2\x80\x85,-100000000000000000000000000000000000000,60\xe2\x80\x88\xe2\x80\x80\nsum\xe2\x80\x82\n",
        W SUM("-99999999999988942030351101702884104516") TO_SUM),
    ROW("00000000000085764148 ,44,+16\t,+33\xe2\x80\x82\xe2\x80\x8a\n99999999999999999999999999999999999999,\xe2\x80\xa8\xe2\x80\x88-98,+10000000000000000000 \t,5_5\xe2\x80\x82\xe3\x80\x80,+90\n",
        W SUM("85764241") SUM("100000000000000000010000000000000000046")),
    ROW("\r\x1c""4,+55\xe2\x80\xa8\n 4\n",
        W ERR SUM("4")),
    ROW("\r\xe2\x80\x80-7511693667551902875135621402699670\xe2\x80\x86,\xe2\x80\x8a""00000000000000000000002147483648\xe2\x80\xaf,-92\xe2\x80\x87\xe2\x80\x88\xe2\x80\x83\xe2\x81\x9f\xe2\x80\x85\nsum\n",
        W SUM("-7511693667551902875135619255216114") TO_SUM),
    ROW("-1,-9,2147483647\xc2\xa0\xc2\x85,\xe2\x81\x9f""604068100395529471464456\n-55,8567352887404972259277,8\xe1\x9a\x80\x0b,10\xe2\x81\x9f\n",
        W SUM("604068100395531618948093") SUM("8567352887404972259240")),
    ROW("-2147483647\xe2\x80\x80,\xe2\x80\x88""000000000000000000088\xe3\x80\x80\xe2\x80\x86,\xe2\x80\xaf\xe2\x80\x81+00100000000000000000000000000000000000000,10000000000000000001\xe2\x80\xa9\x0b\x1e\xc2\x85\n-68198489510_419141734164541088938634\xe1\x9a\x80\xe2\x80\x81,+99999999999999999999999999999999999999,-9_3\xe3\x80\x80\xe2\x80\x85,-40\xe2\x80\x81,+42\x0c\xe2\x81\x9f\n",
        W SUM("100000000000000000009999999997852516442") SUM("99931801510489580858265835458911061274")),
    ROW("184467440737095516+16,+2\n-9223372036854775808,\xe2\x80\xa9""1\xe2\x80\xa9,\xe1\x9a\x80\xe2\x80\x82""00000000000100000000000000000000,+1,-90216292531760\xe1\x9a\x80\xe2\x81\x9f\xc2\xa0\n",
        W ERR SUM("90776537746852692434")),
    ROW("\x0b-3_3,\xe2\x80\xaf""26,\xe2\x80\x84""5,448_839160\n+2147483648,27\xe2\x80\x89,8\n",
        W SUM("448839158") SUM("2147483683")),
    ROW("\xe2\x81\x9f-79\xe1\x9a\x80,+3,133425490434371077697187,\xe1\x9a\x80-18446744073709551615,+00009687137626231991787051382992057\nsum\xe2\x80\xa8\n",
        W SUM("9687137759639035477348751137553") TO_SUM),
    ROW("\x1c+74,\xe2\x80\xa9\xe2\x80\x87-10,\xe2\x80\xaf\xc2\xa0-45,\xe2\x80\xa8\xe2\x80\xa8""33\n\xc2\x85+5760645606107348387777222092419,\x0b\xe2\x80\x86+10000000000000000000\xe2\x80\x89\x0b\n",
        W ERR SUM("5760645606117348387777222092419")),
    ROW("\xe2\x80\xaf\xe2\x80\xa8-8,\xe2\x80\x83""100000000000000_000000,19142449991305098384904232825849770288\n\xe2\x80\x86\xe2\x80\x8a+4431,66476326143399463466824874095540144\xe1\x9a\x80,\xe2\x80\xaf""3+0\n",
        W SUM("19142449991305098484904232825849770280") ERR),
    ROW("52\n18446744073_709551617\xe2\x80\x82\xe2\x80\x80,+-79775134865630544113218 \xc2\x85\x0c\n",
        W SUM("52") ERR),
    ROW("98,-3037000501\n\xe2\x80\x86""00000000000010\xe1\x9a\x80 \n",
        W SUM("-3037000403") SUM("10")),
    ROW("99999999999999999999999999999999999999\n-28\xe2\x80\x87\xe2\x80\x86,\xe2\x80\x84\xe2\x80\x84""1000000000000000001\n",
        W SUM("99999999999999999999999999999999999999") SUM("999999999999999973")),
    ROW("-999999999999999999999999999999999999999,\xe2\x80\x83""35,\xe2\x80\x85\xe2\x80\xa8+9223372036854775807,\xe1\x9a\x80\xe1\x9a\x80+1_7\n42\xc2\xa0,\xc2\x85+0,\t\xe1\x9a\x80-3\xe2\x80\x82,\xe2\x80\x83""3111879992_366301122993121401175\n",
        W SUM("-999999999999999999990776627963145224140") SUM("3111879992366301122993121401214")),
    ROW("9223372036854775807,\xe2\x80\x81\xe1\x9a\x80""158188012\xc2\xa0\xe3\x80\x80,\x0b""0000030+37000500\xe2\x80\xaf,-9223372036854775808\n21506569365370939748902471854785556884069888\xe2\x80\x80\xe2\x80\x8a,\xe2\x80\x83-86529329675782906247232088306412_56301168,+429496_7294\x1c\xe2\x80\x83\xe2\x80\x80\n",
        W ERR SUM("21497916432403361458277748645954919922736014")),
    ROW("-18,9223372036854775807\xe2\x80\xaf\xc2\x85\n+18446744073709551617\xe1\x9a\x80\xc2\xa0,51\n",
        W SUM("9223372036854775789") SUM("18446744073709551668")),
    ROW("\xc2\xa0\r+9223372036854775808\xe2\x80\x84,+100000000000000000000\nsum\x1c\xe3\x80\x80\n",
        W SUM("109223372036854775808") TO_SUM),
    ROW("\xe2\x80\x84\xe2\x80\x85""7636773883682748086145878509\t,\xe2\x80\x81""14\x0b\xe2\x80\xaf,\xe2\x80\xa9+6,\xe2\x80\x81-4\xe2\x80\x80\xe2\x80\x83\n-1000000000000000000\xe2\x80\x82\xe2\x80\x81,3037000500,742814369770375321475763688653819596788,0000000922_3372036854775807,18446744073709551615\n",
        W SUM("7636773883682748086145878525") SUM("742814369770375321502433804767420924710")),
    ROW("\xc2\xa0""8x6,\t000000000000000000018446744073709551615\xe2\x80\xa8,\xe2\x80\x82""789572643005257479698738667943388376168953,\xe2\x80\x88\xc2\x85+8,\xe2\x80\xa9""4294+967295\n-10\xe2\x80\x8a\xe2\x80\x82,\xe2\x80\x81+000810893118709410\xe2\x81\x9f\xe2\x80\x89\n",
        W ERR SUM("810893118709400")),
    ROW("\xe2\x80\xa8""4,-4294967295\xc2\xa0\n0\xe2\x81\x9f\xe2\x80\x84,25\xe2\x80\x85\xe2\x80\x80,6\x0b\xe2\x80\x82,+000000000000000014\xe2\x80\xa8 \xe2\x80\x83\n",
        W SUM("-4294967291") SUM("45")),
    ROW("64490931051652694644536606\xe2\x80\x80,\xe2\x80\xa9\x0b""2_5\xe3\x80\x80\r,8_7\xe2\x80\x89\n+47\xe2\x80\x86\n",
        W SUM("64490931051652694644536718") SUM("47")),
    ROW("0000000000000000000000021,2147483_646\xc2\xa0\n183210351389946093782693165128053\xc2\xa0\xe1\x9a\x80,+6_6\xe2\x80\x8a\xc2\xa0\n",
        W SUM("2147483667") SUM("183210351389946093782693165128119")),
    ROW("\xe2\x80\xa8-9_223372036854775808\xe2\x80\xa8,\xe2\x80\x81\xc2\xa0""8_5\r\xe2\x80\xaf\xe2\x80\x87\x1c\xe2\x80\x8a\n-100000000000000000001,\xe2\x80\x80 +87\xe2\x80\xa8\xe2\x80\x82,-3074638\n",
        W SUM("-9223372036854775723") SUM("-100000000000003074552")),
    ROW("-89402124653893684578704945378457771791,-8003390142\xe3\x80\x80,-18446744073709551616,\xe2\x80\x87\xe2\x80\x8a-11\x0c\n4294967295,9223372036854775807\n",
        W SUM("-89402124653893684597151689460170713560") SUM("9223372041149743102")),
};

static void run_rows(const struct row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        conv_expect(&proto_calc, rows[i].in, rows[i].in_len, rows[i].want,
                    rows[i].want_len, 1, rows[i].max_line);
}
#define RUN(rows) run_rows((rows), sizeof(rows) / sizeof((rows)[0]))

static void spec_examples(void **state) { (void)state; RUN(spec_rows); }
/* The mode belongs to the connection: each row starts in sum mode. */
static void modes(void **state) { (void)state; RUN(mode_rows); }
/* After quit nothing more is parsed, whatever follows. */
static void quit(void **state) { (void)state; RUN(quit_rows); }
static void words_exact(void **state) { (void)state; RUN(word_rows); }
/* Every character str.rstrip() removes, after each kind of line; leading
 * whitespace is never stripped, so " sum" is not the word. */
static void trailing_whitespace(void **state) { (void)state; RUN(strip_rows); }
/* int() skips its whitespace around each field, but not 0x1c-0x1f, which
 * only the strip at the end of the line removes. */
static void field_whitespace(void **state) { (void)state; RUN(int_space_rows); }
static void valid_fields(void **state) { (void)state; RUN(valid_field_rows); }
static void invalid_fields(void **state) { (void)state; RUN(invalid_field_rows); }
static void empty_lines(void **state) { (void)state; RUN(empty_rows); }
static void invalid_utf8(void **state) { (void)state; RUN(utf8_rows); }
static void crlf(void **state) { (void)state; RUN(crlf_rows); }
/* A last line cut by the close is answered; nothing else is. */
static void last_line_at_eof(void **state) { (void)state; RUN(eof_rows); }
/* Longer than max_line: answered at once, the rest dropped, the next line
 * served, the mode kept; exactly max_line bytes is served. */
static void too_long(void **state) { (void)state; RUN(long_rows); }
/* Signs and zero: never "-0", also when a product has a negative factor. */
static void signs_and_zero(void **state) { (void)state; RUN(arith_rows); }
/* Digits go to GMP 19 at a time: 19, 20, 38 and 39 digits straddle that. */
static void spill_digits(void **state) { (void)state; RUN(digits_rows); }
/* Lines are summed in an int64_t until a field or a result overflows it. */
static void int64_edges(void **state) { (void)state; RUN(int64_rows); }
static void hundred_digits(void **state) { (void)state; RUN(hundred_rows); }
/* Random lines near the grammar (valid lists with one mutation, every kind
 * of whitespace, numbers near 2^31, 2^63, 10^19, 10^38) against Python. */
static void random_lines(void **state) { (void)state; RUN(random_rows); }

/* For sizes too big to try at every chunk size: whole, at the chunk sizes
 * around the 19-digit spill, at a few large ones and at random splits. */
static void expect_some_chunks(const char *in, size_t n, const char *want,
                               size_t wn, uint32_t max_line)
{
    static const size_t chunks[] = {0, 1, 2, 3, 7, 18, 19, 20, 21, 64, 1000, 4096, 65536};
    conv_expect_chunks(&proto_calc, in, n, want, wn, max_line, chunks,
                       sizeof chunks / sizeof chunks[0]);
}

/* Every number of digits from 1 to 100, so every position of the 19-digit
 * spill boundary is crossed, with results whose digits are known:
 * (10^k - 1) + 1 = 10^k, -(10^k - 1) + 1 = -(10^k - 2),
 * (10^k - 1)^2 = 9..9 8 0..0 1, and leading zeros that fill whole spills. */
static void every_digit_count(void **state)
{
    (void)state;
    for (size_t k = 1; k <= 100; k++) {
        buf in = {0}, want = {0};
        put_str(&want, W);
        /* 9..9,1 */
        put_rep(&in, '9', k), put_str(&in, ",1\n");
        put_str(&want, "Sum of input integers: '1"), put_rep(&want, '0', k), put_str(&want, "'\r\n");
        /* -9..9,1 */
        put_str(&in, "-"), put_rep(&in, '9', k), put_str(&in, ",1\n");
        put_str(&want, "Sum of input integers: '-"), put_rep(&want, '9', k - 1);
        put_str(&want, "8'\r\n");
        /* 0..01 and -10..0 round trip */
        put_rep(&in, '0', k), put_str(&in, "1\n");
        put_str(&want, SUM("1"));
        put_str(&in, "-1"), put_rep(&in, '0', k - 1), put_str(&in, "\n");
        put_str(&want, "Sum of input integers: '-1"), put_rep(&want, '0', k - 1);
        put_str(&want, "'\r\n");
        /* 9..9 * 9..9 */
        put_str(&in, "product\n");
        put_str(&want, TO_PRODUCT);
        put_rep(&in, '9', k), put_str(&in, ","), put_rep(&in, '9', k), put_str(&in, "\n");
        put_str(&want, "Product of input integers: '"), put_rep(&want, '9', k - 1);
        put_str(&want, "8"), put_rep(&want, '0', k - 1), put_str(&want, "1'\r\n");
        /* -10..0 * 10..0 = -10..0 with twice the zeros */
        put_str(&in, "-1"), put_rep(&in, '0', k), put_str(&in, ",1"), put_rep(&in, '0', k);
        put_str(&in, "\n");
        put_str(&want, "Product of input integers: '-1"), put_rep(&want, '0', 2 * k);
        put_str(&want, "'\r\n");
        conv_expect(&proto_calc, in.data, in.len, want.data, want.len, 1, 65536);
        buf_free(&in);
        buf_free(&want);
    }
}

/* Products of many factors, which calc multiplies as a tree: powers of ten
 * in every order of size (rising, falling, one big among many small, with
 * signs and a zero), so the product's digits are known: a sign, a 1 and
 * as many zeros as the exponents add up to. */
static void many_factors(void **state)
{
    (void)state;
    static const struct { int n, step; } runs[] = {{3000, 0}, {300, 1}, {300, -1}, {1000, 7}};
    for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
        buf in = {0}, want = {0};
        put_str(&want, W TO_PRODUCT);
        put_str(&in, "product\n");
        size_t zeros = 0;
        int neg = 0;
        for (int i = 0; i < runs[r].n; i++) {
            /* rising 1..300 zeros, falling 300..1, or every 7th one big */
            size_t k = runs[r].step == 1 ? (size_t)i + 1
                     : runs[r].step == -1 ? (size_t)(runs[r].n - i)
                     : runs[r].step == 7 ? (i % 7 ? 1 : 40) : 1;
            if (i % 3 == 1) {
                put_str(&in, "-");
                neg = !neg;
            }
            put_str(&in, "1"), put_rep(&in, '0', k), put_str(&in, i + 1 < runs[r].n ? "," : "\n");
            zeros += k;
        }
        put_str(&want, neg ? "Product of input integers: '-1" : "Product of input integers: '1");
        put_rep(&want, '0', zeros), put_str(&want, "'\r\n");
        /* and a zero among them makes it 0 */
        put_str(&in, "7,"), put_rep(&in, '9', 50), put_str(&in, ",0,-3\n");
        put_str(&want, PRODUCT("0"));
        expect_some_chunks(in.data, in.len, want.data, want.len, 65536);
        buf_free(&in);
        buf_free(&want);
    }
}

/* A 5000-digit number: X + X, X - X, X * -1, and 10^4999 squared. */
static void five_thousand_digits(void **state)
{
    (void)state;
    buf in = {0}, want = {0};
    put_str(&want, W);
    for (int i = 0; i < 500; i++)
        put_str(&in, "1234567890");
    put_str(&in, ",");
    for (int i = 0; i < 500; i++)
        put_str(&in, "1234567890");
    put_str(&in, "\n");
    put_str(&want, "Sum of input integers: '");
    for (int i = 0; i < 500; i++)
        put_str(&want, "2469135780");
    put_str(&want, "'\r\n");
    put_str(&in, "-");
    for (int i = 0; i < 500; i++)
        put_str(&in, "1234567890");
    put_str(&in, ",");
    for (int i = 0; i < 500; i++)
        put_str(&in, "1234567890");
    put_str(&in, "\nproduct\n");
    put_str(&want, SUM("0") TO_PRODUCT);
    for (int i = 0; i < 500; i++)
        put_str(&in, "1234567890");
    put_str(&in, ",-1\n1");
    put_str(&want, "Product of input integers: '-");
    for (int i = 0; i < 500; i++)
        put_str(&want, "1234567890");
    put_str(&want, "'\r\n");
    put_rep(&in, '0', 4999), put_str(&in, ",1"), put_rep(&in, '0', 4999), put_str(&in, "\n");
    put_str(&want, "Product of input integers: '1"), put_rep(&want, '0', 9998);
    put_str(&want, "'\r\n");
    expect_some_chunks(in.data, in.len, want.data, want.len, 65536);
    buf_free(&in);
    buf_free(&want);
}

/* The default --max-line: a 65536-byte line is a 65536-digit number,
 * served; one byte more is too long, and the next line is served. */
static void default_max_line(void **state)
{
    (void)state;
    buf in = {0}, want = {0};
    put_str(&want, W);
    put_str(&in, "1"), put_rep(&in, '0', 65535), put_str(&in, "\n");
    put_str(&want, "Sum of input integers: '1"), put_rep(&want, '0', 65535);
    put_str(&want, "'\r\n");
    put_str(&in, "1"), put_rep(&in, '0', 65536), put_str(&in, "\n7\n");
    put_str(&want, LONG SUM("7"));
    expect_some_chunks(in.data, in.len, want.data, want.len, 65536);
    buf_free(&in);
    buf_free(&want);
}

static calc *calc_new(buf *out, uint32_t max_line, uint32_t budget)
{
    return (calc *)conv_parser(&proto_calc, out, max_line, budget);
}

static void calc_free(calc *c)
{
    conv_parser_free(&proto_calc, &c->h);
}

/* quit is answered and consumes exactly through its LF; the bytes after it
 * are left unread, and a close after it adds nothing. */
static void quit_stops_reading(void **state)
{
    (void)state;
    static const char in[] = "1,2\nquit \r\n3,4\n";
    buf out = {0};
    calc *c = calc_new(&out, 65536, 0);
    size_t used = proto_calc.feed(&c->h, in, sizeof in - 1);
    assert_int_equal(used, strlen("1,2\nquit \r\n"));
    assert_true(c->h.done);
    assert_int_equal(c->h.replies, 2);
    proto_calc.finish(&c->h);
    assert_int_equal(out.len, strlen(W SUM("3") BYE));
    assert_memory_equal(out.data, W SUM("3") BYE, out.len);
    calc_free(c);
    buf_free(&out);
}

/* h.pending counts the bytes of the unfinished line, for the runtime's
 * logs and request timeout; a close answers that line. */
static void pending_bytes(void **state)
{
    (void)state;
    buf out = {0};
    calc *c = calc_new(&out, 65536, 0);
    assert_int_equal(proto_calc.feed(&c->h, "1,2\n12", 6), 6);
    assert_int_equal(c->h.pending, 2);
    assert_int_equal(proto_calc.feed(&c->h, ",3", 2), 2);
    assert_int_equal(c->h.pending, 4);
    assert_int_equal(proto_calc.feed(&c->h, "\r\n", 2), 2);
    assert_int_equal(c->h.pending, 0);
    assert_int_equal(proto_calc.feed(&c->h, "7", 1), 1);
    proto_calc.finish(&c->h);
    static const char want[] = W SUM("3") SUM("15") SUM("7");
    assert_int_equal(out.len, sizeof want - 1);
    assert_memory_equal(out.data, want, out.len);
    assert_int_equal(c->h.replies, 3);
    calc_free(c);
    buf_free(&out);
}

/* A connection that once sent a huge number holds no bignum memory once
 * its input ends on a line boundary (SPEC 4: only a connection mid-token
 * owns memory); in the middle of such a line it may. */
static void bignums_given_back(void **state)
{
    (void)state;
    enum { DIGITS = 20000 };
    char *line = malloc(DIGITS + 2);
    memset(line, '9', DIGITS);
    line[DIGITS] = ',';
    line[DIGITS + 1] = '9';
    buf out = {0};
    calc *c = calc_new(&out, 65536, 0);
    assert_int_equal(proto_calc.feed(&c->h, "product\n", 8), 8);
    assert_int_equal(proto_calc.feed(&c->h, line, DIGITS + 2), DIGITS + 2);
    assert_true(c->h.pending > 0);
    assert_int_equal(proto_calc.feed(&c->h, "\n", 1), 1);
    assert_int_equal(c->h.pending, 0);
    assert_true(c->field->_mp_alloc <= 1);
    assert_true(c->acc->_mp_alloc <= 1);
    /* And numbers still work afterwards: (10^20 - 1) squared. */
    assert_int_equal(proto_calc.feed(&c->h, "99999999999999999999,99999999999999999999\n", 42), 42);
    static const char tail[] = "Product of input integers: '9999999999999999999800000000000000000001'\r\n";
    assert_true(out.len > sizeof tail);
    assert_memory_equal(out.data + out.len - (sizeof tail - 1), tail, sizeof tail - 1);
    assert_true(c->field->_mp_alloc <= 1);
    assert_true(c->acc->_mp_alloc <= 1);
    calc_free(c);
    buf_free(&out);
    free(line);
}

/* Each too-long line is counted once for the stats, however long. */
static void too_long_counted(void **state)
{
    (void)state;
    static const char in[] = "123456789\n1\n12345678901234567890\n12345678\n";
    buf out = {0};
    calc *c = calc_new(&out, 8, 0);
    assert_int_equal(proto_calc.feed(&c->h, in, sizeof in - 1), sizeof in - 1);
    assert_int_equal(c->h.too_long, 2);
    assert_int_equal(c->h.replies, 4);
    /* A cut line stays unfinished until its LF, for the request timeout. */
    assert_int_equal(proto_calc.feed(&c->h, "123456789012", 12), 12);
    assert_int_equal(c->h.too_long, 3);
    assert_true(c->h.pending > 0);
    assert_int_equal(proto_calc.feed(&c->h, "3\n", 2), 2);
    assert_int_equal(c->h.pending, 0);
    assert_int_equal(c->h.too_long, 3);
    assert_int_equal(c->h.replies, 5);
    calc_free(c);
    buf_free(&out);
}

/* The runtime's per-turn reply budget: a feed stops after `budget` replies
 * (a too-long line's reply counts) and says how far it got; feeding the
 * rest, turn after turn, gives the same replies as one unlimited feed. */
static void budget(void **state)
{
    (void)state;
    static const struct row rows[] = {
        ROWMAX(4, "1\n2\n3\n4\n5\n", W SUM("1") SUM("2") SUM("3") SUM("4") SUM("5")),
        ROWMAX(4, "123456789\n1\n2\n", W LONG SUM("1") SUM("2")),
        ROWMAX(4, "12345\n12345\n12345\n9\n", W LONG LONG LONG SUM("9")),
        ROWMAX(4, "sum\nx\n\nquit\n1\n", W TO_SUM ERR ERR BYE),
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        conv_expect_budget(&proto_calc, rows[i].in, rows[i].in_len, rows[i].want,
                           rows[i].want_len, rows[i].max_line);
}

int main(void)
{
    /* Every line beyond 64-bit arithmetic is costly here, so that the runs
     * of conv_expect that feed as the runtime does with a compute pool
     * send each such line off the loop (tests/test_costly.c keeps the
     * real threshold). */
    calc_costly_digits = 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spec_examples),
        cmocka_unit_test(modes),
        cmocka_unit_test(quit),
        cmocka_unit_test(words_exact),
        cmocka_unit_test(trailing_whitespace),
        cmocka_unit_test(field_whitespace),
        cmocka_unit_test(valid_fields),
        cmocka_unit_test(invalid_fields),
        cmocka_unit_test(empty_lines),
        cmocka_unit_test(invalid_utf8),
        cmocka_unit_test(crlf),
        cmocka_unit_test(last_line_at_eof),
        cmocka_unit_test(too_long),
        cmocka_unit_test(signs_and_zero),
        cmocka_unit_test(spill_digits),
        cmocka_unit_test(int64_edges),
        cmocka_unit_test(hundred_digits),
        cmocka_unit_test(random_lines),
        cmocka_unit_test(every_digit_count),
        cmocka_unit_test(five_thousand_digits),
        cmocka_unit_test(default_max_line),
        cmocka_unit_test(quit_stops_reading),
        cmocka_unit_test(pending_bytes),
        cmocka_unit_test(bignums_given_back),
        cmocka_unit_test(many_factors),
        cmocka_unit_test(too_long_counted),
        cmocka_unit_test(budget),
    };
    return cmocka_run_group_tests_name("calc parser", tests, NULL, NULL);
}
