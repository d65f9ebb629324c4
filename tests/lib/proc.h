/* proc: what /proc says about a process, and the one file reader. */
#ifndef KOAN_TEST_PROC_H
#define KOAN_TEST_PROC_H
#include <stddef.h>
#include <sys/types.h>

/* proc_read: the whole file at path (malloc'd, NUL-terminated; *len its
 * length if len is not NULL); NULL if it cannot be opened. */
char *proc_read(const char *path, size_t *len);
/* proc_status_kb: a field of /proc/PID/status ("VmHWM", "VmRSS") in kB; -1 if unknown. */
long proc_status_kb(pid_t pid, const char *field);
/* proc_fd_count: entries of /proc/PID/fd, -1 if unknown. */
int proc_fd_count(pid_t pid);
/* proc_cpu_s: utime+stime of pid in seconds, -1 if unknown. */
double proc_cpu_s(pid_t pid);
/* proc_listen_ports: the ports of pid's listening IPv4 TCP sockets, in
 * descriptor order, at most want of them, into ports; how many. */
int proc_listen_ports(pid_t pid, int *ports, int want);

#endif
