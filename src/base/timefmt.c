/*
 * timefmt.c - ISO-8601 UTC text to and from time_t, and instants as local
 * dates and times people read.
 */
#include <stdio.h>
#include <string.h>

#include "base/timefmt.h"

int64_t
time_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

time_t
time_mono(void)
{
	return (time_t)(time_mono_ms() / 1000);
}

void
time_utc_parts(time_t t, struct time_parts *p)
{
	int64_t days = (int64_t)t / 86400, secs = (int64_t)t % 86400;
	int64_t era, doe, yoe, doy, mp;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	/* Count from 0000-03-01, so that a leap day ends its year, in eras
	 * of 400 years (146097 days) that repeat exactly. */
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153; /* the month, March being 0 */
	p->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	p->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	p->year = (int)(yoe + era * 400 + (p->month <= 2));
	p->hour = (int)(secs / 3600);
	p->min = (int)(secs / 60 % 60);
	p->sec = (int)(secs % 60);
}

/* v as n digits at s, zeros in front; past them. */
static char *
put_digits(char *s, int v, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--, v /= 10)
		s[i] = (char)('0' + v % 10);
	return s + n;
}

/* "YYYY-MM-DD" of p at s, year 0 to 9999; past it. */
static char *
put_date(char *s, const struct time_parts *p)
{
	s = put_digits(s, p->year, 4);
	*s++ = '-';
	s = put_digits(s, p->month, 2);
	*s++ = '-';
	return put_digits(s, p->day, 2);
}

char *
time_iso(time_t t, char out[TIME_ISO_LEN])
{
	struct time_parts p;
	struct tm tm;
	char *s;

	time_utc_parts(t, &p);
	if (p.year < 0 || p.year > 9999) {
		gmtime_r(&t, &tm);
		strftime(out, TIME_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
		return out;
	}
	s = put_date(out, &p);
	*s++ = 'T';
	s = put_digits(s, p.hour, 2);
	*s++ = ':';
	s = put_digits(s, p.min, 2);
	*s++ = ':';
	s = put_digits(s, p.sec, 2);
	*s++ = 'Z';
	*s = '\0';
	return out;
}

/* The n digits at s as a number; -1 when one is no digit. */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (; n > 0; s++, n--) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* The date in the first ten bytes of s, which has at least ten. */
static int
date_at(const char *s, int *y, int *m, int *d)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int yy, mm, dd, last;

	if (s[4] != '-' || s[7] != '-' || (yy = digits(s, 4)) < 1900 ||
	    (mm = digits(s + 5, 2)) < 1 || mm > 12 || (dd = digits(s + 8, 2)) < 1)
		return -1;
	last = days[mm - 1];
	if (mm == 2 && yy % 4 == 0 && (yy % 100 != 0 || yy % 400 == 0))
		last = 29;
	if (dd > last)
		return -1;
	*y = yy;
	*m = mm;
	*d = dd;
	return 0;
}

int
time_parse_date(const char *s, int *y, int *m, int *d)
{
	if (s == NULL || strlen(s) != 10)
		return -1;
	return date_at(s, y, m, d);
}

bool
time_is_date(const char *s)
{
	int y, m, d;

	return time_parse_date(s, &y, &m, &d) == 0;
}

time_t
time_day_utc(int y, int m, int d)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	return timegm(&tm);
}

int
time_parse_iso(const char *s, time_t *out)
{
	int y, m, d, hh, mi, ss;

	if (s == NULL || strlen(s) != TIME_ISO_LEN - 1 || date_at(s, &y, &m, &d) < 0 ||
	    s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return -1;
	if ((hh = digits(s + 11, 2)) < 0 || hh > 23 || (mi = digits(s + 14, 2)) < 0 ||
	    mi > 59 || (ss = digits(s + 17, 2)) < 0 || ss > 60)
		return -1;
	*out = time_day_utc(y, m, d) + hh * 3600 + mi * 60 + ss;
	return 0;
}

static const char *const months[TIME_LANG_MAX][12] = {
	[TIME_ID] = { "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
	    "Agustus", "September", "Oktober", "November", "Desember" },
	[TIME_EN] = { "January", "February", "March", "April", "May", "June", "July",
	    "August", "September", "October", "November", "December" },
};

const char *
time_month_name(int month, enum time_lang l)
{
	if (month < 1 || month > 12)
		return NULL;
	return months[(unsigned)l < TIME_LANG_MAX ? l : TIME_ID][month - 1];
}

struct tm *
time_local(time_t t, int offset, struct tm *tm)
{
	t += offset;
	return gmtime_r(&t, tm);
}

char *
time_local_date(time_t t, int offset, char out[TIME_DATE_LEN])
{
	struct time_parts p;

	time_utc_parts(t + offset, &p);
	if (p.year < 0 || p.year > 9999)
		snprintf(out, TIME_DATE_LEN, "%04d-%02d-%02d", p.year, p.month, p.day);
	else
		*put_date(out, &p) = '\0';
	return out;
}

char *
time_local_text(struct arena *a, time_t t, int offset, const char *zone, enum time_lang l,
    enum time_style s)
{
	const char *sp = zone != NULL ? " " : "", *z = zone != NULL ? zone : "";
	struct tm tm;

	time_local(t, offset, &tm);
	switch (s) {
	case TIME_NUMERIC:
		return arena_printf(a, "%04d-%02d-%02d %02d:%02d%s%s", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, sp, z);
	case TIME_DATE_TIME:
		/* Indonesian writes the hour and minute apart with a dot. */
		return arena_printf(a, "%d %s %d %02d%c%02d%s%s", tm.tm_mday,
		    time_month_name(tm.tm_mon + 1, l), tm.tm_year + 1900, tm.tm_hour,
		    l == TIME_EN ? ':' : '.', tm.tm_min, sp, z);
	default:
		return arena_printf(a, "%d %s %d", tm.tm_mday,
		    time_month_name(tm.tm_mon + 1, l), tm.tm_year + 1900);
	}
}

const char *
time_iso_text(struct arena *a, const char *iso, int offset, const char *zone,
    enum time_lang l, enum time_style s)
{
	time_t t;

	if (iso == NULL)
		return "";
	if (time_parse_iso(iso, &t) < 0)
		return iso;
	return time_local_text(a, t, offset, zone, l, s);
}

const char *
time_date_text(struct arena *a, const char *ymd, enum time_lang l)
{
	int y, m, d;

	if (ymd == NULL)
		return "";
	if (time_parse_date(ymd, &y, &m, &d) < 0)
		return ymd;
	return arena_printf(a, "%d %s %d", d, time_month_name(m, l), y);
}
