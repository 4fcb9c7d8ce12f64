/*
 * test_survey.c - the survey's pure rules (core/survey.h): the period of a
 * date under each period length, the period of an instant seen in each time
 * zone (the year's and semester's edges), and parsing period codes back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/embed.h"
#include "core/survey.h"
#include "core/survey_instrument.h"
#include "svc/survey.h"
#include "svc/survey_tally.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void
test_period_of_date(void **state)
{
	static const struct {
		int y, m;
		enum survey_period_len len;
		const char *want;
	} cases[] = {
		{ 2026, 1, SURVEY_PERIOD_SEMESTER, "2026-1" },
		{ 2026, 6, SURVEY_PERIOD_SEMESTER, "2026-1" },
		{ 2026, 7, SURVEY_PERIOD_SEMESTER, "2026-2" },
		{ 2026, 12, SURVEY_PERIOD_SEMESTER, "2026-2" },
		{ 2026, 3, SURVEY_PERIOD_YEAR, "2026" },
		{ 2026, 3, SURVEY_PERIOD_QUARTER, "2026-Q1" },
		{ 2026, 4, SURVEY_PERIOD_QUARTER, "2026-Q2" },
		{ 2026, 12, SURVEY_PERIOD_QUARTER, "2026-Q4" },
		{ 2026, 9, SURVEY_PERIOD_MONTH, "2026-09" },
		{ 2026, 0, SURVEY_PERIOD_MONTH, "" },
		{ 2026, 13, SURVEY_PERIOD_SEMESTER, "" },
		{ 999, 5, SURVEY_PERIOD_YEAR, "" },
		{ 2026, 5, SURVEY_PERIOD_MAX, "" },
	};
	char out[SURVEY_PERIOD_CODE_MAX];
	size_t i;

	for (i = 0; i < COUNT(cases); i++) {
		int rc = survey_period_of_date(cases[i].y, cases[i].m, cases[i].len, out);

		assert_int_equal(rc, cases[i].want[0] != '\0' ? 0 : -1);
		assert_string_equal(out, cases[i].want);
	}
}

static void
test_period_of_time(void **state)
{
	char out[SURVEY_PERIOD_CODE_MAX];
	/* 2026-06-30T17:30:00Z: 00:30 on 1 July in WIB, still 30 June in
	 * no zone west of UTC+6:30. */
	time_t edge = 1782840600;

	assert_int_equal(survey_period_of_time(edge, TZ_WIB, SURVEY_PERIOD_SEMESTER, out), 0);
	assert_string_equal(out, "2026-2");
	assert_int_equal(
	    survey_period_of_time(edge - 3600, TZ_WIB, SURVEY_PERIOD_SEMESTER, out), 0);
	assert_string_equal(out, "2026-1");
	/* 2026-12-31T15:30:00Z is 00:30 on 1 January 2027 in WIT (UTC+9)
	 * and 23:30 on 31 December in WITA (UTC+8). */
	assert_int_equal(survey_period_of_time(1798731000, TZ_WIT, SURVEY_PERIOD_YEAR, out), 0);
	assert_string_equal(out, "2027");
	assert_int_equal(survey_period_of_time(1798731000, TZ_WITA, SURVEY_PERIOD_YEAR, out), 0);
	assert_string_equal(out, "2026");
	assert_int_equal(survey_period_of_time(edge, TZ_MAX, SURVEY_PERIOD_YEAR, out), -1);
}

static void
test_period_parse(void **state)
{
	enum survey_period_len len;
	int y, f, l;

	assert_int_equal(survey_period_parse("2026-2", &len, &y, &f, &l), 0);
	assert_int_equal(len, SURVEY_PERIOD_SEMESTER);
	assert_int_equal(y, 2026);
	assert_int_equal(f, 7);
	assert_int_equal(l, 12);
	assert_int_equal(survey_period_parse("2025-Q3", &len, &y, &f, &l), 0);
	assert_int_equal(len, SURVEY_PERIOD_QUARTER);
	assert_int_equal(f, 7);
	assert_int_equal(l, 9);
	assert_int_equal(survey_period_parse("2025-11", &len, &y, &f, &l), 0);
	assert_int_equal(len, SURVEY_PERIOD_MONTH);
	assert_int_equal(f, 11);
	assert_int_equal(survey_period_parse("2025", &len, &y, &f, &l), 0);
	assert_int_equal(len, SURVEY_PERIOD_YEAR);
	assert_int_equal(l, 12);
	assert_int_equal(survey_period_parse("2025-3", &len, &y, &f, &l), -1);
	assert_int_equal(survey_period_parse("2025-13", &len, &y, &f, &l), -1);
	assert_int_equal(survey_period_parse("2025-Q5", &len, &y, &f, &l), -1);
	assert_int_equal(survey_period_parse("20x5", &len, &y, &f, &l), -1);
	assert_int_equal(survey_period_parse("", &len, &y, &f, &l), -1);
	assert_int_equal(survey_period_year("2024-1"), 2024);
	assert_int_equal(survey_period_year("nope"), -1);
}

