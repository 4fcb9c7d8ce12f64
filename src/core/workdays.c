/*
 * workdays.c - deadlines in working days (see workdays.h). Days are walked
 * as calendar dates through the proleptic Gregorian day number, so no
 * library time zone is involved: the unit's zone is a fixed offset.
 */
#include "core/cycle.h"
#include "core/workdays.h"

/* Days since 1970-01-01 of y-m-d (Howard Hinnant's days_from_civil). */
static long
day_number(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The calendar date of day number z. */
static void
civil(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool
is_holiday(int y, int m, int d, const struct holidays *h)
{
	int key = y * 10000 + m * 100 + d;
	size_t i;

	for (i = 0; h != NULL && i < h->count; i++)
		if (h->days[i] == key)
			return true;
	return false;
}

bool
workday_is(int y, int m, int d, const struct holidays *h)
{
	/* 1970-01-01 was a Thursday: day number 0 is weekday 4 (Sun = 0). */
	long wd = ((day_number(y, m, d) % 7) + 11) % 7;

	if (wd == 0 || wd == 6)
		return false;
	return !is_holiday(y, m, d, h);
}

/* The local day number of instant t in zone tz. */
static long
local_day(time_t t, enum tz tz)
{
	long long s = (long long)t + tz_offset(tz);

	return (long)(s >= 0 ? s / 86400 : (s - 86399) / 86400);
}

time_t
workdays_deadline(time_t from, unsigned n, enum tz tz, const struct holidays *h)
{
	long z = local_day(from, tz);
	int y, m, d;

	if (n > WORKDAYS_MAX)
		n = WORKDAYS_MAX;
	civil(z, &y, &m, &d);
	while (n > 0) {
		civil(++z, &y, &m, &d);
		if (workday_is(y, m, d, h))
			n--;
	}
	return cycle_day_end(y, m, d, tz);
}

unsigned
workdays_between(time_t from, time_t to, enum tz tz, const struct holidays *h)
{
	long z = local_day(from, tz), end = local_day(to, tz);
	unsigned n = 0;
	int y, m, d;

	while (z < end) {
		civil(++z, &y, &m, &d);
		n += workday_is(y, m, d, h);
	}
	return n;
}
