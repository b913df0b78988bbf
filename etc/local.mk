# The default chain: installed as $(sysconfdir)/dagshub/auth.conf and
# compiled into the library as the built-in default (one source of truth).
dagshubconfdir = $(sysconfdir)/dagshub
dist_dagshubconf_DATA = etc/dagshub/auth.conf

BUILT_SOURCES += core/builtin-conf.h
CLEANFILES += core/builtin-conf.h
core/builtin-conf.h: $(top_srcdir)/etc/dagshub/auth.conf
	$(AM_V_GEN)$(MKDIR_P) core && { \
	  echo '/* made from etc/dagshub/auth.conf by etc/local.mk */'; \
	  echo 'static const char DH_BUILTIN_CONF[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' \
	    $(top_srcdir)/etc/dagshub/auth.conf; \
	  echo ';'; } > $@-t && mv $@-t $@
