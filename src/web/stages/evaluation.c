/*
 * evaluation.c - the evaluation gate of a participation,
 * /partisipasi/{id}/evaluasi: the evaluator (the programme admin, or the
 * regional office for its units) reviews what the unit submitted (answers,
 * notes and evidence per criterion, progress, mentoring notes) and records
 * a pass, which issues the evaluation report (Berita Acara Hasil Evaluasi)
 * and moves the unit on to assessment, or a failure with reasons per
 * criterion, which issues the evaluation letter (Surat Keterangan Hasil
 * Evaluasi) and ends the participation for this cycle. Everyone who may
 * see the participation reads the decision and its documents here. The
 * decision is svc/evaluation.h's.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/app.h"
#include "web/model.h"
#include "web/stages/building.h"
#include "svc/evaluation.h"
#include "web/form.h"
#include "web/routes.h"

#define REASON_PREFIX "alasan." /* form field of a criterion's reason */

static const struct param_spec reason_spec = PARAM_NOTE("alasan");

static const struct field_spec note_fields[] = {
	{ "catatan", "evaluation.note", "textarea", "off", "evaluation.note_hint" },
	{ NULL, NULL, NULL, NULL, NULL },
};

static enum rulebook_lang
rb_lang(struct request *req)
{
	return req_lang(req) == LANG_EN ? RULEBOOK_LANG_EN : RULEBOOK_LANG_ID;
}

/* The decision recorded for b, with its reasons named by criterion, or
 * JSON null; NULL with e. */
static json_t *
decision(struct request *req, struct svc *s, const struct building *b, struct err *e)
{
	enum lang l = req_lang(req);
	json_t *rows = NULL, *ev, *reasons = NULL, *r;
	const struct rb_criterion *cr;
	bool passed;
	size_t i;

	if (db_exec(s->c, DB_EVALUATION_GET, (struct db_param[]){ DBP_INT(b->p.id) }, 1,
		&rows, e) < 0)
		return NULL;
	if ((ev = json_incref(json_array_get(rows, 0))) == NULL) {
		json_decref(rows);
		return json_null();
	}
	json_decref(rows);
	if (db_exec(s->c, DB_EVALUATION_REASONS,
		(struct db_param[]){ DBP_INT(json_integer_value(json_object_get(ev, "id"))) },
		1, &reasons, e) < 0) {
		json_decref(ev);
		return NULL;
	}
	json_array_foreach(reasons, i, r) {
		cr = rulebook_criterion(b->rb,
		    json_string_value(json_object_get(r, "criterion")));
		json_object_set_new(r, "criterion_name",
		    json_string(cr ? rb_text_get(&cr->name, rb_lang(req))
				   : json_string_value(json_object_get(r, "criterion"))));
	}
	/* The result is the transition the decision made: pass or fail. */
	passed = transition_parse(json_string_value(json_object_get(ev, "result"))) == TR_PASS;
	json_object_set_new(ev, "passed", json_boolean(passed));
	json_object_set_new(ev, "result_label",
	    json_string(
		i18n_get(l, passed ? "evaluation.result.pass" : "evaluation.result.fail")));
	json_object_set_new(ev, "decided_at_text",
	    json_string(participation_local_time(req, &b->p,
		json_string_value(json_object_get(ev, "decided_at")))));
	json_object_set_new(ev, "has_reasons", json_boolean(json_array_size(reasons) > 0));
	json_object_set_new(ev, "has_note",
	    json_boolean(json_string_length(json_object_get(ev, "note")) > 0));
	json_object_set_new(ev, "reasons", reasons);
	return ev;
}

/* What happens next, by where the participation stands. */
static const char *
next_text(struct request *req, const struct participation *p)
{
	const char *key;

	if (p->state == PSTATE_FAILED)
		key = "evaluation.next.failed";
	else if (p->stage < STAGE_EVALUATION)
		key = "evaluation.next.before";
	else if (p->stage == STAGE_EVALUATION && p->state == PSTATE_AWAITING_EVALUATION)
		key = "evaluation.next.awaiting";
	else
		key = "evaluation.next.passed";
	return i18n_get(req_lang(req), key);
}

/* The reason fields of the decision form: one per criterion, with what
 * was typed (typed: {code: {"value", "error"}}, or NULL). */
