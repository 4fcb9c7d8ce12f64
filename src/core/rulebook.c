/*
 * rulebook.c - reading a rulebook document (docs/rulebook.md) into struct
 * rulebook, checking everything on the way and collecting every problem with
 * the JSON path where it is, so that whoever wrote the document fixes them
 * all in one round instead of one per run. Unknown keys are problems at every
 * level: a misspelt key must never quietly mean "absent". This file reads
 * the document up to the criteria; rulebook_scoring.c the scoring and the
 * defaults; rulebook_read.c holds the checked reading of values.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "core/rulebook_int.h"

/* Where a rulebook's first indicator of a code was, for duplicate messages. */
struct seen {
	const char *code; /* the indicator's code */
	const char *path; /* its JSON path */
};

static const char *const root_keys[] = { "format", "code", "version", "title", "notes",
	"legal_basis", "stages", "unit_types", "scales", "criteria", "scoring",
	"defaults", NULL };
static const char *const scale_keys[] = { "code", "options", NULL };
static const char *const option_keys[] = { "code", "label", "value", NULL };
static const char *const criterion_keys[] = { "code", "name", "weight", "indicators", NULL };
static const char *const indicator_keys[] = { "code", "text", "scale", "unit_types",
	"evidence_required", "evidence_guidance", "knockout", NULL };

/* The part of the document before the criteria. */

static void
parse_stages(struct rb_ctx *c, json_t *root)
{
	json_t *arr = rb_array_member(c, root, "stages", STAGE_MAX, true), *v;
	size_t mark, m2, i;
	enum stage s;

	if (arr == NULL)
		return;
	mark = rb_path_key(c, "stages");
	json_array_foreach(arr, i, v) {
		m2 = rb_path_index(c, i);
		if (rb_want(c, v, RBJ_STRING)) {
			if ((s = stage_parse(json_string_value(v))) == STAGE_MAX)
				rb_problem(c,
				    "unknown stage \"%s\" (use pencanangan, "
				    "pembangunan, evaluasi, penilaian or pembinaan)",
				    rb_quote(c, json_string_value(v)));
			else if (c->rb->stages[s])
				rb_problem(c, "duplicate stage \"%s\"", stage_code(s));
			else
				c->rb->stages[s] = true;
		}
		rb_path_pop(c, m2);
	}
	rb_path_pop(c, mark);
}

/*
 * The unit type list arr at the current path into *out / *count. in_rulebook:
 * each must also be one of the rulebook's own types (an indicator's list).
 */
static void
parse_unit_types(struct rb_ctx *c, json_t *arr, bool in_rulebook, const char ***out,
    size_t *count)
{
	const char *s;
	json_t *v;
	size_t i, j, mark;

	*count = 0;
	if ((*out = rb_alloc_array(c, json_array_size(arr) + 1, sizeof(**out))) == NULL)
		return;
	json_array_foreach(arr, i, v) {
		mark = rb_path_index(c, i);
		if (!rb_want(c, v, RBJ_STRING)) {
			rb_path_pop(c, mark);
			continue;
		}
		s = json_string_value(v);
		for (j = 0; j < *count; j++)
			if (strcmp((*out)[j], s) == 0)
				break;
		if (!str_in(s, c->known, c->known_count))
			rb_problem(c, "unknown unit type \"%s\"", rb_quote(c, s));
		else if (j < *count)
			rb_problem(c, "duplicate unit type \"%s\"", s);
		else if (in_rulebook && !str_in(s, c->rb->unit_types, c->rb->unit_type_count))
			rb_problem(c,
			    "unit type \"%s\" is not among the rulebook's "
			    "unit_types",
			    s);
		else if (((*out)[(*count)++] = arena_strdup(c->a, s)) == NULL)
			rb_oom(c);
		rb_path_pop(c, mark);
	}
}

/* Option j of scale sc, from ov; the path is at the option, and its first
 * opts_len bytes are the path of the options array. */
static void
parse_option(struct rb_ctx *c, json_t *ov, struct rb_scale *sc, size_t j, size_t opts_len)
{
	struct rb_option *o = &sc->options[j];

	rb_check_keys(c, ov, option_keys);
	o->code = rb_unique_code(c, ov, "option", &sc->options[0].code,
	    sizeof(sc->options[0]), j, c->path, (int)opts_len);
	rb_text_member(c, ov, "label", true, &o->label);
	if (rb_number_member(c, ov, "value", 0, 1, &o->value) != RBN_MISSING &&
	    sc->code != NULL && o->code != NULL)
		rb_numref_add(c, &o->value, "scales.%s.options.%s.value", sc->code, o->code);
}

