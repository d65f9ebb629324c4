#include "runtime/memory.h"

#include <stdio.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#define MEMORY_LOOK_MS 1000          /* how often the resident set is read */
#define MEMORY_SLACK_KIB (8 * 1024)  /* growth, and memory freed, worth a trim */

long memory_rss_kib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f)
        return 0;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
        resident = 0;
    fclose(f);
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
static uint64_t looked_at;
static long start_kib = -1;   /* the resident set at the first look */
static size_t free_low;       /* the heap's free bytes after the last trim, or fewer since */

int memory_tick(uint64_t now_ms)
{
    if (looked_at && now_ms - looked_at < MEMORY_LOOK_MS)
        return 0;
    looked_at = now_ms;
    long rss = memory_rss_kib();
    if (start_kib < 0)
        start_kib = rss;
    /* Small: nothing worth a look at the heap (whose cost is a walk of
     * its free lists). */
    if (rss - start_kib < MEMORY_SLACK_KIB)
        return 0;
    /* Free bytes are counted whether or not their pages are resident: a
     * trim leaves them counted. What was freed since the last trim (the
     * count's growth since its low) is what still holds pages. */
    size_t free_now = mallinfo2().fordblks;
    if (free_now < free_low)
        free_low = free_now;
    if (free_now - free_low < (size_t)MEMORY_SLACK_KIB * 1024)
        return 0;
    malloc_trim(0);
    free_low = mallinfo2().fordblks;
    return 1;
}
#else
int memory_tick(uint64_t now_ms)
{
    (void)now_ms;
    return 0;
}
#endif
