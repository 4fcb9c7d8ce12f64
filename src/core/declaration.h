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

/* Where a declaration request stands (declaration.status). */
enum decl_status {
	DECL_STATUS_REQUESTED, /* awaits a decision */
	DECL_STATUS_APPROVED,  /* approved; the event is to be recorded */
	DECL_STATUS_REJECTED,  /* rejected with a reason: the units are
				  back to draft */
	DECL_STATUS_RECORDED,  /* the event is recorded, awaiting the
				  regional office's confirmation */
	DECL_STATUS_CONFIRMED, /* confirmed: the stage is over */
	DECL_STATUS_MAX
};

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
enum decl_date {
	DECL_DATE_OK,
	DECL_DATE_BAD,            /* not a calendar date */
	DECL_DATE_PAST,           /* request: before today */
	DECL_DATE_FUTURE,         /* record: after today */
	DECL_DATE_BEFORE_OPEN,    /* before the window's first day */
	DECL_DATE_AFTER_DEADLINE, /* after the window's last day */
	DECL_DATE_BEFORE_REQUEST, /* record: before the request was made */
	DECL_DATE_FAR,            /* record: more than DECL_RECORD_SLACK_DAYS
				     from the proposed date */
	DECL_DATE_MAX
};

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
