/*
 * rulebooks.c - the public pages of the stored rulebooks: /aturan lists them,
 * /aturan/{id} shows one in full (criteria and weights, every indicator with
 * its scale, unit types, evidence and knock-out mark, the scoring in words
 * with its numbers, threshold, predicates, adjustments), so that anyone can
 * check how a unit was judged. Numbers the regulation does not publish are
 * marked as the programme owner's defaults. Texts of the rulebook are shown
 * in the page's language.
 */
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "core/rulebook.h"
#include "core/stage.h"
#include "core/unit_type.h"
#include "svc/participation.h"
#include "web/routes.h"
#include "web/model.h"

static enum rulebook_lang
rb_lang(enum lang l)
{
	return l == LANG_EN ? RULEBOOK_LANG_EN : RULEBOOK_LANG_ID;
}

static int
rulebooks_list(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	struct db_conn *c;
	json_t *rows = NULL, *row;
	char href[64];
	size_t i;

	if ((c = req_db(req, e)) == NULL || db_exec(c, DB_RULEBOOK_LIST, NULL, 0, &rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, row) {
		snprintf(href, sizeof(href), "/aturan/%lld",
		    (long long)json_integer_value(json_object_get(row, "id")));
		json_object_set_new(row, "href", json_string(href));
		json_object_set(row, "title",
		    json_object_get(row, l == LANG_EN ? "title_en" : "title_id"));
	}
	rep->model = json_pack("{s:s, s:o, s:b}", "page_title",
	    i18n_get(l, "rulebook.list_title"), "rulebooks", rows, "has_rulebooks",
	    json_array_size(rows) > 0);
	return rep->model != NULL ? 0 : web_nomem(e);
}

/* {"value", "text", "is_default"} of a number of the rulebook. */
static json_t *
number_json(const struct rb_number *n, enum rulebook_lang rl, bool sign)
{
	char text[RULEBOOK_NUMBER_LEN];

	return json_pack("{s:f, s:s, s:b}", "value", n->v, "text",
	    rulebook_number_text(n->v, rl, sign, text), "is_default", n->is_default);
}

/* A unit type's code and name in language rl. */
static json_t *
unit_type_json(const char *code, enum rulebook_lang rl)
{
	const struct unit_type *ut = unit_type_find(code);

	return json_pack("{s:s, s:s}", "code", code, "name",
	    ut == NULL                   ? code
		: rl == RULEBOOK_LANG_EN ? ut->name_en
					 : ut->name_id);
}

static json_t *
options_json(const struct rb_scale *sc, enum rulebook_lang rl)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < sc->option_count; i++) {
		json_t *o = json_pack("{s:s, s:s, s:o}", "code", sc->options[i].code,
		    "label", rb_text_get(&sc->options[i].label, rl), "value",
		    number_json(&sc->options[i].value, rl, false));

		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
indicator_json(const struct rulebook *rb, const struct rb_indicator *ind, size_t ci,
    size_t ii, enum rulebook_lang rl)
{
	json_t *o, *types = json_array();
	char number[48];
	size_t t;

	for (t = 0; t < ind->unit_type_count; t++)
		json_array_append_new(types, unit_type_json(ind->unit_types[t], rl));
	snprintf(number, sizeof(number), "%zu.%zu", ci + 1, ii + 1);
	o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:b, s:b}", "number", number,
	    "code", ind->code, "text", rb_text_get(&ind->text, rl), "scale",
	    ind->scale->code, "options", options_json(ind->scale, rl), "unit_types",
	    types, "all_unit_types", ind->unit_type_count == 0, "evidence_required",
	    ind->evidence_required, "knockout", ind->is_knockout);
	if (o != NULL && ind->evidence_guidance.s[0] != NULL)
		json_object_set_new(o, "evidence_guidance",
		    json_string(rb_text_get(&ind->evidence_guidance, rl)));
	return o;
}

