/*
 * providers/keyring/ss.c - the Secret Service backend: tokens as items of
 * the desktop keyring (GNOME Keyring, KWallet, KeePassXC), through
 * libsecret.
 *
 * An item has the schema org.freedesktop.Secret.Generic and the attributes
 *   service              the normalised host URL
 *   username             the DagsHub login, when known
 *   application          "dagshub-auth"
 *   dagshub-token-type   "app-token", "bearer", ... when known
 *   dagshub-token-expires  microseconds since the epoch, when it expires
 * and the label "DagsHub token for <host>"; the token is the secret, never
 * an attribute.  It goes to the default collection (alias "default").
 *
 * Python's keyring library (SecretService backend) stores {service,
 * username, application: "Python keyring library"} in the same collection
 * and keyring.get_credential(host, None) searches by `service` alone, so
 * lookups here are by `service` alone too (and without xdg:schema, which
 * Python does not set): each side reads what the other wrote.
 *
 * Nothing here prompts unless the request is interactive: a locked item or
 * collection is then `unavailable`, and erase() never treats "locked" as
 * "nothing there".  Every call is async and bounded (ss.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ss.h"

#define A_SERVICE "service"
#define A_USERNAME "username"
#define A_APPLICATION "application"
#define A_TYPE "dagshub-token-type"
#define A_EXPIRES "dagshub-token-expires"

/* The schema stored items declare (libsecret adds xdg:schema from it). */
static const SecretSchema s_schema = {
	.name = KR_SS_SCHEMA,
	.flags = SECRET_SCHEMA_NONE,
	.attributes = {
		{ A_SERVICE, SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ A_USERNAME, SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ A_APPLICATION, SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ A_TYPE, SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ A_EXPIRES, SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ NULL, 0 },
	},
};

/* One item found, decoded. */
typedef struct s_found {
	SecretItem *item;        /* borrowed from s_items.list */
	GHashTable *attrs;
	char *secret;            /* NUL-terminated copy; NULL when locked */
	size_t len;
	int locked;
	int64_t expires_us;      /* 0 = never */
	guint64 modified;
	char collection[64];     /* from the object path, e.g. "login" */
} s_found;

typedef struct s_items {
	GList *list;             /* SecretItem refs */
	s_found *v;
	size_t n;
	size_t nlocked;
	char locked_in[64];      /* a collection with a locked item */
} s_items;

static const char *s_attr(const s_found *f, const char *name)
{
	return f->attrs ? g_hash_table_lookup(f->attrs, name) : NULL;
}

static void s_items_free(s_items *it)
{
	for (size_t i = 0; i < it->n; i++) {
		dh_free_wiped(it->v[i].secret, it->v[i].len);
		if (it->v[i].attrs)
			g_hash_table_unref(it->v[i].attrs);
	}
	g_free(it->v);
	g_list_free_full(it->list, g_object_unref);
	memset(it, 0, sizeof(*it));
}

/* "login" from /org/freedesktop/secrets/collection/login/12. */
static void s_collection_of(const char *path, char *out, size_t size)
{
	static const char pre[] = "/org/freedesktop/secrets/collection/";
	const char *p = path, *slash;

	snprintf(out, size, "?");
	if (!p || strncmp(p, pre, sizeof(pre) - 1) != 0)
		return;
	p += sizeof(pre) - 1;
	slash = strchr(p, '/');
	snprintf(out, size, "%.*s", (int)(slash ? (size_t)(slash - p)
	                                        : strlen(p)), p);
}

/* A NUL-terminated copy of an item's secret, or NULL (locked, not loaded,
 * empty, or binary). */
static char *s_secret_copy(SecretItem *item, size_t *len)
{
	SecretValue *sv = secret_item_get_secret(item);
	const gchar *data;
	gsize n = 0;
	char *copy = NULL;

	if (!sv)
		return NULL;
	data = secret_value_get(sv, &n);
	if (data && n > 0 && !memchr(data, '\0', n) && (copy = malloc(n + 1))) {
		memcpy(copy, data, n);
		copy[n] = '\0';
		*len = n;
	}
	secret_value_unref(sv);
	return copy;
}

/* Searches every collection for items with attribute name = value,
 * loading the secrets of unlocked ones.  Never unlocks. */
