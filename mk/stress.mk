# make stress: the fault and load suite (tests/stress/) against $(B)/koand.
# Its client is built like every test program, from tests/stress/*.c with
# the test library (tests/lib/) and libkoan: it learns what each protocol of the build
# answers from the protocol tables and their parsers run in-process. So
# the ASan build (check-asan) builds it with the sanitizers too, and
# tests/stress/run.sh only runs it. Included from the top-level Makefile;
# uses its B, CC, CFLAGS, LDFLAGS, LDLIBS, TESTLIBS.

STRESS     = $(B)/tests/stress/stress
STRESS_OBJ = $(patsubst %.c,$(B)/%.o,$(wildcard tests/stress/*.c)) $(TESTSUP:%.c=$(B)/%.o)

$(STRESS): $(STRESS_OBJ) $(B)/libkoan.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(TESTLIBS) $(LDLIBS)

# Built with the other test programs, so a compile error shows before the
# tests run; run after them (the Makefile's test rule).
test: $(STRESS)

.PHONY: stress
stress: all $(STRESS)
	@tests/stress/run.sh $(B)

-include $(wildcard $(B)/tests/stress/*.d)
