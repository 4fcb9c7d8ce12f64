/*
 * building.c - the building stage's reads and writes: loading a
 * self-assessment with its progress, saving answers, taking evidence
 * files, mentoring notes and the submission (see building.h).
 */
#include <stdio.h>
#include <string.h>

#include "svc/audit.h"
#include "svc/building.h"
#include "svc/progress_store.h"
#include "base/timefmt.h"

/* Facts for progress_compute from answers {code: row} and evidence counts
 * (count_of(evidence[code])), in the arena; *n receives how many. */
static struct progress_fact *
facts_from(struct arena *a, json_t *answers, json_t *evidence, size_t *n)
{
	size_t cap = json_object_size(answers) + json_object_size(evidence) + 1, k = 0;
	struct progress_fact *f = arena_alloc(a, cap * sizeof(*f));
	const char *code;
	json_t *v, *ev;

	if (f == NULL)
		return NULL;
	json_object_foreach(answers, code, v) {
		ev = json_object_get(evidence, code);
		f[k++] = (struct progress_fact){ code,
			json_string_value(json_object_get(v, "option_code")),
			json_is_array(ev) ? json_array_size(ev)
					  : (size_t)json_integer_value(ev) };
	}
	json_object_foreach(evidence, code, ev)
		if (json_object_get(answers, code) == NULL)
			f[k++] = (struct progress_fact){ code, NULL,
				json_is_array(ev) ? json_array_size(ev)
						  : (size_t)json_integer_value(ev) };
	*n = k;
	return f;
}

int
building_load(struct svc *s, int64_t id, struct building *b, struct err *e)
{
	json_t *rows = NULL, *row, *files, *list;
	struct progress_fact *facts;
	const char *code;
	size_t i, n;

	memset(b, 0, sizeof(*b));
	if (participation_load(s, id, &b->p, e) < 0 ||
	    (b->rb = participation_rulebook(s, &b->p, e)) == NULL ||
	    db_exec(s->c, DB_BUILDING_ANSWERS, (struct db_param[]){ DBP_INT(id) }, 1,
		&rows, e) < 0)
		return -1;
	b->answers = json_object();
	b->evidence = json_object();
	json_array_foreach(rows, i, row)
		json_object_set(b->answers,
		    json_string_value(json_object_get(row, "indicator")), row);
	json_decref(rows);
	if ((files = files_list(s, id, FILE_EVIDENCE, NULL, e)) == NULL)
		return -1;
	json_array_foreach(files, i, row) {
		if ((code = json_string_value(json_object_get(row, "indicator"))) == NULL)
			continue;
		if ((list = json_object_get(b->evidence, code)) == NULL) {
			list = json_array();
			json_object_set_new(b->evidence, code, list);
		}
		json_array_append(list, row);
	}
	json_decref(files);
	if ((facts = facts_from(s->arena, b->answers, b->evidence, &n)) == NULL ||
	    progress_compute(b->rb, b->p.unit_type, facts, n, s->arena, &b->progress) < 0) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

void
building_free(struct building *b)
{
	json_decref(b->answers);
	json_decref(b->evidence);
	b->answers = b->evidence = NULL;
}

static const struct rb_indicator *
applicable(const struct rulebook *rb, const char *unit_type, const char *code);

const struct rb_indicator *
building_indicator(const struct building *b, const char *code)
{
	return applicable(b->rb, b->p.unit_type, code);
}

const struct fill_guard building_fill = { TR_FILL, NULL, NULL, NULL };

/* g's hook prepare on p, then the stage machine's guard. */
static int
guard_on(struct svc *s, const struct fill_guard *g, struct participation *p,
    struct machine_step *step, struct err *e)
{
	if (g->prepare != NULL && g->prepare(s, p, g->ctx, e) < 0)
		return -1;
	return participation_guard(s, p, g->t, false, step, e);
}

int
building_guard(struct svc *s, int64_t pid, const struct fill_guard *g,
    struct participation *p, struct machine_step *step, struct err *e)
{
	if (participation_load(s, pid, p, e) < 0)
		return -1;
	return guard_on(s, g, p, step, e);
}

/* Load participation id into b and guard t on it, in s's transaction. */
static int
begin_guarded(struct svc *s, int64_t id, enum transition t, bool complete,
    struct building *b, struct machine_step *step, struct err *e)
{
	memset(b, 0, sizeof(*b));
	if (svc_begin(s, e) < 0)
		return -1;
	if (building_load(s, id, b, e) < 0 ||
	    participation_guard(s, &b->p, t, complete, step, e) < 0) {
		svc_rollback(s);
		return -1;
	}
	return 0;
}

/* Every indicator of a is one g allows. */
static int
answers_allowed(struct svc *s, const struct fill_guard *g, const struct participation *p,
    const struct answer_in *a, size_t n, struct err *e)
{
	size_t i;

	for (i = 0; g->allow != NULL && i < n; i++)
		if (g->allow(s, p, a[i].indicator, g->ctx, e) < 0)
			return -1;
	return 0;
}

/* Every answer names an indicator of the unit and an option of its
 * scale; else 422. */
static int
answers_valid(struct svc *s, const struct building *b, const struct answer_in *a,
    size_t n, struct err *e)
{
	const struct rb_indicator *ind;
	long bad = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((ind = building_indicator(b, a[i].indicator)) == NULL) {
			err_set(e, ERR_INVALID, "%s: %s",
			    i18n_get(s->lang, "building.unknown_indicator"),
			    a[i].indicator ? a[i].indicator : "");
			return -1;
		}
		if (a[i].option != NULL && a[i].option[0] != '\0' &&
		    rulebook_option(ind, a[i].option) == NULL)
			bad++;
	}
	if (bad > 0) {
		err_set(e, ERR_INVALID, "%s",
		    i18n_fill(s->arena, i18n_get(s->lang, "building.form_invalid"), bad));
		return -1;
	}
	return 0;
}

