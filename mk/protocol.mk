# make protocol NAME=name [PORT=port]: a new protocol unit from the template
# in tools/protocol/ (tools/protocol.sh), served, tested and fuzzed at once.
# A name that is taken or no C identifier stops make with one line (exit 2)
# before anything is written. Included from the top-level Makefile.

.PHONY: protocol
# NAME as one shell word, whatever it holds.
protocol_name = '$(subst ','\'',$(NAME))'
ifneq ($(filter protocol,$(MAKECMDGOALS)),)
PROTOCOL_WHY := $(shell tools/protocol.sh --check $(protocol_name))
ifneq ($(PROTOCOL_WHY),)
$(error $(PROTOCOL_WHY))
endif
endif

protocol:
	@tools/protocol.sh $(protocol_name) $(PORT)
