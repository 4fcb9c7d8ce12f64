/*
 * survey_instrument.c - reading and checking a survey instrument (see
 * survey_instrument.h and docs/survey.md), with the rulebook reader's
 * checked reading of JSON values (rulebook_int.h), so that every problem
 * names its JSON path.
 */
#include <string.h>

#include "core/rulebook_int.h"
#include "core/survey_instrument.h"

#define SV_SCALES_MAX 10
#define SV_ITEMS_MAX (SURVEY_ITEMS_MAX / 2) /* of each array */
#define SV_FIELDS_MAX SURVEY_FIELDS_MAX
#define SV_OPTIONS_MAX 20

static const char *const root_keys[] = { "format", "code", "version", "title", "intro",
	"legal_basis", "scales", "elements", "questions", "profile", "suggestion", NULL };
static const char *const scale_keys[] = { "code", "options", NULL };
static const char *const value_keys[] = { "value", "label", NULL };
static const char *const item_keys[] = { "code", "name", "question", "scale", "required", NULL };
static const char *const field_keys[] = { "code", "label", "options", "source",
	"required", NULL };
static const char *const option_keys[] = { "code", "label", NULL };

/* The options of a scale: whole values 1..9, ascending, no repeats. */
static void
parse_values(struct rb_ctx *c, json_t *arr, struct sv_scale *sc)
{
	json_t *o, *v;
	size_t i, mark;
	int prev = 0;

	if ((sc->options = rb_alloc_array(c, json_array_size(arr), sizeof(*sc->options))) == NULL)
		return;
	sc->option_count = json_array_size(arr);
	json_array_foreach(arr, i, o) {
		mark = rb_path_index(c, i);
		if (rb_want(c, o, RBJ_OBJECT)) {
			rb_check_keys(c, o, value_keys);
			rb_text_member(c, o, "label", true, &sc->options[i].label);
			if ((v = rb_member(c, o, "value", RBJ_INTEGER, true)) != NULL) {
				json_int_t n = json_integer_value(v);

				if (n < 1 || n > SURVEY_VALUE_MAX)
					rb_problem_at(c, "value",
					    "%lld is not an answer value (a whole number"
					    " from 1 to %d)",
					    (long long)n, SURVEY_VALUE_MAX);
				else if (n <= prev)
					rb_problem_at(c, "value",
					    "%lld does not follow %d: values go up from"
					    " the first option to the last",
					    (long long)n, prev);
				else
					sc->options[i].value = prev = (int)n;
			}
		}
		rb_path_pop(c, mark);
	}
}

static void
parse_scales(struct rb_ctx *c, json_t *root, struct survey_instrument *si)
{
	json_t *arr = rb_array_member(c, root, "scales", SV_SCALES_MAX, true), *s, *o;
	size_t i, k, mark, m2;

	if (arr == NULL ||
	    (si->scales = rb_alloc_array(c, json_array_size(arr), sizeof(*si->scales))) == NULL)
		return;
	si->scale_count = json_array_size(arr);
	mark = rb_path_key(c, "scales");
	json_array_foreach(arr, i, s) {
		m2 = rb_path_index(c, i);
		if (rb_want(c, s, RBJ_OBJECT)) {
			rb_check_keys(c, s, scale_keys);
			si->scales[i].code = rb_code_member(c, s, "code");
			for (k = 0; si->scales[i].code != NULL && k < i; k++)
				if (si->scales[k].code != NULL &&
				    strcmp(si->scales[k].code, si->scales[i].code) == 0) {
					rb_problem_at(c, "code",
					    "duplicate scale code \"%s\" (also"
					    " $.scales[%zu])",
					    si->scales[i].code, k);
					si->scales[i].code = NULL;
				}
			if ((o = rb_array_member(c, s, "options", SURVEY_VALUE_MAX, true)) !=
			    NULL) {
				size_t m3 = rb_path_key(c, "options");

				if (json_array_size(o) < 2)
					rb_problem(c, "a scale has at least two options");
				parse_values(c, o, &si->scales[i]);
				rb_path_pop(c, m3);
			}
		}
		rb_path_pop(c, m2);
	}
	rb_path_pop(c, mark);
}

static const struct sv_scale *
find_scale(const struct survey_instrument *si, const char *code)
{
	return CODE_LOOKUP(struct sv_scale, si->scales, si->scale_count, code);
}

