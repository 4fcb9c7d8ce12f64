/*
 * complaint.c - the public complaint form (/pengaduan): first the unit,
 * found by its name, province or regency, then what happened, with
 * optional attachments and identity; the receipt with the tracking code,
 * shown once, in answer to the filing itself.
 */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "svc/complaints.h"
#include "web/app.h"
#include "web/auth.h"
#include "web/form.h"
#include "web/public/complaint.h"
#include "web/routes.h"
#include "web/upload.h"
#include "web/model.h"

#define UNITS_SHOWN 50

/* clang-format off */
#define F(n, k, t)	{ n, "complaints.field." k, t, NULL, NULL }
#define FH(n, k, t)	{ n, "complaints.field." k, t, NULL, "complaints.hint." k }
/* clang-format on */
static const struct field_spec fields_f[] = {
	F("kategori", "category", "select"),
	FH("uraian", "body", "textarea"),
	FH("tanggal", "date", "date"),
	FH("tempat", "place", "text"),
	FH("nama", "name", "text"),
	FH("kontak", "contact", "text"),
	F("persetujuan", "consent", "checkbox"),
	F("lampiran", "files", "file"),
	{ NULL },
};

const char *
complaint_param(struct request *req, const char *name)
{
	const struct param_value *v = req_param_find(req, name);

	return v != NULL && v->present ? v->text : NULL;
}

/* The categories as select options, the chosen one selected. */
static json_t *
categories(struct request *req, struct svc *s, const char *chosen, struct err *e)
{
	json_t *rows = NULL, *r, *out = json_array();
	bool en = req_lang(req) == LANG_EN;
	size_t i;

	if (db_exec(s->c, DB_COMPLAINT_CATEGORIES, NULL, 0, &rows, e) < 0) {
		json_decref(out);
		return NULL;
	}
	json_array_foreach(rows, i, r) {
		const char *code = json_string_value(json_object_get(r, "code"));

		json_array_append_new(out,
		    json_pack("{s:s, s:O, s:b}", "value", code, "label",
			json_object_get(r, en ? "label_en" : "label_id"), "selected",
			chosen != NULL && strcmp(chosen, code) == 0));
	}
	json_decref(rows);
	return out;
}

/* Units matching text (lower-cased LIKE on name, province, regency). */
static json_t *
search(struct request *req, struct svc *s, const char *text, struct err *e)
{
	struct buf b;
	json_t *rows = NULL;
	const char *p;
	int rc;

	buf_init(&b, 512);
	buf_putc(&b, '%');
	for (p = text; *p != '\0'; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p));
	}
	buf_putc(&b, '%');
	rc = db_exec(s->c, DB_COMPLAINT_UNIT_SEARCH,
	    (struct db_param[]){ DBP_TEXT(buf_cstr(&b)), DBP_INT(UNITS_SHOWN + 1) }, 2,
	    &rows, e);
	buf_free(&b);
	(void)req;
	return rc < 0 ? NULL : rows;
}

/* The page: search results, or the form for the chosen unit. */
static int
form_page(struct request *req, struct reply *rep, struct err *e)
{
	const struct param_value *u = req_param_find(req, "unit");
	const char *text = complaint_param(req, "cari");
	bool typed = req->method == HTTP_POST;
	json_t *model, *form, *unit = NULL, *units;
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	model = json_pack("{s:s}", "page_title", i18n_get(req_lang(req), "complaints.title"));
	if (u != NULL && u->present && u->i > 0) {
		unit = db_row(s.c, DB_COMPLAINT_UNIT, u->i, "unit", e);
		if (unit == NULL && e->status != 404) {
			json_decref(model);
			return -1;
		}
		err_clear(e);
	}
	if (unit != NULL) {
		form = form_fields(req, fields_f, typed);
		json_object_set_new(json_object_get(form, "kategori"), "options",
		    categories(req, &s, complaint_param(req, "kategori"), e));
		json_object_set_new(model, "form", form);
		json_object_set_new(model, "unit", unit);
		json_object_set_new(model, "consent_checked",
		    json_boolean(typed && req_param_find(req, "persetujuan") &&
			req_param(req, "persetujuan")->i));
		json_object_set_new(model, "hide_checked",
		    json_boolean(typed && req_param_find(req, "sembunyikan") &&
			req_param(req, "sembunyikan")->i));
		json_object_set_new(model, "files_max", json_integer(COMPLAINT_FILES_MAX));
		json_object_set_new(model, "bytes_max_mb",
		    json_integer(COMPLAINT_BYTES_MAX >> 20));
		complaint_guard_put(req, model, unit);
	} else if (text != NULL) {
		if ((units = search(req, &s, text, e)) == NULL) {
			json_decref(model);
			return -1;
		}
		json_object_set_new(model, "more",
		    json_boolean(json_array_size(units) > UNITS_SHOWN));
		if (json_array_size(units) > UNITS_SHOWN)
			json_array_remove(units, UNITS_SHOWN);
		json_object_set_new(model, "searched", json_true());
		json_object_set_new(model, "has_units",
		    json_boolean(json_array_size(units) > 0));
		json_object_set_new(model, "units", units);
		json_object_set_new(model, "cari", json_string(text));
	}
	json_object_set_new(model, "csrf", json_string(auth_public_csrf(req, rep)));
	json_object_set_new(model, "may_handle",
	    json_boolean(req_auth(req)->principal.grant_count > 0));
	rep->model = model;
	rep->template = "complaint_form";
	return 0;
}