static dagshub_provider_result s_search(struct kr_ss *ss, const char *name,
                                        const char *value, s_items *out)
{
	dagshub_provider_result r = DAGSHUB_PROVIDER_TOKEN;
	GHashTable *attrs = g_hash_table_new(g_str_hash, g_str_equal);
	GError *err = NULL;
	kr_op *op = kr_op_new();
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	if (!op) {
		g_hash_table_unref(attrs);
		kr_reason(ss->st, ss->ctx, KR_SS_NAME ": out of memory");
		return DAGSHUB_PROVIDER_ERROR;
	}
	g_hash_table_insert(attrs, (gpointer)name, (gpointer)value);
	/* No schema: items written by Python's keyring carry no xdg:schema. */
	secret_service_search(ss->service, NULL, attrs,
	                      SECRET_SEARCH_ALL | SECRET_SEARCH_LOAD_SECRETS,
	                      ss->cancel, kr_op_done, op);
	if (kr_ss_wait(ss, op) == 0)
		out->list = secret_service_search_finish(ss->service, op->res, &err);
	if (!op->done || err) {
		r = kr_ss_fail(ss, "searching the keyring", err);
		goto out;
	}
	out->v = g_new0(s_found, g_list_length(out->list) + 1);
	for (GList *l = out->list; l; l = l->next, i++) {
		s_found *f = &out->v[i];
		const char *exp;

		f->item = l->data;
		f->attrs = secret_item_get_attributes(f->item);
		f->locked = secret_item_get_locked(f->item);
		f->modified = secret_item_get_modified(f->item);
		s_collection_of(g_dbus_proxy_get_object_path(G_DBUS_PROXY(f->item)),
		                f->collection, sizeof(f->collection));
		if ((exp = s_attr(f, A_EXPIRES)))
			f->expires_us = g_ascii_strtoll(exp, NULL, 10);
		if (!f->locked)
			f->secret = s_secret_copy(f->item, &f->len);
		if (f->locked || !f->secret) {
			out->nlocked += f->locked;
			if (f->locked)
				snprintf(out->locked_in, sizeof(out->locked_in), "%s",
				         f->collection);
		}
	}
	out->n = i;
out:
	g_clear_error(&err);
	kr_op_unref(op);
	g_hash_table_unref(attrs);
	return r;
}

/* The default collection (alias "default"), or NULL when there is none. */
static dagshub_provider_result s_default(struct kr_ss *ss,
                                         SecretCollection **out)
{
	dagshub_provider_result r = DAGSHUB_PROVIDER_TOKEN;
	GError *err = NULL;
	kr_op *op = kr_op_new();

	*out = NULL;
	if (!op) {
		kr_reason(ss->st, ss->ctx, KR_SS_NAME ": out of memory");
		return DAGSHUB_PROVIDER_ERROR;
	}
	secret_collection_for_alias(ss->service, SECRET_COLLECTION_DEFAULT,
	                            SECRET_COLLECTION_NONE, ss->cancel,
	                            kr_op_done, op);
	if (kr_ss_wait(ss, op) == 0)
		*out = secret_collection_for_alias_finish(op->res, &err);
	if (!op->done || err)
		r = kr_ss_fail(ss, "finding the default collection", err);
	g_clear_error(&err);
	kr_op_unref(op);
	return r;
}

static void s_collection_name(SecretCollection *c, char *out, size_t size)
{
	s_collection_of(g_dbus_proxy_get_object_path(G_DBUS_PROXY(c)), out,
	                size);
}

/* Asks the person to unlock `objects` (items or collections): only when
 * interactive, bounded by args.prompt_timeout.  Returns TOKEN when
 * something was unlocked, UNAVAILABLE (dismissed, timed out) or ERROR. */
