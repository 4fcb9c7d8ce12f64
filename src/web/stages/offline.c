/*
 * offline.c - the visiting officer's device back online: POST
 * /partisipasi/{id}/verifikasi/sinkron (and .../pembinaan/sinkron for
 * supervision visits, the same) takes, as JSON, what the device
 * recorded offline (verdicts and site visits with their photos, each with
 * an identifier the device made and the time it recorded it) and answers,
 * item by item, what became of each (svc/offline.h). A session sends the
 * form token in the X-CSRF-Token header; a bearer token needs none. Also
 * the service worker's script, at the root so that it may keep pages of
 * the whole site (GET /luring-sw.js).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#include <sodium.h>

#include "web/app.h"
#include "web/routes.h"
#include "web/stages/participation.h"
#include "base/embed.h"
#include "base/fdio.h"
#include "base/sha256.h"
#include "http/server.h"
#include "svc/offline.h"

#define SYNC_ITEMS_MAX 100 /* items in one send */
#define SYNC_PHOTOS_MAX 8  /* photos of one visit */
#define SYNC_BODY_MAX (48u * 1024 * 1024)

/* A text member of o, or NULL. */
static const char *
text_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Write photo (base64 in "data") to a temporary file of the spool into f,
 * as an upload would arrive; false when it is not base64. */
static bool
photo_in(struct request *req, json_t *photo, struct file_in *f)
{
	const char *b64 = text_of(photo, "data"), *name = text_of(photo, "name");
	uint64_t limit = server_config(req->srv)->upload_max;
	unsigned char *bin;
	size_t len = 0, cap;
	char *path;
	int fd;

	memset(f, 0, sizeof(*f));
	f->name = name != NULL && name[0] != '\0' ? name : "foto.jpg";
	f->limit = limit;
	if (b64 == NULL)
		return false;
	cap = strlen(b64) / 4 * 3 + 3;
	if ((bin = arena_alloc(&req->arena, cap)) == NULL ||
	    sodium_base642bin(bin, cap, b64, strlen(b64), NULL, &len, NULL,
		sodium_base64_VARIANT_ORIGINAL) != 0)
		return false;
	f->size = len;
	if (len > limit) {
		f->too_large = true;
		return true;
	}
	if (len == 0)
		return true;
	path = arena_printf(&req->arena, "%s/luring-XXXXXX", server_spool_dir(req->srv));
	if (path == NULL || (fd = mkstemp(path)) < 0)
		return false;
	if (fd_write_all(fd, bin, len) < 0) {
		close(fd);
		unlink(path);
		return false;
	}
	close(fd);
	f->path = path;
	sha256_hex(bin, len, f->sha256);
	f->mime = files_sniff(path);
	return true;
}

/* The item o as the service takes it; false when its photos are not
 * readable (the item is then invalid). */
static bool
item_in(struct request *req, json_t *o, struct offline_item *it)
{
	json_t *photos = json_object_get(o, "photos"), *ph;
	size_t i;

	*it = (struct offline_item){ .client_id = text_of(o, "id"),
		.kind = offline_kind_parse(text_of(o, "kind")),
		.recorded_at = text_of(o, "recorded_at"),
		.indicator = text_of(o, "indicator"),
		.version = text_of(o, "version"),
		.verdict = text_of(o, "verdict"),
		.note = text_of(o, "note"),
		.date = text_of(o, "date"),
		.present = text_of(o, "present"),
		.findings = text_of(o, "findings"),
		.officers = text_of(o, "officers"),
		.summary = text_of(o, "summary") };
	if (photos == NULL)
		return true;
	if (!json_is_array(photos) || json_array_size(photos) > SYNC_PHOTOS_MAX ||
	    (it->photos = arena_alloc(&req->arena,
		 (json_array_size(photos) + 1) * sizeof(*it->photos))) == NULL)
		return false;
	json_array_foreach(photos, i, ph) {
		if (!photo_in(req, ph, &it->photos[i]))
			return false;
		it->photo_count = i + 1;
	}
	return true;
}

/* Remove the temporary files the service did not take. */
static void
photos_drop(struct offline_item *it)
{
	size_t i;

	for (i = 0; i < it->photo_count; i++)
		if (it->photos[i].path != NULL) {
			unlink(it->photos[i].path);
			it->photos[i].path = NULL;
		}
}

