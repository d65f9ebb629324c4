/* The echo parser (docs/protocols.md §3 and §4): every example and rule, each a
 * whole conversation run at once, at every chunk size and at random splits,
 * with the peer's close at the end.
 *
 * The expected replies were computed with Python 3 and are checked in as
 * literals, so the tests need no Python: for each line,
 *     s = line.decode('utf-8', 'surrogateescape').rstrip()
 *     'Echoed: ' + ascii(s) + '\r\n'
 * with each lone surrogate \udcNN that surrogateescape made of an invalid
 * byte shown as \xNN, which is what docs/protocols.md §3 means by "one per byte". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto/echo.h"
#include "tests/conv.h"

struct row {
    const char *in, *want;
    size_t in_len, want_len;    /* inputs hold NUL bytes */
    uint32_t max_line;
};
#define ROW(in, want) {in, want, sizeof(in) - 1, sizeof(want) - 1, 65536}
#define ROWMAX(max, in, want) {in, want, sizeof(in) - 1, sizeof(want) - 1, max}

#define LONG "ERROR. Line too long\r\n"
#define BYE "connection closed\r\n"
#define ECHO(a) "Echoed: " a "\r\n"

static const struct row spec_rows[] = {
    ROW("hello\n",
        ECHO("'hello'")),
    ROW("it's\n",
        ECHO("\"it's\"")),
    ROW("\xc3\xa9\xe4\xb8\xad\n",
        ECHO("'\\xe9\\u4e2d'")),
    ROW("\n",
        ECHO("''")),
    ROW("hello\nit's\n\xc3\xa9\xe4\xb8\xad\n\n",
        ECHO("'hello'") ECHO("\"it's\"") ECHO("'\\xe9\\u4e2d'") ECHO("''")),
};

static const struct row quit_rows[] = {
    ROW("quit\n",
        BYE),
    ROW("quit\nhello\n",
        BYE),
    ROW("hello\nquit\nhello\n",
        ECHO("'hello'") BYE),
    ROW("quit",
        BYE),
    ROW("a\nquit",
        ECHO("'a'") BYE),
    ROW("quit \t\r\x0b\x0c\x1c\x1d\x1e\x1f\xc2\x85\xc2\xa0\xe1\x9a\x80\xe2\x80\x80\xe2\x80\x8a\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\x9f\xe3\x80\x80\n",
        BYE),
    ROW("quit\r\n\xff\xff",
        BYE),
    ROW("quit\nquit\n",
        BYE),
    ROW("quit!\n",
        ECHO("'quit!'")),
    ROW(" quit\n",
        ECHO("' quit'")),
    ROW("\tquit\n",
        ECHO("'\\tquit'")),
    ROW("QUIT\n",
        ECHO("'QUIT'")),
    ROW("Quit\n",
        ECHO("'Quit'")),
    ROW("quitt\n",
        ECHO("'quitt'")),
    ROW("qui\n",
        ECHO("'qui'")),
    ROW("quit\x00\n",
        ECHO("'quit\\x00'")),
    ROW("quit\xc2\n",
        ECHO("'quit\\xc2'")),
    ROW("quit\xe2\x80\x8b\n",
        ECHO("'quit\\u200b'")),
    ROW("quit quit\n",
        ECHO("'quit quit'")),
    ROW("'quit'\n",
        ECHO("\"'quit'\"")),
};

