/*
 * audit_pages.c - the audit log as people see it: the public /transparansi
 * page with the installation's public key, the signed checkpoints and how to
 * check them, each checkpoint as a JSON download, and the administrators'
 * /audit page, filtered and paged, each entry linked to its object.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/download.h"
#include "web/app.h"
#include "svc/audit.h"
#include "base/timefmt.h"
#include "docs/sign.h"
#include "web/routes.h"
#include "web/model.h"

#define TRANSPARENCY_PAGE 20  /* checkpoints per page of /transparansi */
#define AUDIT_PAGE_DEFAULT 50 /* entries per page of /audit */

/* Pages of the objects entries are about, by object_type. */
/* clang-format off */
static const struct {
	const char *type;	/* object_type as appended */
	const char *prefix;	/* the page's path before the id */
} object_pages[] = {
	{ "user", "/pengguna/" },
	{ "unit", "/unit/" },
	{ "organization", "/organisasi/" },
	{ "rulebook", "/aturan/" },
	{ "cycle", "/siklus/" },
	{ "participation", "/partisipasi/" },
	{ "file", "/berkas/" },
};
/* clang-format on */

int
audit_object_href(const char *object_type, int64_t object_id, char *out, size_t cap)
{
	size_t i;
	int n;

	if (object_type == NULL || object_id <= 0)
		return -1;
	for (i = 0; i < sizeof(object_pages) / sizeof(object_pages[0]); i++) {
		if (strcmp(object_type, object_pages[i].type) != 0)
			continue;
		n = snprintf(out, cap, "%s%" PRId64, object_pages[i].prefix, object_id);
		return n < 0 || (size_t)n >= cap ? -1 : 0;
	}
	return -1;
}

/* Append "name=value&" to b, value percent-encoded, when value is not empty. */
static void
query_add(struct buf *b, const char *name, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	buf_printf(b, "%s=", name);
	buf_pct(b, value, strlen(value), NULL);
	buf_putc(b, '&');
}

/* Copy b's content into the request arena as a link, dropping a final
 * '&' or '?'. NULL when out of memory. */
static const char *
href_of(struct request *req, struct buf *b)
{
	const char *s;

	if (b->failed)
		return NULL;
	s = buf_cstr(b);
	return arena_strndup(&req->arena, s, b->len > 0 ? b->len - 1 : 0);
}

static int
transparency_page(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	const struct param_value *before = req_param(req, "sebelum");
	unsigned char pk[SIGN_PUBLIC_BYTES];
	char b64[SIGN_PUBLIC_BASE64_LEN], hex[SIGN_PUBLIC_HEX_LEN];
	char pem[SIGN_PUBLIC_PEM_LEN];
	struct db_conn *c;
	struct err ke;
	json_t *rows = NULL, *row, *list = NULL, *cp, *key = NULL;
	size_t i;
	int64_t last = 0;
	const char *older = NULL;

	if ((c = req_db(req, e)) == NULL ||
	    db_exec(c, DB_AUDIT_CHECKPOINT_RECENT,
		(struct db_param[]){ DBP_INT(before->present ? before->i : INT64_MAX),
		    DBP_INT(TRANSPARENCY_PAGE + 1) },
		2, &rows, e) < 0)
		return -1;
	if ((list = json_array()) == NULL)
		goto oom;
	json_array_foreach(rows, i, row) {
		if (i == TRANSPARENCY_PAGE) {
			older = arena_printf(&req->arena,
			    "/transparansi?sebelum=%" PRId64, last);
			break;
		}
		if ((cp = audit_checkpoint_json(row)) == NULL ||
		    json_array_append_new(list, cp) < 0)
			goto oom;
		last = json_integer_value(json_object_get(row, "seq"));
		json_object_set_new(cp, "href",
		    json_string(arena_printf(&req->arena, "/transparansi/%" PRId64, last)));
	}
	/* No key yet (no checkpoint made so far): the page says so. */
	err_clear(&ke);
	if (sign_public_load(req_app(req)->data_dir, pk, &ke) == 0) {
		sign_base64(b64, sizeof(b64), pk, sizeof(pk));
		sign_public_hex(hex, pk);
		sign_public_pem(pem, pk);
		key = json_pack("{s:s, s:s, s:s}", "base64", b64, "hex", hex, "pem", pem);
	}
	rep->model = json_pack("{s:s, s:o, s:b, s:o, s:s?, s:b}", "page_title",
	    i18n_get(l, "transparency.title"), "checkpoints", list, "has_checkpoints",
	    json_array_size(list) > 0, "public_key", key != NULL ? key : json_null(),
	    "older_href", older, "is_older_page", before->present);
	list = NULL;
	json_decref(rows);
	return rep->model != NULL ? 0 : web_nomem(e);
oom:
	json_decref(list);
	json_decref(rows);
	return web_nomem(e);
}

