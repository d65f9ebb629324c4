#include "runtime/acl.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int acl_add(acl *a, const char *cidr, int allow)
{
    if (a->nrules == ACL_MAX_RULES)
        return -1;
    char host[64];
    const char *slash = strchr(cidr, '/');
    size_t hlen = slash ? (size_t)(slash - cidr) : strlen(cidr);
    if (hlen == 0 || hlen >= sizeof host)
        return -1;
    memcpy(host, cidr, hlen);
    host[hlen] = 0;
    acl_rule r = {.allow = (uint8_t)allow};
    int max;
    if (inet_pton(AF_INET, host, r.addr) == 1) {
        r.family = AF_INET;
        max = 32;
    } else if (inet_pton(AF_INET6, host, r.addr) == 1) {
        r.family = AF_INET6;
        max = 128;
    } else {
        return -1;
    }
    long bits = max;
    if (slash) {
        /* Digits only: strtol would also take "/ 8" and "/+8". */
        size_t len = strlen(slash + 1);
        if (len == 0 || len > 3 || strspn(slash + 1, "0123456789") != len)
            return -1;
        bits = strtol(slash + 1, NULL, 10);
        if (bits > max)
            return -1;
    }
    r.bits = (uint8_t)bits;
    a->rules[a->nrules++] = r;
    if (allow)
        a->any_allow = 1;
    return 0;
}

static int prefix_equal(const uint8_t *x, const uint8_t *y, int bits)
{
    int whole = bits / 8, rest = bits % 8;
    if (memcmp(x, y, (size_t)whole) != 0)
        return 0;
    if (rest == 0)
        return 1;
    uint8_t mask = (uint8_t)(0xff << (8 - rest));
    return (x[whole] & mask) == (y[whole] & mask);
}

/* An IPv4 client on an IPv6 socket arrives as ::ffff:a.b.c.d; match it
 * against IPv4 rules as the address it is. */
static int unmapped(const peer_addr *pa, uint8_t v4[4])
{
    static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (pa->family != AF_INET6 || memcmp(pa->addr, prefix, 12) != 0)
        return 0;
    memcpy(v4, pa->addr + 12, 4);
    return 1;
}

int acl_permits(const acl *a, const peer_addr *pa)
{
    uint8_t v4[4];
    int mapped = unmapped(pa, v4);
    for (int i = 0; i < a->nrules; i++) {
        const acl_rule *r = &a->rules[i];
        int hit;
        if (r->family == pa->family)
            hit = prefix_equal(r->addr, pa->addr, r->bits);
        else if (r->family == AF_INET && mapped)
            hit = prefix_equal(r->addr, v4, r->bits);
        else
            hit = 0;
        if (hit)
            return r->allow;
    }
    return !a->any_allow;
}

/* Open addressing with tombstones; sized at twice the connection limit so
 * probes stay short. */
typedef struct ip_slot {
    uint8_t used;        /* 0 empty, 1 live, 2 deleted */
    uint8_t family;
    uint8_t addr[16];
    int count;
} ip_slot;

struct ip_counts {
    ip_slot *slots;
    size_t mask;
};

ip_counts *ip_counts_create(int max)
{
    size_t n = 64;
    while (n < (size_t)max * 2)
        n *= 2;
    ip_counts *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->slots = calloc(n, sizeof *t->slots);
    if (!t->slots) {
        free(t);
        return NULL;
    }
    t->mask = n - 1;
    return t;
}

void ip_counts_destroy(ip_counts *t)
{
    if (t) {
        free(t->slots);
        free(t);
    }
}

static size_t ip_hash(const peer_addr *pa)
{
    uint64_t h = 1469598103934665603ULL ^ pa->family;
    for (int i = 0; i < 16; i++)
        h = (h ^ pa->addr[i]) * 1099511628211ULL;
    return (size_t)h;
}

int ip_counts_add(ip_counts *t, const peer_addr *pa, int delta)
{
    size_t i = ip_hash(pa) & t->mask;
    ip_slot *free_slot = NULL;
    for (size_t probes = 0; probes <= t->mask; probes++, i = (i + 1) & t->mask) {
        ip_slot *s = &t->slots[i];
        if (s->used == 0) {
            if (!free_slot)
                free_slot = s;
            break;
        }
        if (s->used == 2) {
            if (!free_slot)
                free_slot = s;
            continue;
        }
        if (s->family == pa->family && memcmp(s->addr, pa->addr, 16) == 0) {
            s->count += delta;
            if (s->count <= 0)
                s->used = 2;
            return s->count;
        }
    }
    if (delta <= 0 || !free_slot)
        return 0;
    free_slot->used = 1;
    free_slot->family = pa->family;
    memcpy(free_slot->addr, pa->addr, 16);
    free_slot->count = delta;
    return delta;
}
