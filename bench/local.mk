# The in-process benchmark of a cached get (bench/run builds and runs it).
# `make bench/cache_get_loop`; bench/make-cache.sh FILE N writes a cache
# with N hosts for it.
EXTRA_PROGRAMS += bench/cache_get_loop
bench_cache_get_loop_SOURCES = bench/cache_get_loop.c
bench_cache_get_loop_LDADD = core/libdagshub-auth.la
CLEANFILES += bench/cache_get_loop
EXTRA_DIST += bench/make-cache.sh

# bench/run measures the hot path against a hello-world floor; see
# bench/RESULTS.md.  `make bench` runs it on the build tree.
EXTRA_DIST += bench/run bench/spawnbench.c bench/skeleton.c bench/RESULTS.md
bench: all bench/cache_get_loop$(EXEEXT)
	$(SHELL) $(top_srcdir)/bench/run --builddir $(abs_top_builddir)
.PHONY: bench
