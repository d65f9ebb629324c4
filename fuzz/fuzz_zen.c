/* zen harness: chunked == whole == re2c oracle, invariants after each feed. */
#include "fuzz/check.h"
#include "fuzz/harness.h"

int fuzz_one(const uint8_t *data, size_t n) { return check_conversation(&target_zen, data, n); }
