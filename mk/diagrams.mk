# make diagrams: every Ragel machine in grammar/ and the connection
# lifecycle, drawn into docs/*.svg (Debian packages: ragel, graphviz).
# Included from the top-level Makefile; uses its B, PROTOCOLS, CC, flags.
#
# Ragel runs from the repository root with relative paths, as for gen/.
# Each machine is named by its "machine NAME;" line, so a grammar holding
# two (one machine for framing, one for rendering) gives two pictures: docs/NAME.svg, the
# whole machine. A grammar line "# diagram: condensed NAME" asks for
# docs/NAME-condensed.svg too, where each run of letters is one edge (the
# view a reader can follow: a table of literal requests, in the README).
# tools/dot-view.c writes each inline action's code where Ragel labels it
# by line and column.

machines_of = $(shell sed -n 's/^machine \([A-Za-z_0-9]*\);/\1/p' grammar/$(1).rl)
condensed_of = $(shell sed -n 's/^\# diagram: condensed \([A-Za-z_0-9]*\)$$/\1/p' grammar/$(1).rl)
DIAGRAMS = $(foreach g,$(PROTOCOLS),$(foreach m,$(call machines_of,$(g)),$(m):$(g)))
CONDENSED = $(foreach g,$(PROTOCOLS),$(call condensed_of,$(g)))
DIAGRAM_SVG = $(foreach d,$(DIAGRAMS),docs/$(firstword $(subst :, ,$(d))).svg) \
              $(CONDENSED:%=docs/%-condensed.svg) docs/lifecycle.svg

.PHONY: diagrams
diagrams: $(DIAGRAM_SVG)

$(B)/dot-view: $(B)/tools/dot-view.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

define machine_diagram
$(B)/diagrams/$(1).dot: grammar/$(2).rl grammar/common.rl
	@mkdir -p $(B)/diagrams
	ragel -Vp -S $(1) -o $$@ grammar/$(2).rl
docs/$(1).svg: $(B)/diagrams/$(1).dot $(B)/dot-view
	@mkdir -p docs
	$(B)/dot-view grammar/$(2).rl <$$< | dot -Tsvg -o $$@
docs/$(1)-condensed.svg: $(B)/diagrams/$(1).dot $(B)/dot-view
	@mkdir -p docs
	$(B)/dot-view grammar/$(2).rl --condense <$$< | dot -Tsvg -o $$@
endef
$(foreach d,$(DIAGRAMS),$(eval $(call machine_diagram,$(firstword $(subst :, ,$(d))),$(lastword $(subst :, ,$(d))))))

$(B)/lifecycle-dot: $(B)/tools/lifecycle-dot.o $(B)/libkoan.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

docs/lifecycle.svg: $(B)/lifecycle-dot
	@mkdir -p $(B)/diagrams docs
	$(B)/lifecycle-dot >$(B)/diagrams/lifecycle.dot
	dot -Tsvg -o $@ $(B)/diagrams/lifecycle.dot

# A grammar edit redraws its pictures with the build (an added aphorism
# changes its machine), where graphviz is installed; `make check`
# installs it (tools/install-deps.sh), and check-gen fails on a stale one.
ifneq ($(shell command -v dot 2>/dev/null),)
all: diagrams
endif