/* The receipt, shown once in answer to the filing. */
static int
receipt(struct request *req, struct reply *rep, struct svc *s, const char *code, struct err *e)
{
	json_t *t = complaint_track(s, code, e);

	if (t == NULL)
		return -1;
	rep->model = json_pack("{s:s, s:o}", "page_title",
	    i18n_get(req_lang(req), "complaints.receipt.title"), "complaint", t);
	rep->template = "complaint_receipt";
	rep->status = 201;
	return rep->model != NULL ? 0 : -1;
}

static int
file_post(struct request *req, struct reply *rep, struct err *e)
{
	struct svc_problems pr = { 0 };
	char code[COMPLAINT_CODE_LEN];
	struct complaint_in in = { 0 };
	struct svc s;

	if (form_has_errors(req))
		return form_invalid_again(req, rep, form_page, "form", NULL, e);
	if (web_svc(req, &s, e) < 0)
		return -1;
	s.actor = "publik";
	if (complaint_guard_check(req, &s, &in.nonce, e) < 0)
		return web_show_again(req, rep, e, form_page) < 0 ? -1 : 0;
	in.unit = req_param(req, "unit")->i;
	in.category = complaint_param(req, "kategori");
	in.body = complaint_param(req, "uraian");
	in.happened_on = complaint_param(req, "tanggal");
	in.place = complaint_param(req, "tempat");
	in.name = complaint_param(req, "nama");
	in.contact = complaint_param(req, "kontak");
	in.consent = req_param(req, "persetujuan")->i != 0;
	in.hide_identity = req_param(req, "sembunyikan")->i != 0;
	if (upload_files_in(req, "lampiran", &in.files, &in.file_count) < 0)
		return web_nomem(e);
	if (complaint_submit(&s, &in, &pr, code, NULL, e) < 0)
		return web_show_problems(req, rep, e, form_page, "form", &pr);
	return receipt(req, rep, &s, code, e);
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/pengaduan", form_page, "complaint_form", PUBLIC,
	    .params = PARAMS(PARAM_WORDS("cari", PARAM_QUERY),
		PARAM_REF("unit", PARAM_QUERY, false)),
	    .about = "The public complaint form: find the unit, then tell what happened"),
	ROUTE_POST("/pengaduan", file_post, "complaint_form", PUBLIC,
	    .params = PARAMS(PARAM_REF("unit", PARAM_FORM, true), PARAM_TEXT("kategori", 40),
		PARAM_MULTILINE("uraian", COMPLAINT_BODY_MAX * 2), PARAM_DAY("tanggal"),
		PARAM_TEXT("tempat", COMPLAINT_LINE_MAX * 2),
		PARAM_TEXT("nama", COMPLAINT_LINE_MAX * 2),
		PARAM_TEXT("kontak", COMPLAINT_LINE_MAX * 2), PARAM_CHECK("persetujuan"),
		PARAM_CHECK("sembunyikan"), COMPLAINT_GUARD_PARAMS),
	    .upload = true, .max_files = COMPLAINT_FILES_MAX,
	    .max_body = COMPLAINT_BYTES_MAX + (1u << 20),
	    .about = "File a complaint about a unit; answers the receipt with the tracking code"),
};
/* clang-format on */
ROUTE_TABLE(complaint_routes, routes);
