/*
 * declaration.c - the page of the declaration stage of a participation
 * (/partisipasi/{id}/pencanangan): the current request with its decision,
 * record and members, earlier requests, the statements issued and the
 * files uploaded, and the forms the caller may use now. The posts behind
 * the forms are in declaration_actions.c.
 */
#include <string.h>

#include "web/app.h"
#include "svc/verification.h"
#include "web/auth.h"
#include "web/model.h"
#include "web/stages/declaration.h"
#include "svc/documents.h"
#include "svc/files.h"
#include "web/registry/registry.h"
#include "svc/coord_regions.h"
#include "web/routes.h"

/* Add what people read to a declaration row: labels and local times. */
static void
decorate(struct request *req, const struct participation *p, json_t *d)
{
	enum lang l = req_lang(req);
	enum decl_status st = decl_status_of(d);
	static const char *const times[] = { "requested_at", "decided_at", "recorded_at",
		"confirmed_at", NULL };
	static const char *const optional[] = { "place", "link", "planned_witnesses",
		"reason", "ditjen_witness_name", "ditjen_witness_position", NULL };
	char key[64];
	size_t i;

	snprintf(key, sizeof(key), "declaration.status.%s", decl_status_code(st));
	json_object_set_new(d, "status_label", json_string(i18n_get(l, key)));
	json_object_set_new(d, "mode_label",
	    json_string(decl_mode_label(req, decl_str(d, "mode"))));
	json_object_set_new(d, "actual_mode_label",
	    json_string(decl_mode_label(req, decl_str(d, "actual_mode"))));
	json_object_set_new(d, "proposed_date_text",
	    json_string(time_date_text(&req->arena, decl_str(d, "proposed_date"),
		i18n_time_lang(l))));
	json_object_set_new(d, "actual_date_text",
	    json_string(
		time_date_text(&req->arena, decl_str(d, "actual_date"), i18n_time_lang(l))));
	for (i = 0; times[i] != NULL; i++) {
		snprintf(key, sizeof(key), "%s_text", times[i]);
		json_object_set_new(d, key,
		    decl_str(d, times[i])[0] == '\0'
			? json_null()
			: json_string(participation_local_time(req, p, decl_str(d, times[i]))));
	}
	/* Empty texts read as absent in the page's sections. */
	for (i = 0; optional[i] != NULL; i++)
		if (decl_str(d, optional[i])[0] == '\0')
			json_object_set_new(d, optional[i], json_null());
	json_object_set_new(d, "is_rejected", json_boolean(st == DECL_STATUS_REJECTED));
	json_object_set_new(d, "is_approved",
	    json_boolean(st == DECL_STATUS_APPROVED || st == DECL_STATUS_RECORDED ||
		st == DECL_STATUS_CONFIRMED));
	json_object_set_new(d, "is_recorded",
	    json_boolean(st == DECL_STATUS_RECORDED || st == DECL_STATUS_CONFIRMED));
	json_object_set_new(d, "is_confirmed", json_boolean(st == DECL_STATUS_CONFIRMED));
}

/* The members as the page lists them; the names of those without a
 * statement are appended to missing. NULL with e. */
static json_t *
members_json(struct request *req, struct svc *s, const struct participation *p,
    struct decl_member *m, size_t n, json_t *missing, struct err *e)
{
	json_t *out = json_array(), *st;
	size_t i;
	bool has;

	for (i = 0; i < n; i++) {
		if ((st = decl_statements(s, m[i].id, e)) == NULL) {
			json_decref(out);
			return NULL;
		}
		has = json_array_size(st) > 0;
		json_decref(st);
		if (!has)
			json_array_append_new(missing, json_string(m[i].unit_name));
		json_array_append_new(out,
		    json_pack("{s:I, s:s, s:b, s:b, s:o}", "participation_id",
			(json_int_t)m[i].id, "unit_name", m[i].unit_name, "has_statement",
			has, "is_self", m[i].id == p->id, "href",
			m[i].visible && m[i].id != p->id
			    ? json_sprintf("/partisipasi/%lld/pencanangan",
				  (long long)m[i].id)
			    : json_null()));
	}
	return out;
}

/* The witnesses of declaration id, with their kinds' labels. */
static json_t *
witnesses_json(struct request *req, struct svc *s, int64_t id, struct err *e)
{
	json_t *ws = NULL, *w;
	char key[64];
	size_t i;

	if (db_exec(s->c, DB_DECL_WITNESSES, (struct db_param[]){ DBP_INT(id) }, 1, &ws, e) < 0)
		return NULL;
	json_array_foreach(ws, i, w) {
		snprintf(key, sizeof(key), "declaration.kind.%s", decl_str(w, "kind"));
		json_object_set_new(w, "kind_label",
		    json_string(i18n_get(req_lang(req), key)));
		/* Who attended online, and from where, apart from those on site. */
		json_object_set_new(w, "is_online",
		    json_boolean(strcmp(decl_str(w, "presence"), "daring") == 0));
	}
	return ws;
}

