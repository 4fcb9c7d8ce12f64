/*
 * assignments.c - verifiers and assessors assigned to participations, each
 * assignment riding on its role grant (see assignments.h).
 */
#include <stdio.h>
#include <string.h>

#include "svc/assignments.h"
#include "svc/audit.h"
#include "base/timefmt.h"
#include "core/region.h"

/* Who is being assigned, as the policy needs to know them. */
struct assignee {
	int64_t id;
	const char *name;
	int home_province;
	int64_t home_organization;
};

static const char *
msg(struct svc *s, const char *key)
{
	return svc_msg(s, key);
}

/* The user whose address is email into *a; 422 when there is none. */
static int
assignee_find(struct svc *s, const char *email, struct assignee *a, struct err *e)
{
	json_t *rows = NULL, *row;

	memset(a, 0, sizeof(*a));
	if (email == NULL || email[0] == '\0' || svc_user_id(s, email, &a->id, e) < 0)
		goto none;
	if (a->id == 0)
		goto none;
	if (db_exec(s->c, DB_USER_GET, (struct db_param[]){ DBP_INT(a->id) }, 1, &rows, e) < 0)
		return -1;
	row = json_array_get(rows, 0);
	a->name = arena_strdup(s->arena,
	    json_string_value(json_object_get(row, "full_name"))
		? json_string_value(json_object_get(row, "full_name"))
		: email);
	a->home_province = (int)json_integer_value(json_object_get(row, "home_province"));
	a->home_organization = json_integer_value(json_object_get(row, "home_organization"));
	json_decref(rows);
	return 0;
none:
	if (e->kind == ERR_NONE || a->id == 0)
		err_set(e, ERR_INVALID, "%s",
		    i18n_subst(s->arena, msg(s, "assessment.assign.no_user"), "email",
			email ? email : "", (const char *)NULL));
	return -1;
}

static const char *
role_label(struct svc *s, enum role r)
{
	char key[64];

	snprintf(key, sizeof(key), "assessment.role.%s", role_code(r));
	return msg(s, key);
}

/* The grant an assignment of role on p holds. */
static struct grant
grant_of(enum role r, const struct participation *p)
{
	return (struct grant){ .role = r,
		.scope = SCOPE_PARTICIPATION,
		.scope_id = p->id,
		.where = p->ref.at };
}

/* May s's actor give (or take) role on p to a? 403 when not. */
static int
may_assign(struct svc *s, enum role r, const struct participation *p,
    const struct assignee *a, struct err *e)
{
	struct grant g = grant_of(r, p);

	if (r != ROLE_VERIFIER && r != ROLE_ASSESSOR) {
		err_set(e, ERR_INVALID, "%s", msg(s, "assessment.assign.bad_role"));
		return -1;
	}
	if (!policy_may_grant(s->who, &g, a != NULL ? a->id : 0)) {
		err_set(e, ERR_DENIED, "%s", msg(s, "assessment.assign.denied"));
		return -1;
	}
	return 0;
}

/*
 * Why a may not take role on p, or NULL: p outside the assessment's
 * verification, the verifier's conflict of interest as the policy sees it
 * (their own province or organization), or an active assignment already.
 */
static const char *
refusal(struct svc *s, enum role r, const struct participation *p,
    const struct assignee *a, struct err *e)
{
	struct grant g = grant_of(r, p);
	struct principal vp = { .user_id = a->id,
		.grants = &g,
		.grant_count = 1,
		.home_province = a->home_province,
		.home_organization = a->home_organization };
	json_t *rows = NULL;
	bool held;

	if (p->stage != STAGE_ASSESSMENT ||
	    !(p->state == PSTATE_EVIDENCE_OPEN || p->state == PSTATE_VERIFICATION ||
		p->state == PSTATE_REVISION ||
		(r == ROLE_ASSESSOR && p->state == PSTATE_SCORING)))
		return msg(s, "assessment.assign.state");
	if (r == ROLE_VERIFIER && policy_check(&vp, ACT_VERIFY, &p->ref) != POLICY_ALLOW) {
		if (a->home_province != 0 && a->home_province == p->province)
			return i18n_subst(s->arena,
			    msg(s, "assessment.assign.conflict_province"), "name",
			    a->name, "province", p->province_name, (const char *)NULL);
		return i18n_subst(s->arena, msg(s, "assessment.assign.conflict_organization"),
		    "name", a->name, "unit", p->unit_name, (const char *)NULL);
	}
	if (db_exec(s->c, DB_ASSIGNMENT_ACTIVE,
		(struct db_param[]){ DBP_INT(p->id), DBP_INT(a->id), DBP_TEXT(role_code(r)) },
		3, &rows, e) < 0)
		return NULL;
	held = json_array_size(rows) > 0;
	json_decref(rows);
	if (held)
		return i18n_subst(s->arena, msg(s, "assessment.assign.already"), "name",
		    a->name, (const char *)NULL);
	return NULL;
}

