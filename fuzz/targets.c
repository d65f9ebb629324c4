/* The three parsers under test, each with its oracle and its output bound.
 * A bound is the worst reply per input byte the protocol allows, so a
 * parser that answers more than it was asked trips it. */
#include "fuzz/check.h"
#include "proto/calc.h"
#include "proto/echo.h"
#include "proto/zen.h"

/* "?" alone earns the longest reply, "Error: unknown aphorism.". */
const target target_zen = {&proto_zen, oracle_zen, 0, 0, 24};

/* The greeting, then at most the ERROR line (47 bytes) an empty line earns
 * per byte: a sum or product has no more digits than its fields. */
const target target_calc = {&proto_calc, oracle_calc, 1, 32, 47};

/* An empty line earns "Echoed: ''\r\n", 12 bytes for one; no character's
 * escape is longer than 12 bytes per byte of it. */
const target target_echo = {&proto_echo, oracle_echo, 1, 0, 12};
