/*
 * verification.c - evidence for assessment, verdicts and revision rounds
 * (see verification.h). Site visits and the closing are in
 * verification_close.c.
 */
#include <stdio.h>
#include <string.h>

#include "base/code.h"
#include "svc/audit.h"
#include "svc/verification.h"
#include "base/buf.h"
#include "base/timefmt.h"
#include "core/cycle.h"

static const char *const verdict_codes[VERDICT_MAX] = { VERDICT_LIST(CODE_ENTRY) };

CODE_FUNCTIONS(verdict, enum verdict, verdict_codes, VERDICT_MAX)

/* The rows of list for participation pid into *rows and those of
 * children, which belong to them, into *kids. */
static int
load_with_children(struct svc *s, int64_t pid, enum db_stmt list, json_t **rows,
    enum db_stmt children, json_t **kids, struct err *e)
{
	struct db_param p[] = { DBP_INT(pid) };

	if (db_exec(s->c, list, p, 1, rows, e) < 0 ||
	    db_exec(s->c, children, p, 1, kids, e) < 0)
		return -1;
	return 0;
}

/* Does child belong to row: its member fk the row's member key? */
static bool
child_of(json_t *child, const char *fk, json_t *row, const char *key)
{
	return json_integer_value(json_object_get(child, fk)) ==
	    json_integer_value(json_object_get(row, key));
}

/* Rounds of pid with their items {indicator: note} into v. */
static int
load_rounds(struct svc *s, struct verification *v, struct err *e)
{
	json_t *items = NULL, *it, *r;
	size_t i, j;

	if (load_with_children(s, v->b.p.id, DB_ROUND_LIST, &v->rounds, DB_ROUND_ITEMS,
		&items, e) < 0)
		return -1;
	json_array_foreach(v->rounds, i, r) {
		json_t *list = json_object();

		json_array_foreach(items, j, it)
			if (child_of(it, "number", r, "number"))
				json_object_set(list,
				    json_string_value(json_object_get(it, "indicator")),
				    json_object_get(it, "note"));
		json_object_set_new(r, "items", list);
		if (json_is_null(json_object_get(r, "resubmitted_at")) &&
		    v->b.p.state == PSTATE_REVISION)
			v->open_round = r;
	}
	json_decref(items);
	return 0;
}

/* The site visits of pid with their photos into v. */
static int
load_visits(struct svc *s, struct verification *v, struct err *e)
{
	json_t *files = NULL, *f, *visit;
	size_t i, j;

	if (load_with_children(s, v->b.p.id, DB_SITE_VISIT_LIST, &v->visits,
		DB_SITE_VISIT_FILES, &files, e) < 0)
		return -1;
	files_describe(s, files);
	json_array_foreach(v->visits, i, visit) {
		json_t *photos = json_array();

		json_array_foreach(files, j, f)
			if (child_of(f, "site_visit_id", visit, "id"))
				json_array_append(photos, f);
		json_object_set_new(visit, "photos", photos);
	}
	json_decref(files);
	return 0;
}

/* Count final and flagged verdicts over the applicable indicators. */
static void
count_final(struct verification *v)
{
	const struct rulebook *rb = v->b.rb;
	enum verdict vd;
	size_t i, j, applicable = 0;

	for (i = 0; i < rb->criterion_count; i++)
		for (j = 0; j < rb->criteria[i].indicator_count; j++) {
			const struct rb_indicator *ind = &rb->criteria[i].indicators[j];

			if (!rulebook_indicator_applies(rb, ind, v->b.p.unit_type))
				continue;
			applicable++;
			vd = verdict_parse(json_string_value(json_object_get(
			    json_object_get(v->latest, ind->code), "verdict")));
			if (vd == VERDICT_VERIFIED || vd == VERDICT_NOT_MET)
				v->final_count++;
			else if (vd == VERDICT_NEEDS_REVISION)
				v->flagged_count++;
		}
	v->all_final = applicable > 0 && v->final_count == applicable;
}

