#include "runtime/log.h"

#include <stdarg.h>
#include <stdio.h>

int log_level = LOG_NORMAL;

/* One write per line, so lines from several processes never interleave. */
static void log_line(const char *fmt, va_list ap)
{
    char line[1024];
    int n = snprintf(line, sizeof line, "koand: ");
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    if (m < 0)
        return;
    n += m;
    if (n > (int)sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    fwrite(line, 1, (size_t)n, stderr);
}

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_line(fmt, ap);
    va_end(ap);
}

void log_info(const char *fmt, ...)
{
    if (log_level < LOG_NORMAL)
        return;
    va_list ap;
    va_start(ap, fmt);
    log_line(fmt, ap);
    va_end(ap);
}

void log_debug(const char *fmt, ...)
{
    if (log_level < LOG_VERBOSE)
        return;
    va_list ap;
    va_start(ap, fmt);
    log_line(fmt, ap);
    va_end(ap);
}
