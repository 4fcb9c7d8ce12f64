/*
 * results_snapshot.c - what a published version of a cycle's results
 * holds: every unit the cycle's issued decrees decided on, scored by the
 * scoring engine (svc/scoring.h, core/score.h) as it stands when published,
 * with the computation in sentences in both languages, and the same units
 * as a CSV table (see results.h). Nothing here depends on the message
 * catalogs: names come from the rulebook and the registry, so the command
 * line and the pages make the same snapshot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/unit_type.h"
#include "docs/sheet.h"
#include "svc/coord_regions.h"
#include "svc/results.h"
#include "svc/scoring.h"

#define UNIT_ARENA_CAP (64u << 20) /* memory for scoring one unit */

/* {"id": ..., "en": ...} of t. */
static json_t *
both(const struct rb_text *t)
{
	return json_pack("{s:s, s:s}", "id", rb_text_get(t, RULEBOOK_LANG_ID), "en",
	    rb_text_get(t, RULEBOOK_LANG_EN));
}

/* v with two decimals and a point, the way open data writes numbers. */
static json_t *
num2(double v)
{
	char out[32];

	snprintf(out, sizeof(out), "%.2f", score_round2(v));
	return json_string(out);
}

/* The NULL-terminated sentences l as an array. */
static json_t *
lines(const char **l)
{
	json_t *out = json_array();
	size_t i;

	for (i = 0; l != NULL && l[i] != NULL; i++)
		json_array_append_new(out, json_string(l[i]));
	return out;
}

static json_t *
criteria_of(const struct score_result *r)
{
	json_t *out = json_array();
	size_t i;

	for (i = 0; i < r->criterion_count; i++)
		json_array_append_new(out,
		    json_pack("{s:s, s:o, s:o, s:I, s:I}", "code",
			r->criteria[i].criterion->code, "score",
			num2(r->criteria[i].score_shown), "weighted",
			num2(r->criteria[i].weighted_shown), "applicable",
			(json_int_t)r->criteria[i].applicable, "scored",
			(json_int_t)r->criteria[i].scored));
	return out;
}

static json_t *
knockouts_of(const struct score_result *r)
{
	json_t *out = json_array();
	size_t i;

	for (i = 0; i < r->knockout_count; i++)
		json_array_append_new(out,
		    json_pack("{s:s, s:o, s:b}", "code", r->knockouts[i].indicator->code,
			"text", both(&r->knockouts[i].indicator->text), "met",
			r->knockouts[i].is_met));
	return out;
}

static json_t *
adjustments_of(const struct score_result *r)
{
	json_t *out = json_array();
	size_t i;

	for (i = 0; i < r->adjustment_count; i++) {
		const struct score_adjustment *sa = &r->adjustments[i];

		json_array_append_new(out,
		    json_pack("{s:s, s:b, s:o}", "kind",
			rulebook_adjustment_code(sa->rule->kind), "has_data", sa->has_data,
			"points", sa->has_data ? num2(sa->points) : json_null()));
	}
	return out;
}

/* The scores of a, computed by the engine, explained in both languages. */
static json_t *
scores_of(const struct assessment *a, struct arena *ar)
{
	const struct score_result *r = &a->result;

	return json_pack("{s:o, s:o, s:b, s:b, s:b, s:o, s:o, s:o, s:{s:o, s:o}}", "total",
	    num2(r->total_shown), "base", num2(r->base_shown), "complete", r->is_complete,
	    "passes", r->passes, "knockouts_met", r->knockouts_met, "criteria",
	    criteria_of(r), "knockouts", knockouts_of(r), "adjustments", adjustments_of(r),
	    "explanation", "id", lines(score_explain(r, a->b.rb, RULEBOOK_LANG_ID, ar)),
	    "en", lines(score_explain(r, a->b.rb, RULEBOOK_LANG_EN, ar)));
}

/* The predicate of rb called code as {code, label}, or JSON null. */
static json_t *
predicate_of(const struct rulebook *rb, const char *code)
{
	const struct rb_predicate *p = rulebook_predicate(rb, code);

	if (p != NULL)
		return json_pack("{s:s, s:o}", "code", code, "label", both(&p->label));
	return code != NULL ? json_pack("{s:s, s:n}", "code", code, "label") : json_null();
}

