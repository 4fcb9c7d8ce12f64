/*
 * plenary.c - the plenary session: opening it, settling disputed
 * indicators, recommending, and closing it with its minutes (see
 * plenary.h).
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "svc/audit.h"
#include "svc/document_words.h"
#include "svc/plenary.h"
#include "svc/scoring.h"

/* Text the person must give: present and not only spaces. */
static bool
given(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return true;
	return false;
}

static int
cycle_authorize(struct svc *s, int64_t cycle, struct err *e)
{
	struct object_ref ref = { .type = OBJ_CYCLE, .id = cycle };

	return svc_authorize(s, ACT_DECREE, &ref, e);
}

int
plenary_current(struct svc *s, int64_t cycle, json_t **row, struct err *e)
{
	json_t *rows = NULL, *first;

	*row = NULL;
	if (db_exec(s->c, DB_PLENARY_LIST, (struct db_param[]){ DBP_INT(cycle) }, 1,
		&rows, e) < 0)
		return -1;
	first = json_array_get(rows, 0);
	if (first != NULL && !json_is_string(json_object_get(first, "closed_at")))
		*row = json_incref(first);
	json_decref(rows);
	return 0;
}

json_t *
plenary_board(struct svc *s, int64_t cycle, int64_t plenary, struct err *e)
{
	json_t *rows = NULL, *out, *row;
	size_t i;

	if (db_exec(s->c, DB_PLENARY_BOARD,
		(struct db_param[]){ DBP_INT(cycle), DBP_INT(plenary) }, 2, &rows, e) < 0)
		return NULL;
	out = json_array();
	json_array_foreach(rows, i, row)
		json_array_append(out, json_object_get(row, "id"));
	json_decref(rows);
	return out;
}

int
plenary_open(struct svc *s, const struct plenary_in *in, struct svc_problems *pr, struct err *e)
{
	char now[TIME_ISO_LEN];
	json_t *open = NULL;
	int64_t pid = 0;
	size_t i, n = 0;

	if (!given(in->date))
		svc_problem(pr, "tanggal", svc_msg(s, "plenary.date_required"));
	if (!given(in->place))
		svc_problem(pr, "tempat", svc_msg(s, "plenary.place_required"));
	for (i = 0; i < in->attendee_count; i++)
		if (given(in->attendees[i].name) && given(in->attendees[i].role))
			n++;
		else if (given(in->attendees[i].name) || given(in->attendees[i].role))
			svc_problem(pr, "hadir", svc_msg(s, "plenary.attendee_half"));
	if (n == 0)
		svc_problem(pr, "hadir", svc_msg(s, "plenary.attendee_required"));
	if (cycle_authorize(s, in->cycle, e) < 0 || svc_begin(s, e) < 0)
		return -1;
	if (plenary_current(s, in->cycle, &open, e) < 0)
		goto fail;
	if (open != NULL) {
		json_decref(open);
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "plenary.already_open"));
		goto fail;
	}
	if (pr->count > 0)
		return svc_finish(s, pr, e);
	if (db_exec_int(s->c, DB_PLENARY_OPEN,
		(struct db_param[]){ DBP_INT(in->cycle), DBP_TEXT(in->date),
		    DBP_TEXT(in->place), s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL,
		    DBP_TEXT(time_iso(s->now, now)) },
		5, "id", &pid, e) < 0)
		goto fail;
	for (i = 0; i < in->attendee_count; i++)
		if (given(in->attendees[i].name) && given(in->attendees[i].role) &&
		    db_exec(s->c, DB_PLENARY_ATTENDEE_ADD,
			(struct db_param[]){ DBP_INT(pid), DBP_TEXT(in->attendees[i].name),
			    DBP_TEXT(in->attendees[i].role) },
			3, NULL, e) < 0)
			goto fail;
	return svc_audit_commit(s, "plenary.open", "cycle", in->cycle,
	    json_pack("{s:I, s:s, s:s, s:I}", "plenary", (json_int_t)pid, "date",
		in->date, "place", in->place, "attendees", (json_int_t)n),
	    e);
fail:
	svc_rollback(s);
	return -1;
}

/* The open session of a's cycle into *plenary, locked for the
 * transaction; 409 without one. */
static int
session_of(struct svc *s, const struct assessment *a, int64_t *plenary, struct err *e)
{
	if (db_exec_int(s->c, DB_PLENARY_OPEN_LOCK,
		(struct db_param[]){ DBP_INT(a->b.p.cycle_id) }, 1, "id", plenary, e) < 0)
		return -1;
	if (*plenary == 0) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "plenary.not_open"));
		return -1;
	}
	return 0;
}

