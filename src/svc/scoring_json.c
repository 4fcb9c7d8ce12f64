/*
 * scoring_json.c - an assessment as pages and JSON show it: the three
 * layers per indicator, the criteria, knock-outs, adjustments with their
 * source, total, threshold, predicate and the explanation (see
 * scoring.h). Only with per_assessor does anything name an assessor.
 */
#include <stdio.h>
#include <string.h>

#include "svc/scoring.h"

/* What an assessment's JSON is built with. */
struct jctx {
	struct svc *s;
	const struct assessment *a;
	enum lang l;
	enum rulebook_lang rl;
	bool per_assessor;
};

static json_t *
number(struct jctx *c, double v, bool sign)
{
	char out[RULEBOOK_NUMBER_LEN];

	return json_string(rulebook_number_text(v, c->rl, sign, out));
}

static const char *
word(struct jctx *c, const char *prefix, const char *code)
{
	char key[96];

	snprintf(key, sizeof(key), "%s%s", prefix, code && code[0] ? code : "none");
	return svc_msg(c->s, key);
}

/* The option label of ind called code, or "". */
static const char *
option_label(struct jctx *c, const struct rb_indicator *ind, const char *code)
{
	const struct rb_option *o = rulebook_option(ind, code);

	return o ? rb_text_get(&o->label, c->rl) : "";
}

/* The submitted assessors' scores of it, with their names. */
static json_t *
per_assessor(struct jctx *c, const struct assess_item *it)
{
	json_t *out = json_array(), *as, *sc;
	const struct rb_option *o;
	size_t i, k;
	int64_t who;

	json_array_foreach(c->a->assessors, i, as) {
		if (!json_is_string(json_object_get(as, "submitted_at")))
			continue;
		who = json_integer_value(json_object_get(as, "user_id"));
		json_array_foreach(c->a->scores, k, sc) {
			if (json_integer_value(json_object_get(sc, "assessor_id")) != who ||
			    strcmp(json_string_value(json_object_get(sc, "indicator")),
				it->indicator->code) != 0)
				continue;
			o = rulebook_option(it->indicator,
			    json_string_value(json_object_get(sc, "option_code")));
			json_array_append_new(out,
			    json_pack("{s:O, s:s, s:o, s:O}", "assessor",
				json_object_get(as, "name"), "option",
				o ? rb_text_get(&o->label, c->rl) : "", "value",
				o ? number(c, o->value.v, false) : json_null(),
				"justification", json_object_get(sc, "justification")));
		}
	}
	return out;
}

/* The options of ind's scale, for the plenary's setting. */
static json_t *
options_json(struct jctx *c, const struct rb_indicator *ind)
{
	json_t *out = json_array();
	size_t i;

	for (i = 0; i < ind->scale->option_count; i++)
		json_array_append_new(out,
		    json_pack("{s:s, s:s, s:o}", "code", ind->scale->options[i].code,
			"label", rb_text_get(&ind->scale->options[i].label, c->rl),
			"value", number(c, ind->scale->options[i].value.v, false)));
	return out;
}

/* Where its final value comes from. */
static const char *
source_of(const struct assess_item *it)
{
	if (it->settled_option != NULL)
		return "plenary";
	if (strcmp(it->verdict, "not_met") == 0)
		return "not_met";
	return it->has_final ? "assessors" : "none";
}

static json_t *
item_json(struct jctx *c, const struct assess_item *it)
{
	json_t *ans = json_object_get(c->a->b.answers, it->indicator->code), *j;
	const char *src = source_of(it);

	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:b, s:b, s:o}",
	    "code", it->indicator->code, "text", rb_text_get(&it->indicator->text, c->rl),
	    "answer",
	    option_label(c, it->indicator,
		ans ? json_string_value(json_object_get(ans, "option_code")) : NULL),
	    "answer_note", ans ? json_string_value(json_object_get(ans, "note")) : "",
	    "verdict", it->verdict, "verdict_label", word(c, "scores.verdict.", it->verdict),
	    "verdict_note", it->verdict_note ? it->verdict_note : "", "final",
	    it->has_final ? number(c, it->final, false) : json_null(), "source", src,
	    "source_label", word(c, "scores.source.", src), "disputed", it->disputed,
	    "knockout", it->indicator->is_knockout, "spread", number(c, it->spread, false));
	if (j == NULL)
		return NULL;
	json_object_set_new(j, "has_answer_note",
	    json_boolean(json_string_length(json_object_get(j, "answer_note")) > 0));
	json_object_set_new(j, "has_verdict_note",
	    json_boolean(json_string_length(json_object_get(j, "verdict_note")) > 0));
	if (it->settled_option != NULL)
		json_object_set_new(j, "settled",
		    json_pack("{s:s, s:s}", "option",
			option_label(c, it->indicator, it->settled_option), "reason",
			it->settled_reason ? it->settled_reason : ""));
	if (c->per_assessor) {
		json_object_set_new(j, "scores", per_assessor(c, it));
		json_object_set_new(j, "options", options_json(c, it->indicator));
	}
	return j;
}

static json_t *
criteria_json(struct jctx *c)
{
	const struct score_result *r = &c->a->result;
	json_t *out = json_array(), *cr, *inds;
	size_t i, k;

	for (i = 0; i < r->criterion_count; i++) {
		const struct score_criterion *sc = &r->criteria[i];

		inds = json_array();
		for (k = 0; k < c->a->item_count; k++)
			if (c->a->items[k].criterion == sc->criterion)
				json_array_append_new(inds, item_json(c, &c->a->items[k]));
		cr = json_pack("{s:s, s:s, s:o, s:o, s:o, s:I, s:I, s:o}", "code",
		    sc->criterion->code, "name", rb_text_get(&sc->criterion->name, c->rl),
		    "weight", number(c, sc->criterion->weight.v, false), "score",
		    number(c, sc->score_shown, false), "weighted",
		    number(c, sc->weighted_shown, false), "applicable",
		    (json_int_t)sc->applicable, "scored", (json_int_t)sc->scored,
		    "indicators", inds);
		json_array_append_new(out, cr);
	}
	return out;
}

