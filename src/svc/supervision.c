/*
 * supervision.c - guidance and supervision: loading what a participation's
 * supervision holds, and the regional office's visits, findings, actions
 * and reviews and the unit's answers (see supervision.h).
 */
#include <stdio.h>
#include <string.h>

#include "base/code.h"
#include "base/str.h"
#include "base/timefmt.h"
#include "svc/audit.h"
#include "svc/supervision.h"

static const char *const severities[SEVERITY_MAX] = { SEVERITY_LIST(CODE_ENTRY) };
static const char *const statuses[ACTION_STATUS_MAX] = { ACTION_STATUS_LIST(CODE_ENTRY) };

CODE_FUNCTIONS(severity, enum severity, severities, SEVERITY_MAX)

CODE_NAME_FUNCTION(action_status, enum action_status, statuses, ACTION_STATUS_MAX)

/* id of row (an integer column), 0 when absent. */
static int64_t
id_of(json_t *row, const char *key)
{
	return json_integer_value(json_object_get(row, key));
}

/* Move each row of children under the row of parents whose "id" is the
 * child's key, into the parent's array name (made empty for every
 * parent). */
static void
nest(json_t *parents, const char *name, json_t *children, const char *key)
{
	json_t *p, *c;
	size_t i, j;

	json_array_foreach(parents, i, p) {
		json_t *list = json_array();

		json_array_foreach(children, j, c)
			if (id_of(c, key) == id_of(p, "id"))
				json_array_append(list, c);
		json_object_set_new(p, name, list);
	}
}

/* The rows of st for participation pid into *out. */
static int
rows_of(struct svc *s, enum db_stmt st, int64_t pid, json_t **out, struct err *e)
{
	return db_exec(s->c, st, (struct db_param[]){ DBP_INT(pid) }, 1, out, e);
}

int
supervision_load(struct svc *s, int64_t pid, struct supervision *v, struct err *e)
{
	json_t *findings = NULL, *steps = NULL, *files = NULL, *award = NULL, *a;
	char now[TIME_ISO_LEN];
	size_t i;
	int rc = -1;

	memset(v, 0, sizeof(*v));
	if (participation_load(s, pid, &v->p, e) < 0 ||
	    rows_of(s, DB_SUPERVISION_VISITS, pid, &v->visits, e) < 0 ||
	    rows_of(s, DB_SUPERVISION_FINDINGS, pid, &findings, e) < 0 ||
	    rows_of(s, DB_SUPERVISION_ACTIONS, pid, &v->actions, e) < 0 ||
	    rows_of(s, DB_SUPERVISION_STEPS, pid, &steps, e) < 0 ||
	    rows_of(s, DB_SUPERVISION_STEP_FILES, pid, &files, e) < 0 ||
	    rows_of(s, DB_REVOCATION_AWARD_GET, pid, &award, e) < 0 ||
	    rows_of(s, DB_REVOCATION_EVENTS, pid, &v->events, e) < 0)
		goto out;
	time_iso(s->now, now);
	files_describe(s, files);
	nest(steps, "files", files, "step_id");
	json_array_foreach(v->actions, i, a) {
		const char *due = json_string_value(json_object_get(a, "due_at"));
		bool late = strcmp(json_string_value(json_object_get(a, "status")),
				"closed") != 0 &&
		    due != NULL && strcmp(due, now) < 0;

		json_object_set_new(a, "overdue", json_boolean(late));
		v->overdue += late;
	}
	nest(v->actions, "steps", steps, "action_id");
	nest(findings, "actions", v->actions, "finding_id");
	nest(v->visits, "findings", findings, "visit_id");
	v->award = json_incref(json_array_get(award, 0));
	rc = 0;
out:
	json_decref(findings);
	json_decref(steps);
	json_decref(files);
	json_decref(award);
	return rc;
}

void
supervision_free(struct supervision *v)
{
	json_decref(v->visits);
	json_decref(v->actions);
	json_decref(v->award);
	json_decref(v->events);
	memset(v, 0, sizeof(*v));
}

/* Text t of field, required, at most max characters; else a problem. */
static void
need_text(struct svc *s, struct svc_problems *pr, const char *field, const char *t, size_t max)
{
	if (str_blank(t))
		svc_problem(pr, field, svc_msg(s, "supervision.problem.required"));
	else if (!utf8_valid(t, strlen(t)) || utf8_chars(t) > max)
		svc_problem(pr, field, svc_msg(s, "supervision.problem.too_long"));
}