static int
transparency_checkpoint(struct request *req, struct reply *rep, struct err *e)
{
	int64_t seq = req_param(req, "seq")->i;
	struct db_conn *c;

	if ((c = req_db(req, e)) == NULL || audit_checkpoint_get(c, seq, &rep->model, e) < 0)
		return -1;
	if (rep->model == NULL) {
		err_set(e, ERR_NOT_FOUND, "no checkpoint %" PRId64, seq);
		return -1;
	}
	rep->template = NULL;
	web_attachment(req, rep, "p2ham-checkpoint-%" PRId64 ".json", seq);
	return 0;
}

/*
 * The words of an audit action; an entry written by `p2ham demo` ("demo."
 * before the action) is marked as demo data. The code itself when the
 * catalog has no words for it.
 */
static const char *
action_label(struct request *req, const char *action)
{
	enum lang l = req_lang(req);
	const char *code = action, *label;
	char key[128];
	bool is_demo = false;

	if (action == NULL)
		return "";
	if (strncmp(action, "demo.", 5) == 0) {
		code = action + 5;
		is_demo = true;
	}
	if (snprintf(key, sizeof(key), "audit.actions.%s", code) >= (int)sizeof(key))
		return action;
	label = i18n_get(l, key);
	if (strcmp(label, key) == 0)
		return action;
	return is_demo ? i18n_subst(&req->arena, i18n_get(l, "audit.demo_action"),
			     "action", label, (const char *)NULL)
		       : label;
}

/* Decorate one row of the log for the page: links, labels, parsed summary. */
static void
entry_model(struct request *req, json_t *row)
{
	enum lang l = req_lang(req);
	const char *type = json_string_value(json_object_get(row, "object_type"));
	const char *summary = json_string_value(json_object_get(row, "summary"));
	json_int_t actor = json_integer_value(json_object_get(row, "actor_id"));
	json_int_t id = json_integer_value(json_object_get(row, "object_id"));
	const char *label;
	char href[128], key[96];
	json_t *parsed;

	if (actor > 0 && audit_object_href("user", actor, href, sizeof(href)) == 0)
		json_object_set_new(row, "actor_href", json_string(href));
	if (type != NULL && type[0] != '\0') {
		snprintf(key, sizeof(key), "audit.object_types.%s", type);
		label = i18n_get(l, key);
		json_object_set_new(row, "object_label",
		    json_string(strcmp(label, key) == 0 ? type : label));
		if (audit_object_href(type, id, href, sizeof(href)) == 0)
			json_object_set_new(row, "object_href", json_string(href));
	}
	json_object_set_new(row, "action_label",
	    json_string(action_label(req, json_string_value(json_object_get(row, "action")))));
	json_object_set_new(row, "summary_text", json_string(summary != NULL ? summary : ""));
	if (summary != NULL && (parsed = json_loads(summary, JSON_DECODE_ANY, NULL)) != NULL)
		json_object_set_new(row, "summary", parsed);
}

/* The date ymd (YYYY-MM-DD, valid) plus days, as the ISO time of its start. */
static void
day_start(const char *ymd, int days, char out[TIME_ISO_LEN])
{
	int y, m, d;
	time_t t = 0;

	if (time_parse_date(ymd, &y, &m, &d) == 0)
		t = time_day_utc(y, m, d);
	time_iso(t + (time_t)days * 86400, out);
}

