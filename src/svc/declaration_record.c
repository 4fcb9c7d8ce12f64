/*
 * declaration_record.c - the declaration stage after approval: the record
 * of the event (date, mode, attendance and witnesses), a member unit's
 * signed statement and photos, and the regional office's confirmation,
 * which closes the stage for every member (see declaration.h).
 */
#include <string.h>

#include "svc/audit.h"
#include "svc/declaration.h"
#include "svc/documents.h"
#include "base/timefmt.h"

/* Did witness w attend online? */
static bool
is_online(const struct decl_witness *w)
{
	return w->presence != NULL && strcmp(w->presence, "daring") == 0;
}

/* The witnesses of in as the statement names them. */
static json_t *
witnesses_for_statement(const struct decl_record_in *in)
{
	json_t *a = json_array();
	const struct decl_witness *w;
	size_t i;

	for (i = 0; i < in->witness_count; i++) {
		w = &in->witnesses[i];
		json_array_append_new(a,
		    json_pack("{s:s, s:s, s:s, s:b, s:s}", "name", w->name, "title",
			w->title, "institution", w->institution ? w->institution : "",
			"is_online", is_online(w), "attended_from",
			w->attended_from ? w->attended_from : ""));
	}
	return a;
}

/* Write the record's witnesses of declaration id, in order. */
static int
write_witnesses(struct svc *s, int64_t id, const struct decl_record_in *in, struct err *e)
{
	const struct decl_witness *w;
	size_t i;

	if (db_exec(s->c, DB_DECL_WITNESS_CLEAR, (struct db_param[]){ DBP_INT(id) }, 1,
		NULL, e) < 0)
		return -1;
	for (i = 0; i < in->witness_count; i++) {
		w = &in->witnesses[i];
		if (db_exec(s->c, DB_DECL_WITNESS_INSERT,
			(struct db_param[]){ DBP_INT(id), DBP_INT((int64_t)i + 1),
			    DBP_TEXT(w->name), DBP_TEXT(w->title), DBP_TEXT(w->institution),
			    DBP_TEXT(w->kind), DBP_TEXT(is_online(w) ? "daring" : "luring"),
			    DBP_TEXT(is_online(w) && w->attended_from ? w->attended_from : "") },
			8, NULL, e) < 0)
			return -1;
	}
	return 0;
}

/* The record's writes: the declaration's row, its witnesses, and the
 * members' transitions with the audit entry. */
static int
record_write(struct svc *s, const struct decl_record_in *in, json_t *d,
    struct decl_member *m, size_t n, struct err *e)
{
	int64_t id = decl_num(d, "id");
	char now[TIME_ISO_LEN];
	struct decl_days days;
	enum decl_date r;

	/* The day it took place against today, the window, the request. */
	decl_days_of(s, &m[0].p, d, &days);
	if ((r = decl_record_date(in->date, &days)) != DECL_DATE_OK)
		return decl_refuse(e, ERR_INVALID, decl_date_message(s, r, &days));
	time_iso(s->now, now);
	if (svc_exec_moved(s, DB_DECL_RECORD,
		(struct db_param[]){ DBP_INT(id), DBP_TEXT(in->date), DBP_TEXT(in->mode),
		    DBP_INT(in->attendance), DBP_INT(s->actor_id), DBP_TEXT(now) },
		6, e) < 0 ||
	    write_witnesses(s, id, in, e) < 0)
		return -1;
	return decl_apply_all(s, m, n, TR_RECORD, NULL, "declaration.record", id,
	    json_pack("{s:s, s:s, s:I}", "actual_date", in->date, "actual_mode", in->mode,
		"attendance", (json_int_t)in->attendance),
	    e);
}

/* The live declaration of in's participation that may be recorded, with
 * its members into *m, *n; a new reference or NULL with e. */
