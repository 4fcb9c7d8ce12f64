/*
 * score.c - the weighted_mean scoring of one assessment (docs/rulebook.md,
 * "Scoring an assessment"): criterion scores, weighted total, adjustments,
 * knock-outs, what is missing, pass and predicate; and the final value of
 * an indicator from its assessors. Full precision inside; the totals that
 * decide are rounded to 2 decimals first, so that what people see is what
 * decides.
 */
#include <math.h>
#include <string.h>

#include "base/str.h"
#include "core/score.h"

#define HALF_SLACK 1e-9 /* how close to a half counts as the half */
#define CMP_SLACK 1e-9  /* slack when comparing rounded figures */

size_t
score_indicator_total(const struct rulebook *rb)
{
	size_t i, n = 0;

	for (i = 0; i < rb->criterion_count; i++)
		n += rb->criteria[i].indicator_count;
	return n;
}

size_t
score_indicator_index(const struct rulebook *rb, const char *code)
{
	size_t i, j, n = 0;

	for (i = 0; i < rb->criterion_count; i++)
		for (j = 0; j < rb->criteria[i].indicator_count; j++, n++)
			if (strcmp(rb->criteria[i].indicators[j].code, code) == 0)
				return n;
	return SCORE_NO_INDEX;
}

const struct rb_indicator *
score_indicator_at(const struct rulebook *rb, size_t i, const struct rb_criterion **cr)
{
	size_t c;

	for (c = 0; c < rb->criterion_count; c++) {
		if (i < rb->criteria[c].indicator_count) {
			if (cr != NULL)
				*cr = &rb->criteria[c];
			return &rb->criteria[c].indicators[i];
		}
		i -= rb->criteria[c].indicator_count;
	}
	return NULL;
}

double
score_round2(double v)
{
	double y = fabs(v) * 100, f = floor(y);

	f = y - f >= 0.5 - HALF_SLACK ? f + 1 : f;
	return copysign(f / 100, v);
}

/* The points of one adjustment rule from what is known of the unit. */
static void
adjust(const struct rb_adjustment *rule, const struct score_adjust_in *in,
    struct score_adjustment *out)
{
	unsigned count = 0;

	memset(out, 0, sizeof(*out));
	out->rule = rule;
	out->outcome = SCORE_NO_INDEX;
	switch (rule->kind) {
	case RB_ADJ_IKM_GRADE:
		if (in->ikm <= IKM_GRADE_NONE || in->ikm >= IKM_GRADE_MAX)
			return;
		out->has_data = true;
		out->outcome = (size_t)(in->ikm - IKM_GRADE_A);
		out->points = rule->points[out->outcome].v;
		return;
	case RB_ADJ_INTEGRITY_ZONE:
		if (!in->zone_known)
			return;
		out->has_data = true;
		out->has_both_zones = in->has_wbk && in->has_wbbm;
		/* Both statuses count once, as the higher: outcome 1 is WBBM. */
		if (in->has_wbbm)
			out->outcome = 1;
		else if (in->has_wbk)
			out->outcome = 0;
		if (out->outcome != SCORE_NO_INDEX)
			out->points = rule->points[out->outcome].v;
		return;
	case RB_ADJ_UNRESOLVED_COMPLAINTS:
		if (!in->complaints_known)
			return;
		count = in->complaints;
		break;
	case RB_ADJ_OMBUDSMAN_FINDING:
		if (!in->findings_known)
			return;
		count = in->findings;
		break;
	default:
		return;
	}
	out->has_data = true;
	out->count = count;
	out->raw = rule->points_each.v * count;
	out->points = out->raw;
	/* The limit goes the same way as points_each (the parser checks). */
	if (fabs(out->raw) > fabs(rule->limit.v)) {
		out->points = rule->limit.v;
		out->is_limited = true;
	}
}

