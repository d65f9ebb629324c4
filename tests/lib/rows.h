/* rows: a protocol's table test kept as data, tests/rows/NAME.rows (its
 * format is at the top of each file), run the llhttp way: every row whole,
 * at every chunk size 1..n and at 50 random splits, with the peer's close
 * at the end (conv_expect), one cmocka test per [group]. A failing row is
 * named by its file and line. */
#ifndef KOAN_TEST_ROWS_H
#define KOAN_TEST_ROWS_H
#include "runtime/proto.h"

/* rows_run: run every row of the file at path through pr's parser, one
 * cmocka test per group, the whole under the title `title`; returns the
 * number of tests that failed (a file that cannot be read fails one). */
int rows_run(const proto *pr, const char *path, const char *title);

#endif