static int
audit_page(struct request *req, struct reply *rep, struct err *e)
{
	static const char *const filters[] = { "pelaku", "jenis", "objek", "tindakan",
		"dari", "sampai", "batas", NULL };
	enum lang l = req_lang(req);
	const struct param_value *actor = req_param(req, "pelaku");
	const struct param_value *type = req_param(req, "jenis");
	const struct param_value *oid = req_param(req, "objek");
	const struct param_value *action = req_param(req, "tindakan");
	const struct param_value *from = req_param(req, "dari");
	const struct param_value *to = req_param(req, "sampai");
	const struct param_value *before = req_param(req, "sebelum");
	const struct param_value *limit = req_param(req, "batas");
	int64_t n = limit->present ? limit->i : AUDIT_PAGE_DEFAULT, last = 0;
	/* Open ends for the time-driven statement: ISO times sort as text. */
	char from_at[TIME_ISO_LEN] = "";
	char to_at[TIME_ISO_LEN] = "9999-12-31T23:59:59Z";
	const char *older = NULL, *newest = NULL;
	enum db_stmt st;
	struct db_conn *c;
	struct buf q;
	json_t *rows = NULL, *row, *filter;
	size_t i;
	bool timed;

	if (from->present)
		day_start(from->text, 0, from_at);
	if (to->present)
		day_start(to->text, 1, to_at); /* the whole day "to" */
	/* The most selective filter drives an index; the rest filter. */
	st = type->present && oid->present ? DB_AUDIT_LIST_BY_OBJECT_ID
	    : type->present                ? DB_AUDIT_LIST_BY_OBJECT
	    : actor->present               ? DB_AUDIT_LIST_BY_ACTOR
	    : action->present
	    ? DB_AUDIT_LIST_BY_ACTION
	    :
	    /* Only "from": the newest entries match, reading by seq is best. */
	    to->present ? DB_AUDIT_LIST_BY_TIME
			: DB_AUDIT_LIST;
	timed = st == DB_AUDIT_LIST_BY_TIME;
	if ((c = req_db(req, e)) == NULL ||
	    db_exec(c, st,
		(struct db_param[]){ actor->present ? DBP_INT(actor->i) : DBP_NULL,
		    type->present ? DBP_TEXT(type->text) : DBP_NULL,
		    oid->present ? DBP_INT(oid->i) : DBP_NULL,
		    action->present ? DBP_TEXT(action->text) : DBP_NULL,
		    from->present || timed ? DBP_TEXT(from_at) : DBP_NULL,
		    to->present || timed ? DBP_TEXT(to_at) : DBP_NULL,
		    DBP_INT(before->present ? before->i : INT64_MAX), DBP_INT(n + 1) },
		8, &rows, e) < 0)
		return -1;
	if (json_array_size(rows) > (size_t)n) {
		json_array_remove(rows, (size_t)n);
		last = json_integer_value(
		    json_object_get(json_array_get(rows, (size_t)n - 1), "seq"));
	}
	json_array_foreach(rows, i, row)
		entry_model(req, row);

	/* The filters again, for the form and the page links. */
	filter = json_object();
	buf_init(&q, 0);
	buf_puts(&q, "/audit?");
	for (i = 0; filters[i] != NULL; i++) {
		const struct param_value *v = req_param(req, filters[i]);

		json_object_set_new(filter, filters[i], json_string(v->text));
		query_add(&q, filters[i], v->text);
	}
	if (before->present)
		newest = href_of(req, &q);
	if (last > 0) {
		buf_printf(&q, "sebelum=%" PRId64 "&", last);
		older = href_of(req, &q);
	}
	buf_free(&q);
	rep->model = json_pack("{s:s, s:o, s:b, s:o, s:b, s:s?, s:s?}", "page_title",
	    i18n_get(l, "audit.title"), "filter", filter, "has_entries",
	    json_array_size(rows) > 0, "entries", rows, "has_pages",
	    older != NULL || newest != NULL, "older_href", older, "newest_href", newest);
	return rep->model != NULL ? 0 : web_nomem(e);
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/transparansi", transparency_page, "transparency", PUBLIC,
	    .params = PARAMS(PARAM_BEFORE),
	    .about = "The public list of signed audit-log checkpoints"),
	ROUTE_GET("/transparansi/{seq}", transparency_checkpoint, NULL, PUBLIC,
	    .params = PARAMS({ "seq", PARAM_PATH, PT_INT, true, 0, INT64_MAX, NULL }),
	    .about = "One signed audit-log checkpoint, as JSON"),
	ROUTE_GET("/audit", audit_page, "audit", AUDIT_READERS,
	    .params = PARAMS(PARAM_REF("pelaku", PARAM_QUERY, false),
		{ "jenis", PARAM_QUERY, PT_TEXT, false, 0, 40, NULL },
		PARAM_REF("objek", PARAM_QUERY, false),
		{ "tindakan", PARAM_QUERY, PT_TEXT, false, 0, 80, NULL },
		PARAM_DATE("dari", PARAM_QUERY, false), PARAM_DATE("sampai", PARAM_QUERY, false),
		PARAM_BEFORE, { "batas", PARAM_QUERY, PT_INT, false, 1, 200, NULL }),
	    .about = "The audit log in the caller's scope, filtered and paged"),
};
/* clang-format on */
ROUTE_TABLE(audit_pages_routes, routes);
