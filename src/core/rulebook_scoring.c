/*
 * rulebook_scoring.c - the scoring part of a rulebook document: method, pass
 * threshold, predicates in ascending order, the optional adjustments with
 * their points, and the "defaults" list, each reference of which must name
 * at least one number of the document (docs/rulebook.md).
 */
#include <stdio.h>
#include <string.h>

#include "base/code.h"
#include "core/rulebook_int.h"

static const char *const method_codes[RULEBOOK_METHOD_MAX] = { RULEBOOK_METHOD_LIST(CODE_ENTRY) };

/* clang-format off */
static const char *const adjustment_codes[RB_ADJ_KIND_MAX] = {
	RB_ADJUSTMENT_KIND_LIST(CODE_ENTRY)
};
/* clang-format on */

/* Outcomes with points, NULL-terminated like the key lists below. */
static const char *const ikm_outcomes[] = { "A", "B", "C", "D", NULL };
static const char *const zone_outcomes[] = { "wbk", "wbbm", NULL };
static const char *const zone_labels[] = { "WBK", "WBBM", NULL };

static const char *const scoring_keys[] = { "method", "pass_threshold", "predicates",
	"adjustments", NULL };
static const char *const predicate_keys[] = { "code", "label", "min_total", NULL };
static const char *const outcome_adj_keys[] = { "kind", "points", NULL };
static const char *const counted_adj_keys[] = { "kind", "points_each", "limit", NULL };

CODE_NAME_FUNCTION(rulebook_adjustment, enum rb_adjustment_kind, adjustment_codes, RB_ADJ_KIND_MAX)

const char *const *
rulebook_adjustment_outcomes(enum rb_adjustment_kind k, size_t *count)
{
	switch (k) {
	case RB_ADJ_IKM_GRADE:
		*count = sizeof(ikm_outcomes) / sizeof(ikm_outcomes[0]) - 1;
		return ikm_outcomes;
	case RB_ADJ_INTEGRITY_ZONE:
		*count = sizeof(zone_outcomes) / sizeof(zone_outcomes[0]) - 1;
		return zone_outcomes;
	default:
		*count = 0;
		return NULL;
	}
}

const char *
rulebook_adjustment_outcome_label(enum rb_adjustment_kind k, size_t i)
{
	const char *const *outs;
	size_t n;

	outs = rulebook_adjustment_outcomes(k, &n);
	if (i >= n)
		return "";
	return k == RB_ADJ_INTEGRITY_ZONE ? zone_labels[i] : outs[i];
}

/* Scoring. */

static void
parse_adjustment(struct rb_ctx *c, json_t *av, struct rb_adjustment *adj, bool *seen)
{
	const char *const *outcomes;
	const char *kind;
	enum rb_num_state each, limit;
	json_t *pts;
	size_t n, i, mark;
	int k;

	if ((kind = rb_string_member(c, av, "kind", CODE_MAX, true)) == NULL)
		return;
	k = code_find(adjustment_codes, RB_ADJ_KIND_MAX, kind);
	if (k == RB_ADJ_KIND_MAX || seen[k]) {
		mark = rb_path_key(c, "kind");
		if (k == RB_ADJ_KIND_MAX)
			rb_problem(c,
			    "unknown adjustment \"%s\" (use ikm_grade, integrity_zone, "
			    "unresolved_complaints or ombudsman_finding)",
			    kind);
		else
			rb_problem(c, "duplicate adjustment \"%s\"", kind);
		rb_path_pop(c, mark);
		return;
	}
	seen[k] = true;
	adj->kind = (enum rb_adjustment_kind)k;
	outcomes = rulebook_adjustment_outcomes(adj->kind, &n);
	if (n > 0) {
		rb_check_keys(c, av, outcome_adj_keys);
		if ((pts = rb_member(c, av, "points", RBJ_OBJECT, true)) == NULL)
			return;
		mark = rb_path_key(c, "points");
		rb_check_keys(c, pts, outcomes);
		for (i = 0; i < n; i++)
			if (rb_number_member(c, pts, outcomes[i], -POINTS_MAX, POINTS_MAX,
				&adj->points[i]) != RBN_MISSING)
				rb_numref_add(c, &adj->points[i],
				    "scoring.adjustments.%s.points.%s", kind, outcomes[i]);
		rb_path_pop(c, mark);
		return;
	}
	rb_check_keys(c, av, counted_adj_keys);
	each = rb_number_member(c, av, "points_each", -POINTS_MAX, POINTS_MAX,
	    &adj->points_each);
	if (each == RBN_OK && adj->points_each.v == 0) {
		rb_problem_at(c, "points_each", "must not be 0");
		each = RBN_OUT_OF_RANGE;
	}
	if (each != RBN_MISSING)
		rb_numref_add(c, &adj->points_each, "scoring.adjustments.%s.points_each", kind);
	if ((limit = rb_number_member(c, av, "limit", -POINTS_MAX, POINTS_MAX, &adj->limit)) !=
	    RBN_MISSING) {
		if (each == RBN_OK && limit == RBN_OK && adj->limit.v / adj->points_each.v < 1) {
			rb_problem_at(c, "limit",
			    "%g is less than one occurrence's points (%g) in the same "
			    "direction",
			    adj->limit.v, adj->points_each.v);
		}
		rb_numref_add(c, &adj->limit, "scoring.adjustments.%s.limit", kind);
	}
}

