/*
 * complaints_handle.c - the pages of those who handle complaints: the
 * list of the complaints of the units the caller sees (/pengaduan/kelola),
 * the overdue ones for the regional office and the admin
 * (/pengaduan/terlambat), one complaint with its timeline, triage, answer
 * and internal notes (/pengaduan/kelola/{id}), and its attachments
 * (/pengaduan/berkas/{id}), which are never public.
 */
#include <string.h>

#include "svc/complaints.h"
#include "web/app.h"
#include "web/complaints/complaints_web.h"
#include "web/form.h"
#include "web/registry/registry.h"
#include "web/routes.h"
#include "web/stages/files_pages.h"

/* The caption of the complaints table, by catalog key. */
static void
table_titles(struct request *req, json_t *model, const char *key)
{
	if (model == NULL)
		return;
	json_object_set_new(model, "table_id", json_string("complaints-caption"));
	json_object_set_new(model, "table_caption", json_string(i18n_get(req_lang(req), key)));
}

/* Who may see the list: those with some role; the list is scoped. */
static int
list_page(struct request *req, struct reply *rep, struct err *e)
{
	const struct param_value *st = req_param(req, "status");
	json_t *rows, *overdue;
	struct svc s;

	if (web_svc(req, &s, e) < 0 ||
	    (rows = complaint_list(&s, st->present ? st->text : NULL, e)) == NULL)
		return -1;
	if ((overdue = complaint_overdue(&s, e)) == NULL) {
		json_decref(rows);
		return -1;
	}
	rep->model = json_pack("{s:s, s:o, s:b, s:I, s:s, s:b}", "page_title",
	    i18n_get(req_lang(req), "complaints.handle.title"), "complaints", rows,
	    "has_complaints", json_array_size(rows) > 0, "overdue_count",
	    (json_int_t)json_array_size(overdue), "status", st->present ? st->text : "",
	    "may_handle", complaints_handler(req).grant_count > 0);
	json_decref(overdue);
	table_titles(req, rep->model, "complaints.handle.caption");
	return rep->model != NULL ? 0 : -1;
}

struct principal
complaints_handler(struct request *req)
{
	return registry_principal_for(req, ACT_MENTOR, OBJ_PARTICIPATION, REGISTRY_AREA_SCOPES);
}

static int
overdue_page(struct request *req, struct reply *rep, struct err *e)
{
	struct principal who = complaints_handler(req);
	json_t *rows;
	struct svc s;

	if (who.grant_count == 0) {
		err_set(e, ERR_NOT_FOUND, "no grant that handles complaints");
		return -1;
	}
	if (web_svc(req, &s, e) < 0)
		return -1;
	s.who = &who;
	if ((rows = complaint_overdue(&s, e)) == NULL)
		return -1;
	rep->model = json_pack("{s:s, s:o, s:b}", "page_title",
	    i18n_get(req_lang(req), "complaints.overdue.title"), "complaints", rows,
	    "has_complaints", json_array_size(rows) > 0);
	table_titles(req, rep->model, "complaints.overdue.caption");
	return rep->model != NULL ? 0 : -1;
}

/* The complaint's page, with what was typed into its forms kept. */
static int
one_page(struct request *req, struct reply *rep, struct err *e)
{
	const char *typed[] = { "teks", "alasan", "keputusan", "tujuan" };
	json_t *c;
	struct svc s;
	size_t i;

	if (web_svc(req, &s, e) < 0 ||
	    (c = complaint_load(&s, req_param(req, "id")->i, e)) == NULL)
		return -1;
	rep->model = json_pack("{s:s, s:o}", "page_title",
	    i18n_get(req_lang(req), "complaints.handle.one"), "complaint", c);
	if (rep->model == NULL)
		return -1;
	for (i = 0; i < sizeof(typed) / sizeof(typed[0]); i++) {
		const struct param_value *v = req_param_find(req, typed[i]);

		if (v != NULL && v->present)
			json_object_set_new(rep->model, typed[i], json_string(v->text));
	}
	return 0;
}

/* Put each problem of pr into the model as "error_FIELD". */
static int
again(struct request *req, struct reply *rep, struct err *e, const struct svc_problems *pr)
{
	char key[64];
	size_t i;

	if (web_show_again(req, rep, e, one_page) < 0)
		return -1;
	for (i = 0; i < pr->count; i++) {
		snprintf(key, sizeof(key), "error_%s", pr->list[i].field);
		json_object_set_new(rep->model, key, json_string(pr->list[i].text));
	}
	return 0;
}

