/*
 * supervision.c - the guidance and supervision page of a participation,
 * /partisipasi/{id}/pembinaan: the award and its revocations, the visits
 * with their findings, each finding's follow-up actions with their
 * answers, evidence and reviews, what is overdue, and the forms of whoever
 * may use them: the regional office records visits, findings and actions
 * and reviews answers, the unit answers. The writes are
 * svc/supervision.h's; the revocation's are revocation.c's.
 */
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "web/form.h"
#include "web/routes.h"
#include "web/stages/participation.h"
#include "web/stages/supervision.h"
#include "web/upload.h"
#include "web/model.h"

#define FILE_ACCEPT "application/pdf,image/jpeg,image/png,image/webp"
/* clang-format off */
#define F(n, k, t)	{ n, "supervision.field." k, t, NULL, NULL }

/* Each form's fields, in order; the type says how supervision_field
 * shows it. */
static const struct field_spec visit_f[] = { F("tanggal", "visit_date", "date"),
	F("petugas", "officers", "text"), F("ringkasan", "summary", "textarea"), { NULL } };
static const struct field_spec finding_f[] = { F("tingkat", "severity", "select"),
	F("uraian", "finding", "textarea"), { NULL } };
static const struct field_spec action_f[] = { F("uraian", "action", "textarea"),
	F("penanggung_jawab", "owner", "text"), F("tenggat", "due_date", "date"), { NULL } };
static const struct field_spec answer_f[] = { F("jawaban", "answer", "textarea"),
	F("berkas", "evidence", "file"), { NULL } };
static const struct field_spec review_f[] = { F("catatan", "review_note", "textarea"),
	{ NULL } };
static const struct field_spec revoke_f[] = { F("alasan", "reason", "textarea"),
	F("dokumen", "document", "file"), { NULL } };
static const struct field_spec reinstate_f[] = { F("alasan", "reason", "textarea"),
	F("dokumen", "document_optional", "file"), { NULL } };
/* clang-format on */

/* Each form: its fields and the prefix of its fields' element ids. */
static const struct {
	const struct field_spec *specs;
	const char *prefix;
} forms[SUP_FORM_MAX] = {
	[SUP_FORM_VISIT] = { visit_f, "kv" },
	[SUP_FORM_FINDING] = { finding_f, "tm" },
	[SUP_FORM_ACTION] = { action_f, "tl" },
	[SUP_FORM_ANSWER] = { answer_f, "jw" },
	[SUP_FORM_REVIEW] = { review_f, "tj" },
	[SUP_FORM_REVOKE] = { revoke_f, "cb" },
	[SUP_FORM_REINSTATE] = { reinstate_f, "pl" },
};

/* What the page is being built with. */
struct page {
	struct request *req;
	json_t *model;
	enum sup_form posted; /* the form shown again, and */
	int64_t target;       /* the item it belongs to */
};

/* The options of the severity select, value chosen selected. */
static json_t *
severity_options(struct request *req, const char *chosen)
{
	json_t *out = json_array();
	int i;

	for (i = 0; i < SEVERITY_MAX; i++)
		json_array_append_new(out,
		    form_catalog_option(req_lang(req), "supervision.severity.",
			severity_code(i),
			chosen != NULL && strcmp(chosen, severity_code(i)) == 0));
	return out;
}

/* The fields of form kind of item id, in order, as the partial
 * supervision_field shows them; typed when it is the form posted, which
 * also becomes the model's "posted". */