static const struct row strip_rows[] = {
    ROW("a\t\na\tb\n\t\n\ta\n",
        ECHO("'a'") ECHO("'a\\tb'") ECHO("''") ECHO("'\\ta'")),
    ROW("a\x0b\na\x0b""b\n\x0b\n\x0b""a\n",
        ECHO("'a'") ECHO("'a\\x0bb'") ECHO("''") ECHO("'\\x0ba'")),
    ROW("a\x0c\na\x0c""b\n\x0c\n\x0c""a\n",
        ECHO("'a'") ECHO("'a\\x0cb'") ECHO("''") ECHO("'\\x0ca'")),
    ROW("a\r\na\rb\n\r\n\ra\n",
        ECHO("'a'") ECHO("'a\\rb'") ECHO("''") ECHO("'\\ra'")),
    ROW("a\x1c\na\x1c""b\n\x1c\n\x1c""a\n",
        ECHO("'a'") ECHO("'a\\x1cb'") ECHO("''") ECHO("'\\x1ca'")),
    ROW("a\x1d\na\x1d""b\n\x1d\n\x1d""a\n",
        ECHO("'a'") ECHO("'a\\x1db'") ECHO("''") ECHO("'\\x1da'")),
    ROW("a\x1e\na\x1e""b\n\x1e\n\x1e""a\n",
        ECHO("'a'") ECHO("'a\\x1eb'") ECHO("''") ECHO("'\\x1ea'")),
    ROW("a\x1f\na\x1f""b\n\x1f\n\x1f""a\n",
        ECHO("'a'") ECHO("'a\\x1fb'") ECHO("''") ECHO("'\\x1fa'")),
    ROW("a \na b\n \n a\n",
        ECHO("'a'") ECHO("'a b'") ECHO("''") ECHO("' a'")),
    ROW("a\xc2\x85\na\xc2\x85""b\n\xc2\x85\n\xc2\x85""a\n",
        ECHO("'a'") ECHO("'a\\x85b'") ECHO("''") ECHO("'\\x85a'")),
    ROW("a\xc2\xa0\na\xc2\xa0""b\n\xc2\xa0\n\xc2\xa0""a\n",
        ECHO("'a'") ECHO("'a\\xa0b'") ECHO("''") ECHO("'\\xa0a'")),
    ROW("a\xe1\x9a\x80\na\xe1\x9a\x80""b\n\xe1\x9a\x80\n\xe1\x9a\x80""a\n",
        ECHO("'a'") ECHO("'a\\u1680b'") ECHO("''") ECHO("'\\u1680a'")),
    ROW("a\xe2\x80\x80\na\xe2\x80\x80""b\n\xe2\x80\x80\n\xe2\x80\x80""a\n",
        ECHO("'a'") ECHO("'a\\u2000b'") ECHO("''") ECHO("'\\u2000a'")),
    ROW("a\xe2\x80\x81\na\xe2\x80\x81""b\n\xe2\x80\x81\n\xe2\x80\x81""a\n",
        ECHO("'a'") ECHO("'a\\u2001b'") ECHO("''") ECHO("'\\u2001a'")),
    ROW("a\xe2\x80\x82\na\xe2\x80\x82""b\n\xe2\x80\x82\n\xe2\x80\x82""a\n",
        ECHO("'a'") ECHO("'a\\u2002b'") ECHO("''") ECHO("'\\u2002a'")),
    ROW("a\xe2\x80\x83\na\xe2\x80\x83""b\n\xe2\x80\x83\n\xe2\x80\x83""a\n",
        ECHO("'a'") ECHO("'a\\u2003b'") ECHO("''") ECHO("'\\u2003a'")),
    ROW("a\xe2\x80\x84\na\xe2\x80\x84""b\n\xe2\x80\x84\n\xe2\x80\x84""a\n",
        ECHO("'a'") ECHO("'a\\u2004b'") ECHO("''") ECHO("'\\u2004a'")),
    ROW("a\xe2\x80\x85\na\xe2\x80\x85""b\n\xe2\x80\x85\n\xe2\x80\x85""a\n",
        ECHO("'a'") ECHO("'a\\u2005b'") ECHO("''") ECHO("'\\u2005a'")),
    ROW("a\xe2\x80\x86\na\xe2\x80\x86""b\n\xe2\x80\x86\n\xe2\x80\x86""a\n",
        ECHO("'a'") ECHO("'a\\u2006b'") ECHO("''") ECHO("'\\u2006a'")),
    ROW("a\xe2\x80\x87\na\xe2\x80\x87""b\n\xe2\x80\x87\n\xe2\x80\x87""a\n",
        ECHO("'a'") ECHO("'a\\u2007b'") ECHO("''") ECHO("'\\u2007a'")),
    ROW("a\xe2\x80\x88\na\xe2\x80\x88""b\n\xe2\x80\x88\n\xe2\x80\x88""a\n",
        ECHO("'a'") ECHO("'a\\u2008b'") ECHO("''") ECHO("'\\u2008a'")),
    ROW("a\xe2\x80\x89\na\xe2\x80\x89""b\n\xe2\x80\x89\n\xe2\x80\x89""a\n",
        ECHO("'a'") ECHO("'a\\u2009b'") ECHO("''") ECHO("'\\u2009a'")),
    ROW("a\xe2\x80\x8a\na\xe2\x80\x8a""b\n\xe2\x80\x8a\n\xe2\x80\x8a""a\n",
        ECHO("'a'") ECHO("'a\\u200ab'") ECHO("''") ECHO("'\\u200aa'")),
    ROW("a\xe2\x80\xa8\na\xe2\x80\xa8""b\n\xe2\x80\xa8\n\xe2\x80\xa8""a\n",
        ECHO("'a'") ECHO("'a\\u2028b'") ECHO("''") ECHO("'\\u2028a'")),
    ROW("a\xe2\x80\xa9\na\xe2\x80\xa9""b\n\xe2\x80\xa9\n\xe2\x80\xa9""a\n",
        ECHO("'a'") ECHO("'a\\u2029b'") ECHO("''") ECHO("'\\u2029a'")),
    ROW("a\xe2\x80\xaf\na\xe2\x80\xaf""b\n\xe2\x80\xaf\n\xe2\x80\xaf""a\n",
        ECHO("'a'") ECHO("'a\\u202fb'") ECHO("''") ECHO("'\\u202fa'")),
    ROW("a\xe2\x81\x9f\na\xe2\x81\x9f""b\n\xe2\x81\x9f\n\xe2\x81\x9f""a\n",
        ECHO("'a'") ECHO("'a\\u205fb'") ECHO("''") ECHO("'\\u205fa'")),
    ROW("a\xe3\x80\x80\na\xe3\x80\x80""b\n\xe3\x80\x80\n\xe3\x80\x80""a\n",
        ECHO("'a'") ECHO("'a\\u3000b'") ECHO("''") ECHO("'\\u3000a'")),
    ROW("a\t\x0b\x0c\r\x1c\x1d\x1e\x1f \xc2\x85\xc2\xa0\xe1\x9a\x80\xe2\x80\x80\xe2\x80\x81\xe2\x80\x82\xe2\x80\x83\xe2\x80\x84\xe2\x80\x85\xe2\x80\x86\xe2\x80\x87\xe2\x80\x88\xe2\x80\x89\xe2\x80\x8a\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\x9f\xe3\x80\x80\n",
        ECHO("'a'")),
    ROW("\t\x0b\x0c\r\x1c\x1d\x1e\x1f \xc2\x85\xc2\xa0\xe1\x9a\x80\xe2\x80\x80\xe2\x80\x81\xe2\x80\x82\xe2\x80\x83\xe2\x80\x84\xe2\x80\x85\xe2\x80\x86\xe2\x80\x87\xe2\x80\x88\xe2\x80\x89\xe2\x80\x8a\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\x9f\xe3\x80\x80\n",
        ECHO("''")),
    ROW("a\t\x0b\x0c\r\x1c\x1d\x1e\x1f \xc2\x85\xc2\xa0\xe1\x9a\x80\xe2\x80\x80\xe2\x80\x81\xe2\x80\x82\xe2\x80\x83\xe2\x80\x84\xe2\x80\x85\xe2\x80\x86\xe2\x80\x87\xe2\x80\x88\xe2\x80\x89\xe2\x80\x8a\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\x9f\xe3\x80\x80""b\n",
        ECHO("'a\\t\\x0b\\x0c\\r\\x1c\\x1d\\x1e\\x1f \\x85\\xa0\\u1680\\u2000\\u2001\\u2002\\u2003\\u2004\\u2005\\u2006\\u2007\\u2008\\u2009\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000b'")),
    ROW("a\xe2\x80\x8b\n",
        ECHO("'a\\u200b'")),
    ROW("a\xe1\xa0\x8e\n",
        ECHO("'a\\u180e'")),
    ROW("a\xef\xbb\xbf\n",
        ECHO("'a\\ufeff'")),
    ROW("a\x00\n",
        ECHO("'a\\x00'")),
    ROW("a\x7f\n",
        ECHO("'a\\x7f'")),
    ROW("a\x1b\n",
        ECHO("'a\\x1b'")),
    ROW("  a  \n",
        ECHO("'  a'")),
    ROW("\r\r\r\n",
        ECHO("''")),
    ROW("a\r\r\n",
        ECHO("'a'")),
};

static const struct row quote_rows[] = {
    ROW("say \"hi\"\n",
        ECHO("'say \"hi\"'")),
    ROW("it's \"both\"\n",
        ECHO("'it\\'s \"both\"'")),
    ROW("back\\slash\n",
        ECHO("'back\\\\slash'")),
    ROW("'\n",
        ECHO("\"'\"")),
    ROW("\"\n",
        ECHO("'\"'")),
    ROW("'\"'\n",
        ECHO("'\\'\"\\''")),
    ROW("\\'\n",
        ECHO("\"\\\\'\"")),
    ROW("it's\\\n",
        ECHO("\"it's\\\\\"")),
    ROW("\"'\"\n",
        ECHO("'\"\\'\"'")),
    ROW("don't\n",
        ECHO("\"don't\"")),
    ROW("\"quoted\"\n",
        ECHO("'\"quoted\"'")),
    ROW("it's it's\n",
        ECHO("\"it's it's\"")),
    ROW("\\\"\n",
        ECHO("'\\\\\"'")),
    ROW("\\\\\n",
        ECHO("'\\\\\\\\'")),
    ROW("\xc3\xa9's\n",
        ECHO("\"\\xe9's\"")),
    ROW("'\xff\n",
        ECHO("\"'\\xff\"")),
    ROW("it's\t\n",
        ECHO("\"it's\"")),
    ROW("\"\xff\n",
        ECHO("'\"\\xff'")),
    ROW("''\"\n",
        ECHO("'\\'\\'\"'")),
    ROW("'\\\"\\'\n",
        ECHO("'\\'\\\\\"\\\\\\''")),
    ROW("\\udc80\n",
        ECHO("'\\\\udc80'")),
    ROW("\\x41\\u4e2d\\U0010ffff\n",
        ECHO("'\\\\x41\\\\u4e2d\\\\U0010ffff'")),
    ROW("\\\xff\n",
        ECHO("'\\\\\\xff'")),
};