/* Mark the option of value v selected among a select field's options. */
static void
select_value(json_t *field, const char *v)
{
	json_t *o;
	size_t i;

	json_object_set_new(field, "value", json_string(v));
	json_array_foreach(json_object_get(field, "options"), i, o)
		json_object_set_new(o, "selected",
		    json_boolean(strcmp(decl_str(o, "value"), v) == 0));
}

/* The record form as stored, for correcting a record before it is
 * confirmed: d's fields and witnesses ws. */
static void
prefill_record(json_t *d, json_t *ws, json_t *fields, json_t *rows)
{
	static const char *const cols[] = { "name", "title", "institution", "attended_from" };
	static const char *const keys[] = { "nama", "jabatan", "instansi", "dari" };
	json_t *w, *row;
	size_t i, k;

	json_object_set_new(json_object_get(fields, "tanggal_pelaksanaan"), "value",
	    json_string(decl_str(d, "actual_date")));
	json_object_set_new(json_object_get(fields, "jumlah_hadir"), "value",
	    json_sprintf("%lld", (long long)decl_num(d, "attendance")));
	select_value(json_object_get(fields, "moda_pelaksanaan"), decl_str(d, "actual_mode"));
	json_array_foreach(ws, i, w) {
		if ((row = json_array_get(rows, i)) == NULL)
			break;
		for (k = 0; k < 4; k++)
			json_object_set_new(json_object_get(row, keys[k]), "value",
			    json_string(decl_str(w, cols[k])));
		select_value(json_object_get(row, "jenis"), decl_str(w, "kind"));
		select_value(json_object_get(row, "hadir"), decl_str(w, "presence"));
	}
}

/* A form's model: where it posts and its fields (the posted ones when
 * this is the form that was refused: they are taken from posted). */
static json_t *
form_model(struct request *req, const struct participation *p, enum decl_form f,
    const char *verb, struct decl_posted *posted)
{
	json_t *fields = NULL;

	if (posted != NULL && posted->form == f) {
		fields = posted->fields;
		posted->fields = NULL;
	}
	if (fields == NULL)
		fields = decl_fields(req, f, false);
	return json_pack("{s:o, s:o}", "action",
	    json_sprintf("/partisipasi/%lld/pencanangan/%s", (long long)p->id, verb),
	    "fields", fields ? fields : json_object());
}

/* The record form, with its witness rows. */
static json_t *
record_form(struct request *req, const struct participation *p, json_t *d,
    struct decl_posted *posted)
{
	json_t *f = form_model(req, p, DF_RECORD, "catat", posted), *rows = NULL;

	if (posted != NULL && posted->form == DF_RECORD) {
		rows = posted->rows;
		posted->rows = NULL;
	}
	if (rows == NULL) {
		rows = decl_witness_rows(req, false);
		if (decl_status_of(d) == DECL_STATUS_RECORDED)
			prefill_record(d, json_object_get(d, "witnesses"),
			    json_object_get(f, "fields"), rows);
	}
	json_object_set_new(f, "witness_rows", rows);
	return f;
}

/* The forms the caller may use now, on model; d is the latest declaration
 * (NULL: none yet) with its members m. */
static void
add_forms(struct request *req, struct svc *s, const struct participation *p, json_t *d,
    struct decl_member *m, size_t n, json_t *missing, struct decl_posted *posted, json_t *model)
{
	enum decl_status st = decl_status_of(d);
	bool live = d != NULL && decl_num(d, "live") == 1;
	bool held = st == DECL_STATUS_APPROVED || st == DECL_STATUS_RECORDED;

	if (!live && participation_may(s, p, TR_REQUEST, false))
		json_object_set_new(model, "request_form",
		    form_model(req, p, DF_REQUEST, "ajukan", posted));
	if (!live)
		return;
	if (st == DECL_STATUS_REQUESTED && decl_members_may(s, m, n, TR_APPROVE, false)) {
		json_object_set_new(model, "approve_form",
		    form_model(req, p, DF_APPROVE, "setujui", posted));
		json_object_set_new(model, "reject_form",
		    form_model(req, p, DF_REJECT, "tolak", posted));
	}
	if (held && decl_members_may(s, m, n, TR_RECORD, false))
		json_object_set_new(model, "record_form", record_form(req, p, d, posted));
	if (held && participation_may(s, p, TR_RECORD, false))
		json_object_set_new(model, "upload_form",
		    form_model(req, p, DF_UPLOAD, "unggah", posted));
	if (st == DECL_STATUS_RECORDED && decl_members_may(s, m, n, TR_CONFIRM, true))
		json_object_set_new(model, "confirm_form",
		    json_pack("{s:o, s:b, s:O}", "action",
			json_sprintf("/partisipasi/%lld/pencanangan/konfirmasi",
			    (long long)p->id),
			"ready", json_array_size(missing) == 0, "missing", missing));
}

/* The latest declaration d (with members, witnesses) and its forms. */
static int
add_declaration(struct request *req, struct svc *s, struct participation *p, json_t *d,
    struct decl_posted *posted, json_t *model, struct err *e)
{
	struct decl_member *m = NULL;
	json_t *missing = json_array(), *list;
	size_t n = 0;

