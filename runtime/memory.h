/* memory: the heap given back to the system once a peak has passed.
 *
 * glibc keeps what was freed for reuse; after a peak (thousands of clients
 * each holding a big unfinished request, then leaving) the process would
 * stay at its high-water mark for good. A few times a second the server's
 * tick asks here; at most once a second this looks at the resident set,
 * and once it is well above where it started and much has been freed
 * since the last trim, it trims the heap (malloc_trim), which hands free
 * pages back wherever they lie, in every arena (the compute pool's too). */
#ifndef KOAN_MEMORY_H
#define KOAN_MEMORY_H
#include <stdint.h>

/* memory_tick: give freed memory back if a peak has passed (now_ms: the
 * loop's clock). Returns 1 if it trimmed. */
int memory_tick(uint64_t now_ms);
/* memory_rss_kib: the resident set in KiB; 0 where there is no /proc. */
long memory_rss_kib(void);

#endif