static json_t *
knockouts_json(struct jctx *c)
{
	const struct score_result *r = &c->a->result;
	json_t *out = json_array();
	size_t i;

	for (i = 0; i < r->knockout_count; i++)
		json_array_append_new(out,
		    json_pack("{s:s, s:s, s:b, s:s}", "code", r->knockouts[i].indicator->code,
			"text", rb_text_get(&r->knockouts[i].indicator->text, c->rl),
			"met", r->knockouts[i].is_met, "label",
			svc_msg(c->s,
			    r->knockouts[i].is_met ? "scores.knockout_met"
						   : "scores.knockout_not_met")));
	return out;
}

/* The list behind the unresolved_complaints adjustment, into adj: each
 * complaint's code, status and deadline, never who complained. */
static void
complaints_json(struct jctx *c, json_t *adj)
{
	static const char *const keep[] = { "code", "external_ref", "category_text",
		"status_text", "filed_at_text", "resolve_due_text" };
	json_t *list = json_array(), *r, *row;
	size_t i, k;

	json_array_foreach(c->a->complaints, i, r) {
		row = json_object();
		for (k = 0; k < sizeof(keep) / sizeof(keep[0]); k++)
			if (json_object_get(r, keep[k]) != NULL)
				json_object_set(row, keep[k], json_object_get(r, keep[k]));
		json_array_append_new(list, row);
	}
	json_object_set_new(adj, "has_complaints", json_boolean(json_array_size(list) > 0));
	json_object_set_new(adj, "complaints", list);
}

/* Each adjustment of the rulebook, as applied, with where its input comes
 * from: the admin's entry, or no data while the feature does not exist. */
static json_t *
adjustments_json(struct jctx *c)
{
	const struct score_result *r = &c->a->result;
	json_t *out = json_array(), *last = json_array_get(c->a->adjustments, 0);
	const char *code, *source;
	size_t i;
	bool entered;

	for (i = 0; i < r->adjustment_count; i++) {
		const struct score_adjustment *sa = &r->adjustments[i];

		code = rulebook_adjustment_code(sa->rule->kind);
		entered = sa->rule->kind == RB_ADJ_INTEGRITY_ZONE ||
		    sa->rule->kind == RB_ADJ_OMBUDSMAN_FINDING;
		source = sa->rule->kind == RB_ADJ_IKM_GRADE && c->a->ikm_source != NULL
		    ? c->a->ikm_source
		    : !entered     ? svc_msg(c->s, "scores.adjust.source_none")
		    : last == NULL ? svc_msg(c->s, "scores.adjust.source_missing")
				   : svc_msg(c->s, "scores.adjust.source_admin");
		if (sa->rule->kind == RB_ADJ_UNRESOLVED_COMPLAINTS)
			source = svc_msg(c->s, "complaints.unresolved.source");
		json_array_append_new(out,
		    json_pack("{s:s, s:s, s:b, s:o, s:s}", "kind", code, "label",
			word(c, "scores.adjust.kind.", code), "has_data", sa->has_data, "points",
			sa->has_data ? number(c, sa->points, true)
				     : json_string(svc_msg(c->s, "scores.no_data")),
			"source", source));
		if (sa->rule->kind == RB_ADJ_UNRESOLVED_COMPLAINTS)
			complaints_json(c, json_array_get(out, json_array_size(out) - 1));
	}
	return out;
}

/* The predicate reached, or why there is none. */
static json_t *
outcome_json(struct jctx *c)
{
	const struct score_result *r = &c->a->result;
	const char *why;

	if (r->predicate != NULL)
		return json_pack("{s:s, s:b}", "predicate",
		    rb_text_get(&r->predicate->label, c->rl), "reached", true);
	why = !r->is_complete       ? "scores.why.incomplete"
	    : !r->reaches_threshold ? "scores.why.threshold"
	    : !r->knockouts_met     ? "scores.why.knockout"
				    : "scores.why.evidence";
	return json_pack("{s:n, s:b, s:s}", "predicate", "reached", false, "why",
	    svc_msg(c->s, why));
}

json_t *
assessment_json(struct svc *s, const struct assessment *a, enum lang l, bool per)
{
	struct jctx c = { s, a, l, l == LANG_EN ? RULEBOOK_LANG_EN : RULEBOOK_LANG_ID, per };
	const struct score_result *r = &a->result;
	json_t *out, *expl = json_array();
	size_t i;

	for (i = 0; a->explain != NULL && a->explain[i] != NULL; i++)
		json_array_append_new(expl, json_string(a->explain[i]));
	out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:b, s:b, s:o, s:o}",
	    "criteria", criteria_json(&c), "knockouts", knockouts_json(&c), "adjustments",
	    adjustments_json(&c), "base", number(&c, r->base_shown, false), "total",
	    number(&c, r->total_shown, false), "threshold",
	    number(&c, a->b.rb->pass_threshold.v, false), "complete", r->is_complete,
	    "passes", r->passes, "knockouts_met", r->knockouts_met, "outcome",
	    outcome_json(&c), "explanation", expl);
	if (out != NULL)
		json_object_set_new(out, "has_knockouts", json_boolean(r->knockout_count > 0));
	return out;
}
