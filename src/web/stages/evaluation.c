/*
 * evaluation.c - the evaluation gate of a participation,
 * /partisipasi/{id}/evaluasi: the evaluator (the programme admin, or the
 * regional office for its units) reviews what the unit submitted (answers,
 * notes and evidence per criterion, progress, mentoring notes) and records
 * a pass, which issues the evaluation report (Berita Acara Hasil Evaluasi)
 * and moves the unit on to assessment, or a failure with reasons per
 * criterion, which issues the evaluation letter (Surat Keterangan Hasil
 * Evaluasi) and ends the participation for this cycle. Everyone who may
 * see the participation reads the decision and its documents here.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/app.h"
#include "svc/audit.h"
#include "web/auth.h"
#include "web/stages/building.h"
#include "svc/documents.h"
#include "svc/document_words.h"
#include "web/form.h"
#include "base/timefmt.h"
#include "web/routes.h"

#define REASON_PREFIX	"alasan."	/* form field of a criterion's reason */
#define REASON_MAX	2000		/* characters of one reason */

static const struct param_spec reason_spec = {
	"alasan", PARAM_FORM, PT_MULTILINE, false, 0, REASON_MAX, NULL
};

static const struct field_spec note_fields[] = {
	{ "catatan", "evaluation.note", "textarea", "off", "evaluation.note_hint" },
	{ NULL, NULL, NULL, NULL, NULL },
};

static enum rulebook_lang
rb_lang(struct request *req)
{
	return req_lang(req) == LANG_EN ? RULEBOOK_LANG_EN : RULEBOOK_LANG_ID;
}

/* The criterion of b's rulebook called code, or NULL. */
static const struct rb_criterion *
criterion(const struct building *b, const char *code)
{
	size_t i;

	for (i = 0; i < b->rb->criterion_count; i++)
		if (strcmp(b->rb->criteria[i].code, code) == 0)
			return &b->rb->criteria[i];
	return NULL;
}

/* The decision recorded for b, with its reasons named by criterion, or
 * JSON null; NULL with e. */
static json_t *
decision(struct request *req, struct db_conn *c, const struct building *b, struct err *e)
{
	enum lang l = req_lang(req);
	json_t *rows = NULL, *ev, *reasons = NULL, *r;
	const struct rb_criterion *cr;
	const char *result;
	size_t i;

	if (db_exec(c, DB_EVALUATION_GET, (struct db_param[]){ DBP_INT(b->p.id) }, 1, &rows,
	    e) < 0)
		return NULL;
	if ((ev = json_incref(json_array_get(rows, 0))) == NULL) {
		json_decref(rows);
		return json_null();
	}
	json_decref(rows);
	if (db_exec(c, DB_EVALUATION_REASONS, (struct db_param[]){ DBP_INT(
	    json_integer_value(json_object_get(ev, "id"))) }, 1, &reasons, e) < 0) {
		json_decref(ev);
		return NULL;
	}
	json_array_foreach(reasons, i, r) {
		cr = criterion(b, json_string_value(json_object_get(r, "criterion")));
		json_object_set_new(r, "criterion_name", json_string(cr ?
		    rb_text_get(&cr->name, rb_lang(req)) :
		    json_string_value(json_object_get(r, "criterion"))));
	}
	result = json_string_value(json_object_get(ev, "result"));
	json_object_set_new(ev, "passed", json_boolean(result && strcmp(result, "pass") == 0));
	json_object_set_new(ev, "result_label", json_string(i18n_get(l, result &&
	    strcmp(result, "pass") == 0 ? "evaluation.result.pass" : "evaluation.result.fail")));
	json_object_set_new(ev, "decided_at_text", json_string(participation_local_time(req,
	    &b->p, json_string_value(json_object_get(ev, "decided_at")))));
	json_object_set_new(ev, "has_reasons", json_boolean(json_array_size(reasons) > 0));
	json_object_set_new(ev, "has_note", json_boolean(json_string_length(json_object_get(ev,
	    "note")) > 0));
	json_object_set_new(ev, "reasons", reasons);
	return ev;
}

/* What happens next, by where the participation stands. */
static const char *
next_text(struct request *req, const struct participation *p)
{
	const char *key;

	if (strcmp(p->state, "failed") == 0)
		key = "evaluation.next.failed";
	else if (p->stage < STAGE_EVALUATION)
		key = "evaluation.next.before";
	else if (p->stage == STAGE_EVALUATION && strcmp(p->state, "awaiting_evaluation") == 0)
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
		f = json_pack("{s:s, s:s, s:o, s:o, s:s}", "code", cr->code,
		    "label", rb_text_get(&cr->name, rl),
		    "name", json_sprintf(REASON_PREFIX "%s", cr->code),
		    "id", json_sprintf("f-alasan-%s", cr->code),
		    "value", t ? json_string_value(json_object_get(t, "value")) : "");
		if (f != NULL && t != NULL && json_object_get(t, "error") != NULL)
			json_object_set(f, "error", json_object_get(t, "error"));
		json_array_append_new(out, f);
	}
	return out;
}

