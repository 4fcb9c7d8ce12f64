/*
 * scoring.c - the assessors' drafts and submissions, and the admin's
 * entries for the adjustments (see scoring.h).
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "svc/audit.h"
#include "svc/scoring.h"

static const char *
str(json_t *row, const char *key)
{
	const char *v = row ? json_string_value(json_object_get(row, key)) : NULL;

	return v ? v : "";
}

/*
 * Load pid and check that s's actor may score it now: not locked by the
 * minutes, the guard of TR_SCORE, an active assessor who declared no
 * conflict, whose sheet is not submitted. -1 with e.
 */
static int
scoring_open(struct svc *s, int64_t pid, struct assessment *a, struct machine_step *step,
    struct err *e)
{
	json_t *me;

	if (assessment_load(s, pid, a, e) < 0 || assessment_unlocked(s, pid, e) < 0 ||
	    participation_guard(s, &a->b.p, TR_SCORE, false, step, e) < 0)
		return -1;
	if ((me = assessment_assessor(a, s->actor_id)) == NULL) {
		err_set(e, ERR_DENIED, "%s", svc_msg(s, "scores.not_assessor"));
		return -1;
	}
	if (strcmp(str(me, "answer"), "no_conflict") != 0) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "scores.declare_first"));
		return -1;
	}
	if (json_is_string(json_object_get(me, "submitted_at"))) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "scores.already_submitted"));
		return -1;
	}
	return 0;
}

/* Check in[i] against a; a problem in pr, else true. */
static bool
score_valid(struct svc *s, const struct assessment *a, const struct score_in *in,
    struct svc_problems *pr)
{
	const struct assess_item *it = assessment_item(a, in->indicator);
	const char *field = arena_printf(s->arena, "nilai.%s",
	    in->indicator ? in->indicator : "");

	if (it == NULL || strcmp(it->verdict, "verified") != 0) {
		svc_problem(pr, field, svc_msg(s, "scores.not_verified"));
		return false;
	}
	if (in->option != NULL && in->option[0] != '\0' &&
	    rulebook_option(it->indicator, in->option) == NULL) {
		svc_problem(pr, field, svc_msg(s, "scores.bad_option"));
		return false;
	}
	return true;
}

/* Write the scores of in that change what is stored; *n receives how many. */
static int
write_scores(struct svc *s, const struct assessment *a, const struct score_in *in,
    size_t count, size_t *n, struct err *e)
{
	struct db_param p[6];
	char now[TIME_ISO_LEN];
	const char *opt, *just;
	json_t *old;
	size_t i;

	time_iso(s->now, now);
	*n = 0;
	if (db_exec(s->c, DB_SCORING_SHEET_START,
		(struct db_param[]){ DBP_INT(a->b.p.id), DBP_INT(s->actor_id), DBP_TEXT(now) },
		3, NULL, e) < 0)
		return -1;
	for (i = 0; i < count; i++) {
		opt = in[i].option ? in[i].option : "";
		just = in[i].justification ? in[i].justification : "";
		old = assessment_score(a, s->actor_id, in[i].indicator);
		if (old != NULL && strcmp(str(old, "option_code"), opt) == 0 &&
		    strcmp(str(old, "justification"), just) == 0)
			continue;
		if (old == NULL && opt[0] == '\0' && just[0] == '\0')
			continue;
		p[0] = DBP_INT(a->b.p.id);
		p[1] = DBP_INT(s->actor_id);
		p[2] = DBP_TEXT(in[i].indicator);
		p[3] = opt[0] ? DBP_TEXT(opt) : DBP_NULL;
		p[4] = DBP_TEXT(just);
		p[5] = DBP_TEXT(now);
		if (db_exec(s->c, DB_SCORING_SAVE, p, 6, NULL, e) < 0 ||
		    db_exec(s->c, DB_SCORING_HISTORY_ADD, p, 6, NULL, e) < 0)
			return -1;
		(*n)++;
	}
	return 0;
}

int
scoring_save(struct svc *s, int64_t pid, const struct score_in *in, size_t n,
    struct svc_problems *pr, struct err *e)
{
	struct machine_step step;
	struct assessment a;
	size_t i, k = 0;
	int rc = -1;

	if (svc_begin(s, e) < 0)
		return -1;
	if (scoring_open(s, pid, &a, &step, e) < 0)
		goto fail;
	for (i = 0; i < n; i++)
		score_valid(s, &a, &in[i], pr);
	if (pr->count == 0 && write_scores(s, &a, in, n, &k, e) < 0)
		goto fail;
	if (pr->count == 0 && k > 0 &&
	    participation_event_audit(s, &a.b.p, "score", arena_printf(s->arena, "%zu", k),
		"score.save", json_pack("{s:I}", "changed", (json_int_t)k), e) < 0)
		goto fail;
	rc = svc_finish(s, pr, e);
	goto out;
fail:
	svc_rollback(s);
out:
	assessment_free(&a);
	return rc;
}

/* The verified indicators a's actor left without a score or reason, as
 * one phrase into b; how many. */
