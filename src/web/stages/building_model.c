/*
 * building_model.c - the self-assessment as the building and evaluation
 * pages show it (see building.h): the criteria with their indicators as a
 * view model, the progress figures in the user's language, the mentoring
 * notes, and the progress column of a cycle's unit list.
 */
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "web/stages/building.h"
#include "web/model.h"
#include "base/timefmt.h"

static enum rulebook_lang
rb_lang(struct request *req)
{
	return req_lang(req) == LANG_EN ? RULEBOOK_LANG_EN : RULEBOOK_LANG_ID;
}

/* "80% (12/15)": the figures people read next to a bar. */
static json_t *
figure_text(size_t done, size_t of, int percent)
{
	return json_sprintf("%d%% (%zu/%zu)", percent, done, of);
}

json_t *
building_progress_json(struct request *req, const struct progress *pr)
{
	enum rulebook_lang rl = rb_lang(req);
	json_t *crit = json_array(), *out;
	size_t i;

	for (i = 0; crit != NULL && i < pr->criterion_count; i++) {
		const struct progress_criterion *pc = &pr->criteria[i];

		json_array_append_new(crit,
		    json_pack("{s:s, s:s, s:i, s:I, s:I, s:I, s:o}", "code",
			pc->criterion->code, "name", rb_text_get(&pc->criterion->name, rl),
			"percent", pc->percent, "done", (json_int_t)pc->done, "answered",
			(json_int_t)pc->answered, "applicable", (json_int_t)pc->applicable,
			"text", figure_text(pc->done, pc->applicable, pc->percent)));
	}
	out = json_pack("{s:i, s:I, s:I, s:I, s:b, s:o, s:o}", "percent", pr->percent,
	    "done", (json_int_t)pr->done, "answered", (json_int_t)pr->answered,
	    "applicable", (json_int_t)pr->applicable, "complete", pr->complete, "text",
	    figure_text(pr->done, pr->applicable, pr->percent), "criteria", crit);
	return out;
}

/* What an indicator lacks, as a catalog text. */
static const char *
lack_text(struct request *req, bool answer, bool evidence)
{
	return i18n_get(req_lang(req),
	    answer && evidence ? "building.missing.both"
		: answer       ? "building.missing.answer"
			       : "building.missing.evidence");
}

json_t *
building_missing_json(struct request *req, const struct building *b)
{
	enum rulebook_lang rl = rb_lang(req);
	const struct progress *pr = &b->progress;
	json_t *out = json_array();
	size_t i;

	for (i = 0; out != NULL && i < pr->missing_count; i++) {
		const struct progress_missing *m = &pr->missing[i];

		json_array_append_new(out,
		    json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:o}", "criterion",
			m->criterion->code, "criterion_name",
			rb_text_get(&m->criterion->name, rl), "code", m->indicator->code,
			"text", rb_text_get(&m->indicator->text, rl), "needs_answer",
			m->needs_answer, "needs_evidence", m->needs_evidence, "what",
			lack_text(req, m->needs_answer, m->needs_evidence), "href",
			json_sprintf("#indikator-%s", m->indicator->code)));
	}
	return out;
}

/* The progress entry of indicator ind in pr, when it is missing. */
static const struct progress_missing *
missing_of(const struct progress *pr, const struct rb_indicator *ind)
{
	size_t i;

	for (i = 0; i < pr->missing_count; i++)
		if (pr->missing[i].indicator == ind)
			return &pr->missing[i];
	return NULL;
}

/* The options of ind's scale, the one called chosen checked. */
static json_t *
options_json(const struct rb_indicator *ind, enum rulebook_lang rl, const char *chosen)
{
	json_t *out = json_array();
	size_t i;

	for (i = 0; out != NULL && i < ind->scale->option_count; i++) {
		const struct rb_option *o = &ind->scale->options[i];

		json_array_append_new(out,
		    json_pack("{s:s, s:s, s:b, s:o}", "value", o->code, "label",
			rb_text_get(&o->label, rl), "checked",
			chosen != NULL && strcmp(chosen, o->code) == 0, "id",
			json_sprintf("j-%s-%s", ind->code, o->code)));
	}
	return out;
}