/* Scale i of the rulebook, from sv; the path is at the scale. */
static void
parse_scale(struct rb_ctx *c, json_t *sv, size_t i)
{
	struct rb_scale *sc = &c->rb->scales[i];
	json_t *opts, *ov;
	size_t j, mark, m2, opts_len;

	rb_check_keys(c, sv, scale_keys);
	sc->code = rb_unique_code(c, sv, "scale", &c->rb->scales[0].code,
	    sizeof(c->rb->scales[0]), i, "$.scales", -1);
	if ((opts = rb_array_member(c, sv, "options", OPTIONS_MAX, true)) == NULL)
		return;
	mark = rb_path_key(c, "options");
	opts_len = c->path_len;
	if (json_array_size(opts) < 2)
		rb_problem(c, "needs at least 2 options");
	if ((sc->options = rb_alloc_array(c, json_array_size(opts), sizeof(*sc->options))) != NULL)
		json_array_foreach(opts, j, ov) {
			m2 = rb_path_index(c, j);
			sc->option_count++; /* even when broken: indices stay the JSON's */
			if (rb_want(c, ov, RBJ_OBJECT))
				parse_option(c, ov, sc, j, opts_len);
			rb_path_pop(c, m2);
		}
	rb_path_pop(c, mark);
}

static void
parse_scales(struct rb_ctx *c, json_t *root)
{
	struct rulebook *rb = c->rb;
	json_t *arr = rb_array_member(c, root, "scales", SCALES_MAX, true), *sv;
	size_t mark, m2, i;

	if (arr == NULL ||
	    (rb->scales = rb_alloc_array(c, json_array_size(arr), sizeof(*rb->scales))) == NULL)
		return;
	mark = rb_path_key(c, "scales");
	json_array_foreach(arr, i, sv) {
		m2 = rb_path_index(c, i);
		rb->scale_count++; /* even when broken: indices stay the JSON's */
		if (rb_want(c, sv, RBJ_OBJECT))
			parse_scale(c, sv, i);
		rb_path_pop(c, m2);
	}
	rb_path_pop(c, mark);
}

static const struct rb_scale *
scale_find(const struct rulebook *rb, const char *code)
{
	return CODE_LOOKUP(struct rb_scale, rb->scales, rb->scale_count, code);
}

static bool
scale_has_full(const struct rb_scale *sc)
{
	size_t i;

	for (i = 0; i < sc->option_count; i++)
		if (sc->options[i].value.v == 1.0)
			return true;
	return false;
}

/* The criteria and their indicators. */

static void
parse_indicator(struct rb_ctx *c, json_t *iv, struct rb_indicator *ind, struct seen *seen,
    size_t *seen_count)
{
	json_t *v;
	const char *scale;
	size_t mark, i;

	rb_check_keys(c, iv, indicator_keys);
	if ((ind->code = rb_code_member(c, iv, "code")) != NULL) {
		for (i = 0; i < *seen_count; i++)
			if (strcmp(seen[i].code, ind->code) == 0) {
				rb_problem_at(c, "code",
				    "duplicate indicator code \"%s\" (also %s)",
				    ind->code, seen[i].path);
				break;
			}
		if (i == *seen_count)
			seen[(*seen_count)++] = (struct seen){ ind->code, rb_path_copy(c) };
	}
	rb_text_member(c, iv, "text", true, &ind->text);
	if ((scale = rb_string_member(c, iv, "scale", CODE_MAX, true)) != NULL &&
	    (ind->scale = scale_find(c->rb, scale)) == NULL) {
		c->unknown_scale = true;
		rb_problem_at(c, "scale", "unknown scale \"%s\"", scale);
	}
	if ((v = rb_member(c, iv, "unit_types", RBJ_ARRAY, false)) != NULL) {
		mark = rb_path_key(c, "unit_types");
		parse_unit_types(c, v, true, &ind->unit_types, &ind->unit_type_count);
		rb_path_pop(c, mark);
	}
	if ((v = rb_member(c, iv, "evidence_required", RBJ_BOOLEAN, true)) != NULL)
		ind->evidence_required = json_is_true(v);
	if (json_object_get(iv, "evidence_guidance") != NULL)
		rb_text_member(c, iv, "evidence_guidance", false, &ind->evidence_guidance);
	else if (ind->evidence_required) {
		rb_problem_at(c, "evidence_guidance",
		    "missing (evidence_required is true: say what evidence to give)");
	}
	if ((v = rb_member(c, iv, "knockout", RBJ_BOOLEAN, false)) != NULL)
		ind->is_knockout = json_is_true(v);
	if (ind->is_knockout && ind->scale != NULL && !scale_has_full(ind->scale)) {
		rb_problem_at(c, "knockout",
		    "scale \"%s\" has no option with value 1, so the knock-out "
		    "could never be met",
		    ind->scale->code);
	}
}