static const char *
text_of(struct request *req, const char *name)
{
	const struct param_value *v = req_param_find(req, name);

	return v != NULL && v->present ? v->text : NULL;
}

static int
triage_post(struct request *req, struct reply *rep, struct err *e)
{
	struct svc_problems pr = { 0 };
	int64_t id = req_param(req, "id")->i;
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (complaint_triage(&s, id, text_of(req, "keputusan"), text_of(req, "tujuan"),
		text_of(req, "alasan"), &pr, e) < 0)
		return again(req, rep, e, &pr);
	return web_see_other(req, rep, "/pengaduan/kelola/%lld?ok=triase", (long long)id);
}

/* What a written reply is: the route's variant. */
enum { REPLY_ANSWER, REPLY_NOTE };

/* The unit's public answer, or an internal note the complainant never sees. */
static int
respond(struct request *req, struct reply *rep, struct err *e)
{
	bool internal = req->route->variant == REPLY_NOTE;
	struct svc_problems pr = { 0 };
	int64_t id = req_param(req, "id")->i;
	struct svc s;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (complaint_respond(&s, id, internal, text_of(req, "teks"), &pr, e) < 0)
		return again(req, rep, e, &pr);
	return web_see_other(req, rep, "/pengaduan/kelola/%lld?ok=%s", (long long)id,
	    internal ? "catatan" : "jawab");
}

/* The page after a redirect: its notice. */
static int
one_get(struct request *req, struct reply *rep, struct err *e)
{
	const struct param_value *ok = req_param(req, "ok");
	char key[64];

	if (one_page(req, rep, e) < 0)
		return -1;
	if (ok->present) {
		snprintf(key, sizeof(key), "complaints.done.%s", ok->text);
		app_notice(rep->model, false, i18n_get(req_lang(req), key));
	}
	return 0;
}

static int
attachment_get(struct request *req, struct reply *rep, struct err *e)
{
	json_t *row;
	struct svc s;

	if (web_svc(req, &s, e) < 0 ||
	    (row = complaint_attachment(&s, req_param(req, "id")->i, e)) == NULL)
		return -1;
	return files_reply(req, rep, row, e);
}

/* The addresses this file answers, with their declared inputs. */
static PARAM_LIST(p_text, PARAM_ID("id"), PARAM_MULTILINE("teks", COMPLAINT_BODY_MAX * 2));
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/pengaduan/kelola", list_page, "complaints", REGISTRY,
	    .params = PARAMS({ "status", PARAM_QUERY, PT_ENUM, false, 0, 0,
		"new|in_progress|answered|closed|referred|rejected" }),
	    .about = "Complaints about the units in the caller's scope, without identities"),
	ROUTE_GET("/pengaduan/terlambat", overdue_page, "complaints_overdue", REGISTRY,
	    .about = "Complaints past their working-day deadline, for those who handle them"),
	ROUTE_GET("/pengaduan/kelola/{id}", one_get, "complaint_one", REGISTRY,
	    .params = PARAMS(PARAM_ID("id"), PARAM_NOTICE("triase|jawab|catatan")),
	    .about = "One complaint with its timeline, triage and answers"),
	ROUTE_POST("/pengaduan/kelola/{id}/triase", triage_post, "complaint_one", REGISTRY,
	    .params = PARAMS(PARAM_ID("id"), PARAM_TEXT("keputusan", 20), PARAM_TEXT("tujuan", 20),
		PARAM_LONG_NOTE("alasan")),
	    .page = one_page,
	    .about = "Triage a new complaint: accept, refer with a reason, or reject"),
	ROUTE_POST("/pengaduan/kelola/{id}/jawab", respond, "complaint_one", REGISTRY,
	    .params = p_text, .page = one_page, .variant = REPLY_ANSWER,
	    .about = "The unit's public answer to a complaint in progress"),
	ROUTE_POST("/pengaduan/kelola/{id}/catatan", respond, "complaint_one", REGISTRY,
	    .params = p_text, .page = one_page, .variant = REPLY_NOTE,
	    .about = "An internal note on a complaint, never shown to the complainant"),
	ROUTE_GET("/pengaduan/berkas/{id}", attachment_get, NULL, REGISTRY,
	    .params = route_params_id, .produces = "*/*",
	    .about = "A complaint's attachment, for those who may read the complaint"),
};
/* clang-format on */
ROUTE_TABLE(complaints_handle_routes, routes);
