/* holders: long-lived clients across live upgrades (tests/upgrade.sh).
 *
 *   holders ZEN_PORT CALC_PORT N
 *
 * Opens N zen and N calc connections, switches the calc ones to product
 * mode, says "ready", and from then on opens a new connection every 10 ms,
 * alternately zen and calc, each asking one question, until told to stop.
 * Commands on standard input, one a line, each answered with one line:
 *
 *   check QUESTION|ANSWER   every held zen connection asks QUESTION and must
 *                           get ANSWER; every held calc one must multiply
 *                           ("ok ..." or "FAIL ...")
 *   stats                   what the new connections met: "new N ok N
 *                           refused N reset N wrong N"
 *
 * End of input stops it. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tools/client.h"

#define MAX_HELD 512
#define WAIT_MS 2000        /* longest wait for a reply */
#define PROBE_MS 10         /* a new connection this often */
#define WELCOME "<welcome: starting in sum mode>\n"

static const char *zport, *cport;
static atomic_int stop;
static atomic_long opened, ok, refused, reset, wrong;

/* Send q and read exactly the bytes of want; 1 if they came, 0 if other
 * bytes came, -1 if the connection ended or reset, -2 on a timeout. */
static int exchange(int fd, const char *q, const char *want)
{
    if (q && client_send(fd, q, strlen(q), WAIT_MS) < 0)
        return -1;
    char got[512];
    size_t n = 0, wn = strlen(want);
    while (n < wn) {
        ssize_t r = client_recv(fd, got + n, wn - n, WAIT_MS);
        if (r < 0)
            return errno == ETIMEDOUT ? -2 : -1;
        if (r == 0)
            return -1;
        n += (size_t)r;
    }
    return memcmp(got, want, wn) == 0;
}

static int dial(const char *port)
{
    char err[256];
    return client_dial("127.0.0.1", port, WAIT_MS, err, sizeof err);
}

/* A new connection every PROBE_MS: refused, reset or wrong is a failure. */
static void *probe(void *arg)
{
    (void)arg;
    for (long i = 0; !atomic_load(&stop); i++) {
        int zen = i % 2 == 0;
        int fd = dial(zen ? zport : cport);
        atomic_fetch_add(&opened, 1);
        if (fd < 0) {
            atomic_fetch_add(&refused, 1);
        } else {
            int r = zen ? exchange(fd, "Simple is better than?", "Complex.")
                        : exchange(fd, NULL, WELCOME) == 1
                              ? exchange(fd, "20,22\n", "Sum of input integers: '42'\r\n")
                              : -1;
            atomic_fetch_add(r == 1 ? &ok : r == 0 || r == -2 ? &wrong : &reset, 1);
            close(fd);
        }
        struct timespec ts = {0, PROBE_MS * 1000000L};
        nanosleep(&ts, NULL);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: holders ZEN_PORT CALC_PORT N\n");
        return 2;
    }
    zport = argv[1];
    cport = argv[2];
    int n = atoi(argv[3]);
    if (n < 1 || n > MAX_HELD)
        return 2;
    static int zen[MAX_HELD], calc[MAX_HELD];
    for (int i = 0; i < n; i++) {
        zen[i] = dial(zport);
        calc[i] = dial(cport);
        if (zen[i] < 0 || calc[i] < 0 || exchange(calc[i], NULL, WELCOME) != 1 ||
            exchange(calc[i], "product\n", "<switching to product mode>\r\n") != 1) {
            printf("FAIL: cannot open held connection %d\n", i);
            return 1;
        }
    }
    pthread_t th;
    pthread_create(&th, NULL, probe, NULL);
    printf("ready %d zen, %d calc held\n", n, n);
    fflush(stdout);
    char line[512];
    int status = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        if (strncmp(line, "check ", 6) == 0) {
            char *q = line + 6, *a = strchr(q, '|');
            if (!a) {
                printf("FAIL: check wants QUESTION|ANSWER\n");
                continue;
            }
            *a++ = 0;
            int bad_zen = 0, bad_calc = 0, gone = 0, first = -1, how = 0;
            for (int i = 0; i < n; i++) {
                int r = exchange(zen[i], q, a);
                bad_zen += r != 1;
                gone += r == -1;
                if (r != 1 && first < 0)
                    first = i, how = r;
                r = exchange(calc[i], "6,7\n", "Product of input integers: '42'\r\n");
                bad_calc += r != 1;
                gone += r == -1;
                if (r != 1 && first < 0)
                    first = n + i, how = r;
            }
            if (bad_zen || bad_calc) {
                status = 1;
                printf("FAIL: %d zen and %d calc held connections answered wrong (%d ended); "
                       "the first, #%d, %s\n", bad_zen, bad_calc, gone, first,
                       how == 0 ? "got other bytes" : how == -1 ? "ended" : "timed out");
            } else {
                printf("ok: %d zen answered \"%s\", %d calc still multiply\n", n, a, n);
            }
        } else if (strcmp(line, "stats") == 0) {
            printf("new %ld ok %ld refused %ld reset %ld wrong %ld\n", atomic_load(&opened),
                   atomic_load(&ok), atomic_load(&refused), atomic_load(&reset),
                   atomic_load(&wrong));
        }
        fflush(stdout);
    }
    atomic_store(&stop, 1);
    pthread_join(th, NULL);
    return status;
}