/* A decision of the plenary on one participation, as both kinds load it. */
struct decision {
	struct assessment a;      /* the participation's assessment */
	struct machine_step step; /* the transition, guarded */
	int64_t plenary;          /* its cycle's open session */
	char now[TIME_ISO_LEN];   /* when it is taken */
};

/* Begin the write and load participation pid into d, unlocked, guarded
 * for t, with its cycle's open session. -1 with e; d goes to decision_end
 * either way. */
static int
decision_open(struct svc *s, int64_t pid, enum transition t, struct decision *d, struct err *e)
{
	memset(d, 0, sizeof(*d));
	time_iso(s->now, d->now);
	if (svc_begin(s, e) < 0 || assessment_load(s, pid, &d->a, e) < 0 ||
	    assessment_unlocked(s, pid, e) < 0 ||
	    participation_guard(s, &d->a.b.p, t, false, &d->step, e) < 0)
		return -1;
	return session_of(s, &d->a, &d->plenary, e);
}

/* End the decision d: rolled back when failed (e set), else committed
 * unless pr holds problems (svc_finish); d freed. 0 once committed. */
static int
decision_end(struct svc *s, struct decision *d, bool failed,
    const struct svc_problems *pr, struct err *e)
{
	int rc = -1;

	if (failed)
		svc_rollback(s);
	else
		rc = svc_finish(s, pr, e);
	assessment_free(&d->a);
	return rc;
}

int
plenary_settle(struct svc *s, int64_t pid, const char *indicator, const char *option,
    const char *reason, struct svc_problems *pr, struct err *e)
{
	const struct rb_indicator *ind = NULL;
	const struct rb_option *o = NULL;
	const struct assess_item *it;
	struct decision d;
	bool failed;

	if (decision_open(s, pid, TR_SETTLE, &d, e) < 0)
		return decision_end(s, &d, true, pr, e);
	if ((it = assessment_item(&d.a, indicator)) != NULL)
		ind = it->indicator;
	if (ind == NULL)
		svc_problem(pr, "indikator", svc_msg(s, "plenary.bad_indicator"));
	else if ((o = rulebook_option(ind, option)) == NULL)
		svc_problem(pr, "opsi", svc_msg(s, "scores.bad_option"));
	if (!given(reason))
		svc_problem(pr, "alasan", svc_msg(s, "plenary.reason_required"));
	failed = pr->count == 0 &&
	    (db_exec(s->c, DB_PLENARY_SCORE_ADD,
		 (struct db_param[]){ DBP_INT(d.plenary), DBP_INT(pid),
		     DBP_TEXT(ind->code), DBP_TEXT(o->code), DBP_TEXT(reason),
		     s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(d.now) },
		 7, NULL, e) < 0 ||
		participation_apply(s, &d.a.b.p, TR_SETTLE, &d.step,
		    arena_printf(s->arena, "%s: %s — %s", ind->code,
			rb_text_get(&o->label, RULEBOOK_LANG_ID), reason),
		    e) < 0 ||
		svc_audit_new(s, "score.settle", "participation", pid,
		    json_pack("{s:I, s:s, s:s, s:s}", "plenary", (json_int_t)d.plenary,
			"indicator", ind->code, "option", o->code, "reason", reason),
		    e) < 0);
	return decision_end(s, &d, failed, pr, e);
}

int
plenary_recommend(struct svc *s, int64_t pid, bool recommended, const char *reason,
    struct svc_problems *pr, struct err *e)
{
	enum transition t = recommended ? TR_RECOMMEND : TR_NOT_RECOMMEND;
	struct decision d;
	bool failed;

	if (decision_open(s, pid, t, &d, e) < 0)
		return decision_end(s, &d, true, pr, e);
	if (!given(reason))
		svc_problem(pr, "alasan", svc_msg(s, "plenary.reason_required"));
	failed = pr->count == 0 &&
	    (svc_exec_one(s, DB_RECOMMENDATION_ADD,
		 (struct db_param[]){ DBP_INT(pid), DBP_INT(d.plenary),
		     DBP_INT(recommended ? 1 : 0), DBP_TEXT(reason),
		     s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(d.now) },
		 6, "plenary.already_decided", e) < 0 ||
		participation_apply(s, &d.a.b.p, t, &d.step, reason, e) < 0);
	return decision_end(s, &d, failed, pr, e);
}