	if (d != NULL) {
		json_object_set(model, "declaration", d);
		if ((m = decl_members_load(s, decl_num(d, "id"), &n, e)) == NULL ||
		    (list = members_json(req, s, p, m, n, missing, e)) == NULL)
			goto fail;
		json_object_set_new(d, "members", list);
		json_object_set_new(d, "is_joint", json_boolean(n > 1));
		/* Who will decide a request still waiting: whoever covers the
		 * unit's province now. */
		if (decl_status_parse(json_string_value(json_object_get(d, "status"))) ==
		    DECL_STATUS_REQUESTED) {
			if ((list = coord_region_approver(s, p->province, e)) == NULL)
				goto fail;
			json_object_set_new(d, "approver", list);
		}
		if ((list = witnesses_json(req, s, decl_num(d, "id"), e)) == NULL)
			goto fail;
		json_object_set_new(d, "has_witnesses",
		    json_boolean(json_array_size(list) > 0));
		json_object_set_new(d, "witnesses", list);
	}
	add_forms(req, s, p, d, m, n, missing, posted, model);
	json_decref(missing);
	return 0;
fail:
	json_decref(missing);
	return -1;
}

int
decl_page_model(struct request *req, struct reply *rep, struct svc *s,
    struct participation *p, struct decl_posted *posted, struct err *e)
{
	enum lang l = req_lang(req);
	json_t *model, *decls, *d, *earlier, *list;
	size_t i;
	int rc;

	rep->template = "declaration";
	if ((rep->model = model = json_object()) == NULL ||
	    participation_header(req, p, STAGE_DECLARATION, model, e) < 0 ||
	    (decls = decl_of(s, p, e)) == NULL)
		return -1;
	json_object_set_new(model, "page_title",
	    json_sprintf("%s — %s", i18n_get(l, "declaration.title"), p->unit_name));
	json_object_set_new(model, "earlier", earlier = json_array());
	json_array_foreach(decls, i, d) {
		decorate(req, p, d);
		if (i > 0)
			json_array_append(earlier, d);
	}
	json_object_set_new(model, "has_earlier", json_boolean(json_array_size(earlier) > 0));
	rc = add_declaration(req, s, p, json_array_get(decls, 0), posted, model, e);
	json_decref(decls);
	if (rc < 0)
		return -1;
	if ((list = documents_list(s, p->id, e)) == NULL)
		return -1;
	json_object_set_new(model, "has_documents", json_boolean(json_array_size(list) > 0));
	json_object_set_new(model, "documents", list);
	if ((list = decl_statements(s, p->id, e)) == NULL)
		return -1;
	json_object_set_new(model, "has_statements", json_boolean(json_array_size(list) > 0));
	json_object_set_new(model, "statements", list);
	/* The event's photos, not those of the verifier's site visits. */
	if ((list = files_list(s, p->id, FILE_PHOTO, NULL, e)) == NULL ||
	    verification_drop_visit_photos(s, p->id, list, e) < 0)
		return -1;
	json_object_set_new(model, "has_photos", json_boolean(json_array_size(list) > 0));
	json_object_set_new(model, "photos", list);
	if (registry_may_somewhere(&req_auth(req)->principal, ACT_DECLARATION_CONFIRM,
		OBJ_PARTICIPATION))
		json_object_set_new(model, "joint_href",
		    json_sprintf("/siklus/%lld/pencanangan-bersama", (long long)p->cycle_id));
	if (posted != NULL) {
		if (posted->notice != NULL)
			app_notice(model, true, posted->notice);
	} else if (!participation_window_notice(req, p, STAGE_DECLARATION, model))
		web_done_notice(req, model, "selesai", "declaration.done");
	return 0;
}

int
declaration_page(struct request *req, struct reply *rep, struct err *e)
{
	struct participation p;
	struct svc s;
	int rc;

	/* Again for a refused post: the page as it stands, without the
	 * window's notice (the refusal says what stood in the way). */
	if (req_again(req))
		return decl_page_of(req, rep, req_param(req, "id")->i, e);
	if ((rc = participation_stage_open(req, rep, &s, &p, STAGE_DECLARATION, e)) != 0)
		return rc < 0 ? -1 : 0;
	return decl_page_model(req, rep, &s, &p, NULL, e);
}

int
decl_page_of(struct request *req, struct reply *rep, int64_t pid, struct err *e)
{
	struct decl_posted none = { DF_NONE, NULL, NULL, NULL };
	struct participation p;
	struct svc s;

	if (web_svc(req, &s, e) < 0 || participation_load(&s, pid, &p, e) < 0)
		return -1;
	return decl_page_model(req, rep, &s, &p, &none, e);
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/partisipasi/{id}/pencanangan", declaration_page, "declaration", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), { "selesai", PARAM_QUERY, PT_ENUM, false, 0, 0,
		"ajukan|setujui|tolak|catat|unggah|konfirmasi|bersama" }),
	    .about = "The declaration stage: the request, "
		"its approval and the record of the event"),
};
/* clang-format on */
ROUTE_TABLE(declaration_routes, routes);