static void
test_period_len_names(void **state)
{
	assert_int_equal(survey_period_len_parse(NULL), SURVEY_PERIOD_SEMESTER);
	assert_int_equal(survey_period_len_parse(""), SURVEY_PERIOD_SEMESTER);
	assert_int_equal(survey_period_len_parse("quarter"), SURVEY_PERIOD_QUARTER);
	assert_int_equal(survey_period_len_parse("week"), SURVEY_PERIOD_MAX);
	assert_string_equal(survey_period_len_name(SURVEY_PERIOD_MONTH), "month");
}

/* Parse text; the instrument or NULL with the problems in p. */
static const struct survey_instrument *
parse(const char *text, struct arena *a, struct rulebook_problems *p)
{
	const struct survey_instrument *si;
	json_t *doc;

	memset(p, 0, sizeof(*p));
	if ((doc = rulebook_json_load(text, strlen(text), a, p)) == NULL)
		return NULL;
	si = survey_instrument_parse(doc, a, p);
	json_decref(doc);
	return si;
}

static bool
has_problem(const struct rulebook_problems *p, const char *msg)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		if (strcmp(p->msgs[i], msg) == 0)
			return true;
	return false;
}

static void
test_shipped_instruments(void **state)
{
	static const char *const names[] = { "surveys/ikm-permenpanrb-14-2017.json",
		"surveys/ikm-p2ham.json" };
	struct rulebook_problems p;
	const struct survey_instrument *si;
	const struct embed_file *f;
	struct arena a;
	char *text;
	size_t i, k;

	for (i = 0; i < COUNT(names); i++) {
		arena_init(&a, 0);
		assert_non_null(f = embed_find(names[i]));
		text = arena_strndup(&a, (const char *)f->data, f->len);
		si = parse(text, &a, &p);
		assert_int_equal(p.total, 0);
		assert_non_null(si);
		/* The nine elements of PermenPANRB 14/2017 on the 1-4 scale. */
		assert_int_equal(si->element_count, 9);
		for (k = 0; k < si->element_count; k++) {
			assert_true(si->items[k].in_index);
			assert_int_equal(si->items[k].scale->option_count, 4);
			assert_int_equal(si->items[k].scale->options[0].value, 1);
			assert_int_equal(si->items[k].scale->options[3].value, 4);
		}
		assert_string_equal(si->items[0].code, "u1");
		assert_string_equal(si->items[8].code, "u9");
		assert_string_equal(si->items[8].name.s[RULEBOOK_LANG_ID],
		    "Sarana dan prasarana");
		/* The regulation's profile: service, gender, age, education, occupation. */
		assert_int_equal(si->field_count, 5);
		assert_true(survey_field(si, "service")->services);
		assert_non_null(survey_field(si, "gender"));
		assert_non_null(survey_field(si, "age"));
		assert_non_null(survey_field(si, "education"));
		assert_non_null(survey_field(si, "occupation"));
		assert_true(si->suggestion);
		assert_string_equal(si->legal_number, "PermenPANRB 14/2017");
		/* The P2HAM one adds three human-rights questions, optional,
		 * outside the index. */
		assert_int_equal(si->item_count - si->element_count, i == 1 ? 3 : 0);
		if (i == 1) {
			assert_false(survey_item(si, "ham1")->in_index);
			assert_false(survey_item(si, "ham3")->required);
			assert_true(survey_scale_has(survey_item(si, "ham2")->scale, 2));
			assert_false(survey_scale_has(survey_item(si, "ham2")->scale, 3));
		}
		arena_free(&a);
	}
}