static dagshub_provider_result s_unlock(struct kr_ss *ss,
                                        const dagshub_provider_request *req,
                                        GList *objects)
{
	kr_state *st = ss->st;
	dagshub_provider_result r = DAGSHUB_PROVIDER_TOKEN;
	GError *err = NULL;
	kr_op *op = kr_op_new();
	gint n = 0;

	if (!op) {
		kr_reason(st, ss->ctx, KR_SS_NAME ": out of memory");
		return DAGSHUB_PROVIDER_ERROR;
	}
	ss->deadline_ms = kr_deadline(st, ss->ctx, req, st->prompt_timeout_ms);
	secret_service_unlock(ss->service, objects, ss->cancel, kr_op_done, op);
	if (kr_ss_wait(ss, op) == 0)
		n = secret_service_unlock_finish(ss->service, op->res, NULL, &err);
	if (ss->timed_out) {
		kr_reason(st, ss->ctx, KR_SS_NAME ": the unlock prompt was not "
		          "answered within %lld s (args.prompt_timeout)",
		          st->prompt_timeout_ms / 1000);
		r = DAGSHUB_PROVIDER_UNAVAILABLE;
	} else if (err) {
		r = kr_ss_fail(ss, "unlocking", err);
	} else if (n <= 0) {
		kr_reason(st, ss->ctx, KR_SS_NAME ": the keyring stays locked "
		          "(the unlock prompt was dismissed)");
		r = DAGSHUB_PROVIDER_UNAVAILABLE;
	}
	/* The calls after a prompt get a fresh bound of their own. */
	ss->deadline_ms = kr_deadline(st, ss->ctx, req, st->timeout_ms);
	g_clear_error(&err);
	kr_op_unref(op);
	return r;
}

static void s_reason_locked(struct kr_ss *ss, const char *collection,
                            const char *more)
{
	kr_reason(ss->st, ss->ctx, KR_SS_NAME ": collection '%s' is locked and "
	          "this is not interactive, so it is not unlocked%s; unlock it "
	          "(log in to the desktop, or run the command in a terminal) "
	          "and try again", collection, more ? more : "");
}

/* The items of req->host.  When some are locked, or there are none and
 * the default collection is locked, they are unlocked if the request is
 * interactive; what stays locked is counted in out->nlocked (with
 * out->locked_in naming the collection).  Returns TOKEN when the search
 * worked. */
static dagshub_provider_result s_host_items(struct kr_ss *ss,
                                            const dagshub_provider_request *req,
                                            s_items *out)
{
	int interactive = !!(req->flags & DAGSHUB_REQUEST_INTERACTIVE);
	SecretCollection *coll = NULL;
	dagshub_provider_result r;
	GList *objects = NULL;

	if ((r = s_search(ss, A_SERVICE, req->host, out)) != DAGSHUB_PROVIDER_TOKEN)
		return r;
	if (out->n == 0) {
		/* A locked collection may hide its items from a search. */
		if ((r = s_default(ss, &coll)) != DAGSHUB_PROVIDER_TOKEN)
			return r;
		if (!coll || !secret_collection_get_locked(coll))
			goto out;
		s_collection_name(coll, out->locked_in, sizeof(out->locked_in));
		out->nlocked = 1;
		objects = g_list_append(NULL, coll);
	} else if (out->nlocked) {
		for (size_t i = 0; i < out->n; i++)
			if (out->v[i].locked)
				objects = g_list_append(objects, out->v[i].item);
	}
	if (!out->nlocked || !interactive)
		goto out;
	if ((r = s_unlock(ss, req, objects)) != DAGSHUB_PROVIDER_TOKEN)
		goto out;
	s_items_free(out);
	r = s_search(ss, A_SERVICE, req->host, out);
out:
	g_list_free(objects);
	g_clear_object(&coll);
	return r;
}

/* The item get() answers with: not expired, an app token (or of unknown
 * type) before a bearer token, then the newest. */
static const s_found *s_best(const s_items *it, int64_t now_us,
                             size_t *expired)
{
	const s_found *best = NULL;
	int best_rank = -1;

	*expired = 0;
	for (size_t i = 0; i < it->n; i++) {
		const s_found *f = &it->v[i];
		const char *type = s_attr(f, A_TYPE);
		int rank;

		if (!f->secret)
			continue;
		if (f->expires_us && f->expires_us <= now_us) {
			(*expired)++;
			continue;
		}
		rank = (type && !strcmp(type, DAGSHUB_TOKEN_TYPE_BEARER)) ? 0 : 1;
		if (rank > best_rank ||
		    (rank == best_rank && f->modified > best->modified)) {
			best = f;
			best_rank = rank;
		}
	}
	return best;
}

/*
 * Begins a Secret Service operation bounded by the request's deadline (or
 * args.timeout) and connects.  Returns DAGSHUB_PROVIDER_TOKEN when ready;
 * otherwise the result to return, with the reason set.  *ss is NULL only
 * when nothing was begun; kr_ss_end() takes either.
 */