static json_t *
reason_fields(struct request *req, const struct building *b, json_t *typed)
{
	enum rulebook_lang rl = rb_lang(req);
	json_t *out = json_array(), *t, *f;
	size_t i;

	for (i = 0; out != NULL && i < b->rb->criterion_count; i++) {
		const struct rb_criterion *cr = &b->rb->criteria[i];

		t = typed ? json_object_get(typed, cr->code) : NULL;
		f = json_pack("{s:s, s:s, s:o, s:o, s:s}", "code", cr->code, "label",
		    rb_text_get(&cr->name, rl), "name",
		    json_sprintf(REASON_PREFIX "%s", cr->code), "id",
		    json_sprintf("f-alasan-%s", cr->code), "value",
		    t ? json_string_value(json_object_get(t, "value")) : "");
		if (f != NULL && t != NULL && json_object_get(t, "error") != NULL)
			json_object_set(f, "error", json_object_get(t, "error"));
		json_array_append_new(out, f);
	}
	return out;
}

/* The page's model into rep; typed and the note as posted (req_refill)
 * bring back a refused form. */
static int
page_model(struct request *req, struct reply *rep, struct svc *s, struct building *b,
    json_t *typed, struct err *e)
{
	struct building_view v = { 0 };
	json_t *m, *mentoring = NULL, *ev = NULL, *docs = NULL;
	bool may;

	if ((m = json_object()) == NULL ||
	    participation_header(req, &b->p, STAGE_EVALUATION, m, e) < 0 ||
	    (mentoring = building_mentoring(req, s->c, &b->p, e)) == NULL ||
	    (ev = decision(req, s, b, e)) == NULL ||
	    (docs = documents_list(s, b->p.id, e)) == NULL) {
		json_decref(m);
		json_decref(mentoring);
		json_decref(ev);
		return -1;
	}
	may = participation_may(s, &b->p, TR_PASS, false) ||
	    participation_may(s, &b->p, TR_FAIL, false);
	json_object_set_new(m, "page_title",
	    json_sprintf("%s — %s", i18n_get(req_lang(req), "evaluation.title"),
		b->p.unit_name));
	json_object_set_new(m, "progress", building_progress_json(req, &b->progress));
	json_object_set_new(m, "criteria", building_criteria(req, b, &v));
	json_object_set_new(m, "mentoring", mentoring);
	json_object_set_new(m, "has_mentoring", json_boolean(json_array_size(mentoring) > 0));
	json_object_set_new(m, "evaluation", ev);
	json_object_set_new(m, "documents", docs);
	json_object_set_new(m, "has_documents", json_boolean(json_array_size(docs) > 0));
	json_object_set_new(m, "next", json_string(next_text(req, &b->p)));
	json_object_set_new(m, "may_decide", json_boolean(may));
	json_object_set_new(m, "reason_fields", reason_fields(req, b, typed));
	json_object_set_new(m, "note_fields", form_fields(req, note_fields, req_refill(req)));
	if (b->p.stage == STAGE_EVALUATION)
		participation_window_notice(req, &b->p, STAGE_EVALUATION, m);
	return web_model_take(rep, m, "evaluation");
}

/*
 * Read the reasons ("alasan.CODE") into typed {code: {value, error}};
 * returns the number of problems, *given the number of non-empty reasons.
 * A field naming no criterion of the rulebook is a problem (*unknown).
 */
static int
read_reasons(struct request *req, const struct building *b, json_t *typed, size_t *given,
    const char **unknown)
{
	const struct kv *kv;
	const char *code;
	json_t *t;
	size_t i = 0;
	int bad = 0;

	*given = 0;
	*unknown = NULL;
	while ((code = form_item_next(req, &i, REASON_PREFIX, NULL, &kv, NULL)) != NULL) {
		if (rulebook_criterion(b->rb, code) == NULL) {
			*unknown = code;
			bad++;
			continue;
		}
		if (json_object_get(typed, code) != NULL)
			continue; /* the first value counts */
		if ((t = form_item(typed, code)) == NULL)
			continue;
		if (form_item_value(req, &reason_spec, kv, t, "value", "error") != VE_OK)
			bad++;
		else if (json_string_length(json_object_get(t, "value")) > 0)
			(*given)++;
	}
	return bad;
}

/*
 * The page of participation {id}: asked for, with the notice of a write
 * just done; or again for a refused post, as it stands or with the
 * decision's form as typed (req_refill).
 */
