/* Deadlines and the graceful stop: what the server's tick and its stop
 * signal do to each connection. */
#include <stdlib.h>
#include <sys/ioctl.h>

#include "runtime/conn_impl.h"
#include "runtime/stats.h"

/* The server is stopping: answer every complete request received before
 * the signal — what waits unread in the socket counts — then close on our
 * own initiative. It goes through the usual path, budgets and backpressure
 * included, so a client that never reads cannot make us buffer without
 * bound; the shutdown deadline cuts it. */
void conn_stop(server *s, conn *c)
{
    if (c->state == CONN_READING || c->state == CONN_BLOCKED || c->state == CONN_WAITING) {
        int unread = 0;
        if (ioctl(c->fd, FIONREAD, &unread) < 0 || unread < 0)
            unread = 0;
        c->stopping = 1;
        c->stop_left = (uint32_t)unread;
        /* The first-request guard would hold back a short request. */
        if (!c->guard_done && c->guard_len && c->stop_left == 0) {
            c->guard_done = 1;
            int more = conn_parse(s, c, (const char *)c->guard, c->guard_len);
            conn_settle(s, c, more, 1);
        }
        conn_check_stop(s, c);
    }
    if (!conn_reap(s, c))
        conn_watch(s, c);
}

/* Has input reached c that the loop has not parsed yet? A deadline is
 * judged only on what was read: after a stall of the whole loop (a stopped
 * process, a paused VM) the requests that arrived meanwhile are answered,
 * not taken for a client's silence. The ioctl runs only for a connection
 * whose deadline has passed. */
static int conn_has_input(const conn *c)
{
    int unread = 0;
    return c->in_len > 0 || (ioctl(c->fd, FIONREAD, &unread) == 0 && unread > 0);
}

/* Its send deadline has passed: is it still taking nothing? After a stall
 * of the loop (s->tick_late) one more write says, for the socket may have
 * room again that no event told of yet. Otherwise the deadline stands: a
 * client that reads nothing still lets its kernel take a few bytes now and
 * then (the receive queue is compacted), which must not restart its clock. */
static int conn_flush_stalled(server *s, conn *c, uint32_t t)
{
    if (!s->tick_late)
        return 1;
    conn_flush(s, c);
    return c->state != CONN_CLOSED && c->out.len &&
           ms_since(t, c->stalled_at) >= s->cf->send_timeout * 1000;
}

void conn_tick(server *s, conn *c, uint64_t now, int force)
{
    const config *cf = s->cf;
    parser *ps = conn_parser(c);
    uint32_t t = (uint32_t)now;
    /* An idle connection keeps no buffers: the output buffer and the one
     * for input a budget left over serve a busy client's batches for up
     * to a tick, instead of an allocation each, then go back. */
    if (c->out.len == 0 && c->out.data)
        buf_free(&c->out);
    if (c->in_len == 0 && c->in && !c->job) {
        free(c->in);
        c->in = NULL;
    }
    if (force) {
        c->reason = WHY_DEADLINE;
        conn_event(s, c, EV_ABORT);
    } else if (c->state == CONN_LINGERING) {
        if (ms_since(t, c->linger_at) >= LINGER_MS) {
            stats[ST_LINGER_TIMEOUT]++;
            conn_event(s, c, EV_TIMEOUT);
        }
    } else if (c->out.len && cf->send_timeout &&
               ms_since(t, c->stalled_at) >= cf->send_timeout * 1000 &&
               conn_flush_stalled(s, c, t)) {
        /* It reads nothing: lingering for it would be pointless. */
        stats_limit(ST_SEND_TIMEOUT, now, "cut a client that took no reply bytes for --send-timeout");
        c->reason = WHY_SEND;
        conn_event(s, c, EV_ABORT);
    } else if (c->state == CONN_READING || c->state == CONN_BLOCKED) {
        /* Bytes the first-request guard holds are a request begun too: a
         * client sending "G" and nothing more is cut at the request
         * timeout, not held until the idle one. */
        int partial = ps->pending || (!c->guard_done && c->guard_len);
        if (cf->request_timeout && c->in_request && partial &&
            ms_since(t, c->request_at) >= cf->request_timeout * 1000 && !conn_has_input(c)) {
            stats_limit(ST_REQUEST_TIMEOUT, now, "closed a client whose request stayed unfinished for --request-timeout");
            c->reason = WHY_REQUEST;
            conn_event(s, c, EV_TIMEOUT);
        } else if (cf->idle_timeout && c->out.len == 0 &&
                   ms_since(t, c->active_at) >= cf->idle_timeout * 1000 && !conn_has_input(c)) {
            stats_limit(ST_IDLE_TIMEOUT, now, "closed a client idle for --idle-timeout");
            c->reason = WHY_IDLE;
            conn_event(s, c, EV_TIMEOUT);
        }
    }
    if (!conn_reap(s, c))
        conn_watch(s, c);
}