/* Every unit type of the rulebook has an indicator in cr: a criterion score
 * needs at least one. */
static void
check_coverage(struct rb_ctx *c, const struct rb_criterion *cr)
{
	size_t t;

	for (t = 0; t < c->rb->unit_type_count; t++)
		if (rulebook_criterion_count(c->rb, cr, c->rb->unit_types[t]) == 0)
			rb_problem(c, "no indicator applies to unit type \"%s\"",
			    c->rb->unit_types[t]);
}

static void
parse_criteria(struct rb_ctx *c, json_t *root)
{
	struct rulebook *rb = c->rb;
	json_t *arr = rb_array_member(c, root, "criteria", CRITERIA_MAX, true), *cv,
	       *inds, *iv;
	struct seen *seen = NULL;
	enum rb_num_state st;
	size_t seen_count = 0, total = 0, mark, m2, m3, m4, i, j;
	double sum = 0;
	bool weights_ok = true;

	if (arr == NULL ||
	    (rb->criteria = rb_alloc_array(c, json_array_size(arr), sizeof(*rb->criteria))) == NULL)
		return;
	json_array_foreach(arr, i, cv)
		if (json_is_object(cv) && json_is_array(json_object_get(cv, "indicators")))
			total += json_array_size(json_object_get(cv, "indicators"));
	if (total > 0 && (seen = rb_alloc_array(c, total, sizeof(*seen))) == NULL)
		return;
	mark = rb_path_key(c, "criteria");
	json_array_foreach(arr, i, cv) {
		struct rb_criterion *cr = &rb->criteria[rb->criterion_count];

		m2 = rb_path_index(c, i);
		rb->criterion_count++; /* even when broken: indices stay the JSON's */
		if (!rb_want(c, cv, RBJ_OBJECT)) {
			weights_ok = false;
			rb_path_pop(c, m2);
			continue;
		}
		rb_check_keys(c, cv, criterion_keys);
		cr->code = rb_unique_code(c, cv, "criterion", &rb->criteria[0].code,
		    sizeof(rb->criteria[0]), rb->criterion_count - 1, "$.criteria", -1);
		rb_text_member(c, cv, "name", true, &cr->name);
		st = rb_number_member(c, cv, "weight", 0, WEIGHT_SUM, &cr->weight);
		if (st == RBN_OK && cr->weight.v <= 0) {
			rb_problem_at(c, "weight", "must be more than 0");
			st = RBN_OUT_OF_RANGE;
		}
		if (st != RBN_OK)
			weights_ok = false;
		if (st != RBN_MISSING && cr->code != NULL)
			rb_numref_add(c, &cr->weight, "criteria.%s.weight", cr->code);
		sum += cr->weight.v;
		inds = rb_array_member(c, cv, "indicators", INDICATORS_MAX, true);
		if (inds != NULL &&
		    (cr->indicators = rb_alloc_array(c, json_array_size(inds),
			 sizeof(*cr->indicators))) != NULL) {
			m3 = rb_path_key(c, "indicators");
			json_array_foreach(inds, j, iv) {
				m4 = rb_path_index(c, j);
				cr->indicator_count++;
				if (rb_want(c, iv, RBJ_OBJECT))
					parse_indicator(c, iv, &cr->indicators[j], seen,
					    &seen_count);
				rb_path_pop(c, m4);
			}
			rb_path_pop(c, m3);
			if (rb->unit_type_count > 0)
				check_coverage(c, cr);
		}
		rb_path_pop(c, m2);
	}
	if (weights_ok && fabs(sum - WEIGHT_SUM) > WEIGHT_EPSILON)
		rb_problem(c, "weights sum to %g, not %g", sum, WEIGHT_SUM);
	rb_path_pop(c, mark);
}

