/*
 * complaints_handle.c - handling a complaint: triage by the regional
 * office or the admin, the unit's answers and internal notes, the
 * complainant's confirmation and one reopening, the automatic closing;
 * the lists of handlers (all, overdue, per unit) and the assessment's
 * count of unresolved complaints.
 */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "base/timefmt.h"
#include "svc/audit.h"
#include "svc/complaints_int.h"
#include "svc/registry.h"

#define REASON_MAX 2000

static const char *const referrals[] = { "lapor", "simasham", "ombudsman" };

/* Begin a write and load complaint id for it: NULL with e, rolled back,
 * when it is hidden from the caller (404) or not theirs to handle (403;
 * with member_may a member of its unit may). */
static json_t *
load_for(struct svc *s, int64_t id, bool member_may, struct err *e)
{
	struct cmp_rights r;
	json_t *row;

	if (svc_begin(s, e) < 0)
		return NULL;
	if ((row = cmp_row_id(s, DB_COMPLAINT_ROW, id, e)) == NULL)
		goto fail;
	cmp_rights_of(s, row, &r);
	if (!r.view)
		err_set(e, ERR_NOT_FOUND, "no such complaint");
	else if (!r.handle && !(member_may && r.member))
		err_set(e, ERR_DENIED, "%s", svc_msg(s, "complaints.problem.not_handler"));
	else
		return row;
fail:
	json_decref(row);
	svc_rollback(s);
	return NULL;
}

static bool
status_is(json_t *row, const char *st)
{
	return strcmp(cmp_str(row, "status"), st) == 0;
}

/* Whether a write may go on: unless allowed by the complaint's state, -1
 * with e saying the catalog's sentence key (409); else, with problems in
 * pr (may be NULL), -1 with e refusing them (422); else 0. */
static int
refuse_unless(struct svc *s, bool allowed, const char *key, const struct svc_problems *pr,
    struct err *e)
{
	if (!allowed) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, key));
		return -1;
	}
	return pr != NULL && pr->count > 0 ? svc_refuse(pr, e) : 0;
}

/* The answer and resolution deadlines counted from now, in row's zone,
 * into st (strings in s->arena). */
static int
new_deadlines(struct svc *s, json_t *row, struct cmp_state *st, struct err *e)
{
	char a[TIME_ISO_LEN], b[TIME_ISO_LEN];
	int days[DAYS_MAX];
	time_t ta, tb;

	if (complaint_days(s, days, e) < 0 ||
	    cmp_deadline(s, s->now, days[DAYS_ANSWER], cmp_tz(row), &ta, e) < 0 ||
	    cmp_deadline(s, s->now, days[DAYS_RESOLVE], cmp_tz(row), &tb, e) < 0)
		return -1;
	st->answer_due = arena_strdup(s->arena, time_iso(ta, a));
	st->resolve_due = arena_strdup(s->arena, time_iso(tb, b));
	st->due_at = st->answer_due;
	return 0;
}

/* The tail of every write: the move to st (none when NULL), the step, the
 * audit entry, the commit; rolled back on failure. Releases row and summary
 * whatever happens. */
static int
finish(struct svc *s, json_t *row, const struct cmp_state *st, const char *kind,
    const char *body, bool is_public, json_t *summary, struct err *e)
{
	int64_t id = json_integer_value(json_object_get(row, "id"));
	char action[48];
	int rc = 0;

	snprintf(action, sizeof(action), "complaint.%s", kind);
	if ((st != NULL && cmp_move(s, row, st, e) < 0) ||
	    cmp_step(s, id, kind, body, is_public, e) < 0 ||
	    svc_audit_commit(s, action, "complaint", id, json_incref(summary), e) < 0) {
		svc_rollback(s);
		rc = -1;
	}
	json_decref(summary);
	json_decref(row);
	return rc;
}

