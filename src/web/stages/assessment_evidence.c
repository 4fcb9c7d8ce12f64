/*
 * assessment_evidence.c - the assessment stage of a participation,
 * /partisipasi/{id}/penilaian: the unit's evidence per indicator (the
 * building's answers and files carried over, changed through the same
 * services under TR_EVIDENCE), the unit head's submission for
 * verification, and while a revision round is open exactly the indicators
 * it sent back with the verifier's notes, which alone may change, and the
 * resubmission. Everyone who sees the participation reads each
 * indicator's verdict and note here. The writes are svc/building.h's and
 * svc/verification.h's.
 */
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "web/model.h"
#include "web/stages/building.h"
#include "web/stages/verification.h"
#include "web/form.h"
#include "web/routes.h"

/* Set p's round deadline from v's open round, so that the guard of
 * TR_REVISE and TR_RESUBMIT sees it. */
static void
round_deadline(struct verification *v)
{
	time_t t;

	if (v->open_round != NULL &&
	    time_parse_iso(json_string_value(json_object_get(v->open_round, "deadline_at")),
		&t) == 0)
		v->b.p.round_deadline = t;
}

/* Each indicator of criteria with its verdict, whether its open round
 * flagged it, and whether the unit may change it now. */
static void
mark_indicators(struct request *req, const struct verification *v, json_t *criteria, bool may_fill)
{
	json_t *items = v->open_round ? json_object_get(v->open_round, "items") : NULL;
	json_t *cr, *ind, *flag;
	size_t i, j;

	json_array_foreach(criteria, i, cr)
		json_array_foreach(json_object_get(cr, "indicators"), j, ind) {
			const char *code = json_string_value(json_object_get(ind, "code"));

			flag = items ? json_object_get(items, code) : NULL;
			json_object_set_new(ind, "verdict",
			    verification_verdict_json(req, json_object_get(v->latest, code)));
			json_object_set_new(ind, "flagged", json_boolean(flag != NULL));
			if (flag != NULL)
				json_object_set(ind, "flag_note", flag);
			json_object_set_new(ind, "may_fill",
			    json_boolean(may_fill && (v->open_round == NULL || flag != NULL)));
			json_object_set_new(ind, "back",
			    json_sprintf("/partisipasi/%lld/penilaian", (long long)v->b.p.id));
		}
}

/* The page's model for v into rep. */
static int
page_model(struct request *req, struct reply *rep, struct svc *s, struct verification *v,
    const struct building_view *v0, struct err *e)
{
	struct building_view bv = v0 ? *v0 : (struct building_view){ 0 };
	const struct fill_guard *g = verification_fill_guard(&v->b.p);
	json_t *m, *criteria, *missing;
	bool may_submit;

	round_deadline(v);
	bv.may_fill = g != NULL && participation_may(s, &v->b.p, g->t, false);
	if ((m = json_object()) == NULL ||
	    participation_header(req, &v->b.p, STAGE_ASSESSMENT, m, e) < 0 ||
	    verification_common(req, s, v, m, e) < 0) {
		json_decref(m);
		return -1;
	}
	criteria = building_criteria(req, &v->b, &bv);
	mark_indicators(req, v, criteria, bv.may_fill);
	missing = building_missing_json(req, &v->b);
	may_submit = participation_may(s, &v->b.p, TR_SUBMIT_EVIDENCE, true);
	json_object_set_new(m, "page_title",
	    json_sprintf("%s — %s", i18n_get(req_lang(req), "assessment.evidence.title"),
		v->b.p.unit_name));
	json_object_set_new(m, "progress", building_progress_json(req, &v->b.progress));
	json_object_set_new(m, "criteria", criteria);
	json_object_set_new(m, "may_fill", json_boolean(bv.may_fill));
	json_object_set_new(m, "revising", json_boolean(v->open_round != NULL));
	json_object_set_new(m, "may_submit", json_boolean(may_submit));
	json_object_set_new(m, "submission",
	    json_pack("{s:b, s:I, s:o}", "ready", v->b.progress.complete, "missing_count",
		(json_int_t)json_array_size(missing), "missing", missing));
	json_object_set_new(m, "may_resubmit",
	    json_boolean(participation_may(s, &v->b.p, TR_RESUBMIT, false)));
	json_object_set_new(m, "back",
	    json_sprintf("/partisipasi/%lld/penilaian", (long long)v->b.p.id));
	if (v->b.p.stage == STAGE_ASSESSMENT)
		participation_window_notice(req, &v->b.p, STAGE_ASSESSMENT, m);
	return web_model_take(rep, m, "assessment_evidence");
}

/* The page of participation {id}, what is missing marked or not; built
 * again keeping what the post typed (req_refill), its answers as typed. */
static int
page_with(struct request *req, struct reply *rep, bool show_missing, struct err *e)
{
	struct building_view bv = { .show_missing = show_missing };
	struct verification v;
	struct svc s;
	const char *unknown;
	int rc = -1;

	memset(&v, 0, sizeof(v));
	if (web_svc(req, &s, e) == 0 &&
	    verification_load(&s, req_param(req, "id")->i, &v, e) == 0) {
		if (req_refill(req) && (bv.typed = json_object()) != NULL)
			building_read_answers(req, &v.b, bv.typed, &unknown);
		rc = page_model(req, rep, &s, &v, &bv, e);
	}
	json_decref(bv.typed);
	verification_free(&v);
	return rc;
}

