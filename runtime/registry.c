#include "runtime/registry.h"

#include <stdio.h>
#include <string.h>

static const proto *list[REGISTRY_MAX + 1];
static int count;

int registry_use(const proto *const *all)
{
    count = 0;
    for (const proto *const *p = all; *p; p++) {
        if (count == REGISTRY_MAX)
            return -1;
        /* Insertion by default port: --help and the default listen set
         * then read in the order the ports do. */
        int i = count++;
        for (; i > 0 && list[i - 1]->port > (*p)->port; i--)
            list[i] = list[i - 1];
        list[i] = *p;
    }
    list[count] = NULL;
    for (int i = 0; i < count; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(list[i]->name, list[j]->name) == 0 || list[i]->port == list[j]->port)
                return -1;
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