static json_t *
record_start(struct svc *s, const struct decl_record_in *in, struct decl_member **m,
    size_t *n, struct err *e)
{
	struct participation p;

	if (participation_load(s, in->participation, &p, e) < 0)
		return NULL;
	return decl_start(s, &p, DECL_IN(DECL_STATUS_APPROVED) | DECL_IN(DECL_STATUS_RECORDED),
	    "declaration.error.no_declaration", TR_RECORD, false, m, n, e);
}

/* Each member's statement naming the recorded witnesses, made before the
 * record's transaction (rendering is slow); *docs in s->arena. */
static int
record_statements(struct svc *s, const struct decl_record_in *in,
    struct doc_prepared **docs, size_t *ndocs, struct err *e)
{
	struct decl_member *m;
	json_t *d;
	size_t n;
	int rc;

	*docs = NULL;
	*ndocs = 0;
	if (in->without_documents)
		return 0;
	if ((d = record_start(s, in, &m, &n, e)) == NULL)
		return -1;
	json_object_set_new(d, "recorded_witnesses", witnesses_for_statement(in));
	rc = decl_statements_make(s, d, m, n, docs, ndocs, e);
	json_decref(d);
	return rc;
}

int
decl_record(struct svc *s, const struct decl_record_in *in, struct err *e)
{
	struct doc_prepared *docs;
	struct decl_member *m;
	json_t *d = NULL;
	size_t i, n, ndocs;

	/* The statements first, outside any transaction; then the record
	 * and the statements put on it in one, guarded again. */
	if (record_statements(s, in, &docs, &ndocs, e) < 0)
		goto abandon;
	if (svc_begin(s, e) < 0)
		goto abandon;
	if ((d = record_start(s, in, &m, &n, e)) == NULL || record_write(s, in, d, m, n, e) < 0)
		goto fail;
	for (i = 0; ndocs > 0 && i < n; i++)
		if (decl_statement_put(s, d, &m[i], docs, ndocs, e) < 0)
			goto fail;
	if (svc_commit(s, e) < 0)
		goto fail;
	json_decref(d);
	return 0;
fail:
	svc_rollback(s);
	json_decref(d);
abandon:
	for (i = 0; i < ndocs; i++)
		document_abandon(s, &docs[i]);
	return -1;
}

/* Check and store the upload's files, before any transaction. */
static int
upload_keep(struct svc *s, const struct decl_upload_in *in,
    enum decl_upload_part *refused, struct err *e)
{
	size_t i;

	/* Every file is checked before any is stored: a refused one leaves
	 * nothing behind. */
	*refused = DU_STATEMENT;
	if (in->statement != NULL && files_check(s, in->statement, FILE_STATEMENT, e) < 0)
		return -1;
	*refused = DU_PHOTOS;
	if (in->photo_count > DECL_PHOTOS_MAX)
		return decl_refuse(e, ERR_INVALID,
		    i18n_fill(s->arena, i18n_get(s->lang, "files.refused.too_many"),
			(long)DECL_PHOTOS_MAX));
	for (i = 0; i < in->photo_count; i++)
		if (files_check(s, &in->photos[i], FILE_PHOTO, e) < 0)
			return -1;
	*refused = DU_STATEMENT;
	if (in->statement != NULL && files_put(s, in->statement, e) < 0)
		return -1;
	*refused = DU_PHOTOS;
	for (i = 0; i < in->photo_count; i++)
		if (files_put(s, &in->photos[i], e) < 0)
			return -1;
	*refused = DU_NONE;
	return 0;
}

/* The upload's rows, each with its timeline entry: the statement replaces
 * the one there was. */
static int
upload_write(struct svc *s, const struct participation *p,
    const struct decl_upload_in *in, struct err *e)
{
	struct file_place place = { .participation = p->id, .purpose = FILE_STATEMENT };
	struct stored_file sf;
	json_t *old;
	size_t i;

	if (in->statement != NULL) {
		/* Replacing whichever statement is there, an earlier
		 * declaration's too. */
		if ((old = files_list(s, p->id, FILE_STATEMENT, NULL, e)) == NULL)
			return -1;
		place.replaces = decl_num(json_array_get(old, 0), "id");
		json_decref(old);
		if (files_accept(s, &place, in->statement, &sf, e) < 0 ||
		    participation_event(s, p, "upload", sf.name, e) < 0)
			return -1;
	}
	place = (struct file_place){ .participation = p->id, .purpose = FILE_PHOTO };
	for (i = 0; i < in->photo_count; i++)
		if (files_accept(s, &place, &in->photos[i], &sf, e) < 0 ||
		    participation_event(s, p, "upload", sf.name, e) < 0)
			return -1;
	return 0;
}

