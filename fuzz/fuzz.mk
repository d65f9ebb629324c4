# Parser assurance (issue 3): the re2c oracles, the libFuzzer harnesses and
# their corpus replay. Included by the Makefile; uses its B, CC, STD, WARN,
# CFLAGS, CPPFLAGS, LDLIBS and the $(B)/libkoan.a and $(B)/gen/%.o rules.
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZERS="zen calc"]   run each harness
#   make fuzz-replay                                   build the replay tests
#
# The replay tests are $(B)/tests/test_fuzz_<name>, so tests/run.sh runs
# them with the rest of `make test` (and so `make check`, ASan build too).

RE2C         = re2c -W -Werror --no-generation-date --no-version
# grammar/<name>.re -> gen/<name>_re.c; lines.re is the framing calc and
# echo share, common.re the classes every one of them includes.
ORACLES      = zen calc echo lines
ORACLE_OBJ   = $(ORACLES:%=$(B)/gen/%_re.o)
FUZZ_SUPPORT = $(B)/fuzz/check.o $(B)/fuzz/plan.o $(B)/fuzz/targets.o $(ORACLE_OBJ)
FUZZ_ALL     = zen calc echo conn
FUZZERS     ?= $(FUZZ_ALL)
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_CFLAGS  = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
               -fno-sanitize-recover=undefined
FUZZ_B       = $(B)/libfuzzer

.PHONY: fuzz fuzz-bins fuzz-replay

# re2c runs from the repository root with relative paths, like Ragel, so
# the #line directives in gen/ do not depend on where the tree lives.
gen/%_re.c: grammar/%.re grammar/common.re
	$(RE2C) -o $@ $<

# Corpus replay: the harness's checks with a plain main(), one test per file.
fuzz-replay: $(FUZZ_ALL:%=$(B)/tests/test_fuzz_%)
test: fuzz-replay

# Static pattern rules: a bare pattern would also offer make a way to
# "remake" the included .d files (through its built-in %: %.o).
$(FUZZ_ALL:%=$(B)/fuzz/replay-%.o): $(B)/fuzz/replay-%.o: fuzz/replay.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(WARN) $(CFLAGS) $(CPPFLAGS) -DFUZZ_CORPUS='"fuzz/corpus/$*"' -c -o $@ $<

$(FUZZ_ALL:%=$(B)/tests/test_fuzz_%): $(B)/tests/test_fuzz_%: $(B)/fuzz/fuzz_%.o $(B)/fuzz/replay-%.o $(FUZZ_SUPPORT) $(B)/libkoan.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# libFuzzer: everything, libkoan included, rebuilt with clang's coverage
# and sanitizers in a build of its own; then each harness runs for
# FUZZ_SECONDS from its committed corpus, which it only reads (fuzz/run.sh).
fuzz:
	@tools/install-deps.sh clang re2c libclang-rt-14-dev
	@$(MAKE) -f $(firstword $(MAKEFILE_LIST)) --no-print-directory fuzz-bins \
		B=$(FUZZ_B) CC=$(FUZZ_CC) CFLAGS="$(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link" LDFLAGS=
	@fuzz/run.sh $(FUZZ_B) $(FUZZ_SECONDS) $(FUZZERS)

fuzz-bins: $(FUZZERS:%=$(B)/fuzz/bin/fuzz_%)

$(FUZZ_ALL:%=$(B)/fuzz/bin/fuzz_%): $(B)/fuzz/bin/fuzz_%: $(B)/fuzz/fuzz_%.o $(B)/fuzz/libfuzzer.o $(FUZZ_SUPPORT) $(B)/libkoan.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)