static json_t *
criteria_json(const struct rulebook *rb, enum rulebook_lang rl)
{
	json_t *arr = json_array(), *inds, *o;
	size_t i, j;

	for (i = 0; i < rb->criterion_count; i++) {
		const struct rb_criterion *cr = &rb->criteria[i];

		inds = json_array();
		for (j = 0; j < cr->indicator_count; j++)
			json_array_append_new(inds,
			    indicator_json(rb, &cr->indicators[j], i, j, rl));
		o = json_pack("{s:I, s:s, s:s, s:o, s:I, s:o}", "number", (json_int_t)(i + 1),
		    "code", cr->code, "name", rb_text_get(&cr->name, rl), "weight",
		    number_json(&cr->weight, rl, false), "indicator_count",
		    (json_int_t)cr->indicator_count, "indicators", inds);
		json_array_append_new(arr, o);
	}
	return arr;
}

/* Indicators per unit type: a row per type, a count per criterion. */
static json_t *
coverage_json(const struct rulebook *rb, enum rulebook_lang rl)
{
	json_t *arr = json_array(), *row, *counts;
	size_t t, i;

	for (t = 0; t < rb->unit_type_count; t++) {
		counts = json_array();
		for (i = 0; i < rb->criterion_count; i++)
			json_array_append_new(counts,
			    json_pack("{s:s, s:I}", "criterion", rb->criteria[i].code, "count",
				(json_int_t)rulebook_criterion_count(rb, &rb->criteria[i],
				    rb->unit_types[t])));
		row = unit_type_json(rb->unit_types[t], rl);
		json_object_set_new(row, "total",
		    json_integer((json_int_t)rulebook_indicator_count(rb, rb->unit_types[t])));
		json_object_set_new(row, "counts", counts);
		json_array_append_new(arr, row);
	}
	return arr;
}

static json_t *
scoring_json(struct request *req, const struct rulebook *rb, enum rulebook_lang rl)
{
	const char **words = rulebook_describe_scoring(rb, rl, &req->arena);
	enum lang l = req_lang(req);
	json_t *formula = json_array(), *preds = json_array(), *adjs = json_array(), *pts;
	const char *const *outs;
	char key[80];
	size_t i, j, n;

	for (i = 0; words != NULL && words[i] != NULL; i++)
		json_array_append_new(formula, json_string(words[i]));
	for (i = 0; i < rb->predicate_count; i++)
		json_array_append_new(preds,
		    json_pack("{s:s, s:s, s:o}", "code", rb->predicates[i].code, "label",
			rb_text_get(&rb->predicates[i].label, rl), "min_total",
			number_json(&rb->predicates[i].min_total, rl, false)));
	for (i = 0; i < rb->adjustment_count; i++) {
		const struct rb_adjustment *adj = &rb->adjustments[i];

		snprintf(key, sizeof(key), "rulebook.adjustment.%s",
		    rulebook_adjustment_code(adj->kind));
		pts = json_array();
		outs = rulebook_adjustment_outcomes(adj->kind, &n);
		for (j = 0; j < n; j++)
			json_array_append_new(pts,
			    json_pack("{s:s, s:s, s:o}", "code", outs[j], "outcome",
				rulebook_adjustment_outcome_label(adj->kind, j), "points",
				number_json(&adj->points[j], rl, true)));
		if (n == 0) {
			json_array_append_new(pts,
			    json_pack("{s:s, s:o}", "outcome", i18n_get(l, "rulebook.each"),
				"points", number_json(&adj->points_each, rl, true)));
			json_array_append_new(pts,
			    json_pack("{s:s, s:o}", "outcome", i18n_get(l, "rulebook.at_most"),
				"points", number_json(&adj->limit, rl, true)));
		}
		json_array_append_new(adjs,
		    json_pack("{s:s, s:s, s:o}", "kind", rulebook_adjustment_code(adj->kind),
			"label", i18n_get(l, key), "points", pts));
	}
	return json_pack("{s:s, s:o, s:o, s:o, s:b, s:o, s:b}", "method", "weighted_mean",
	    "formula", formula, "pass_threshold", number_json(&rb->pass_threshold, rl, false),
	    "predicates", preds, "has_adjustments", rb->adjustment_count > 0,
	    "adjustments", adjs, "has_formula", words != NULL);
}