static dagshub_provider_result s_start(kr_state *st, dagshub_provider_ctx *ctx,
                                       const dagshub_provider_request *req,
                                       struct kr_ss **ss)
{
	*ss = kr_ss_begin(st, ctx, kr_deadline(st, ctx, req, st->timeout_ms));
	if (!*ss) {
		kr_reason(st, ctx, KR_SS_NAME ": out of memory");
		return DAGSHUB_PROVIDER_ERROR;
	}
	return kr_ss_connect(*ss, st->backend == KR_BACKEND_SS, 1);
}

dagshub_provider_result kr_ss_get(kr_state *st, dagshub_provider_ctx *ctx,
                                  const dagshub_provider_request *req)
{
	dagshub_provider_token tok = { 0 };
	dagshub_provider_result r;
	s_items it = { 0 };
	const s_found *f;
	size_t expired = 0;
	struct kr_ss *ss;

	if ((r = s_start(st, ctx, req, &ss)) != DAGSHUB_PROVIDER_TOKEN)
		goto out;
	if ((r = s_host_items(ss, req, &it)) != DAGSHUB_PROVIDER_TOKEN)
		goto out;
	if (!(f = s_best(&it, st->svc->now_us(ctx), &expired))) {
		if (it.nlocked) {
			s_reason_locked(ss, it.locked_in, NULL);
			r = DAGSHUB_PROVIDER_UNAVAILABLE;
		} else {
			kr_reason(st, ctx, KR_SS_NAME ": no item with service = %s%s",
			          req->host, expired ? " that has not expired" : "");
			r = DAGSHUB_PROVIDER_NOTFOUND;
		}
		goto out;
	}
	tok.struct_size = sizeof(tok);
	tok.host = req->host;
	tok.value = f->secret;
	tok.type = s_attr(f, A_TYPE);
	tok.username = s_attr(f, A_USERNAME);
	tok.expires_us = f->expires_us;
	if (st->svc->set_token(ctx, &tok, 0) != 0) {
		kr_reason(st, ctx, KR_SS_NAME ": out of memory");
		r = DAGSHUB_PROVIDER_ERROR;
		goto out;
	}
	kr_reason(st, ctx, KR_SS_NAME ": item found in collection '%s'%s",
	          f->collection, s_attr(f, A_APPLICATION) &&
	          strcmp(s_attr(f, A_APPLICATION), KR_SS_APPLICATION)
	          ? " (written by another application)" : "");
	r = DAGSHUB_PROVIDER_TOKEN;
out:
	s_items_free(&it);
	kr_ss_end(ss);
	return r;
}

static int s_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Deletes one item.  Returns 0, or -1 with the reason set in *r. */
static int s_delete(struct kr_ss *ss, SecretItem *item,
                    dagshub_provider_result *r)
{
	GError *err = NULL;
	kr_op *op = kr_op_new();
	int ok = 0;

	if (!op) {
		kr_reason(ss->st, ss->ctx, KR_SS_NAME ": out of memory");
		*r = DAGSHUB_PROVIDER_ERROR;
		return -1;
	}
	secret_item_delete(item, ss->cancel, kr_op_done, op);
	if (kr_ss_wait(ss, op) == 0)
		ok = secret_item_delete_finish(item, op->res, &err);
	if (!ok)
		*r = kr_ss_fail(ss, "deleting an item", err);
	g_clear_error(&err);
	kr_op_unref(op);
	return ok ? 0 : -1;
}

/* Makes sure the default collection exists and is unlocked (unlocking it
 * only when interactive).  Fills name. */
static dagshub_provider_result s_ready_to_store(struct kr_ss *ss,
                                                const dagshub_provider_request *req,
                                                char *name, size_t size)
{
	int interactive = !!(req->flags & DAGSHUB_REQUEST_INTERACTIVE);
	SecretCollection *coll = NULL;
	dagshub_provider_result r;
	GList *objects;

	snprintf(name, size, "default");
	if ((r = s_default(ss, &coll)) != DAGSHUB_PROVIDER_TOKEN)
		return r;
	if (!coll) {
		if (interactive) /* the service asks whether to create one */
			return DAGSHUB_PROVIDER_TOKEN;
		kr_reason(ss->st, ss->ctx, KR_SS_NAME ": there is no default "
		          "collection to store in, and making one needs a "
		          "person; log in to the desktop once (or run "
		          "`gnome-keyring-daemon --unlock`) and try again");
		return DAGSHUB_PROVIDER_UNAVAILABLE;
	}
	s_collection_name(coll, name, size);
	if (secret_collection_get_locked(coll)) {
		if (!interactive) {
			s_reason_locked(ss, name, "; nothing was stored");
			r = DAGSHUB_PROVIDER_UNAVAILABLE;
		} else {
			objects = g_list_append(NULL, coll);
			r = s_unlock(ss, req, objects);
			g_list_free(objects);
		}
	}
	g_object_unref(coll);
	return r;
}

