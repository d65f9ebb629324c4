/* tidy: what a socket test leaves when a failed assertion jumps out of it
 * -- its sockets open, the koand it started running -- cleaned before the
 * next test, so that nothing it left changes what the next one sees. */
#ifndef KOAN_TEST_TIDY_H
#define KOAN_TEST_TIDY_H
#include <sys/types.h>

/* tidy_after: close every socket of this process (a test process holds no
 * other) and kill every koand started and not reaped but `keep`. */
void tidy_after(pid_t keep);
/* tidy_test: cmocka teardown: tidy_after(0). */
int tidy_test(void **state);

#endif
