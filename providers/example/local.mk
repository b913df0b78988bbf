# The example provider: meant to be copied.  Built here to prove it builds
# in the tree; tests/core/example-outside.sh builds it outside the tree
# against an installed dagshub-auth.
provider_LTLIBRARIES += providers/example/example.la
providers_example_example_la_SOURCES = providers/example/example.c
providers_example_example_la_LDFLAGS = $(PROVIDER_LDFLAGS)
