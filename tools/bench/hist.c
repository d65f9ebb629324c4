/* Percentiles from the log-linear histogram in bench.h. */
#include <math.h>

#include "tools/bench/bench.h"

/* The largest value that lands in bucket i. */
static uint64_t bucket_top(unsigned i)
{
    if (i < (1u << HIST_SUB_BITS))
        return i;
    unsigned shift = (i >> (HIST_SUB_BITS - 1)) - 1;
    uint64_t m = i - ((uint64_t)shift << (HIST_SUB_BITS - 1));
    return (m << shift) + (1ULL << shift) - 1;
}

uint64_t hist_percentile(const hist *h, double p)
{
    if (h->count == 0)
        return 0;
    /* The rank of the value asked for, counting from 1, as HdrHistogram
     * does: p99 of 1000 values is the 990th smallest. */
    uint64_t rank = (uint64_t)ceil(p / 100.0 * (double)h->count);
    if (rank < 1)
        rank = 1;
    uint64_t seen = 0;
    for (unsigned i = 0; i < HIST_BUCKETS; i++) {
        seen += h->b[i];
        if (seen >= rank) {
            uint64_t top = bucket_top(i);
            return top < h->max ? top : h->max;
        }
    }
    return h->max;
}
