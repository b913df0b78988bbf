# The oauth provider: a fresh token through DagsHub's OAuth "middleman"
# flow.  HTTP goes through the core (svc->http), so no libcurl here; cJSON
# reads the answers; a thread runs the terminal spinner.
provider_LTLIBRARIES += providers/oauth/oauth.la
providers_oauth_oauth_la_SOURCES = \
	providers/oauth/oauth.h \
	providers/oauth/oauth.c \
	providers/oauth/link.c \
	providers/oauth/exchange.c \
	providers/oauth/expiry.h \
	providers/oauth/expiry.c \
	providers/common/civil.h \
	providers/oauth/lock.c \
	providers/oauth/browser.c \
	providers/oauth/spinner.c
providers_oauth_oauth_la_LDFLAGS = $(PROVIDER_LDFLAGS)
providers_oauth_oauth_la_CFLAGS = $(AM_CFLAGS) $(CJSON_CFLAGS) -pthread
providers_oauth_oauth_la_LIBADD = $(CJSON_LIBS) -lpthread

dist_man_MANS += man/dagshub-auth-oauth.7