/* One element or question at the current path into it. */
static void
parse_item(struct rb_ctx *c, json_t *o, struct survey_instrument *si, struct sv_item *it,
    bool element, size_t index)
{
	const char *scale;
	json_t *v;
	size_t k;

	if (!rb_want(c, o, RBJ_OBJECT))
		return;
	rb_check_keys(c, o, item_keys);
	it->in_index = element;
	it->required = element;
	it->code = rb_code_member(c, o, "code");
	for (k = 0; it->code != NULL && k < index; k++)
		if (si->items[k].code != NULL && strcmp(si->items[k].code, it->code) == 0) {
			rb_problem_at(c, "code",
			    "duplicate code \"%s\" (elements and questions share"
			    " one set of codes)",
			    it->code);
			it->code = NULL;
			break;
		}
	rb_text_member(c, o, "name", true, &it->name);
	rb_text_member(c, o, "question", true, &it->question);
	if ((scale = rb_string_member(c, o, "scale", CODE_MAX, true)) != NULL &&
	    (it->scale = find_scale(si, scale)) == NULL)
		rb_problem_at(c, "scale", "no scale \"%s\" in $.scales", rb_quote(c, scale));
	if ((v = rb_member(c, o, "required", RBJ_BOOLEAN, false)) != NULL) {
		if (element && !json_is_true(v))
			rb_problem_at(c, "required",
			    "every element of the index is answered: leave out"
			    " \"required\" or make it true");
		it->required = json_is_true(v);
	}
}

/* True when a and b (either NULL: true, reported elsewhere) have the same
 * values. */
static bool
same_values(const struct sv_scale *a, const struct sv_scale *b)
{
	size_t i;

	if (a == NULL || b == NULL)
		return true;
	if (a->option_count != b->option_count)
		return false;
	for (i = 0; i < a->option_count; i++)
		if (a->options[i].value != b->options[i].value)
			return false;
	return true;
}

static void
parse_items(struct rb_ctx *c, json_t *root, struct survey_instrument *si)
{
	json_t *el = rb_array_member(c, root, "elements", SV_ITEMS_MAX, true);
	json_t *qs = rb_array_member(c, root, "questions", SV_ITEMS_MAX, false), *o;
	size_t n = json_array_size(el) + json_array_size(qs), i, mark, m2;

	if (n == 0 || (si->items = rb_alloc_array(c, n, sizeof(*si->items))) == NULL)
		return;
	si->element_count = json_array_size(el);
	si->item_count = n;
	mark = rb_path_key(c, "elements");
	json_array_foreach(el, i, o) {
		m2 = rb_path_index(c, i);
		parse_item(c, o, si, &si->items[i], true, i);
		/* The index averages its elements: their scales have the
		 * same values (their labels may differ). */
		if (i > 0 && !same_values(si->items[i].scale, si->items[0].scale))
			rb_problem_at(c, "scale",
			    "the elements of the index are answered with the same"
			    " values as $.elements[0] (scale \"%s\")",
			    si->items[0].scale->code);
		rb_path_pop(c, m2);
	}
	rb_path_pop(c, mark);
	mark = rb_path_key(c, "questions");
	json_array_foreach(qs, i, o) {
		m2 = rb_path_index(c, i);
		parse_item(c, o, si, &si->items[si->element_count + i], false,
		    si->element_count + i);
		rb_path_pop(c, m2);
	}
	rb_path_pop(c, mark);
}

static void
parse_field_options(struct rb_ctx *c, json_t *arr, struct sv_field *f)
{
	json_t *o;
	size_t i, k, mark;

	if ((f->options = rb_alloc_array(c, json_array_size(arr), sizeof(*f->options))) == NULL)
		return;
	f->option_count = json_array_size(arr);
	json_array_foreach(arr, i, o) {
		mark = rb_path_index(c, i);
		if (rb_want(c, o, RBJ_OBJECT)) {
			rb_check_keys(c, o, option_keys);
			f->options[i].code = rb_code_member(c, o, "code");
			rb_text_member(c, o, "label", true, &f->options[i].label);
			for (k = 0; f->options[i].code != NULL && k < i; k++)
				if (f->options[k].code != NULL &&
				    strcmp(f->options[k].code, f->options[i].code) == 0) {
					rb_problem_at(c, "code", "duplicate option code \"%s\"",
					    f->options[i].code);
					f->options[i].code = NULL;
					break;
				}
		}
		rb_path_pop(c, mark);
	}
}