/* A due date is a day, not before today in p's zone. */
static int
due_valid(struct svc *s, const char *due, const struct participation *p, struct err *e)
{
	char today[TIME_DATE_LEN];

	if (!time_is_date(due)) {
		err_set(e, ERR_INVALID, "%s", msg(s, "assessment.assign.bad_due"));
		return -1;
	}
	if (p != NULL && strcmp(due, participation_today(p, s->now, today)) < 0) {
		err_set(e, ERR_INVALID, "%s", msg(s, "assessment.assign.past_due"));
		return -1;
	}
	return 0;
}

/* The assignment's writes on p, in the caller's transaction: the row, its
 * grant, the timeline entry. *id receives the row. */
static int
assign_write(struct svc *s, enum role r, const struct participation *p,
    const struct assignee *a, const char *due, int64_t *id, struct err *e)
{
	char now[TIME_ISO_LEN];
	json_t *rows = NULL;

	time_iso(s->now, now);
	if (db_exec_int(s->c, DB_ASSIGNMENT_INSERT,
		(struct db_param[]){ DBP_INT(p->id), DBP_INT(a->id),
		    DBP_TEXT(role_code(r)), DBP_TEXT(due),
		    s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(now) },
		6, "id", id, e) < 0)
		return -1;
	rows = NULL;
	if (db_exec(s->c, DB_GRANT_INSERT,
		(struct db_param[]){ DBP_INT(a->id), DBP_TEXT(role_code(r)),
		    DBP_TEXT("participation"), DBP_INT(p->id), DBP_INT(0),
		    s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(now) },
		7, &rows, e) < 0)
		return -1;
	json_decref(rows);
	return participation_event(s, p, "assign",
	    arena_printf(s->arena, "%s: %s", role_label(s, r), a->name), e);
}

int
assignments_add(struct svc *s, const struct assign_in *in, int64_t *id, struct err *e)
{
	struct participation p;
	struct assignee a;
	const char *why;
	int64_t aid = 0;
	int rc = -1;

	if (svc_begin(s, e) < 0)
		return -1;
	if (participation_load(s, in->participation, &p, e) < 0 ||
	    may_assign(s, in->role, &p, NULL, e) < 0 || assignee_find(s, in->email, &a, e) < 0 ||
	    may_assign(s, in->role, &p, &a, e) < 0 || due_valid(s, in->due_date, &p, e) < 0)
		goto end;
	err_clear(e);
	if ((why = refusal(s, in->role, &p, &a, e)) != NULL) {
		err_set(e, ERR_REFUSED, "%s", why);
		goto end;
	}
	if (e->kind != ERR_NONE ||
	    assign_write(s, in->role, &p, &a, in->due_date, &aid, e) < 0 ||
	    svc_audit_new(s, "assignment.create", "participation", p.id,
		json_pack("{s:I, s:I, s:s, s:s}", "assignment", (json_int_t)aid, "user",
		    (json_int_t)a.id, "role", role_code(in->role), "due_date", in->due_date),
		e) < 0)
		goto end;
	rc = 0;
end:
	if ((rc = svc_end(s, rc, e)) == 0 && id != NULL)
		*id = aid;
	return rc;
}