/* The page's model into rep; typed and refill bring back a refused form. */
static int
page_model(struct request *req, struct reply *rep, struct db_conn *c, struct building *b,
    json_t *typed, bool refill, struct err *e)
{
	struct building_view v = { 0 };
	json_t *m, *mentoring = NULL, *ev = NULL, *docs = NULL;
	bool may;

	if ((m = json_object()) == NULL || participation_header(req, &b->p, STAGE_EVALUATION,
	    m, e) < 0 || (mentoring = building_mentoring(req, c, &b->p, e)) == NULL ||
	    (ev = decision(req, c, b, e)) == NULL ||
	    (docs = documents_list(req, c, b->p.id, e)) == NULL) {
		json_decref(m);
		json_decref(mentoring);
		json_decref(ev);
		return -1;
	}
	may = participation_may(req, &b->p, TR_PASS, false) ||
	    participation_may(req, &b->p, TR_FAIL, false);
	json_object_set_new(m, "page_title", json_sprintf("%s — %s",
	    i18n_get(req_lang(req), "evaluation.title"), b->p.unit_name));
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
	json_object_set_new(m, "note_fields", form_fields(req, note_fields, refill));
	if (b->p.stage == STAGE_EVALUATION)
		participation_window_notice(req, &b->p, STAGE_EVALUATION, m);
	json_decref(rep->model);
	rep->model = m;
	rep->template = "evaluation";
	return 0;
}

static int
evaluation_page(struct request *req, struct reply *rep, struct err *e)
{
	const struct param_value *ok = req_param(req, "ok");
	struct building b;
	struct db_conn *c;
	int rc = -1;

	if ((c = req_db(req, e)) == NULL)
		return -1;
	if (building_load(req, c, req_param(req, "id")->i, &b, e) == 0 &&
	    page_model(req, rep, c, &b, NULL, false, e) == 0) {
		if (ok->present)
			app_notice(rep->model, false, i18n_get(req_lang(req),
			    strcmp(ok->text, "lulus") == 0 ? "evaluation.done.pass" :
			    "evaluation.done.fail"));
		rc = 0;
	}
	building_free(&b);
	return rc;
}

/* The page again after a refusal that it can explain (see building.c). */
static int
refuse(struct request *req, struct reply *rep, struct db_conn *c, struct building *b,
    json_t *typed, struct err *e)
{
	struct err r;

	if (!participation_refusal_take(e, &r) ||
	    page_model(req, rep, c, b, typed, true, e) < 0)
		return -1;
	participation_refusal_show(req, rep, &r);
	return 0;
}

/*
 * Read the reasons ("alasan.CODE") into typed {code: {value, error}};
 * returns the number of problems, *given the number of non-empty reasons.
 * A field naming no criterion of the rulebook is a problem (*unknown).
 */
static int
read_reasons(struct request *req, const struct building *b, json_t *typed,
    size_t *given, const char **unknown)
{
	struct param_value pv;
	enum validate_error ve;
	const char *code;
	char key[64];
	json_t *t;
	size_t i;
	int bad = 0;

	*given = 0;
	*unknown = NULL;
	for (i = 0; i < req->form.count; i++) {
		const struct kv *kv = &req->form.items[i];

		if (strncmp(kv->key.p, REASON_PREFIX, strlen(REASON_PREFIX)) != 0)
			continue;
		code = kv->key.p + strlen(REASON_PREFIX);
		if (criterion(b, code) == NULL) {
			*unknown = code;
			bad++;
			continue;
		}
		if (json_object_get(typed, code) != NULL)
			continue;	/* the first value counts */
		ve = validate_param(&reason_spec, kv->val.p, kv->val.len, &req->arena, &pv);
		t = json_pack("{s:s}", "value", ve == VE_OK ? pv.text : kv->val.p);
		if (t == NULL)
			continue;
		if (ve != VE_OK) {
			snprintf(key, sizeof(key), "validation.%s", validate_error_key(ve));
			json_object_set_new(t, "error", json_string(i18n_get(req_lang(req), key)));
			bad++;
		} else if (pv.present)
			(*given)++;
		json_object_set_new(typed, code, t);
	}
	return bad;
}