static int
page_of(struct request *req, struct reply *rep, struct err *e)
{
	return page_with(req, rep, false, e);
}

/* The page with what is missing marked: what a refused submission shows. */
static int
missing_page(struct request *req, struct reply *rep, struct err *e)
{
	return page_with(req, rep, true, e);
}

static int
evidence_page(struct request *req, struct reply *rep, struct err *e)
{
	return participation_stage_page(req, rep, STAGE_ASSESSMENT, page_of,
	    "assessment.evidence.done", e);
}

/* The guard of the unit's writes to participation id now, or NULL with e
 * (the state's refusal). */
static const struct fill_guard *
guard_now(struct svc *s, int64_t id, struct err *e)
{
	struct participation p;
	struct machine_step step;
	const struct fill_guard *g;

	if (participation_load(s, id, &p, e) < 0)
		return NULL;
	if ((g = verification_fill_guard(&p)) == NULL) {
		participation_guard(s, &p, TR_EVIDENCE, false, &step, e);
		return NULL;
	}
	return g;
}

static int
evidence_save_post(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	const struct fill_guard *g;
	struct answer_in *answers;
	struct building b;
	struct svc s;
	json_t *typed = json_object();
	size_t n;
	int rc = -1;

	memset(&b, 0, sizeof(b));
	if (web_svc(req, &s, e) < 0)
		goto out;
	if ((g = guard_now(&s, id, e)) == NULL) {
		rc = e->status == 404 ? -1 : web_show_plain(req, rep, e, evidence_page);
		goto out;
	}
	if (building_load(&s, id, &b, e) < 0)
		goto out;
	if ((answers = building_answers_posted(req, &b, typed, &n, e)) == NULL) {
		if (e->kind == ERR_INVALID)
			rc = web_show_again(req, rep, e, evidence_page);
		goto out;
	}
	rc = web_answer(req, rep, e, building_save(&s, id, g, answers, n, e),
	    evidence_page, "/partisipasi/%lld/penilaian?ok=simpan", (long long)id);
out:
	json_decref(typed);
	building_free(&b);
	return rc;
}

static int
evidence_upload_post(struct request *req, struct reply *rep, struct err *e)
{
	struct evidence_in in = building_evidence_of(req);
	const struct fill_guard *g;
	struct svc s;
	bool refused = false;

	if (web_svc(req, &s, e) < 0)
		return -1;
	if ((g = guard_now(&s, in.participation, e)) == NULL)
		return e->status == 404 ? -1 : web_show_plain(req, rep, e, evidence_page);
	if (form_has_errors(req)) {
		err_set(e, ERR_INVALID, "%s",
		    i18n_get(req_lang(req), "building.unknown_indicator"));
		return web_show_plain(req, rep, e, evidence_page);
	}
	if (building_evidence_file(req, &in, e) < 0)
		return -1;
	if (building_upload(&s, g, &in, NULL, &refused, e) == 0)
		return web_see_other(req, rep,
		    "/partisipasi/%lld/penilaian?ok=unggah#indikator-%s",
		    (long long)in.participation, in.indicator);
	return web_show_plain(req, rep, e, evidence_page);
}

static int
evidence_submit_post(struct request *req, struct reply *rep, struct err *e)
{
	return participation_post(req, rep, verification_submit, missing_page,
	    "penilaian?ok=ajukan", e);
}

static int
evidence_resubmit_post(struct request *req, struct reply *rep, struct err *e)
{
	return participation_post(req, rep, verification_resubmit, evidence_page,
	    "penilaian?ok=ajukan-ulang", e);
}

/* Files are kept only for a caller the policy lets complete evidence (the
 * same action revises). */
PARTICIPATION_ADMIT(upload_admit, TR_EVIDENCE);

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/partisipasi/{id}/penilaian", evidence_page, "assessment_evidence", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_NOTICE("simpan|unggah|ajukan|ajukan-ulang")),
	    .about = "The assessment's evidence: what the unit completes for verification"),
	ROUTE_POST("/partisipasi/{id}/penilaian", evidence_save_post,
	    "assessment_evidence", SIGNED_IN, .params = route_params_id,
	    .page = evidence_page,
	    .offload = true,
	    .about = "Saves the unit's assessment answers and notes"),
	ROUTE_POST("/partisipasi/{id}/penilaian/berkas", evidence_upload_post,
	    "assessment_evidence", SIGNED_IN, .params = building_upload_params,
	    .page = evidence_page, .upload = true, .max_files = 1, .admit = upload_admit,
	    .about = "Uploads evidence for an assessment indicator"),
	ROUTE_POST("/partisipasi/{id}/penilaian/ajukan", evidence_submit_post,
	    "assessment_evidence", SIGNED_IN, .params = route_params_id,
	    .page = evidence_page,
	    .offload = true,
	    .about = "Submits the assessment's evidence for verification"),
	ROUTE_POST("/partisipasi/{id}/penilaian/ajukan-ulang", evidence_resubmit_post,
	    "assessment_evidence", SIGNED_IN, .params = route_params_id,
	    .page = evidence_page,
	    .offload = true,
	    .about = "Resubmits revised evidence after a revision round"),
};
/* clang-format on */
ROUTE_TABLE(assessment_evidence_routes, routes);