static json_t *
form_of(struct page *pg, enum sup_form kind, int64_t id)
{
	bool typed = kind == pg->posted && id == pg->target;
	json_t *byname = form_fields(pg->req, forms[kind].specs, typed),
	       *list = json_array(), *f;
	const struct field_spec *sp;

	for (sp = forms[kind].specs; sp->name != NULL; sp++) {
		const char *type = sp->type;

		if ((f = json_object_get(byname, sp->name)) == NULL)
			continue;
		json_object_set_new(f, "fid",
		    json_sprintf("%s%lld-%s", forms[kind].prefix, (long long)id, sp->name));
		json_object_set_new(f, "is_textarea",
		    json_boolean(strcmp(type, "textarea") == 0));
		json_object_set_new(f, "is_select", json_boolean(strcmp(type, "select") == 0));
		json_object_set_new(f, "is_input",
		    json_boolean(strcmp(type, "textarea") != 0 && strcmp(type, "select") != 0));
		if (strcmp(type, "file") == 0) {
			json_object_set_new(f, "accept", json_string(FILE_ACCEPT));
			json_object_set_new(f, "multiple",
			    json_boolean(kind == SUP_FORM_ANSWER));
		}
		if (strcmp(type, "select") == 0)
			json_object_set_new(f, "options",
			    severity_options(pg->req,
				json_string_value(json_object_get(f, "value"))));
		json_array_append(list, f);
	}
	if (typed)
		json_object_set(pg->model, "posted", byname);
	json_decref(byname);
	return list;
}

/* Put form list as member name of obj, and "has_NAME" true. */
static void
put_form(json_t *obj, const char *name, json_t *list)
{
	char has[32];

	snprintf(has, sizeof(has), "has_%s", name);
	json_object_set_new(obj, name, list);
	json_object_set_new(obj, has, json_true());
}

/* The label of catalog group's code, in the user's language. */
static const char *
label(struct request *req, const char *group, json_t *row, const char *key)
{
	char k[96];

	snprintf(k, sizeof(k), "supervision.%s.%s", group,
	    json_string_value(json_object_get(row, key)));
	return i18n_get(req_lang(req), k);
}

/* A day "2026-11-29" as "29 November 2026". */
static const char *
day_text(struct request *req, json_t *row, const char *key)
{
	return time_date_text(&req->arena, json_string_value(json_object_get(row, key)),
	    i18n_time_lang(req_lang(req)));
}

/* An action as shown, with its steps and the forms the caller may use. */
static void
action_json(struct page *pg, const struct supervision *v, json_t *a, bool supervise, bool answer)
{
	const char *status = json_string_value(json_object_get(a, "status"));
	int64_t id = json_integer_value(json_object_get(a, "id"));
	json_t *st;
	size_t i;

	json_object_set_new(a, "status_label",
	    json_string(label(pg->req, "status", a, "status")));
	json_object_set_new(a, "due_date_text", json_string(day_text(pg->req, a, "due_date")));
	json_object_set_new(a, "has_steps",
	    json_boolean(json_array_size(json_object_get(a, "steps")) > 0));
	json_array_foreach(json_object_get(a, "steps"), i, st) {
		if (json_string_length(json_object_get(st, "body")) == 0)
			json_object_del(st, "body");
		json_object_set_new(st, "kind_label",
		    json_string(label(pg->req, "step", st, "kind")));
		json_object_set_new(st, "at_text",
		    json_string(participation_local_time(pg->req, &v->p,
			json_string_value(json_object_get(st, "at")))));
	}
	if (answer && strcmp(status, "open") == 0)
		put_form(a, "answer_form", form_of(pg, SUP_FORM_ANSWER, id));
	if (supervise && strcmp(status, "answered") == 0)
		put_form(a, "review_form", form_of(pg, SUP_FORM_REVIEW, id));
}

/* The visits as shown, each with its findings and their actions. */
static void
visits_json(struct page *pg, const struct supervision *v, bool supervise, bool answer)
{
	json_t *visit, *fd, *a;
	size_t i, j, k;

	json_array_foreach(v->visits, i, visit) {
		const char *offline = json_string_value(
		    json_object_get(visit, "recorded_offline_at"));

		json_object_set_new(visit, "visit_date_text",
		    json_string(day_text(pg->req, visit, "visit_date")));
		if (offline != NULL)
			json_object_set_new(visit, "offline",
			    json_pack("{s:s, s:s}", "recorded",
				participation_local_time(pg->req, &v->p, offline), "received",
				participation_local_time(pg->req, &v->p,
				    json_string_value(json_object_get(visit, "recorded_at")))));
		json_array_foreach(json_object_get(visit, "findings"), j, fd) {
			json_object_set_new(fd, "severity_label",
			    json_string(label(pg->req, "severity", fd, "severity")));
			json_array_foreach(json_object_get(fd, "actions"), k, a)
				action_json(pg, v, a, supervise, answer);
			if (supervise)
				put_form(fd, "action_form",
				    form_of(pg, SUP_FORM_ACTION,
					json_integer_value(json_object_get(fd, "id"))));
		}
		if (supervise)
			put_form(visit, "finding_form",
			    form_of(pg, SUP_FORM_FINDING,
				json_integer_value(json_object_get(visit, "id"))));
	}
}