/* Predicate i of the rulebook, from pv. */
static void
parse_predicate(struct rb_ctx *c, json_t *pv, size_t i)
{
	struct rulebook *rb = c->rb;
	struct rb_predicate *pr = &rb->predicates[i];
	const struct rb_predicate *prev = i > 0 ? &rb->predicates[i - 1] : NULL;
	enum rb_num_state st;

	rb_check_keys(c, pv, predicate_keys);
	pr->code = rb_unique_code(c, pv, "predicate", &rb->predicates[0].code,
	    sizeof(rb->predicates[0]), i, "$.scoring.predicates", -1);
	rb_text_member(c, pv, "label", true, &pr->label);
	st = rb_number_member(c, pv, "min_total", 0, 100, &pr->min_total);
	if (st == RBN_OK && prev != NULL && pr->min_total.v <= prev->min_total.v) {
		rb_problem_at(c, "min_total",
		    "%g is not above the previous predicate's %g (list predicates "
		    "from the lowest total up)",
		    pr->min_total.v, prev->min_total.v);
	}
	if (st != RBN_MISSING && pr->code != NULL)
		rb_numref_add(c, &pr->min_total, "scoring.predicates.%s.min_total", pr->code);
}

void
rb_parse_scoring(struct rb_ctx *c, json_t *root)
{
	struct rulebook *rb = c->rb;
	json_t *sc = rb_member(c, root, "scoring", RBJ_OBJECT, true), *arr, *v;
	bool seen[RB_ADJ_KIND_MAX] = { false };
	const char *method;
	size_t mark, m2, m3, i;
	int k;

	if (sc == NULL)
		return;
	mark = rb_path_key(c, "scoring");
	rb_check_keys(c, sc, scoring_keys);
	if ((method = rb_string_member(c, sc, "method", CODE_MAX, true)) != NULL) {
		k = code_find(method_codes, RULEBOOK_METHOD_MAX, method);
		rb->method = (enum rulebook_method)k;
		if (k == RULEBOOK_METHOD_MAX) {
			rb_problem_at(c, "method",
			    "unknown method \"%s\" (use weighted_mean)", method);
		}
	}
	if (rb_number_member(c, sc, "pass_threshold", 0, 100, &rb->pass_threshold) != RBN_MISSING)
		rb_numref_add(c, &rb->pass_threshold, "scoring.pass_threshold");
	if ((arr = rb_array_member(c, sc, "predicates", PREDICATES_MAX, true)) != NULL &&
	    (rb->predicates = rb_alloc_array(c, json_array_size(arr),
		 sizeof(*rb->predicates))) != NULL) {
		m2 = rb_path_key(c, "predicates");
		json_array_foreach(arr, i, v) {
			m3 = rb_path_index(c, i);
			rb->predicate_count++; /* even when broken: indices as in JSON */
			if (rb_want(c, v, RBJ_OBJECT))
				parse_predicate(c, v, i);
			rb_path_pop(c, m3);
		}
		rb_path_pop(c, m2);
	}
	if ((arr = rb_member(c, sc, "adjustments", RBJ_ARRAY, false)) != NULL &&
	    (rb->adjustments = rb_alloc_array(c, json_array_size(arr) + 1,
		 sizeof(*rb->adjustments))) != NULL) {
		m2 = rb_path_key(c, "adjustments");
		json_array_foreach(arr, i, v) {
			m3 = rb_path_index(c, i);
			if (rb_want(c, v, RBJ_OBJECT))
				parse_adjustment(c, v,
				    &rb->adjustments[rb->adjustment_count++], seen);
			rb_path_pop(c, m3);
		}
		rb_path_pop(c, m2);
	}
	rb_path_pop(c, mark);
}

/* Defaults. */

/* True when ref matches pattern segment by segment, "*" matching any one. */
static bool
ref_matches(const char *pattern, const char *ref)
{
	size_t pl, rl;

	for (;;) {
		pl = strcspn(pattern, ".");
		rl = strcspn(ref, ".");
		if (!(pl == 1 && pattern[0] == '*') &&
		    (pl != rl || memcmp(pattern, ref, pl) != 0))
			return false;
		pattern += pl;
		ref += rl;
		if (*pattern == '\0' || *ref == '\0')
			return *pattern == *ref;
		pattern++;
		ref++;
	}
}

void
rb_parse_defaults(struct rb_ctx *c, json_t *root)
{
	struct rulebook *rb = c->rb;
	json_t *arr = rb_member(c, root, "defaults", RBJ_ARRAY, true), *v;
	const char *ref;
	size_t mark, m2, i, j, hits;

	if (arr == NULL)
		return;
	mark = rb_path_key(c, "defaults");
	if (json_array_size(arr) > DEFAULTS_MAX) {
		rb_problem(c, "more than %d entries", DEFAULTS_MAX);
		rb_path_pop(c, mark);
		return;
	}
	if ((rb->defaults = rb_alloc_array(c, json_array_size(arr) + 1,
		 sizeof(*rb->defaults))) == NULL) {
		rb_path_pop(c, mark);
		return;
	}
	json_array_foreach(arr, i, v) {
		m2 = rb_path_index(c, i);
		if (!rb_want(c, v, RBJ_STRING) || (ref = rb_string_at(c, v, SHORT_MAX)) == NULL) {
			rb_path_pop(c, m2);
			continue;
		}
		for (j = 0; j < rb->default_count; j++)
			if (strcmp(rb->defaults[j], ref) == 0)
				break;
		if (j < rb->default_count) {
			rb_problem(c, "duplicate \"%s\"", ref);
			rb_path_pop(c, m2);
			continue;
		}
		for (hits = 0, j = 0; j < c->ref_count; j++)
			if (ref_matches(ref, c->refs[j].ref)) {
				c->refs[j].num->is_default = true;
				hits++;
			}
		if (hits == 0)
			rb_problem(c, "\"%s\" names no number of the rulebook", ref);
		else
			rb->defaults[rb->default_count++] = ref;
		rb_path_pop(c, m2);
	}
	rb_path_pop(c, mark);
}