/* One participation of a bulk assignment into out's lists. */
static int
bulk_one(struct svc *s, const struct assign_bulk_in *in, const struct assignee *a,
    int64_t pid, json_t *out, struct err *e)
{
	struct participation p;
	const char *why;
	int64_t aid;

	if (participation_load(s, pid, &p, e) < 0)
		return -1;
	err_clear(e);
	why = refusal(s, in->role, &p, a, e);
	if (e->kind != ERR_NONE)
		return -1;
	if (why != NULL)
		return json_array_append_new(json_object_get(out, "refused"),
		    json_pack("{s:I, s:s, s:s}", "participation", (json_int_t)pid, "unit",
			p.unit_name, "reason", why));
	if (assign_write(s, in->role, &p, a, in->due_date, &aid, e) < 0 ||
	    svc_audit_new(s, "assignment.create", "participation", p.id,
		json_pack("{s:I, s:I, s:s, s:s, s:b}", "assignment", (json_int_t)aid,
		    "user", (json_int_t)a->id, "role", role_code(in->role), "due_date",
		    in->due_date, "bulk", 1),
		e) < 0)
		return -1;
	return json_array_append_new(json_object_get(out, "assigned"),
	    json_pack("{s:I, s:s, s:I}", "participation", (json_int_t)pid, "unit",
		p.unit_name, "assignment", (json_int_t)aid));
}

json_t *
assignments_bulk(struct svc *s, const struct assign_bulk_in *in, struct err *e)
{
	static const struct object_ref programme = { .type = OBJ_CYCLE };
	json_t *out = json_pack("{s:[], s:[]}", "assigned", "refused"), *rows = NULL, *row;
	struct participation none = { .tz = TZ_WIT };
	struct grant g = { .role = in->role, .scope = SCOPE_PARTICIPATION, .scope_id = 1 };
	struct assignee a;
	size_t i;

	if (out == NULL || svc_begin(s, e) < 0) {
		json_decref(out);
		return NULL;
	}
	/* Only who may give the grant anywhere, the programme's admin. */
	if (policy_check(s->who, ACT_CYCLE_MANAGE, &programme) != POLICY_ALLOW ||
	    !policy_may_grant(s->who, &g, 0)) {
		err_set(e, ERR_DENIED, "%s", msg(s, "assessment.assign.denied"));
		goto fail;
	}
	if (in->role != ROLE_VERIFIER && in->role != ROLE_ASSESSOR) {
		err_set(e, ERR_INVALID, "%s", msg(s, "assessment.assign.bad_role"));
		goto fail;
	}
	if (assignee_find(s, in->email, &a, e) < 0 || due_valid(s, in->due_date, &none, e) < 0 ||
	    db_exec(s->c, DB_ASSIGNMENT_CANDIDATES,
		(struct db_param[]){ DBP_INT(in->cycle),
		    in->province ? DBP_INT(in->province) : DBP_NULL,
		    in->unit_type && in->unit_type[0] ? DBP_TEXT(in->unit_type) : DBP_NULL },
		3, &rows, e) < 0)
		goto fail;
	json_array_foreach(rows, i, row)
		if (bulk_one(s, in, &a, json_integer_value(json_object_get(row, "id")),
			out, e) < 0)
			goto fail;
	if (svc_audit_commit(s, "assignment.bulk", "cycle", in->cycle,
		json_pack("{s:I, s:s, s:s, s:I, s:I}", "user", (json_int_t)a.id, "role",
		    role_code(in->role), "due_date", in->due_date, "assigned",
		    (json_int_t)json_array_size(json_object_get(out, "assigned")), "refused",
		    (json_int_t)json_array_size(json_object_get(out, "refused"))),
		e) < 0)
		goto fail;
	json_decref(rows);
	return out;
fail:
	svc_rollback(s);
	json_decref(rows);
	json_decref(out);
	return NULL;
}

/* Assignment id's row into *row (the caller owns it); 404 when none. */
static int
assignment_get(struct svc *s, int64_t id, json_t **row, struct err *e)
{
	*row = db_row(s->c, DB_ASSIGNMENT_GET, id, "assignment", e);
	return *row != NULL ? 0 : -1;
}

