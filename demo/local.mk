# make demo: dagshub-auth's main job shown offline, against the fake
# DagsHub, in a throw-away HOME (demo/run says what it shows).  Needs the
# built CLI and providers, hence `all`.
EXTRA_DIST += demo/run
.PHONY: demo
demo: all
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
		$(SHELL) $(top_srcdir)/demo/run