dagshub_provider_result kr_ss_store(kr_state *st, dagshub_provider_ctx *ctx,
                                    const dagshub_provider_request *req,
                                    const dagshub_provider_token *tok)
{
	GHashTable *attrs = g_hash_table_new(g_str_hash, g_str_equal);
	char collection[64], expires[32];
	dagshub_provider_result r;
	SecretValue *sv = NULL;
	GError *err = NULL;
	gchar *label = NULL;
	s_items it = { 0 };
	kr_op *op = NULL;
	struct kr_ss *ss;
	int ok = 0;

	if ((r = s_start(st, ctx, req, &ss)) != DAGSHUB_PROVIDER_TOKEN)
		goto out;
	if ((r = s_ready_to_store(ss, req, collection, sizeof(collection))) !=
	    DAGSHUB_PROVIDER_TOKEN)
		goto out;
	if ((r = s_search(ss, A_SERVICE, req->host, &it)) != DAGSHUB_PROVIDER_TOKEN)
		goto out;
	for (size_t i = 0; i < it.n; i++) {
		if (it.v[i].secret && !strcmp(it.v[i].secret, tok->value)) {
			kr_reason(st, ctx, KR_SS_NAME ": already stored in "
			          "collection '%s'", it.v[i].collection);
			r = DAGSHUB_PROVIDER_TOKEN;
			goto out;
		}
	}
	g_hash_table_insert(attrs, A_SERVICE, (gpointer)req->host);
	g_hash_table_insert(attrs, A_APPLICATION, KR_SS_APPLICATION);
	if (tok->username)
		g_hash_table_insert(attrs, A_USERNAME, (gpointer)tok->username);
	if (tok->type)
		g_hash_table_insert(attrs, A_TYPE, (gpointer)tok->type);
	if (tok->expires_us) {
		snprintf(expires, sizeof(expires), "%lld",
		         (long long)tok->expires_us);
		g_hash_table_insert(attrs, A_EXPIRES, expires);
	}
	label = g_strdup_printf("DagsHub token for %s", req->host);
	sv = secret_value_new(tok->value, -1, "text/plain");
	if (!(op = kr_op_new())) {
		kr_reason(st, ctx, KR_SS_NAME ": out of memory");
		r = DAGSHUB_PROVIDER_ERROR;
		goto out;
	}
	secret_service_store(ss->service, &s_schema, attrs,
	                     SECRET_COLLECTION_DEFAULT, label, sv, ss->cancel,
	                     kr_op_done, op);
	if (kr_ss_wait(ss, op) == 0)
		ok = secret_service_store_finish(ss->service, op->res, &err);
	if (!ok) {
		r = kr_ss_fail(ss, "storing the item", err);
		goto out;
	}
	/* The older token of the same login and type is replaced, as
	 * Python's keyring.set_password() replaces its item.  Searched
	 * afresh: the service may have updated an old item in place. */
	s_items_free(&it);
	if ((r = s_search(ss, A_SERVICE, req->host, &it)) != DAGSHUB_PROVIDER_TOKEN)
		goto out;
	for (size_t i = 0; i < it.n; i++) {
		const s_found *f = &it.v[i];
		if (!f->secret || !strcmp(f->secret, tok->value) ||
		    !s_same(s_attr(f, A_APPLICATION), KR_SS_APPLICATION) ||
		    !s_same(s_attr(f, A_USERNAME), tok->username) ||
		    !s_same(s_attr(f, A_TYPE), tok->type))
			continue;
		if (s_delete(ss, f->item, &r) != 0)
			goto out;
	}
	kr_reason(st, ctx, KR_SS_NAME ": stored in collection '%s'", collection);
	r = DAGSHUB_PROVIDER_TOKEN;
out:
	g_clear_error(&err);
	kr_op_unref(op);
	if (sv)
		secret_value_unref(sv);
	g_free(label);
	s_items_free(&it);
	g_hash_table_unref(attrs);
	kr_ss_end(ss);
	return r;
}

