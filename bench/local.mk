# bench/run measures the hot path against a hello-world floor; see
# bench/RESULTS.md.  `make bench` runs it on the build tree.
EXTRA_DIST += bench/run bench/spawnbench.c bench/RESULTS.md
bench: all bench/cache_get_loop$(EXEEXT)
	$(SHELL) $(top_srcdir)/bench/run --builddir $(abs_top_builddir)
.PHONY: bench
