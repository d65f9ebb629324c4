# The koan client (tools/koan.c), SPEC section 6.
# Included from the top-level Makefile; uses its B, CC, CFLAGS, LDFLAGS.

KOAN_OBJ = $(B)/tools/koan.o $(B)/tools/client.o

$(B)/koan: $(KOAN_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

all: $(B)/koan
# The scripted tests drive koand through the client.
test: $(B)/koan