static const struct row control_rows[] = {
    ROW("x\x00y\n",
        ECHO("'x\\x00y'")),
    ROW("x\x01y\n",
        ECHO("'x\\x01y'")),
    ROW("x\x02y\n",
        ECHO("'x\\x02y'")),
    ROW("x\x03y\n",
        ECHO("'x\\x03y'")),
    ROW("x\x04y\n",
        ECHO("'x\\x04y'")),
    ROW("x\x05y\n",
        ECHO("'x\\x05y'")),
    ROW("x\x06y\n",
        ECHO("'x\\x06y'")),
    ROW("x\x07y\n",
        ECHO("'x\\x07y'")),
    ROW("x\x08y\n",
        ECHO("'x\\x08y'")),
    ROW("x\ty\n",
        ECHO("'x\\ty'")),
    ROW("x\x0by\n",
        ECHO("'x\\x0by'")),
    ROW("x\x0cy\n",
        ECHO("'x\\x0cy'")),
    ROW("x\ry\n",
        ECHO("'x\\ry'")),
    ROW("x\x0ey\n",
        ECHO("'x\\x0ey'")),
    ROW("x\x0fy\n",
        ECHO("'x\\x0fy'")),
    ROW("x\x10y\n",
        ECHO("'x\\x10y'")),
    ROW("x\x11y\n",
        ECHO("'x\\x11y'")),
    ROW("x\x12y\n",
        ECHO("'x\\x12y'")),
    ROW("x\x13y\n",
        ECHO("'x\\x13y'")),
    ROW("x\x14y\n",
        ECHO("'x\\x14y'")),
    ROW("x\x15y\n",
        ECHO("'x\\x15y'")),
    ROW("x\x16y\n",
        ECHO("'x\\x16y'")),
    ROW("x\x17y\n",
        ECHO("'x\\x17y'")),
    ROW("x\x18y\n",
        ECHO("'x\\x18y'")),
    ROW("x\x19y\n",
        ECHO("'x\\x19y'")),
    ROW("x\x1ay\n",
        ECHO("'x\\x1ay'")),
    ROW("x\x1by\n",
        ECHO("'x\\x1by'")),
    ROW("x\x1cy\n",
        ECHO("'x\\x1cy'")),
    ROW("x\x1dy\n",
        ECHO("'x\\x1dy'")),
    ROW("x\x1ey\n",
        ECHO("'x\\x1ey'")),
    ROW("x\x1fy\n",
        ECHO("'x\\x1fy'")),
    ROW("x\x7fy\n",
        ECHO("'x\\x7fy'")),
    ROW("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7fx\n",
        ECHO("'\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\t\\x0b\\x0c\\r\\x0e\\x0f\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17\\x18\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f\\x7fx'")),
    ROW(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\n",
        ECHO("' !\"#$%&\\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~'")),
    ROW("\x00\n",
        ECHO("'\\x00'")),
    ROW("\x7f\n",
        ECHO("'\\x7f'")),
    ROW("\x1b[0m\n",
        ECHO("'\\x1b[0m'")),
    ROW("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\x7f\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\x90\x91\x92\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe\xbf\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd\xce\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xdb\xdc\xdd\xde\xdf\xe0\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe\xff\n",
        ECHO("'\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\t\\x0b\\x0c\\r\\x0e\\x0f\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17\\x18\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f !\"#$%&\\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\\x7f\\x80\\x81\\x82\\x83\\x84\\x85\\x86\\x87\\x88\\x89\\x8a\\x8b\\x8c\\x8d\\x8e\\x8f\\x90\\x91\\x92\\x93\\x94\\x95\\x96\\x97\\x98\\x99\\x9a\\x9b\\x9c\\x9d\\x9e\\x9f\\xa0\\xa1\\xa2\\xa3\\xa4\\xa5\\xa6\\xa7\\xa8\\xa9\\xaa\\xab\\xac\\xad\\xae\\xaf\\xb0\\xb1\\xb2\\xb3\\xb4\\xb5\\xb6\\xb7\\xb8\\xb9\\xba\\xbb\\xbc\\xbd\\xbe\\xbf\\xc0\\xc1\\xc2\\xc3\\xc4\\xc5\\xc6\\xc7\\xc8\\xc9\\xca\\xcb\\xcc\\xcd\\xce\\xcf\\xd0\\xd1\\xd2\\xd3\\xd4\\xd5\\xd6\\xd7\\xd8\\xd9\\xda\\xdb\\xdc\\xdd\\xde\\xdf\\xe0\\xe1\\xe2\\xe3\\xe4\\xe5\\xe6\\xe7\\xe8\\xe9\\xea\\xeb\\xec\\xed\\xee\\xef\\xf0\\xf1\\xf2\\xf3\\xf4\\xf5\\xf6\\xf7\\xf8\\xf9\\xfa\\xfb\\xfc\\xfd\\xfe\\xff'")),
    ROW("\xff\xf4\xff\xfd\x06\n",
        ECHO("'\\xff\\xf4\\xff\\xfd\\x06'")),
    ROW("a\rb\n",
        ECHO("'a\\rb'")),
    ROW("\r\n",
        ECHO("''")),
};

static const struct row utf8_rows[] = {
    ROW("~\n",
        ECHO("'~'")),
    ROW("\xc2\x80\n",
        ECHO("'\\x80'")),
    ROW("\xc2\x9f\n",
        ECHO("'\\x9f'")),
    ROW("\xc2\xa1\n",
        ECHO("'\\xa1'")),
    ROW("\xc3\xbf\n",
        ECHO("'\\xff'")),
    ROW("\xc4\x80\n",
        ECHO("'\\u0100'")),
    ROW("\xdf\xbf\n",
        ECHO("'\\u07ff'")),
    ROW("\xe0\xa0\x80\n",
        ECHO("'\\u0800'")),
    ROW("\xe0\xbf\xbf\n",
        ECHO("'\\u0fff'")),
    ROW("\xe1\x80\x80\n",
        ECHO("'\\u1000'")),
    ROW("\xed\x9f\xbf\n",
        ECHO("'\\ud7ff'")),
    ROW("\xee\x80\x80\n",
        ECHO("'\\ue000'")),
    ROW("\xef\xbf\xbd\n",
        ECHO("'\\ufffd'")),
    ROW("\xef\xbf\xbe\n",
        ECHO("'\\ufffe'")),
    ROW("\xef\xbf\xbf\n",
        ECHO("'\\uffff'")),
    ROW("\xf0\x90\x80\x80\n",
        ECHO("'\\U00010000'")),
    ROW("\xf0\x9f\x98\x80\n",
        ECHO("'\\U0001f600'")),
    ROW("\xf3\xbf\xbf\xbf\n",
        ECHO("'\\U000fffff'")),
    ROW("\xf4\x80\x80\x80\n",
        ECHO("'\\U00100000'")),
    ROW("\xf4\x8f\xbf\xbf\n",
        ECHO("'\\U0010ffff'")),
    ROW("~\xc2\x80\xc2\x9f\xc2\xa1\xc3\xbf\xc4\x80\xdf\xbf\xe0\xa0\x80\xe0\xbf\xbf\xe1\x80\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbd\xef\xbf\xbe\xef\xbf\xbf\xf0\x90\x80\x80\xf0\x9f\x98\x80\xf3\xbf\xbf\xbf\xf4\x80\x80\x80\xf4\x8f\xbf\xbf\n",
        ECHO("'~\\x80\\x9f\\xa1\\xff\\u0100\\u07ff\\u0800\\u0fff\\u1000\\ud7ff\\ue000\\ufffd\\ufffe\\uffff\\U00010000\\U0001f600\\U000fffff\\U00100000\\U0010ffff'")),
    ROW("x\xc3\xa9y\xe4\xb8\xadz\xf0\x9f\x98\x80\n",
        ECHO("'x\\xe9y\\u4e2dz\\U0001f600'")),
};

