/* What several scenarios share (scenarios.h). */
#include "tests/stress/scenarios.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/lib/clock.h"
#include "tests/stress/pctl.h"
#include "tests/stress/engines.h"
#include "tests/stress/facts.h"
#include "tests/lib/koand.h"
#include "tests/lib/proc.h"
#include "tests/stress/report.h"

void first_odd(char *out, size_t len, const bconn *b, int n, int want)
{
    out[0] = 0;
    for (int i = 0; i < n; i++) {
        if (b[i].state == want)
            continue;
        char v[100];
        snprintf(out, len, " (first other: #%d %s state %d end %d err %s, %zu bytes \"%s\")", i,
                 facts[b[i].proto].name, b[i].state, b[i].end, err_name(b[i].err), b[i].got,
                 show_escape(b[i].data, b[i].got, v, 60));
        return;
    }
}

int served_all(bconn *b, int n) { return batch_count(b, n, BC_SERVED) == n; }

int fresh_served(const koand *k)
{
    bconn f[FACTS_MAX];
    memset(f, 0, sizeof f);
    for (int i = 0; i < nproto; i++) {
        f[i].proto = i;
        f[i].send_req = 1;
    }
    batch_run(f, nproto, k, nproto, 5);
    int ok = served_all(f, nproto);
    batch_close(f, nproto);
    return ok;
}

double wait_fds(const koand *k, int want, double limit)
{
    double t0 = now_s();
    while (now_s() - t0 < limit) {
        int n = proc_fd_count(k->pid);
        if (n >= 0 && n <= want)
            return now_s() - t0;
        sleep_s(0.005);
    }
    return -1;
}
