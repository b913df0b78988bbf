# etc/dagshub/auth.conf, the default chain, installed as
# $(sysconfdir)/dagshub/auth.conf.  (core/local.mk compiles the same file
# into the library as the built-in default.)
#
# An auth.conf that is already there and differs from ours is an admin's
# edited file: `make install` keeps it, installs the new default beside it
# as auth.conf.dist (as Debian does with .dpkg-dist) and says so.
# `make uninstall` removes auth.conf.dist, and auth.conf only when it is
# still the one we installed: an edited file stays.
dagshubconfdir = $(sysconfdir)/dagshub
EXTRA_DIST += etc/dagshub/auth.conf

install-data-local: install-dagshub-conf
uninstall-local: uninstall-dagshub-conf

install-dagshub-conf:
	$(MKDIR_P) '$(DESTDIR)$(dagshubconfdir)'
	@new='$(srcdir)/etc/dagshub/auth.conf'; \
	f='$(DESTDIR)$(dagshubconfdir)/auth.conf'; \
	if test -f "$$f" && ! cmp -s "$$new" "$$f"; then \
	  echo " $(INSTALL_DATA) $$new '$$f.dist'"; \
	  $(INSTALL_DATA) "$$new" "$$f.dist" || exit 1; \
	  echo "dagshub-auth: kept the existing $$f (it differs from the new default);"; \
	  echo "dagshub-auth: the new default is $$f.dist: compare the two and merge by hand"; \
	else \
	  echo " $(INSTALL_DATA) $$new '$$f'"; \
	  $(INSTALL_DATA) "$$new" "$$f" || exit 1; \
	fi

uninstall-dagshub-conf:
	@new='$(srcdir)/etc/dagshub/auth.conf'; \
	f='$(DESTDIR)$(dagshubconfdir)/auth.conf'; \
	echo " rm -f '$$f.dist'"; rm -f "$$f.dist"; \
	if test -f "$$f" && ! cmp -s "$$new" "$$f"; then \
	  echo "dagshub-auth: kept $$f: it was edited"; \
	else \
	  echo " rm -f '$$f'"; rm -f "$$f"; \
	fi

.PHONY: install-dagshub-conf uninstall-dagshub-conf