static void
parse_field(struct rb_ctx *c, json_t *o, struct survey_instrument *si, size_t i)
{
	struct sv_field *f = &si->fields[i];
	const char *source;
	json_t *opts, *v;
	size_t k, mark;

	if (!rb_want(c, o, RBJ_OBJECT))
		return;
	rb_check_keys(c, o, field_keys);
	f->code = rb_code_member(c, o, "code");
	for (k = 0; f->code != NULL && k < i; k++)
		if (si->fields[k].code != NULL && strcmp(si->fields[k].code, f->code) == 0) {
			rb_problem_at(c, "code", "duplicate profile field \"%s\"", f->code);
			f->code = NULL;
			break;
		}
	rb_text_member(c, o, "label", true, &f->label);
	if ((v = rb_member(c, o, "required", RBJ_BOOLEAN, false)) != NULL)
		f->required = json_is_true(v);
	source = rb_string_member(c, o, "source", CODE_MAX, false);
	if (source != NULL && strcmp(source, "services") != 0)
		rb_problem_at(c, "source",
		    "unknown source \"%s\" (the one source is \"services\", the"
		    " unit's services)",
		    rb_quote(c, source));
	f->services = source != NULL;
	opts = rb_member(c, o, "options", RBJ_ARRAY, false);
	if (f->services && opts != NULL)
		rb_problem_at(c, "options",
		    "a field of the unit's services has no options of its own");
	else if (!f->services && opts == NULL && json_object_get(o, "options") == NULL)
		rb_problem_at(c, "options",
		    "missing: a profile field has options or \"source\": \"services\"");
	else if (!f->services && opts != NULL) {
		mark = rb_path_key(c, "options");
		if (json_array_size(opts) < 2 || json_array_size(opts) > SV_OPTIONS_MAX)
			rb_problem(c, "a profile field has 2 to %d options", SV_OPTIONS_MAX);
		else
			parse_field_options(c, opts, f);
		rb_path_pop(c, mark);
	}
}

static void
parse_profile(struct rb_ctx *c, json_t *root, struct survey_instrument *si)
{
	json_t *arr = rb_array_member(c, root, "profile", SV_FIELDS_MAX, false), *o;
	size_t i, mark, m2, services = 0;

	if (arr == NULL ||
	    (si->fields = rb_alloc_array(c, json_array_size(arr), sizeof(*si->fields))) == NULL)
		return;
	si->field_count = json_array_size(arr);
	mark = rb_path_key(c, "profile");
	json_array_foreach(arr, i, o) {
		m2 = rb_path_index(c, i);
		parse_field(c, o, si, i);
		if (si->fields[i].services && ++services > 1)
			rb_problem(c, "only one field lists the unit's services");
		rb_path_pop(c, m2);
	}
	rb_path_pop(c, mark);
}

struct survey_instrument *
survey_instrument_parse(json_t *doc, struct arena *a, struct rulebook_problems *p)
{
	struct rb_ctx c = { .a = a, .p = p, .path = "$", .path_len = 1 };
	struct survey_instrument *si;
	json_t *v;

	if ((si = arena_alloc(a, sizeof(*si))) == NULL) {
		rb_oom(&c);
		return NULL;
	}
	memset(si, 0, sizeof(*si));
	if (!rb_want(&c, doc, RBJ_OBJECT))
		return NULL;
	rb_check_keys(&c, doc, root_keys);
	rb_identity(&c, doc, SURVEY_FORMAT, &si->code, &si->version, &si->title);
	if (json_object_get(doc, "intro") != NULL)
		rb_text_member(&c, doc, "intro", false, &si->intro);
	rb_legal_basis(&c, doc, false, &si->legal_number, &si->legal_title, &si->legal_date);
	parse_scales(&c, doc, si);
	parse_items(&c, doc, si);
	parse_profile(&c, doc, si);
	if ((v = rb_member(&c, doc, "suggestion", RBJ_BOOLEAN, false)) != NULL)
		si->suggestion = json_is_true(v);
	return p->total == 0 ? si : NULL;
}

const struct sv_item *
survey_item(const struct survey_instrument *si, const char *code)
{
	return CODE_LOOKUP(struct sv_item, si->items, si->item_count, code);
}

const struct sv_field *
survey_field(const struct survey_instrument *si, const char *code)
{
	return CODE_LOOKUP(struct sv_field, si->fields, si->field_count, code);
}

bool
survey_scale_has(const struct sv_scale *sc, int64_t value)
{
	size_t i;

	for (i = 0; sc != NULL && i < sc->option_count; i++)
		if (sc->options[i].value == value)
			return true;
	return false;
}