static bool
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * Write what changed in a against b's answers, each with a history row,
 * inside the transaction; changes receives {indicator, option,
 * note_changed} for the audit entry.
 */
static int
write_answers(struct svc *s, const struct building *b, const struct answer_in *a,
    size_t n, json_t *changes, struct err *e)
{
	char now[TIME_ISO_LEN];
	const char *old_opt, *old_note, *opt, *note;
	struct db_param prm[6];
	json_t *old;
	size_t i;

	time_iso(s->now, now);
	for (i = 0; i < n; i++) {
		old = json_object_get(b->answers, a[i].indicator);
		old_opt = json_string_value(json_object_get(old, "option_code"));
		if ((old_note = json_string_value(json_object_get(old, "note"))) == NULL)
			old_note = "";
		opt = a[i].option;
		if (opt == NULL || opt[0] == '\0')
			opt = old_opt; /* no choice sent: keep the answer */
		if ((note = a[i].note) == NULL)
			note = old_note; /* no note sent: keep the note */
		if (same(opt, old_opt) && strcmp(note, old_note) == 0)
			continue;
		prm[0] = DBP_INT(b->p.id);
		prm[1] = DBP_TEXT(a[i].indicator);
		prm[2] = opt ? DBP_TEXT(opt) : DBP_NULL;
		prm[3] = DBP_TEXT(note);
		prm[4] = DBP_INT(s->actor_id);
		prm[5] = DBP_TEXT(now);
		if (db_exec(s->c, DB_BUILDING_ANSWER_SAVE, prm, 6, NULL, e) < 0 ||
		    db_exec(s->c, DB_BUILDING_ANSWER_HISTORY_ADD, prm, 6, NULL, e) < 0)
			return -1;
		json_array_append_new(changes,
		    json_pack("{s:s, s:s?, s:b}", "indicator", a[i].indicator, "option",
			opt, "note_changed", strcmp(note, old_note) != 0));
	}
	return 0;
}

