/* acl: who may connect (--allow/--deny CIDR lists, like tcpd's
 * hosts.allow/deny) and how many connections each address holds. */
#ifndef KOAN_ACL_H
#define KOAN_ACL_H
#include <stdint.h>

#include "runtime/net.h"

#define ACL_MAX_RULES 64

typedef struct acl_rule {
    uint8_t allow;
    uint8_t family;
    uint8_t bits;        /* prefix length */
    uint8_t addr[16];
} acl_rule;

typedef struct acl {
    acl_rule rules[ACL_MAX_RULES];
    int nrules;
    int any_allow;       /* once any --allow is given, the unmatched are refused */
} acl;

/* acl_add: parse "ADDR[/BITS]" into a rule; -1 if it is not a CIDR. */
int acl_add(acl *a, const char *cidr, int allow);
/* acl_permits: first match wins; no match is allowed unless --allow was used. */
int acl_permits(const acl *a, const peer_addr *pa);

/* Per-address connection counts, for --max-conns-per-ip. */
typedef struct ip_counts ip_counts;
/* ip_counts_create: a table for up to max entries at once. */
ip_counts *ip_counts_create(int max);
/* ip_counts_destroy: free t (NULL is fine). */
void ip_counts_destroy(ip_counts *t);
/* ip_counts_add: add delta (+1, -1) to pa's count; returns the new count. */
int ip_counts_add(ip_counts *t, const peer_addr *pa, int delta);

#endif