/* End assignment row with kind and reason, taking its grant. */
static int
end_write(struct svc *s, json_t *row, const char *kind, const char *reason,
    int64_t replaced_by, struct err *e)
{
	char now[TIME_ISO_LEN];
	json_t *rows = NULL;

	time_iso(s->now, now);
	if (svc_exec_one(s, DB_ASSIGNMENT_END,
		(struct db_param[]){ DBP_INT(json_integer_value(json_object_get(row, "id"))),
		    DBP_TEXT(now), s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(kind),
		    DBP_TEXT(reason), replaced_by ? DBP_INT(replaced_by) : DBP_NULL },
		6, "assessment.assign.ended", e) < 0)
		return -1;
	if (db_exec(s->c, DB_ASSIGNMENT_GRANT_DELETE,
		(struct db_param[]){ DBP_INT(json_integer_value(json_object_get(row, "user_id"))),
		    DBP_TEXT(json_string_value(json_object_get(row, "role"))),
		    DBP_INT(json_integer_value(json_object_get(row, "participation_id"))) },
		3, &rows, e) < 0)
		return -1;
	json_decref(rows);
	return 0;
}

int
assignments_replace(struct svc *s, int64_t id, const char *email, const char *reason,
    const char *due_date, int64_t *new_id, struct err *e)
{
	struct participation p;
	struct assignee a, old = { 0 };
	json_t *row = NULL;
	const char *why, *due;
	enum role r;
	int64_t aid = 0;
	int rc = -1;

	if (svc_begin(s, e) < 0)
		return -1;
	if (assignment_get(s, id, &row, e) < 0 ||
	    participation_load(s,
		json_integer_value(json_object_get(row, "participation_id")), &p, e) < 0)
		goto end;
	r = role_parse(json_string_value(json_object_get(row, "role")));
	old.id = json_integer_value(json_object_get(row, "user_id"));
	due = due_date && due_date[0] ? due_date
				      : json_string_value(json_object_get(row, "due_date"));
	if (may_assign(s, r, &p, &old, e) < 0)
		goto end;
	if (reason == NULL || reason[0] == '\0') {
		err_set(e, ERR_INVALID, "%s", msg(s, "assessment.assign.reason_required"));
		goto end;
	}
	if (!json_is_null(json_object_get(row, "ended_at"))) {
		err_set(e, ERR_REFUSED, "%s", msg(s, "assessment.assign.ended"));
		goto end;
	}
	if (assignee_find(s, email, &a, e) < 0 || may_assign(s, r, &p, &a, e) < 0 ||
	    due_valid(s, due, &p, e) < 0)
		goto end;
	err_clear(e);
	if ((why = refusal(s, r, &p, &a, e)) != NULL || e->kind != ERR_NONE) {
		if (why != NULL)
			err_set(e, ERR_REFUSED, "%s", why);
		goto end;
	}
	if (assign_write(s, r, &p, &a, due, &aid, e) < 0 ||
	    end_write(s, row, "replaced", reason, aid, e) < 0 ||
	    participation_event_audit(s, &p, "assign_end",
		arena_printf(s->arena, "%s: %s — %s", role_label(s, r),
		    json_string_value(json_object_get(row, "user_name")), reason),
		"assignment.replace",
		json_pack("{s:I, s:I, s:I, s:s}", "assignment", (json_int_t)id, "replacement",
		    (json_int_t)aid, "user", (json_int_t)a.id, "reason", reason),
		e) < 0)
		goto end;
	rc = 0;
end:
	json_decref(row);
	if ((rc = svc_end(s, rc, e)) == 0 && new_id != NULL)
		*new_id = aid;
	return rc;
}

const char *
assignments_statement(enum lang l)
{
	return i18n_get(l, "assessment.assign.statement");
}