int
building_save(struct svc *s, int64_t pid, const struct fill_guard *g,
    const struct answer_in *answers, size_t n, struct err *e)
{
	struct machine_step step;
	struct building b;
	json_t *changes = json_array();
	char note[32];
	int rc = -1;

	memset(&b, 0, sizeof(b));
	if (svc_begin(s, e) < 0)
		goto out;
	if (building_load(s, pid, &b, e) < 0 || guard_on(s, g, &b.p, &step, e) < 0 ||
	    answers_valid(s, &b, answers, n, e) < 0 ||
	    answers_allowed(s, g, &b.p, answers, n, e) < 0 ||
	    write_answers(s, &b, answers, n, changes, e) < 0)
		goto end;
	if (json_array_size(changes) > 0) {
		if (progress_store_refresh(s->c, s->arena, pid, b.rb, b.p.unit_type, e) < 0)
			goto end;
		snprintf(note, sizeof(note), "%zu", json_array_size(changes));
		if (participation_event_audit(s, &b.p, "answer", note, "answer.save",
			json_pack("{s:I, s:O}", "count",
			    (json_int_t)json_array_size(changes), "answers", changes),
			e) < 0)
			goto end;
	}
	rc = 0;
end:
	rc = svc_end(s, rc, e);
out:
	json_decref(changes);
	building_free(&b);
	return rc;
}

/* The indicator called code of rb that applies to unit_type, or NULL. */
static const struct rb_indicator *
applicable(const struct rulebook *rb, const char *unit_type, const char *code)
{
	size_t i, j;

	for (i = 0; code != NULL && i < rb->criterion_count; i++)
		for (j = 0; j < rb->criteria[i].indicator_count; j++)
			if (strcmp(rb->criteria[i].indicators[j].code, code) == 0)
				return rulebook_indicator_applies(rb,
					   &rb->criteria[i].indicators[j], unit_type)
				    ? &rb->criteria[i].indicators[j]
				    : NULL;
	return NULL;
}

/* File id is a live evidence file of indicator code of participation pid. */
static int
is_evidence_of(struct svc *s, int64_t pid, const char *code, int64_t id, bool *is,
    struct err *e)
{
	json_t *list, *f;
	size_t i;

	*is = false;
	if ((list = files_list(s, pid, FILE_EVIDENCE, code, e)) == NULL)
		return -1;
	json_array_foreach(list, i, f)
		if (json_integer_value(json_object_get(f, "id")) == id)
			*is = true;
	json_decref(list);
	return 0;
}

/* What may be said about an upload before its file is stored: guarded,
 * an indicator of the unit, a live file of it to replace, a file. */
static int
upload_check(struct svc *s, const struct fill_guard *g, const struct evidence_in *in,
    bool *upload_refused, struct err *e)
{
	struct participation p;
	struct machine_step step;
	struct rulebook *rb;
	bool live;

	if (building_guard(s, in->participation, g, &p, &step, e) < 0 ||
	    (rb = participation_rulebook(s, &p, e)) == NULL)
		return -1;
	if (applicable(rb, p.unit_type, in->indicator) == NULL) {
		err_set(e, ERR_INVALID, "%s", i18n_get(s->lang, "building.unknown_indicator"));
		return -1;
	}
	if (g->allow != NULL && g->allow(s, &p, in->indicator, g->ctx, e) < 0)
		return -1;
	*upload_refused = true;
	/* Only a live evidence file of this indicator may be replaced. */
	if (in->replaces != 0) {
		if (is_evidence_of(s, p.id, in->indicator, in->replaces, &live, e) < 0)
			return -1;
		if (!live) {
			err_set(e, ERR_INVALID, "%s",
			    i18n_get(s->lang, "building.replace_unknown"));
			return -1;
		}
	}
	if (in->file == NULL) {
		err_set(e, ERR_INVALID, "%s", i18n_get(s->lang, "building.no_file"));
		return -1;
	}
	*upload_refused = false;
	return 0;
}