static const struct row invalid_rows[] = {
    ROW("\x80\n",
        ECHO("'\\x80'")),
    ROW("\xbf\n",
        ECHO("'\\xbf'")),
    ROW("\x80\x80\n",
        ECHO("'\\x80\\x80'")),
    ROW("a\x80""b\n",
        ECHO("'a\\x80b'")),
    ROW("\xc0\x80\n",
        ECHO("'\\xc0\\x80'")),
    ROW("\xc1\xbf\n",
        ECHO("'\\xc1\\xbf'")),
    ROW("\xc0\xaf\n",
        ECHO("'\\xc0\\xaf'")),
    ROW("\xe0\x80\x80\n",
        ECHO("'\\xe0\\x80\\x80'")),
    ROW("\xe0\x9f\xbf\n",
        ECHO("'\\xe0\\x9f\\xbf'")),
    ROW("\xf0\x80\x80\x80\n",
        ECHO("'\\xf0\\x80\\x80\\x80'")),
    ROW("\xf0\x8f\xbf\xbf\n",
        ECHO("'\\xf0\\x8f\\xbf\\xbf'")),
    ROW("\xed\xa0\x80\n",
        ECHO("'\\xed\\xa0\\x80'")),
    ROW("\xed\xbf\xbf\n",
        ECHO("'\\xed\\xbf\\xbf'")),
    ROW("\xed\xb2\x80\n",
        ECHO("'\\xed\\xb2\\x80'")),
    ROW("\xf4\x90\x80\x80\n",
        ECHO("'\\xf4\\x90\\x80\\x80'")),
    ROW("\xf5\x80\x80\x80\n",
        ECHO("'\\xf5\\x80\\x80\\x80'")),
    ROW("\xf7\xbf\xbf\xbf\n",
        ECHO("'\\xf7\\xbf\\xbf\\xbf'")),
    ROW("\xf8\x88\x80\x80\x80\n",
        ECHO("'\\xf8\\x88\\x80\\x80\\x80'")),
    ROW("\xfc\x84\x80\x80\x80\x80\n",
        ECHO("'\\xfc\\x84\\x80\\x80\\x80\\x80'")),
    ROW("\xfe\n",
        ECHO("'\\xfe'")),
    ROW("\xff\n",
        ECHO("'\\xff'")),
    ROW("\xc3\n",
        ECHO("'\\xc3'")),
    ROW("\xc3""A\n",
        ECHO("'\\xc3A'")),
    ROW("\xe4\xb8\n",
        ECHO("'\\xe4\\xb8'")),
    ROW("\xe4\xb8""A\n",
        ECHO("'\\xe4\\xb8A'")),
    ROW("\xe4""A\n",
        ECHO("'\\xe4A'")),
    ROW("\xf0\x9f\x98\n",
        ECHO("'\\xf0\\x9f\\x98'")),
    ROW("\xf0\x9f\x98""A\n",
        ECHO("'\\xf0\\x9f\\x98A'")),
    ROW("\xf0\x9f\n",
        ECHO("'\\xf0\\x9f'")),
    ROW("\xf0""A\n",
        ECHO("'\\xf0A'")),
    ROW("\xe4\xe4\xb8\xad\n",
        ECHO("'\\xe4\\u4e2d'")),
    ROW("\xf0\x9f\xe4\xb8\xad\n",
        ECHO("'\\xf0\\x9f\\u4e2d'")),
    ROW("\xc3\xc3\xa9\n",
        ECHO("'\\xc3\\xe9'")),
    ROW("\xe4\xb8\xf0\x9f\x98\x80\n",
        ECHO("'\\xe4\\xb8\\U0001f600'")),
    ROW("\xf0\x9f\x98\xc3\xa9\n",
        ECHO("'\\xf0\\x9f\\x98\\xe9'")),
    ROW("a\xe3\x80\n",
        ECHO("'a\\xe3\\x80'")),
    ROW("a\xe3\x80 \n",
        ECHO("'a\\xe3\\x80'")),
    ROW("a \xff\n",
        ECHO("'a \\xff'")),
    ROW("a\xc2 \n",
        ECHO("'a\\xc2'")),
    ROW("\xe3\x80\xe3\x80\x80\n",
        ECHO("'\\xe3\\x80'")),
    ROW("\xe2\x80\xe2\x80\xa8""b\n",
        ECHO("'\\xe2\\x80\\u2028b'")),
    ROW("it's\xff\n",
        ECHO("\"it's\\xff\"")),
    ROW("\xc2\x85\xc2\n",
        ECHO("'\\x85\\xc2'")),
    ROW("\xed\x9f\xbf\n",
        ECHO("'\\ud7ff'")),
    ROW("\xee\x80\x80\n",
        ECHO("'\\ue000'")),
    ROW("\xf4\x8f\xbf\xbf\n",
        ECHO("'\\U0010ffff'")),
    ROW("\xf5\n",
        ECHO("'\\xf5'")),
    ROW("\xf6\n",
        ECHO("'\\xf6'")),
    ROW("\xf7\n",
        ECHO("'\\xf7'")),
    ROW("\xf8\n",
        ECHO("'\\xf8'")),
    ROW("\xf9\n",
        ECHO("'\\xf9'")),
    ROW("\xfa\n",
        ECHO("'\\xfa'")),
    ROW("\xfb\n",
        ECHO("'\\xfb'")),
    ROW("\xfc\n",
        ECHO("'\\xfc'")),
    ROW("\xfd\n",
        ECHO("'\\xfd'")),
    ROW("\xfe\n",
        ECHO("'\\xfe'")),
    ROW("\xff\n",
        ECHO("'\\xff'")),
};

static const struct row long_rows[] = {
    ROWMAX(8, "abcdefgh\n",
        ECHO("'abcdefgh'")),
    ROWMAX(8, "abcdefghi\nquit\n",
        LONG BYE),
    ROWMAX(8, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\nx\n",
        LONG ECHO("'x'")),
    ROWMAX(8, "aaaaaaaaaaaaaaaaaaaaaaaaaa\nbbbbbbbbbbbbbbbbbbbbbbbbbb\n",
        LONG LONG),
    ROWMAX(8, "abcdefghi",
        LONG),
    ROWMAX(8, "abcdefgh",
        ECHO("'abcdefgh'")),
    ROWMAX(8, "abcdefg\r\n",
        ECHO("'abcdefg'")),
    ROWMAX(8, "abcdefgh\r\n",
        LONG),
    ROWMAX(8, "abcdefg\xe4\xb8\xad\n",
        LONG),
    ROWMAX(8, "aaaaaaa\xe4\n",
        ECHO("'aaaaaaa\\xe4'")),
    ROWMAX(8, "quit    \n",
        BYE),
    ROWMAX(8, "quit     \nquit\n",
        LONG BYE),
    ROWMAX(8, "''''''''''\nab\n",
        LONG ECHO("'ab'")),
    ROWMAX(8, "\"\"\"\"\"\"\"\"\"\"\nit's\n",
        LONG ECHO("\"it's\"")),
    ROWMAX(1, "a\nab\n\n",
        ECHO("'a'") LONG ECHO("''")),
    ROWMAX(8, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\ny\n",
        LONG ECHO("'y'")),
    ROWMAX(8, "12345678\n123456789\n1234567\n",
        ECHO("'12345678'") LONG ECHO("'1234567'")),
    ROWMAX(299, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nb\n",
        LONG ECHO("'b'")),
    ROWMAX(300, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nb\n",
        ECHO("'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'") ECHO("'b'")),
};

static const struct row eof_rows[] = {
    ROW("a",
        ECHO("'a'")),
    ROW("a\nb",
        ECHO("'a'") ECHO("'b'")),
    ROW("\xc3\xa9",
        ECHO("'\\xe9'")),
    ROW("a\xe4\xb8",
        ECHO("'a\\xe4\\xb8'")),
    ROW("quit",
        BYE),
    ROW("",
        ""),
    ROW("\n",
        ECHO("''")),
    ROW("a\r",
        ECHO("'a'")),
    ROW("it's",
        ECHO("\"it's\"")),
    ROW("  ",
        ECHO("''")),
    ROW("a\n\n",
        ECHO("'a'") ECHO("''")),
    ROW("quit \r",
        BYE),
    ROW("\xff",
        ECHO("'\\xff'")),
};

