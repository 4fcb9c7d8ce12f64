/*
 * building.c - the building stage of a participation,
 * /partisipasi/{id}/pembangunan: the unit's self-assessment (per criterion
 * of the cycle's rulebook the indicators that apply to the unit's type,
 * answered on their scale with a note and evidence files), its progress,
 * the regional office's mentoring notes, and the unit head's submission
 * for evaluation, which is refused while anything required is missing.
 * The posts check their forms and hand them to svc/building.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/app.h"
#include "web/model.h"
#include "web/stages/building.h"
#include "web/form.h"
#include "web/upload.h"
#include "web/routes.h"

#define ANSWER_PREFIX "jawaban." /* form field of an indicator's option */
#define NOTE_PREFIX "catatan."   /* form field of an indicator's note */

static const struct param_spec note_spec = PARAM_NOTE("catatan");

static const struct field_spec mentor_fields[] = {
	{ "tanggal", "building.mentoring.date", "date", "off", NULL },
	{ "temuan", "building.mentoring.findings", "textarea", "off",
	    "building.mentoring.findings_hint" },
	{ "saran", "building.mentoring.advice", "textarea", "off",
	    "building.mentoring.advice_hint" },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* The page's read-only reason when the unit may not fill, as a notice:
 * the window first (participation_window_notice), then the state. */
static void
readonly_notice(struct request *req, const struct building *b, json_t *model)
{
	if (participation_window_notice(req, &b->p, STAGE_BUILDING, model))
		return;
	if (b->p.stage < STAGE_BUILDING)
		app_notice(model, false, i18n_get(req_lang(req), "building.readonly.before"));
	else if (b->p.stage > STAGE_BUILDING || b->p.state != PSTATE_BUILDING)
		app_notice(model, false, i18n_get(req_lang(req), "building.readonly.after"));
}

/* The mentoring form's fields: what was typed when refill, with errors. */
static json_t *
mentor_form(struct request *req, bool refill)
{
	json_t *f = form_fields(req, mentor_fields, refill), *v;
	const char *k;

	json_object_foreach(f, k, v)
		json_object_set_new(v, "required", json_true());
	return f;
}

/* Submitting ends p's participation: its cycle runs nothing after
 * building (2022), so there is no evaluation to submit for. */
static bool
submit_ends(const struct participation *p)
{
	return machine_finished(STAGE_BUILDING, PSTATE_SUBMITTED, p->windows, p->nwindows);
}

/* Beside the submit button: whether the submission would go through now
 * that role, state and window allow it, and else what is missing (the list
 * missing, each item linking to its indicator). */
static json_t *
submission_json(struct request *req, const struct building *b, json_t *missing)
{
	size_t n = json_array_size(missing);

	return json_pack("{s:b, s:I, s:O, s:s?, s:b}", "ready", b->progress.complete && n == 0,
	    "missing_count", (json_int_t)n, "missing", missing, "blocked",
	    n == 0 ? NULL
		   : i18n_fill(&req->arena,
			 i18n_get(req_lang(req), "building.submit_blocked"), (long)n),
	    "ends_cycle", submit_ends(&b->p));
}

/*
 * The whole page's model for b into rep: header, progress, criteria (with
 * v's typed input and errors), what is missing, mentoring notes and the
 * forms the caller may use.
 */
static int
page_model(struct request *req, struct reply *rep, struct svc *s, struct building *b,
    const struct building_view *v0, struct err *e)
{
	struct building_view v = v0 ? *v0 : (struct building_view){ 0 };
	json_t *m, *mentoring, *missing;

	v.may_fill = participation_may(s, &b->p, TR_FILL, false);
	if ((m = json_object()) == NULL ||
	    participation_header(req, &b->p, STAGE_BUILDING, m, e) < 0) {
		json_decref(m);
		return -1;
	}
	if ((mentoring = building_mentoring(req, s->c, &b->p, e)) == NULL) {
		json_decref(m);
		return -1;
	}
	missing = building_missing_json(req, b);
	json_object_set_new(m, "page_title",
	    json_sprintf("%s — %s", i18n_get(req_lang(req), "building.title"), b->p.unit_name));
	json_object_set_new(m, "rulebook",
	    json_pack("{s:I, s:s, s:I}", "id", (json_int_t)b->p.rulebook_id, "code",
		b->rb->code, "version", (json_int_t)b->rb->version));
	json_object_set_new(m, "progress", building_progress_json(req, &b->progress));
	json_object_set_new(m, "criteria", building_criteria(req, b, &v));
	json_object_set_new(m, "has_missing", json_boolean(json_array_size(missing) > 0));
	json_object_set_new(m, "missing", missing);
	json_object_set_new(m, "show_missing", json_boolean(v.show_missing));
	json_object_set_new(m, "show_missing_list",
	    json_boolean(json_array_size(missing) > 0 && (v.show_missing || v.may_fill)));
	json_object_set_new(m, "mentoring", mentoring);
	json_object_set_new(m, "has_mentoring", json_boolean(json_array_size(mentoring) > 0));
	json_object_set_new(m, "may_fill", json_boolean(v.may_fill));
	json_object_set_new(m, "may_mentor",
	    json_boolean(participation_may(s, &b->p, TR_MENTOR, false)));
	json_object_set_new(m, "may_submit",
	    json_boolean(participation_may(s, &b->p, TR_SUBMIT, true)));
	json_object_set_new(m, "submission", submission_json(req, b, missing));
	json_object_set_new(m, "mentor_fields", mentor_form(req, req_refill(req)));
	json_object_set_new(m, "back",
	    json_sprintf("/partisipasi/%lld/pembangunan", (long long)b->p.id));
	readonly_notice(req, b, m);
	return web_model_take(rep, m, "building");
}

/* The page of participation pid with view v0; built again keeping what
 * the post typed (req_refill), its answers and mentoring note as typed. */
static int
page_of(struct request *req, struct reply *rep, int64_t pid,
    const struct building_view *v0, struct err *e)
{
	struct building_view v = v0 ? *v0 : (struct building_view){ 0 };
	struct building b;
	struct svc s;
	json_t *typed = NULL;
	const char *unknown;
	int rc = -1;

	memset(&b, 0, sizeof(b));
	if (web_svc(req, &s, e) == 0 && building_load(&s, pid, &b, e) == 0) {
		if (req_refill(req) && (typed = json_object()) != NULL)
			building_read_answers(req, &b, typed, &unknown);
		v.typed = typed;
		rc = page_model(req, rep, &s, &b, &v, e);
	}
	json_decref(typed);
	building_free(&b);
	return rc;
}

int
building_page_of(struct request *req, struct reply *rep, int64_t pid, struct err *e)
{
	return page_of(req, rep, pid, NULL, e);
}

static int
building_page(struct request *req, struct reply *rep, struct err *e)
{
	const struct param_value *ok;
	struct participation p;
	struct svc s;
	int rc;

	/* Built again for a post, the page is the one it came from. */
	if (!req_again(req) &&
	    (rc = participation_stage_open(req, rep, &s, &p, STAGE_BUILDING, e)) != 0)
		return rc < 0 ? -1 : 0;
	if (page_of(req, rep, req_param(req, "id")->i, NULL, e) < 0)
		return -1;
	if (req_again(req))
		return 0;
	ok = req_param(req, "ok");
	if (ok->present && strcmp(ok->text, "ajukan") == 0 && submit_ends(&p))
		app_notice(rep->model, false,
		    i18n_get(req_lang(req), "building.submitted_final"));
	else
		web_done_notice(req, rep->model, "ok", "building.notice");
	return 0;
}

/* 303 back to the page with a notice and an anchor. */
static int
back(struct request *req, struct reply *rep, int64_t id, const char *ok, const char *anchor)
{
	return web_see_other(req, rep, "/partisipasi/%lld/pembangunan?ok=%s%s%s",
	    (long long)id, ok, anchor ? "#" : "", anchor ? anchor : "");
}

/* Validate the note value kv into t ({note, note_error}); 1 when refused. */
static int
read_note(struct request *req, const struct kv *kv, json_t *t)
{
	if (json_object_get(t, "note") != NULL)
		return 0; /* the first value counts */
	return form_item_value(req, &note_spec, kv, t, "note", "note_error") != VE_OK;
}

/*
 * Read the answer form into typed ({code: {option, note, error,
 * note_error}}). Returns the number of problems; *unknown receives a
 * field naming an indicator that does not apply to the unit (the form was
 * not made by this page), which refuses the whole form.
 */
int
building_read_answers(struct request *req, const struct building *b, json_t *typed,
    const char **unknown)
{
	const struct rb_indicator *ind;
	const struct kv *kv;
	const char *code;
	json_t *t;
	size_t i = 0;
	bool is_answer;
	int bad = 0;

	*unknown = NULL;
	while ((code = form_item_next(req, &i, ANSWER_PREFIX, NOTE_PREFIX, &kv, &is_answer)) !=
	    NULL) {
		if ((ind = building_indicator(b, code)) == NULL) {
			*unknown = code;
			return bad + 1;
		}
		t = form_item(typed, code);
		if (!is_answer) {
			bad += read_note(req, kv, t);
			continue;
		}
		if (json_object_get(t, "option") != NULL)
			continue; /* the first value counts */
		json_object_set_new(t, "option", json_string(kv->val.p));
		if (kv->val.len > 0 && rulebook_option(ind, kv->val.p) == NULL) {
			json_object_set_new(t, "error",
			    json_string(i18n_get(req_lang(req), "validation.choice")));
			bad++;
		}
	}
	return bad;
}

struct answer_in *
building_answers_posted(struct request *req, const struct building *b, json_t *typed,
    size_t *n, struct err *e)
{
	enum lang l = req_lang(req);
	struct answer_in *a;
	const char *code, *unknown;
	json_t *t;
	int bad;

	if ((bad = building_read_answers(req, b, typed, &unknown)) > 0) {
		if (unknown != NULL)
			err_set(e, ERR_INVALID, "%s: %s",
			    i18n_get(l, "building.unknown_indicator"), unknown);
		else
			err_set(e, ERR_INVALID, "%s",
			    i18n_fill(&req->arena, i18n_get(l, "building.form_invalid"), bad));
		return NULL;
	}
	*n = 0;
	a = arena_alloc(&req->arena, (json_object_size(typed) + 1) * sizeof(*a));
	if (a == NULL) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return NULL;
	}
	json_object_foreach(typed, code, t)
		a[(*n)++] = (struct answer_in){ code,
			json_string_value(json_object_get(t, "option")),
			json_string_value(json_object_get(t, "note")) };
	return a;
}

