/* pctl: the figures the stress suite takes of latencies. */
#ifndef KOAN_STRESS_PCTL_H
#define KOAN_STRESS_PCTL_H

/* pctl: the p-quantile (p in [0,1]) of v[0..n), -1 if n is 0. */
double pctl(const double *v, int n, double p);
/* vmax: the largest of v[0..n), -1 if n is 0. */
double vmax(const double *v, int n);

#endif
