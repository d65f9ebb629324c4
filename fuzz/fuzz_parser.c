/* A protocol's parser harness, built once per protocol with FUZZ_PROTO its
 * name: chunked == whole == its re2c oracle (where it has one), with the
 * feed invariants checked after every chunk (fuzz/check.c). */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz/check.h"
#include "fuzz/harness.h"

#ifndef FUZZ_PROTO
#error "build with -DFUZZ_PROTO='\"NAME\"'"
#endif

int fuzz_one(const uint8_t *data, size_t n)
{
    static target t;
    if (!t.pr && target_find(FUZZ_PROTO, &t) < 0) {
        fprintf(stderr, "fuzz: no protocol %s in this build\n", FUZZ_PROTO);
        abort();
    }
    return check_conversation(&t, data, n);
}
