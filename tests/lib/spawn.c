#include "tests/lib/spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/lib/clock.h"

extern char **environ;

const char *spawn_path(char *path, size_t len)
{
    const char *b = getenv("B");
    snprintf(path, len, "%s/koand", b && *b ? b : "build");
    return path;
}

/* The child's environment: ours without KOAN_ variables, so a developer's
 * shell settings cannot change what a test means, plus the test's own. */
static char **spawn_env(const char *const *extra)
{
    size_t n = 0, m = 0;
    while (environ[n])
        n++;
    while (extra && extra[m])
        m++;
    char **env = calloc(n + m + 1, sizeof *env);
    if (!env)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "KOAN_", 5) != 0)
            env[k++] = environ[i];
    for (size_t i = 0; i < m; i++)
        env[k++] = (char *)extra[i];
    env[k] = NULL;
    return env;
}

/* In the child: fds 0, 1, 2 as asked, limits, then exec. */
static void spawn_child(const spawn_opts *o, const char *path, const char *const *argv,
                        char **envp)
{
    /* LISTEN_PID=self: the pid systemd would name, which is ours now. */
    char self[32];
    for (char **e = envp; *e; e++)
        if (strcmp(*e, "LISTEN_PID=self") == 0) {
            snprintf(self, sizeof self, "LISTEN_PID=%d", (int)getpid());
            *e = self;
        }
    int null = open("/dev/null", O_RDWR);
    /* dup first: a source may sit on 0..2 itself. */
    int fd[3];
    for (int i = 0; i < 3; i++)
        fd[i] = dup(o && o->use_fds && o->fd[i] >= 0 ? o->fd[i] : null);
    for (int i = 0; i < 3; i++)
        dup2(fd[i], i);
    if (o && o->close_all)
        for (int i = 3; i < 1024; i++)
            close(i);
    else
        for (int i = 0; i < 3; i++)
            if (fd[i] > 2)
                close(fd[i]);
    if (null > 2)
        close(null);
    if (o && o->nofile > 0) {
        struct rlimit rl = {(rlim_t)o->nofile, (rlim_t)o->nofile};
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    for (int i = 0; o && i < o->leak_fds; i++)
        if (open("/dev/null", O_RDONLY) < 0)
            break;
    signal(SIGPIPE, SIG_DFL);
    execve(path, (char *const *)argv, envp);
    dprintf(2, "exec %s: %s\n", path, strerror(errno));
    _exit(127);
}

pid_t spawn_koand(const spawn_opts *o, const char *const *args, const char *const *env)
{
    char path[256];
    spawn_path(path, sizeof path);
    const char *argv[128] = {path};
    int n = 1;
    for (; args && args[n - 1] && n < 127; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    char **envp = spawn_env(env);
    if (!envp)
        return -1;
    /* Buffered test output must not be written twice, by us and the child. */
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        spawn_child(o, path, argv, envp);
    free(envp);
    return pid;
}

static int spawn_status(int st, int *sig)
{
    if (sig)
        *sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int spawn_reap(pid_t pid, int timeout_ms, int *sig)
{
    int st;
    int64_t deadline = now_ms() + timeout_ms;
    for (;;) {
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid)
            return spawn_status(st, sig);
        if (r < 0 && errno != EINTR) {
            if (sig)
                *sig = 0;
            return -1;
        }
        if (timeout_ms == 0)
            return -2;
        if (now_ms() >= deadline)
            break;
        sleep_ms(5);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
    if (sig)
        *sig = SIGKILL;
    return -1;
}
