/*
 * timefmt.h - the one time format stored and exchanged: ISO-8601 UTC with
 * seconds, "2026-11-29T18:00:00Z", which sorts as text in time order; and
 * the texts people read: an instant in a zone's local time, written out in
 * Bahasa Indonesia or English ("29 November 2026 18.00 WITA").
 *
 * Zones are given as an offset in seconds east of UTC and a code to show
 * ("WITA"); which zone applies (a unit's province) is the caller's business.
 */
#ifndef P2HAM_TIMEFMT_H
#define P2HAM_TIMEFMT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "base/arena.h"

#define TIME_ISO_LEN 21  /* bytes including the NUL */
#define TIME_DATE_LEN 32 /* "2026-11-29" with room for any year */

/* The language a date is written out in. */
enum time_lang {
	TIME_ID, /* "29 November 2026 18.00 WITA" */
	TIME_EN, /* "29 November 2026 18:00 WITA" */
	TIME_LANG_MAX
};

/* How much of an instant a text shows, and how. */
enum time_style {
	TIME_DATE,      /* "29 November 2026" */
	TIME_DATE_TIME, /* "29 November 2026 18.00 WITA" (English 18:00) */
	TIME_NUMERIC,   /* "2026-11-29 18:00 WITA": calendars and sheets */
	TIME_STYLE_MAX
};

/* Milliseconds and seconds on the monotonic clock: for ages and
 * deadlines inside one process, never for what is stored. */
int64_t time_mono_ms(void);
time_t time_mono(void);

/* The UTC calendar fields of an instant. */
struct time_parts {
	int year, month, day; /* month 1-12, day 1-31 */
	int hour, min, sec;
};

/* The UTC calendar fields of t, as gmtime_r gives them, but worked out
 * here: gmtime_r takes the C library's time zone lock on every call, and
 * a survey post reads the calendar several times. */
void time_utc_parts(time_t t, struct time_parts *p);

/* Format t into out (TIME_ISO_LEN bytes); returns out. */
char *time_iso(time_t t, char out[TIME_ISO_LEN]);
/* Parse exactly that format, its date a real one as time_parse_date
 * reads it; -1 for anything else. */
int time_parse_iso(const char *s, time_t *out);

/*
 * A calendar date "2026-03-12" and nothing else: four digits, '-', two,
 * '-', two, a month 1-12 and a day within it (Gregorian leap years), a
 * year from 1900 to 9999. 0 with *y, *m, *d filled; -1 for anything else,
 * NULL included, leaving them alone. Every date a form, a sheet or a
 * stored row gives is read here; callers add their own range rules.
 */
int time_parse_date(const char *s, int *y, int *m, int *d);
/* Whether s is such a date. */
bool time_is_date(const char *s);
/* The first instant (00:00:00 UTC) of the date y-m-d. */
time_t time_day_utc(int y, int m, int d);

/* The name of month (1-12) in l: "Januari", "January"; NULL for another
 * number. Static storage. */
const char *time_month_name(int month, enum time_lang l);

/* The wall-clock time of t at offset seconds east of UTC into *tm (as
 * gmtime_r fills it); returns tm. */
struct tm *time_local(time_t t, int offset, struct tm *tm);

/* The calendar date of t at offset as "2026-11-29" into out; returns out. */
char *time_local_date(time_t t, int offset, char out[TIME_DATE_LEN]);

/*
 * t at offset as text in style s and language l, in a: "29 November 2026"
 * (TIME_DATE), "29 November 2026 18.00 WITA" (TIME_DATE_TIME), "2026-11-29
 * 18:00 WITA" (TIME_NUMERIC). zone is the code shown after the time; NULL
 * shows none. NULL when a is out of memory.
 */
char *time_local_text(struct arena *a, time_t t, int offset, const char *zone,
    enum time_lang l, enum time_style s);

/*
 * The same for iso, an ISO-8601 UTC text as time_parse_iso reads it. iso
 * itself when it is not such a time, "" when it is NULL; NULL when a is out
 * of memory.
 */
const char *time_iso_text(struct arena *a, const char *iso, int offset, const char *zone,
    enum time_lang l, enum time_style s);

/*
 * A calendar date "2026-03-12" (nothing after it) written out, "12 Maret
 * 2026", in a. ymd itself when it is not such a date, "" when it is NULL;
 * NULL when a is out of memory.
 */
const char *time_date_text(struct arena *a, const char *ymd, enum time_lang l);

#endif
