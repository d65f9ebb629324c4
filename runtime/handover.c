#include "runtime/handover.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

void handover_init(handover_msg *m, int type)
{
    memset(m, 0, sizeof *m);
    m->magic = HANDOVER_MAGIC;
    m->version = HANDOVER_VERSION;
    m->type = (uint32_t)type;
    m->pid = (int32_t)getpid();
}

/* Room for the most sockets a message carries. */
typedef union cmsg_space {
    char buf[CMSG_SPACE(sizeof(int) * HANDOVER_MAX_FDS)];
    struct cmsghdr align;
} cmsg_space;

int handover_send_fds(int chan, const handover_msg *m, const int *fds, int n)
{
    struct iovec iov = {(void *)m, sizeof *m};
    cmsg_space u;
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
    if (n > HANDOVER_MAX_FDS)
        return -1;
    if (n > 0) {
        memset(&u, 0, sizeof u);
        mh.msg_control = u.buf;
        mh.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)n);
        struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)n);
        memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)n);
    }
    for (;;) {
        ssize_t w = sendmsg(chan, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w == (ssize_t)sizeof *m)
            return 1;
        if (w < 0 && errno == EINTR)
            continue;
        return w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
    }
}

int handover_send(int chan, const handover_msg *m, int fd)
{
    return handover_send_fds(chan, m, &fd, fd >= 0 ? 1 : 0);
}

int handover_recv_fds(int chan, handover_msg *m, int *fds, int max, int *n)
{
    struct iovec iov = {m, sizeof *m};
    cmsg_space u;
    struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                        .msg_controllen = sizeof u.buf};
    *n = 0;
    ssize_t r;
    do
        r = recvmsg(chan, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
    while (r < 0 && errno == EINTR);
    if (r < 0)
        return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
    /* Every socket that came is ours to close, whether we keep it or not. */
    int got[HANDOVER_MAX_FDS], ngot = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            if (k > HANDOVER_MAX_FDS - ngot)
                k = HANDOVER_MAX_FDS - ngot;
            memcpy(got + ngot, CMSG_DATA(c), sizeof(int) * (size_t)k);
            ngot += k;
        }
    /* A short packet, a truncated one or another layout: not ours. */
    int bad = r != (ssize_t)sizeof *m || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) ||
              m->magic != HANDOVER_MAGIC || m->version != HANDOVER_VERSION || ngot > max;
    for (int i = 0; i < ngot; i++) {
        if (bad)
            close(got[i]);
        else
            fds[i] = got[i];
    }
    if (bad)
        return -1;
    *n = ngot;
    m->proto[sizeof m->proto - 1] = 0;
    if (m->state_len > HANDOVER_STATE_MAX)
        m->state_len = HANDOVER_STATE_MAX;
    return 1;
}

int handover_recv(int chan, handover_msg *m, int *fd)
{
    int n;
    *fd = -1;
    int r = handover_recv_fds(chan, m, fd, 1, &n);
    if (n == 0)
        *fd = -1;
    return r;
}
