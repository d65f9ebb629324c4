# The koan client (tools/koan.c), docs/protocols.md "The koan client".
# Included from the top-level Makefile; uses its B, CC, CFLAGS, LDFLAGS.
# It links libkoan for the protocol tables: their ports, greetings, and
# the question protocol's table of aphorisms.

KOAN_OBJ = $(B)/tools/koan.o $(B)/tools/client.o

$(B)/koan: $(KOAN_OBJ) $(B)/libkoan.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

all: $(B)/koan
# The scripted tests drive koand through the client.
test: $(B)/koan