/*
 * Load participation pid and guard t on it; with pr given, also ask that
 * pr holds no problem (refused then). The first check of every write,
 * again inside its transaction.
 */
static int
guarded(struct svc *s, int64_t pid, enum transition t, struct participation *p,
    struct machine_step *step, const struct svc_problems *pr, struct err *e)
{
	if (participation_load(s, pid, p, e) < 0 ||
	    participation_guard(s, p, t, false, step, e) < 0)
		return -1;
	return pr != NULL && pr->count > 0 ? svc_refuse(pr, e) : 0;
}

/* The id of the single row an INSERT ... RETURNING id gave, or 0. */
static int64_t
returned_id(json_t *rows)
{
	int64_t id = id_of(json_array_get(rows, 0), "id");

	json_decref(rows);
	return id;
}

/*
 * The tail of every write: the transition (timeline entry with note and
 * its audit entry), the write's own audit entry (action on object type
 * and id with summary, stolen), and the commit.
 */
static int
finish(struct svc *s, struct participation *p, enum transition t,
    const struct machine_step *step, const char *note, const char *action,
    const char *type, int64_t id, json_t *summary, struct err *e)
{
	if (participation_apply(s, p, t, step, note, e) < 0) {
		json_decref(summary);
		svc_rollback(s);
		return -1;
	}
	return svc_audit_commit(s, action, type, id, summary, e);
}

/* Run an insert st of n params that returns the new id into *id; 404 when
 * it inserted nothing (the parent is not the participation's). */
static int
insert(struct svc *s, enum db_stmt st, const struct db_param *prm, size_t n, int64_t *id,
    struct err *e)
{
	json_t *rows = NULL;

	if (db_exec(s->c, st, prm, n, &rows, e) < 0)
		return -1;
	if ((*id = returned_id(rows)) == 0) {
		err_set(e, ERR_NOT_FOUND, "%s", svc_msg(s, "supervision.problem.not_found"));
		return -1;
	}
	return 0;
}

#define ACTOR(s) ((s)->actor_id > 0 ? DBP_INT((s)->actor_id) : DBP_NULL)
/* Input text as a parameter: the statements are built before the checks
 * refuse a missing field. */
#define TXT(v) DBP_TEXT((v) != NULL ? (v) : "")

/* A new row of the regional office's (TR_SUPERVISE): insert st with its n
 * parameters, the timeline's note, the audit entry's action and summary
 * (stolen; the new row's id is added as "id"). */
struct new_row {
	enum db_stmt st;
	const struct db_param *prm;
	size_t n;
	const char *note;
	const char *action;
	json_t *summary;
};

/* Write w for participation pid in a transaction of its own, refused
 * while pr holds problems; *id (may be NULL) receives the new row's id. */
static int
add_row(struct svc *s, int64_t pid, const struct svc_problems *pr,
    const struct new_row *w, int64_t *id, struct err *e)
{
	struct participation p;
	struct machine_step step;
	int64_t nid;

	if (svc_begin(s, e) < 0) {
		json_decref(w->summary);
		return -1;
	}
	if (guarded(s, pid, TR_SUPERVISE, &p, &step, pr, e) < 0 ||
	    insert(s, w->st, w->prm, w->n, &nid, e) < 0) {
		svc_rollback(s);
		json_decref(w->summary);
		return -1;
	}
	if (id != NULL)
		*id = nid;
	json_object_set_new(w->summary, "id", json_integer(nid));
	return finish(s, &p, TR_SUPERVISE, &step, w->note, w->action, "participation",
	    p.id, w->summary, e);
}

int
supervision_visit(struct svc *s, const struct sup_visit_in *in, struct svc_problems *pr,
    int64_t *id, struct err *e)
{
	struct participation p;
	struct machine_step step;
	char today[TIME_DATE_LEN], now[TIME_ISO_LEN];
	time_t t;

	if (guarded(s, in->participation, TR_SUPERVISE, &p, &step, NULL, e) < 0)
		return -1;
	if (cycle_date_end(in->date, p.tz, &t) < 0 ||
	    strcmp(in->date, participation_today(&p, s->now, today)) > 0)
		svc_problem(pr, "tanggal", svc_msg(s, "supervision.problem.visit_date"));
	need_text(s, pr, "petugas", in->officers, SUP_LINE_MAX);
	need_text(s, pr, "ringkasan", in->summary, SUP_TEXT_MAX);
	time_iso(s->now, now);
	return add_row(s, in->participation, pr,
	    &(struct new_row){ DB_SUPERVISION_VISIT_ADD,
		(struct db_param[]){ DBP_INT(p.id), TXT(in->date), TXT(in->officers),
		    TXT(in->summary), ACTOR(s), DBP_TEXT(now),
		    in->recorded_offline_at ? DBP_TEXT(in->recorded_offline_at) : DBP_NULL },
		7, in->date, "supervision.visit",
		in->recorded_offline_at == NULL
		    ? json_pack("{s:s}", "date", in->date)
		    : json_pack("{s:s, s:s}", "date", in->date, "recorded_offline_at",
			  in->recorded_offline_at) },
	    id, e);
}

