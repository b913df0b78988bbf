/*
 * providers/keyring/ss_bus.c - reaching the Secret Service with a bound:
 * the session bus, the NameHasOwner check, libsecret's service proxy, and
 * the bounded wait every async call goes through (see ss.h for why).
 *
 * The bus is found only where it already is: DBUS_SESSION_BUS_ADDRESS, or
 * the systemd user bus at $XDG_RUNTIME_DIR/bus.  glib would otherwise run
 * `dbus-launch --autolaunch` when $DISPLAY is set, an unbounded child
 * process; a provider never starts a bus.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ss.h"

/* The NameHasOwner question is answered by the bus itself, at once; a
 * bus that takes longer than this is not one to use. */
#define KR_SS_OWNER_TIMEOUT_MS 1000
/* After a cancel, how long to wait for the call to report it. */
#define KR_SS_CANCEL_GRACE_MS 500

static const char *s_getenv(const char *name)
{
#ifdef HAVE_SECURE_GETENV
	return secure_getenv(name);
#else
	return getenv(name);
#endif
}

kr_op *kr_op_new(void)
{
	kr_op *op = g_try_new0(kr_op, 1);

	if (op)
		op->refs = 2; /* the caller's and the callback's */
	return op;
}

void kr_op_unref(kr_op *op)
{
	if (!op || --op->refs > 0)
		return;
	if (op->res)
		g_object_unref(op->res);
	g_free(op);
}

void kr_op_done(GObject *source, GAsyncResult *res, gpointer data)
{
	kr_op *op = data;

	(void)source;
	op->res = g_object_ref(res);
	op->done = 1;
	kr_op_unref(op);
}

struct kr_ss *kr_ss_begin(kr_state *st, dagshub_provider_ctx *ctx,
                          int64_t deadline_ms)
{
	struct kr_ss *ss = st->ss;

	if (!ss) {
		if (!(ss = g_try_new0(struct kr_ss, 1)))
			return NULL;
		ss->mc = g_main_context_new();
		st->ss = ss;
	}
	ss->st = st;
	ss->ctx = ctx;
	ss->deadline_ms = deadline_ms;
	ss->timed_out = 0;
	ss->cancel = g_cancellable_new();
	g_main_context_push_thread_default(ss->mc);
	return ss;
}

void kr_ss_end(struct kr_ss *ss)
{
	if (!ss)
		return;
	g_main_context_pop_thread_default(ss->mc);
	g_clear_object(&ss->cancel);
	ss->ctx = NULL;
}

void kr_ss_free(struct kr_ss *ss)
{
	if (!ss)
		return;
	/* Let calls that were given up on report, so their ops are freed. */
	g_main_context_push_thread_default(ss->mc);
	while (g_main_context_iteration(ss->mc, FALSE))
		;
	g_main_context_pop_thread_default(ss->mc);
	g_clear_object(&ss->service);
	g_clear_object(&ss->bus);
	g_main_context_unref(ss->mc);
	g_free(ss);
}

static gboolean s_on_deadline(gpointer data)
{
	struct kr_ss *ss = data;

	ss->timed_out = 1;
	g_cancellable_cancel(ss->cancel);
	return G_SOURCE_REMOVE;
}

static gboolean s_on_grace(gpointer data)
{
	*(int *)data = 1;
	return G_SOURCE_REMOVE;
}

/* Runs the context until op is done or *stop is set; a timeout source
 * calls on_timeout(data) after `ms` (it sets *stop). */
static void s_run(struct kr_ss *ss, kr_op *op, int64_t ms,
                  GSourceFunc on_timeout, gpointer data, const int *stop)
{
	GSource *t = g_timeout_source_new((guint)(ms > 0 ? ms : 0));

	g_source_set_callback(t, on_timeout, data, NULL);
	g_source_attach(t, ss->mc);
	while (!op->done && !*stop)
		g_main_context_iteration(ss->mc, TRUE);
	g_source_destroy(t);
	g_source_unref(t);
}

int kr_ss_wait(struct kr_ss *ss, kr_op *op)
{
	int64_t left = ss->deadline_ms - ss->st->svc->monotonic_ms(ss->ctx);
	int grace_over = 0;

	if (!op->done && !ss->timed_out)
		s_run(ss, op, left, s_on_deadline, ss, &ss->timed_out);
	if (!op->done) {
		/* Cancelled: the call reports G_IO_ERROR_CANCELLED shortly. */
		g_cancellable_cancel(ss->cancel);
		s_run(ss, op, KR_SS_CANCEL_GRACE_MS, s_on_grace, &grace_over,
		      &grace_over);
	}
	return op->done ? 0 : -1;
}