/* The rulebook's criteria and predicates, once, into top. */
static void
rulebook_parts(json_t *top, const struct rulebook *rb)
{
	json_t *cr = json_array(), *pr = json_array();
	size_t i;

	for (i = 0; i < rb->criterion_count; i++)
		json_array_append_new(cr,
		    json_pack("{s:s, s:o, s:o}", "code", rb->criteria[i].code, "name",
			both(&rb->criteria[i].name), "weight",
			num2(rb->criteria[i].weight.v)));
	for (i = 0; i < rb->predicate_count; i++)
		json_array_append_new(pr,
		    json_pack("{s:s, s:o, s:o}", "code", rb->predicates[i].code, "label",
			both(&rb->predicates[i].label), "min_total",
			num2(rb->predicates[i].min_total.v)));
	json_object_set_new(top, "criteria", cr);
	json_object_set_new(top, "predicates", pr);
	json_object_set_new(top, "threshold", num2(rb->pass_threshold.v));
}

/* The unit's place and the decree's decision of row (RESULT_DECIDED). */
static int
decision_into(json_t *u, const struct assessment *a, json_t *row)
{
	const struct unit_type *t = unit_type_find(a->b.p.unit_type);
	json_t *revoked = json_object_get(row, "revoked_at");

	return json_object_update_new(u,
	    json_pack(
		"{s:I, s:I, s:s, s:i, s:s, s:s, s:o, s:{s:O, s:O}, s:b, s:o, s:b, s:O}",
		"participation_id", (json_int_t)a->b.p.id, "unit_id", (json_int_t)a->b.p.unit_id,
		"unit_name", a->b.p.unit_name, "province_code", a->b.p.province,
		"province_name", a->b.p.province_name ? a->b.p.province_name : "",
		"unit_type", a->b.p.unit_type, "unit_type_name",
		t ? json_pack("{s:s, s:s}", "id", t->name_id, "en", t->name_en)
		  : json_pack("{s:s, s:s}", "id", a->b.p.unit_type, "en", a->b.p.unit_type),
		"decree", "number", json_object_get(row, "decree_number"), "date",
		json_object_get(row, "decreed_on"), "awarded",
		json_integer_value(json_object_get(row, "awarded")) != 0, "predicate",
		json_integer_value(json_object_get(row, "awarded")) != 0
		    ? predicate_of(a->b.rb, json_string_value(json_object_get(row, "predicate")))
		    : json_null(),
		"revoked", json_is_string(revoked), "revoked_at",
		revoked ? revoked : json_null()));
}

/* One unit of the snapshot, scored in an arena of its own so that a cycle
 * of many units does not pile up in the caller's. */
static json_t *
unit_of(struct svc *s, json_t *row, json_t *top, struct err *e)
{
	struct arena tmp, *keep = s->arena;
	struct assessment a;
	json_t *u = NULL;
	const char *region;

	arena_init(&tmp, UNIT_ARENA_CAP);
	s->arena = &tmp;
	if (assessment_load(s,
		json_integer_value(json_object_get(row, "participation_id")), &a, e) == 0) {
		if ((u = scores_of(&a, &tmp)) == NULL || decision_into(u, &a, row) < 0) {
			json_decref(u);
			u = NULL;
			err_set(e, ERR_NOMEM, "out of memory");
		} else if ((region = coord_region_name_of(s, a.b.p.province, e)) == NULL) {
			json_decref(u);
			u = NULL;
		} else {
			/* The region as it stands at publication, frozen. */
			json_object_set_new(u, "region_name", json_string(region));
			if (json_object_get(top, "criteria") == NULL)
				rulebook_parts(top, a.b.rb);
		}
	}
	assessment_free(&a);
	s->arena = keep;
	arena_free(&tmp);
	return u;
}

/* Units by province, then name, then participation. */
static int
unit_order(const void *pa, const void *pb)
{
	return svc_unit_row_cmp(*(json_t *const *)pa, *(json_t *const *)pb, "participation_id");
}