/* One item's answer. */
static json_t *
result_json(struct request *req, const struct participation *p, json_t *o,
    const struct offline_result *r)
{
	json_t *out = json_pack("{s:O, s:s}", "id",
	    json_object_get(o, "id") ? json_object_get(o, "id") : json_null(), "status",
	    offline_outcome_code(r->outcome));

	if (r->message != NULL)
		json_object_set_new(out, "message", json_string(r->message));
	if (r->status != 0)
		json_object_set_new(out, "code", json_integer(r->status));
	if (r->received_at != NULL) {
		json_object_set_new(out, "received_at", json_string(r->received_at));
		json_object_set_new(out, "received_at_text",
		    json_string(participation_local_time(req, p, r->received_at)));
	}
	if (r->current != NULL)
		json_object_set(out, "current", r->current);
	return out;
}

/* The body as {"items": [...]}, or NULL with e (400, what is wrong). */
static json_t *
body_items(struct request *req, json_t **doc, struct err *e)
{
	json_t *items;

	*doc = req->body.len > 0
	    ? json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, NULL)
	    : NULL;
	items = json_object_get(*doc, "items");
	if (!json_is_array(items) || json_array_size(items) == 0 ||
	    json_array_size(items) > SYNC_ITEMS_MAX) {
		err_set(e, ERR_BAD_FIELD, "%s",
		    i18n_get(req_lang(req), "offline.sync.bad_body"));
		return NULL;
	}
	return items;
}

static int
sync_post(struct request *req, struct reply *rep, struct err *e)
{
	int64_t pid = req_param(req, "id")->i;
	json_t *doc = NULL, *items, *o, *results;
	struct offline_result r;
	struct offline_item it;
	struct participation p;
	size_t i, counts[OFFLINE_OUTCOME_MAX] = { 0 };
	struct svc s;
	int rc = -1;

	if (web_svc(req, &s, e) < 0 || participation_load(&s, pid, &p, e) < 0 ||
	    (items = body_items(req, &doc, e)) == NULL)
		goto out;
	results = json_array();
	json_array_foreach(items, i, o) {
		memset(&r, 0, sizeof(r));
		if (!json_is_object(o) || !item_in(req, o, &it)) {
			r.outcome = OFFLINE_INVALID;
			r.message = i18n_get(req_lang(req), "offline.item.bad_shape");
			if (json_is_object(o))
				photos_drop(&it);
		} else {
			s.now = time(NULL);
			if (offline_apply(&s, pid, &it, &r, e) < 0) {
				photos_drop(&it);
				json_decref(results);
				goto out;
			}
			photos_drop(&it);
		}
		counts[r.outcome]++;
		json_array_append_new(results,
		    result_json(req, &p, json_is_object(o) ? o : NULL, &r));
		json_decref(r.current);
	}
	rep->model = json_pack("{s:o, s:I, s:I, s:I, s:I, s:I}", "results", results,
	    "accepted", (json_int_t)counts[OFFLINE_ACCEPTED], "duplicate",
	    (json_int_t)counts[OFFLINE_DUPLICATE], "conflict",
	    (json_int_t)counts[OFFLINE_CONFLICT], "refused",
	    (json_int_t)counts[OFFLINE_REFUSED], "invalid",
	    (json_int_t)counts[OFFLINE_INVALID]);
	rc = 0;
out:
	json_decref(doc);
	return rc;
}

/* The service worker's script: never kept stale by the browser. */
static int
worker_get(struct request *req, struct reply *rep, struct err *e)
{
	const struct embed_file *f = embed_find("static/luring-sw.js");

	(void)req;
	if (f == NULL) {
		err_set(e, ERR_NOT_FOUND, "no service worker");
		return -1;
	}
	reply_header(rep, "Cache-Control", "no-cache");
	rep->body = (char *)f->data;
	rep->len = f->len;
	rep->body_static = true;
	rep->content_type = "text/javascript; charset=utf-8";
	return 0;
}

/* clang-format off */
static const struct route routes[] = {
	ROUTE_POST("/partisipasi/{id}/verifikasi/sinkron", sync_post, NULL, SIGNED_IN,
	    .params = route_params_id, .max_body = SYNC_BODY_MAX,
	    .about = "Receives verdicts, notes and photos recorded offline on a visit, "
		"each item once"),
	ROUTE_POST("/partisipasi/{id}/pembinaan/sinkron", sync_post, NULL, SIGNED_IN,
	    .params = route_params_id, .max_body = SYNC_BODY_MAX,
	    .about = "Receives a supervision visit recorded offline, each item once"),
	ROUTE_GET("/luring-sw.js", worker_get, NULL, PUBLIC,
	    .produces = "text/javascript",
	    .about = "The service worker that keeps a prepared visit on the device"),
};
/* clang-format on */
ROUTE_TABLE(offline_routes, routes);
