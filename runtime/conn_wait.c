/* The WAITING state: a costly request's parser on the compute pool. The
 * connection hands over its parser and the input kept behind the request,
 * reads nothing, and takes the replies back when the job is done; the
 * loop serves everyone else meanwhile. */
#include <stdlib.h>

#include "runtime/conn_impl.h"
#include "runtime/pool.h"
#include "runtime/stats.h"
#include "runtime/upgrade.h"

/* A parser call made on a pool thread for a costly request. */
typedef struct conn_job {
    pool_job pj;
    server *s;
    conn *c;
    const proto *pr;
    const char *p;      /* feed: the input kept, c->in (the loop leaves it be) */
    size_t n, used;
    int finish;         /* the peer's EOF: call finish instead of feed */
    buf out;            /* the replies it gives */
} conn_job;

/* On a pool thread: the one call, on the parser alone (see runtime/proto.h). */
static void conn_job_run(pool_job *pj)
{
    conn_job *j = (conn_job *)pj;
    parser *ps = conn_parser(j->c);
    ps->out = &j->out;
    ps->offload = 0;
    ps->budget = 1;
    if (j->finish)
        j->pr->finish(ps);
    else
        j->used = j->pr->feed(ps, j->p, j->n);
}

/* Back on the loop: the replies join the output, then the connection goes
 * on as after any parse; one that closed meanwhile is freed now. */
static void conn_job_done(pool_job *pj)
{
    conn_job *j = (conn_job *)pj;
    conn *c = j->c;
    server *s = j->s;
    c->job = NULL;
    if (c->orphan) {
        conn_free(c);
    } else {
        parser *ps = conn_parser(c);
        ps->out = &s->scratch;
        ps->offload = 1;
        if (j->out.len)
            buf_put(&s->scratch, j->out.data, j->out.len);
        conn_event(s, c, EV_COMPUTED);
        int more = 1;
        if (j->finish) {
            if (ps->replies)
                conn_count(c, ps);
            ps->replies = 0;
        } else {
            c->in_len = 0;
            more = conn_parsed(s, c, j->p, j->n, j->used);
        }
        /* The job ends at the costly request's end, or at its input's: the
         * next of the pool's calls waits for more input, not for us. */
        if (c->peer_eof)
            conn_eof_step(s, c);
        else
            conn_settle(s, c, more, 0);
        conn_check_stop(s, c);
        if (!conn_reap(s, c) && !upgrade_move(s, c))
            conn_watch(s, c);
    }
    buf_free(&j->out);
    free(j);
}

/* The rest of a costly request goes to the pool: the input kept, or the
 * finish. The connection waits, reading nothing, until conn_job_done. */
void conn_offload(server *s, conn *c, int finish)
{
    conn_job *j = calloc(1, sizeof *j);
    if (!j)
        abort();
    j->pj.run = conn_job_run;
    j->pj.done = conn_job_done;
    j->s = s;
    j->c = c;
    j->pr = c->l->pr;
    j->finish = finish;
    j->p = c->in_len ? c->in : "";
    j->n = c->in_len;
    if (finish)
        c->finished = 1;
    c->job = j;
    conn_event(s, c, EV_COMPUTE);
    stats[ST_COMPUTE_JOBS]++;
    if (pool_submit(s->pool, &j->pj))
        stats_limit(ST_COMPUTE_QUEUE, loop_now_ms(s->lo),
                    "a costly request waits unread: --compute-queue jobs are out");
}
