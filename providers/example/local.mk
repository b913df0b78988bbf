# The example provider: meant to be copied, not installed.  It is built in
# the tree (as a shared module, hence the -rpath to a folder it is never
# installed in) and tests/core/install.sh builds it again outside the tree
# against an installed dagshub-auth; tests/core/example.sh loads this one.
noinst_LTLIBRARIES += providers/example/example.la
# The source is what is installed: $(docdir)/examples/example.c, the
# same code dagshub-auth-provider(3) shows (tests/core/docs.sh keeps
# them in step).
exampledir = $(docdir)/examples
dist_example_DATA = providers/example/example.c
providers_example_example_la_SOURCES = providers/example/example.c
providers_example_example_la_LDFLAGS = $(PROVIDER_LDFLAGS) -rpath $(abs_builddir)
