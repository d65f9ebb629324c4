/* The libFuzzer entry: any failed check is a crash, so libFuzzer keeps the
 * input as an artifact. */
#include <stdlib.h>

#include "fuzz/harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    if (fuzz_one(data, n) < 0)
        abort();
    return 0;
}
