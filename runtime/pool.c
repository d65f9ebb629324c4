#include "runtime/pool.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/log.h"

/* A FIFO of jobs through their `next` links. */
typedef struct job_list {
    pool_job *head, *tail;
} job_list;

struct pool {
    loop *lo;
    int want;                /* threads asked for; 0: jobs run in pool_run_held */
    int nthreads;            /* started */
    int started;             /* pool_start has run */
    pthread_t *threads;
    int cap;                 /* jobs with the threads at once */
    /* The loop thread's alone. */
    int out;                 /* jobs with the threads: queued, running or ended */
    int jobs;                /* submitted and not yet done: out + held */
    job_list held;           /* past the cap, waiting for a slot */
    /* Shared with the threads, under mu. */
    pthread_mutex_t mu;
    pthread_cond_t more;     /* work has a job, or quit is set */
    job_list work;           /* for the threads to take */
    job_list ended;          /* run, for the loop to finish */
    int quit;
    int pipe[2];             /* a byte when `ended` stops being empty */
};

static void list_push(job_list *l, pool_job *j)
{
    j->next = NULL;
    if (l->tail)
        l->tail->next = j;
    else
        l->head = j;
    l->tail = j;
}

static pool_job *list_pop(job_list *l)
{
    pool_job *j = l->head;
    if (j) {
        l->head = j->next;
        if (!l->head)
            l->tail = NULL;
    }
    return j;
}

/* Under mu: j has run. Only the first of a batch writes to the pipe: the
 * loop takes the whole list at once, so one byte per batch is enough to
 * wake it, and a thread never blocks on a full pipe. */
static void pool_ended(pool *p, pool_job *j)
{
    int was_empty = p->ended.head == NULL;
    list_push(&p->ended, j);
    if (was_empty) {
        char b = 0;
        ssize_t r = write(p->pipe[1], &b, 1);
        (void)r;
    }
}

static void *pool_thread(void *arg)
{
    pool *p = arg;
    /* Named, for top -H and ps -L (and the tests that count them). */
    pthread_setname_np(pthread_self(), "koand-compute");
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->work.head && !p->quit)
            pthread_cond_wait(&p->more, &p->mu);
        pool_job *j = list_pop(&p->work);
        if (!j)
            break;
        pthread_mutex_unlock(&p->mu);
        j->run(j);
        pthread_mutex_lock(&p->mu);
        pool_ended(p, j);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* The threads start with the first job, not with the pool: a process
 * with a second thread pays for it on every system call (glibc's
 * cancellation bookkeeping around recv, send and epoll_wait: about 150
 * instructions per zen request), and a server that never meets a costly
 * request should not. If none can start, the loop runs the jobs itself. */
static void pool_start(pool *p)
{
    p->started = 1;
    /* Signals are for the loop thread: its waits are the ones they must
     * interrupt, and a pool thread has nothing to do with them. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    for (; p->nthreads < p->want; p->nthreads++) {
        int e = pthread_create(&p->threads[p->nthreads], NULL, pool_thread, p);
        if (e) {
            log_error("compute pool: cannot start a thread: %s%s", strerror(e),
                      p->nthreads ? "" : "; computing on the event loop");
            break;
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Give j to the threads (loop thread, under no lock). */
static void pool_hand(pool *p, pool_job *j)
{
    if (!p->started && p->want)
        pool_start(p);
    if (p->want && !p->nthreads) {
        /* No thread would take it: run it here; its done comes next turn. */
        p->out++;
        j->run(j);
        pthread_mutex_lock(&p->mu);
        pool_ended(p, j);
        pthread_mutex_unlock(&p->mu);
        return;
    }
    p->out++;
    pthread_mutex_lock(&p->mu);
    list_push(&p->work, j);
    pthread_cond_signal(&p->more);
    pthread_mutex_unlock(&p->mu);
}

/* The pipe is readable: finish every job that has run, then hand the held
 * ones the slots that freed. The byte is read before the list is taken, so
 * a job that ends in between is either in this batch or writes a byte of
 * its own for the next turn. */
static void pool_on_ready(loop *lo, int fd, void *data, int mask)
{
    (void)lo;
    (void)mask;
    pool *p = data;
    char b[64];
    while (read(fd, b, sizeof b) > 0)
        ;
    pthread_mutex_lock(&p->mu);
    job_list ended = p->ended;
    p->ended.head = p->ended.tail = NULL;
    pthread_mutex_unlock(&p->mu);
    for (pool_job *j; (j = list_pop(&ended));) {
        p->out--;
        p->jobs--;
        j->done(j);
    }
    while (p->out < p->cap && p->held.head)
        pool_hand(p, list_pop(&p->held));
}

int pool_submit(pool *p, pool_job *j)
{
    p->jobs++;
    if (p->out >= p->cap) {
        list_push(&p->held, j);
        return 1;
    }
    pool_hand(p, j);
    return 0;
}

int pool_jobs(const pool *p) { return p->jobs; }

int pool_run_held(pool *p, int n)
{
    int ran = 0;
    while (ran < n) {
        pthread_mutex_lock(&p->mu);
        pool_job *j = list_pop(&p->work);
        pthread_mutex_unlock(&p->mu);
        if (!j)
            break;
        j->run(j);
        pthread_mutex_lock(&p->mu);
        pool_ended(p, j);
        pthread_mutex_unlock(&p->mu);
        ran++;
    }
    return ran;
}

int pool_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 1 ? (int)(n - 1) : 1;
}

pool *pool_create(loop *lo, int threads, int cap)
{
    pool *p = calloc(1, sizeof *p);
    if (!p) {
        log_error("out of memory");
        return NULL;
    }
    p->lo = lo;
    p->cap = cap > 0 ? cap : 1;
    p->pipe[0] = p->pipe[1] = -1;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->more, NULL);
    if (pipe2(p->pipe, O_CLOEXEC | O_NONBLOCK) < 0 ||
        loop_watch(lo, p->pipe[0], LOOP_READ, pool_on_ready, p) < 0) {
        log_error("compute pool: pipe: %s", strerror(errno));
        pool_destroy(p);
        return NULL;
    }
    p->want = threads > 0 ? threads : 0;
    p->threads = calloc((size_t)(threads > 0 ? threads : 1), sizeof *p->threads);
    if (!p->threads) {
        log_error("out of memory");
        pool_destroy(p);
        return NULL;
    }
    return p;
}

void pool_destroy(pool *p)
{
    if (!p)
        return;
    /* A job still out holds memory only its done frees (a connection that
     * closed while its reply was computed); jobs are short, so wait for
     * them on the pipe alone: turning the whole loop here would serve
     * clients of a server that has decided to exit. */
    while (p->jobs > 0 && p->pipe[0] >= 0) {
        if (p->want == 0)
            pool_run_held(p, p->jobs);
        struct pollfd pf = {.fd = p->pipe[0], .events = POLLIN};
        poll(&pf, 1, 100);
        pool_on_ready(p->lo, p->pipe[0], p, LOOP_READ);
    }
    pthread_mutex_lock(&p->mu);
    p->quit = 1;
    pthread_cond_broadcast(&p->more);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
    if (p->pipe[0] >= 0) {
        loop_unwatch(p->lo, p->pipe[0]);
        close(p->pipe[0]);
        close(p->pipe[1]);
    }
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->more);
    free(p->threads);
    free(p);
}
