/* exchange: what the socket tests of koand (tests/test_server_*.c) share --
 * the replies of the build's protocols, one koand serving them all for a
 * group of tests, and conversations with it checked byte for byte. These
 * assert (cmocka). */
#ifndef KOAN_TEST_EXCHANGE_H
#define KOAN_TEST_EXCHANGE_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "proto/zen.h"
#include "tests/lib/koand.h"
#include "tests/zen_table.h"

#define LOOPBACK "127.0.0.1"
#define LIT(s) (s), (sizeof(s) - 1)

#define WELCOME "<welcome: starting in sum mode>\n"
#define CALC_ERR "ERROR. Enter only integers separated by commas\n"
#define SUM(n) "Sum of input integers: '" n "'\r\n"
#define PRODUCT(n) "Product of input integers: '" n "'\r\n"
#define TO_SUM "<switching to sum mode>\r\n"
#define TO_PRODUCT "<switching to product mode>\r\n"
#define ECHOED(s) "Echoed: " s "\r\n"
#define CLOSED "connection closed\r\n"
#define UNKNOWN ZEN_UNKNOWN

/* exchange_server: the koand a group of tests shares (exchange_start). */
koand *exchange_server(void);
/* exchange_start: cmocka group setup: start the shared koand, every
 * protocol of the build on free ports. */
int exchange_start(void **state);
/* exchange_stop: cmocka group teardown: stop it; fails unless it exits 0
 * (its log printed then). */
int exchange_stop(void **state);
/* exchange_tidy: cmocka test teardown: close the test's sockets and kill
 * any koand it left but the shared one, so a test that failed half way
 * changes nothing the next one sees. */
int exchange_tidy(void **state);
#define TEST(f) cmocka_unit_test_teardown(f, exchange_tidy)

/* exchange_label: a printable label for an input, for failure messages
 * (static storage, valid until the next call). */
const char *exchange_label(const char *proto, const char *in, size_t n);
/* exchange_check: the stream must be exactly want, then a clean end (not a reset). */
void exchange_check(const char *label, const char *got, size_t gn, int end, const char *want,
                    size_t wn);
/* exchange_converse: send in[0..n) in pieces (seed 0: one write),
 * half-close right after the last byte, and expect exactly want then a
 * clean end of stream. */
void exchange_converse(const char *host, int port, const char *in, size_t n, uint64_t seed,
                       size_t max_piece, const char *want, size_t wn, const char *label);
/* exchange_shared: an example of docs/protocols.md on the shared server:
 * sent whole, then one byte per write. */
void exchange_shared(const char *proto, const char *in, size_t n, const char *want, size_t wn);

/* exchange_serves_zen: one zen question at host:port, answered as it should be. */
void exchange_serves_zen(const char *host, int port);
/* exchange_serves_calc: one calc line at host:port, answered as it should be. */
void exchange_serves_calc(const char *host, int port);
/* exchange_serves_echo: one echo line at host:port, answered as it should be. */
void exchange_serves_echo(const char *host, int port);
/* exchange_stop_clean: stop k, which must exit 0, and clean up after it. */
void exchange_stop_clean(koand *k);

#define EX(proto, in, want) exchange_shared(proto, LIT(in), LIT(want))
#define CALC(in, want) EX("calc", in, WELCOME want)
#define ECHO(in, want) EX("echo", in, want)
#define ZEN(in, want) EX("zen", in, want)
/* One question, answered as the grammar's table says (tests/zen_table.h). */
#define ZEN_T(q) exchange_shared("zen", LIT(q), zen_reply(q), strlen(zen_reply(q)))

#endif