int
decl_upload(struct svc *s, const struct decl_upload_in *in,
    enum decl_upload_part *refused, struct err *e)
{
	struct participation p;
	struct machine_step step;

	*refused = DU_NONE;
	/* Who and when first; then the files, slowly, outside the
	 * transaction; then the rows, guarded again. */
	if (participation_load(s, in->participation, &p, e) < 0 ||
	    participation_guard(s, &p, TR_RECORD, false, &step, e) < 0)
		return -1;
	if (upload_keep(s, in, refused, e) < 0)
		return -1;
	if (in->statement == NULL && in->photo_count == 0) {
		*refused = DU_STATEMENT;
		return decl_refuse(e, ERR_INVALID,
		    i18n_get(s->lang, "declaration.error.no_file"));
	}
	if (svc_begin(s, e) < 0)
		return -1;
	if (participation_load(s, in->participation, &p, e) < 0 ||
	    participation_guard(s, &p, TR_RECORD, false, &step, e) < 0 ||
	    upload_write(s, &p, in, e) < 0 || svc_commit(s, e) < 0) {
		svc_rollback(s);
		if (e->status == 422 && *refused == DU_NONE)
			*refused = DU_STATEMENT;
		return -1;
	}
	return 0;
}

/* Every member's signed statement is there; else the refusal naming the
 * first unit whose one is missing. */
static int
statements_present(struct svc *s, struct decl_member *m, size_t n, struct err *e)
{
	json_t *st;
	size_t i;
	bool has;

	for (i = 0; i < n; i++) {
		if ((st = decl_statements(s, m[i].id, e)) == NULL)
			return -1;
		has = json_array_size(st) > 0;
		json_decref(st);
		if (!has)
			return decl_refuse(e, ERR_REFUSED,
			    i18n_subst(s->arena,
				i18n_get(s->lang, "declaration.error.statement_missing"),
				"unit", m[i].unit_name, (const char *)NULL));
	}
	return 0;
}

/* The confirmation's writes on the recorded declaration d. */
static int
confirm_write(struct svc *s, json_t *d, struct decl_member *m, size_t n, struct err *e)
{
	char now[TIME_ISO_LEN];

	time_iso(s->now, now);
	if (svc_exec_moved(s, DB_DECL_CONFIRM,
		(struct db_param[]){ DBP_INT(decl_num(d, "id")), DBP_INT(s->actor_id),
		    DBP_TEXT(now) },
		3, e) < 0)
		return -1;
	return decl_apply_all(s, m, n, TR_CONFIRM, NULL, "declaration.confirm",
	    decl_num(d, "id"), NULL, e);
}

int
decl_confirm(struct svc *s, int64_t pid, struct err *e)
{
	struct participation p;
	struct decl_member *m;
	json_t *d = NULL;
	size_t n;

	if (svc_begin(s, e) < 0)
		return -1;
	/* Policy, state and window first; then what is missing, by unit. */
	if (participation_load(s, pid, &p, e) < 0 ||
	    (d = decl_start(s, &p, DECL_IN(DECL_STATUS_RECORDED),
		 "declaration.error.not_recorded", TR_CONFIRM, true, &m, &n, e)) == NULL ||
	    statements_present(s, m, n, e) < 0 || confirm_write(s, d, m, n, e) < 0 ||
	    svc_commit(s, e) < 0) {
		svc_rollback(s);
		json_decref(d);
		return -1;
	}
	json_decref(d);
	return 0;
}
