# Tests of the core chain and the CLI's token/explain.
CORE_SH_TESTS = \
	tests/core/order.sh \
	tests/core/controls.sh \
	tests/core/hosts.sh \
	tests/core/loading.sh \
	tests/core/config.sh \
	tests/core/explain.sh
TESTS += $(CORE_SH_TESTS)
EXTRA_DIST += $(CORE_SH_TESTS)
