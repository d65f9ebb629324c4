/* A connection at a live upgrade: when it may move to the new process, what
 * of it travels, and how the new process takes it up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/conn.h"
#include "runtime/conn_impl.h"
#include "runtime/log.h"

int conn_movable(const conn *c)
{
    const parser *ps = (const parser *)c->state_mem;
    /* Between requests, nothing of ours in flight: no partial request in
     * the parser or held by the first-request guard, no job on the compute
     * pool, no reply unsent, no input read and left for the next turn. What waits unread in the
     * kernel socket moves with the descriptor. */
    return c->state == CONN_READING && !c->stopping && !c->job && !c->orphan &&
           !ps->costly && ps->pending == 0 && !ps->done &&
           !ps->error && c->out.len == 0 && c->in_len == 0 && !c->queued &&
           (c->guard_done || c->guard_len == 0) && !c->peer_eof;
}

int conn_fd(const conn *c) { return c->fd; }

void conn_export(const server *s, conn *c, handover_msg *m)
{
    handover_init(m, HO_CONN);
    const proto *pr = c->l->pr;
    snprintf(m->proto, sizeof m->proto, "%s", pr->name);
    m->peer = c->peer;
    m->guard_done = c->guard_done;
    m->idle_ms = (uint32_t)loop_now_ms(s->lo) - c->active_at;
    if (pr->save)
        m->state_len = (uint8_t)pr->save(conn_parser(c), m->state, sizeof m->state);
}

void conn_release(server *s, conn *c)
{
    /* Its socket lives on in the new process: our copy goes without a
     * shutdown, a close log or a lingering close. */
    s->conns[c->fd] = NULL;
    s->nconns--;
    conn_metrics(c)->open[c->state]--;
    if (s->per_ip)
        ip_counts_add(s->per_ip, &c->peer, -1);
    loop_unwatch(s->lo, c->fd);
    close(c->fd);
    conn_free(c);
}

conn *conn_import(server *s, const listener *l, int fd, const handover_msg *m)
{
    size_t greeting = s->scratch.len;
    conn *c = conn_create(s, l, fd, &m->peer);
    if (!c)
        return NULL;
    /* The client had its greeting from the old process. */
    s->scratch.len = greeting;
    if (l->pr->restore)
        l->pr->restore(conn_parser(c), m->state, m->state_len);
    c->guard_done = m->guard_done;
    c->active_at = now32(s) - m->idle_ms;
    if (log_level >= LOG_VERBOSE) {
        char who[PEER_TEXT];
        net_format_peer(&c->peer, who);
        log_debug("%s %s taken over from pid %d", l->pr->name, who, (int)m->pid);
    }
    conn_begin(s, c);
    return c;
}
