/* calc and echo parsers: conversations whole, at every chunk size and at
 * random splits, against replies computed by Python 3 itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "proto/calc.h"
#include "proto/echo.h"
#include "tests/conv.h"

struct row {
    const char *name;
    const char *in, *want;
    size_t in_len, want_len;   /* inputs may hold NUL bytes */
};
#define ROW(name, in, want) {name, in, want, sizeof(in) - 1, sizeof(want) - 1}

/* Generated once from Python 3 (int(), ascii(), str.rstrip()); checked in as literals. */
static const struct row calc_rows[] = {
    ROW("spec examples",
        "1,2\n  +5 , -5\n1_000,2\n007\n",
        "<welcome: starting in sum mode>\nSum of input integers: '3'\r\nSum of input integers: '0'\r\nSum of input integers: '1002'\r\nSum of input integers: '7'\r\n"),
    ROW("invalid fields",
        "\n1,,2\n1__0\n_1\n1_\n+\n1 2\n0x10\n1,\n,1\n--1\n+-1\n1_0_0\n",
        "<welcome: starting in sum mode>\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\nSum of input integers: '100'\r\n"),
    ROW("big arithmetic",
        "99999999999999999999,1\n-99999999999999999999,99999999999999999999\n-0\n-0,-0\n0,-5\n123456789012345678901234567890,-1\n",
        "<welcome: starting in sum mode>\nSum of input integers: '100000000000000000000'\r\nSum of input integers: '0'\r\nSum of input integers: '0'\r\nSum of input integers: '0'\r\nSum of input integers: '-5'\r\nSum of input integers: '123456789012345678901234567889'\r\n"),
    ROW("modes",
        "2,3,4\nproduct\n2,3,4\n-2,3\n0,99\nsum\n2,3,4\nproduct\n99999999999,99999999999,99999999999\n",
        "<welcome: starting in sum mode>\nSum of input integers: '9'\r\n<switching to product mode>\r\nProduct of input integers: '24'\r\nProduct of input integers: '-6'\r\nProduct of input integers: '0'\r\n<switching to sum mode>\r\nSum of input integers: '9'\r\n<switching to product mode>\r\nProduct of input integers: '999999999970000000000299999999999'\r\n"),
    ROW("words exact",
        "quit \nx\n",
        "<welcome: starting in sum mode>\nconnection closed\r\n"),
    ROW("word case",
        "Sum\nPRODUCT\n sum\nsum x\nsum\t\nproduct\r\nQuit\n",
        "<welcome: starting in sum mode>\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\n<switching to sum mode>\r\n<switching to product mode>\r\nERROR. Enter only integers separated by commas\n"),
    ROW("crlf and whitespace",
        "1,2\r\n3 ,\t4 \r\n5\x1c\n6\x1c\x1d \x1f\n1\x1c,2\n7\xc2\xa0\n\xc2\xa0""8\n\xe3\x80\x80""9\xe3\x80\x80\n1\xe2\x80\x8b\n\xe2\x80\x8a""10\n",
        "<welcome: starting in sum mode>\nSum of input integers: '3'\r\nSum of input integers: '7'\r\nSum of input integers: '5'\r\nSum of input integers: '6'\r\nERROR. Enter only integers separated by commas\nSum of input integers: '7'\r\nSum of input integers: '8'\r\nSum of input integers: '9'\r\nERROR. Enter only integers separated by commas\nSum of input integers: '10'\r\n"),
    ROW("non-ascii and invalid utf8",
        "\xd9\xa3\n1\xff\n\xc0\xa0\n1,\xc2\n\x00\n1\x00""2\n",
        "<welcome: starting in sum mode>\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\nERROR. Enter only integers separated by commas\n"),
    ROW("last line without LF",
        "1,2\n3,4",
        "<welcome: starting in sum mode>\nSum of input integers: '3'\r\nSum of input integers: '7'\r\n"),
    ROW("quit then more",
        "1,1\nquit\n2,2\nsum\n",
        "<welcome: starting in sum mode>\nSum of input integers: '2'\r\nconnection closed\r\n"),
    ROW("19 20 38 39 digits",
        "9999999999999999999,1\n99999999999999999999,1\n10000000000000000000000000000000000000,-1\n111111111111111111111111111111111111111,111111111111111111111111111111111111111\nproduct\n9999999999999999999,9999999999999999999\n-99999999999999999999999999999999999999,99999999999999999999999999999999999999\n",
        "<welcome: starting in sum mode>\nSum of input integers: '10000000000000000000'\r\nSum of input integers: '100000000000000000000'\r\nSum of input integers: '9999999999999999999999999999999999999'\r\nSum of input integers: '222222222222222222222222222222222222222'\r\n<switching to product mode>\r\nProduct of input integers: '99999999999999999980000000000000000001'\r\nProduct of input integers: '-9999999999999999999999999999999999999800000000000000000000000000000000000001'\r\n"),
    ROW("int64 edges",
        "9223372036854775807,1\n-9223372036854775808,-1\n-9223372036854775807,-1\n9223372036854775808,0\nproduct\n3037000500,3037000500\n-9223372036854775808,1\n4294967296,4294967296,-1\n18446744073709551615,18446744073709551615\n",
        "<welcome: starting in sum mode>\nSum of input integers: '9223372036854775808'\r\nSum of input integers: '-9223372036854775809'\r\nSum of input integers: '-9223372036854775808'\r\nSum of input integers: '9223372036854775808'\r\n<switching to product mode>\r\nProduct of input integers: '9223372037000250000'\r\nProduct of input integers: '-9223372036854775808'\r\nProduct of input integers: '-18446744073709551616'\r\nProduct of input integers: '340282366920938463426481119284349108225'\r\n"),
    ROW("100-digit numbers",
        "1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890,9876543210987654321098765432109876543210987654321098765432109876543210987654321098765432109876543210\n-1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890,1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890\nproduct\n1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890,9876543210987654321098765432109876543210987654321098765432109876543210987654321098765432109876543210\n-9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999,9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999\n",
        "<welcome: starting in sum mode>\nSum of input integers: '11111111101111111110111111111011111111101111111110111111111011111111101111111110111111111011111111100'\r\nSum of input integers: '0'\r\n<switching to product mode>\r\nProduct of input integers: '12193263113702179522618503273386678859451150739156363359236761164455788599298790108215200135650052123609205801112635258986434993786160646167367779295611949397448712086533622923332237463801111263526900'\r\nProduct of input integers: '-99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999980000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001'\r\n"),
};
static const struct row echo_rows[] = {
    ROW("spec examples",
        "hello\nit's\n\xc3\xa9\xe4\xb8\xad\n\n",
        "Echoed: 'hello'\r\nEchoed: \"it's\"\r\nEchoed: '\\xe9\\u4e2d'\r\nEchoed: ''\r\n"),
    ROW("quotes and backslash",
        "say \"hi\"\nit's \"both\"\nback\\slash\n'\n\"\n'\"'\n\\'\n",
        "Echoed: 'say \"hi\"'\r\nEchoed: 'it\\'s \"both\"'\r\nEchoed: 'back\\\\slash'\r\nEchoed: \"'\"\r\nEchoed: '\"'\r\nEchoed: '\\'\"\\''\r\nEchoed: \"\\\\'\"\r\n"),
    ROW("controls",
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7fx\n",
        "Echoed: '\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\t\\x0b\\x0c\\r\\x0e\\x0f\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17\\x18\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f\\x7fx'\r\n"),
    ROW("trailing whitespace",
        "a \t\r\na\x0b\x0c\x1c\x1d\x1e\x1f\na\xc2\x85\xc2\xa0\na\xe1\x9a\x80\xe2\x80\x80\xe2\x80\x8a\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\x9f\xe3\x80\x80\n   \n\t\na\xe2\x80\x8b\n",
        "Echoed: 'a'\r\nEchoed: 'a'\r\nEchoed: 'a'\r\nEchoed: 'a'\r\nEchoed: ''\r\nEchoed: ''\r\nEchoed: 'a\\u200b'\r\n"),
    ROW("inner whitespace kept",
        "a \tb\na\xc2\xa0""b\n\xe3\x80\x80""a\n a\n",
        "Echoed: 'a \\tb'\r\nEchoed: 'a\\xa0b'\r\nEchoed: '\\u3000a'\r\nEchoed: ' a'\r\n"),
    ROW("every utf8 length",
        "A\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\n\xc3\xbf\xc4\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\n",
        "Echoed: 'A\\x80\\u07ff\\u0800\\uffff\\U00010000\\U0010ffff'\r\nEchoed: '\\xff\\u0100\\uffff\\U00010000\\U0010ffff'\r\n"),
    ROW("invalid sequences",
        "\x80\n\xbf\x80\n\xc0\x80\n\xc1\xbf\n\xe0\x80\x80\n\xf0\x80\x80\x80\n\xed\xa0\x80\n\xed\xbf\xbf\n\xf4\x90\x80\x80\n\xf5\x80\n\xff\xfe\n\xe4\xb8\n\xe4\xb8""A\n\xe4\xe4\xb8\xad\n\xf0\x9f\x98\n\xf0\x9f\x98\x80\n\xc2\na\xc2 \n",
        "Echoed: '\\x80'\r\nEchoed: '\\xbf\\x80'\r\nEchoed: '\\xc0\\x80'\r\nEchoed: '\\xc1\\xbf'\r\nEchoed: '\\xe0\\x80\\x80'\r\nEchoed: '\\xf0\\x80\\x80\\x80'\r\nEchoed: '\\xed\\xa0\\x80'\r\nEchoed: '\\xed\\xbf\\xbf'\r\nEchoed: '\\xf4\\x90\\x80\\x80'\r\nEchoed: '\\xf5\\x80'\r\nEchoed: '\\xff\\xfe'\r\nEchoed: '\\xe4\\xb8'\r\nEchoed: '\\xe4\\xb8A'\r\nEchoed: '\\xe4\\u4e2d'\r\nEchoed: '\\xf0\\x9f\\x98'\r\nEchoed: '\\U0001f600'\r\nEchoed: '\\xc2'\r\nEchoed: 'a\\xc2'\r\n"),
    ROW("quit",
        "x\nquit\t\r\nnever\n",
        "Echoed: 'x'\r\nconnection closed\r\n"),
    ROW("not quit",
        "quit!\n quit\nQUIT\nquitt\n",
        "Echoed: 'quit!'\r\nEchoed: ' quit'\r\nEchoed: 'QUIT'\r\nEchoed: 'quitt'\r\n"),
    ROW("last line without LF",
        "a\n\xc3\xa9",
        "Echoed: 'a'\r\nEchoed: '\\xe9'\r\n"),
    ROW("unfinished utf8 at close",
        "a\xe4\xb8",
        "Echoed: 'a\\xe4\\xb8'\r\n"),
};