int
verification_load(struct svc *s, int64_t pid, struct verification *v, struct err *e)
{
	json_t *rows = NULL, *row, *list;
	const char *code;
	size_t i;

	memset(v, 0, sizeof(*v));
	v->verdicts = json_object();
	v->latest = json_object();
	if (building_load(s, pid, &v->b, e) < 0 ||
	    db_exec(s->c, DB_VERDICT_LIST, (struct db_param[]){ DBP_INT(pid) }, 1, &rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, row) {
		code = json_string_value(json_object_get(row, "indicator"));
		if ((list = json_object_get(v->verdicts, code)) == NULL) {
			list = json_array();
			json_object_set_new(v->verdicts, code, list);
		}
		json_array_append(list, row);
		json_object_set(v->latest, code, row);
	}
	json_decref(rows);
	if (load_rounds(s, v, e) < 0 || load_visits(s, v, e) < 0)
		return -1;
	count_final(v);
	return 0;
}

void
verification_free(struct verification *v)
{
	building_free(&v->b);
	json_decref(v->verdicts);
	json_decref(v->latest);
	json_decref(v->rounds);
	json_decref(v->visits);
	memset(v, 0, sizeof(*v));
}

/* The open round's id, number and deadline of p, read now; 0 when none. */
static int
open_round(struct svc *s, const struct participation *p, int64_t *id, time_t *deadline,
    struct err *e)
{
	json_t *rows = NULL, *r;
	size_t i;

	*id = 0;
	*deadline = 0;
	if (db_exec(s->c, DB_ROUND_LIST, (struct db_param[]){ DBP_INT(p->id) }, 1, &rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, r)
		if (json_is_null(json_object_get(r, "resubmitted_at"))) {
			*id = json_integer_value(json_object_get(r, "number"));
			if (time_parse_iso(json_string_value(json_object_get(r, "deadline_at")),
				deadline) < 0)
				*deadline = 0;
		}
	json_decref(rows);
	return 0;
}

/* TR_REVISE and TR_RESUBMIT are bounded by the open round's deadline. */
static int
round_prepare(struct svc *s, struct participation *p, void *ctx, struct err *e)
{
	int64_t id;

	(void)ctx;
	return open_round(s, p, &id, &p->round_deadline, e);
}

/* A revision changes only what its open round sent back. */
static int
round_allow(struct svc *s, const struct participation *p, const char *indicator,
    void *ctx, struct err *e)
{
	json_t *rows = NULL, *r;
	int64_t number;
	time_t dl;
	size_t i;
	bool flagged = false;

	(void)ctx;
	if (open_round(s, p, &number, &dl, e) < 0 ||
	    db_exec(s->c, DB_ROUND_ITEMS, (struct db_param[]){ DBP_INT(p->id) }, 1, &rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, r)
		if (json_integer_value(json_object_get(r, "number")) == number &&
		    strcmp(json_string_value(json_object_get(r, "indicator")), indicator) == 0)
			flagged = true;
	json_decref(rows);
	if (!flagged) {
		err_set(e, ERR_REFUSED, "%s",
		    i18n_subst(s->arena, svc_msg(s, "assessment.revise.not_flagged"),
			"indicator", indicator, (const char *)NULL));
		return -1;
	}
	return 0;
}

static const struct fill_guard evidence_guard = { TR_EVIDENCE, NULL, NULL, NULL };
static const struct fill_guard revise_guard = { TR_REVISE, round_prepare, round_allow, NULL };

const struct fill_guard *
verification_fill_guard(const struct participation *p)
{
	if (p->stage != STAGE_ASSESSMENT)
		return NULL;
	if (p->state == PSTATE_EVIDENCE_OPEN)
		return &evidence_guard;
	if (p->state == PSTATE_REVISION)
		return &revise_guard;
	return NULL;
}

/* "K01 (text): jawaban dan data dukung; ..." naming each missing item. */
static const char *
missing_text(struct svc *s, const struct building *b)
{
	enum rulebook_lang rl = s->lang == LANG_EN ? RULEBOOK_LANG_EN : RULEBOOK_LANG_ID;
	const char *out;
	struct buf t;
	size_t i;

	buf_init(&t, 256);
	for (i = 0; i < b->progress.missing_count; i++) {
		const struct progress_missing *m = &b->progress.missing[i];

		buf_printf(&t, "%s%s (%s): %s", i ? "; " : "", m->indicator->code,
		    rb_text_get(&m->indicator->text, rl),
		    svc_msg(s,
			m->needs_answer && m->needs_evidence ? "assessment.missing.both"
			    : m->needs_answer                ? "assessment.missing.answer"
					      : "assessment.missing.evidence"));
	}
	out = i18n_subst(s->arena, svc_msg(s, "assessment.submit.incomplete"), "count",
	    arena_printf(s->arena, "%zu", b->progress.missing_count), "list",
	    t.failed ? "" : buf_cstr(&t), (const char *)NULL);
	buf_free(&t);
	return out;
}

/* Load pid into b and guard t on it inside a new transaction. */
static int
begin_on(struct svc *s, int64_t pid, struct building *b, enum transition t,
    bool complete_known, struct machine_step *step, struct err *e)
{
	memset(b, 0, sizeof(*b));
	if (svc_begin(s, e) < 0)
		return -1;
	if (building_load(s, pid, b, e) < 0 ||
	    (t == TR_RESUBMIT && round_prepare(s, &b->p, NULL, e) < 0) ||
	    participation_guard(s, &b->p, t, complete_known || b->progress.complete, step,
		e) < 0) {
		svc_rollback(s);
		return -1;
	}
	return 0;
}

/* Make t (step, guarded by begin_on) on b's participation and commit;
 * rolled back when either fails. */
static int
apply_commit(struct svc *s, struct building *b, enum transition t,
    const struct machine_step *step, struct err *e)
{
	if (participation_apply(s, &b->p, t, step, NULL, e) < 0 || svc_commit(s, e) < 0) {
		svc_rollback(s);
		return -1;
	}
	return 0;
}

int
verification_submit(struct svc *s, int64_t pid, struct err *e)
{
	struct machine_step step;
	struct building b;
	int rc = -1;

	/* Who and when first (complete assumed), then what is missing. */
	if (begin_on(s, pid, &b, TR_SUBMIT_EVIDENCE, true, &step, e) < 0)
		goto out;
	if (!b.progress.complete) {
		err_set(e, ERR_REFUSED, "%s", missing_text(s, &b));
		svc_rollback(s);
		goto out;
	}
	rc = apply_commit(s, &b, TR_SUBMIT_EVIDENCE, &step, e);
out:
	building_free(&b);
	return rc;
}

/* How many rounds pid has opened. */
static int
round_count(struct svc *s, int64_t pid, int *n, struct err *e)
{
	json_t *rows = NULL;

	if (db_exec(s->c, DB_ROUND_LIST, (struct db_param[]){ DBP_INT(pid) }, 1, &rows, e) < 0)
		return -1;
	*n = (int)json_array_size(rows);
	json_decref(rows);
	return 0;
}

/* Each verdict names an applicable indicator and a verdict, with its note
 * where required; else 422 naming the indicator. */
static int
verdicts_valid(struct svc *s, const struct building *b, const struct verdict_in *in,
    size_t n, struct err *e)
{
	size_t i;

	if (n == 0) {
		err_set(e, ERR_INVALID, "%s", svc_msg(s, "assessment.verdict.none"));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (building_indicator(b, in[i].indicator) == NULL) {
			err_set(e, ERR_INVALID, "%s: %s",
			    svc_msg(s, "building.unknown_indicator"),
			    in[i].indicator ? in[i].indicator : "");
			return -1;
		}
		if (in[i].verdict >= VERDICT_MAX) {
			err_set(e, ERR_INVALID, "%s", svc_msg(s, "assessment.verdict.bad"));
			return -1;
		}
		if (in[i].verdict != VERDICT_VERIFIED &&
		    (in[i].note == NULL || in[i].note[0] == '\0')) {
			err_set(e, ERR_INVALID, "%s",
			    i18n_subst(s->arena, svc_msg(s, "assessment.verdict.note_required"),
				"indicator", in[i].indicator, (const char *)NULL));
			return -1;
		}
	}
	return 0;
}

/* pid's latest verdict of each indicator, as {indicator: verdict row}. */
static json_t *
latest_verdicts(struct svc *s, int64_t pid, struct err *e)
{
	json_t *rows = NULL, *row, *latest;
	size_t i;

	if (db_exec(s->c, DB_VERDICT_LIST, (struct db_param[]){ DBP_INT(pid) }, 1, &rows, e) < 0)
		return NULL;
	if ((latest = json_object()) == NULL)
		err_set(e, ERR_NOMEM, "out of memory");
	json_array_foreach(rows, i, row)
		json_object_set(latest,
		    json_string_value(json_object_get(row, "indicator")), row);
	json_decref(rows);
	return latest;
}

/*
 * in without the verdicts that repeat their indicator's latest one (the
 * same verdict with the same note): the verification page posts its whole
 * form, each indicator showing its latest verdict. The kept ones in the
 * arena, their count in *kept.
 */
static const struct verdict_in *
changed_verdicts(struct svc *s, int64_t pid, const struct verdict_in *in, size_t n,
    size_t *kept, struct err *e)
{
	struct verdict_in *out = arena_alloc(s->arena, (n + 1) * sizeof(*out));
	json_t *latest, *row;
	const char *note;
	size_t i;

	*kept = 0;
	if (out == NULL || (latest = latest_verdicts(s, pid, e)) == NULL) {
		if (out == NULL)
			err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		row = in[i].indicator ? json_object_get(latest, in[i].indicator) : NULL;
		note = json_string_value(json_object_get(row, "note"));
		if (row != NULL &&
		    in[i].verdict ==
			verdict_parse(json_string_value(json_object_get(row, "verdict"))) &&
		    strcmp(note ? note : "", in[i].note ? in[i].note : "") == 0)
			continue;
		out[(*kept)++] = in[i];
	}
	json_decref(latest);
	return out;
}

int
verification_verdicts(struct svc *s, int64_t pid, const struct verdict_in *posted,
    size_t n, struct err *e)
{
	const struct verdict_in *in;
	struct machine_step step;
	struct building b;
	json_t *given = json_array();
	char now[TIME_ISO_LEN];
	size_t i, nposted = n;
	int round, rc = -1;

	time_iso(s->now, now);
	if (begin_on(s, pid, &b, TR_VERIFY, true, &step, e) < 0)
		goto out;
	if ((in = changed_verdicts(s, pid, posted, nposted, &n, e)) == NULL)
		goto end;
	if (nposted > 0 && n == 0) {
		/* Nothing changed: nothing to record. */
		svc_rollback(s);
		rc = 0;
		goto out;
	}
	if (verdicts_valid(s, &b, n > 0 ? in : posted, n, e) < 0 ||
	    round_count(s, pid, &round, e) < 0)
		goto end;
	for (i = 0; i < n; i++) {
		if (db_exec(s->c, DB_VERDICT_ADD,
			(struct db_param[]){ DBP_INT(pid), DBP_TEXT(in[i].indicator),
			    DBP_INT(round), DBP_TEXT(verdict_code(in[i].verdict)),
			    DBP_TEXT(in[i].note ? in[i].note : ""),
			    s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(now),
			    in[i].recorded_offline_at ? DBP_TEXT(in[i].recorded_offline_at)
						      : DBP_NULL },
			8, NULL, e) < 0)
			goto end;
		json_array_append_new(given,
		    json_pack("{s:s, s:s}", "indicator", in[i].indicator, "verdict",
			verdict_code(in[i].verdict)));
		if (in[i].recorded_offline_at != NULL)
			json_object_set_new(json_array_get(given, json_array_size(given) - 1),
			    "recorded_offline_at", json_string(in[i].recorded_offline_at));
	}
	if (participation_event_audit(s, &b.p, "verify", arena_printf(s->arena, "%zu", n),
		"verdict.add", json_pack("{s:i, s:O}", "round", round, "verdicts", given),
		e) < 0)
		goto end;
	rc = 0;
end:
	rc = svc_end(s, rc, e);
out:
	json_decref(given);
	building_free(&b);
	return rc;
}

/* The indicators of pid whose latest verdict is needs_revision, as
 * {indicator: note}. */
static json_t *
flagged_now(struct svc *s, int64_t pid, struct err *e)
{
	json_t *row, *latest, *out;
	const char *code;

	if ((latest = latest_verdicts(s, pid, e)) == NULL)
		return NULL;
	out = json_object();
	json_object_foreach(latest, code, row)
		if (verdict_parse(json_string_value(json_object_get(row, "verdict"))) ==
		    VERDICT_NEEDS_REVISION)
			json_object_set(out, code, json_object_get(row, "note"));
	json_decref(latest);
	return out;
}

int
verification_send_back(struct svc *s, int64_t pid, const char *deadline, const char *note,
    struct err *e)
{
	struct machine_step step;
	struct building b;
	json_t *flagged = NULL, *rows = NULL, *v;
	char now[TIME_ISO_LEN], at[TIME_ISO_LEN], today[TIME_DATE_LEN];
	const char *code;
	int64_t round_id;
	time_t end;
	int n, rc = -1;

	time_iso(s->now, now);
	if (begin_on(s, pid, &b, TR_SEND_BACK, true, &step, e) < 0)
		goto out;
	if (cycle_date_end(deadline, b.p.tz, &end) < 0 ||
	    strcmp(deadline, participation_today(&b.p, s->now, today)) < 0) {
		err_set(e, ERR_INVALID, "%s", svc_msg(s, "assessment.send_back.bad_deadline"));
		goto end;
	}
	if ((flagged = flagged_now(s, pid, e)) == NULL || round_count(s, pid, &n, e) < 0)
		goto end;
	if (json_object_size(flagged) == 0) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "assessment.send_back.nothing"));
		goto end;
	}
	n++;
	if (db_exec(s->c, DB_ROUND_OPEN,
		(struct db_param[]){ DBP_INT(pid), DBP_INT(n), DBP_TEXT(deadline),
		    DBP_TEXT(time_iso(end, at)), DBP_TEXT(note ? note : ""),
		    s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(now) },
		7, &rows, e) < 0)
		goto end;
	round_id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	json_object_foreach(flagged, code, v)
		if (db_exec(s->c, DB_ROUND_ITEM_ADD,
			(struct db_param[]){ DBP_INT(round_id), DBP_TEXT(code),
			    DBP_TEXT(json_string_value(v)) },
			3, NULL, e) < 0)
			goto end;
	if (participation_apply(s, &b.p, TR_SEND_BACK, &step,
		arena_printf(s->arena, "%s %d: %s", svc_msg(s, "assessment.round.label"),
		    n, deadline),
		e) < 0 ||
	    svc_audit_new(s, "round.open", "participation", pid,
		json_pack("{s:i, s:s, s:I}", "round", n, "deadline", deadline, "flagged",
		    (json_int_t)json_object_size(flagged)),
		e) < 0)
		goto end;
	rc = 0;
end:
	rc = svc_end(s, rc, e);
out:
	json_decref(flagged);
	json_decref(rows);
	building_free(&b);
	return rc;
}

int
verification_resubmit(struct svc *s, int64_t pid, struct err *e)
{
	struct machine_step step;
	struct building b;
	char now[TIME_ISO_LEN];
	int64_t id;
	time_t dl;
	int rc = -1;

	time_iso(s->now, now);
	if (begin_on(s, pid, &b, TR_RESUBMIT, true, &step, e) < 0)
		goto out;
	if (open_round(s, &b.p, &id, &dl, e) < 0 ||
	    svc_exec_moved(s, DB_ROUND_RESUBMIT,
		(struct db_param[]){ DBP_INT(pid), DBP_INT(id),
		    s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(now) },
		4, e) < 0)
		svc_rollback(s);
	else
		rc = apply_commit(s, &b, TR_RESUBMIT, &step, e);
out:
	building_free(&b);
	return rc;
}
