# The env provider: DAGSHUB_USER_TOKEN (or another variable).
provider_LTLIBRARIES += providers/env/env.la
providers_env_env_la_SOURCES = providers/env/env.c \
	providers/common/hosts.h providers/common/hosts.c
providers_env_env_la_LDFLAGS = $(PROVIDER_LDFLAGS)
