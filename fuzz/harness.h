/* harness: what each fuzz program defines, so that one body serves both
 * libFuzzer (fuzz/libfuzzer.c) and the corpus replay (fuzz/replay.c). */
#ifndef KOAN_FUZZ_HARNESS_H
#define KOAN_FUZZ_HARNESS_H
#include <stddef.h>
#include <stdint.h>

/* fuzz_one: check one input; 0 if it passed, -1 after printing why not. */
int fuzz_one(const uint8_t *data, size_t n);

#endif
