#include "runtime/guard.h"

#include <string.h>

int guard_verdict(const uint8_t *g, size_t n)
{
    static const char *const starts[] = {"GET ", "POST ", "HEAD ", "Host:", "\x16\x03"};
    int maybe = 0;
    for (size_t i = 0; i < sizeof starts / sizeof starts[0]; i++) {
        size_t k = strlen(starts[i]);
        size_t m = n < k ? n : k;
        if (memcmp(g, starts[i], m) == 0) {
            if (n >= k)
                return 1;
            maybe = 1;
        }
    }
    return maybe ? -1 : 0;
}