static void
test_instrument_problems(void **state)
{
	static const char doc[] =
	    "{\"format\":\"p2ham-survey-1\",\"code\":\"uji\",\"version\":1,"
	    "\"title\":{\"id\":\"Uji\",\"en\":\"Test\"},\"colour\":1,"
	    "\"legal_basis\":{\"number\":\"X\",\"title\":{\"id\":\"X\",\"en\":\"X\"},"
	    "\"date\":\"2017\"},"
	    "\"scales\":[{\"code\":\"a\",\"options\":["
	    "{\"value\":1,\"label\":{\"id\":\"a\",\"en\":\"a\"}},"
	    "{\"value\":4,\"label\":{\"id\":\"b\",\"en\":\"b\"}}]},"
	    "{\"code\":\"b\",\"options\":["
	    "{\"value\":1,\"label\":{\"id\":\"a\",\"en\":\"a\"}},"
	    "{\"value\":1,\"label\":{\"id\":\"b\",\"en\":\"b\"}}]}],"
	    "\"elements\":["
	    "{\"code\":\"u1\",\"name\":{\"id\":\"a\",\"en\":\"a\"},"
	    "\"question\":{\"id\":\"a\",\"en\":\"a\"},\"scale\":\"a\"},"
	    "{\"code\":\"u1\",\"name\":{\"id\":\"a\",\"en\":\"a\"},"
	    "\"question\":{\"id\":\"a\"},\"scale\":\"zz\",\"required\":false}],"
	    "\"profile\":[{\"code\":\"g\",\"label\":{\"id\":\"a\",\"en\":\"a\"},"
	    "\"source\":\"units\"}]}";
	struct rulebook_problems p;
	struct arena a;

	arena_init(&a, 0);
	assert_null(parse(doc, &a, &p));
	assert_true(has_problem(&p, "$.colour: unknown key"));
	assert_true(has_problem(&p,
	    "$.scales[1].options[1].value: 1 does not follow 1: "
	    "values go up from the first option to the last"));
	assert_true(has_problem(&p,
	    "$.elements[1].code: duplicate code \"u1\" (elements "
	    "and questions share one set of codes)"));
	assert_true(has_problem(&p, "$.elements[1].question.en: missing"));
	assert_true(has_problem(&p, "$.elements[1].scale: no scale \"zz\" in $.scales"));
	assert_true(has_problem(&p,
	    "$.elements[1].required: every element of the index "
	    "is answered: leave out \"required\" or make it true"));
	assert_true(has_problem(&p,
	    "$.profile[0].source: unknown source \"units\" (the one "
	    "source is \"services\", the unit's services)"));
	arena_free(&a);
	/* Elements on scales of other values cannot be averaged together. */
	arena_init(&a, 0);
	assert_null(
	    parse("{\"format\":\"p2ham-survey-1\",\"code\":\"uji\",\"version\":1,"
		  "\"title\":{\"id\":\"U\",\"en\":\"T\"},"
		  "\"legal_basis\":{\"number\":\"X\",\"title\":{\"id\":\"X\","
		  "\"en\":\"X\"},\"date\":\"2017\"},"
		  "\"scales\":[{\"code\":\"a\",\"options\":[{\"value\":1,\"label\":"
		  "{\"id\":\"a\",\"en\":\"a\"}},{\"value\":2,\"label\":{\"id\":\"b\","
		  "\"en\":\"b\"}}]},{\"code\":\"b\",\"options\":[{\"value\":1,"
		  "\"label\":{\"id\":\"a\",\"en\":\"a\"}},{\"value\":3,\"label\":"
		  "{\"id\":\"b\",\"en\":\"b\"}}]}],\"elements\":[{\"code\":\"u1\","
		  "\"name\":{\"id\":\"a\",\"en\":\"a\"},\"question\":{\"id\":\"a\","
		  "\"en\":\"a\"},\"scale\":\"a\"},{\"code\":\"u2\",\"name\":{\"id\":"
		  "\"a\",\"en\":\"a\"},\"question\":{\"id\":\"a\",\"en\":\"a\"},"
		  "\"scale\":\"b\"}]}",
		&a, &p));
	assert_int_equal(p.total, 1);
	assert_string_equal(p.msgs[0],
	    "$.elements[1].scale: the elements of the index are "
	    "answered with the same values as $.elements[0] "
	    "(scale \"a\")");
	arena_free(&a);
}

