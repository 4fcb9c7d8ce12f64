/*
 * test_workdays.c - deadlines in working days (core/workdays.h): a table
 * of cases across weekends, the holiday calendar, the turn of a year and
 * the three time zones, where the local date of an instant differs; the
 * end of a date typed in a form (core/cycle.h), in each zone; and the one
 * reading of such a date (base/timefmt.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/timefmt.h"
#include "core/cycle.h"
#include "core/workdays.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Christmas Eve (joint leave), Christmas, New Year 2027, and one holiday
 * that falls on a Saturday. */
static const int year_end[] = { 20261224, 20261225, 20270101, 20261219 };

static const struct {
	const char *name;
	const char *from; /* UTC */
	unsigned n;
	enum tz tz;
	bool with_holidays;
	const char *due; /* UTC */
} cases[] = {
	{ "monday plus 3 ends thursday", "2026-12-07T03:00:00Z", 3, TZ_WIB, false,
	    "2026-12-10T16:59:59Z" },
	{ "friday plus 3 skips the weekend", "2026-12-04T05:00:00Z", 3, TZ_WIB, false,
	    "2026-12-09T16:59:59Z" },
	{ "filed on saturday counts from monday", "2026-12-05T03:00:00Z", 1, TZ_WIB,
	    false, "2026-12-07T16:59:59Z" },
	{ "filed on sunday evening", "2026-12-06T12:00:00Z", 1, TZ_WITA, false,
	    "2026-12-07T15:59:59Z" },
	{ "zero days is the end of the local day", "2026-12-07T03:00:00Z", 0, TZ_WIT,
	    false, "2026-12-07T14:59:59Z" },
	{ "late monday in WIB is still monday", "2026-12-07T16:30:00Z", 3, TZ_WIB, false,
	    "2026-12-10T16:59:59Z" },
	{ "the same instant is tuesday in WITA", "2026-12-07T16:30:00Z", 3, TZ_WITA,
	    false, "2026-12-11T15:59:59Z" },
	{ "and tuesday in WIT", "2026-12-07T16:30:00Z", 3, TZ_WIT, false, "2026-12-11T14:59:59Z" },
	{ "friday night UTC is saturday in WIT", "2026-12-04T15:30:00Z", 1, TZ_WIT, false,
	    "2026-12-07T14:59:59Z" },
	{ "but still friday in WIB", "2026-12-04T15:30:00Z", 1, TZ_WIB, false,
	    "2026-12-07T16:59:59Z" },
	{ "five days without holidays", "2026-12-22T02:00:00Z", 5, TZ_WIB, false,
	    "2026-12-29T16:59:59Z" },
	{ "five days over christmas", "2026-12-22T02:00:00Z", 5, TZ_WIB, true,
	    "2026-12-31T16:59:59Z" },
	{ "three days over new year", "2026-12-30T02:00:00Z", 3, TZ_WIB, true,
	    "2027-01-05T16:59:59Z" },
	{ "ten days over christmas in WIT", "2026-12-14T01:00:00Z", 10, TZ_WIT, true,
	    "2026-12-30T14:59:59Z" },
	{ "a holiday on saturday changes nothing", "2026-12-17T02:00:00Z", 2, TZ_WIB,
	    true, "2026-12-21T16:59:59Z" },
	{ "filed on a holiday counts from the next day", "2026-12-25T02:00:00Z", 1,
	    TZ_WITA, true, "2026-12-28T15:59:59Z" },
	{ "a leap day", "2028-02-25T02:00:00Z", 2, TZ_WIB, false, "2028-02-29T16:59:59Z" },
};

static void
test_deadline_table(void **state)
{
	struct holidays h = { year_end, COUNT(year_end) };
	char got[TIME_ISO_LEN];
	time_t from, due;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		assert_int_equal(time_parse_iso(cases[i].from, &from), 0);
		due = workdays_deadline(from, cases[i].n, cases[i].tz,
		    cases[i].with_holidays ? &h : NULL);
		time_iso(due, got);
		if (strcmp(got, cases[i].due) != 0)
			fail_msg("%s: due %s, expected %s", cases[i].name, got, cases[i].due);
	}
}

static void
test_between(void **state)
{
	struct holidays h = { year_end, COUNT(year_end) };
	time_t a, b;

	(void)state;
	assert_int_equal(time_parse_iso("2026-12-04T05:00:00Z", &a), 0);
	assert_int_equal(time_parse_iso("2026-12-09T05:00:00Z", &b), 0);
	assert_int_equal(workdays_between(a, b, TZ_WIB, NULL), 3);
	assert_int_equal(workdays_between(b, a, TZ_WIB, NULL), 0);
	assert_int_equal(time_parse_iso("2026-12-23T05:00:00Z", &a), 0);
	assert_int_equal(time_parse_iso("2026-12-29T05:00:00Z", &b), 0);
	assert_int_equal(workdays_between(a, b, TZ_WIB, &h), 2);
	assert_int_equal(workdays_between(a, b, TZ_WIB, NULL), 4);
}

