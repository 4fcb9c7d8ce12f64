/*
 * scoring_load.c - one participation's assessment loaded and computed: the
 * assessors, their scores, the verdicts, the plenary's settings and the
 * adjustments' entries, each applicable indicator's final value and the
 * result with its explanation (see scoring.h).
 */
#include <stdlib.h>
#include <string.h>

#include "svc/complaints.h"
#include "svc/scoring.h"
#include "svc/settings.h"

#define MARGIN_DEFAULT 0.25 /* when the setting is absent or unreadable */

/* The lowest value of ind's scale. */
static double
lowest(const struct rb_indicator *ind)
{
	double v = 1;
	size_t i;

	for (i = 0; i < ind->scale->option_count; i++)
		if (ind->scale->options[i].value.v < v)
			v = ind->scale->options[i].value.v;
	return v;
}

json_t *
assessment_assessor(const struct assessment *a, int64_t user_id)
{
	json_t *row;
	size_t i;

	json_array_foreach(a->assessors, i, row)
		if (json_integer_value(json_object_get(row, "user_id")) == user_id)
			return row;
	return NULL;
}

const struct assess_item *
assessment_item(const struct assessment *a, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < a->item_count; i++)
		if (strcmp(a->items[i].indicator->code, code) == 0)
			return &a->items[i];
	return NULL;
}

json_t *
assessment_score(const struct assessment *a, int64_t who, const char *code)
{
	json_t *sc;
	size_t i;

	json_array_foreach(a->scores, i, sc)
		if (json_integer_value(json_object_get(sc, "assessor_id")) == who &&
		    strcmp(json_string_value(json_object_get(sc, "indicator")), code) == 0)
			return sc;
	return NULL;
}

void
assessment_free(struct assessment *a)
{
	building_free(&a->b);
	json_decref(a->assessors);
	json_decref(a->scores);
	json_decref(a->verdicts);
	json_decref(a->settled);
	json_decref(a->adjustments);
	json_decref(a->complaints);
	a->complaints = NULL;
	json_decref(a->recommendation);
	a->assessors = a->scores = a->verdicts = a->settled = a->adjustments = NULL;
	a->recommendation = NULL;
}

/* Rows of stmt for participation id into *out; -1 with e. */
static int
rows_of(struct svc *s, enum db_stmt stmt, int64_t id, json_t **out, struct err *e)
{
	return db_exec(s->c, stmt, (struct db_param[]){ DBP_INT(id) }, 1, out, e);
}

/* rows as an object keyed by their "indicator", the last row winning. */
static json_t *
by_indicator(json_t *rows)
{
	json_t *out = json_object(), *row;
	size_t i;

	json_array_foreach(rows, i, row)
		json_object_set(out, json_string_value(json_object_get(row, "indicator")), row);
	json_decref(rows);
	return out;
}

int
assessment_unlocked(struct svc *s, int64_t id, struct err *e)
{
	json_t *rows = NULL;
	const char *serial;

	if (rows_of(s, DB_PLENARY_LOCK, id, &rows, e) < 0)
		return -1;
	if (json_array_size(rows) == 0) {
		json_decref(rows);
		return 0;
	}
	serial = json_string_value(json_object_get(json_array_get(rows, 0), "serial"));
	err_set(e, ERR_REFUSED, "%s",
	    i18n_subst(s->arena, i18n_get(s->lang, "scores.locked"), "serial",
		serial ? serial : "", (const char *)NULL));
	json_decref(rows);
	return -1;
}

/* The rows of the assessment besides the building's. */
/* The unit's complaints of the cycle's year unresolved past their
 * deadline: the unresolved_complaints adjustment's input. */
static int
load_complaints(struct svc *s, struct assessment *a, struct err *e)
{
	a->complaints = complaint_unresolved(s, a->b.p.unit_id, a->b.p.cycle_year, e);
	return a->complaints != NULL ? 0 : -1;
}

static int
load_rows(struct svc *s, struct assessment *a, struct err *e)
{
	json_t *rows = NULL;
	const char *margin = NULL, *serial;
	int64_t id = a->b.p.id;
	char *end;

	if (rows_of(s, DB_SCORING_ASSESSORS, id, &a->assessors, e) < 0 ||
	    rows_of(s, DB_SCORING_SCORES, id, &a->scores, e) < 0 ||
	    rows_of(s, DB_SCORING_VERDICTS, id, &rows, e) < 0)
		return -1;
	a->verdicts = by_indicator(rows);
	if (rows_of(s, DB_PLENARY_SCORES, id, &rows, e) < 0)
		return -1;
	a->settled = by_indicator(rows);
	if (load_complaints(s, a, e) < 0 ||
	    rows_of(s, DB_ADJUSTMENT_LIST, id, &a->adjustments, e) < 0 ||
	    rows_of(s, DB_RECOMMENDATION_GET, id, &rows, e) < 0)
		return -1;
	a->recommendation = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	serial = a->recommendation
	    ? json_string_value(json_object_get(a->recommendation, "serial"))
	    : NULL;
	a->lock_serial = serial ? arena_strdup(s->arena, serial) : NULL;
	if (settings_get(s, "assessors.disagreement_margin", &margin, e) < 0)
		return -1;
	a->margin = margin ? strtod(margin, &end) : MARGIN_DEFAULT;
	if (margin == NULL || end == margin || *end != '\0' || !(a->margin >= 0) ||
	    a->margin > 1)
		a->margin = MARGIN_DEFAULT;
	return 0;
}

/* The submitted assessors' values of item it, the plenary's setting and
 * the final value. */
