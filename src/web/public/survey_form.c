/*
 * survey_form.c - the view model of the public survey form: the unit, the
 * instrument's questions with their answers as radio buttons, the profile
 * fields as lists, the suggestion, the guard's token and honeypot, and
 * whatever the respondent typed with the problems beside it.
 */
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "web/public/formguard.h"
#include "web/public/survey.h"

/* What was typed for name, or "". */
static const char *
typed_value(struct request *req, bool typed, const char *name)
{
	const struct slice *v = typed ? kv_get(&req->form, name) : NULL;

	return v != NULL ? v->p : "";
}

static const char *
problem_of(const struct svc_problems *pr, const char *field)
{
	size_t i;

	for (i = 0; pr != NULL && i < pr->count; i++)
		if (strcmp(pr->list[i].field, field) == 0)
			return pr->list[i].text;
	return NULL;
}

/* m, the model of question or field code, with its problem in pr (if
 * any) as "error" and the id the input points at it by. */
static json_t *
with_problem(struct request *req, json_t *m, const struct svc_problems *pr, const char *code)
{
	const char *why = problem_of(pr, code);

	if (why != NULL) {
		json_object_set_new(m, "error", json_string(why));
		json_object_set_new(m, "error_id",
		    json_string(arena_printf(&req->arena, "%s-error", code)));
	}
	return m;
}

static json_t *
item_model(struct request *req, const struct sv_item *it, size_t number, bool typed,
    const struct svc_problems *pr)
{
	enum lang l = req_lang(req);
	const char *v = typed_value(req, typed, it->code);
	json_t *m, *opts = json_array();
	char val[4];
	size_t k;

	for (k = 0; k < it->scale->option_count; k++) {
		snprintf(val, sizeof(val), "%d", it->scale->options[k].value);
		json_array_append_new(opts,
		    json_pack("{s:s, s:s, s:s, s:b}", "value", val, "id",
			arena_printf(&req->arena, "%s-%s", it->code, val), "label",
			it->scale->options[k].label.s[l], "checked", strcmp(v, val) == 0));
	}
	m = json_pack("{s:s, s:I, s:s, s:s, s:o, s:b}", "code", it->code, "number",
	    (json_int_t)number, "name", it->name.s[l], "question", it->question.s[l],
	    "options", opts, "required", it->required);
	return with_problem(req, m, pr, it->code);
}

static json_t *
field_model(struct request *req, const struct sv_field *f, json_t *services, bool typed,
    const struct svc_problems *pr)
{
	enum lang l = req_lang(req);
	const char *v = typed_value(req, typed, f->code);
	json_t *m, *opts = json_array(), *row;
	char id[24];
	size_t k;

	if (f->services) {
		json_array_foreach(services, k, row) {
			snprintf(id, sizeof(id), "%lld",
			    (long long)json_integer_value(json_object_get(row, "id")));
			json_array_append_new(opts,
			    json_pack("{s:s, s:O, s:b}", "code", id, "label",
				json_object_get(row, "name"), "selected", strcmp(v, id) == 0));
		}
	} else
		for (k = 0; k < f->option_count; k++)
			json_array_append_new(opts,
			    json_pack("{s:s, s:s, s:b}", "code", f->options[k].code,
				"label", f->options[k].label.s[l], "selected",
				strcmp(v, f->options[k].code) == 0));
	m = json_pack("{s:s, s:s, s:o, s:b}", "code", f->code, "label", f->label.s[l],
	    "options", opts, "required", f->required);
	return with_problem(req, m, pr, f->code);
}

json_t *
survey_form_model(struct request *req, json_t *unit, const struct survey_instrument *si,
    json_t *services, const char *token, bool typed, const struct svc_problems *pr)
{
	enum lang l = req_lang(req);
	json_t *m, *elements = json_array(), *questions = json_array(),
		   *profile = json_array();
	int64_t id = json_integer_value(json_object_get(unit, "id"));
	const char *why;
	size_t i;

	for (i = 0; i < si->item_count; i++)
		json_array_append_new(i < si->element_count ? elements : questions,
		    item_model(req, &si->items[i], i + 1, typed, pr));
	for (i = 0; i < si->field_count; i++) {
		/* A unit without services has no such list to choose from. */
		if (si->fields[i].services && json_array_size(services) == 0)
			continue;
		json_array_append_new(profile,
		    field_model(req, &si->fields[i], services, typed, pr));
	}
	m = json_pack("{s:s, s:{s:I, s:O, s:O}, s:{s:s, s:s, s:s}, s:s, s:s, s:s,"
		      " s:o, s:o, s:o, s:b}",
	    "page_title", si->title.s[l], "unit", "id", (json_int_t)id, "name",
	    json_object_get(unit, "name"), "province_name",
	    json_object_get(unit, "province_name"), "instrument", "title", si->title.s[l],
	    "intro", si->intro.s[l] ? si->intro.s[l] : "", "legal_basis", si->legal_number,
	    "action", arena_printf(&req->arena, "/survei/%lld", (long long)id), "token",
	    token, "honeypot", formguard_config()->honeypot, "elements", elements, "questions",
	    questions, "profile", profile, "has_questions", json_array_size(questions) > 0);
	if (m == NULL)
		return NULL;
	if (si->suggestion) {
		json_t *sg = json_pack("{s:s}", "value", typed_value(req, typed, "saran"));

		if ((why = problem_of(pr, "saran")) != NULL)
			json_object_set_new(sg, "error", json_string(why));
		json_object_set_new(m, "suggestion", sg);
	}
	json_object_set_new(m, "has_profile", json_boolean(json_array_size(profile) > 0));
	if (pr != NULL && pr->count > 0)
		json_object_set_new(m, "problem_count", json_integer((json_int_t)pr->count));
	return m;
}
