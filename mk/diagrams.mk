# make diagrams: every Ragel machine in grammar/ and the connection
# lifecycle, drawn into docs/*.svg (Debian packages: ragel, graphviz).
# Included from the top-level Makefile; uses its B, PROTOCOLS, CC, flags.
#
# Ragel runs from the repository root with relative paths, as for gen/.
# Each machine is named by its "machine NAME;" line, so a grammar holding
# two (echo.rl: echo and echo_ascii) gives two pictures.

machines_of = $(shell sed -n 's/^machine \([A-Za-z_0-9]*\);/\1/p' grammar/$(1).rl)
DIAGRAMS = $(foreach g,$(PROTOCOLS),$(call machines_of,$(g)):$(g))
DIAGRAM_SVG = $(foreach d,$(DIAGRAMS),docs/$(firstword $(subst :, ,$(d))).svg) docs/lifecycle.svg

.PHONY: diagrams
diagrams: $(DIAGRAM_SVG)

define machine_diagram
docs/$(1).svg: grammar/$(2).rl grammar/common.rl
	@mkdir -p $(B)/diagrams docs
	ragel -Vp -S $(1) -o $(B)/diagrams/$(1).dot grammar/$(2).rl
	dot -Tsvg -o $$@ $(B)/diagrams/$(1).dot
endef
$(foreach d,$(DIAGRAMS),$(eval $(call machine_diagram,$(firstword $(subst :, ,$(d))),$(lastword $(subst :, ,$(d))))))

$(B)/lifecycle-dot: $(B)/tools/lifecycle-dot.o $(B)/libkoan.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

docs/lifecycle.svg: $(B)/lifecycle-dot
	@mkdir -p $(B)/diagrams docs
	$(B)/lifecycle-dot >$(B)/diagrams/lifecycle.dot
	dot -Tsvg -o $@ $(B)/diagrams/lifecycle.dot

# A grammar edit redraws its pictures with the build (an added aphorism
# changes the zen machine), where graphviz is installed; `make check`
# installs it (tools/install-deps.sh), and check-gen fails on a stale one.
ifneq ($(shell command -v dot 2>/dev/null),)
all: diagrams
endif