/* Criterion scores, knock-outs and what is missing, from the inputs. */
static int
score_indicators(const struct rulebook *rb, const char *unit_type,
    const struct score_indicator_in *ind, struct arena *a, struct score_result *r)
{
	const struct rb_criterion *cr;
	const struct rb_indicator *it;
	struct score_criterion *sc;
	size_t c, j, k = 0, nko = 0, nmiss = 0;
	double sum;

	for (c = 0; c < rb->criterion_count; c++)
		for (j = 0; j < rb->criteria[c].indicator_count; j++, k++) {
			it = &rb->criteria[c].indicators[j];
			if (!rulebook_indicator_applies(rb, it, unit_type))
				continue;
			nko += it->is_knockout;
			nmiss += !ind[k].scored || it->evidence_required;
		}
	r->criteria = arena_alloc(a, rb->criterion_count * sizeof(*r->criteria));
	r->knockouts = arena_alloc(a, (nko + 1) * sizeof(*r->knockouts));
	r->missing = arena_alloc(a, (nmiss + 1) * sizeof(*r->missing));
	if (r->criteria == NULL || r->knockouts == NULL || r->missing == NULL)
		return -1;
	r->criterion_count = rb->criterion_count;
	r->is_complete = r->knockouts_met = true;
	for (k = 0, c = 0; c < rb->criterion_count; c++) {
		cr = &rb->criteria[c];
		sc = &r->criteria[c];
		sc->criterion = cr;
		sum = 0;
		for (j = 0; j < cr->indicator_count; j++, k++) {
			it = &cr->indicators[j];
			if (!rulebook_indicator_applies(rb, it, unit_type))
				continue;
			sc->applicable++;
			if (ind[k].scored) {
				sc->scored++;
				sum += ind[k].value;
			} else {
				r->missing[r->missing_count++] = (struct score_missing){
					SCORE_MISSING_VALUE, k, it
				};
				r->missing_values++;
				r->is_complete = false;
			}
			/* Evidence proves presence: a value of 0 needs none. */
			if (ind[k].scored && ind[k].value > 0 && it->evidence_required &&
			    !ind[k].evidence_ok) {
				r->missing[r->missing_count++] = (struct score_missing){
					SCORE_MISSING_EVIDENCE, k, it
				};
				r->missing_evidence++;
			}
			if (it->is_knockout) {
				struct score_knockout *ko = &r->knockouts[r->knockout_count++];

				ko->index = k;
				ko->indicator = it;
				ko->scored = ind[k].scored;
				ko->value = ind[k].scored ? ind[k].value : 0;
				ko->is_met = ind[k].scored && ind[k].value >= 1 - CMP_SLACK;
				r->knockouts_met &= ko->is_met;
			}
		}
		sc->score = sc->scored > 0 ? 100 * sum / (double)sc->scored : 0;
		sc->score_shown = score_round2(sc->score);
		sc->weighted = cr->weight.v * sc->score / 100;
		sc->weighted_shown = score_round2(sc->weighted);
		r->base += sc->weighted;
	}
	return 0;
}

int
score_compute(const struct rulebook *rb, const char *unit_type,
    const struct score_indicator_in *ind, size_t count, const struct score_adjust_in *adj,
    struct arena *a, struct score_result *out)
{
	static const struct score_adjust_in nothing;
	struct score_result *r = out;
	size_t i;

	memset(r, 0, sizeof(*r));
	if (rb->method != RULEBOOK_WEIGHTED_MEAN || unit_type == NULL ||
	    !str_in(unit_type, rb->unit_types, rb->unit_type_count) ||
	    count != score_indicator_total(rb) || (count > 0 && ind == NULL))
		return -1;
	for (i = 0; i < count; i++)
		if (ind[i].scored && !(ind[i].value >= 0 && ind[i].value <= 1))
			return -1;
	if (adj == NULL)
		adj = &nothing;
	r->unit_type = unit_type;
	if ((r->inputs = arena_alloc(a, (count + 1) * sizeof(*r->inputs))) == NULL)
		return -1;
	if (count > 0)
		memcpy(r->inputs, ind, count * sizeof(*ind));
	r->input_count = count;
	if (score_indicators(rb, unit_type, ind, a, r) == -1)
		return -1;
	r->base_shown = score_round2(r->base);

	if ((r->adjustments = arena_alloc(a,
		 (rb->adjustment_count + 1) * sizeof(*r->adjustments))) == NULL)
		return -1;
	r->adjustment_count = rb->adjustment_count;
	for (i = 0; i < rb->adjustment_count; i++) {
		adjust(&rb->adjustments[i], adj, &r->adjustments[i]);
		r->adjust_sum += r->adjustments[i].points;
	}
	r->unclamped = r->base + r->adjust_sum;
	r->total = fmin(100, fmax(0, r->unclamped));
	r->is_clamped = r->total != r->unclamped;
	r->total_shown = score_round2(r->total);

	/* The rounded total decides: what people see is what counts. */
	r->reaches_threshold = r->total_shown >= rb->pass_threshold.v - CMP_SLACK;
	r->passes = r->is_complete && r->reaches_threshold && r->knockouts_met &&
	    r->missing_evidence == 0;
	if (r->passes)
		for (i = 0; i < rb->predicate_count; i++)
			if (r->total_shown >= rb->predicates[i].min_total.v - CMP_SLACK)
				r->predicate = &rb->predicates[i];
	return 0;
}

int
score_indicator_final(const double *values, size_t count, bool has_plenary,
    double plenary_value, double *out)
{
	double sum = 0;
	size_t i;

	if (has_plenary) {
		if (!(plenary_value >= 0 && plenary_value <= 1))
			return -1;
		*out = plenary_value;
		return 0;
	}
	if (count == 0)
		return -1;
	for (i = 0; i < count; i++) {
		if (!(values[i] >= 0 && values[i] <= 1))
			return -1;
		sum += values[i];
	}
	*out = sum / (double)count;
	return 0;
}

double
score_disagreement(const double *values, size_t count)
{
	double lo, hi;
	size_t i;

	if (count < 2)
		return 0;
	lo = hi = values[0];
	for (i = 1; i < count; i++) {
		lo = fmin(lo, values[i]);
		hi = fmax(hi, values[i]);
	}
	return hi - lo;
}
