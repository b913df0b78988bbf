# Man pages of the CLI, the config file and the provider ABI.  Provider
# pages are listed by each provider's local.mk.
dist_man_MANS += \
	man/dagshub-auth.1 \
	man/dagshub-auth.conf.5 \
	man/dagshub-auth-provider.3 \
	man/libdagshub-auth.3 \
	man/dagshub_authenticator.3 \
	man/dagshub-auth-integrations.7
