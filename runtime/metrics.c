/* Where the metrics live: this process's slot, or with --workers a shared
 * mapping of one slot per worker; the server's start and upgrade count. */
#include "runtime/metrics.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "runtime/conn.h"
#include "runtime/metrics_impl.h"

_Static_assert(CONN_NSTATES <= METRICS_STATES, "METRICS_STATES below the lifecycle's states");

/* Until metrics_start (harnesses never call it), a slot of our own. */
static metrics_slot local_slot;
static metrics_head local_head;
metrics_slot *metrics_me = &local_slot;
metrics_slot *metrics_slots = &local_slot;
metrics_head *metrics_server = &local_head;
int metrics_nslots = 1;

int metrics_start(int n)
{
    size_t len = sizeof(metrics_head) + (size_t)n * sizeof(metrics_slot);
    /* Shared even for one process: the same code counts either way. */
    void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return -1;
    metrics_server = m;
    metrics_slots = (metrics_slot *)((char *)m + sizeof(metrics_head));
    metrics_nslots = n;
    metrics_me = &metrics_slots[0];
    stats = metrics_me->stats;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    metrics_server->start = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    /* Counters start again in a new process (a rate() reads that as a
     * reset); the number of upgrades is carried. */
    const char *v = getenv(METRICS_UPGRADES_ENV);
    metrics_server->upgrades = v ? strtoull(v, NULL, 10) : 0;
    unsetenv(METRICS_UPGRADES_ENV);
    if (n > 1)
        metrics_server->parent = (int32_t)getpid();
    else
        metrics_me->pid = (int32_t)getpid();
    return 0;
}

void metrics_worker(int i)
{
    /* Workers without metrics_start first share the one slot there is. */
    metrics_me = &metrics_slots[i < metrics_nslots ? i : 0];
    stats = metrics_me->stats;
    /* A worker that died held connections that are gone: its counters
     * stand (they only ever grow), its gauges do not. */
    for (int p = 0; p < REGISTRY_MAX; p++)
        memset(metrics_me->proto[p].open, 0, sizeof metrics_me->proto[p].open);
    __atomic_store_n(&metrics_me->pid, (int32_t)getpid(), __ATOMIC_RELAXED);
}

uint64_t metrics_upgrades(void) { return metrics_server->upgrades; }

uint64_t metrics_own(int which)
{
    uint64_t sum = 0;
    for (int p = 0; p < REGISTRY_MAX; p++)
        sum += which ? metrics_me->proto[p].accepted : metrics_me->proto[p].requests;
    return sum;
}
