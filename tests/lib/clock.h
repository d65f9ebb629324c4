/* clock: the one clock of the tests and the stress suite (monotonic). */
#ifndef KOAN_TEST_CLOCK_H
#define KOAN_TEST_CLOCK_H
#include <stdint.h>

/* now_ms: monotonic milliseconds. */
int64_t now_ms(void);
/* now_s: the same clock in seconds. */
double now_s(void);
/* sleep_ms: sleep ms milliseconds, through signals. */
void sleep_ms(int ms);
/* sleep_s: sleep s seconds (nothing if s <= 0), through signals. */
void sleep_s(double s);
/* left_ms: milliseconds from now to deadline (now_ms), clamped to [0, 60000]. */
int left_ms(int64_t deadline);

#endif
