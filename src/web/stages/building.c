/*
 * building.c - the building stage of a participation,
 * /partisipasi/{id}/pembangunan: the unit's self-assessment (per criterion
 * of the cycle's rulebook the indicators that apply to the unit's type,
 * answered on their scale with a note and evidence files), its progress,
 * the regional office's mentoring notes, and the unit head's submission
 * for evaluation, which is refused while anything required is missing.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "web/app.h"
#include "svc/audit.h"
#include "web/auth.h"
#include "web/stages/building.h"
#include "svc/files.h"
#include "web/form.h"
#include "base/timefmt.h"
#include "web/routes.h"

#define ANSWER_PREFIX	"jawaban."	/* form field of an indicator's option */
#define NOTE_PREFIX	"catatan."	/* form field of an indicator's note */
#define NOTE_MAX	2000		/* characters of a note */

static const struct param_spec note_spec = {
	"catatan", PARAM_FORM, PT_MULTILINE, false, 0, NOTE_MAX, NULL
};

static const struct field_spec mentor_fields[] = {
	{ "tanggal", "building.mentoring.date", "date", "off", NULL },
	{ "temuan", "building.mentoring.findings", "textarea", "off",
	    "building.mentoring.findings_hint" },
	{ "saran", "building.mentoring.advice", "textarea", "off",
	    "building.mentoring.advice_hint" },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* Notices after a redirect (?ok=...), by value. */
static const struct {
	const char *ok;
	const char *key;
} done_notices[] = {
	{ "simpan", "building.saved" },
	{ "unggah", "building.uploaded" },
	{ "pendampingan", "building.mentoring.saved" },
	{ "ajukan", "building.submitted" },
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
	else if (b->p.stage > STAGE_BUILDING || strcmp(b->p.state, "building") != 0)
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

/*
 * The whole page's model for b into rep: header, progress, criteria (with
 * v's typed input and errors), what is missing, mentoring notes and the
 * forms the caller may use.
 */
static int
page_model(struct request *req, struct reply *rep, struct db_conn *c, struct building *b,
    const struct building_view *v0, bool mentor_refill, struct err *e)
{
	struct building_view v = v0 ? *v0 : (struct building_view){ 0 };
	json_t *m, *mentoring, *missing;

	v.may_fill = participation_may(req, &b->p, TR_FILL, false);
	if ((m = json_object()) == NULL || participation_header(req, &b->p, STAGE_BUILDING,
	    m, e) < 0) {
		json_decref(m);
		return -1;
	}
	if ((mentoring = building_mentoring(req, c, &b->p, e)) == NULL) {
		json_decref(m);
		return -1;
	}
	missing = building_missing_json(req, b);
	json_object_set_new(m, "page_title", json_sprintf("%s — %s",
	    i18n_get(req_lang(req), "building.title"), b->p.unit_name));
	json_object_set_new(m, "rulebook", json_pack("{s:I, s:s, s:I}", "id",
	    (json_int_t)b->p.rulebook_id, "code", b->rb->code, "version",
	    (json_int_t)b->rb->version));
	json_object_set_new(m, "progress", building_progress_json(req, &b->progress));
	json_object_set_new(m, "criteria", building_criteria(req, b, &v));
	json_object_set_new(m, "has_missing", json_boolean(json_array_size(missing) > 0));
	json_object_set_new(m, "missing", missing);
	json_object_set_new(m, "show_missing", json_boolean(v.show_missing));
	json_object_set_new(m, "show_missing_list", json_boolean(json_array_size(missing) > 0 &&
	    (v.show_missing || v.may_fill)));
	json_object_set_new(m, "mentoring", mentoring);
	json_object_set_new(m, "has_mentoring", json_boolean(json_array_size(mentoring) > 0));
	json_object_set_new(m, "may_fill", json_boolean(v.may_fill));
	json_object_set_new(m, "may_mentor", json_boolean(participation_may(req, &b->p,
	    TR_MENTOR, false)));
	json_object_set_new(m, "may_submit", json_boolean(participation_may(req, &b->p,
	    TR_SUBMIT, true)));
	json_object_set_new(m, "mentor_fields", mentor_form(req, mentor_refill));
	json_object_set_new(m, "back", json_sprintf("/partisipasi/%lld/pembangunan",
	    (long long)b->p.id));
	readonly_notice(req, b, m);
	json_decref(rep->model);
	rep->model = m;
	rep->template = "building";
	return 0;
}

/*
 * After a refused write: the page again with the refusal as an error
 * notice and its status, when the refusal is one the page can explain (a
 * state, window or form problem); -1 to answer with e itself (hidden,
 * forbidden, a database failure).
 */
static int
refuse(struct request *req, struct reply *rep, struct db_conn *c, struct building *b,
    const struct building_view *v, bool mentor_refill, struct err *e)
{
	struct err r;

	if (b->rb == NULL || !participation_refusal_take(e, &r) ||
	    page_model(req, rep, c, b, v, mentor_refill, e) < 0)
		return -1;
	participation_refusal_show(req, rep, &r);
	return 0;
}

/* 303 back to the page with a notice and an anchor. */
static int
back(struct request *req, struct reply *rep, int64_t id, const char *ok, const char *anchor)
{
	rep->status = 303;
	rep->location = arena_printf(&req->arena, "/partisipasi/%lld/pembangunan?ok=%s%s%s",
	    (long long)id, ok, anchor ? "#" : "", anchor ? anchor : "");
	return rep->location ? 0 : -1;
}

static int
building_page(struct request *req, struct reply *rep, struct err *e)
{
	const struct param_value *ok = req_param(req, "ok");
	struct building b;
	struct db_conn *c;
	size_t i;
	int rc = -1;

	if ((c = req_db(req, e)) == NULL)
		return -1;
	if (building_load(req, c, req_param(req, "id")->i, &b, e) == 0 &&
	    page_model(req, rep, c, &b, NULL, false, e) == 0) {
		for (i = 0; ok->present && i < sizeof(done_notices) / sizeof(done_notices[0]); i++)
			if (strcmp(ok->text, done_notices[i].ok) == 0)
				app_notice(rep->model, false, i18n_get(req_lang(req),
				    done_notices[i].key));
		rc = 0;
	}
	building_free(&b);
	return rc;
}

/* The indicator called code that applies to b's unit, or NULL. */
static const struct rb_indicator *
applicable(const struct building *b, const char *code)
{
	const struct rulebook *rb = b->rb;
	size_t i, j;

	for (i = 0; i < rb->criterion_count; i++)
		for (j = 0; j < rb->criteria[i].indicator_count; j++)
			if (strcmp(rb->criteria[i].indicators[j].code, code) == 0)
				return rulebook_indicator_applies(rb, &rb->criteria[i].indicators[j],
				    b->p.unit_type) ? &rb->criteria[i].indicators[j] : NULL;
	return NULL;
}

/* The typed entry of code in typed, created when missing. */
static json_t *
typed_entry(json_t *typed, const char *code)
{
	json_t *t = json_object_get(typed, code);

	if (t == NULL) {
		t = json_object();
		json_object_set_new(typed, code, t);
	}
	return t;
}

/*
 * Read the answer form into typed ({code: {option, note, error,
 * note_error}}). Returns the number of problems; *unknown receives a
 * field naming an indicator that does not apply to the unit (the form was
 * not made by this page), which refuses the whole form.
 */
static int
read_answers(struct request *req, const struct building *b, json_t *typed,
    const char **unknown)
{
	enum lang l = req_lang(req);
	const struct rb_indicator *ind;
	struct param_value pv;
	enum validate_error ve;
	const char *key, *code;
	char msg[64];
	json_t *t;
	size_t i;
	int bad = 0;

	*unknown = NULL;
	for (i = 0; i < req->form.count; i++) {
		const struct kv *kv = &req->form.items[i];
		bool is_answer;

		key = kv->key.p;
		if (strncmp(key, ANSWER_PREFIX, strlen(ANSWER_PREFIX)) == 0)
			is_answer = true;
		else if (strncmp(key, NOTE_PREFIX, strlen(NOTE_PREFIX)) == 0)
			is_answer = false;
		else
			continue;
		code = key + (is_answer ? strlen(ANSWER_PREFIX) : strlen(NOTE_PREFIX));
		if ((ind = applicable(b, code)) == NULL) {
			*unknown = code;
			return bad + 1;
		}
		t = typed_entry(typed, code);
		if (is_answer) {
			if (json_object_get(t, "option") != NULL)
				continue;	/* the first value counts */
			json_object_set_new(t, "option", json_string(kv->val.p));
			if (kv->val.len > 0 && progress_option(ind, kv->val.p) == NULL) {
				json_object_set_new(t, "error", json_string(i18n_get(l,
				    "validation.choice")));
				bad++;
			}
			continue;
		}
		if (json_object_get(t, "note") != NULL)
			continue;
		ve = validate_param(&note_spec, kv->val.p, kv->val.len, &req->arena, &pv);
		json_object_set_new(t, "note", json_string(ve == VE_OK ? pv.text : kv->val.p));
		if (ve != VE_OK) {
			snprintf(msg, sizeof(msg), "validation.%s", validate_error_key(ve));
			json_object_set_new(t, "note_error", json_string(i18n_get(l, msg)));
			bad++;
		}
	}
	return bad;
}

static bool
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * Write what changed in typed against b's answers, each with a history
 * row, inside the caller's transaction; *changes receives the list of
 * {indicator, option, note_changed} for the audit entry.
 */
static int
write_answers(struct request *req, struct db_conn *c, const struct building *b,
    json_t *typed, json_t *changes, struct err *e)
{
	int64_t by = req_auth(req)->user_id;
	char now[TIME_ISO_LEN];
	const char *code, *old_opt, *old_note, *opt, *note;
	struct db_param prm[6];
	json_t *t, *old;

	time_iso(time(NULL), now);
	json_object_foreach(typed, code, t) {
		old = json_object_get(b->answers, code);
		old_opt = json_string_value(json_object_get(old, "option_code"));
		if ((old_note = json_string_value(json_object_get(old, "note"))) == NULL)
			old_note = "";
		opt = json_string_value(json_object_get(t, "option"));
		if (opt == NULL || opt[0] == '\0')
			opt = old_opt;		/* no choice sent: keep the answer */
		if ((note = json_string_value(json_object_get(t, "note"))) == NULL)
			note = old_note;	/* no note field sent: keep the note */
		if (same(opt, old_opt) && strcmp(note, old_note) == 0)
			continue;
		prm[0] = DBP_INT(b->p.id);
		prm[1] = DBP_TEXT(code);
		prm[2] = opt ? DBP_TEXT(opt) : DBP_NULL;
		prm[3] = DBP_TEXT(note);
		prm[4] = DBP_INT(by);
		prm[5] = DBP_TEXT(now);
		if (db_exec(c, DB_BUILDING_ANSWER_SAVE, prm, 6, NULL, e) < 0 ||
		    db_exec(c, DB_BUILDING_ANSWER_HISTORY_ADD, prm, 6, NULL, e) < 0)
			return -1;
		json_array_append_new(changes, json_pack("{s:s, s:s?, s:b}", "indicator", code,
		    "option", opt, "note_changed", strcmp(note, old_note) != 0));
	}
	return 0;
}

static int
building_save(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	const struct param_value *crit = req_param(req, "kriteria");
	struct building_view v = { .show_missing = false };
	struct machine_step step;
	struct building b;
	struct db_conn *c;
	json_t *typed = json_object(), *changes = json_array();
	const char *unknown, *anchor = NULL;
	char note[32];
	size_t i;
	int bad, rc = -1;

	if (building_begin(req, id, &c, &b, e) < 0)
		goto out;
	v.typed = typed;
	if (participation_guard(req, &b.p, TR_FILL, false, &step, e) < 0)
		goto refused;
	if ((bad = read_answers(req, &b, typed, &unknown)) > 0) {
		if (unknown != NULL)
			err_set(e, ERR_INVALID, "%s: %s", i18n_get(req_lang(req),
			    "building.unknown_indicator"), unknown);
		else
			err_set(e, ERR_INVALID, "%s", i18n_fill(&req->arena,
			    i18n_get(req_lang(req), "building.form_invalid"), bad));
		goto refused;
	}
	if (write_answers(req, c, &b, typed, changes, e) < 0)
		goto fail;
	if (json_array_size(changes) > 0) {
		snprintf(note, sizeof(note), "%zu", json_array_size(changes));
		if (participation_event(req, c, &b.p, "answer", note, e) < 0 ||
		    audit_record_new(req, c, "answer.save", "participation", id,
		    json_pack("{s:I, s:O}", "count", (json_int_t)json_array_size(changes),
		    "answers", changes), e) < 0)
			goto fail;
	}
	if (db_commit(c, e) < 0)
		goto fail;
	for (i = 0; crit->present && i < b.rb->criterion_count; i++)
		if (strcmp(b.rb->criteria[i].code, crit->text) == 0)
			anchor = arena_printf(&req->arena, "kriteria-%s", crit->text);
	rc = back(req, rep, id, "simpan", anchor);
	goto out;
refused:
	db_rollback(c);
	rc = refuse(req, rep, c, &b, &v, false, e);
	goto out;
fail:
	db_rollback(c);
out:
	json_decref(typed);
	json_decref(changes);
	building_free(&b);
	return rc;
}

static int
building_upload(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i, replaces = req_param(req, "ganti")->i;
	const char *code = req_param(req, "indikator")->text;
	struct building_view v = { 0 };
	struct machine_step step;
	struct stored_file sf;
	struct building b;
	struct db_conn *c;
	json_t *f;
	size_t i;
	int rc = -1;

	if (building_begin(req, id, &c, &b, e) < 0)
		goto out;
	if (participation_guard(req, &b.p, TR_FILL, false, &step, e) < 0)
		goto refused;
	if (form_has_errors(req) || applicable(&b, code) == NULL) {
		err_set(e, ERR_INVALID, "%s", i18n_get(req_lang(req),
		    "building.unknown_indicator"));
		goto refused;
	}
	if (replaces != 0) {
		/* Only a live evidence file of this indicator may be replaced. */
		json_array_foreach(json_object_get(b.evidence, code), i, f)
			if (json_integer_value(json_object_get(f, "id")) == replaces)
				break;
		if (i == json_array_size(json_object_get(b.evidence, code))) {
			err_set(e, ERR_INVALID, "%s", i18n_get(req_lang(req),
			    "building.replace_unknown"));
			goto upload_refused;
		}
	}
	if (files_accept(req, c, "berkas", id, "evidence", code, replaces, &sf, e) < 0) {
		if (e->status != 422)
			goto fail;
		goto upload_refused;
	}
	if (sf.id == 0) {
		err_set(e, ERR_INVALID, "%s", i18n_get(req_lang(req), "building.no_file"));
		goto upload_refused;
	}
	if (participation_event(req, c, &b.p, replaces ? "file_replace" : "upload", sf.name,
	    e) < 0 || db_commit(c, e) < 0)
		goto fail;
	rc = back(req, rep, id, "unggah", arena_printf(&req->arena, "indikator-%s", code));
	goto out;
upload_refused:
	v.upload_code = code;
	v.upload_error = arena_strdup(&req->arena, e->msg);
refused:
	db_rollback(c);
	rc = refuse(req, rep, c, &b, &v, false, e);
	goto out;
fail:
	db_rollback(c);
out:
	building_free(&b);
	return rc;
}

static int
building_mentor(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	const char *date = req_param(req, "tanggal")->text;
	struct machine_step step;
	struct building b;
	struct db_conn *c;
	json_t *rows = NULL;
	char now[TIME_ISO_LEN], day[TIME_DATE_LEN];
	int64_t note_id;
	bool future = false;
	int rc = -1;

	if (building_begin(req, id, &c, &b, e) < 0)
		goto out;
	if (participation_guard(req, &b.p, TR_MENTOR, false, &step, e) < 0)
		goto refused;
	future = strcmp(date, participation_today(&b.p, day)) > 0;
	if (form_has_errors(req) || future) {
		err_set(e, ERR_INVALID, "%s", i18n_get(req_lang(req),
		    "building.mentoring.invalid"));
		goto refused;
	}
	time_iso(time(NULL), now);
	if (db_exec(c, DB_BUILDING_MENTORING_ADD, (struct db_param[]){ DBP_INT(id),
	    DBP_TEXT(date), DBP_TEXT(req_param(req, "temuan")->text),
	    DBP_TEXT(req_param(req, "saran")->text), DBP_INT(req_auth(req)->user_id),
	    DBP_TEXT(now) }, 6, &rows, e) < 0)
		goto fail;
	note_id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	if (participation_event(req, c, &b.p, "mentor", date, e) < 0 ||
	    audit_record_new(req, c, "mentoring.create", "participation", id,
	    json_pack("{s:I, s:s}", "note", (json_int_t)note_id, "visit_date", date), e) < 0)
		goto fail;
	if (db_commit(c, e) < 0)
		goto fail;
	rc = back(req, rep, id, "pendampingan", "pendampingan");
	goto out;
refused:
	db_rollback(c);
	rc = refuse(req, rep, c, &b, NULL, true, e);
	if (rc == 0 && future)
		form_set_error(req, json_object_get(rep->model, "mentor_fields"), "tanggal",
		    "building.mentoring.future");
	goto out;
fail:
	db_rollback(c);
out:
	json_decref(rows);
	building_free(&b);
	return rc;
}

static int
building_submit(struct request *req, struct reply *rep, struct err *e)
{
	int64_t id = req_param(req, "id")->i;
	struct building_view v = { .show_missing = true };
	struct machine_step step;
	struct building b;
	struct db_conn *c;
	int rc = -1;

	if (building_begin(req, id, &c, &b, e) < 0)
		goto out;
	/* Who, when and from where first: the completeness list only
	 * matters to someone who may submit now. */
	if (participation_guard(req, &b.p, TR_SUBMIT, true, &step, e) < 0)
		goto refused;
	if (!b.progress.complete) {
		err_set(e, ERR_REFUSED, "%s", i18n_fill(&req->arena,
		    i18n_get(req_lang(req), "building.incomplete"),
		    (long)b.progress.missing_count));
		goto refused;
	}
	if (participation_apply(req, c, &b.p, TR_SUBMIT, &step, NULL, e) < 0)
		goto refused;
	if (db_commit(c, e) < 0)
		goto fail;
	rc = back(req, rep, id, "ajukan", NULL);
	goto out;
refused:
	db_rollback(c);
	rc = refuse(req, rep, c, &b, &v, false, e);
	goto out;
fail:
	db_rollback(c);
out:
	building_free(&b);
	return rc;
}

/* The addresses this file answers, with their declared inputs. */
/* building.c, evaluation.c: the answers, reasons and notes keyed by
 * indicator or criterion code are read and validated by the handlers. */
static const struct param_spec p_building[] = {
	PARAM_ID("id"),
	{ "ok", PARAM_QUERY, PT_ENUM, false, 0, 0, "simpan|unggah|pendampingan|ajukan" },
	{ NULL },
};
static const struct param_spec p_building_save[] = {
	PARAM_ID("id"),
	{ "kriteria", PARAM_FORM, PT_TEXT, false, 0, 64, NULL },
	{ NULL },
};
static const struct param_spec p_building_upload[] = {
	PARAM_ID("id"),
	{ "indikator", PARAM_FORM, PT_TEXT, true, 1, 64, NULL },
	{ "ganti", PARAM_FORM, PT_INT, false, 1, INT64_MAX, NULL },
	{ NULL },
};
static const struct param_spec p_building_mentor[] = {
	PARAM_ID("id"),
	{ "tanggal", PARAM_FORM, PT_DATE, true, 0, 0, NULL },
	{ "temuan", PARAM_FORM, PT_MULTILINE, true, 3, 4000, NULL },
	{ "saran", PARAM_FORM, PT_MULTILINE, true, 3, 4000, NULL },
	{ NULL },
};

static const struct route routes[] = {
	{ .method = HTTP_GET, .pattern = "/partisipasi/{id}/pembangunan",
	  .handler = building_page, .template = "building", .login = true,
	  .params = p_building },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pembangunan",
	  .handler = building_save, .template = "building", .login = true, .csrf = true,
	  .params = p_building_save },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pembangunan/berkas",
	  .handler = building_upload, .template = "building", .login = true, .csrf = true,
	  .upload = true, .max_files = 1, .params = p_building_upload },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pembangunan/pendampingan",
	  .handler = building_mentor, .template = "building", .login = true, .csrf = true,
	  .params = p_building_mentor },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pembangunan/ajukan",
	  .handler = building_submit, .template = "building", .login = true, .csrf = true,
	  .params = route_params_id },
};
ROUTE_TABLE(building_routes, routes);