static const struct row random_rows[] = {
    ROW("\xca\xe1\x9a\x80\n\n",
        ECHO("'\\xca'") ECHO("''")),
    ROW("\n66\xe2\x80\x89\n",
        ECHO("''") ECHO("'66'")),
    ROW("9\x1f\x0b\t\nquit,\x0c""2\t\n",
        ECHO("'9'") ECHO("'quit,\\x0c2'")),
    ROW("\x1c\x0b\xe2\x80\x8a\xef\xbc\x91\x0b\n\xf0\x9f\x98\n",
        ECHO("'\\x1c\\x0b\\u200a\\uff11'") ECHO("'\\xf0\\x9f\\x98'")),
    ROW("\n_7 6\xef\xbb\xbf\n",
        ECHO("''") ECHO("'_7 6\\ufeff'")),
    ROW("11111111111111111111\r55555\n_quit_\xc2\xa0\xe4\xb8\xad\xe2\x80\xa8""66666666666666666667114\xd9\xa3,\"\xe2\x80\x89\xe2\x80\x80\n",
        ECHO("'11111111111111111111\\r55555'") ECHO("'_quit_\\xa0\\u4e2d\\u202866666666666666666667114\\u0663,\"'")),
    ROW("\xe3\x80\n,,\x00""23_\r22\n",
        ECHO("'\\xe3\\x80'") ECHO("',,\\x0023_\\r22'")),
    ROW("\t\xe2\x80\xaf\x1b_\x1b\n,_,\xe2\x80\x86\n",
        ECHO("'\\t\\u202f\\x1b_\\x1b'") ECHO("',_,'")),
    ROW("9\x0c\xe2\x80\x89\x0b\n a\xe2\x80\x83\xe2\x80\xa8\n",
        ECHO("'9'") ECHO("' a'")),
    ROW("_77\n111111111111111111144\n",
        ECHO("'_77'") ECHO("'111111111111111111144'")),
    ROW("+\n,\xc2\x85\xe4\xb8\xad.\xe2\x80\x85\n",
        ECHO("'+'") ECHO("',\\x85\\u4e2d.'")),
    ROW(",\x1c\xe2\x80\x88\xe2\x80\x82\n333333333333333333336666666666666666666\xc1\xbf-\xe2\x80\x8b\xed\xa0\x80""9,\n",
        ECHO("','") ECHO("'333333333333333333336666666666666666666\\xc1\\xbf-\\u200b\\xed\\xa0\\x809,'")),
    ROW("\xba""1\n99999Sum\n",
        ECHO("'\\xba1'") ECHO("'99999Sum'")),
    ROW("\xbfsum\n\x1d_5\xf0\x9f\x98,,Q277777777777777777777\xe2\x80\xa9\xe2\x80\x88""811111\n",
        ECHO("'\\xbfsum'") ECHO("'\\x1d_5\\xf0\\x9f\\x98,,Q277777777777777777777\\u2029\\u2008811111'")),
    ROW(",\n'4444496666666666666666666655\xe2\x80\xaf,\x1b""22222-\xf4\x8f\xbf\xbf""29999999999999999999\xe2\x80\x82\n",
        ECHO("','") ECHO("\"'4444496666666666666666666655\\u202f,\\x1b22222-\\U0010ffff29999999999999999999\"")),
    ROW("-\xbf'4\xe2\x80\x8b_1188888\n88888\xf4\x90\x80\x80\x84\x00product,,33\xe2\x80\x81\x1d\x0b\n",
        ECHO("\"-\\xbf'4\\u200b_1188888\"") ECHO("'88888\\xf4\\x90\\x80\\x80\\x84\\x00product,,33'")),
    ROW("52211\\r66666,,,577\x1f""9\n\x0b\n",
        ECHO("'52211\\\\r66666,,,577\\x1f9'") ECHO("''")),
    ROW("\x1c\n22222222222222222222\n",
        ECHO("''") ECHO("'22222222222222222222'")),
    ROW("\xc2,-\x1c""22\x7f-\xbf\n11\xe2\x80\x85\xe2\x80\x80\xe2\x80\xa8\n",
        ECHO("'\\xc2,-\\x1c22\\x7f-\\xbf'") ECHO("'11'")),
    ROW("3\n3\x0c\n",
        ECHO("'3'") ECHO("'3'")),
    ROW(",\xe2\x80\x85\n\n",
        ECHO("','") ECHO("''")),
    ROW("\xe2\x80\x88\xe2\x80\x89\xc2\xa0\n_6\xe2\x80\x8a\xe2\x81\x9fSum\n",
        ECHO("''") ECHO("'_6\\u200a\\u205fSum'")),
    ROW("\xe2\x80\x84""22\n\n",
        ECHO("'\\u200422'") ECHO("''")),
    ROW("\xe2\x80\x80\xe2\x80\x85\xc2\x85\n\x1f\xe2\x80\x88\n",
        ECHO("''") ECHO("''")),
    ROW("|\xc2\xa0_7555550211\xc2\xa0\xe1\x9a\x80\xe2\x80\x88\n444444444444444444446666603\x0cproduct\xe2\x80\x89\xef\xbc\x91""99999999999999999998888888888888888888,\x1d\x1b\n",
        ECHO("'|\\xa0_7555550211'") ECHO("'444444444444444444446666603\\x0cproduct\\u2009\\uff1199999999999999999998888888888888888888,\\x1d\\x1b'")),
    ROW("\xe3\x80\xe2\x80\x84""0 ,_0000000000000000000+_1111111111111111111/\xe1\x9a\x80\xef\xbc\x91\x1f\n3\xef\xbc\x91\n",
        ECHO("'\\xe3\\x80\\u20040 ,_0000000000000000000+_1111111111111111111/\\u1680\\uff11'") ECHO("'3\\uff11'")),
    ROW("444444444444444444443\r\xe2\x81\x9f\xe2\x80\x81\xe2\x80\xa8\n7_2\xe2\x80\xa9""8\n",
        ECHO("'444444444444444444443'") ECHO("'7_2\\u20298'")),
    ROW("\xe2\x80\x8b""117\n\xc6""3\t\n",
        ECHO("'\\u200b117'") ECHO("'\\xc63'")),
    ROW("C\x0c\xe2\x81\x9f\n7700\n",
        ECHO("'C'") ECHO("'7700'")),
    ROW("225sum\nsumd\n",
        ECHO("'225sum'") ECHO("'sumd'")),
    ROW("5,',,04444444444444444444\x7f\n+\xd9\xa3""a\n",
        ECHO("\"5,',,04444444444444444444\\x7f\"") ECHO("'+\\u0663a'")),
    ROW(" 66\t\xe2\x80\x86_\n774\xe4\xb8\xad,77777\n",
        ECHO("' 66\\t\\u2006_'") ECHO("'774\\u4e2d,77777'")),
    ROW("\r\n-\n",
        ECHO("''") ECHO("'-'")),
    ROW("\x01,\t\xe2\x80\x89\r\n44444444444444444444 \n",
        ECHO("'\\x01,'") ECHO("'44444444444444444444'")),
    ROW(",\xc3\xa9,\n\n",
        ECHO("',\\xe9,'") ECHO("''")),
    ROW("@\xe2\x80\xaf\t33,\nsum6666666666666666666\n",
        ECHO("'@\\u202f\\t33,'") ECHO("'sum6666666666666666666'")),
    ROW("_ 88888888888888888888_,\xc1\xbf""88888888888888888887 2 \xe2\x80\x86\x80\n\xe2\x80\x80""44444b\n",
        ECHO("'_ 88888888888888888888_,\\xc1\\xbf88888888888888888887 2 \\u2006\\x80'") ECHO("'\\u200044444b'")),
    ROW("\x80\xe2\x80\x86\xe2\x80\x80\n\xe2\x80\x84_ \n",
        ECHO("'\\x80'") ECHO("'\\u2004_'")),
    ROW("\x1e""33a\xe2\x80\xaf\n\x00_\xe2\x80\x8a\n",
        ECHO("'\\x1e33a'") ECHO("'\\x00_'")),
    ROW("4444444444444444444sum3\n3\n",
        ECHO("'4444444444444444444sum3'") ECHO("'3'")),
    ROW("99\t\n9'9,\x1d,x\xe1\xa0\x8e\n",
        ECHO("'99'") ECHO("\"9'9,\\x1d,x\\u180e\"")),
    ROW("8888888888888888888_\n,,24,?\t,\n",
        ECHO("'8888888888888888888_'") ECHO("',,24,?\\t,'")),
    ROW("\xe0\x80\x80""7\n5555555555555555555'\t\n",
        ECHO("'\\xe0\\x80\\x807'") ECHO("\"5555555555555555555'\"")),
    ROW(",,_\x80""111114\x16""599999999999999999999 3_\xc5\n\xc0\\44444444444444444444\n",
        ECHO("',,_\\x80111114\\x16599999999999999999999 3_\\xc5'") ECHO("'\\xc0\\\\44444444444444444444'")),
    ROW("\r\n,\xbf-\n",
        ECHO("''") ECHO("',\\xbf-'")),
    ROW(",\n\r6\x87\n",
        ECHO("','") ECHO("'\\r6\\x87'")),
    ROW("7777777777777777777\n66\n",
        ECHO("'7777777777777777777'") ECHO("'66'")),
    ROW("88888888888888888888\xe1\xa0\x8e\xe4\xb8\xad""9,\xc3\xa9,3\xc2\xa0\xe2\x80\x82\r\n33333+\xc2\xa0\x1e\xe1\x9a\x80\n",
        ECHO("'88888888888888888888\\u180e\\u4e2d9,\\xe9,3'") ECHO("'33333+'")),
    ROW(",,\x00""33333c\xbe+,0\x0c""00\x13\n'\xe0\x80\x80\xe2\x80\x82 77777_,\xff\n",
        ECHO("',,\\x0033333c\\xbe+,0\\x0c00\\x13'") ECHO("\"'\\xe0\\x80\\x80\\u2002 77777_,\\xff\"")),
    ROW("+,44444444444444444440\xf0\x9f\x98\x80,55555555555555555556\na11\r\n",
        ECHO("'+,44444444444444444440\\U0001f600,55555555555555555556'") ECHO("'a11'")),
    ROW("00000\r\xe2\x80\x8a\n\x1b""5277777777777777777777\xe2\x80\x1e\n",
        ECHO("'00000'") ECHO("'\\x1b5277777777777777777777\\xe2\\x80'")),
    ROW("\n9999999999999999999,\\\n",
        ECHO("''") ECHO("'9999999999999999999,\\\\'")),
    ROW("66666Sum3,-,3'\xe2\x80\x87""99\r\xe2\x80\x86\x0b\n,,\xe2\x80\x87\xe2\x80\x86\xe1\x9a\x80\n",
        ECHO("\"66666Sum3,-,3'\\u200799\"") ECHO("',,'")),
    ROW("\xef\xbc\x91Sum,\xe2\x80\x85\xe2\x80\x83\n\n",
        ECHO("'\\uff11Sum,'") ECHO("''")),
    ROW("+2x\xe2\x80\x8b""88\n11111\xe1\xa0\x8e""7T\xe2\x80\x84""55555\xef\xbb\xbf""9\x01""8844444-,\xc2\x85\xe2\x80\xa9\n",
        ECHO("'+2x\\u200b88'") ECHO("'11111\\u180e7T\\u200455555\\ufeff9\\x018844444-,'")),
    ROW("\xe2\x80\x89""4\n\n",
        ECHO("'\\u20094'") ECHO("''")),
    ROW("\xe7\x0c\n\xe2\x80\xa9\x1f\xe2\x80\x84\n",
        ECHO("'\\xe7'") ECHO("''")),
    ROW("\xc2,,555555555555555555553 89999999999999999999\n09999999999999999999,+33333\xc2\x85""98\n",
        ECHO("'\\xc2,,555555555555555555553 89999999999999999999'") ECHO("'09999999999999999999,+33333\\x8598'")),
    ROW("\x0c""55555\xc0\xe2\x81\x9f\n_\x1f\n",
        ECHO("'\\x0c55555\\xc0'") ECHO("'_'")),
    ROW("\xe0\x80\x80\x80""8\x0c,\xfc""000\t\n99999\xe2\x80\x83""33333\x0c\xe2\x80\x8a\xc0+0000000000000000000\xf0\x9f\x98-Sum71\x0b\n",
        ECHO("'\\xe0\\x80\\x80\\x808\\x0c,\\xfc000'") ECHO("'99999\\u200333333\\x0c\\u200a\\xc0+0000000000000000000\\xf0\\x9f\\x98-Sum71'")),
    ROW("\x7f\x1e\n,\xf4\x90\x80\x80\x97\xe2\x80\x83""833333333333333333333\xef\xbb\xbf\xf0\x9f\x98\x80\xe2\x80\x82\xe2\x80\xa8\n",
        ECHO("'\\x7f'") ECHO("',\\xf4\\x90\\x80\\x80\\x97\\u2003833333333333333333333\\ufeff\\U0001f600'")),
    ROW(",\n\xf0_+Sumw\r\xe0\x80\x80 \n",
        ECHO("','") ECHO("'\\xf0_+Sumw\\r\\xe0\\x80\\x80'")),
    ROW("0\xe2\x80\x83\n\x1c\xe2\x80\xa9\xe2\x80\xa9\t\n",
        ECHO("'0'") ECHO("''")),
    ROW("0quit88888888888888888886311111111111111111111\xe4\xb8\xad_\xc2\xa0\xe2\x80\x81\xe2\x80\x82\n,4\xe2\x80\x82\x1c\n",
        ECHO("'0quit88888888888888888886311111111111111111111\\u4e2d_'") ECHO("',4'")),
    ROW("- \x80,\xf0\x9f\x98\x80\n\n",
        ECHO("'- \\x80,\\U0001f600'") ECHO("''")),
    ROW("\x1c\n000000\n",
        ECHO("''") ECHO("'000000'")),
    ROW("\n\xed\xa0\x80\x0c""2\xf0\x9f\x98""2)_5\r6666666666666666666044\x1b\xe1\x9a\x80\xe2\x80\x86\x0c\n",
        ECHO("''") ECHO("'\\xed\\xa0\\x80\\x0c2\\xf0\\x9f\\x982)_5\\r6666666666666666666044\\x1b'")),
    ROW("\x0c\xe2\x80\x88\x0c""7777777777777777777\r\xe2\x81\x9f\x1c\n\t33333\x1c\xe2\x81\x9f\n",
        ECHO("'\\x0c\\u2008\\x0c7777777777777777777'") ECHO("'\\t33333'")),
    ROW("product\x1d\x1e""5142\xf0\x9f\x98""416666666666666666666666\xf0\x9f\x98\xe2\x80\x81\xe2\x80\x86 \n6\n",
        ECHO("'product\\x1d\\x1e5142\\xf0\\x9f\\x98416666666666666666666666\\xf0\\x9f\\x98'") ECHO("'6'")),
    ROW(",\x0bquitproduct\xe2\x80\xa8,116666666666666666666\x1d""66_\x0b+\n\xd9\xa3sum\xc2\xa0\xc2\x85\xe2\x81\x9f\n",
        ECHO("',\\x0bquitproduct\\u2028,116666666666666666666\\x1d66_\\x0b+'") ECHO("'\\u0663sum'")),
    ROW("f+Sum\x0b--\xef\xbc\x91""22+\x1e\r666\n,3\xe2\x80\x8b\xc8_11111111111111111111\xc1\xbf_\n",
        ECHO("'f+Sum\\x0b--\\uff1122+\\x1e\\r666'") ECHO("',3\\u200b\\xc8_11111111111111111111\\xc1\\xbf_'")),
    ROW("\xc0\nSum_88888888888888888887\xc1\xbf""6666666666666666666666666666666666666600000000000000000000\n",
        ECHO("'\\xc0'") ECHO("'Sum_88888888888888888887\\xc1\\xbf6666666666666666666666666666666666666600000000000000000000'")),
    ROW(",\xe2\x80\x87\n \xe2\x80\x88""44444444444444444444\n",
        ECHO("','") ECHO("' \\u200844444444444444444444'")),
    ROW("\n\xc0-\n",
        ECHO("''") ECHO("'\\xc0-'")),
    ROW("\n\x96\xe2\x80\x8a\n",
        ECHO("''") ECHO("'\\x96'")),
    ROW("product\n\xc1\xbf\x1b\xe2\x80\xa8\x1d\r\n",
        ECHO("'product'") ECHO("'\\xc1\\xbf\\x1b'")),
    ROW("\x1b\xe3\x80""77777777777777777771111111111111111111sum\r,\xed\xa0\x80\n\n",
        ECHO("'\\x1b\\xe3\\x8077777777777777777771111111111111111111sum\\r,\\xed\\xa0\\x80'") ECHO("''")),
    ROW("\x1d\n 55\xe2\x80\xa9\xe2\x80\xa8,\n",
        ECHO("''") ECHO("' 55\\u2029\\u2028,'")),
    ROW("5555555555555555555\xc2\x85\r\xbf-\xef\xbb\xbf""666666666666666666611111111111111111111\n_+\xe2\x80\x85\xe2\x80\x80\n",
        ECHO("'5555555555555555555\\x85\\r\\xbf-\\ufeff666666666666666666611111111111111111111'") ECHO("'_+'")),
    ROW("4,_44444444444444444444+\n3\x1d \x80,\x0b ,0\xed\xa0\x80 \xe1\x9a\x0b\n",
        ECHO("'4,_44444444444444444444+'") ECHO("'3\\x1d \\x80,\\x0b ,0\\xed\\xa0\\x80 \\xe1\\x9a'")),
    ROW("\xe1\x9a\x80""7777777777777777777\xe1\xa0\x8e\xc2\xa0,0\\\xf4\x90\x80\x80\n666666\xc2\xa0_+\xd9\xa3\x0b,66666\t_,7\n",
        ECHO("'\\u16807777777777777777777\\u180e\\xa0,0\\\\\\xf4\\x90\\x80\\x80'") ECHO("'666666\\xa0_+\\u0663\\x0b,66666\\t_,7'")),
    ROW("0\xe2\x80\x80-1_9_\xe2\x80\x8b\n\x1d\x1c""8888888888888888888_\xe2\x80\x85'\x1c""9\n",
        ECHO("'0\\u2000-1_9_\\u200b'") ECHO("\"\\x1d\\x1c8888888888888888888_\\u2005'\\x1c9\"")),
    ROW("\x1d\xf9\n,\x0b\n",
        ECHO("'\\x1d\\xf9'") ECHO("','")),
    ROW("1\n\x0b\n",
        ECHO("'1'") ECHO("''")),
    ROW("\xc2\xf5""4\x0c""9999999999999999999M\r\t,\xe2\x80\x84\xc2\xe2\x80\x87""6\n\xe2\x80\x8b""22222222222222222222\\8888888888888888888\xef\xbc\x91""11111\x0b""3\x0b_44444\xd9\xa3_\x1c\r\n",
        ECHO("'\\xc2\\xf54\\x0c9999999999999999999M\\r\\t,\\u2004\\xc2\\u20076'") ECHO("'\\u200b22222222222222222222\\\\8888888888888888888\\uff1111111\\x0b3\\x0b_44444\\u0663_'")),
    ROW(",\n\x1b""88888\xc2\xa0\n",
        ECHO("','") ECHO("'\\x1b88888'")),
    ROW("\xe2\x80\x81\xe2\x80\x83\xe2\x80\x8a\n,\xef\xbb\xbf""7quit  \xe2\x80\x83\xe2\x80\x80\n",
        ECHO("''") ECHO("',\\ufeff7quit'")),
    ROW(" 99\t4477777777777777777777\n\x82quit220\x0b\n",
        ECHO("' 99\\t4477777777777777777777'") ECHO("'\\x82quit220'")),
    ROW("\"Sum\"9\xe2\x80\xaf,,33333333333333333330\x1e'sum8888888888888888888\n\x1c""555555555555555555553333333333333333333\xf4\x8f\xbf\xbf _,,,,,\xe1\x9a\xc2\x85\n",
        ECHO("'\"Sum\"9\\u202f,,33333333333333333330\\x1e\\'sum8888888888888888888'") ECHO("'\\x1c555555555555555555553333333333333333333\\U0010ffff _,,,,,\\xe1\\x9a'")),
    ROW("\xc0\n99999999999999999999\n",
        ECHO("'\\xc0'") ECHO("'99999999999999999999'")),
    ROW("7asum_3350\x1d\n6\xe2\x80\x8a\x1e\n",
        ECHO("'7asum_3350'") ECHO("'6'")),
    ROW("2_\n8\t\r\xe2\x80\x83\n",
        ECHO("'2_'") ECHO("'8'")),
    ROW("z\",\n4\n",
        ECHO("'z\",'") ECHO("'4'")),
    ROW("\n2286\x00""2\n",
        ECHO("''") ECHO("'2286\\x002'")),
    ROW("\xef\xbb\xbf""111111111111111111119999999999999999999_3\n\t\t88sum-77\x7f\x1e\xe2\x80\x83\t\n",
        ECHO("'\\ufeff111111111111111111119999999999999999999_3'") ECHO("'\\t\\t88sum-77\\x7f'")),
    ROW("\x1c\n$33333333333333333333quit\n",
        ECHO("''") ECHO("'$33333333333333333333quit'")),
    ROW(",\xe2\x80\x8b""1111111111111111111_+1\t44444\x80""39999999999999999999\x0c""7\n\n",
        ECHO("',\\u200b1111111111111111111_+1\\t44444\\x8039999999999999999999\\x0c7'") ECHO("''")),
    ROW("\xe2\x80\x87\xe2\x80\x8a\n\xe1\xa0\x8e""6\tproduct\xe2\x80\xa8\n",
        ECHO("''") ECHO("'\\u180e6\\tproduct'")),
    ROW("\t\n\xe2\x80\xaf""00000000000000000000,\n",
        ECHO("''") ECHO("'\\u202f00000000000000000000,'")),
    ROW("66666666666666666666\xa4\xe3\x80\r-6666666666666666666\r233333\xe2\x80\x84""66666666666666666666\xe8 \xe2\x80\xa8\xe2\x80\x80\xe2\x80\xaf\n88888888888888888888\"8,\x93\xe2\x80\xa9\xc2\x85\n",
        ECHO("'66666666666666666666\\xa4\\xe3\\x80\\r-6666666666666666666\\r233333\\u200466666666666666666666\\xe8'") ECHO("'88888888888888888888\"8,\\x93'")),
};