/* The anchor of criterion code of b, when it is one. */
static const char *
criterion_anchor(struct request *req, const struct building *b, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < b->rb->criterion_count; i++)
		if (strcmp(b->rb->criteria[i].code, code) == 0)
			return arena_printf(&req->arena, "kriteria-%s", code);
	return NULL;
}

static int
building_save_post(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	const struct param_value *crit = req_param(req, "kriteria");
	struct machine_step step;
	struct answer_in *answers;
	struct building b;
	struct svc s;
	json_t *typed = json_object();
	const char *anchor = NULL;
	size_t n;
	int rc = -1;

	memset(&b, 0, sizeof(b));
	if (web_svc(req, &s, e) < 0 || building_load(&s, id, &b, e) < 0)
		goto out;
	if (participation_guard(&s, &b.p, TR_FILL, false, &step, e) < 0) {
		rc = web_show_plain(req, rep, e, building_page);
		goto out;
	}
	if ((answers = building_answers_posted(req, &b, typed, &n, e)) == NULL) {
		if (e->kind == ERR_INVALID)
			rc = web_show_again(req, rep, e, building_page);
		goto out;
	}
	if (building_save(&s, id, &building_fill, answers, n, e) < 0) {
		rc = web_show_again(req, rep, e, building_page);
		goto out;
	}
	if (crit->present)
		anchor = criterion_anchor(req, &b, crit->text);
	rc = back(req, rep, id, "simpan", anchor);
out:
	json_decref(typed);
	building_free(&b);
	return rc;
}