int
assignments_answer(struct svc *s, int64_t id, bool recuse, const char *reason, struct err *e)
{
	struct participation p;
	json_t *row = NULL;
	char now[TIME_ISO_LEN];
	const char *statement = assignments_statement(s->lang);
	int rc = -1;

	if (svc_begin(s, e) < 0)
		return -1;
	if (assignment_get(s, id, &row, e) < 0)
		goto end;
	if (json_integer_value(json_object_get(row, "user_id")) != s->actor_id ||
	    s->actor_id == 0) {
		err_set(e, ERR_NOT_FOUND, "not the caller's assignment");
		goto end;
	}
	if (participation_load(s,
		json_integer_value(json_object_get(row, "participation_id")), &p, e) < 0)
		goto end;
	if (role_parse(json_string_value(json_object_get(row, "role"))) != ROLE_ASSESSOR) {
		err_set(e, ERR_REFUSED, "%s", msg(s, "assessment.answer.assessor_only"));
		goto end;
	}
	if (recuse && (reason == NULL || reason[0] == '\0')) {
		err_set(e, ERR_INVALID, "%s", msg(s, "assessment.answer.reason_required"));
		goto end;
	}
	time_iso(s->now, now);
	if (svc_exec_one(s, DB_ASSIGNMENT_ANSWER,
		(struct db_param[]){ DBP_INT(id), DBP_TEXT(recuse ? "recused" : "no_conflict"),
		    recuse ? DBP_NULL : DBP_TEXT(statement),
		    recuse ? DBP_TEXT(reason) : DBP_NULL, DBP_TEXT(now) },
		5, "assessment.answer.already", e) < 0)
		goto end;
	if ((recuse && end_write(s, row, "recused", reason, 0, e) < 0) ||
	    participation_event_audit(s, &p, recuse ? "assessor_recuse" : "assessor_declare",
		recuse ? reason : NULL, recuse ? "assignment.recuse" : "assignment.declare",
		json_pack("{s:I, s:s?}", "assignment", (json_int_t)id, "reason",
		    recuse ? reason : NULL),
		e) < 0)
		goto end;
	rc = 0;
end:
	json_decref(row);
	return svc_end(s, rc, e);
}

bool
assignments_holds(struct svc *s, int64_t pid, enum role role)
{
	json_t *rows = NULL;
	struct err e;
	bool held;

	err_clear(&e);
	if (db_exec(s->c, DB_ASSIGNMENT_ACTIVE,
		(struct db_param[]){ DBP_INT(pid), DBP_INT(s->actor_id),
		    DBP_TEXT(role_code(role)) },
		3, &rows, &e) < 0)
		return false;
	held = json_array_size(rows) > 0;
	json_decref(rows);
	return held;
}

/* A date as people read it in s->lang. */
static const char *
day_text(struct svc *s, const char *ymd)
{
	return time_date_text(s->arena, ymd, i18n_time_lang(s->lang));
}

/* An instant (ISO-8601 text in v) in p's zone, as people read it. */
static const char *
iso_text(struct svc *s, const struct participation *p, json_t *v)
{
	time_t t;

	if (!json_is_string(v) || time_parse_iso(json_string_value(v), &t) < 0)
		return "";
	return participation_time(s->arena, s->lang, p, t);
}