/* True when the caller acts for the programme nationwide, and signs as
 * its directorate: the policy lets them manage the programme's cycles. */
static bool
is_admin(const struct request *req)
{
	static const struct object_ref programme = { .type = OBJ_CYCLE };

	return policy_check(&req_auth(req)->principal, ACT_CYCLE_MANAGE, &programme) ==
	    POLICY_ALLOW;
}

/* The progress per criterion and, for a failure, the reasons given, as
 * the evaluation templates get them; criterion names in language rl. */
static json_t *
doc_criteria(const struct building *b, bool pass, json_t *typed, enum rulebook_lang rl,
    json_t **reasons)
{
	json_t *criteria = json_array();
	const char *reason;
	size_t i;

	*reasons = json_array();
	for (i = 0; i < b->progress.criterion_count; i++) {
		const struct progress_criterion *pc = &b->progress.criteria[i];

		json_array_append_new(criteria, json_pack("{s:s, s:i, s:I, s:I}", "name",
		    rb_text_get(&pc->criterion->name, rl), "percent", pc->percent,
		    "done", (json_int_t)pc->done, "applicable", (json_int_t)pc->applicable));
	}
	for (i = 0; !pass && i < b->rb->criterion_count; i++) {
		reason = json_string_value(json_object_get(json_object_get(typed,
		    b->rb->criteria[i].code), "value"));
		if (reason != NULL && reason[0] != '\0')
			json_array_append_new(*reasons, json_pack("{s:s, s:s}", "criterion",
			    rb_text_get(&b->rb->criteria[i].name, rl), "reason", reason));
	}
	return criteria;
}

/*
 * Issue the report (pass) or the letter (fail, with reasons) for b, in
 * Bahasa Indonesia as every official document is, inside the caller's
 * transaction; the words are the kind's template
 * (templates/documents/id/evaluation_report.mustache, ..._letter).
 * serial and *doc_id receive the result.
 */
static int
issue(struct request *req, struct db_conn *c, const struct building *b, bool pass,
    json_t *typed, const char *note, char serial[DOC_SERIAL_LEN], int64_t *doc_id,
    struct err *e)
{
	const enum lang l = LANG_ID;
	struct doc_content d = { 0 };
	json_t *model, *criteria, *reasons;
	int rc;

