/*
 * decree.c - the Minister's decrees of a cycle, /siklus/{id}/penetapan,
 * for the programme admin: the list with the form of a new draft, one
 * decree's page (/siklus/{id}/penetapan/{kep}) with its annex, the draft's
 * form, its preview and issue, or once issued its document, the signed
 * paper copy and the form of a correction. The PDFs and the paper copy
 * are decree_files.c's; the services svc/decree.h's.
 */
#include <stdio.h>
#include <string.h>

#include "svc/decree.h"
#include "web/app.h"
#include "web/form.h"
#include "web/model.h"
#include "web/registry/registry.h"
#include "web/routes.h"
#include "web/stages/decree.h"
#include "web/stages/participation.h"

/* The draft's fields: form name, label, input type, hint; and the
 * decree's column it shows. */
static const struct field_spec draft_fields[] = {
	{ "nomor", "decree.f.number", "text", "off", "decree.f.number_hint" },
	{ "tanggal", "decree.f.date", "date", "off", NULL },
	{ "tempat", "decree.f.place", "text", "off", NULL },
	{ "penandatangan", "decree.f.signer_name", "text", "off", NULL },
	{ "jabatan", "decree.f.signer_title", "text", "off", NULL },
	{ "pertimbangan", "decree.f.considerations", "textarea", "off",
	    "decree.f.considerations_hint" },
	{ "tanggal_penghargaan", "decree.f.award_date", "date", "off",
	    "decree.f.award_date_hint" },
	{ "alasan_koreksi", "decree.f.amend_reason", "textarea", "off", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};
static const char *const draft_columns[] = { "number", "decreed_on", "place",
	"signer_name", "signer_title", "considerations", "award_date", "amend_reason" };

/* The form's fields, refilled from the request or, for a draft shown
 * afresh, from decree d; amends: with the correction's reason. */
static json_t *
fields_of(struct request *req, json_t *d, bool refill, bool amends)
{
	json_t *f = form_fields(req, draft_fields, refill), *v;
	size_t i;

	for (i = 0; f != NULL && draft_fields[i].name != NULL; i++) {
		v = json_object_get(f, draft_fields[i].name);
		if (!refill && d != NULL && v != NULL)
			json_object_set(v, "value", json_object_get(d, draft_columns[i]));
	}
	if (f != NULL && !amends)
		json_object_del(f, "alasan_koreksi");
	return f;
}

/* The cycle's row, the actor allowed to decree for it. */
static json_t *
cycle_row(struct request *req, struct svc *s, struct err *e)
{
	return db_row(s->c, DB_CYCLE_GET, req_param(req, "id")->i, "cycle", e);
}

/* rep becomes page m of template tpl, with the notice of a write just
 * done; -1 with e when m could not be built. */
static int
shown(struct request *req, struct reply *rep, json_t *m, const char *tpl, struct err *e)
{
	web_model_take(rep, m, tpl);
	if (web_model_built(rep, e) < 0)
		return -1;
	web_done_notice(req, rep->model, "ok", "decree.done");
	return 0;
}

/* The cycle's decrees, the new draft's form as typed when shown again. */
static int
list_page(struct request *req, struct reply *rep, struct err *e)
{
	int64_t cycle = req_param(req, "id")->i;
	json_t *m, *list, *cy;
	struct svc s;

	if (web_svc(req, &s, e) < 0 || (list = decree_list(&s, cycle, e)) == NULL)
		return -1;
	if ((cy = cycle_row(req, &s, e)) == NULL) {
		json_decref(list);
		return -1;
	}
	m = json_pack("{s:o, s:o, s:b, s:o, s:o}", "page_title",
	    json_sprintf("%s — %s", i18n_get(req_lang(req), "decree.title"),
		json_string_value(json_object_get(cy, "title"))),
	    "cycle", cy, "has_decrees", json_array_size(list) > 0, "decrees", list,
	    "fields", fields_of(req, NULL, req_refill(req), false));
	json_object_set_new(m, "provinces", registry_province_options(0));
	return shown(req, rep, m, "decree", e);
}

/* The page of decree {kep}; shown again, it keeps what was typed in the
 * form posted (the draft's fields, or an issued decree's correction). */
int
decree_one_page(struct request *req, struct reply *rep, struct err *e)
{
	int64_t cycle = req_param(req, "id")->i, id = req_param(req, "kep")->i;
	bool refill = req_refill(req), issued;
	json_t *m, *d, *cy;
	struct svc s;

	if (web_svc(req, &s, e) < 0 || (d = decree_get(&s, cycle, id, e)) == NULL)
		return -1;
	if ((cy = cycle_row(req, &s, e)) == NULL) {
		json_decref(d);
		return -1;
	}
	issued = json_is_true(json_object_get(d, "issued"));
	m = json_pack("{s:o, s:o, s:O}", "page_title",
	    json_sprintf("%s %s", i18n_get(req_lang(req), "decree.one_title"),
		json_string_value(json_object_get(d, "number"))),
	    "cycle", cy, "decree", d);
	/* A draft's own fields, or an issued decree's correction. */
	json_object_set_new(m, "fields",
	    issued ? fields_of(req, NULL, refill, true)
		   : fields_of(req, d, refill,
			 json_integer_value(json_object_get(d, "amends_id"))));
	json_decref(d);
	return shown(req, rep, m, "decree_one", e);
}

/* The form's input as the service takes it. */
static struct decree_in
posted(struct request *req)
{
	return (struct decree_in){ .number = req_param(req, "nomor")->text,
		.decreed_on = req_param(req, "tanggal")->text,
		.place = req_param(req, "tempat")->text,
		.signer_name = req_param(req, "penandatangan")->text,
		.signer_title = req_param(req, "jabatan")->text,
		.considerations = req_param(req, "pertimbangan")->text,
		.award_date = req_param(req, "tanggal_penghargaan")->text,
		.amend_reason = req_param(req, "alasan_koreksi")->text };
}

/* Save draft *id (0: a new one) from the form; then its page, or the
 * form's page (page) again. */
static int
save(struct request *req, struct reply *rep, int64_t id, int64_t amends,
    route_handler page, struct err *e)
{
	struct decree_in in = posted(req);
	int64_t cycle = req_param(req, "id")->i;
	struct svc_problems pr = { 0 };
	struct svc s;

	in.amends = amends;
	if (web_svc(req, &s, e) < 0)
		return -1;
	if (form_has_errors(req)) {
		err_set(e, ERR_INVALID, "%s", i18n_get(req_lang(req), "decree.form_invalid"));
		return web_show_again(req, rep, e, page);
	}
	if (decree_save(&s, cycle, &id, &in, &pr, e) < 0)
		return pr.count > 0 ? web_show_problems(req, rep, e, page, "fields", &pr)
				    : web_show_again(req, rep, e, page);
	return web_see_other(req, rep, "/siklus/%lld/penetapan/%lld?ok=simpan",
	    (long long)cycle, (long long)id);
}

static int
create_post(struct request *req, struct reply *rep, struct err *e)
{
	return save(req, rep, 0, 0, list_page, e);
}

static int
update_post(struct request *req, struct reply *rep, struct err *e)
{
	return save(req, rep, req_param(req, "kep")->i, 0, decree_one_page, e);
}

static int
correct_post(struct request *req, struct reply *rep, struct err *e)
{
	return save(req, rep, 0, req_param(req, "kep")->i, decree_one_page, e);
}

/* A post on issued or draft decree {kep} that act does; then its page. */
static int
decree_act(struct request *req, struct reply *rep,
    int (*act)(struct svc *, int64_t, int64_t, struct err *), const char *done, struct err *e)
{
	int64_t cycle = req_param(req, "id")->i, id = req_param(req, "kep")->i;
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (act(&s, cycle, id, e) < 0)
		return web_show_plain(req, rep, e, decree_one_page);
	return web_see_other(req, rep, "/siklus/%lld/penetapan/%lld?ok=%s",
	    (long long)cycle, (long long)id, done);
}

static int
issue_now(struct svc *s, int64_t cycle, int64_t id, struct err *e)
{
	return decree_issue(s, cycle, id, NULL, e);
}

static int
certificates_now(struct svc *s, int64_t cycle, int64_t id, struct err *e)
{
	size_t made;

	return decree_certificates(s, cycle, id, &made, e);
}

static int
issue_post(struct request *req, struct reply *rep, struct err *e)
{
	return decree_act(req, rep, issue_now, "tetapkan", e);
}

static int
certificates_post(struct request *req, struct reply *rep, struct err *e)
{
	return decree_act(req, rep, certificates_now, "piagam", e);
}

/* The addresses this file answers, with their declared inputs. The
 * service checks every field and says what is wrong with each (one line
 * or several, length, dates), all at once. */
/* clang-format off */
#define DRAFT_PARAMS \
	PARAM_MULTILINE("nomor", 400), \
	PARAM_MULTILINE("tanggal", 40), \
	PARAM_MULTILINE("tempat", 400), \
	PARAM_MULTILINE("penandatangan", 400), \
	PARAM_MULTILINE("jabatan", 600), \
	PARAM_MULTILINE("pertimbangan", 16000), \
	PARAM_MULTILINE("tanggal_penghargaan", 40), \
	PARAM_LONG_NOTE("alasan_koreksi")
/* clang-format on */
static PARAM_LIST(p_update, PARAM_ID("id"), PARAM_ID("kep"), DRAFT_PARAMS);
PARAM_LIST(decree_params, PARAM_ID("id"), PARAM_ID("kep"));

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/siklus/{id}/penetapan", list_page, "decree", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_NOTICE("simpan")),
	    .about = "A cycle's decrees"),
	ROUTE_POST("/siklus/{id}/penetapan", create_post, "decree", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), DRAFT_PARAMS), .page = list_page, .refill = true,
	    .about = "Drafts a decree from the plenary's recommendations"),
	ROUTE_GET("/siklus/{id}/penetapan/{kep}", decree_one_page, "decree_one", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_ID("kep"),
		PARAM_NOTICE("simpan|tetapkan|kertas|piagam")),
	    .about = "One decree: its entries, state and files"),
	ROUTE_POST("/siklus/{id}/penetapan/{kep}", update_post, "decree_one",
	    SIGNED_IN, .params = p_update, .page = decree_one_page, .refill = true,
	    .about = "Changes a draft decree's number, date and signatory"),
	ROUTE_POST("/siklus/{id}/penetapan/{kep}/koreksi", correct_post, "decree_one",
	    SIGNED_IN, .params = p_update, .page = decree_one_page, .refill = true,
	    .about = "Issues a correction of an issued decree"),
	ROUTE_POST("/siklus/{id}/penetapan/{kep}/tetapkan", issue_post, "decree_one",
	    SIGNED_IN, .params = decree_params, .page = decree_one_page,
	    .offload = true,
	    .about = "Issues a decree: awards its units and issues the certificates"),
	ROUTE_POST("/siklus/{id}/penetapan/{kep}/piagam", certificates_post, "decree_one",
	    SIGNED_IN, .params = decree_params, .page = decree_one_page,
	    .about = "Issues the certificates still missing for an issued decree"),
};
/* clang-format on */
ROUTE_TABLE(decree_routes, routes);