static void run_rows(const struct row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        conv_expect(&proto_echo, rows[i].in, rows[i].in_len, rows[i].want,
                    rows[i].want_len, 1, rows[i].max_line);
}
#define RUN(rows) run_rows((rows), sizeof(rows) / sizeof((rows)[0]))

static void spec_examples(void **state) { (void)state; RUN(spec_rows); }
/* quit after the strip, exactly; nothing after it is parsed. */
static void quit(void **state) { (void)state; RUN(quit_rows); }
/* Each character str.rstrip() removes: stripped at the end, kept and
 * escaped in the middle or at the start. */
static void trailing_whitespace(void **state) { (void)state; RUN(strip_rows); }
/* Double quotes only when there is a ' and no "; then no \' escape. */
static void quotes(void **state) { (void)state; RUN(quote_rows); }
static void control_bytes(void **state) { (void)state; RUN(control_rows); }
/* The first and last code point of each UTF-8 length and of each escape. */
static void utf8_lengths(void **state) { (void)state; RUN(utf8_rows); }
/* Stray continuations, overlongs, surrogates, past U+10FFFF, sequences cut
 * short by ASCII, by another sequence or by the end of the line. */
static void invalid_utf8(void **state) { (void)state; RUN(invalid_rows); }
/* Longer than max_line: answered at once, the rest dropped (its quotes
 * too), the next line served; exactly max_line bytes is served. */
