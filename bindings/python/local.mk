# The dagshub_auth Python package: pure Python over libdagshub-auth.so.0
# (ctypes), installed into $(pythondir) for the Python configure found
# (see configure.ac; --disable-python skips it).  Included from the top
# Makefile.am.  `pip install bindings/python` installs the same files.
DAGSHUB_AUTH_PY = \
	bindings/python/dagshub_auth/__init__.py \
	bindings/python/dagshub_auth/_lib.py \
	bindings/python/dagshub_auth/_errors.py \
	bindings/python/dagshub_auth/_authenticator.py

if WITH_PYTHON
dagshub_authdir = $(pythondir)/dagshub_auth
dagshub_auth_PYTHON = $(DAGSHUB_AUTH_PY)
else
EXTRA_DIST += $(DAGSHUB_AUTH_PY)
endif

EXTRA_DIST += \
	bindings/python/README.md \
	bindings/python/pyproject.toml \
	bindings/python/build_backend/dagshub_auth_build.py