int
complaint_triage(struct svc *s, int64_t id, const char *decision, const char *referred_to,
    const char *reason, struct svc_problems *pr, struct err *e)
{
	bool accept = decision != NULL && strcmp(decision, "accept") == 0;
	bool refer = decision != NULL && strcmp(decision, "refer") == 0;
	bool reject = decision != NULL && strcmp(decision, "reject") == 0;
	char now[TIME_ISO_LEN];
	struct cmp_state st;
	json_t *row = NULL;
	const char *kind;

	if (!accept && !refer && !reject)
		svc_problem(pr, "keputusan", svc_msg(s, "complaints.problem.decision"));
	if (refer && !str_in(referred_to, referrals, 3))
		svc_problem(pr, "tujuan", svc_msg(s, "complaints.problem.referral"));
	cmp_text_problem(s, pr, "alasan", reason, REASON_MAX,
	    refer || reject ? "complaints.problem.reason" : NULL);
	if ((row = load_for(s, id, false, e)) == NULL)
		return -1;
	if (refuse_unless(s, status_is(row, "new"), "complaints.problem.not_new", pr, e) < 0)
		goto fail;
	time_iso(s->now, now);
	cmp_state_of(row, &st);
	st.triaged_at = now;
	if (accept) {
		st.status = "in_progress";
		if (new_deadlines(s, row, &st, e) < 0)
			goto fail;
		kind = "accepted";
	} else {
		st.status = refer ? "referred" : "rejected";
		st.referred_to = refer ? referred_to : NULL;
		st.reason = reason;
		st.due_at = NULL;
		st.closed_at = now;
		kind = refer ? "referred" : "rejected";
	}
	return finish(s, row, &st, kind, accept ? "" : reason, true,
	    json_pack("{s:s, s:s?}", "decision", decision, "to", refer ? referred_to : NULL),
	    e);
fail:
	svc_rollback(s);
	json_decref(row);
	return -1;
}

int
complaint_respond(struct svc *s, int64_t id, bool internal, const char *text,
    struct svc_problems *pr, struct err *e)
{
	char now[TIME_ISO_LEN];
	struct cmp_state st;
	json_t *row = NULL;
	bool may;

	cmp_text_problem(s, pr, "teks", text, COMPLAINT_BODY_MAX, "complaints.problem.required");
	if ((row = load_for(s, id, true, e)) == NULL)
		return -1;
	/* A note while new, in progress or answered; an answer in progress. */
	may = internal ? status_is(row, "new") || status_is(row, "in_progress") ||
		status_is(row, "answered")
		       : status_is(row, "in_progress");
	if (refuse_unless(s, may, "complaints.problem.not_open", pr, e) < 0)
		goto fail;
	time_iso(s->now, now);
	cmp_state_of(row, &st);
	st.status = "answered";
	st.answered_at = now;
	st.due_at = NULL;
	return finish(s, row, internal ? NULL : &st, internal ? "note" : "answer", text,
	    !internal, json_pack("{s:b}", "internal", internal), e);
fail:
	svc_rollback(s);
	json_decref(row);
	return -1;
}

/* row's state closed at now: nothing is due on it any more. */
static void
closed_state(json_t *row, const char *now, struct cmp_state *st)
{
	cmp_state_of(row, st);
	st->status = "closed";
	st->closed_at = now;
	st->due_at = NULL;
}

int
complaint_confirm(struct svc *s, const char *code, struct err *e)
{
	char now[TIME_ISO_LEN];
	struct cmp_state st;
	json_t *row = NULL;

	if (svc_begin(s, e) < 0)
		return -1;
	if ((row = cmp_row_code(s, code, e)) == NULL)
		goto fail;
	if (refuse_unless(s, status_is(row, "answered"),
		"complaints.problem.not_answered", NULL, e) < 0)
		goto fail;
	closed_state(row, time_iso(s->now, now), &st);
	return finish(s, row, &st, "confirmed", "", true, json_object(), e);
fail:
	svc_rollback(s);
	json_decref(row);
	return -1;
}

int
complaint_reopen(struct svc *s, const char *code, const char *reason,
    struct svc_problems *pr, struct err *e)
{
	struct cmp_state st;
	json_t *row = NULL;

	cmp_text_problem(s, pr, "alasan", reason, REASON_MAX, "complaints.problem.reason");
	if (svc_begin(s, e) < 0)
		return -1;
	if ((row = cmp_row_code(s, code, e)) == NULL)
		goto fail;
	if (refuse_unless(s, json_integer_value(json_object_get(row, "reopened")) == 0,
		"complaints.problem.reopened", NULL, e) < 0 ||
	    refuse_unless(s, status_is(row, "answered") || status_is(row, "closed"),
		"complaints.problem.not_answered", pr, e) < 0)
		goto fail;
	cmp_state_of(row, &st);
	st.status = "in_progress";
	st.closed_at = NULL;
	st.answered_at = NULL;
	st.reopened = 1;
	if (new_deadlines(s, row, &st, e) < 0)
		goto fail;
	return finish(s, row, &st, "reopened", reason, true, json_object(), e);
fail:
	svc_rollback(s);
	json_decref(row);
	return -1;
}

