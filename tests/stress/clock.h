/* clock: the stress suite's time, and the figures it takes of latencies. */
#ifndef KOAN_STRESS_CLOCK_H
#define KOAN_STRESS_CLOCK_H

/* now: monotonic seconds. */
double now(void);
/* sleep_s: sleep s seconds (nothing if s <= 0), through signals. */
void sleep_s(double s);
/* pctl: the p-quantile (p in [0,1]) of v[0..n), -1 if n is 0. */
double pctl(const double *v, int n, double p);
/* vmax: the largest of v[0..n), -1 if n is 0. */
double vmax(const double *v, int n);

#endif
