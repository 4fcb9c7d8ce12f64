/*
 * workdays.h - deadlines counted in working days, pure: a working day is a
 * calendar day in the unit's time zone that is neither a Saturday, a
 * Sunday nor a day of the holiday calendar the admin keeps. A complaint
 * filed at some instant has its n-th working day counted from the day
 * after the local date of that instant; the deadline is that day's last
 * instant (23:59:59) in the unit's zone.
 */
#ifndef P2HAM_CORE_WORKDAYS_H
#define P2HAM_CORE_WORKDAYS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/region.h"

#define WORKDAYS_MAX 366 /* the most working days a deadline may count */

/* A holiday calendar: days written y * 10000 + m * 100 + d (20261225),
 * in any order, borrowed. */
struct holidays {
	const int *days;
	size_t count;
};

/* Is the calendar day y-m-d (a valid date) a working day under h (NULL:
 * no holidays)? */
bool workday_is(int y, int m, int d, const struct holidays *h);

/*
 * The last instant, in zone tz, of the n-th working day after the local
 * date of from (n 0: the end of that date itself). n is capped at
 * WORKDAYS_MAX.
 */
time_t workdays_deadline(time_t from, unsigned n, enum tz tz, const struct holidays *h);

/* Working days strictly after the local date of from up to and including
 * the local date of to, in zone tz; 0 when to is not after from. */
unsigned workdays_between(time_t from, time_t to, enum tz tz, const struct holidays *h);

#endif