dagshub_provider_result kr_ss_erase(kr_state *st, dagshub_provider_ctx *ctx,
                                    const dagshub_provider_request *req,
                                    const char *value)
{
	dagshub_provider_result r;
	s_items it = { 0 };
	struct kr_ss *ss;
	size_t erased = 0, other = 0;
	char more[64];

	if ((r = s_start(st, ctx, req, &ss)) != DAGSHUB_PROVIDER_TOKEN)
		goto out;
	if ((r = s_host_items(ss, req, &it)) != DAGSHUB_PROVIDER_TOKEN)
		goto out;
	/* Only items whose secret could be read are candidates: a locked
	 * one is never deleted unseen. */
	for (size_t i = 0; i < it.n; i++) {
		const s_found *f = &it.v[i];
		if (!f->secret)
			continue;
		if (value && strcmp(f->secret, value) != 0) {
			other++;
			continue;
		}
		if (s_delete(ss, f->item, &r) != 0)
			goto out;
		erased++;
	}
	if (it.nlocked) {
		snprintf(more, sizeof(more), " (%zu item%s erased, the rest kept)",
		         erased, erased == 1 ? "" : "s");
		s_reason_locked(ss, it.locked_in, more);
		r = DAGSHUB_PROVIDER_UNAVAILABLE;
	} else if (erased) {
		kr_reason(st, ctx, KR_SS_NAME ": erased %zu item%s of %s", erased,
		          erased == 1 ? "" : "s", req->host);
		r = DAGSHUB_PROVIDER_TOKEN;
	} else {
		kr_reason(st, ctx, KR_SS_NAME ": no item with service = %s%s",
		          req->host, other ? " holds that token" : "");
		r = DAGSHUB_PROVIDER_NOTFOUND;
	}
out:
	s_items_free(&it);
	kr_ss_end(ss);
	return r;
}

dagshub_provider_result kr_ss_list(kr_state *st, dagshub_provider_ctx *ctx)
{
	dagshub_provider_result r;
	s_items it = { 0 };
	struct kr_ss *ss;
	size_t listed = 0;

	if ((r = s_start(st, ctx, NULL, &ss)) != DAGSHUB_PROVIDER_TOKEN)
		goto out;
	/* Only the items this provider wrote: other applications' items
	 * (Python's keyring serves many services) are not ours to show. */
	if ((r = s_search(ss, A_APPLICATION, KR_SS_APPLICATION, &it)) !=
	    DAGSHUB_PROVIDER_TOKEN)
		goto out;
	for (size_t i = 0; i < it.n; i++) {
		const s_found *f = &it.v[i];
		dagshub_provider_token tok = { 0 };

		if (!f->secret || !s_attr(f, A_SERVICE))
			continue;
		tok.struct_size = sizeof(tok);
		tok.host = s_attr(f, A_SERVICE);
		tok.value = f->secret;
		tok.type = s_attr(f, A_TYPE);
		tok.username = s_attr(f, A_USERNAME);
		tok.expires_us = f->expires_us;
		st->svc->list_item(ctx, &tok);
		listed++;
	}
	if (it.nlocked && !listed) {
		s_reason_locked(ss, it.locked_in, NULL);
		r = DAGSHUB_PROVIDER_UNAVAILABLE;
		goto out;
	}
	kr_reason(st, ctx, KR_SS_NAME ": %zu token%s%s%s%s", listed,
	          listed == 1 ? "" : "s", it.n ? " in collection '" : "",
	          it.n ? it.v[0].collection : "", it.n ? "'" : "");
	if (it.nlocked)
		st->svc->warn(ctx, KR_SS_NAME ": %zu item%s in locked collection "
		              "'%s' not shown", it.nlocked,
		              it.nlocked == 1 ? "" : "s", it.locked_in);
	r = listed ? DAGSHUB_PROVIDER_TOKEN : DAGSHUB_PROVIDER_NOTFOUND;
out:
	s_items_free(&it);
	kr_ss_end(ss);
	return r;
}
