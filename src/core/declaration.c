/*
 * declaration.c - declaration statuses and the dates of a declaration
 * (declaration.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/code.h"
#include "base/timefmt.h"
#include "core/declaration.h"

static const char *const statuses[DECL_STATUS_MAX] = { DECL_STATUS_LIST(CODE_ENTRY) };

static const char *const date_codes[DECL_DATE_MAX] = { DECL_DATE_LIST(CODE_ENTRY) };

CODE_FUNCTIONS(decl_status, enum decl_status, statuses, DECL_STATUS_MAX)

CODE_NAME_FUNCTION(decl_date, enum decl_date, date_codes, DECL_DATE_MAX)

bool
decl_day_shift(const char *ymd, int days, char out[16])
{
	struct tm tm;
	time_t t;
	int y, m, d;

	if (time_parse_date(ymd, &y, &m, &d) < 0)
		return false;
	t = time_day_utc(y, m, d) + (time_t)days * 86400;
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
	if (!time_is_date(date))
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
	if (!time_is_date(date))
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
