/* One client of a blocking model, served start to end on one thread, as
 * the classic servers do: read, parse, write everything, read again. The
 * limits act as in the async lifecycle (runtime/conn.c): the first-request
 * guard, the request, idle and send timeouts, the reply budget, the close
 * of our own that lingers; and the close is logged in the same words. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "runtime/blocking_impl.h"
#include "runtime/guard.h"
#include "runtime/log.h"
#include "runtime/stats.h"

typedef struct client {
    blocking *b;
    const config *cf;
    const proto *pr;
    int fd;
    peer_addr peer;
    parser *ps;
    buf out;                  /* replies not yet written */
    uint64_t active_at;       /* last complete request, reply or write */
    uint64_t request_at;      /* the unfinished request began */
    uint64_t stop_seen;       /* when this client first saw the stop (0 = not yet) */
    uint8_t in_request;
    uint8_t guard[GUARD_BYTES];
    uint8_t guard_len, guard_done;
    uint8_t peer_eof;
    uint8_t cut;              /* close at once, no lingering (send timeout, deadline) */
    int fail_errno;           /* why the socket failed, 0 if it did not */
    const char *why;          /* we close on our own initiative: why; NULL if not */
} client;

/* Blocking with a timeout: the call still blocks the thread (that is the
 * model), but wakes a few times a second to look at the clock and for a
 * stop signal. */