dagshub_provider_result kr_ss_fail(struct kr_ss *ss, const char *doing,
                                   const GError *err)
{
	kr_state *st = ss->st;

	if (ss->timed_out || !err ||
	    g_error_matches(err, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
	    g_error_matches(err, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
	    g_error_matches(err, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT) ||
	    g_error_matches(err, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY)) {
		kr_reason(st, ss->ctx, KR_SS_NAME ": %s: no answer in time "
		          "(args.timeout = %lld s); is the keyring daemon hung?",
		          doing, st->timeout_ms / 1000);
		return DAGSHUB_PROVIDER_ERROR;
	}
	if (g_error_matches(err, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
	    g_error_matches(err, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
	    g_error_matches(err, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED) ||
	    g_error_matches(err, G_IO_ERROR, G_IO_ERROR_CLOSED)) {
		kr_reason(st, ss->ctx, KR_SS_NAME ": %s: the service went away "
		          "(%s)", doing, err->message);
		return DAGSHUB_PROVIDER_UNAVAILABLE;
	}
	kr_reason(st, ss->ctx, KR_SS_NAME ": %s: %s", doing, err->message);
	return DAGSHUB_PROVIDER_ERROR;
}

/* Whether a session bus can be found without starting one. */
static int s_bus_exists(char **why)
{
	const char *addr = s_getenv("DBUS_SESSION_BUS_ADDRESS");
	const char *rt = s_getenv("XDG_RUNTIME_DIR");
	struct stat sb;
	char *path;
	int ok;

	if (addr && *addr)
		return 1;
	if (rt && *rt) {
		path = g_build_filename(rt, "bus", NULL);
		ok = stat(path, &sb) == 0 && S_ISSOCK(sb.st_mode);
		g_free(path);
		if (ok)
			return 1;
	}
	*why = g_strdup("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is "
	                "not set and there is no $XDG_RUNTIME_DIR/bus)");
	return 0;
}

/* Calls a method of the bus driver that returns `type`; NULL on failure
 * with *err set (or NULL when the wait was given up). */
static GVariant *s_bus_call(struct kr_ss *ss, const char *method,
                            GVariant *args, const char *type, GError **err)
{
	int64_t left = ss->deadline_ms - ss->st->svc->monotonic_ms(ss->ctx);
	GVariant *ret = NULL;
	kr_op *op = kr_op_new();

	if (!op)
		return NULL;
	if (left > KR_SS_OWNER_TIMEOUT_MS)
		left = KR_SS_OWNER_TIMEOUT_MS;
	g_dbus_connection_call(ss->bus, "org.freedesktop.DBus",
	                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
	                       method, args, G_VARIANT_TYPE(type),
	                       G_DBUS_CALL_FLAGS_NONE, left > 0 ? (int)left : 1,
	                       ss->cancel, kr_op_done, op);
	if (kr_ss_wait(ss, op) == 0)
		ret = g_dbus_connection_call_finish(ss->bus, op->res, err);
	kr_op_unref(op);
	return ret;
}

/* Whether something owns or can be started for the Secret Service name.
 * Returns TOKEN, or another result with *why set. */
static dagshub_provider_result s_owner(struct kr_ss *ss, int activatable,
                                       char **why)
{
	dagshub_provider_result res = DAGSHUB_PROVIDER_ERROR;
	GError *err = NULL;
	GVariant *v;
	gboolean owned = FALSE;

	v = s_bus_call(ss, "NameHasOwner", g_variant_new("(s)", KR_SS_BUS_NAME),
	               "(b)", &err);
	if (!v)
		goto failed;
	g_variant_get(v, "(b)", &owned);
	g_variant_unref(v);
	if (owned)
		return DAGSHUB_PROVIDER_TOKEN;
	if (activatable) {
		const gchar **names = NULL;
		v = s_bus_call(ss, "ListActivatableNames", NULL, "(as)", &err);
		if (!v)
			goto failed;
		g_variant_get(v, "(^a&s)", &names);
		for (size_t i = 0; names && names[i] && !owned; i++)
			owned = !strcmp(names[i], KR_SS_BUS_NAME);
		g_free(names);
		g_variant_unref(v);
		if (owned)
			return DAGSHUB_PROVIDER_TOKEN;
	}
	*why = g_strdup_printf("no Secret Service on the session bus (nothing "
	                       "owns %s%s; start gnome-keyring-daemon, KeePassXC "
	                       "or KWallet)", KR_SS_BUS_NAME,
	                       activatable ? " and nothing can be started for it"
	                                   : "");
	return DAGSHUB_PROVIDER_UNAVAILABLE;
failed:
	if (ss->timed_out || !err)
		*why = g_strdup_printf("the session bus did not answer within "
		                       "%d ms", KR_SS_OWNER_TIMEOUT_MS);
	else
		*why = g_strdup_printf("asking the session bus: %s", err->message);
	g_clear_error(&err);
	return res;
}

/* Connects to the bus (once; glib shares the connection) and checks the
 * owner.  Returns TOKEN, or another result with *why set. */
static dagshub_provider_result s_connect(struct kr_ss *ss, int activatable,
                                         char **why)
{
	GError *err = NULL;
	kr_op *op;

	if (ss->bus && g_dbus_connection_is_closed(ss->bus))
		g_clear_object(&ss->bus);
	if (!ss->bus) {
		if (!s_bus_exists(why))
			return DAGSHUB_PROVIDER_UNAVAILABLE;
		if (!(op = kr_op_new())) {
			*why = g_strdup("out of memory");
			return DAGSHUB_PROVIDER_ERROR;
		}
		g_bus_get(G_BUS_TYPE_SESSION, ss->cancel, kr_op_done, op);
		if (kr_ss_wait(ss, op) == 0)
			ss->bus = g_bus_get_finish(op->res, &err);
		kr_op_unref(op);
		if (!ss->bus) {
			*why = ss->timed_out || !err
			     ? g_strdup("the session bus did not answer in time")
			     : g_strdup_printf("cannot connect to the session bus: %s",
			                       err->message);
			g_clear_error(&err);
			return DAGSHUB_PROVIDER_UNAVAILABLE;
		}
		/* glib's shared session connection calls exit(1) when the bus
		 * goes away; a provider must never end the process. */
		g_dbus_connection_set_exit_on_close(ss->bus, FALSE);
	}
	return s_owner(ss, activatable, why);
}

int kr_ss_probe(kr_state *st, dagshub_provider_ctx *ctx, int64_t deadline_ms,
                int activatable, char **why)
{
	struct kr_ss *ss = kr_ss_begin(st, ctx, deadline_ms);
	dagshub_provider_result r;
	char *w = NULL;

	if (!ss) {
		*why = strdup("out of memory");
		return 0;
	}
	r = s_connect(ss, activatable, &w);
	kr_ss_end(ss);
	if (r == DAGSHUB_PROVIDER_TOKEN)
		return 1;
	*why = w ? strdup(w) : NULL;
	g_free(w);
	return 0;
}

dagshub_provider_result kr_ss_connect(struct kr_ss *ss, int activatable,
                                      int want_service)
{
	dagshub_provider_result r;
	GError *err = NULL;
	char *why = NULL;
	kr_op *op;

	r = s_connect(ss, activatable, &why);
	if (r != DAGSHUB_PROVIDER_TOKEN) {
		kr_reason(ss->st, ss->ctx, KR_SS_NAME ": %s", why);
		g_free(why);
		return r;
	}
	if (!want_service || ss->service)
		return DAGSHUB_PROVIDER_TOKEN;
	/* Only the proxy: no session is opened until secrets are needed,
	 * and nothing here can prompt. */
	if (!(op = kr_op_new())) {
		kr_reason(ss->st, ss->ctx, KR_SS_NAME ": out of memory");
		return DAGSHUB_PROVIDER_ERROR;
	}
	secret_service_get(SECRET_SERVICE_NONE, ss->cancel, kr_op_done, op);
	if (kr_ss_wait(ss, op) == 0)
		ss->service = secret_service_get_finish(op->res, &err);
	kr_op_unref(op);
	if (!ss->service) {
		r = kr_ss_fail(ss, "connecting to the Secret Service", err);
		g_clear_error(&err);
		return r;
	}
	return DAGSHUB_PROVIDER_TOKEN;
}
