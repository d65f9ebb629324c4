/* log: one line per event on standard error, "koand: ..." */
#ifndef KOAN_LOG_H
#define KOAN_LOG_H

enum { LOG_QUIET = 0, LOG_NORMAL = 1, LOG_VERBOSE = 2 };

/* log_level: what is shown; errors always are. */
extern int log_level;

/* log_error: something failed; shown at every level. */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* log_info: an event an operator follows (listening, accepted, closed). */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* log_debug: detail for -v. */
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
