/*
 * survey.h - the survey's pure rules: the period an answer belongs to.
 *
 * Answers are counted per period. The period length is the installation's
 * setting survey.period (default semester); a period's code names its
 * length, so codes of different lengths never collide:
 *
 *	year		"2026"
 *	semester	"2026-1" (January-June), "2026-2" (July-December)
 *	quarter		"2026-Q1" ... "2026-Q4"
 *	month		"2026-01" ... "2026-12"
 *
 * The day is the calendar day of the answer in the unit's time zone.
 */
#ifndef P2HAM_CORE_SURVEY_H
#define P2HAM_CORE_SURVEY_H

#include <stddef.h>
#include <time.h>

#include "base/code.h"
#include "core/region.h"

/* clang-format off */
#define SURVEY_PERIOD_LIST(X) \
	X(SURVEY_PERIOD_YEAR, "year") \
	X(SURVEY_PERIOD_SEMESTER, "semester") \
	X(SURVEY_PERIOD_QUARTER, "quarter") \
	X(SURVEY_PERIOD_MONTH, "month")
/* clang-format on */

enum survey_period_len { SURVEY_PERIOD_LIST(CODE_ENUM) SURVEY_PERIOD_MAX };

/* Longest period code with its terminating NUL ("2026-Q1", "2026-01"). */
#define SURVEY_PERIOD_CODE_MAX 8

/* The length called name ("year", "semester", "quarter", "month"), or
 * SURVEY_PERIOD_MAX. NULL and "" give the default, semester. */
enum survey_period_len survey_period_len_parse(const char *name);
const char *survey_period_len_name(enum survey_period_len len);

/* Write the code of the period holding the day y-m-d (m 1..12, y
 * 1000..9999) into out (SURVEY_PERIOD_CODE_MAX bytes). 0, or -1 when the
 * date or length is out of range (out is then ""). */
int survey_period_of_date(int y, int m, enum survey_period_len len, char *out);

/* The same for the instant t seen in time zone tz. */
int survey_period_of_time(time_t t, enum tz tz, enum survey_period_len len, char *out);

/* Parse a period code: its length, year and the first and last month it
 * holds (1..12). 0, or -1 when code is not a period code. */
int survey_period_parse(const char *code, enum survey_period_len *len, int *year,
    int *first_month, int *last_month);

/* The year a period code belongs to, or -1. */
int survey_period_year(const char *code);

#endif