/* The award, its decisions and the revocation forms. */
static void
award_json(struct page *pg, struct svc *s, const struct supervision *v)
{
	json_t *aw = v->award ? json_deep_copy(v->award) : NULL, *ev;
	const char *revoked = aw ? json_string_value(json_object_get(aw, "revoked_at")) : NULL;
	size_t i;

	if (aw != NULL) {
		json_object_set_new(aw, "award_date_text",
		    json_string(day_text(pg->req, aw, "award_date")));
		if (revoked != NULL)
			json_object_set_new(aw, "revoked_at_text",
			    json_string(participation_local_time(pg->req, &v->p, revoked)));
		if (json_is_string(json_object_get(aw, "certificate_serial")))
			json_object_set_new(aw, "verify_href",
			    json_sprintf("/verifikasi/%s",
				json_string_value(json_object_get(aw, "certificate_serial"))));
	}
	json_object_set_new(pg->model, "award", aw ? aw : json_null());
	json_array_foreach(v->events, i, ev) {
		json_object_set_new(ev, "kind_label",
		    json_string(label(pg->req, "decision", ev, "kind")));
		json_object_set_new(ev, "decided_at_text",
		    json_string(participation_local_time(pg->req, &v->p,
			json_string_value(json_object_get(ev, "decided_at")))));
		if (json_is_integer(json_object_get(ev, "file_id")))
			json_object_set_new(ev, "file_href",
			    json_sprintf("/berkas/%lld",
				(long long)json_integer_value(json_object_get(ev, "file_id"))));
	}
	json_object_set(pg->model, "decisions", v->events);
	json_object_set_new(pg->model, "has_decisions",
	    json_boolean(json_array_size(v->events) > 0));
	if (aw != NULL && participation_may(s, &v->p, TR_REVOKE, false))
		put_form(pg->model, "revoke_form", form_of(pg, SUP_FORM_REVOKE, 0));
	if (aw != NULL && participation_may(s, &v->p, TR_REINSTATE, false))
		put_form(pg->model, "reinstate_form", form_of(pg, SUP_FORM_REINSTATE, 0));
}

static int
page_model(struct page *pg, struct svc *s, const struct supervision *v, struct err *e)
{
	bool supervise = participation_may(s, &v->p, TR_SUPERVISE, false);
	bool answer = participation_may(s, &v->p, TR_FOLLOW_UP, false);
	json_t *m = pg->model, *late = json_array(), *a;
	size_t i;

	if (participation_header(pg->req, &v->p, STAGE_SUPERVISION, m, e) < 0)
		return -1;
	json_object_set_new(m, "page_title",
	    json_sprintf("%s — %s", i18n_get(req_lang(pg->req), "supervision.title"),
		v->p.unit_name));
	visits_json(pg, v, supervise, answer);
	json_array_foreach(v->actions, i, a)
		if (json_is_true(json_object_get(a, "overdue")))
			json_array_append(late, a);
	json_object_set(m, "visits", v->visits);
	json_object_set_new(m, "has_visits", json_boolean(json_array_size(v->visits) > 0));
	json_object_set_new(m, "overdue", late);
	json_object_set_new(m, "overdue_count", json_integer((json_int_t)v->overdue));
	json_object_set_new(m, "has_overdue", json_boolean(v->overdue > 0));
	json_object_set_new(m, "may_supervise", json_boolean(supervise));
	json_object_set_new(m, "offline_sync",
	    json_sprintf("/partisipasi/%lld/pembinaan/sinkron", (long long)v->p.id));
	json_object_set_new(m, "may_answer", json_boolean(answer));
	if (supervise)
		put_form(m, "visit_form", form_of(pg, SUP_FORM_VISIT, 0));
	award_json(pg, s, v);
	return 0;
}

