/*
 * score.h - scoring one unit's assessment (penilaian) under a rulebook with
 * the weighted_mean method: each criterion's score from the final values of
 * its indicators, the weighted total, the adjustments (IKM grade, integrity
 * zone, unresolved complaints, Ombudsman findings) with their source, the
 * knock-outs, what is still missing, pass or fail and the predicate; the
 * final value of an indicator from its assessors' values; and the whole
 * computation explained in sentences a unit head can check by hand. The
 * rules, including rounding and incomplete assessments, are in
 * docs/rulebook.md ("Scoring an assessment"). Pure: no I/O.
 */
#ifndef P2HAM_SCORE_H
#define P2HAM_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "core/ikm.h"
#include "core/rulebook.h"

#define SCORE_NO_INDEX SIZE_MAX /* score_indicator_index: no such code */

/* The final value of one indicator of the rulebook, in the flat order
 * (criteria in order, then their indicators in order). */
struct score_indicator_in {
	bool scored;      /* a final value exists */
	double value;     /* 0..1, the final value; ignored unless scored */
	bool evidence_ok; /* its required evidence is verified; ignored when
			     the rulebook requires none for it */
};

/* What is known of the unit for the adjustments. All zero: nothing known. */
struct score_adjust_in {
	enum ikm_grade ikm;    /* its IKM grade; IKM_GRADE_NONE (no data):
				  the adjustment is not applied */
	bool zone_known;       /* its integrity-zone status is known */
	bool has_wbk;          /* it holds WBK */
	bool has_wbbm;         /* it holds WBBM; with has_wbk it counts
				  once, as WBBM */
	bool complaints_known; /* the count below is known */
	unsigned complaints;   /* public complaints left unresolved */
	bool findings_known;   /* the count below is known */
	unsigned findings;     /* Ombudsman findings */
};

/* One criterion of the result. */
struct score_criterion {
	const struct rb_criterion *criterion;
	size_t applicable;     /* its indicators that apply to the unit type */
	size_t scored;         /* of those, with a final value */
	double score;          /* 100 × mean of the scored values, full precision;
				  provisional unless scored == applicable; 0 when
				  nothing is scored */
	double score_shown;    /* score rounded to 2 decimals */
	double weighted;       /* weight × score / 100, full precision */
	double weighted_shown; /* weighted rounded to 2 decimals */
};

/* One adjustment of the rulebook, as applied. */
struct score_adjustment {
	const struct rb_adjustment *rule; /* the rulebook's adjustment */
	bool has_data;       /* the input was known: the adjustment applies */
	size_t outcome;      /* outcome kinds: index into the rule's points,
				SCORE_NO_INDEX for no integrity-zone status */
	bool has_both_zones; /* integrity zone: WBK and WBBM both held */
	unsigned count;      /* counted kinds: occurrences */
	double raw;          /* counted kinds: count × points_each */
	bool is_limited;     /* counted kinds: the limit cut raw down */
	double points;       /* points added; 0 without data */
};

/* An applicable knock-out indicator. */
struct score_knockout {
	size_t index; /* flat index of the indicator */
	const struct rb_indicator *indicator;
	bool scored;  /* it has a final value */
	double value; /* that value, 0 when not scored */
	bool is_met;  /* scored with value 1 */
};

/* Why an applicable indicator keeps the result from being final. */
enum score_missing_kind {
	SCORE_MISSING_VALUE,    /* no final value */
	SCORE_MISSING_EVIDENCE, /* value above 0, required evidence not verified */
	SCORE_MISSING_KIND_MAX
};

struct score_missing {
	enum score_missing_kind kind;
	size_t index; /* flat index of the indicator */
	const struct rb_indicator *indicator;
};

