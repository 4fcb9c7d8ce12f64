/*
 * declaration.h - the declaration stage's own rules that need no I/O: the
 * states of a declaration request (the row behind the participation's
 * requested/approved/declared), and which calendar dates a request may
 * propose and a record may give for the event. Dates are calendar days
 * "YYYY-MM-DD" in the unit's time zone, compared as such.
 */
#ifndef P2HAM_CORE_DECLARATION_H
#define P2HAM_CORE_DECLARATION_H

#include <stdbool.h>

#include "base/code.h"

/* Where a declaration request stands (declaration.status). */
/* clang-format off */
#define DECL_STATUS_LIST(X) \
	X(DECL_STATUS_REQUESTED, "requested") /* awaits a decision */ \
	X(DECL_STATUS_APPROVED, "approved")   /* approved; the event is to be recorded */ \
	X(DECL_STATUS_REJECTED, "rejected")   /* rejected with a reason: the units are back to \
					         draft */ \
	X(DECL_STATUS_RECORDED, "recorded")   /* the event is recorded, awaiting the regional \
					         office's confirmation */ \
	X(DECL_STATUS_CONFIRMED, "confirmed") /* confirmed: the stage is over */
/* clang-format on */

enum decl_status { DECL_STATUS_LIST(CODE_ENUM) DECL_STATUS_MAX };

/* The status's code as the database holds it ("requested", ...); "" out
 * of range. */
const char *decl_status_code(enum decl_status s);
/* The status called code, or DECL_STATUS_MAX (also for NULL). */
enum decl_status decl_status_parse(const char *code);

/* How far the day a declaration took place may lie from the day it was
 * requested for, either way: an event moved by more than a month is a new
 * event, to be requested again. The record form's hint
 * (declaration.hint.actual_date) says the number too. */
#define DECL_RECORD_SLACK_DAYS 30

/* The days a date is checked against; "" for one that is not known. */
struct decl_days {
	const char *today;     /* in the unit's zone */
	const char *opens;     /* first day of the declaration window */
	const char *deadline;  /* last day of the declaration window */
	const char *requested; /* record: the day the request was made */
	const char *proposed;  /* record: the date it asked for */
};

/* What is wrong with a date; the catalog key declaration.date.CODE says
 * it to people (decl_date_code). */
/* clang-format off */
#define DECL_DATE_LIST(X) \
	X(DECL_DATE_OK, "ok") \
	X(DECL_DATE_BAD, "bad")                       /* not a calendar date */ \
	X(DECL_DATE_PAST, "past")                     /* request: before today */ \
	X(DECL_DATE_FUTURE, "future")                 /* record: after today */ \
	X(DECL_DATE_BEFORE_OPEN, "before_open")       /* before the window's first day */ \
	X(DECL_DATE_AFTER_DEADLINE, "after_deadline") /* after the window's last day */ \
	X(DECL_DATE_BEFORE_REQUEST, "before_request") /* record: before the request was made */ \
	X(DECL_DATE_FAR, "far")                       /* record: more than DECL_RECORD_SLACK_DAYS \
						         from the proposed date */
/* clang-format on */

enum decl_date { DECL_DATE_LIST(CODE_ENUM) DECL_DATE_MAX };

const char *decl_date_code(enum decl_date r);

/* The first problem of date as a request's proposed date: not a date,
 * before today, outside the window (days->opens, days->deadline). */
enum decl_date decl_request_date(const char *date, const struct decl_days *days);

/* The first problem of date as the day the event took place: not a date,
 * after today, outside the window, before the request was made, or more
 * than DECL_RECORD_SLACK_DAYS from the proposed date. */
enum decl_date decl_record_date(const char *date, const struct decl_days *days);

/* ymd moved by days (negative: earlier) into out; false when ymd is not a
 * date. */
bool decl_day_shift(const char *ymd, int days, char out[16]);

#endif
