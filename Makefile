# koan — one entry point: make, make run, make check, make check-gen.
# `make run` and `make check` install what they need first (tools/install-deps.sh).

CC       ?= cc
CFLAGS   ?= -O2 -g
STD       = -std=c11 -D_GNU_SOURCE
WARN      = -Wall -Wextra -Werror
# Generated parsers carry Ragel's unused tables and labels; relax for gen/ only.
GENWARN   = -Wall -Wno-unused-const-variable -Wno-unused-variable -Wno-unused-label
CPPFLAGS += -I. -MMD -MP
LDLIBS    = $(shell pkg-config --libs gmp 2>/dev/null || echo -lgmp) -pthread
TESTLIBS  = $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)
B        ?= build
RAGEL     = ragel -G2
RAGEL_VERSION := $(or $(shell ragel --version 2>/dev/null | sed -n 's/.*version \([0-9.]*\).*/\1/p'),unknown)
# re2c made the test oracles (gen/*_re.c); "re2c 3.0" -> 3.0.
RE2C_VERSION := $(or $(shell re2c --version 2>/dev/null | sed -n 's/^re2c \([0-9.]*\).*/\1/p'),unknown)

GRAMMARS  = zen calc echo
GEN       = $(GRAMMARS:%=gen/%.c)
LIBSRC    = $(filter-out runtime/main.c,$(wildcard runtime/*.c)) $(wildcard proto/*.c) $(GEN)
LIBOBJ    = $(LIBSRC:%.c=$(B)/%.o)
TESTSUP   = $(filter-out tests/test_%.c,$(wildcard tests/*.c))
TESTS     = $(patsubst tests/%.c,$(B)/tests/%,$(wildcard tests/test_*.c))

.PHONY: all run check check-gen check-asan check-tsan test deps clean
.DEFAULT_GOAL := all
# Keep test objects between runs (they are intermediates of a chained rule).
.SECONDARY:

all: $(B)/koand

# Ragel runs from the repository root with relative paths, so the #line
# directives in gen/ are the same wherever the tree lives.
gen/%.c: grammar/%.rl grammar/common.rl
	$(RAGEL) -o $@ $<

$(B)/gen/%.o: gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(GENWARN) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<

# --version names the Ragel that generated gen/ and the re2c of the oracles.
$(B)/runtime/config.o: CPPFLAGS += -DKOAN_RAGEL='"$(RAGEL_VERSION)"' -DKOAN_RE2C='"$(RE2C_VERSION)"'

$(B)/libkoan.a: $(LIBOBJ)
	$(AR) rcs $@ $^

$(B)/koand: $(B)/runtime/main.o $(B)/libkoan.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/test_%: $(B)/tests/test_%.o $(TESTSUP:%.c=$(B)/%.o) $(B)/libkoan.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(TESTLIBS) $(LDLIBS)

deps:
	@tools/install-deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	$(B)/koand $(ARGS)

SANFLAGS  = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
TSANFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=thread

# Every test: generated code matches the grammar, then the unit, socket and
# scripted tests against a normal build and again under ASan+UBSan, and the
# calc socket tests of the compute pool against a ThreadSanitizer build.
check: deps
	@$(MAKE) --no-print-directory check-gen
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory check-asan
	@$(MAKE) --no-print-directory check-tsan

check-asan:
	@$(MAKE) --no-print-directory test B=$(B)/asan CFLAGS="$(SANFLAGS)" LDFLAGS="$(SANFLAGS)"

# The event loop and the compute pool share connections' parsers: the
# races TSan would see are there, so it runs the tests that make them work.
check-tsan:
	@$(MAKE) --no-print-directory B=$(B)/tsan CFLAGS="$(TSANFLAGS)" LDFLAGS="$(TSANFLAGS)" \
		$(B)/tsan/koand $(B)/tsan/tests/test_compute
	@B=$(B)/tsan $(B)/tsan/tests/test_compute

test: all $(TESTS)
	@tests/run.sh $(B)
	@$(MAKE) --no-print-directory stress

check-gen:
	@tools/check-gen.sh $(GRAMMARS)

clean:
	rm -rf $(B)

# Fragments: fuzzing (fuzz/), koan-bench and floor (tools/), client, deploy
# helpers, diagrams, install (mk/). Wildcards, so a partial copy of the tree
# (tests/add_aphorism.sh) still builds.
-include $(wildcard fuzz/fuzz.mk tools/tools.mk mk/*.mk)

.PHONY: stress
stress: all
	@CC="$(CC)" CFLAGS="$(CFLAGS)" LDFLAGS="$(LDFLAGS)" tests/stress/run.sh $(B)

-include $(wildcard $(B)/*/*.d)
