/* memory_tick: what a peak of freed memory leaves behind goes back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "runtime/memory.h"

/* Under ASan the allocator is ASan's, freed blocks wait in its quarantine
 * and glibc's trim has nothing to trim: the behaviour is glibc's. */
#if defined(__SANITIZE_ADDRESS__)
#define NOT_GLIBC_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NOT_GLIBC_MALLOC 1
#endif
#endif
#if !defined(__GLIBC__)
#define NOT_GLIBC_MALLOC 1
#endif

/* 2000 blocks of 60000 bytes (a peak of big unfinished requests), each
 * followed by a small one that stays (a connection's fixed state), so
 * the heap cannot shrink from its top alone; the big ones are freed. The
 * resident set stays up until memory_tick trims, then comes back. */
static void a_peak_goes_back(void **state)
{
    (void)state;
#ifdef NOT_GLIBC_MALLOC
    skip();
#endif
    enum { N = 2000, BIG = 60000 };
    assert_int_equal(memory_tick(1), 0);   /* the baseline, as at start */
    long start = memory_rss_kib();
    char **big = malloc(N * sizeof *big), **small = malloc(N * sizeof *small);
    for (int i = 0; i < N; i++) {
        big[i] = malloc(BIG);
        memset(big[i], i, BIG);
        small[i] = malloc(200);
        memset(small[i], i, 200);
    }
    long peak = memory_rss_kib();
    assert_true(peak - start > 100 * 1024);
    for (int i = 0; i < N; i++)
        free(big[i]);
    /* Not looked at again within a second of the last look. */
    assert_int_equal(memory_tick(500), 0);
    long kept = memory_rss_kib();
    assert_true(kept - start > 50 * 1024);
    assert_int_equal(memory_tick(1500), 1);
    long after = memory_rss_kib();
    assert_true(after - start < 10 * 1024);
    /* Nothing freed since: no second trim. */
    assert_int_equal(memory_tick(3000), 0);
    for (int i = 0; i < N; i++)
        free(small[i]);
    free(big);
    free(small);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_peak_goes_back),
    };
    return cmocka_run_group_tests_name("memory after a peak", tests, NULL, NULL);
}
