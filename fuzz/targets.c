/* The protocols under test: the build's own list (proto/protocols.h), each
 * with the oracle make found for it. */
#include <string.h>

#include "fuzz/check.h"
#include "proto/protocols.h"
#include "runtime/registry.h"

oracle_fn *oracle_find(const char *name)
{
    for (const oracle_entry *o = oracles; o->name; o++)
        if (strcmp(o->name, name) == 0)
            return o->fn;
    return NULL;
}

/* The registry is filled once, on first use: harnesses have no main. */
static void targets_load(void)
{
    if (!registry_count())
        registry_use(protocols);
}

int target_find(const char *name, target *t)
{
    targets_load();
    t->pr = registry_find_any(name);
    t->oracle = t->pr ? oracle_find(name) : NULL;
    return t->pr ? 0 : -1;
}

void target_nth(unsigned i, target *t)
{
    targets_load();
    t->pr = registry_all()[i % (unsigned)registry_count()];
    t->oracle = oracle_find(t->pr->name);
}
