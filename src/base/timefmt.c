/*
 * timefmt.c - ISO-8601 UTC text to and from time_t, and instants as local
 * dates and times people read.
 */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
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

char *
time_iso(time_t t, char out[TIME_ISO_LEN])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, TIME_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return out;
}

int
time_parse_iso(const char *s, time_t *out)
{
	struct tm tm;
	int64_t v[6];
	static const int at[6] = { 0, 5, 8, 11, 14, 17 }, len[6] = { 4, 2, 2, 2, 2, 2 };
	int i;

	if (s == NULL || strlen(s) != TIME_ISO_LEN - 1 || s[4] != '-' || s[7] != '-' ||
	    s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return -1;
	for (i = 0; i < 6; i++)
		if (str_to_i64(s + at[i], (size_t)len[i], 0, 9999, &v[i]) < 0)
			return -1;
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 ||
	    v[5] > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (int)v[0] - 1900;
	tm.tm_mon = (int)v[1] - 1;
	tm.tm_mday = (int)v[2];
	tm.tm_hour = (int)v[3];
	tm.tm_min = (int)v[4];
	tm.tm_sec = (int)v[5];
	*out = timegm(&tm);
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
	struct tm tm;

	time_local(t, offset, &tm);
	snprintf(out, TIME_DATE_LEN, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
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
	char tail;

	if (ymd == NULL)
		return "";
	if (sscanf(ymd, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12)
		return ymd;
	return arena_printf(a, "%d %s %d", d, time_month_name(m, l), y);
}