static void set_blocking(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    struct timeval tv = {0, WAKE_MS * 1000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/* Write every pending reply. -1 if the socket failed, the client took no
 * byte for --send-timeout, or the server has been stopping for
 * --shutdown-timeout: then the client is cut, not lingered for. */
static int client_write(client *c)
{
    const config *cf = c->cf;
    uint64_t progress = blocking_now_ms();
    size_t off = 0;
    while (off < c->out.len) {
        ssize_t w = send(c->fd, c->out.data + off, c->out.len - off, MSG_NOSIGNAL);
        if (w >= 0) {
            off += (size_t)w;
            c->active_at = progress = blocking_now_ms();
            continue;
        }
        if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
            c->fail_errno = errno;
            break;
        }
        uint64_t now = blocking_now_ms();
        if (server_stop_requested() && !c->stop_seen)
            c->stop_seen = now;
        if (cf->send_timeout && now - progress >= cf->send_timeout * 1000ull) {
            blocking_limit(c->b, ST_SEND_TIMEOUT, "cut a client that took no reply bytes for --send-timeout");
            c->why = "after the send timeout";
            break;
        }
        if (c->stop_seen && now - c->stop_seen >= cf->shutdown_timeout * 1000ull) {
            c->why = "at the shutdown deadline";
            break;
        }
    }
    buf_consume(&c->out, off);
    if (c->out.len == 0)
        return 0;
    c->cut = 1;
    return -1;
}

/* After a parser call: count its replies, note a line cut at --max-line,
 * and run the request clock from a request's first byte to its end. */
static void client_account(client *c)
{
    parser *ps = c->ps;
    uint64_t now = blocking_now_ms();
    if (ps->replies) {
        __atomic_add_fetch(&stats[ST_REPLIES], ps->replies, __ATOMIC_RELAXED);
        c->active_at = now;
    }
    if (ps->too_long) {
        blocking_limit(c->b, ST_LINE_TOO_LONG, "a line passed --max-line");
        ps->too_long = 0;
    }
    if (ps->pending == 0) {
        c->in_request = 0;
    } else if (ps->replies || !c->in_request) {
        c->in_request = 1;
        c->request_at = now;
    }
    ps->replies = 0;
}

/* Parse p[0..n), writing the replies of each budget before parsing on:
 * pending output stays within what one budget of requests produces, as in
 * the async model. 1 to read on, 0 to close (quit, or the input cannot be
 * parsed further), -1 if writing failed. */
static int client_feed(client *c, const char *p, size_t n)
{
    parser *ps = c->ps;
    do {
        ps->budget = REQUEST_BUDGET;
        size_t used = c->pr->feed(ps, p, n);
        client_account(c);
        if (client_write(c) < 0)
            return -1;
        if (ps->done || ps->error) {
            c->why = "after quit";
            return 0;
        }
        p += used;
        n -= used;
    } while (n > 0);
    return 1;
}

/* New input: past the first-request guard, to the parser. */
static int client_input(client *c, const char *p, size_t n)
{
    if (!c->guard_done) {
        size_t take = GUARD_BYTES - c->guard_len;
        if (take > n)
            take = n;
        memcpy(c->guard + c->guard_len, p, take);
        c->guard_len = (uint8_t)(c->guard_len + take);
        int v = guard_verdict(c->guard, c->guard_len);
        if (v < 0)
            return 1;
        if (v > 0) {
            blocking_limit(c->b, ST_HTTP_TLS, "closed a client whose first request was HTTP or TLS");
            c->why = "for an HTTP or TLS first request";
            return 0;
        }
        c->guard_done = 1;
        p += take;
        n -= take;
        /* The held bytes were never parsed; they go first. */
        int more = client_feed(c, (const char *)c->guard, c->guard_len);
        if (more <= 0)
            return more;
    }
    return n ? client_feed(c, p, n) : 1;
}

/* Bytes the guard still holds are a request too once no more can come. */
static void client_release_guard(client *c)
{
    if (!c->guard_done && c->guard_len) {
        c->guard_done = 1;
        client_feed(c, (const char *)c->guard, c->guard_len);
    }
}

/* The peer shut its write side: answer what that completes. */
static void client_eof(client *c)
{
    c->peer_eof = 1;
    client_release_guard(c);
    if (!c->ps->done && !c->ps->error && !c->cut) {
        c->pr->finish(c->ps);
        client_account(c);
        client_write(c);
    }
}

/* Nothing arrived for a while: 1 if a timeout closes the client now. */
static int client_timed_out(client *c)
{
    const config *cf = c->cf;
    uint64_t now = blocking_now_ms();
    if (cf->request_timeout && c->in_request && c->ps->pending &&
        now - c->request_at >= cf->request_timeout * 1000ull) {
        blocking_limit(c->b, ST_REQUEST_TIMEOUT, "closed a client whose request stayed unfinished for --request-timeout");
        c->why = "after the request timeout";
        return 1;
    }
    if (cf->idle_timeout && now - c->active_at >= cf->idle_timeout * 1000ull) {
        blocking_limit(c->b, ST_IDLE_TIMEOUT, "closed a client idle for --idle-timeout");
        c->why = "after the idle timeout";
        return 1;
    }
    return 0;
}

/* The close line, in the async model's words (conn_log_close). */
static void client_log_close(const client *c)
{
    if (log_level < LOG_NORMAL)
        return;
    char who[PEER_TEXT];
    net_format_peer(&c->peer, who);
    const char *name = c->pr->name, *why = c->why ? c->why : "", *sp = c->why ? " " : "";
    if (c->out.len > 0)
        log_info("%s %s closed before we sent %zu bytes%s%s", name, who, c->out.len, sp, why);
    else if (c->ps->pending > 0 && c->peer_eof)
        log_info("%s %s sent %zu bytes of an unfinished %s, then closed", name, who,
                 c->ps->pending, c->pr->unfinished);
    else if (c->fail_errno)
        log_info("%s %s closed: %s", name, who, strerror(c->fail_errno));
    else
        log_info("%s %s closed normally%s%s", name, who, sp, why);
}

/* Read, answer and write until the client leaves or we close (c->why). */
static void client_run(client *c)
{
    char in[READ_CHUNK];
    if (client_write(c) < 0)
        return;
    for (;;) {
        /* Stopping: what has arrived is answered, then we close. */
        int stopping = server_stop_requested();
        ssize_t n = recv(c->fd, in, sizeof in, stopping ? MSG_DONTWAIT : 0);
        if (n > 0) {
            if (client_input(c, in, (size_t)n) <= 0)
                return;
        } else if (n == 0) {
            client_eof(c);
            return;
        } else if (errno == EINTR) {
            continue;
        } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
            c->fail_errno = errno;
            return;
        } else if (stopping) {
            client_release_guard(c);
            if (!c->why)
                c->why = "at shutdown";
            return;
        } else if (client_timed_out(c)) {
            return;
        }
    }
}

void blocking_serve(blocking *b, const listener *l, int fd, const struct sockaddr *sa)
{
    client c = {.b = b, .cf = b->cf, .pr = l->pr, .fd = fd};
    net_peer_from(&c.peer, sa);
    c.ps = calloc(1, l->pr->size);
    if (!c.ps) {
        close(fd);
        blocking_release(b, &c.peer);
        return;
    }
    set_blocking(fd);
    c.ps->out = &c.out;
    c.ps->max_line = c.cf->max_line;
    c.active_at = blocking_now_ms();
    l->pr->init(c.ps);
    if (log_level >= LOG_NORMAL) {
        char who[PEER_TEXT];
        net_format_peer(&c.peer, who);
        log_info("%s %s accepted", l->pr->name, who);
    }
    client_run(&c);
    client_log_close(&c);
    /* A close of our own with every reply written lingers, so that input
     * still unread cannot make the kernel reset the connection and
     * destroy the replies in flight; a failed or cut one closes now. */
    int linger = c.why && !c.cut && !c.fail_errno;
    c.pr->release(c.ps);
    free(c.ps);
    buf_free(&c.out);
    if (linger) {
        shutdown(fd, SHUT_WR);
        blocking_linger(b, fd, &c.peer);
    } else {
        close(fd);
        blocking_release(b, &c.peer);
    }
}
