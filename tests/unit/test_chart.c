/*
 * test_chart.c - the stacked bar chart's layout (app/chart.h): bars scale
 * to the longest, segments follow each other without gaps or overlaps,
 * empty series draw nothing, every series keeps its pattern, long labels
 * are cut on a character boundary, and the legend stays inside the drawing.
 * Every JSON value a chart makes is freed with it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "web/programme/chart.h"

static json_int_t
num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v))
		fail_msg("%s is not an integer", key);
	return json_integer_value(v);
}

static void
segments_follow_each_other(void **state)
{
	static const char *const series[] = { "Pencanangan", "Pembangunan", "Evaluasi" };
	static const int64_t a[] = { 2, 1, 1 }, b[] = { 0, 0, 1 }, z[] = { 0, 0, 0 };
	const struct chart_bar bars[] = { { "Gorontalo", a }, { "Sulawesi Tengah", b },
		{ "Bali", z } };
	json_t *c = chart_stacked_bars("ch", "T", "D", series, 3, bars, 3), *segs, *s, *ga;
	json_int_t x, end = 0;
	size_t i;

	assert_non_null(c);
	assert_string_equal(json_string_value(json_object_get(c, "title_id")), "ch-title");
	assert_int_equal(json_array_size(json_object_get(c, "patterns")), CHART_PATTERNS);
	ga = json_array_get(json_object_get(c, "bars"), 0);
	segs = json_object_get(ga, "segments");
	assert_int_equal(json_array_size(segs), 3);
	assert_int_equal(num(ga, "total"), 4);
	json_array_foreach(segs, i, s) {
		x = num(s, "x");
		if (i > 0)
			assert_int_equal(x, end);
		end = x + num(s, "width");
		assert_true(num(s, "width") > 0);
	}
	/* The first segment holds half of the longest bar (give or take
	 * the rounding to whole units). */
	s = json_array_get(segs, 0);
	assert_true(2 * num(s, "width") - (end - num(s, "x")) <= 2 &&
	    (end - num(s, "x")) - 2 * num(s, "width") <= 2);
	assert_string_equal(json_string_value(json_object_get(s, "pattern")), "url(#ch-p0)");
	assert_string_equal(json_string_value(json_object_get(s, "tip")),
	    "Gorontalo, Pencanangan: 2");
	assert_true(num(ga, "total_x") > end);

	/* A bar of one: one segment, in the third series' pattern. */
	segs = json_object_get(json_array_get(json_object_get(c, "bars"), 1), "segments");
	assert_int_equal(json_array_size(segs), 1);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(segs, 0), "pattern")),
	    "url(#ch-p2)");
	/* An empty bar draws no segment but keeps its label and total. */
	ga = json_array_get(json_object_get(c, "bars"), 2);
	assert_int_equal(json_array_size(json_object_get(ga, "segments")), 0);
	assert_int_equal(num(ga, "total"), 0);
	assert_string_equal(json_string_value(json_object_get(ga, "label")), "Bali");
	json_decref(c);
}

static void
long_labels_are_cut_on_a_character(void **state)
{
	static const char *const series[] = { "x" };
	static const int64_t one[] = { 1 };
	/* 30 characters, most of them two bytes long. */
	const char *name =
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3"
	    "\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "abc";
	const struct chart_bar bars[] = { { name, one } };
	json_t *c = chart_stacked_bars("ch", "T", "D", series, 1, bars, 1), *bar;
	const char *shown;

	assert_non_null(c);
	bar = json_array_get(json_object_get(c, "bars"), 0);
	shown = json_string_value(json_object_get(bar, "label"));
	assert_non_null(shown); /* jansson refuses broken UTF-8 */
	assert_int_equal(strlen(shown), 27 * 2 + 3);
	assert_memory_equal(shown + 54, "\xE2\x80\xA6", 3);
	assert_string_equal(json_string_value(json_object_get(bar, "full_label")), name);
	json_decref(c);
}

static void
legend_wraps_inside_the_drawing(void **state)
{
	static const char *const series[] = { "Pencanangan", "Pembangunan", "Evaluasi",
		"Penilaian", "Pembinaan dan Pengawasan", "Tahapan lain", "Tujuh" };
	static const int64_t v[] = { 1, 1, 1, 1, 1, 1, 1 };
	const struct chart_bar bars[] = { { "Gorontalo", v } };
	json_t *c = chart_stacked_bars("ch", "T", "D", series, 7, bars, 1), *e;
	json_int_t width = num(c, "width"), height = num(c, "height");
	size_t i;

	json_array_foreach(json_object_get(c, "legend"), i, e) {
		assert_true(num(e, "x") >= 0 && num(e, "x") < width);
		assert_true(num(e, "y") + num(c, "swatch") <= height);
	}
	/* The seventh series takes the first pattern again. */
	e = json_array_get(json_object_get(c, "legend"), 6);
	assert_string_equal(json_string_value(json_object_get(e, "pattern")), "url(#ch-p0)");
	assert_true(num(json_array_get(json_object_get(c, "legend"), 6), "y") >
	    num(json_array_get(json_object_get(c, "legend"), 0), "y"));
	json_decref(c);
}

/* jansson's allocations not yet freed, counted by its hooks below. */
static long live;

static void *
counted_malloc(size_t n)
{
	void *p = malloc(n);

	live += p != NULL;
	return p;
}

static void
counted_free(void *p)
{
	live -= p != NULL;
	free(p);
}

static void
a_chart_frees_all_it_made(void **state)
{
	static const char *const series[] = { "Pencanangan", "Pembangunan" };
	static const int64_t v[] = { 3, 4 };
	const struct chart_bar bars[] = { { "Gorontalo", v }, { "Aceh", v } };
	long before = live;
	json_t *c;

	(void)state;
	c = chart_stacked_bars("ch", "T", "D", series, 2, bars, 2);
	assert_non_null(c);
	assert_true(live > before);
	json_decref(c);
	assert_int_equal(live, before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_chart_frees_all_it_made),
		cmocka_unit_test(segments_follow_each_other),
		cmocka_unit_test(long_labels_are_cut_on_a_character),
		cmocka_unit_test(legend_wraps_inside_the_drawing),
	};

	json_set_alloc_funcs(counted_malloc, counted_free);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