static void
test_is(void **state)
{
	struct holidays h = { year_end, COUNT(year_end) };

	(void)state;
	assert_true(workday_is(2026, 12, 7, NULL));
	assert_false(workday_is(2026, 12, 5, NULL));
	assert_false(workday_is(2026, 12, 6, NULL));
	assert_false(workday_is(2026, 12, 25, &h));
	assert_true(workday_is(2026, 12, 25, NULL));
}

static void
test_date_end(void **state)
{
	static const struct {
		const char *ymd;
		enum tz tz;
		const char *end; /* UTC; NULL: no date */
	} ends[] = {
		{ "2026-12-25", TZ_WIB, "2026-12-25T16:59:59Z" },
		{ "2026-12-25", TZ_WITA, "2026-12-25T15:59:59Z" },
		{ "2026-12-25", TZ_WIT, "2026-12-25T14:59:59Z" },
		{ "2026-12-31", TZ_WIB, "2026-12-31T16:59:59Z" },
		{ "2028-02-29", TZ_WIB, "2028-02-29T16:59:59Z" },
		{ "2026-13-01", TZ_WIB, NULL },
		{ "2026-02-30", TZ_WIB, NULL },
		{ "2026-04-31", TZ_WITA, NULL },
		{ "2026-12-2", TZ_WIB, NULL },
		{ "2026-12-25x", TZ_WIB, NULL },
		{ "tanggal-xx", TZ_WIB, NULL },
		{ "", TZ_WIB, NULL },
		{ NULL, TZ_WIB, NULL },
	};
	char iso[TIME_ISO_LEN];
	size_t i;
	time_t t;
	int rc;

	(void)state;
	for (i = 0; i < COUNT(ends); i++) {
		t = 0;
		rc = cycle_date_end(ends[i].ymd, ends[i].tz, &t);
		if (ends[i].end == NULL) {
			if (rc != -1)
				fail_msg("%s: taken as a date",
				    ends[i].ymd ? ends[i].ymd : "NULL");
			continue;
		}
		if (rc != 0 || strcmp(time_iso(t, iso), ends[i].end) != 0)
			fail_msg("%s in zone %d: %s, want %s", ends[i].ymd,
			    (int)ends[i].tz, rc == 0 ? iso : "refused", ends[i].end);
	}
}

static void
test_parse_date(void **state)
{
	static const struct {
		const char *s;
		int ymd; /* y * 10000 + m * 100 + d; 0: no date */
	} dates[] = {
		{ "2026-12-25", 20261225 },
		{ "1900-01-01", 19000101 },
		{ "9999-12-31", 99991231 },
		{ "2024-02-29", 20240229 },
		{ "2000-02-29", 20000229 },
		{ "2026-02-28", 20260228 },
		{ "2026-01-31", 20260131 },
		{ "2026-04-30", 20260430 },
		{ "2026-02-29", 0 },
		{ "1900-02-29", 0 },
		{ "2100-02-29", 0 },
		{ "2024-02-30", 0 },
		{ "2026-04-31", 0 },
		{ "2026-06-31", 0 },
		{ "2026-09-31", 0 },
		{ "2026-11-31", 0 },
		{ "2026-00-10", 0 },
		{ "2026-13-10", 0 },
		{ "2026-12-00", 0 },
		{ "2026-12-32", 0 },
		{ "1899-12-31", 0 },
		{ "0000-01-01", 0 },
		{ "2026-2-3", 0 },
		{ "2026-02-3", 0 },
		{ "26-02-03", 0 },
		{ "2026-12-250", 0 },
		{ "12026-12-25", 0 },
		{ "2026-12-25 ", 0 },
		{ " 2026-12-25", 0 },
		{ "2026-12-25x", 0 },
		{ "2026-12-25T00:00:00Z", 0 },
		{ "2026- 1-05", 0 },
		{ "2026-01- 5", 0 },
		{ "2026-+1-05", 0 },
		{ "2026-01-+5", 0 },
		{ "+202-01-05", 0 },
		{ "-202-01-05", 0 },
		{ "2026/12/25", 0 },
		{ "2026-1a-05", 0 },
		{ "tanggal-xx", 0 },
		{ "", 0 },
		{ NULL, 0 },
	};
	size_t i;
	int y, m, d, rc;

	(void)state;
	for (i = 0; i < COUNT(dates); i++) {
		y = m = d = -1;
		rc = time_parse_date(dates[i].s, &y, &m, &d);
		if (dates[i].ymd == 0 ? rc != -1 || y != -1 || time_is_date(dates[i].s)
				      : rc != 0 || y * 10000 + m * 100 + d != dates[i].ymd ||
			    !time_is_date(dates[i].s))
			fail_msg("'%s': %d, %d-%d-%d", dates[i].s ? dates[i].s : "NULL",
			    rc, y, m, d);
	}
	/* The first instant of a date, and a stored time on a day that is none. */
	assert_int_equal(time_day_utc(1970, 1, 2), 86400);
	assert_int_equal(time_day_utc(2028, 3, 1) - time_day_utc(2028, 2, 28), 2 * 86400);
	assert_int_equal(time_parse_iso("2026-02-30T00:00:00Z", &(time_t){ 0 }), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deadline_table),
		cmocka_unit_test(test_between),
		cmocka_unit_test(test_is),
		cmocka_unit_test(test_date_end),
		cmocka_unit_test(test_parse_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