static int
evaluation_page(struct request *req, struct reply *rep, struct err *e)
{
	struct building b;
	struct svc s;
	json_t *typed = NULL;
	const char *unknown;
	size_t given;
	int rc = -1;

	memset(&b, 0, sizeof(b));
	if (web_svc(req, &s, e) < 0 || building_load(&s, req_param(req, "id")->i, &b, e) < 0)
		goto out;
	/* A cycle without evaluation (2022) has no such page to show. */
	if (!req_again(req) &&
	    (rc = participation_stage_not_run(req, rep, &b.p, STAGE_EVALUATION, e)) != 0) {
		rc = rc < 0 ? -1 : 0;
		goto out;
	}
	if (req_refill(req) && (typed = json_object()) != NULL)
		read_reasons(req, &b, typed, &given, &unknown);
	if ((rc = page_model(req, rep, &s, &b, typed, e)) == 0)
		web_done_notice(req, rep->model, "ok", "evaluation.done");
out:
	json_decref(typed);
	building_free(&b);
	return rc;
}

/* The reasons typed as the service takes them, in the request's arena. */
static struct reason_in *
reasons_of(struct request *req, json_t *typed, size_t *n)
{
	struct reason_in *r = arena_alloc(&req->arena,
	    (json_object_size(typed) + 1) * sizeof(*r));
	const char *code;
	json_t *t;

	*n = 0;
	if (r == NULL)
		return NULL;
	json_object_foreach(typed, code, t)
		r[(*n)++] = (struct reason_in){ code,
			json_string_value(json_object_get(t, "value")) };
	return r;
}

/* What the form says before the service is asked: a decision chosen, the
 * guard (who and when come first), valid reasons, a failure's reason. */
static int
decide_check(struct request *req, struct svc *s, const struct building *b, bool pass,
    json_t *typed, struct err *e)
{
	enum lang l = req_lang(req);
	struct machine_step step;
	const char *unknown;
	size_t given;
	int bad;

	bad = read_reasons(req, b, typed, &given, &unknown);
	if (form_has_errors(req) && !req_param(req, "keputusan")->present) {
		err_set(e, ERR_INVALID, "%s", i18n_get(l, "evaluation.choose"));
		return -1;
	}
	if (participation_guard(s, &b->p, pass ? TR_PASS : TR_FAIL, false, &step, e) < 0)
		return -1;
	if (bad > 0 || form_has_errors(req)) {
		err_set(e, ERR_INVALID, "%s",
		    i18n_get(l,
			unknown ? "evaluation.unknown_criterion" : "evaluation.form_invalid"));
		return -1;
	}
	if (!pass && given == 0) {
		err_set(e, ERR_INVALID, "%s", i18n_get(l, "evaluation.reason_required"));
		return -1;
	}
	return 0;
}

static int
evaluation_decide_post(struct request *req, struct reply *rep, struct err *e)
{
	struct evaluation_in in = { .participation = req_param(req, "id")->i,
		.pass = strcmp(req_param(req, "keputusan")->text, "lulus") == 0,
		.note = req_param(req, "catatan")->text };
	struct reason_in *reasons;
	struct building b;
	struct svc s;
	json_t *typed = json_object();
	int rc = -1;

	memset(&b, 0, sizeof(b));
	if (typed == NULL || web_svc(req, &s, e) < 0 ||
	    building_load(&s, in.participation, &b, e) < 0)
		goto out;
	if (decide_check(req, &s, &b, in.pass, typed, e) < 0) {
		rc = web_show_again(req, rep, e, evaluation_page);
		goto out;
	}
	if ((reasons = reasons_of(req, typed, &in.reason_count)) == NULL) {
		err_set(e, ERR_TOO_LARGE, "out of memory");
		goto out;
	}
	in.reasons = reasons;
	rc = web_answer(req, rep, e, evaluation_decide(&s, &in, NULL, e), evaluation_page,
	    "/partisipasi/%lld/evaluasi?ok=%s", (long long)in.participation,
	    in.pass ? "lulus" : "tidak");
out:
	json_decref(typed);
	building_free(&b);
	return rc;
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/partisipasi/{id}/evaluasi", evaluation_page, "evaluation", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_NOTICE("lulus|tidak")),
	    .about = "The evaluation stage: the regional office's check of the self-assessment"),
	ROUTE_POST("/partisipasi/{id}/evaluasi", evaluation_decide_post, "evaluation", SIGNED_IN,
	    .params = PARAMS(PARAM_ID("id"), PARAM_CHOICE("keputusan", true, "lulus|tidak"),
		PARAM_NOTE("catatan")),
	    .page = evaluation_page, .offload = true,
	    .about = "Decides the evaluation: passed, or returned for revision"),
};
/* clang-format on */
ROUTE_TABLE(evaluation_routes, routes);
