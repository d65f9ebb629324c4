/* pidfile: --pid-file PATH, the serving process's PID, kept true across
 * live upgrades: each write is atomic (a temporary file, then rename), the
 * process that takes over writes its own, and only the process the file
 * names removes it at exit. */
#ifndef KOAN_PIDFILE_H
#define KOAN_PIDFILE_H
#include <sys/types.h>

/* pidfile_write: make path say pid; 0, or -1 with errno. */
int pidfile_write(const char *path, pid_t pid);
/* pidfile_remove: remove path if it still says pid. */
void pidfile_remove(const char *path, pid_t pid);

#endif