int
building_upload(struct svc *s, const struct fill_guard *g, const struct evidence_in *in,
    struct stored_file *out, bool *upload_refused, struct err *e)
{
	struct file_place place = { .participation = in->participation,
		.purpose = FILE_EVIDENCE,
		.indicator = in->indicator,
		.replaces = in->replaces };
	struct participation p;
	struct machine_step step;
	struct stored_file sf;
	bool refused = false;

	if (upload_check(s, g, in, &refused, e) < 0)
		goto out;
	if (files_keep(s, in->file, FILE_EVIDENCE, e) < 0) {
		refused = e->status == 422;
		goto out;
	}
	if (svc_begin(s, e) < 0)
		goto out;
	if (building_guard(s, in->participation, g, &p, &step, e) < 0 ||
	    (g->allow != NULL && g->allow(s, &p, in->indicator, g->ctx, e) < 0))
		goto fail;
	refused = true;
	if (files_accept(s, &place, in->file, &sf, e) < 0)
		goto fail;
	refused = false;
	if (participation_event(s, &p, in->replaces ? "file_replace" : "upload", sf.name, e) < 0 ||
	    svc_commit(s, e) < 0)
		goto fail;
	if (out != NULL)
		*out = sf;
	return 0;
fail:
	svc_rollback(s);
	refused = refused && e->status == 422;
out:
	if (upload_refused != NULL)
		*upload_refused = refused;
	return -1;
}

int
building_mentor(struct svc *s, const struct mentoring_in *in, struct err *e)
{
	struct participation p;
	struct machine_step step;
	char now[TIME_ISO_LEN], day[TIME_DATE_LEN];
	int64_t note_id;
	int rc = -1;

	if (svc_begin(s, e) < 0)
		return -1;
	if (participation_load(s, in->participation, &p, e) < 0 ||
	    participation_guard(s, &p, TR_MENTOR, false, &step, e) < 0)
		goto end;
	if (in->date == NULL || strcmp(in->date, participation_today(&p, s->now, day)) > 0) {
		err_set(e, ERR_INVALID, "%s", i18n_get(s->lang, "building.mentoring.invalid"));
		goto end;
	}
	time_iso(s->now, now);
	if (db_exec_int(s->c, DB_BUILDING_MENTORING_ADD,
		(struct db_param[]){ DBP_INT(p.id), DBP_TEXT(in->date), DBP_TEXT(in->findings),
		    DBP_TEXT(in->advice), DBP_INT(s->actor_id), DBP_TEXT(now) },
		6, "id", &note_id, e) < 0 ||
	    participation_event_audit(s, &p, "mentor", in->date, "mentoring.create",
		json_pack("{s:I, s:s}", "note", (json_int_t)note_id, "visit_date", in->date),
		e) < 0)
		goto end;
	rc = 0;
end:
	return svc_end(s, rc, e);
}

int
building_submit(struct svc *s, int64_t pid, struct err *e)
{
	struct machine_step step;
	struct building b;
	int rc = -1;

	/* Who, when and from where first: the completeness list only
	 * matters to someone who may submit now. */
	if (begin_guarded(s, pid, TR_SUBMIT, true, &b, &step, e) < 0)
		goto out;
	if (!b.progress.complete) {
		err_set(e, ERR_REFUSED, "%s",
		    i18n_fill(s->arena, i18n_get(s->lang, "building.incomplete"),
			(long)b.progress.missing_count));
		goto end;
	}
	rc = participation_apply(s, &b.p, TR_SUBMIT, &step, NULL, e);
end:
	rc = svc_end(s, rc, e);
out:
	building_free(&b);
	return rc;
}
