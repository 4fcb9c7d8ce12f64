/*
 * files_pages.c - an uploaded file's address, /berkas/{id}: the download,
 * streamed from the file store after the policy allows the caller to see the
 * participation it belongs to (404 otherwise, as for a file that does not
 * exist), and its removal while the stage it belongs to is open. Removed
 * files stay downloadable: they are the participation's history.
 */
#include <string.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/keptrow.h"
#include "web/pagecache.h"
#include "web/stages/building.h"
#include "web/stages/declaration.h"
#include "web/stages/files_pages.h"
#include "web/stored.h"
#include "svc/files.h"
#include "base/buf.h"
#include "base/log.h"
#include "web/routes.h"

/* RFC 6266 and 8187: a quoted ASCII fallback for old clients, then the
 * exact UTF-8 name percent-encoded. */
static const char *
disposition(struct arena *a, const char *name)
{
	const unsigned char *p;
	struct buf b;
	char *out;

	buf_init(&b, 0);
	buf_printf(&b, "attachment; filename=\"");
	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if (*p >= 0x80 && (*p & 0xc0) == 0x80)
			continue; /* one '_' per character */
		buf_putc(&b,
		    *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' ? (char)*p : '_');
	}
	buf_printf(&b, "\"; filename*=UTF-8''");
	buf_pct(&b, name, strlen(name), "!#$&+^`|"); /* RFC 8187 attr-char */
	out = b.failed ? NULL : arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return out != NULL ? out : "attachment";
}

/* What the JSON twin of a download says about the file. */
static json_t *
file_model(struct request *req, json_t *row)
{
	char size[32];
	json_t *m;

	files_size_text(req_lang(req),
	    (uint64_t)json_integer_value(json_object_get(row, "size")), size, sizeof(size));
	m = json_pack("{s:O, s:O, s:O, s:O, s:s, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:b, "
		      "s:O}",
	    "id", json_object_get(row, "id"), "name", json_object_get(row, "name"),
	    "mime", json_object_get(row, "mime"), "size", json_object_get(row, "size"),
	    "size_text", size, "sha256", json_object_get(row, "sha256"),
	    "participation_id", json_object_get(row, "participation_id"), "purpose",
	    json_object_get(row, "purpose"), "indicator", json_object_get(row, "indicator"),
	    "uploaded_at", json_object_get(row, "uploaded_at"), "uploaded_by_name",
	    json_object_get(row, "uploaded_by_name"), "replaces_id",
	    json_object_get(row, "replaces_id"), "removed",
	    !json_is_null(json_object_get(row, "removed_at")), "removed_at",
	    json_object_get(row, "removed_at"));
	return m != NULL ? json_pack("{s:o}", "file", m) : NULL;
}

/*
 * File id's row, when the caller may download it. For a download (want
 * is false) the few members files_reply reads are kept per process at the
 * data's version for this user (web/keptrow.h), since uploading,
 * removing, a participation's move and a change of grants all append to
 * the audit log; else the row is read and judged by files_get. The caller
 * owns *row.
 */
static int
file_allowed(struct request *req, int64_t id, bool whole, json_t **row, struct err *e)
{
	struct participation p;
	struct svc s;
	const char *key = NULL;
	json_t *few;
	int64_t v = -1;

	if (!whole &&
	    (key = arena_printf(&req->arena, "file %lld u%lld", (long long)id,
		 (long long)req_auth(req)->user_id)) != NULL &&
	    pagecache_data_version(req, &v) == 0 && (*row = keptrow_get(key, v)) != NULL)
		return 0;
	if (web_svc(req, &s, e) < 0 || files_get(&s, id, row, &p, e) < 0)
		return -1;
	if (key != NULL && v >= 0 &&
	    (few = json_pack("{s:O, s:O, s:O, s:O, s:O}", "id", json_object_get(*row, "id"),
		 "sha256", json_object_get(*row, "sha256"), "size",
		 json_object_get(*row, "size"), "mime", json_object_get(*row, "mime"),
		 "name", json_object_get(*row, "name"))) != NULL) {
		keptrow_put(key, v, few);
		json_decref(few);
	}
	return 0;
}

