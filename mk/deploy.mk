# Helpers for the scripted tests of deploy/ and the client (tests/*.sh):
# they live in tests/helpers/, apart from the test programs; the pieces
# of the test library (tests/lib/) they use are linked in.
# Included from the top-level Makefile.

HELPERS = $(B)/tests/helpers/freeports $(B)/tests/helpers/failover $(B)/tests/helpers/holders

$(B)/tests/helpers/freeports: $(B)/tests/helpers/freeports.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(B)/tests/helpers/failover: $(B)/tests/helpers/failover.o $(B)/tools/client.o $(B)/tests/lib/clock.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

$(B)/tests/helpers/holders: $(B)/tests/helpers/holders.o $(B)/tools/client.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -pthread

test: $(HELPERS)

-include $(wildcard $(B)/tests/helpers/*.d)
