# make bench: release binaries in $(B)/release, then tools/bench/bench.sh
# runs koand, the floor, redis-server and memcached (where installed) under
# the same koan-bench load and writes docs/bench.md, docs/bench.svg and
# docs/models.svg. Included from the top-level Makefile; uses its B and MAKE.
#
#   make bench BENCH_SECONDS=3 BENCH_ROUNDS=3     (the defaults)

BENCH_SECONDS ?= 3
BENCH_ROUNDS  ?= 3
# NDEBUG: the figures are for the build an operator would run.
BENCH_CFLAGS  ?= -O2 -DNDEBUG

.PHONY: bench
bench:
	@tools/install-deps.sh python3 gnuplot-nox || printf '%s\n' "bench: gnuplot-nox not installed: no charts" >&2
	@$(MAKE) --no-print-directory B=$(B)/release CFLAGS='$(BENCH_CFLAGS)' \
		$(B)/release/koand $(B)/release/koan-bench $(B)/release/floor
	BENCH_SECONDS=$(BENCH_SECONDS) BENCH_ROUNDS=$(BENCH_ROUNDS) tools/bench/bench.sh $(B)/release