int
supervision_finding(struct svc *s, const struct sup_finding_in *in,
    struct svc_problems *pr, int64_t *id, struct err *e)
{
	char now[TIME_ISO_LEN];

	if (code_find(severities, SEVERITY_MAX, in->severity) == SEVERITY_MAX)
		svc_problem(pr, "tingkat", svc_msg(s, "supervision.problem.severity"));
	need_text(s, pr, "uraian", in->description, SUP_TEXT_MAX);
	time_iso(s->now, now);
	return add_row(s, in->participation, pr,
	    &(struct new_row){ DB_SUPERVISION_FINDING_ADD,
		(struct db_param[]){ DBP_INT(in->visit), DBP_INT(in->participation),
		    TXT(in->severity), TXT(in->description), ACTOR(s), DBP_TEXT(now) },
		6, in->description, "supervision.finding",
		json_pack("{s:I, s:s}", "visit", (json_int_t)in->visit, "severity",
		    in->severity ? in->severity : "") },
	    id, e);
}

int
supervision_action(struct svc *s, const struct sup_action_in *in, struct svc_problems *pr,
    int64_t *id, struct err *e)
{
	struct participation p;
	struct machine_step step;
	char today[TIME_DATE_LEN], now[TIME_ISO_LEN], due[TIME_ISO_LEN];
	time_t t = 0;

	if (guarded(s, in->participation, TR_SUPERVISE, &p, &step, NULL, e) < 0)
		return -1;
	need_text(s, pr, "uraian", in->description, SUP_TEXT_MAX);
	need_text(s, pr, "penanggung_jawab", in->owner, SUP_LINE_MAX);
	if (cycle_date_end(in->due_date, p.tz, &t) < 0 ||
	    strcmp(in->due_date, participation_today(&p, s->now, today)) < 0)
		svc_problem(pr, "tenggat", svc_msg(s, "supervision.problem.due_date"));
	time_iso(t, due);
	time_iso(s->now, now);
	return add_row(s, in->participation, pr,
	    &(struct new_row){ DB_SUPERVISION_ACTION_ADD,
		(struct db_param[]){ DBP_INT(in->finding), DBP_INT(p.id),
		    TXT(in->description), TXT(in->owner), TXT(in->due_date),
		    DBP_TEXT(due), ACTOR(s), DBP_TEXT(now) },
		8, in->description, "supervision.action",
		json_pack("{s:I, s:s}", "finding", (json_int_t)in->finding, "due_date",
		    in->due_date) },
	    id, e);
}

/* Action aid of participation pid moved from status from to to (closing
 * it when to is closed), with a step of kind and body; *step_id receives
 * the step. 404 for an action of another participation, 409 when it does
 * not stand at from. */
static int
move_action(struct svc *s, int64_t pid, int64_t aid, enum action_status from,
    enum action_status to, const char *kind, const char *body, int64_t *step_id, struct err *e)
{
	char now[TIME_ISO_LEN];
	json_t *rows = NULL;
	int64_t owner;

	time_iso(s->now, now);
	if (db_exec(s->c, DB_SUPERVISION_ACTION_GET, (struct db_param[]){ DBP_INT(aid) },
		1, &rows, e) < 0)
		return -1;
	owner = id_of(json_array_get(rows, 0), "participation_id");
	json_decref(rows);
	if (owner != pid) {
		err_set(e, ERR_NOT_FOUND, "%s", svc_msg(s, "supervision.problem.not_found"));
		return -1;
	}
	if (db_exec(s->c, DB_SUPERVISION_ACTION_MOVE,
		(struct db_param[]){ DBP_INT(aid), DBP_TEXT(action_status_code(from)),
		    DBP_TEXT(action_status_code(to)), to == ACTION_CLOSED ? ACTOR(s) : DBP_NULL,
		    to == ACTION_CLOSED ? DBP_TEXT(now) : DBP_NULL },
		5, &rows, e) < 0)
		return -1;
	if (returned_id(rows) == 0) {
		char key[64];

		snprintf(key, sizeof(key), "supervision.problem.not_%s",
		    action_status_code(from));
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, key));
		return -1;
	}
	return insert(s, DB_SUPERVISION_STEP_ADD,
	    (struct db_param[]){ DBP_INT(aid), DBP_TEXT(kind), DBP_TEXT(body), ACTOR(s),
		DBP_TEXT(now) },
	    5, step_id, e);
}