	criteria = doc_criteria(b, pass, typed, l == LANG_EN ? RULEBOOK_LANG_EN :
	    RULEBOOK_LANG_ID, &reasons);
	/* The date is today as the unit's documents write it, "29 November 2026". */
	model = json_pack("{s:s, s:s, s:s, s:s, s:I, s:o, s:{s:i, s:I, s:I}, s:b, s:o, "
	    "s:s?, s:b, s:s, s:s}",
	    "date", time_local_text(&req->arena, time(NULL), tz_offset(b->p.tz), NULL,
	    i18n_time_lang(l), TIME_DATE),
	    "unit_name", b->p.unit_name, "cycle", b->p.cycle_title,
	    "rulebook_code", b->rb->code, "rulebook_version", (json_int_t)b->rb->version,
	    "criteria", criteria,
	    "overall", "percent", b->progress.percent, "done", (json_int_t)b->progress.done,
	    "applicable", (json_int_t)b->progress.applicable,
	    "passed", pass, "reasons", reasons,
	    "note", note != NULL && note[0] != '\0' ? note : NULL,
	    "admin", is_admin(req), "province", b->p.province_name,
	    "evaluator_name", req_auth(req)->name ? req_auth(req)->name : "");
	if (model == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	rc = document_words(&req->arena, pass ? DOC_EVALUATION_REPORT :
	    DOC_EVALUATION_LETTER, l, model, &d, e);
	json_decref(model);
	if (rc < 0)
		return -1;
	d.participation_id = b->p.id;
	d.unit_id = b->p.unit_id;
	d.unit_name = b->p.unit_name;
	return document_issue(req, c, &d, serial, doc_id, e);
}

static int
evaluation_decide(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i, ev_id, doc_id = 0;
	bool pass = strcmp(req_param(req, "keputusan")->text, "lulus") == 0;
	const char *note = req_param(req, "catatan")->text, *unknown, *code;
	enum transition t = pass ? TR_PASS : TR_FAIL;
	char serial[DOC_SERIAL_LEN] = "", now[TIME_ISO_LEN];
	struct machine_step step;
	struct building b;
	struct db_conn *c;
	json_t *typed = json_object(), *rows = NULL, *r, *given_list;
	size_t given;
	int bad, rc = -1;

	if (building_begin(req, id, &c, &b, e) < 0)
		goto out;
	bad = read_reasons(req, &b, typed, &given, &unknown);
	if (form_has_errors(req) && !req_param(req, "keputusan")->present) {
		err_set(e, ERR_INVALID, "%s", i18n_get(req_lang(req),
		    "evaluation.choose"));
		goto refused;
	}
	if (participation_guard(req, &b.p, t, false, &step, e) < 0)
		goto refused;
	if (bad > 0 || form_has_errors(req)) {
		err_set(e, ERR_INVALID, "%s", unknown ? i18n_get(req_lang(req),
		    "evaluation.unknown_criterion") : i18n_get(req_lang(req),
		    "evaluation.form_invalid"));
		goto refused;
	}
	if (!pass && given == 0) {
		err_set(e, ERR_INVALID, "%s", i18n_get(req_lang(req),
		    "evaluation.reason_required"));
		goto refused;
	}
	if (db_exec(c, DB_EVALUATION_INSERT, (struct db_param[]){ DBP_INT(id),
	    DBP_TEXT(pass ? "pass" : "fail"), DBP_INT(req_auth(req)->user_id),
	    DBP_TEXT(time_iso(time(NULL), now)), DBP_TEXT(note) }, 5,
	    &rows, e) < 0)
		goto fail;
	if (json_array_size(rows) == 0) {
		err_set(e, ERR_REFUSED, "%s", i18n_get(req_lang(req),
		    "evaluation.already"));
		goto refused;
	}
	ev_id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	given_list = json_array();
	json_object_foreach(typed, code, r) {
		const char *reason = json_string_value(json_object_get(r, "value"));

		if (pass || reason == NULL || reason[0] == '\0')
			continue;
		if (db_exec(c, DB_EVALUATION_REASON_ADD, (struct db_param[]){ DBP_INT(ev_id),
		    DBP_TEXT(code), DBP_TEXT(reason) }, 3, NULL, e) < 0) {
			json_decref(given_list);
			goto fail;
		}
		json_array_append_new(given_list, json_string(code));
	}
	if (issue(req, c, &b, pass, typed, note, serial, &doc_id, e) < 0 ||
	    db_exec(c, DB_EVALUATION_SET_DOCUMENT, (struct db_param[]){ DBP_INT(ev_id),
	    DBP_INT(doc_id), DBP_TEXT(serial) }, 3, NULL, e) < 0 ||
	    participation_apply(req, c, &b.p, t, &step, note[0] ? note : NULL, e) < 0) {
		json_decref(given_list);
		goto fail;
	}
	if (audit_record_new(req, c, pass ? "evaluation.pass" : "evaluation.fail",
	    "participation", id, json_pack("{s:I, s:s, s:s, s:o}", "evaluation",
	    (json_int_t)ev_id, "result", pass ? "pass" : "fail", "document", serial,
	    "reasons", given_list), e) < 0)
		goto fail;
	if (db_commit(c, e) < 0)
		goto fail;
	rep->status = 303;
	rep->location = arena_printf(&req->arena, "/partisipasi/%lld/evaluasi?ok=%s",
	    (long long)id, pass ? "lulus" : "tidak");
	rc = 0;
	goto out;
refused:
	db_rollback(c);
	rc = refuse(req, rep, c, &b, typed, e);
	goto out;
fail:
	db_rollback(c);
	if (e->kind == ERR_REFUSED)
		rc = refuse(req, rep, c, &b, typed, e);
out:
	json_decref(rows);
	json_decref(typed);
	building_free(&b);
	return rc;
}

/* The addresses this file answers, with their declared inputs. */
static const struct param_spec p_evaluation[] = {
	PARAM_ID("id"),
	{ "ok", PARAM_QUERY, PT_ENUM, false, 0, 0, "lulus|tidak" },
	{ NULL },
};
static const struct param_spec p_evaluation_decide[] = {
	PARAM_ID("id"),
	{ "keputusan", PARAM_FORM, PT_ENUM, true, 0, 0, "lulus|tidak" },
	{ "catatan", PARAM_FORM, PT_MULTILINE, false, 0, 2000, NULL },
	{ NULL },
};

static const struct route routes[] = {
	{ .method = HTTP_GET, .pattern = "/partisipasi/{id}/evaluasi",
	  .handler = evaluation_page, .template = "evaluation", .login = true,
	  .params = p_evaluation },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/evaluasi",
	  .handler = evaluation_decide, .template = "evaluation", .login = true,
	  .csrf = true, .params = p_evaluation_decide },
};
ROUTE_TABLE(evaluation_routes, routes);