static void run_rows(const proto *pr, const struct row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        print_message("%s: %s\n", pr->name, rows[i].name);
        conv_expect(pr, rows[i].in, rows[i].in_len, rows[i].want, rows[i].want_len, 1, 65536);
    }
}

static void calc_table(void **state)
{
    (void)state;
    run_rows(&proto_calc, calc_rows, sizeof calc_rows / sizeof calc_rows[0]);
}

static void echo_table(void **state)
{
    (void)state;
    run_rows(&proto_echo, echo_rows, sizeof echo_rows / sizeof echo_rows[0]);
}

#define WELCOME "<welcome: starting in sum mode>\n"
#define CALC_LONG "ERROR. Line too long\n"
#define ECHO_LONG "ERROR. Line too long\r\n"
#define EXPECT_MAX(pr, in, want, max) \
    conv_expect((pr), (in), sizeof(in) - 1, (want), sizeof(want) - 1, 1, (max))

/* A line of exactly --max-line bytes is served; one byte more is answered
 * at once, the rest of it dropped, and the next line served. */
static void max_line(void **state)
{
    (void)state;
    EXPECT_MAX(&proto_calc, "12345678\n", WELCOME "Sum of input integers: '12345678'\r\n", 8);
    EXPECT_MAX(&proto_calc, "123456789\n1,2\n", WELCOME CALC_LONG "Sum of input integers: '3'\r\n", 8);
    EXPECT_MAX(&proto_calc, "1,2,3,4,5,6,7,8,9,10\n2\n", WELCOME CALC_LONG "Sum of input integers: '2'\r\n", 8);
    EXPECT_MAX(&proto_calc, "quit    x\nquit\n", WELCOME CALC_LONG "connection closed\r\n", 8);
    EXPECT_MAX(&proto_calc, "123456789012", WELCOME CALC_LONG, 8);
    EXPECT_MAX(&proto_calc, "12345678\r\n", WELCOME CALC_LONG, 8);
    EXPECT_MAX(&proto_echo, "abcdefgh\n", "Echoed: 'abcdefgh'\r\n", 8);
    EXPECT_MAX(&proto_echo, "abcdefghi\nquit\n", ECHO_LONG "connection closed\r\n", 8);
    EXPECT_MAX(&proto_echo, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\nx\n", ECHO_LONG "Echoed: 'x'\r\n", 8);
    EXPECT_MAX(&proto_echo, "abcdefghijklmnopqrstuvwxyz\nabcdefghijklmnopqrstuvwxyz\n", ECHO_LONG ECHO_LONG, 8);
}

/* Nothing after quit is parsed: the runtime stops feeding on done, and a
 * feed that contains quit consumes exactly through its LF. */
static void quit_consumes_through_lf(void **state)
{
    (void)state;
    static const char in[] = "1,2\nquit\n3,4\n";
    buf out = {0};
    calc *c = (calc *)conv_parser(&proto_calc, &out, 65536, 0);
    size_t used = proto_calc.feed(&c->h, in, sizeof in - 1);
    assert_int_equal(used, strlen("1,2\nquit\n"));
    assert_true(c->h.done);
    conv_parser_free(&proto_calc, &c->h);
    buf_free(&out);
}

/* The runtime's per-turn budget: the machine stops after that many replies
 * and says how far it got; feeding the rest gives the same replies. */
static void budget_stops_and_resumes(void **state)
{
    (void)state;
    static const char in[] = "a\nb\nc\nd\ne\n";
    buf out = {0};
    echo *e = (echo *)conv_parser(&proto_echo, &out, 65536, 2);
    size_t off = 0, feeds = 0;
    while (off < sizeof in - 1) {
        e->h.replies = 0;
        off += proto_echo.feed(&e->h, in + off, sizeof in - 1 - off);
        feeds++;
    }
    assert_int_equal(feeds, 3);
    buf_putc(&out, 0);
    assert_string_equal(out.data, "Echoed: 'a'\r\nEchoed: 'b'\r\nEchoed: 'c'\r\nEchoed: 'd'\r\n"
                                  "Echoed: 'e'\r\n");
    conv_parser_free(&proto_echo, &e->h);
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(calc_table),
        cmocka_unit_test(echo_table),
        cmocka_unit_test(max_line),
        cmocka_unit_test(quit_consumes_through_lf),
        cmocka_unit_test(budget_stops_and_resumes),
    };
    return cmocka_run_group_tests_name("calc and echo parsers", tests, NULL, NULL);
}
