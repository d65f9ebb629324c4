/* rng: the one deterministic generator of the tests (splitmix64), so every
 * failure replays from its seed. */
#ifndef KOAN_TEST_RNG_H
#define KOAN_TEST_RNG_H
#include <stdint.h>

/* rng_next: the next 64 random bits from state *s. */
uint64_t rng_next(uint64_t *s);
/* rng_below: uniform in [0, n), n > 0. */
uint64_t rng_below(uint64_t *s, uint64_t n);

#endif
