#include "runtime/registry.h"

#include <stdio.h>
#include <string.h>

/* The protocols served, by default port, and apart from them the units
 * with another role (the metrics unit): the loops over protocols -- --help,
 * the default listen set, the clients' -P, the generic tests -- see only
 * the first list. */
static const proto *list[REGISTRY_MAX + 1];
static const proto *others[REGISTRY_MAX + 1];
static int count, nothers;

int registry_use(const proto *const *all)
{
    count = nothers = 0;
    for (const proto *const *p = all; *p; p++) {
        if (count + nothers == REGISTRY_MAX)
            return -1;
        if ((*p)->role != PROTO_SERVE) {
            others[nothers++] = *p;
            continue;
        }
        /* Insertion by default port: --help and the default listen set
         * then read in the order the ports do. */
        int i = count++;
        for (; i > 0 && list[i - 1]->port > (*p)->port; i--)
            list[i] = list[i - 1];
        list[i] = *p;
    }
    list[count] = NULL;
    others[nothers] = NULL;
    /* Names and default ports are unique across every unit, whatever its
     * role: a name chooses a unit, in logs and at a live upgrade. */
    for (int i = 0; i < count + nothers; i++)
        for (int j = 0; j < i; j++) {
            const proto *a = i < count ? list[i] : others[i - count];
            const proto *b = j < count ? list[j] : others[j - count];
            if (strcmp(a->name, b->name) == 0 || a->port == b->port)
                return -1;
        }
    return count ? 0 : -1;
}

const proto *const *registry_all(void) { return list; }

int registry_count(void) { return count; }

const proto *registry_find(const char *name)
{
    for (int i = 0; i < count; i++)
        if (strcmp(list[i]->name, name) == 0)
            return list[i];
    return NULL;
}

const proto *registry_find_any(const char *name)
{
    const proto *pr = registry_find(name);
    for (int i = 0; !pr && i < nothers; i++)
        if (strcmp(others[i]->name, name) == 0)
            pr = others[i];
    return pr;
}

const proto *registry_role(int role)
{
    for (int i = 0; i < nothers; i++)
        if (others[i]->role == role)
            return others[i];
    return NULL;
}

int registry_index(const proto *pr)
{
    for (int i = 0; i < count; i++)
        if (list[i] == pr)
            return i;
    for (int i = 0; i < nothers; i++)
        if (others[i] == pr)
            return count + i;
    return -1;
}

const proto *registry_nth(int i)
{
    return i < 0 ? NULL : i < count ? list[i] : i < count + nothers ? others[i - count] : NULL;
}

const proto *registry_primary(void)
{
    for (int i = 0; i < count; i++)
        if (list[i]->primary)
            return list[i];
    return list[0];
}

void registry_names(char *out, size_t len)
{
    size_t k = 0;
    out[0] = 0;
    for (int i = 0; i < count && k < len; i++) {
        const char *sep = i == 0 ? "" : i == count - 1 ? " or " : ", ";
        int w = snprintf(out + k, len - k, "%s%s", sep, list[i]->name);
        if (w < 0)
            break;
        k += (size_t)w;
    }
}