/* The model of rulebook rb stored as row, in the request's language. */
static json_t *
rulebook_json(struct request *req, const struct rulebook *rb, json_t *row, json_t *doc)
{
	enum lang l = req_lang(req);
	enum rulebook_lang rl = rb_lang(l);
	json_t *m, *stages = json_array(), *types = json_array(), *defaults = json_array();
	char key[64];
	size_t i;

	for (i = 0; i < STAGE_MAX; i++) {
		if (!rb->stages[i])
			continue;
		snprintf(key, sizeof(key), "stage.%s.name", stage_code((enum stage)i));
		json_array_append_new(stages,
		    json_pack("{s:s, s:s}", "code", stage_code((enum stage)i), "name",
			i18n_get(l, key)));
	}
	for (i = 0; i < rb->unit_type_count; i++)
		json_array_append_new(types, unit_type_json(rb->unit_types[i], rl));
	for (i = 0; i < rb->default_count; i++)
		json_array_append_new(defaults, json_string(rb->defaults[i]));
	m = json_pack("{s:O, s:s, s:I, s:s, s:{s:s, s:s, s:s}, s:O, s:O, s:O,"
		      " s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o*}",
	    "id", json_object_get(row, "id"), "code", rb->code, "version",
	    (json_int_t)rb->version, "title", rb_text_get(&rb->title, rl), "legal_basis",
	    "number", rb->legal_number, "title", rb_text_get(&rb->legal_title, rl),
	    "date", rb->legal_date, "sha256", json_object_get(row, "sha256"),
	    "imported_at", json_object_get(row, "imported_at"), "imported_by",
	    json_object_get(row, "imported_by"), "stages", stages, "unit_types", types,
	    "criteria", criteria_json(rb, rl), "coverage", coverage_json(rb, rl),
	    "scoring", scoring_json(req, rb, rl), "defaults", defaults, "has_defaults",
	    rb->default_count > 0, "document", json_incref(doc));
	if (m != NULL && rb->notes.s[0] != NULL)
		json_object_set_new(m, "notes", json_string(rb_text_get(&rb->notes, rl)));
	return m;
}

static int
rulebooks_show(struct request *req, struct reply *rep, struct err *e)
{
	struct rulebook_problems p = { 0 };
	const struct rulebook *rb = NULL;
	struct db_conn *c;
	json_t *rows = NULL, *row, *doc = NULL, *m;
	const char *body;
	int64_t id = req_param(req, "id")->i;
	int rc = -1;

	if ((c = req_db(req, e)) == NULL ||
	    db_exec(c, DB_RULEBOOK_GET, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return -1;
	if ((row = json_array_get(rows, 0)) == NULL) {
		err_set(e, ERR_NOT_FOUND, "no such rulebook");
		goto done;
	}
	/* The document as stored goes only into JSON; the parsed rulebook
	 * is the one every page shares (svc/rulebook_cache.c). */
	body = json_string_value(json_object_get(row, "body"));
	if (body != NULL && req->wants_json)
		doc = rulebook_json_load(body, strlen(body), &req->arena, &p);
	if (body == NULL || (req->wants_json && doc == NULL) ||
	    (rb = rulebook_load_in(c, &req->arena, id, e)) == NULL) {
		if (e->status == 0 || e->kind == ERR_NOT_FOUND)
			err_set(e, ERR_RULEBOOK, "stored rulebook %s does not validate: %s",
			    json_string_value(json_object_get(row, "code")),
			    p.count > 0 ? p.msgs[0] : "no body or no usable rules");
		goto done;
	}
	if ((m = rulebook_json(req, rb, row, doc)) == NULL) {
		web_nomem(e);
		goto done;
	}
	rep->model = json_pack("{s:s, s:o}", "page_title",
	    rb_text_get(&rb->title, rb_lang(req_lang(req))), "rulebook", m);
	rc = rep->model != NULL ? 0 : web_nomem(e);
done:
	json_decref(doc);
	json_decref(rows);
	return rc;
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/aturan", rulebooks_list, "rulebooks", PUBLIC, .cached = true,
	    .about = "Lists the stored rulebooks (public)"),
	ROUTE_GET("/aturan/{id}", rulebooks_show, "rulebook", PUBLIC, .cached = true,
	    .params = route_params_id,
	    .about = "One rulebook: criteria, indicators, "
		"scales and the scoring explained (public)"),
};
/* clang-format on */
ROUTE_TABLE(rulebooks_routes, routes);