/* One indicator's view model. */
static json_t *
indicator_json(struct request *req, const struct building *b,
    const struct building_view *v, const struct rb_indicator *ind)
{
	enum rulebook_lang rl = rb_lang(req);
	json_t *ans = json_object_get(b->answers, ind->code);
	json_t *typed = v->typed ? json_object_get(v->typed, ind->code) : NULL;
	json_t *ev = json_object_get(b->evidence, ind->code), *out;
	const struct progress_missing *m = missing_of(&b->progress, ind);
	const struct rb_option *saved;
	const char *option, *note;

	saved = rulebook_option(ind, json_string_value(json_object_get(ans, "option_code")));
	option = saved ? saved->code : NULL;
	note = json_string_value(json_object_get(ans, "note"));
	if (typed != NULL) {
		if (json_object_get(typed, "option") != NULL)
			option = json_string_value(json_object_get(typed, "option"));
		if (json_object_get(typed, "note") != NULL)
			note = json_string_value(json_object_get(typed, "note"));
	}
	out = json_pack("{s:s, s:s, s:b, s:b, s:o, s:s, s:b, s:o, s:b, s:b, s:b, s:b}",
	    "code", ind->code, "text", rb_text_get(&ind->text, rl), "evidence_required",
	    ind->evidence_required, "knockout", ind->is_knockout, "options",
	    options_json(ind, rl, option), "note", note ? note : "", "answered",
	    saved != NULL, "evidence", ev ? json_incref(ev) : json_array(),
	    "has_evidence", ev != NULL && json_array_size(ev) > 0, "done", m == NULL,
	    "missing_answer", v->show_missing && m != NULL && m->needs_answer,
	    "missing_evidence", v->show_missing && m != NULL && m->needs_evidence);
	if (out == NULL)
		return NULL;
	json_object_set_new(out, "has_note", json_boolean(note != NULL && note[0] != '\0'));
	if (ind->evidence_guidance.s[rl] != NULL)
		json_object_set_new(out, "guidance",
		    json_string(rb_text_get(&ind->evidence_guidance, rl)));
	if (saved != NULL) {
		json_object_set_new(out, "answer_label",
		    json_string(rb_text_get(&saved->label, rl)));
		json_object_set_new(out, "updated",
		    json_pack("{s:s, s:s}", "by",
			json_string_value(json_object_get(ans, "updated_by_name")), "at",
			participation_local_time(req, &b->p,
			    json_string_value(json_object_get(ans, "updated_at")))));
	}
	if (m != NULL)
		json_object_set_new(out, "lack",
		    json_string(lack_text(req, m->needs_answer, m->needs_evidence)));
	if (typed != NULL && json_object_get(typed, "error") != NULL)
		json_object_set(out, "error", json_object_get(typed, "error"));
	if (typed != NULL && json_object_get(typed, "note_error") != NULL)
		json_object_set(out, "note_error", json_object_get(typed, "note_error"));
	if (v->upload_code != NULL && strcmp(v->upload_code, ind->code) == 0)
		json_object_set_new(out, "upload_error", json_string(v->upload_error));
	return out;
}

json_t *
building_criteria(struct request *req, const struct building *b, const struct building_view *v)
{
	enum rulebook_lang rl = rb_lang(req);
	const struct rulebook *rb = b->rb;
	json_t *out = json_array(), *inds, *cr;
	char weight[RULEBOOK_NUMBER_LEN];
	size_t i, j;

	for (i = 0; out != NULL && i < rb->criterion_count; i++) {
		const struct rb_criterion *c = &rb->criteria[i];
		const struct progress_criterion *pc = &b->progress.criteria[i];

		if ((inds = json_array()) == NULL)
			goto nomem;
		for (j = 0; j < c->indicator_count; j++)
			if (rulebook_indicator_applies(rb, &c->indicators[j], b->p.unit_type))
				json_array_append_new(inds,
				    indicator_json(req, b, v, &c->indicators[j]));
		cr = json_pack("{s:s, s:s, s:I, s:s, s:i, s:I, s:I, s:o, s:o}", "code",
		    c->code, "name", rb_text_get(&c->name, rl), "number", (json_int_t)i + 1,
		    "weight", rulebook_number_text(c->weight.v, rl, false, weight),
		    "percent", pc->percent, "done", (json_int_t)pc->done, "applicable",
		    (json_int_t)pc->applicable, "progress_text",
		    figure_text(pc->done, pc->applicable, pc->percent), "indicators", inds);
		if (cr == NULL || json_array_append_new(out, cr) < 0)
			goto nomem;
	}
	return out;
nomem:
	json_decref(out);
	return NULL;
}

