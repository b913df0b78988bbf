# Tests of the dagshub_auth Python package (bindings/python) against the
# fake DagsHub, with Debian's python3, python3-httpx and python3-requests;
# included from tests/local.mk.  They run the package from the source
# tree on the library of the build tree (DAGSHUB_AUTH_LIBRARY).
PYTHON_TESTS = \
	tests/python/api.sh \
	tests/python/authenticator.sh \
	tests/python/keyring.sh \
	tests/python/oauth.sh \
	tests/python/prompt.sh \
	tests/python/lookonly.sh \
	tests/python/proxy.sh \
	tests/python/redirect.sh \
	tests/python/install.sh
TESTS += $(PYTHON_TESTS)
EXTRA_DIST += $(PYTHON_TESTS) \
	tests/python/lib-python.sh \
	tests/python/pytap.py \
	tests/python/api_checks.py \
	tests/python/authn_checks.py \
	tests/python/lookonly_checks.py \
	tests/python/proxy_checks.py \
	tests/python/redirect_checks.py
