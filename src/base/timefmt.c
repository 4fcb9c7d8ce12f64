/*
 * timefmt.c - ISO-8601 UTC text to and from time_t.
 */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "base/timefmt.h"

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
