/*
 * complaints_int.h - what the complaint services share (complaints*.c):
 * the caller's rights on a complaint, deadlines under the settings and the
 * holiday calendar, the timeline and the compare-and-set move.
 */
#ifndef P2HAM_SVC_COMPLAINTS_INT_H
#define P2HAM_SVC_COMPLAINTS_INT_H

#include "core/region.h"
#include "svc/complaints.h"

enum { DAYS_TRIAGE, DAYS_ANSWER, DAYS_RESOLVE, DAYS_AUTO_CLOSE, DAYS_MAX };

/* What the caller may do on one complaint's unit. */
struct cmp_rights {
	bool view;     /* read it */
	bool handle;   /* triage, and see the identity (regional, admin) */
	bool member;   /* of the unit: answer, see the identity unless
			  hidden */
	bool identity; /* may see name and contact of this complaint */
};

/* The rights of s's actor on row (a CMP_COLS row). */
void cmp_rights_of(struct svc *s, json_t *row, struct cmp_rights *r);

/* The deadline n working days after from in zone tz, with the holiday
 * calendar; -1 with e on a database error. */
int cmp_deadline(struct svc *s, time_t from, int n, enum tz tz, time_t *out, struct err *e);

/* The row of st for one id or text parameter; NULL with e (404 "no such
 * complaint" when none). */
json_t *cmp_row_id(struct svc *s, enum db_stmt st, int64_t id, struct err *e);
json_t *cmp_row_code(struct svc *s, const char *code, struct err *e);

/* Append a step to complaint id's timeline. */
int cmp_step(struct svc *s, int64_t id, const char *kind, const char *body,
    bool is_public, struct err *e);

/* The state a move writes; strings NULL for SQL NULL. */
struct cmp_state {
	const char *status, *referred_to, *reason;
	const char *answer_due, *resolve_due, *due_at;
	const char *triaged_at, *answered_at, *closed_at;
	int reopened;
};

/* The state of row, to change and pass to cmp_move. */
void cmp_state_of(json_t *row, struct cmp_state *st);
/* Move row to st, guarded by its status and updated_at: 409 when it moved
 * meanwhile. */
int cmp_move(struct svc *s, json_t *row, const struct cmp_state *st, struct err *e);

/* Add to row what the pages show: labels in s->lang, the deadlines in the
 * unit's zone, "overdue". */
void cmp_describe(struct svc *s, json_t *row);

/* A fresh tracking code. */
void cmp_make_code(char out[COMPLAINT_CODE_LEN]);

/* A problem for field when its text t is blank and missing (a catalog
 * key) says why, or when t is longer than max characters; a blank t is
 * no problem when missing is NULL. */
void cmp_text_problem(struct svc *s, struct svc_problems *pr, const char *field,
    const char *t, size_t max, const char *missing);

/* The text of key k of row, "" when absent. */
const char *cmp_str(json_t *row, const char *k);

/* The zone of row ("tz"). */
enum tz cmp_tz(json_t *row);

#endif
