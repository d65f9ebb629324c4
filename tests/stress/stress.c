/* stress: the fault and load suite (docs/protocols.md §4) against a
 * real koand, a fresh one per scenario, on 127.0.0.1 and port 0.
 *
 *   stress [SCENARIO...]      (all by default; B names the build, default build)
 *   stress --facts            what it learned of each protocol of the build
 *
 * Every protocol of the build is served and exercised; what each one is
 * sent and must answer comes from its table and its parser (facts.h).
 * One line per scenario, "PASS name: figures" or "FAIL name: figures",
 * each figure beside its bound; a failed figure is marked "**". The last
 * line is "N passed, M failed"; the exit status is 1 if any failed. The
 * log of a koand whose scenario failed is kept and named. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "tests/lib/clock.h"
#include "tests/stress/pctl.h"
#include "tests/stress/facts.h"
#include "tests/lib/koand.h"
#include "tests/lib/proc.h"
#include "tests/stress/report.h"
#include "tests/stress/scenarios.h"

static const struct {
    const char *name;
    void (*fn)(void);
} scenarios[] = {
    {"max-conns", sc_max_conns},          {"9000-conns", sc_9000},
    {"emfile-fd-limit", sc_emfile_limit}, {"emfile-accept", sc_emfile_leak},
    {"overlong-line", sc_overlong},       {"idle-timeout", sc_idle},
    {"slowloris", sc_slowloris},          {"slow-reader", sc_slow_reader},
    {"write-then-read", sc_write_all},    {"reset-storm", sc_reset_storm},
    {"half-close", sc_half_close},        {"close-no-reset", sc_close_no_reset},
    {"graceful-shutdown", sc_shutdown},   {"fairness", sc_fairness},
    {"access-control", sc_access},        {"garbage", sc_garbage},
    {"compute-flood", sc_compute_flood},  {"paused-loop", sc_paused_loop},
    {"guard-timeout", sc_guard_timeout},  {"memory-back", sc_memory_back},
    {"stats-storm", sc_stats_storm},      {"metrics-scrape", sc_scrape},
};
#define NSCEN (sizeof scenarios / sizeof scenarios[0])

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, NULL, _IOLBF, 0);
    char why[200];
    if (facts_load(why, sizeof why) < 0) {
        fprintf(stderr, "stress: cannot learn the protocols: %s\n", why);
        printf("0 passed, 1 failed\n");
        return 1;
    }
    if (argc == 2 && strcmp(argv[1], "--facts") == 0) {
        facts_print();
        return 0;
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < 9100)
        fprintf(stderr, "stress: warning: only %llu descriptors; 9000-conns needs 9100\n",
                (unsigned long long)rl.rlim_cur);
    const char *tmp = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char dir[256];
    snprintf(dir, sizeof dir, "%s/koan-stress-XXXXXX", tmp);
    if (!mkdtemp(dir)) {
        perror("stress: mkdtemp");
        return 2;
    }
    koand_log_dir(dir);
    for (int i = 1; i < argc; i++) {
        size_t j = 0;
        while (j < NSCEN && strcmp(scenarios[j].name, argv[i]) != 0)
            j++;
        if (j == NSCEN) {
            fprintf(stderr, "stress: no scenario '%s'; there are:", argv[i]);
            for (j = 0; j < NSCEN; j++)
                fprintf(stderr, " %s", scenarios[j].name);
            fprintf(stderr, "\n");
            rmdir(dir);
            return 2;
        }
    }
    double t0 = now_s();
    for (size_t j = 0; j < NSCEN; j++) {
        int run = argc == 1;
        for (int i = 1; i < argc; i++)
            run |= strcmp(scenarios[j].name, argv[i]) == 0;
        if (run)
            scenarios[j].fn();
    }
    if (rmdir(dir) < 0)
        printf("stress: koand logs kept in %s\n", dir);
    printf("stress: %.1f s in all\n", now_s() - t0);
    int passed, failed, skipped, rc = report_totals(&passed, &failed, &skipped);
    printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
    return rc;
}
