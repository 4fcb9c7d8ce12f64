/*
 * survey.c - the period an answer belongs to (see survey.h).
 */
#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"
#include "core/survey.h"

static const char *const period_names[SURVEY_PERIOD_MAX] = { SURVEY_PERIOD_LIST(CODE_ENTRY) };

enum survey_period_len
survey_period_len_parse(const char *name)
{
	int i;

	if (name == NULL || name[0] == '\0')
		return SURVEY_PERIOD_SEMESTER;
	for (i = 0; i < SURVEY_PERIOD_MAX; i++)
		if (strcmp(name, period_names[i]) == 0)
			return (enum survey_period_len)i;
	return SURVEY_PERIOD_MAX;
}

const char *
survey_period_len_name(enum survey_period_len len)
{
	if ((int)len < 0 || len >= SURVEY_PERIOD_MAX)
		return "";
	return period_names[len];
}

int
survey_period_of_date(int y, int m, enum survey_period_len len, char *out)
{
	out[0] = '\0';
	if (y < 1000 || y > 9999 || m < 1 || m > 12)
		return -1;
	switch (len) {
	case SURVEY_PERIOD_YEAR:
		snprintf(out, SURVEY_PERIOD_CODE_MAX, "%04d", y);
		return 0;
	case SURVEY_PERIOD_SEMESTER:
		snprintf(out, SURVEY_PERIOD_CODE_MAX, "%04d-%d", y, m <= 6 ? 1 : 2);
		return 0;
	case SURVEY_PERIOD_QUARTER:
		snprintf(out, SURVEY_PERIOD_CODE_MAX, "%04d-Q%d", y, (m - 1) / 3 + 1);
		return 0;
	case SURVEY_PERIOD_MONTH:
		snprintf(out, SURVEY_PERIOD_CODE_MAX, "%04d-%02d", y, m);
		return 0;
	default:
		return -1;
	}
}

int
survey_period_of_time(time_t t, enum tz tz, enum survey_period_len len, char *out)
{
	struct time_parts p;

	out[0] = '\0';
	if ((int)tz < 0 || tz >= TZ_MAX)
		return -1;
	time_utc_parts(t + (time_t)tz_offset(tz), &p);
	return survey_period_of_date(p.year, p.month, len, out);
}

static int
digits(const char *s, size_t n)
{
	size_t i;
	int v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
survey_period_parse(const char *code, enum survey_period_len *len, int *year,
    int *first_month, int *last_month)
{
	size_t n;
	int y, k;

	if (code == NULL)
		return -1;
	n = strlen(code);
	if (n < 4 || (y = digits(code, 4)) < 1000)
		return -1;
	if (n == 4) {
		*len = SURVEY_PERIOD_YEAR;
		*first_month = 1;
		*last_month = 12;
	} else if (n == 6 && code[4] == '-' && (code[5] == '1' || code[5] == '2')) {
		*len = SURVEY_PERIOD_SEMESTER;
		*first_month = code[5] == '1' ? 1 : 7;
		*last_month = *first_month + 5;
	} else if (n == 7 && code[4] == '-' && code[5] == 'Q' && code[6] >= '1' &&
	    code[6] <= '4') {
		*len = SURVEY_PERIOD_QUARTER;
		*first_month = (code[6] - '1') * 3 + 1;
		*last_month = *first_month + 2;
	} else if (n == 7 && code[4] == '-' && (k = digits(code + 5, 2)) >= 1 && k <= 12) {
		*len = SURVEY_PERIOD_MONTH;
		*first_month = k;
		*last_month = k;
	} else
		return -1;
	*year = y;
	return 0;
}

int
survey_period_year(const char *code)
{
	enum survey_period_len len;
	int y, f, l;

	if (survey_period_parse(code, &len, &y, &f, &l) != 0)
		return -1;
	return y;
}