static size_t
unfinished(struct svc *s, const struct assessment *a, struct buf *b)
{
	enum rulebook_lang rl = s->lang == LANG_EN ? RULEBOOK_LANG_EN : RULEBOOK_LANG_ID;
	size_t i, n = 0;
	json_t *sc;

	for (i = 0; i < a->item_count; i++) {
		const struct assess_item *it = &a->items[i];

		if (strcmp(it->verdict, "verified") != 0)
			continue;
		sc = assessment_score(a, s->actor_id, it->indicator->code);
		if (str(sc, "option_code")[0] != '\0' && str(sc, "justification")[0] != '\0')
			continue;
		buf_printf(b, "%s%s (%s)", n ? "; " : "",
		    rb_text_get(&it->indicator->text, rl),
		    svc_msg(s,
			str(sc, "option_code")[0] == '\0' ? "scores.lacks_score"
							  : "scores.lacks_reason"));
		n++;
	}
	return n;
}

/* Every active assessor has submitted (the actor's sheet just was). */
static bool
all_submitted(const struct assessment *a, int64_t actor)
{
	json_t *as;
	size_t i;

	json_array_foreach(a->assessors, i, as)
		if (json_integer_value(json_object_get(as, "user_id")) != actor &&
		    !json_is_string(json_object_get(as, "submitted_at")))
			return false;
	return json_array_size(a->assessors) > 0;
}

/* The submission's writes, in the transaction. */
static int
submit_write(struct svc *s, struct assessment *a, bool *finished, struct err *e)
{
	struct db_param p[3];
	char now[TIME_ISO_LEN];
	struct machine_step step;

	time_iso(s->now, now);
	p[0] = DBP_INT(a->b.p.id);
	p[1] = DBP_INT(s->actor_id);
	p[2] = DBP_TEXT(now);
	/* A sheet with nothing to score (every indicator not met) is
	 * started by its submission. */
	if (db_exec(s->c, DB_SCORING_SHEET_START, p, 3, NULL, e) < 0 ||
	    svc_exec_one(s, DB_SCORING_SHEET_SUBMIT, p, 3, "scores.already_submitted", e) < 0)
		return -1;
	if (participation_event_audit(s, &a->b.p, "score_submit", NULL, "score.submit",
		json_pack("{s:I}", "assessor", (json_int_t)s->actor_id), e) < 0)
		return -1;
	*finished = all_submitted(a, s->actor_id);
	if (!*finished)
		return 0;
	return participation_guard(s, &a->b.p, TR_SCORED, true, &step, e) < 0
	    ? -1
	    : participation_apply(s, &a->b.p, TR_SCORED, &step, NULL, e);
}

int
scoring_submit(struct svc *s, int64_t pid, bool *finished, struct err *e)
{
	struct machine_step step;
	struct assessment a;
	bool fin = false;
	struct buf b;
	int rc = -1;

	buf_init(&b, 0);
	memset(&a, 0, sizeof(a));
	if (svc_begin(s, e) < 0)
		return -1;
	if (db_exec(s->c, DB_SCORING_LOCK, (struct db_param[]){ DBP_INT(pid) }, 1, NULL, e) < 0 ||
	    scoring_open(s, pid, &a, &step, e) < 0)
		goto end;
	if (unfinished(s, &a, &b) > 0) {
		err_set(e, ERR_INVALID, "%s",
		    i18n_subst(s->arena, svc_msg(s, "scores.incomplete"), "list",
			buf_cstr(&b), (const char *)NULL));
		goto end;
	}
	rc = submit_write(s, &a, &fin, e);
end:
	if ((rc = svc_end(s, rc, e)) == 0 && finished != NULL)
		*finished = fin;
	buf_free(&b);
	assessment_free(&a);
	return rc;
}

/* The adjustments may be entered on p now: in assessment, before the
 * plenary's decision. */
static int
adjust_open(struct svc *s, const struct participation *p, struct err *e)
{
	if (svc_authorize(s, ACT_DECREE, &p->ref, e) < 0 ||
	    assessment_unlocked(s, p->id, e) < 0)
		return -1;
	if (p->stage != STAGE_ASSESSMENT || p->state == PSTATE_RECOMMENDED ||
	    p->state == PSTATE_NOT_RECOMMENDED || p->state > PSTATE_NOT_RECOMMENDED) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "scores.adjust.not_now"));
		return -1;
	}
	return 0;
}

int
scoring_adjust(struct svc *s, int64_t pid, const struct adjust_in *in,
    struct svc_problems *pr, struct err *e)
{
	char now[TIME_ISO_LEN];
	struct participation p;
	const char *zone = in->zone ? in->zone : "";

	if (strcmp(zone, "none") != 0 && strcmp(zone, "wbk") != 0 && strcmp(zone, "wbbm") != 0)
		svc_problem(pr, "zona", svc_msg(s, "scores.adjust.bad_zone"));
	if (in->findings < 0 || in->findings > 1000)
		svc_problem(pr, "temuan", svc_msg(s, "scores.adjust.bad_findings"));
	if (svc_begin(s, e) < 0)
		return -1;
	if (participation_load(s, pid, &p, e) < 0 || adjust_open(s, &p, e) < 0)
		goto fail;
	if (pr->count == 0 &&
	    (db_exec(s->c, DB_ADJUSTMENT_ADD,
		 (struct db_param[]){ DBP_INT(pid), DBP_TEXT(zone), DBP_INT(in->findings),
		     s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL,
		     DBP_TEXT(time_iso(s->now, now)) },
		 5, NULL, e) < 0 ||
		participation_event_audit(s, &p, "adjust", NULL, "adjustment.set",
		    json_pack("{s:s, s:I}", "integrity_zone", zone, "ombudsman_findings",
			(json_int_t)in->findings),
		    e) < 0))
		goto fail;
	return svc_finish(s, pr, e);
fail:
	svc_rollback(s);
	return -1;
}