static void too_long(void **state) { (void)state; RUN(long_rows); }
/* A last line cut by the close is answered; nothing else is. */
static void last_line_at_eof(void **state) { (void)state; RUN(eof_rows); }
/* Random lines of every kind of byte class against Python. */
static void random_lines(void **state) { (void)state; RUN(random_rows); }

/* For sizes too big to try at every chunk size. */
static void expect_some_chunks(const char *in, size_t n, const char *want,
                               size_t wn, uint32_t max_line)
{
    static const size_t chunks[] = {0, 1, 2, 3, 7, 64, 255, 256, 257, 4096, 65536};
    conv_expect_chunks(&proto_echo, in, n, want, wn, max_line, chunks,
                       sizeof chunks / sizeof chunks[0]);
}

/* The default --max-line: a 65536-byte line is served, whole; one byte
 * more is too long, and the next line is served. */
static void default_max_line(void **state)
{
    (void)state;
    buf in = {0}, want = {0};
    put_rep(&in, 'a', 65535), put_str(&in, "'\n");
    put_str(&want, "Echoed: \""), put_rep(&want, 'a', 65535), put_str(&want, "'\"\r\n");
    put_rep(&in, 'b', 65537), put_str(&in, "\nc\n");
    put_str(&want, LONG ECHO("'c'"));
    put_rep(&in, '\xe4', 65537);
    put_str(&want, LONG);
    expect_some_chunks(in.data, in.len, want.data, want.len, 65536);
    buf_free(&in);
    buf_free(&want);
}