int
supervision_page_of(struct request *req, struct reply *rep, enum sup_form posted,
    int64_t target, struct err *e)
{
	struct page pg = { req, json_object(), posted, target };
	struct supervision v;
	struct svc s;
	int rc = -1;

	memset(&v, 0, sizeof(v));
	if (pg.model != NULL && web_svc(req, &s, e) == 0 &&
	    supervision_load(&s, req_param(req, "id")->i, &v, e) == 0 &&
	    page_model(&pg, &s, &v, e) == 0) {
		json_decref(rep->model);
		rep->model = pg.model;
		pg.model = NULL;
		rep->template = "supervision";
		rc = 0;
	}
	json_decref(pg.model);
	supervision_free(&v);
	return rc;
}

/* The page with no form posted (participation_stage_page's builder). */
static int
stage_model(struct request *req, struct reply *rep, struct err *e)
{
	return supervision_page_of(req, rep, SUP_FORM_NONE, 0, e);
}

int
supervision_page(struct request *req, struct reply *rep, struct err *e)
{
	return participation_stage_page(req, rep, STAGE_SUPERVISION, stage_model,
	    "supervision.done", e);
}

/* The path's {name}, 0 when absent or name is NULL. */
static int64_t
target_of(struct request *req, const char *name)
{
	const struct param_value *v = name != NULL ? req_param(req, name) : NULL;

	return v != NULL && v->present ? v->i : 0;
}

/* The page again with the form posted as typed: one per form. */
#define AGAIN(fn, kind, name) \
	static int fn(struct request *req, struct reply *rep, struct err *e) \
	{ \
		return supervision_page_of(req, rep, kind, target_of(req, name), e); \
	}
AGAIN(visit_again, SUP_FORM_VISIT, NULL)
AGAIN(finding_again, SUP_FORM_FINDING, "kunjungan")
AGAIN(action_again, SUP_FORM_ACTION, "temuan")
AGAIN(answer_again, SUP_FORM_ANSWER, "aksi")
AGAIN(review_again, SUP_FORM_REVIEW, "aksi")

const char *
supervision_text(struct request *req, const char *name)
{
	const struct param_value *v = req_param(req, name);

	return v->present ? v->text : NULL;
}

int
supervision_post(struct request *req, struct reply *rep, supervision_write write,
    route_handler again, struct err *e)
{
	struct svc_problems pr = { 0 };
	const char *ok = NULL;
	struct svc s;

	if (form_has_errors(req))
		return form_invalid_again(req, rep, again, "posted", NULL, e);
	if (web_svc(req, &s, e) < 0)
		return -1;
	if (write(req, &s, &pr, &ok, e) < 0)
		return web_show_problems(req, rep, e, again, "posted", &pr);
	return web_see_other(req, rep, "/partisipasi/%lld/pembinaan?ok=%s",
	    (long long)req_param(req, "id")->i, ok);
}

static int
visit_write(struct request *req, struct svc *s, struct svc_problems *pr, const char **ok,
    struct err *e)
{
	struct sup_visit_in in = { req_param(req, "id")->i, supervision_text(req, "tanggal"),
		supervision_text(req, "petugas"), supervision_text(req, "ringkasan"), NULL };

	*ok = "kunjungan";
	return supervision_visit(s, &in, pr, NULL, e);
}

static int
finding_write(struct request *req, struct svc *s, struct svc_problems *pr,
    const char **ok, struct err *e)
{
	struct sup_finding_in in = { req_param(req, "id")->i, target_of(req, "kunjungan"),
		supervision_text(req, "tingkat"), supervision_text(req, "uraian") };

	*ok = "temuan";
	return supervision_finding(s, &in, pr, NULL, e);
}

static int
action_write(struct request *req, struct svc *s, struct svc_problems *pr, const char **ok,
    struct err *e)
{
	struct sup_action_in in = { req_param(req, "id")->i, target_of(req, "temuan"),
		supervision_text(req, "uraian"), supervision_text(req, "penanggung_jawab"),
		supervision_text(req, "tenggat") };