static int
files_download(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	json_t *row;

	if (file_allowed(req, id, req->wants_json, &row, e) < 0)
		return -1;
	if (req->wants_json) {
		rep->model = file_model(req, row);
		json_decref(row);
		if (rep->model == NULL)
			err_set(e, ERR_NOMEM, "out of memory");
		return rep->model != NULL ? 0 : -1;
	}
	return files_reply(req, rep, row, e);
}

int
files_reply(struct request *req, struct reply *rep, json_t *row, struct err *e)
{
	struct file_store dir = { .kind = FILE_STORE_DIR, .data_dir = req_app(req)->data_dir };
	const struct file_store *st = file_store_in_db() ? file_store_current() : &dir;
	int64_t id = json_integer_value(json_object_get(row, "id")), size;
	const char *mime, *sha;

	sha = json_string_value(json_object_get(row, "sha256"));
	size = json_integer_value(json_object_get(row, "size"));
	mime = files_mime_accepted(json_string_value(json_object_get(row, "mime")));
	if (sha == NULL || size < 0 || stored_reply(rep, st, sha, (uint64_t)size, e) < 0) {
		log_err("event=file_missing id=%lld", (long long)id);
		json_decref(row);
		err_set(e, ERR_FILE_STORE, "the stored file is missing or damaged");
		return -1;
	}
	reply_header(rep, "Content-Disposition",
	    disposition(&req->arena, json_string_value(json_object_get(row, "name"))));
	reply_header(rep, "Cache-Control", "private, no-cache");
	json_decref(row);
	rep->content_type = mime != NULL ? mime : "application/octet-stream";
	return 0;
}

/* Where to go after a removal: kembali when it is a page of a
 * participation on this site, else the participation's page. */
static const char *
back_target(struct request *req, int64_t pid)
{
	const char *k = req_param(req, "kembali")->text;
	const char *p;

	if (k != NULL && strncmp(k, "/partisipasi/", 13) == 0) {
		for (p = k; *p != '\0'; p++)
			if (*p == '\\' || (unsigned char)*p <= ' ' || *p == 0x7f ||
			    (p[0] == '/' && p[1] == '/') || (p[0] == '.' && p[1] == '.'))
				break;
		if (*p == '\0')
			return k;
	}
	return arena_printf(&req->arena, "/partisipasi/%lld", (long long)pid);
}

static int
files_remove_post(struct request *req, struct reply *rep, struct err *e)
{
	struct svc s;
	int64_t pid;

	if (web_svc(req, &s, e) < 0 || files_remove(&s, req_param(req, "id")->i, &pid, e) < 0)
		return -1;
	return web_see_other(req, rep, "%s", back_target(req, pid));
}

/* The stage page the file's remove button stood on, for a refused
 * removal (struct route's page): building for evidence, the declaration
 * for a statement or a photo. */
static int
file_stage_page(struct request *req, struct reply *rep, struct err *e)
{
	struct participation p;
	struct svc s;
	json_t *row;
	bool evidence;

	if (web_svc(req, &s, e) < 0 || files_get(&s, req_param(req, "id")->i, &row, &p, e) < 0)
		return -1;
	evidence = file_purpose_parse(json_string_value(json_object_get(row, "purpose"))) ==
	    FILE_EVIDENCE;
	json_decref(row);
	return evidence ? building_page_of(req, rep, p.id, e)
			: decl_page_of(req, rep, p.id, e);
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/berkas/{id}", files_download, NULL, SIGNED_IN,
	    .params = route_params_id,
	    .produces = "*/*",
	    .about = "Downloads an uploaded file, for those the policy allows"),
	ROUTE_POST("/berkas/{id}/hapus", files_remove_post, NULL, SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_RETURN("kembali", PARAM_FORM)),
	    .page = file_stage_page,
	    .about = "Removes an uploaded file while its stage is open"),
};
/* clang-format on */
ROUTE_TABLE(files_pages_routes, routes);
