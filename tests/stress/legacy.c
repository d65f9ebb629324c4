/* Transitional: the texts of the scenarios not yet derived from facts.h. */
#include "tests/stress/legacy.h"

#include <stdlib.h>
#include <string.h>

const char *const proto_name[NPROTO] = {"zen", "calc", "echo"};
const char *const req_text[NPROTO] = {"Beautiful is better than?", "1,2\n", "hello\n"};
const char *const rep_text[NPROTO] = {"Ugly.", CALC_WELCOME "Sum of input integers: '3'\r\n",
                                      "Echoed: 'hello'\r\n"};
const char *const busy_text[NPROTO] = {"Error: server busy.", "ERROR. Server busy\r\n",
                                       "ERROR. Server busy\r\n"};

const char *const zen_q[4] = {"Beautiful is better than?", "Explicit is better than?",
                              "Simple is better than?", "Is this an unknown aphorism\x01?"};
const char *const zen_a[4] = {"Ugly.", "Implicit.", "Complex.", "Error: unknown aphorism."};

void zen_build(int n, char **out, size_t *ol, char **exp, size_t *el)
{
    size_t a = 0, b = 0;
    for (int i = 0; i < n; i++) {
        a += strlen(zen_q[i % 4]);
        b += strlen(zen_a[i % 4]);
    }
    *out = malloc(a);
    *exp = malloc(b);
    *ol = *el = 0;
    for (int i = 0; i < n; i++) {
        size_t q = strlen(zen_q[i % 4]), r = strlen(zen_a[i % 4]);
        memcpy(*out + *ol, zen_q[i % 4], q);
        memcpy(*exp + *el, zen_a[i % 4], r);
        *ol += q;
        *el += r;
    }
}