struct score_result {
	const char *unit_type;             /* as given to score_compute */
	struct score_indicator_in *inputs; /* a copy of the input, flat order */
	size_t input_count;                /* entries of inputs */
	struct score_criterion *criteria;  /* in the rulebook's order */
	size_t criterion_count;
	double base;                          /* Σ weighted, before adjustments */
	double base_shown;                    /* rounded to 2 decimals */
	struct score_adjustment *adjustments; /* the rulebook's, in its order */
	size_t adjustment_count;
	double adjust_sum;                /* Σ points of the adjustments */
	double unclamped;                 /* base + adjust_sum */
	double total;                     /* unclamped kept within 0..100 */
	double total_shown;               /* total rounded to 2 decimals: decides */
	bool is_clamped;                  /* total differs from unclamped */
	struct score_knockout *knockouts; /* applicable ones, rulebook order */
	size_t knockout_count;
	struct score_missing *missing; /* rulebook order, values then evidence
					  per indicator */
	size_t missing_count;
	size_t missing_values;                /* entries of missing of kind VALUE */
	size_t missing_evidence;              /* entries of missing of kind EVIDENCE */
	bool is_complete;                     /* every applicable indicator has a value;
						 else every figure is provisional */
	bool reaches_threshold;               /* total_shown ≥ the pass threshold */
	bool knockouts_met;                   /* every applicable knock-out is met */
	bool passes;                          /* complete, threshold reached, knock-outs
						 met, required evidence verified */
	const struct rb_predicate *predicate; /* when passing: the last whose
					   min_total total_shown reaches; else
					   NULL */
};

/* How many indicators rb has over all its criteria: the count of the array
 * score_compute takes, whatever the unit type. */
size_t score_indicator_total(const struct rulebook *rb);

/* The flat index of the indicator called code, or SCORE_NO_INDEX. */
size_t score_indicator_index(const struct rulebook *rb, const char *code);

/* The indicator at flat index i (and its criterion into *cr when cr is not
 * NULL), or NULL when i is out of range. */
const struct rb_indicator *
score_indicator_at(const struct rulebook *rb, size_t i, const struct rb_criterion **cr);

/* v rounded to 2 decimals, half away from zero; a value less than 1e-9
 * from a half counts as the half (binary fractions do not hit it exactly). */
double score_round2(double v);

/*
 * Score a unit of type unit_type under rb. ind[0..count) holds every
 * indicator of rb in the flat order (count == score_indicator_total(rb));
 * entries of indicators that do not apply to unit_type are ignored. adj may
 * be NULL (nothing known). The result's arrays are allocated in a and point
 * into rb. Returns 0, or -1 when rb's method is not weighted_mean, unit_type
 * is not one of rb's, count is wrong, a scored value lies outside 0..1, or
 * memory ran out (out is then unspecified).
 */
int score_compute(const struct rulebook *rb, const char *unit_type,
    const struct score_indicator_in *ind, size_t count, const struct score_adjust_in *adj,
    struct arena *a, struct score_result *out);

/*
 * The final value of one indicator into *out: plenary_value when the
 * plenary set one (has_plenary), else the mean of the assessors' values
 * values[0..count). Returns 0, or -1 when there is no value at all (no
 * plenary and no assessor) or one lies outside 0..1.
 */
int score_indicator_final(const double *values, size_t count, bool has_plenary,
    double plenary_value, double *out);

/* How far the assessors' values[0..count) lie apart: max − min (0 for fewer
 * than two), for the plenary's "assessors disagree" flag. */
double score_disagreement(const double *values, size_t count);

/*
 * The result r of rb explained in language l, in sentences a unit head can
 * check by hand: each criterion's score from its indicators' values and
 * weight, the weighted sum, each adjustment and its source (or "no data"),
 * the total, each knock-out, what is missing, the threshold and the
 * predicate or why there is none. A NULL-terminated array in a; NULL when
 * memory ran out.
 */
const char **score_explain(const struct score_result *r, const struct rulebook *rb,
    enum rulebook_lang l, struct arena *a);

#endif
