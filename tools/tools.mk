# koan-bench (tools/bench/) and the floor server (bench/floor.c).
# Included from the top-level Makefile after its variables; objects are built
# by its $(B)/%.o rule, so they get the same STD, WARN and CFLAGS.

BENCHSRC = $(wildcard tools/bench/*.c)
BENCHOBJ = $(BENCHSRC:%.c=$(B)/%.o)

.PHONY: tools
tools: $(B)/koan-bench $(B)/floor
all: tools

# Links libkoan.a for --parser: the real parsers, timed in-process.
$(B)/koan-bench: $(BENCHOBJ) $(B)/libkoan.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lm

$(B)/floor: $(B)/bench/floor.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

-include $(wildcard $(B)/tools/bench/*.d $(B)/bench/*.d)
