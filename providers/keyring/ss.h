/*
 * providers/keyring/ss.h - the D-Bus plumbing the Secret Service backend
 * shares between ss_bus.c (connecting, bounded waits) and ss.c (items).
 *
 * Why not libsecret's *_sync() calls: they run a private main loop with no
 * bound, so a hung keyring daemon would hang `dagshub-auth token` (and a CI
 * job) for ever.  Instead every call is the async variant, run on a main
 * context of our own that is pushed as the thread default for the length
 * of one provider operation, and waited for with kr_ss_wait(), which
 * cancels the call when the operation's deadline passes.
 */
#ifndef DAGSHUB_KEYRING_SS_H
#define DAGSHUB_KEYRING_SS_H

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "keyring.h"

#define KR_SS_BUS_NAME "org.freedesktop.secrets"

struct kr_ss {
	GMainContext *mc;        /* our context; thread default while busy */
	GDBusConnection *bus;    /* the session bus (glib's shared one) */
	SecretService *service;  /* libsecret's shared proxy */
	/* the operation in progress */
	GCancellable *cancel;
	int64_t deadline_ms;     /* CLOCK_MONOTONIC */
	int timed_out;           /* the deadline passed during a wait */
	kr_state *st;
	dagshub_provider_ctx *ctx;
};

/* One async call in flight.  Shared by the caller and the callback (two
 * references) so that a caller that gives up never frees what a late
 * callback writes to. */
typedef struct kr_op {
	int refs;
	int done;
	GAsyncResult *res;
} kr_op;

kr_op *kr_op_new(void);
void kr_op_unref(kr_op *op);
/* The GAsyncReadyCallback to give every async call, with the op as data. */
void kr_op_done(GObject *source, GAsyncResult *res, gpointer data);

/* Starts an operation bounded by deadline_ms: makes st->ss if needed and
 * pushes its context.  Returns NULL when out of memory.  Every successful
 * begin is matched by kr_ss_end(), which also takes NULL. */
struct kr_ss *kr_ss_begin(kr_state *st, dagshub_provider_ctx *ctx,
                          int64_t deadline_ms);
void kr_ss_end(struct kr_ss *ss);

/* Runs the context until op is done.  When the deadline passes first, the
 * call is cancelled (and ss->timed_out set); returns 0 if op finished
 * (check op->res), -1 if it did not even finish after being cancelled. */
int kr_ss_wait(struct kr_ss *ss, kr_op *op);

/* Connects to the session bus and checks that something owns (or, with
 * activatable, can be started for) org.freedesktop.secrets; then gets
 * libsecret's service proxy.  Returns a result: TOKEN when ready, else
 * UNAVAILABLE or ERROR with the reason set. */
dagshub_provider_result kr_ss_connect(struct kr_ss *ss, int activatable,
                                      int want_service);

/* The result and reason for a failed call: timeouts and cancellations say
 * how long was waited; a vanished service is UNAVAILABLE. */
dagshub_provider_result kr_ss_fail(struct kr_ss *ss, const char *doing,
                                   const GError *err);

#endif /* DAGSHUB_KEYRING_SS_H */
