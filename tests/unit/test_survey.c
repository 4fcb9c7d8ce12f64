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
#include <string.h>

#include <cmocka.h>

#include "core/survey.h"

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
		int rc = survey_period_of_date(cases[i].y, cases[i].m,
		    cases[i].len, out);

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

	assert_int_equal(survey_period_of_time(edge, TZ_WIB,
	    SURVEY_PERIOD_SEMESTER, out), 0);
	assert_string_equal(out, "2026-2");
	assert_int_equal(survey_period_of_time(edge - 3600, TZ_WIB,
	    SURVEY_PERIOD_SEMESTER, out), 0);
	assert_string_equal(out, "2026-1");
	/* 2026-12-31T15:30:00Z is 00:30 on 1 January 2027 in WIT (UTC+9)
	 * and 23:30 on 31 December in WITA (UTC+8). */
	assert_int_equal(survey_period_of_time(1798731000, TZ_WIT,
	    SURVEY_PERIOD_YEAR, out), 0);
	assert_string_equal(out, "2027");
	assert_int_equal(survey_period_of_time(1798731000, TZ_WITA,
	    SURVEY_PERIOD_YEAR, out), 0);
	assert_string_equal(out, "2026");
	assert_int_equal(survey_period_of_time(edge, TZ_MAX,
	    SURVEY_PERIOD_YEAR, out), -1);
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
	assert_int_equal(survey_period_len_parse("quarter"),
	    SURVEY_PERIOD_QUARTER);
	assert_int_equal(survey_period_len_parse("week"), SURVEY_PERIOD_MAX);
	assert_string_equal(survey_period_len_name(SURVEY_PERIOD_MONTH),
	    "month");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period_of_date),
		cmocka_unit_test(test_period_of_time),
		cmocka_unit_test(test_period_parse),
		cmocka_unit_test(test_period_len_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
