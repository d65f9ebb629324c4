# make install / make uninstall, the usual way: PREFIX (default /usr/local)
# says where the programs will live, DESTDIR (default empty) where to put
# the tree now (a package's staging root). Included from the top-level
# Makefile; uses its B.
#
# koand goes to sbin (a daemon), koan and koan-bench to bin, the man pages
# to share/man, the systemd units to lib/systemd/system (under /usr/local
# that is on systemd's search path), and the inetd and HAProxy examples to
# share/koan. Paths inside the installed files follow PREFIX.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
MANDIR  ?= $(PREFIX)/share/man
UNITDIR ?= $(PREFIX)/lib/systemd/system
DATADIR ?= $(PREFIX)/share/koan
INSTALL ?= install

UNITS    = $(notdir $(wildcard deploy/*.service deploy/*.socket))
EXAMPLES = inetd.conf haproxy.cfg prometheus.yml
# koan-bench is built by tools/tools.mk; it is installed with its page
# whenever that fragment is part of the build.
BENCH    = $(if $(wildcard tools/tools.mk),$(B)/koan-bench)

# The files say /usr/local (the default PREFIX); an install elsewhere
# rewrites that, so ExecStart= and the man pages point at what was installed.
RELOCATE = sed -e 's|/usr/local/sbin/koand|$(SBINDIR)/koand|g' \
               -e 's|/usr/local/share/koan|$(DATADIR)|g' \
               -e 's|/usr/local/lib/systemd/system|$(UNITDIR)|g'

.PHONY: install uninstall
install: $(B)/koand $(B)/koan $(BENCH)
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DATADIR)
	$(INSTALL) -m 755 $(B)/koand $(DESTDIR)$(SBINDIR)/koand
	$(INSTALL) -m 755 $(B)/koan $(DESTDIR)$(BINDIR)/koan
	$(RELOCATE) man/koand.8 >$(DESTDIR)$(MANDIR)/man8/koand.8
	$(RELOCATE) man/koan.1 >$(DESTDIR)$(MANDIR)/man1/koan.1
	$(if $(BENCH),$(INSTALL) -m 755 $(BENCH) $(DESTDIR)$(BINDIR)/koan-bench)
	$(if $(BENCH),$(RELOCATE) man/koan-bench.1 >$(DESTDIR)$(MANDIR)/man1/koan-bench.1)
	for f in $(UNITS); do $(RELOCATE) deploy/$$f >$(DESTDIR)$(UNITDIR)/$$f || exit 1; done
	for f in $(EXAMPLES); do $(RELOCATE) deploy/$$f >$(DESTDIR)$(DATADIR)/$$f || exit 1; done
	chmod 644 $(DESTDIR)$(MANDIR)/man8/koand.8 $(DESTDIR)$(MANDIR)/man1/koan*.1 \
		$(addprefix $(DESTDIR)$(UNITDIR)/,$(UNITS)) $(addprefix $(DESTDIR)$(DATADIR)/,$(EXAMPLES))

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/koand $(DESTDIR)$(BINDIR)/koan $(DESTDIR)$(BINDIR)/koan-bench \
		$(DESTDIR)$(MANDIR)/man8/koand.8 $(DESTDIR)$(MANDIR)/man1/koan.1 \
		$(DESTDIR)$(MANDIR)/man1/koan-bench.1 \
		$(addprefix $(DESTDIR)$(UNITDIR)/,$(UNITS)) $(addprefix $(DESTDIR)$(DATADIR)/,$(EXAMPLES))
	-rmdir $(DESTDIR)$(DATADIR) 2>/dev/null