/* The refusal's message also beside the upload form of indicator code. */
static void
mark_upload(json_t *model, const char *code)
{
	json_t *msg = json_object_get(json_object_get(model, "refusal"), "message");
	json_t *cr, *ind;
	size_t i, j;

	json_array_foreach(json_object_get(model, "criteria"), i, cr)
		json_array_foreach(json_object_get(cr, "indicators"), j, ind)
			if (json_is_string(msg) &&
			    strcmp(code, json_string_value(json_object_get(ind, "code"))) == 0)
				json_object_set(ind, "upload_error", msg);
}

struct evidence_in
building_evidence_of(struct request *req)
{
	struct evidence_in in = { .participation = req_param(req, "id")->i,
		.indicator = req_param(req, "indikator")->text,
		.replaces = req_param(req, "ganti")->i };

	return in;
}

int
building_evidence_file(struct request *req, struct evidence_in *in, struct err *e)
{
	struct file_in *files;
	size_t n;

	if (upload_files_in(req, "berkas", &files, &n) < 0) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		return -1;
	}
	in->file = n > 0 ? &files[0] : NULL;
	return 0;
}

static int
building_upload_post(struct request *req, struct reply *rep, struct err *e)
{
	struct evidence_in in = building_evidence_of(req);
	struct participation p;
	struct machine_step step;
	struct svc s;
	bool upload_refused = false;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if (form_has_errors(req)) {
		/* Who and when come before the form's problems. */
		if (participation_load(&s, in.participation, &p, e) == 0 &&
		    participation_guard(&s, &p, TR_FILL, false, &step, e) == 0)
			err_set(e, ERR_INVALID, "%s",
			    i18n_get(req_lang(req), "building.unknown_indicator"));
		return web_show_plain(req, rep, e, building_page);
	}
	if (building_evidence_file(req, &in, e) < 0)
		return -1;
	if (building_upload(&s, &building_fill, &in, NULL, &upload_refused, e) == 0)
		return back(req, rep, in.participation, "unggah",
		    arena_printf(&req->arena, "indikator-%s", in.indicator));
	if (web_show_plain(req, rep, e, building_page) < 0)
		return -1;
	if (upload_refused)
		mark_upload(rep->model, in.indicator);
	return 0;
}

