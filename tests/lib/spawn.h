/* spawn: the one way the tests run $B/koand as a child and reap it. */
#ifndef KOAN_TEST_SPAWN_H
#define KOAN_TEST_SPAWN_H
#include <stddef.h>
#include <sys/types.h>

/* How the child is set up; zero is the default of every field. */
typedef struct spawn_opts {
    int fd[3];     /* its fds 0, 1, 2 (taken as given only if use_fds; -1 = /dev/null) */
    int use_fds;   /* 0: all three are /dev/null */
    int close_all; /* close every other descriptor, as inetd starts it */
    int nofile;    /* > 0: RLIMIT_NOFILE soft = hard = nofile (as prlimit) */
    int leak_fds;  /* descriptors it inherits, not close-on-exec */
} spawn_opts;

/* spawn_path: $B/koand (B defaults to build) into path; returns path. */
const char *spawn_path(char *path, size_t len);
/* spawn_koand: fork and exec $B/koand with args (NULL-ended, may be NULL)
 * and our environment less its KOAN_ variables plus env (NULL-ended, may
 * be NULL; "LISTEN_PID=self" becomes the child's pid, as systemd sets it);
 * the pid, or -1. */
pid_t spawn_koand(const spawn_opts *o, const char *const *args, const char *const *env);
/* spawn_reap: wait up to timeout_ms for pid, killing it past that; its exit
 * status, or -1 if it was killed or died of a signal (*sig gets that
 * signal if sig is not NULL, else 0). timeout_ms 0: do not wait; then
 * -2 while it still runs. */
int spawn_reap(pid_t pid, int timeout_ms, int *sig);

#endif