json_t *
assignments_list(struct svc *s, const struct participation *p, struct err *e)
{
	json_t *rows = NULL, *row, *v;
	char today[TIME_DATE_LEN];
	const char *due, *answer;
	size_t i;
	bool active, waiting;

	if (db_exec(s->c, DB_ASSIGNMENT_LIST, (struct db_param[]){ DBP_INT(p->id) }, 1,
		&rows, e) < 0)
		return NULL;
	participation_today(p, s->now, today);
	json_array_foreach(rows, i, row) {
		enum role r = role_parse(json_string_value(json_object_get(row, "role")));
		char key[64];

		due = json_string_value(json_object_get(row, "due_date"));
		answer = json_string_value(json_object_get(row, "answer"));
		active = json_is_null(json_object_get(row, "ended_at"));
		waiting = active && r == ROLE_ASSESSOR && answer == NULL;
		json_object_set_new(row, "role_label", json_string(role_label(s, r)));
		json_object_set_new(row, "due_text", json_string(day_text(s, due)));
		json_object_set_new(row, "active", json_boolean(active));
		json_object_set_new(row, "waiting", json_boolean(waiting));
		json_object_set_new(row, "overdue",
		    json_boolean(waiting && due != NULL && strcmp(due, today) < 0));
		json_object_set_new(row, "assigned_at_text",
		    json_string(iso_text(s, p, json_object_get(row, "assigned_at"))));
		if ((v = json_object_get(row, "ended_at")) != NULL && json_is_string(v))
			json_object_set_new(row, "ended_at_text",
			    json_string(iso_text(s, p, v)));
		if ((v = json_object_get(row, "answered_at")) != NULL && json_is_string(v))
			json_object_set_new(row, "answered_at_text",
			    json_string(iso_text(s, p, v)));
		snprintf(key, sizeof(key), "assessment.answer.%s",
		    answer ? answer : (r == ROLE_ASSESSOR ? "none" : "not_needed"));
		json_object_set_new(row, "answer_label", json_string(msg(s, key)));
		if (!active) {
			snprintf(key, sizeof(key), "assessment.assign.end.%s",
			    json_string_value(json_object_get(row, "end_kind")));
			json_object_set_new(row, "end_label", json_string(msg(s, key)));
		}
	}
	return rows;
}

/* What the assignee of row (role r) is to do next, and whether it waits
 * on them. */
static const char *
todo(struct svc *s, enum role r, enum pstate st, const char *answer, bool *waits)
{
	char key[80];

	*waits = false;
	if (r == ROLE_ASSESSOR && answer == NULL) {
		*waits = true;
		return msg(s, "assessment.todo.assessor.answer");
	}
	if (r == ROLE_VERIFIER)
		*waits = st == PSTATE_VERIFICATION;
	else
		*waits = st == PSTATE_SCORING;
	snprintf(key, sizeof(key), "assessment.todo.%s.%s", role_code(r), pstate_code(st));
	if (i18n_get(s->lang, key) == key)
		snprintf(key, sizeof(key), "assessment.todo.%s.other", role_code(r));
	return msg(s, key);
}

json_t *
assignments_mine(struct svc *s, struct err *e)
{
	json_t *rows = NULL, *row;
	char today[TIME_DATE_LEN], key[64];
	const struct province *prov;
	const char *due, *answer, *what;
	enum pstate st;
	enum role r;
	size_t i;
	bool waits;

	if (db_exec(s->c, DB_ASSIGNMENT_MINE, (struct db_param[]){ DBP_INT(s->actor_id) },
		1, &rows, e) < 0)
		return NULL;
	json_array_foreach(rows, i, row) {
		int64_t pid = json_integer_value(json_object_get(row, "participation_id"));

		r = role_parse(json_string_value(json_object_get(row, "role")));
		st = pstate_parse(json_string_value(json_object_get(row, "state")));
		due = json_string_value(json_object_get(row, "due_date"));
		answer = json_string_value(json_object_get(row, "answer"));
		prov = province_find(
		    (int)json_integer_value(json_object_get(row, "province_code")));
		time_local_date(s->now, tz_offset(prov ? prov->tz : TZ_WIB), today);
		what = todo(s, r, st, answer, &waits);
		snprintf(key, sizeof(key), "state.%s", pstate_code(st));
		json_object_set_new(row, "role_label", json_string(role_label(s, r)));
		json_object_set_new(row, "state_label", json_string(msg(s, key)));
		json_object_set_new(row, "todo", json_string(what));
		json_object_set_new(row, "waits", json_boolean(waits));
		json_object_set_new(row, "due_text", json_string(day_text(s, due)));
		json_object_set_new(row, "overdue",
		    json_boolean(waits && due != NULL && strcmp(due, today) < 0));
		json_object_set_new(row, "needs_answer",
		    json_boolean(r == ROLE_ASSESSOR && answer == NULL));
		json_object_set_new(row, "href",
		    json_string(arena_printf(s->arena, "/partisipasi/%lld/%s",
			(long long)pid, r == ROLE_VERIFIER ? "verifikasi" : "skor")));
	}
	return rows;
}