/* Every line length up to 600, across each size the line buffer grows
 * through and the 256 bytes past which it is given back, ending in a
 * three-byte character that may straddle a growth. */
static void every_line_length(void **state)
{
    (void)state;
    for (size_t n = 0; n <= 600; n++) {
        buf in = {0}, want = {0};
        put_rep(&in, 'x', n), put_str(&in, "\n"), put_rep(&in, 'y', n), put_str(&in, "\xe4\xb8\xad\nz\n");
        put_str(&want, "Echoed: '"), put_rep(&want, 'x', n), put_str(&want, "'\r\n");
        put_str(&want, "Echoed: '"), put_rep(&want, 'y', n), put_str(&want, "\\u4e2d'\r\n");
        put_str(&want, ECHO("'z'"));
        expect_some_chunks(in.data, in.len, want.data, want.len, 65536);
        buf_free(&in);
        buf_free(&want);
    }
}

static echo *echo_new(buf *out, uint32_t max_line, uint32_t budget)
{
    return (echo *)conv_parser(&proto_echo, out, max_line, budget);
}

static void echo_free(echo *e)
{
    conv_parser_free(&proto_echo, &e->h);
}

/* quit is answered and consumes exactly through its LF; the bytes after it
 * are left unread, and a close after it adds nothing. */
static void quit_stops_reading(void **state)
{
    (void)state;
    static const char in[] = "a\nquit\xe3\x80\x80\nb\n";
    static const char want[] = ECHO("'a'") BYE;
    buf out = {0};
    echo *e = echo_new(&out, 65536, 0);
    size_t used = proto_echo.feed(&e->h, in, sizeof in - 1);
    assert_int_equal(used, sizeof in - 1 - 2);
    assert_true(e->h.done);
    assert_int_equal(e->h.replies, 2);
    proto_echo.finish(&e->h);
    assert_int_equal(out.len, sizeof want - 1);
    assert_memory_equal(out.data, want, out.len);
    echo_free(e);
    buf_free(&out);
}

/* h.pending counts the bytes of the unfinished line; a close answers it. */
static void pending_bytes(void **state)
{
    (void)state;
    static const char want[] = ECHO("'x'") ECHO("'ab\\xe4'");
    buf out = {0};
    echo *e = echo_new(&out, 65536, 0);
    assert_int_equal(proto_echo.feed(&e->h, "x\nab", 4), 4);
    assert_int_equal(e->h.pending, 2);
    assert_int_equal(proto_echo.feed(&e->h, "\xe4", 1), 1);
    assert_int_equal(e->h.pending, 3);
    proto_echo.finish(&e->h);
    assert_int_equal(e->h.pending, 0);
    assert_int_equal(out.len, sizeof want - 1);
    assert_memory_equal(out.data, want, out.len);
    echo_free(e);
    buf_free(&out);
}

/* A connection holds a long line's bytes only while the line lasts; a
 * too-long line is counted once for the stats. */
static void memory_given_back(void **state)
{
    (void)state;
    buf out = {0};
    echo *e = echo_new(&out, 1000, 0);
    char line[1001];
    memset(line, 'a', sizeof line);
    assert_int_equal(proto_echo.feed(&e->h, line, 1000), 1000);
    assert_true(e->cap > 1000);
    assert_int_equal(proto_echo.feed(&e->h, "\n", 1), 1);
    assert_true(e->cap <= 256);
    assert_int_equal(proto_echo.feed(&e->h, line, sizeof line), sizeof line);
    assert_int_equal(e->h.too_long, 1);
    assert_true(e->cap <= 256);
    /* A cut line stays unfinished until its LF, for the request timeout. */
    assert_true(e->h.pending > 0);
    assert_int_equal(proto_echo.feed(&e->h, line, sizeof line), sizeof line);
    assert_int_equal(proto_echo.feed(&e->h, "\n", 1), 1);
    assert_int_equal(e->h.too_long, 1);
    assert_int_equal(e->h.replies, 2);
    assert_int_equal(e->h.pending, 0);
    echo_free(e);
    buf_free(&out);
}

/* The runtime's per-turn reply budget: a feed stops after `budget` replies
 * (a too-long line's reply counts) and says how far it got; feeding the
 * rest, turn after turn, gives the same replies as one unlimited feed. */
static void budget(void **state)
{
    (void)state;
    static const struct row rows[] = {
        ROWMAX(4, "a\nb\nc\nd\ne\n", ECHO("'a'") ECHO("'b'") ECHO("'c'") ECHO("'d'") ECHO("'e'")),
        ROWMAX(4, "abcdefghi\n'\n\"\n", LONG ECHO("\"'\"") ECHO("'\"'")),
        ROWMAX(4, "'''''\n'''''\nit's\n", LONG LONG ECHO("\"it's\"")),
        ROWMAX(4, "\n\xff\nquit\nx\n", ECHO("''") ECHO("'\\xff'") BYE),
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        conv_expect_budget(&proto_echo, rows[i].in, rows[i].in_len, rows[i].want,
                           rows[i].want_len, rows[i].max_line);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spec_examples),
        cmocka_unit_test(quit),
        cmocka_unit_test(trailing_whitespace),
        cmocka_unit_test(quotes),
        cmocka_unit_test(control_bytes),
        cmocka_unit_test(utf8_lengths),
        cmocka_unit_test(invalid_utf8),
        cmocka_unit_test(too_long),
        cmocka_unit_test(last_line_at_eof),
        cmocka_unit_test(random_lines),
        cmocka_unit_test(default_max_line),
        cmocka_unit_test(every_line_length),
        cmocka_unit_test(quit_stops_reading),
        cmocka_unit_test(pending_bytes),
        cmocka_unit_test(memory_given_back),
        cmocka_unit_test(budget),
    };
    return cmocka_run_group_tests_name("echo parser", tests, NULL, NULL);
}
