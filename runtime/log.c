#include "runtime/log.h"

#include <stdarg.h>
#include <stdio.h>

int log_level = LOG_NORMAL;

/* One write per line, so lines from several processes never interleave.
 * A line often quotes what an operator or a peer wrote (a listen spec, an
 * environment value): control characters in it are shown escaped, so that
 * one event stays one line. */
static void log_line(const char *fmt, va_list ap)
{
    char text[1024], line[1024];
    if (vsnprintf(text, sizeof text, fmt, ap) < 0)
        return;
    size_t n = (size_t)snprintf(line, sizeof line, "koand: ");
    for (const unsigned char *c = (const unsigned char *)text; *c && n < sizeof line - 6; c++) {
        if (*c >= 0x20 && *c != 0x7f)
            line[n++] = (char)*c;
        else if (*c == '\n' || *c == '\r' || *c == '\t')
            n += (size_t)snprintf(line + n, 3, "\\%c", *c == '\n' ? 'n' : *c == '\r' ? 'r' : 't');
        else
            n += (size_t)snprintf(line + n, 5, "\\x%02x", *c);
    }
    line[n++] = '\n';
    fwrite(line, 1, n, stderr);
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