json_t *
building_mentoring(struct request *req, struct db_conn *c, const struct participation *p,
    struct err *e)
{
	json_t *rows = NULL, *row;
	size_t i;

	if (db_exec(c, DB_BUILDING_MENTORING_LIST, (struct db_param[]){ DBP_INT(p->id) },
		1, &rows, e) < 0)
		return NULL;
	json_array_foreach(rows, i, row) {
		json_object_set_new(row, "visit_date_text",
		    json_string(time_date_text(&req->arena,
			json_string_value(json_object_get(row, "visit_date")),
			i18n_time_lang(req_lang(req)))));
		json_object_set_new(row, "written_at_text",
		    json_string(participation_local_time(req, p,
			json_string_value(json_object_get(row, "written_at")))));
	}
	return rows;
}

/* Take the stored figures' columns off a row: the page shows "progress". */
static void
drop_figures(json_t *row)
{
	static const char *const cols[] = { "pr_applicable", "pr_answered", "pr_done",
		"pr_percent", "pr_complete" };
	size_t i;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		json_object_del(row, cols[i]);
}

/* The stored figures of a PARTICIPATION_LIST row (pr_*), or those of a
 * self-assessment without answers or evidence when it has none. */
static int
row_figures(json_t *row, const struct rulebook *rb, struct arena *a, struct progress *pr)
{
	if (json_is_integer(json_object_get(row, "pr_applicable"))) {
		memset(pr, 0, sizeof(*pr));
		pr->applicable = (size_t)json_integer_value(
		    json_object_get(row, "pr_applicable"));
		pr->answered = (size_t)json_integer_value(json_object_get(row, "pr_answered"));
		pr->done = (size_t)json_integer_value(json_object_get(row, "pr_done"));
		pr->percent = (int)json_integer_value(json_object_get(row, "pr_percent"));
		pr->complete = json_integer_value(json_object_get(row, "pr_complete")) != 0;
		return 0;
	}
	return progress_compute(rb, json_string_value(json_object_get(row, "unit_type")),
	    NULL, 0, a, pr);
}

int
building_progress_decorate(struct request *req, struct db_conn *c, int64_t cycle_id,
    int64_t rulebook_id, json_t *parts, struct err *e)
{
	json_t *stages = NULL, *row;
	struct rulebook *rb = NULL;
	struct progress pr;
	bool runs = false;
	size_t i;

	if (db_exec(c, DB_CYCLE_STAGES, (struct db_param[]){ DBP_INT(cycle_id) }, 1,
		&stages, e) < 0)
		return -1;
	json_array_foreach(stages, i, row)
		if (stage_parse(json_string_value(json_object_get(row, "stage"))) == STAGE_BUILDING)
			runs = true;
	json_decref(stages);
	json_array_foreach(parts, i, row) {
		enum stage s = stage_parse(json_string_value(json_object_get(row, "stage")));

		if (i > 0) /* the previous row is done with its pr_* columns */
			drop_figures(json_array_get(parts, i - 1));
		if (!runs || s == STAGE_MAX || s < STAGE_BUILDING) {
			json_object_set_new(row, "progress", json_null());
			continue;
		}
		/* The rulebook only for a row without stored figures. */
		if (!json_is_integer(json_object_get(row, "pr_applicable")) && rb == NULL &&
		    (rb = rulebook_load_in(c, &req->arena, rulebook_id, e)) == NULL)
			return -1;
		if (row_figures(row, rb, &req->arena, &pr) < 0)
			return web_nomem(e);
		json_object_set_new(row, "progress",
		    json_pack("{s:i, s:I, s:I, s:b, s:o}", "percent", pr.percent, "done",
			(json_int_t)pr.done, "applicable", (json_int_t)pr.applicable,
			"complete", pr.complete, "text",
			figure_text(pr.done, pr.applicable, pr.percent)));
	}
	if (json_array_size(parts) > 0)
		drop_figures(json_array_get(parts, json_array_size(parts) - 1));
	return 0;
}