	*ok = "tindak_lanjut";
	return supervision_action(s, &in, pr, NULL, e);
}

static int
answer_write(struct request *req, struct svc *s, struct svc_problems *pr, const char **ok,
    struct err *e)
{
	struct sup_answer_in in = { req_param(req, "id")->i, target_of(req, "aksi"),
		supervision_text(req, "jawaban"), NULL, 0 };

	*ok = "jawab";
	if (upload_files_in(req, "berkas", &in.files, &in.file_count) < 0)
		return web_nomem(e);
	return supervision_answer(s, &in, pr, NULL, e);
}

static int
review_write(struct request *req, struct svc *s, struct svc_problems *pr, const char **ok,
    struct err *e)
{
	const char *choice = supervision_text(req, "keputusan");
	bool close = choice != NULL && strcmp(choice, "tutup") == 0;

	*ok = close ? "tutup" : "kembalikan";
	return supervision_review(s, req_param(req, "id")->i, target_of(req, "aksi"),
	    close, supervision_text(req, "catatan"), pr, e);
}

/* The route's handler of a form: its write, its page again. */
#define POST(fn, write, again) \
	static int fn(struct request *req, struct reply *rep, struct err *e) \
	{ \
		return supervision_post(req, rep, write, again, e); \
	}
POST(visit_post, visit_write, visit_again)
POST(finding_post, finding_write, finding_again)
POST(action_post, action_write, action_again)
POST(answer_post, answer_write, answer_again)
POST(review_post, review_write, review_again)

/* Evidence is kept only for the unit the policy lets follow up. */
PARTICIPATION_ADMIT(answer_admit, TR_FOLLOW_UP);

/* The addresses this file answers, with their declared inputs. */
#define BASE "/partisipasi/{id}/pembinaan"
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET(BASE, supervision_page, "supervision", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_NOTICE("kunjungan|temuan|tindak_lanjut|"
		"jawab|tutup|kembalikan|cabut|pulihkan")),
	    .about = "The supervision stage: visits, findings, "
		"follow-up actions and their reviews"),
	ROUTE_POST(BASE "/kunjungan", visit_post, "supervision", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_DAY("tanggal"),
		PARAM_MULTILINE("petugas", SUP_LINE_MAX * 4),
		PARAM_MULTILINE("ringkasan", SUP_TEXT_MAX * 4)),
	    .page = supervision_page,
	    .about = "Records a supervision visit"),
	ROUTE_POST(BASE "/kunjungan/{kunjungan}/temuan", finding_post, "supervision", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_ID("kunjungan"), PARAM_TEXT("tingkat", 10),
		PARAM_MULTILINE("uraian", SUP_TEXT_MAX * 4)),
	    .page = supervision_page,
	    .about = "Records a finding of a supervision visit"),
	ROUTE_POST(BASE "/temuan/{temuan}/tindak-lanjut", action_post, "supervision", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_ID("temuan"),
		PARAM_MULTILINE("uraian", SUP_TEXT_MAX * 4),
		PARAM_MULTILINE("penanggung_jawab", SUP_LINE_MAX * 4), PARAM_DAY("tenggat")),
	    .page = supervision_page,
	    .about = "Sets a follow-up action for a finding, with its deadline"),
	ROUTE_POST(BASE "/tindak-lanjut/{aksi}/jawab", answer_post, "supervision", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_ID("aksi"),
		PARAM_MULTILINE("jawaban", SUP_TEXT_MAX * 4)),
	    .page = supervision_page, .upload = true, .max_files = 8, .admit = answer_admit,
	    .about = "The unit answers a follow-up action, with evidence"),
	ROUTE_POST(BASE "/tindak-lanjut/{aksi}/tinjau", review_post, "supervision", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_ID("aksi"),
		PARAM_CHOICE("keputusan", true, "tutup|kembalikan"),
		PARAM_MULTILINE("catatan", SUP_LINE_MAX * 4)),
	    .page = supervision_page,
	    .about = "Reviews the unit's answer to a follow-up action"),
};
/* clang-format on */
ROUTE_TABLE(supervision_routes, routes);
