/*
 * declaration.c - declaration statuses and the dates of a declaration
 * (declaration.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/code.h"
#include "core/declaration.h"

static const char *const statuses[DECL_STATUS_MAX] = { DECL_STATUS_LIST(CODE_ENTRY) };

static const char *const date_codes[DECL_DATE_MAX] = { DECL_DATE_LIST(CODE_ENTRY) };

CODE_FUNCTIONS(decl_status, enum decl_status, statuses, DECL_STATUS_MAX)

CODE_NAME_FUNCTION(decl_date, enum decl_date, date_codes, DECL_DATE_MAX)

/* ymd as a struct tm at noon UTC; false unless it is a real date. */
static bool
day_of(const char *ymd, struct tm *tm)
{
	int y, m, d;
	char tail;
	time_t t;

	if (ymd == NULL || strlen(ymd) != 10 || ymd[4] != '-' || ymd[7] != '-' ||
	    sscanf(ymd, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 ||
	    d < 1 || d > 31)
		return false;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_hour = 12;
	t = timegm(tm);
	/* timegm normalises 31 April to 1 May: such a day does not exist. */
	return gmtime_r(&t, tm) != NULL && tm->tm_mday == d && tm->tm_mon == m - 1;
}

bool
decl_day_shift(const char *ymd, int days, char out[16])
{
	struct tm tm;
	time_t t;

	if (!day_of(ymd, &tm))
		return false;
	t = timegm(&tm) + (time_t)days * 86400;
	if (gmtime_r(&t, &tm) == NULL || tm.tm_year < -1899 || tm.tm_year > 8099)
		return false;
	snprintf(out, 16, "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000,
	    (tm.tm_mon + 1) % 100, tm.tm_mday % 100);
	return true;
}

/* Day a comes before day b; false when either is unknown ("" or NULL). */
static bool
before(const char *a, const char *b)
{
	return a != NULL && b != NULL && a[0] != '\0' && b[0] != '\0' && strcmp(a, b) < 0;
}

enum decl_date
decl_request_date(const char *date, const struct decl_days *days)
{
	struct tm tm;

	if (!day_of(date, &tm))
		return DECL_DATE_BAD;
	if (before(date, days->today))
		return DECL_DATE_PAST;
	if (before(date, days->opens))
		return DECL_DATE_BEFORE_OPEN;
	if (before(days->deadline, date))
		return DECL_DATE_AFTER_DEADLINE;
	return DECL_DATE_OK;
}

enum decl_date
decl_record_date(const char *date, const struct decl_days *days)
{
	char lo[16], hi[16];
	struct tm tm;

	if (!day_of(date, &tm))
		return DECL_DATE_BAD;
	if (before(days->today, date))
		return DECL_DATE_FUTURE;
	if (before(date, days->opens))
		return DECL_DATE_BEFORE_OPEN;
	if (before(days->deadline, date))
		return DECL_DATE_AFTER_DEADLINE;
	if (before(date, days->requested))
		return DECL_DATE_BEFORE_REQUEST;
	if (decl_day_shift(days->proposed, -DECL_RECORD_SLACK_DAYS, lo) &&
	    decl_day_shift(days->proposed, DECL_RECORD_SLACK_DAYS, hi) &&
	    (before(date, lo) || before(hi, date)))
		return DECL_DATE_FAR;
	return DECL_DATE_OK;
}
