/* metrics_impl: the slots as the exposition writer reads them, private to
 * runtime/metrics*.c. */
#ifndef KOAN_METRICS_IMPL_H
#define KOAN_METRICS_IMPL_H
#include "runtime/metrics.h"

/* What the whole server shares beside the slots. */
typedef struct metrics_head {
    double start;         /* when the server started, seconds since the epoch */
    uint64_t upgrades;    /* live upgrades behind this process */
    int32_t parent;       /* --workers: the parent's pid, else 0 */
} metrics_head;

extern metrics_slot *metrics_slots;
extern metrics_head *metrics_server;
extern int metrics_nslots;

#endif
