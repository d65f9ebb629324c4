/* handover: the messages a koand sends the koand that replaces it at a live
 * upgrade, one per packet on a SOCK_SEQPACKET socketpair, a connection's
 * socket riding along (SCM_RIGHTS). The two processes may be different
 * builds, so a message is a fixed layout with a version, and a connection
 * travels as what is true of it between requests -- its protocol's name,
 * its peer, its idle age and the scalars its protocol saved -- never as a
 * parser state, which a new grammar numbers differently. */
#ifndef KOAN_HANDOVER_H
#define KOAN_HANDOVER_H
#include <stdint.h>

#include "runtime/net.h"

#define HANDOVER_MAGIC 0x6b6f616eu   /* "koan" */
#define HANDOVER_VERSION 1
#define HANDOVER_STATE_MAX 32        /* bytes a protocol's save may write */
#define HANDOVER_ENV "KOAND_HANDOVER" /* the new process's end of the channel */
/* With --workers N: each address's N sockets (one per worker, SO_REUSEPORT)
 * come side by side in LISTEN_FDS; this says N. */
#define HANDOVER_WORKERS_ENV "KOAND_HANDOVER_WORKERS"

enum handover_type {
    HO_READY = 1,   /* new -> old: serving on the inherited listeners */
    HO_TAKEOVER,    /* old -> new: you are the main process; connections follow */
    HO_CONN,        /* old -> new: a connection between requests, its socket attached */
    HO_DONE,        /* old -> new: every connection sent; the old process exits */
    /* With --workers, each new worker gets a channel of its own to an old
     * one, and then the two speak as above: */
    HO_WORKERS,     /* new parent -> old: its workers are ready; their channels attached */
    HO_UPGRADE,     /* old parent -> old worker: move to the new worker on the attached channel */
};

#define HANDOVER_MAX_FDS 256         /* sockets one message carries (--workers at most) */

typedef struct handover_msg {
    uint32_t magic, version, type;
    int32_t pid;                     /* the sender's */
    /* HO_CONN */
    char proto[32];                  /* its protocol, by name */
    peer_addr peer;
    uint8_t guard_done;              /* its first request was told from HTTP/TLS */
    uint8_t state_len;
    uint8_t state[HANDOVER_STATE_MAX];
    uint32_t idle_ms;                /* since its last complete request, reply or write */
    uint32_t count;                  /* HO_WORKERS: how many channels are attached */
} handover_msg;

/* handover_init: a message of type t from this process. */
void handover_init(handover_msg *m, int type);
/* handover_send: send m on chan, with fd attached if fd >= 0; 1 sent, 0
 * would block (try again when chan is writable), -1 the channel failed. */
int handover_send(int chan, const handover_msg *m, int fd);
/* handover_recv: the next message on chan into m, its attached socket in
 * *fd (-1 if none, close-on-exec); 1 received, 0 nothing yet, -1 the peer
 * is gone or sent something that is not a message of this version. */
int handover_recv(int chan, handover_msg *m, int *fd);
/* handover_send_fds: handover_send with n (<= HANDOVER_MAX_FDS) sockets. */
int handover_send_fds(int chan, const handover_msg *m, const int *fds, int n);
/* handover_recv_fds: handover_recv taking up to max sockets into fds[],
 * their number in *n. */
int handover_recv_fds(int chan, handover_msg *m, int *fds, int max, int *n);

#endif
