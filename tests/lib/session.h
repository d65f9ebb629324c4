/* session: conversations on many connections at once, for the socket tests. */
#ifndef KOAN_TEST_SESSION_H
#define KOAN_TEST_SESSION_H
#include <stddef.h>
#include <stdint.h>

#include "tests/lib/tcp.h"

/* A conversation on one connection: bytes to send, in pieces, while the
 * replies are read, so that neither side's buffers can deadlock it. */
typedef struct session {
    /* Set by the caller. */
    int fd;
    const char *in;
    size_t n;
    uint64_t seed;      /* piece sizes and pauses; 0 = as fast as possible */
    size_t max_piece;   /* with a seed: largest piece (0 = 4096) */
    int max_pause_ms;   /* with a seed: longest pause between pieces */
    int half_close;     /* shutdown(SHUT_WR) right after the last byte */
    /* Results. */
    char *got;          /* replies (malloc'd, NUL-terminated) */
    size_t got_len;
    int end;            /* enum tcp_end */
    int send_errno;     /* why sending stopped early, 0 if it did not */
    size_t pieces;      /* how many writes it took */
    /* Private. */
    size_t off, cap;
    int64_t next_ms;
    int wr_done, rd_done;
} session;

/* session_run: drive n sessions at once until each has seen its stream
 * end, or timeout_ms passes (the unfinished ones end TCP_TIMEOUT). */
void session_run(session *ss, int n, int timeout_ms);
/* session_free: release the replies (the caller closes the fd). */
void session_free(session *s);

#endif