int
supervision_answer(struct svc *s, const struct sup_answer_in *in, struct svc_problems *pr,
    bool *upload_refused, struct err *e)
{
	struct file_place place = { .participation = in->participation,
		.purpose = FILE_EVIDENCE };
	struct participation p;
	struct machine_step step;
	struct stored_file sf;
	int64_t step_id;
	size_t i;

	if (upload_refused != NULL)
		*upload_refused = false;
	if (guarded(s, in->participation, TR_FOLLOW_UP, &p, &step, NULL, e) < 0)
		return -1;
	need_text(s, pr, "jawaban", in->text, SUP_TEXT_MAX);
	if (pr->count > 0)
		return svc_refuse(pr, e);
	/* Every file is checked and stored before the transaction. */
	for (i = 0; i < in->file_count; i++)
		if (files_keep(s, &in->files[i], FILE_EVIDENCE, e) < 0) {
			if (upload_refused != NULL)
				*upload_refused = e->status == 422;
			return -1;
		}
	if (svc_begin(s, e) < 0)
		return -1;
	if (guarded(s, in->participation, TR_FOLLOW_UP, &p, &step, NULL, e) < 0 ||
	    move_action(s, p.id, in->action, ACTION_OPEN, ACTION_ANSWERED, "answer",
		in->text, &step_id, e) < 0)
		goto fail;
	for (i = 0; i < in->file_count; i++)
		if (files_accept(s, &place, &in->files[i], &sf, e) < 0 ||
		    db_exec(s->c, DB_SUPERVISION_STEP_FILE_ADD,
			(struct db_param[]){ DBP_INT(step_id), DBP_INT(sf.id) }, 2, NULL, e) < 0)
			goto fail;
	return finish(s, &p, TR_FOLLOW_UP, &step, in->text, "supervision.answer",
	    "supervision_action", in->action,
	    json_pack("{s:I, s:I}", "participation", (json_int_t)p.id, "files",
		(json_int_t)in->file_count),
	    e);
fail:
	svc_rollback(s);
	return -1;
}

int
supervision_review(struct svc *s, int64_t pid, int64_t action, bool close,
    const char *note, struct svc_problems *pr, struct err *e)
{
	struct participation p;
	struct machine_step step;
	int64_t step_id;

	/* Sending back says why; a closing may say something. */
	if (!close || !str_blank(note))
		need_text(s, pr, "catatan", note, SUP_LINE_MAX);
	if (svc_begin(s, e) < 0)
		return -1;
	if (guarded(s, pid, TR_SUPERVISE, &p, &step, pr, e) < 0 ||
	    move_action(s, pid, action, ACTION_ANSWERED, close ? ACTION_CLOSED : ACTION_OPEN,
		close ? "close" : "send_back", note != NULL ? note : "", &step_id, e) < 0) {
		svc_rollback(s);
		return -1;
	}
	return finish(s, &p, TR_SUPERVISE, &step, note,
	    close ? "supervision.close" : "supervision.send_back", "supervision_action",
	    action, json_pack("{s:I}", "participation", (json_int_t)pid), e);
}

json_t *
supervision_overdue(struct svc *s, const struct db_param scope[4], int64_t unit_id,
    struct err *e)
{
	char now[TIME_ISO_LEN];
	json_t *rows = NULL;
	struct db_param prm[5];

	time_iso(s->now, now);
	if (scope == NULL) {
		if (db_exec(s->c, DB_SUPERVISION_OVERDUE_UNIT,
			(struct db_param[]){ DBP_INT(unit_id), DBP_TEXT(now) }, 2, &rows, e) < 0)
			return NULL;
		return rows;
	}
	memcpy(prm, scope, 4 * sizeof(*prm));
	prm[4] = DBP_TEXT(now);
	if (db_exec(s->c, DB_SUPERVISION_OVERDUE, prm, 5, &rows, e) < 0)
		return NULL;
	return rows;
}