/* The units of decided (RESULT_DECIDED rows) in unit_order, into top. */
static int
units_into(struct svc *s, json_t *top, json_t *decided, struct err *e)
{
	size_t n = json_array_size(decided), i;
	json_t **u = calloc(n + 1, sizeof(*u)), *arr;

	if (u == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		if ((u[i] = unit_of(s, json_array_get(decided, i), top, e)) == NULL)
			break;
	if (i == n) {
		qsort(u, n, sizeof(*u), unit_order);
		arr = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(arr, u[i]);
		json_object_set_new(top, "units", arr);
		free(u);
		return 0;
	}
	while (i-- > 0)
		json_decref(u[i]);
	free(u);
	return -1;
}

json_t *
results_snapshot(struct svc *s, json_t *cycle, json_t *decided, int version,
    const char *corrects, const char *published_at, struct err *e)
{
	json_t *top = json_pack(
	    "{s:s, s:{s:O, s:O, s:O, s:O}, s:{s:O, s:O}, s:i, s:s?, s:s}", "format",
	    RESULTS_FORMAT, "cycle", "id", json_object_get(cycle, "id"), "year",
	    json_object_get(cycle, "year"), "title", json_object_get(cycle, "title"),
	    "programme", json_object_get(cycle, "programme"), "rulebook", "code",
	    json_object_get(cycle, "rulebook_code"), "version",
	    json_object_get(cycle, "rulebook_version"), "version", version, "corrects",
	    corrects, "published_at", published_at);

	if (top == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	if (json_object_get(top, "corrects") == NULL)
		json_object_set_new(top, "corrects", json_null());
	if (units_into(s, top, decided, e) < 0) {
		json_decref(top);
		return NULL;
	}
	return top;
}

/* The fixed columns of the CSV; one per criterion follows. */
static const char *const csv_fixed[] = {
	"province_code", "province_name", "unit_type", "unit_name", "participation_id",
	"total", "passes", "knockouts_met", "awarded", "predicate", "predicate_name",
	"revoked", "revoked_at", "decree_number",
	"region_name", /* the coordination region at publication, "" none */
};
#define NFIXED (sizeof(csv_fixed) / sizeof(csv_fixed[0]))

/* Unit u as a flat CSV row: the fixed columns, then "criterion.CODE". */
static json_t *
csv_row(json_t *u)
{
	json_t *row = json_deep_copy(u), *pred = json_object_get(u, "predicate"), *c;
	char key[96];
	size_t i;

	json_object_set_new(row, "predicate",
	    json_is_object(pred) ? json_incref(json_object_get(pred, "code")) : json_null());
	json_object_set_new(row, "predicate_name",
	    json_is_object(pred)
		? json_incref(json_object_get(json_object_get(pred, "label"), "id"))
		: json_null());
	json_object_set_new(row, "decree_number",
	    json_incref(json_object_get(json_object_get(u, "decree"), "number")));
	json_array_foreach(json_object_get(u, "criteria"), i, c) {
		snprintf(key, sizeof(key), "criterion.%s",
		    json_string_value(json_object_get(c, "code")));
		json_object_set(row, key, json_object_get(c, "score"));
	}
	return row;
}

char *
results_csv(json_t *snapshot, size_t *len)
{
	json_t *crit = json_object_get(snapshot, "criteria"), *rows = json_array(), *u, *c;
	size_t n = NFIXED + json_array_size(crit), i;
	struct sheet_column *cols = calloc(n, sizeof(*cols));
	char **keys = calloc(n, sizeof(*keys)), *out = NULL;
	struct buf b;

	buf_init(&b, 0);
	if (cols == NULL || keys == NULL)
		goto done;
	for (i = 0; i < n; i++) {
		c = json_array_get(crit, i - NFIXED);
		if (i >= NFIXED &&
		    asprintf(&keys[i], "criterion.%s",
			json_string_value(json_object_get(c, "code"))) < 0)
			goto done;
		cols[i].key = cols[i].title = i < NFIXED ? csv_fixed[i] : keys[i];
	}
	json_array_foreach(json_object_get(snapshot, "units"), i, u)
		json_array_append_new(rows, csv_row(u));
	sheet_csv_head(&b, cols, n);
	sheet_csv_rows(&b, cols, n, rows);
	if (!b.failed)
		out = buf_detach(&b, len);
done:
	for (i = 0; keys != NULL && i < n; i++)
		free(keys[i]);
	free(keys);
	free(cols);
	json_decref(rows);
	buf_free(&b);
	return out;
}
