/* The zen parser: every SPEC example, whole, at every chunk size, at random splits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "proto/zen.h"
#include "tests/conv.h"

static void known_questions(void **state)
{
    (void)state;
    CONV(&proto_zen, "Beautiful is better than?", "Ugly.");
    CONV(&proto_zen, "Explicit is better than?", "Implicit.");
    CONV(&proto_zen, "Simple is better than?", "Complex.");
}

static void unknown_questions(void **state)
{
    (void)state;
    CONV(&proto_zen, "Complex is better than?", "Error: unknown aphorism.");
    CONV(&proto_zen, "?", "Error: unknown aphorism.");
    CONV(&proto_zen, "beautiful is better than?", "Error: unknown aphorism.");
    CONV(&proto_zen, "Beautiful is better than ?", "Error: unknown aphorism.");
    CONV(&proto_zen, "Beautiful is better than", "");
}

static void pipelined(void **state)
{
    (void)state;
    CONV(&proto_zen, "Beautiful is better than?Simple is better than?x?",
         "Ugly.Complex.Error: unknown aphorism.");
    CONV(&proto_zen, " \r\n\tExplicit is better than?\r\nBeautiful is better than?\n",
         "Implicit.Ugly.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_questions),
        cmocka_unit_test(unknown_questions),
        cmocka_unit_test(pipelined),
    };
    return cmocka_run_group_tests_name("zen parser", tests, NULL, NULL);
}