/* A post's answers and profile are stored as the JSON text jansson's
 * sorted dump gave: keys in byte order ("u10" before "u2"), strings
 * escaped the same way. */
static void
test_prepare_json_text(void **state)
{
	static struct sv_item items[] = { { .code = "u2" }, { .code = "u10" },
		{ .code = "u1" }, { .code = "q\"x" } };
	static struct sv_field fields[] = { { .code = "gender" }, { .code = "age" },
		{ .code = "note" } };
	struct survey_instrument si = { .items = items,
		.item_count = COUNT(items),
		.fields = fields,
		.field_count = COUNT(fields) };
	struct survey_answers a = { .unit_id = 7,
		.instrument_id = 3,
		.values = { 4, 9, 1, 2 },
		.options = { "p", NULL, "a\\b\n\t\x01/\xc3\xa9" } };
	struct survey_submission sub;
	json_t *answers = json_object(), *profile = json_object();
	char *want_a, *want_p;
	struct arena ar;
	struct err e = { 0 };
	size_t i;

	for (i = 0; i < COUNT(items); i++)
		json_object_set_new(answers, items[i].code, json_integer(a.values[i]));
	for (i = 0; i < COUNT(fields); i++)
		if (a.options[i] != NULL)
			json_object_set_new(profile, fields[i].code,
			    json_string(a.options[i]));
	want_a = json_dumps(answers, JSON_COMPACT | JSON_SORT_KEYS);
	want_p = json_dumps(profile, JSON_COMPACT | JSON_SORT_KEYS);
	arena_init(&ar, 0);
	assert_int_equal(survey_prepare(&ar, &si, &a, "2026-2", 1764979200, "ab", &sub, &e), 0);
	assert_string_equal(sub.answers, want_a);
	assert_string_equal(sub.profile, want_p);
	assert_string_equal(sub.answers, "{\"q\\\"x\":2,\"u1\":1,\"u10\":9,\"u2\":4}");
	assert_int_equal(sub.value_count, 4);
	assert_int_equal(sub.option_count, 2);
	/* Nothing answered: empty objects. */
	memset(a.values, 0, sizeof(a.values));
	memset(a.options, 0, sizeof(a.options));
	assert_int_equal(survey_prepare(&ar, &si, &a, "2026-2", 1764979200, "ab", &sub, &e), 0);
	assert_string_equal(sub.answers, "{}");
	assert_string_equal(sub.profile, "{}");
	arena_free(&ar);
	free(want_a);
	free(want_p);
	json_decref(answers);
	json_decref(profile);
}

/* Merging goes by the keys' text, whether or not two keys share their
 * strings, NULL being the empty text; the merged keys come out in order. */
static void
test_tally_merge_by_text(void **state)
{
	char p1[] = "2026-S2", p2[] = "2026-S2", u1[] = "U1", u1b[] = "U1";
	struct tally t[] = {
		{ 2, p1, u1, NULL, 4, 1, "2026-11-02T00:00:00Z" },
		{ 2, p2, u1b, NULL, 4, 2, "2026-11-03T00:00:00Z" },
		{ 2, p2, u1, "", 4, 1, "2026-11-01T00:00:00Z" },
		{ 2, p1, "U2", NULL, 3, 1, "2026-11-01T00:00:00Z" },
		{ 1, p2, u1, NULL, 4, 1, "2026-11-01T00:00:00Z" },
		{ 2, "2026-S1", u1, NULL, 4, 1, "2026-05-01T00:00:00Z" },
	};
	size_t n = tally_merge(t, sizeof(t) / sizeof(t[0]));

	assert_int_equal(n, 4);
	assert_int_equal(t[0].unit, 1);
	assert_string_equal(t[1].period, "2026-S1");
	assert_string_equal(t[2].a, "U1");
	assert_int_equal(t[2].n, 4);
	assert_string_equal(t[2].last_at, "2026-11-03T00:00:00Z");
	assert_string_equal(t[3].a, "U2");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period_of_date),
		cmocka_unit_test(test_period_of_time),
		cmocka_unit_test(test_period_parse),
		cmocka_unit_test(test_period_len_names),
		cmocka_unit_test(test_shipped_instruments),
		cmocka_unit_test(test_instrument_problems),
		cmocka_unit_test(test_prepare_json_text),
		cmocka_unit_test(test_tally_merge_by_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