int
complaint_auto_close(struct svc *caller, int *closed, struct err *e)
{
	char before[TIME_ISO_LEN], now[TIME_ISO_LEN];
	int days[DAYS_MAX], n = 0;
	json_t *ids = NULL, *it, *row;
	struct cmp_state st;
	struct svc sys = *caller, *s = &sys;
	size_t i;

	/* The system closes, whoever happened to read the list. */
	sys.actor = "sistem";
	sys.actor_id = 0;

	if (closed != NULL)
		*closed = 0;
	if (complaint_days(s, days, e) < 0)
		return -1;
	time_iso(s->now - (time_t)days[DAYS_AUTO_CLOSE] * 86400, before);
	if (db_exec(s->c, DB_COMPLAINT_AUTO_CLOSE_DUE,
		(struct db_param[]){ DBP_TEXT(before) }, 1, &ids, e) < 0)
		return -1;
	time_iso(s->now, now);
	json_array_foreach(ids, i, it) {
		if (svc_begin(s, e) < 0)
			break;
		row = cmp_row_id(s, DB_COMPLAINT_ROW,
		    json_integer_value(json_object_get(it, "id")), e);
		if (row == NULL || !status_is(row, "answered")) {
			json_decref(row);
			svc_rollback(s);
			continue;
		}
		closed_state(row, now, &st);
		if (finish(s, row, &st, "auto_closed", "", true,
			json_pack("{s:i}", "days", days[DAYS_AUTO_CLOSE]), e) == 0)
			n++;
	}
	json_decref(ids);
	if (closed != NULL)
		*closed = n;
	return 0;
}

/* The rows of a scoped list statement (caller's scope, then extra). */
static json_t *
scoped(struct svc *s, enum db_stmt st, struct db_param extra[2], size_t nextra, struct err *e)
{
	struct db_param p[REGISTRY_SCOPE_PARAMS + 2];
	json_t *rows = NULL, *r;
	size_t i;

	if (registry_scope_params(s->who, s->arena, p) < 0) {
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	for (i = 0; i < nextra; i++)
		p[REGISTRY_SCOPE_PARAMS + i] = extra[i];
	if (db_exec(s->c, st, p, REGISTRY_SCOPE_PARAMS + nextra, &rows, e) < 0)
		return NULL;
	/* The scope reaches a verifier's assigned unit too; the rows are
	 * those the caller may read. */
	for (i = json_array_size(rows); i-- > 0;) {
		struct cmp_rights rt;

		cmp_rights_of(s, json_array_get(rows, i), &rt);
		if (!rt.view)
			json_array_remove(rows, i);
	}
	json_array_foreach(rows, i, r)
		cmp_describe(s, r);
	return rows;
}

json_t *
complaint_list(struct svc *s, const char *status, struct err *e)
{
	struct db_param x[2] = { status ? DBP_TEXT(status) : DBP_NULL, DBP_INT(300) };

	if (complaint_auto_close(s, NULL, e) < 0)
		return NULL;
	return scoped(s, DB_COMPLAINT_LIST, x, 2, e);
}

json_t *
complaint_overdue(struct svc *s, struct err *e)
{
	char now[TIME_ISO_LEN];
	struct db_param x[2];

	time_iso(s->now, now);
	x[0] = DBP_TEXT(now);
	return scoped(s, DB_COMPLAINT_OVERDUE, x, 1, e);
}

json_t *
complaint_overdue_units(struct svc *s, const struct db_param scope[4], struct err *e)
{
	char now[TIME_ISO_LEN];
	struct db_param p[5];
	json_t *rows = NULL;

	time_iso(s->now, now);
	memcpy(p, scope, 4 * sizeof(*p));
	p[4] = DBP_TEXT(now);
	return db_exec(s->c, DB_COMPLAINT_OVERDUE_UNITS, p, 5, &rows, e) < 0 ? NULL : rows;
}

int
complaint_overdue_count(struct svc *s, int64_t unit_id, int64_t *n, struct err *e)
{
	char now[TIME_ISO_LEN];

	time_iso(s->now, now);
	if (db_exec_int(s->c, DB_COMPLAINT_OVERDUE_UNIT,
		(struct db_param[]){ DBP_INT(unit_id), DBP_TEXT(now) }, 2, "n", n, e) < 0)
		return -1;
	return 0;
}

json_t *
complaint_unresolved(struct svc *s, int64_t unit_id, int year, struct err *e)
{
	char now[TIME_ISO_LEN];
	json_t *rows = NULL, *r;
	size_t i;

	time_iso(s->now, now);
	if (db_exec(s->c, DB_COMPLAINT_UNRESOLVED,
		(struct db_param[]){ DBP_INT(unit_id), DBP_INT(year), DBP_TEXT(now) }, 3,
		&rows, e) < 0)
		return NULL;
	json_array_foreach(rows, i, r)
		cmp_describe(s, r);
	return rows;
}