/* Scales no indicator uses are mistakes more often than not. */
static void
check_scales_used(struct rb_ctx *c)
{
	const struct rulebook *rb = c->rb;
	size_t i, j, k, mark;
	bool used;

	if (c->unknown_scale)
		return;
	for (i = 0; i < rb->scale_count; i++) {
		if (rb->scales[i].code == NULL)
			continue;
		used = false;
		for (j = 0; j < rb->criterion_count && !used; j++)
			for (k = 0; k < rb->criteria[j].indicator_count && !used; k++)
				used = rb->criteria[j].indicators[k].scale == &rb->scales[i];
		if (used)
			continue;
		mark = rb_path_key(c, "scales");
		rb_path_index(c, i);
		rb_problem(c, "scale \"%s\" is used by no indicator", rb->scales[i].code);
		rb_path_pop(c, mark);
	}
}

/* The whole document. */

struct rulebook *
rulebook_parse(json_t *doc, const char *const *known, size_t known_count, struct arena *a,
    struct rulebook_problems *p)
{
	struct rb_ctx c = { .a = a,
		.p = p,
		.known = known,
		.known_count = known_count,
		.path = "$",
		.path_len = 1 };
	struct rulebook *rb;
	json_t *v;
	size_t mark;

	if ((rb = c.rb = arena_alloc(a, sizeof(*rb))) == NULL) {
		rb_oom(&c);
		return NULL;
	}
	if (!rb_want(&c, doc, RBJ_OBJECT))
		return NULL;
	rb_check_keys(&c, doc, root_keys);
	rb_identity(&c, doc, RULEBOOK_FORMAT, &rb->code, &rb->version, &rb->title);
	if (json_object_get(doc, "notes") != NULL)
		rb_text_member(&c, doc, "notes", false, &rb->notes);
	rb_legal_basis(&c, doc, true, &rb->legal_number, &rb->legal_title, &rb->legal_date);
	parse_stages(&c, doc);
	if ((v = rb_array_member(&c, doc, "unit_types", UNIT_TYPES_MAX, true)) != NULL) {
		mark = rb_path_key(&c, "unit_types");
		parse_unit_types(&c, v, false, &rb->unit_types, &rb->unit_type_count);
		rb_path_pop(&c, mark);
	}
	parse_scales(&c, doc);
	parse_criteria(&c, doc);
	check_scales_used(&c);
	rb_parse_scoring(&c, doc);
	rb_parse_defaults(&c, doc);
	return p->total == 0 ? rb : NULL;
}

/* Questions about a parsed rulebook. */

const struct rb_criterion *
rulebook_criterion(const struct rulebook *rb, const char *code)
{
	return CODE_LOOKUP(struct rb_criterion, rb->criteria, rb->criterion_count, code);
}

const struct rb_predicate *
rulebook_predicate(const struct rulebook *rb, const char *code)
{
	return CODE_LOOKUP(struct rb_predicate, rb->predicates, rb->predicate_count, code);
}

const struct rb_option *
rulebook_option(const struct rb_indicator *ind, const char *code)
{
	if (ind->scale == NULL)
		return NULL;
	return CODE_LOOKUP(struct rb_option, ind->scale->options,
	    ind->scale->option_count, code);
}

bool
rulebook_indicator_applies(const struct rulebook *rb, const struct rb_indicator *ind,
    const char *unit_type)
{
	if (ind->unit_type_count == 0)
		return str_in(unit_type, rb->unit_types, rb->unit_type_count);
	return str_in(unit_type, ind->unit_types, ind->unit_type_count);
}

size_t
rulebook_criterion_count(const struct rulebook *rb, const struct rb_criterion *cr,
    const char *unit_type)
{
	size_t j, n = 0;

	for (j = 0; j < cr->indicator_count; j++)
		if (rulebook_indicator_applies(rb, &cr->indicators[j], unit_type))
			n++;
	return n;
}

size_t
rulebook_indicator_count(const struct rulebook *rb, const char *unit_type)
{
	size_t i, n = 0;

	for (i = 0; i < rb->criterion_count; i++)
		n += rulebook_criterion_count(rb, &rb->criteria[i], unit_type);
	return n;
}

const char *
rb_text_get(const struct rb_text *t, enum rulebook_lang l)
{
	if (l >= RULEBOOK_LANG_MAX || t->s[l] == NULL)
		return t->s[RULEBOOK_LANG_ID];
	return t->s[l];
}