static int
building_mentor_post(struct request *req, struct reply *rep, struct err *e)
{
	struct mentoring_in in = { .participation = req_param(req, "id")->i,
		.date = req_param(req, "tanggal")->text,
		.findings = req_param(req, "temuan")->text,
		.advice = req_param(req, "saran")->text };
	struct participation p;
	struct machine_step step;
	struct svc s;
	char day[TIME_DATE_LEN];
	bool future;

	if (web_svc(req, &s, e) < 0 || participation_load(&s, in.participation, &p, e) < 0)
		return -1;
	if (participation_guard(&s, &p, TR_MENTOR, false, &step, e) < 0)
		return web_show_again(req, rep, e, building_page);
	future = strcmp(in.date, participation_today(&p, s.now, day)) > 0;
	if (form_has_errors(req) || future) {
		err_set(e, ERR_INVALID, "%s",
		    i18n_get(req_lang(req), "building.mentoring.invalid"));
		if (web_show_again(req, rep, e, building_page) < 0)
			return -1;
		if (future)
			form_set_error(req, json_object_get(rep->model, "mentor_fields"),
			    "tanggal", "building.mentoring.future");
		return 0;
	}
	if (building_mentor(&s, &in, e) < 0)
		return web_show_again(req, rep, e, building_page);
	return back(req, rep, in.participation, "pendampingan", "pendampingan");
}

/* The page with what is missing marked: what a refused submission shows. */
static int
missing_page(struct request *req, struct reply *rep, struct err *e)
{
	struct building_view v = { .show_missing = true };

	return page_of(req, rep, req_param(req, "id")->i, &v, e);
}

static int
building_submit_post(struct request *req, struct reply *rep, struct err *e)
{
	return participation_post(req, rep, building_submit, missing_page,
	    "pembangunan?ok=ajukan", e);
}

/* Files are kept only for a caller the policy lets fill in. */
PARTICIPATION_ADMIT(upload_admit, TR_FILL);

/* The addresses this file answers, with their declared inputs. The
 * answers and notes keyed by indicator code are read and validated by the
 * handlers. */
PARAM_LIST(building_upload_params, PARAM_ID("id"), PARAM_CODE("indikator"),
    PARAM_REF("ganti", PARAM_FORM, false));

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/partisipasi/{id}/pembangunan", building_page, "building", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_NOTICE("simpan|unggah|pendampingan|ajukan")),
	    .kept = true,
	    .about = "The building stage: the self-assessment by indicator "
		"with evidence and progress"),
	ROUTE_POST("/partisipasi/{id}/pembangunan", building_save_post, "building", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_TEXT("kriteria", PARAM_CODE_CHARS)),
	    .page = building_page, .offload = true,
	    .about = "Saves self-assessment answers and notes"),
	ROUTE_POST("/partisipasi/{id}/pembangunan/berkas", building_upload_post, "building",
	    SIGNED_IN, .params = building_upload_params, .page = building_page,
	    .upload = true, .max_files = 1, .admit = upload_admit,
	    .about = "Uploads evidence for a building indicator"),
	ROUTE_POST("/partisipasi/{id}/pembangunan/pendampingan", building_mentor_post,
	    "building", SIGNED_IN, .params = PARAMS(PARAM_ID("id"),
		PARAM_DATE("tanggal", PARAM_FORM, true),
		{ "temuan", PARAM_FORM, PT_MULTILINE, true, 3, PARAM_LONG_NOTE_CHARS, NULL },
		{ "saran", PARAM_FORM, PT_MULTILINE, true, 3, PARAM_LONG_NOTE_CHARS, NULL }),
	    .page = building_page,
	    .about = "Records a mentoring note on the building stage"),
	ROUTE_POST("/partisipasi/{id}/pembangunan/ajukan", building_submit_post, "building",
	    SIGNED_IN, .params = route_params_id, .page = building_page,
	    .offload = true,
	    .about = "Submits the self-assessment for evaluation"),
};
/* clang-format on */
ROUTE_TABLE(building_routes, routes);
