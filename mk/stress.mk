# make stress: the fault and load suite (tests/stress/) against $(B)/koand.
# Its client is built like every test program, from tests/stress/*.c with
# libkoan (the protocol tables, whose parsers it runs in-process to know
# each protocol's replies), so the ASan build (check-asan) builds it with
# the sanitizers too; tests/stress/run.sh only runs it. Included from the
# top-level Makefile; uses its B, CC, CFLAGS, LDFLAGS, LDLIBS.

STRESS     = $(B)/tests/stress/stress
STRESS_OBJ = $(patsubst %.c,$(B)/%.o,$(wildcard tests/stress/*.c))

$(STRESS): $(STRESS_OBJ) $(B)/libkoan.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Built with the other test programs, so a compile error shows before the
# tests run; run after them (the Makefile's test rule).
test: $(STRESS)

.PHONY: stress
stress: all $(STRESS)
	@tests/stress/run.sh $(B)

-include $(wildcard $(B)/tests/stress/*.d)