static int
item_values(struct svc *s, struct assessment *a, struct assess_item *it)
{
	const struct rb_option *o;
	json_t *as, *sc, *set;
	size_t i, k;
	int64_t who;

	it->value = arena_alloc(s->arena, (json_array_size(a->assessors) + 1) * sizeof(double));
	if (it->value == NULL)
		return -1;
	json_array_foreach(a->assessors, i, as) {
		if (json_is_null(json_object_get(as, "submitted_at")) ||
		    json_object_get(as, "submitted_at") == NULL)
			continue;
		who = json_integer_value(json_object_get(as, "user_id"));
		json_array_foreach(a->scores, k, sc)
			if (json_integer_value(json_object_get(sc, "assessor_id")) == who &&
			    strcmp(json_string_value(json_object_get(sc, "indicator")),
				it->indicator->code) == 0 &&
			    (o = rulebook_option(it->indicator,
				 json_string_value(json_object_get(sc, "option_code")))) != NULL)
				it->value[it->values++] = o->value.v;
	}
	it->spread = score_disagreement(it->value, it->values);
	it->disputed = it->spread > a->margin + 1e-9;
	set = json_object_get(a->settled, it->indicator->code);
	o = set ? rulebook_option(it->indicator,
		      json_string_value(json_object_get(set, "option_code")))
		: NULL;
	if (o != NULL) {
		it->settled_option = o->code;
		it->settled_reason = json_string_value(json_object_get(set, "reason"));
	}
	if (o == NULL && strcmp(it->verdict, "not_met") == 0) {
		it->has_final = true;
		it->final = lowest(it->indicator);
	} else
		it->has_final = score_indicator_final(it->value, it->values, o != NULL,
				    o ? o->value.v : 0, &it->final) == 0;
	return 0;
}

/* The applicable indicators of a, with their layers. */
static int
load_items(struct svc *s, struct assessment *a)
{
	const struct rulebook *rb = a->b.rb;
	struct assess_item *it;
	json_t *v;
	size_t i, k;

	a->items = arena_alloc(s->arena, (score_indicator_total(rb) + 1) * sizeof(*a->items));
	if (a->items == NULL)
		return -1;
	for (i = 0; i < rb->criterion_count; i++)
		for (k = 0; k < rb->criteria[i].indicator_count; k++) {
			const struct rb_indicator *ind = &rb->criteria[i].indicators[k];

			if (!rulebook_indicator_applies(rb, ind, a->b.p.unit_type))
				continue;
			it = &a->items[a->item_count++];
			memset(it, 0, sizeof(*it));
			it->criterion = &rb->criteria[i];
			it->indicator = ind;
			it->flat = score_indicator_index(rb, ind->code);
			v = json_object_get(a->verdicts, ind->code);
			it->verdict = v ? json_string_value(json_object_get(v, "verdict"))
					: "";
			it->verdict_note = v ? json_string_value(json_object_get(v, "note"))
					     : "";
			if (item_values(s, a, it) < 0)
				return -1;
		}
	return 0;
}

/* The sentences of explain (NULL-terminated) and then line, in a; NULL
 * when out of memory. */
static const char **
explain_add(struct arena *a, const char **explain, const char *line)
{
	const char **out;
	size_t n = 0;

	while (explain[n] != NULL)
		n++;
	if ((out = arena_alloc(a, (n + 2) * sizeof(*out))) == NULL)
		return NULL;
	memcpy(out, explain, n * sizeof(*out));
	out[n] = line;
	out[n + 1] = NULL;
	return out;
}

/* The result of a's final values, explained in s's language. */
static int
compute(struct svc *s, struct assessment *a, struct err *e)
{
	size_t n = score_indicator_total(a->b.rb), i;
	struct score_indicator_in *in = arena_alloc(s->arena, (n + 1) * sizeof(*in));
	struct score_adjust_in adj = { 0 };
	json_t *last = json_array_get(a->adjustments, 0);
	const char *zone;

	if (in == NULL)
		return -1;
	memset(in, 0, (n + 1) * sizeof(*in));
	for (i = 0; i < a->item_count; i++) {
		struct assess_item *it = &a->items[i];

		in[it->flat].scored = it->has_final;
		in[it->flat].value = it->final;
		in[it->flat].evidence_ok = strcmp(it->verdict, "verified") == 0;
	}
	if (last != NULL) {
		zone = json_string_value(json_object_get(last, "zone"));
		adj.zone_known = true;
		adj.has_wbk = zone && strcmp(zone, "wbk") == 0;
		adj.has_wbbm = zone && strcmp(zone, "wbbm") == 0;
		adj.findings_known = true;
		adj.findings = (unsigned)json_integer_value(json_object_get(last, "findings"));
	}
	if (assessment_ikm(s, a, &adj, e) < 0)
		return -1;
	adj.complaints_known = a->complaints != NULL;
	adj.complaints = (unsigned)json_array_size(a->complaints);
	if (score_compute(a->b.rb, a->b.p.unit_type, in, n, &adj, s->arena, &a->result) < 0)
		return -1;
	a->explain = score_explain(&a->result, a->b.rb,
	    s->lang == LANG_EN ? RULEBOOK_LANG_EN : RULEBOOK_LANG_ID, s->arena);
	if (a->explain != NULL && a->ikm_source != NULL)
		a->explain = explain_add(s->arena, a->explain, a->ikm_source);
	return a->explain ? 0 : -1;
}

int
assessment_load(struct svc *s, int64_t id, struct assessment *a, struct err *e)
{
	memset(a, 0, sizeof(*a));
	if (building_load(s, id, &a->b, e) < 0 || load_rows(s, a, e) < 0)
		return -1;
	if (load_items(s, a) < 0 || compute(s, a, e) < 0) {
		if (e->kind == ERR_NONE)
			err_set(e, ERR_NOMEM, "the assessment of %lld cannot be computed",
			    (long long)id);
		return -1;
	}
	return 0;
}
