/* plan: how a fuzz input is fed. The first bytes of every input choose the
 * chunking, the EOF, --max-line and the reply budget, so that libFuzzer
 * explores splits and limits along with the conversation itself. */
#ifndef KOAN_FUZZ_PLAN_H
#define KOAN_FUZZ_PLAN_H
#include <stddef.h>
#include <stdint.h>

/* Header byte 0: bits 0-1 split, bit 2 no EOF (fuzz_conn: lazy reader),
 * bits 3-4 max_line, bits 5-7 budget. Byte 1: chunk size or seed. Byte 2:
 * max_line when small. Bytes 3 and 4 (fuzz_conn only, which reads "NAME:"
 * naming the protocol before the header): byte 3 bit 2 poll backend, bit 3
 * small socket buffers, bits 4-7 --max-output as a power of two (0 =
 * default); byte 4 the compute pool's schedule (fuzz/fuzz_conn.c). */
#define PLAN_HEADER 3
#define PLAN_HEADER_CONN 5

enum plan_split {
    SPLIT_RANDOM16,   /* random sizes 1..16 seeded by byte 1 */
    SPLIT_FIXED,      /* every chunk 1 + byte1 % 64 bytes */
    SPLIT_BYTES,      /* one byte at a time */
    SPLIT_RANDOM256,  /* random sizes 1..256 seeded by byte 1 */
    SPLIT_WHOLE,      /* one chunk: never chosen by a header */
};

typedef struct plan {
    uint8_t split;       /* enum plan_split */
    uint8_t param;       /* byte 1 */
    uint8_t eof;         /* the peer closes after its last byte */
    uint8_t flags;       /* byte 0 as read */
    uint8_t extra;       /* byte 3, when the header has one */
    uint8_t extra2;      /* byte 4, likewise */
    uint32_t max_line;   /* 1..256 when small, else koand's default */
    uint32_t budget;     /* replies per feed, 0 = no limit */
    uint32_t rng;
} plan;

/* plan_read: take a header of hlen bytes off *data (missing bytes read as
 * zero) and leave *data, *n on the conversation. */
void plan_read(plan *pl, const uint8_t **data, size_t *n, size_t hlen);
/* plan_whole: the reference plan: one chunk, no budget, same limits. */
plan plan_whole(const plan *pl);
/* plan_next: the size of the next chunk, 1..left (left > 0). */
size_t plan_next(plan *pl, size_t left);
/* plan_describe: the plan in words, for failure reports. */
void plan_describe(const plan *pl, char *s, size_t len);

#endif
