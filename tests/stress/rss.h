/* rss: the peak resident set of one koand, sampled while the engines run. */
#ifndef KOAN_STRESS_RSS_H
#define KOAN_STRESS_RSS_H
#include <sys/types.h>

/* rss_watch: pid whose peak RSS the engines sample (every ~20 ms); 0 off. */
void rss_watch(pid_t pid);
/* rss_peak: the highest sample since rss_watch. */
long rss_peak(void);
/* rss_sample: sample now if 20 ms have passed. */
void rss_sample(void);

#endif
