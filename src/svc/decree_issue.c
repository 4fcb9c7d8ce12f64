/*
 * decree_issue.c - the decree's PDF (previewed as a draft, made for good
 * at the issue, outside the write transaction), its issue with the
 * participations' transitions and the awards in one transaction, the
 * certificates afterwards, and the signed paper copy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "core/region.h"
#include "svc/audit.h"
#include "svc/certificate.h"
#include "svc/decree.h"
#include "svc/decree_int.h"
#include "svc/document_words.h"
#include "svc/participation.h"

#define S(row, k) json_string_value(json_object_get((row), (k)))
#define I(row, k) json_integer_value(json_object_get((row), (k)))

/* The annex of decree d into *rows (DECREE_ENTRIES). */
static int
annex(struct svc *s, json_t *d, json_t **rows, struct err *e)
{
	return db_exec(s->c, DB_DECREE_ENTRIES,
	    (struct db_param[]){ DBP_INT(I(d, "id")) }, 1, rows, e);
}

/* The annex's rows as the template prints them, in Bahasa Indonesia. */
static json_t *
annex_model(struct svc *s, json_t *rows, struct rulebook *rb, size_t *awarded)
{
	const struct province *pv;
	char n[RULEBOOK_NUMBER_LEN];
	json_t *out = json_array(), *row;
	size_t i;

	*awarded = 0;
	json_array_foreach(rows, i, row) {
		pv = province_find((int)I(row, "province_code"));
		*awarded += I(row, "awarded") != 0;
		json_array_append_new(out,
		    json_pack("{s:s, s:s, s:s, s:s}", "unit_name", S(row, "unit_name"),
			"province", pv != NULL ? pv->name : "", "predicate",
			I(row, "awarded") ? certificate_predicate_label(rb, S(row, "predicate"))
					  : i18n_get(LANG_ID, "decree.no_predicate_label"),
			"total",
			rulebook_number_text(strtod(S(row, "total"), NULL),
			    RULEBOOK_LANG_ID, false, n)));
	}
	return out;
}

/* What decree d with annex rows says, into *doc (s's arena). */
static int
content_of(struct svc *s, json_t *d, json_t *rows, struct doc_content *doc, struct err *e)
{
	struct arena *a = s->arena;
	struct rulebook *rb;
	size_t awarded;
	json_t *m;

	if ((rb = rulebook_load_in(s->c, a, I(d, "rulebook_id"), e)) == NULL)
		return -1;
	m = json_pack("{s:O, s:I, s:O, s:O, s:O, s:O, s:o, s:I, s:s, s:O, s:O, s:O}",
	    "number", json_object_get(d, "number"), "year", (json_int_t)I(d, "cycle_year"),
	    "considerations", json_object_get(d, "considerations"), "amends",
	    json_object_get(d, "amends_number"), "amend_reason",
	    json_object_get(d, "amend_reason"), "cycle", json_object_get(d, "cycle_title"),
	    "entries", annex_model(s, rows, rb, &awarded), "count",
	    (json_int_t)json_array_size(rows), "award_date",
	    time_date_text(a, S(d, "award_date"), TIME_ID), "place",
	    json_object_get(d, "place"), "signer_title", json_object_get(d, "signer_title"),
	    "signer_name", json_object_get(d, "signer_name"));
	if (m != NULL)
		json_object_set_new(m, "awarded", json_integer((json_int_t)awarded));
	if (decree_words(s, DOC_DECREE, m, doc, e) < 0)
		return -1;
	doc->cycle_id = I(d, "cycle_id");
	doc->unit_name = arena_printf(a, "%s %s",
	    i18n_get(LANG_ID, "decree.document_name"), S(d, "number"));
	doc->date_text = time_date_text(a, S(d, "decreed_on"), TIME_ID);
	return doc->unit_name != NULL ? 0 : -1;
}

/* Decree id of cycle_id with its annex, for s's actor. */
static json_t *
decree_open(struct svc *s, int64_t cycle_id, int64_t id, json_t **rows, struct err *e)
{
	json_t *d;

	*rows = NULL;
	if ((d = decree_of_cycle(s, cycle_id, id, e)) == NULL)
		return NULL;
	if (annex(s, d, rows, e) < 0) {
		json_decref(d);
		return NULL;
	}
	return d;
}

int
decree_preview(struct svc *s, int64_t cycle_id, int64_t id, struct buf *out, struct err *e)
{
	struct doc_content doc;
	json_t *d, *rows;
	int rc = -1;

	if ((d = decree_open(s, cycle_id, id, &rows, e)) == NULL)
		return -1;
	if (content_of(s, d, rows, &doc, e) == 0)
		rc = document_preview(s, &doc,
		    arena_printf(s->arena, "%s", i18n_get(LANG_ID, "decree.preview_mark")),
		    out, e);
	json_decref(rows);
	json_decref(d);
	return rc;
}

/* d can be issued: a draft with an annex and a number no issued decree
 * holds. */
static int
issuable(struct svc *s, json_t *d, json_t *rows, struct err *e)
{
	json_t *used = NULL;
	bool taken;

	if (strcmp(S(d, "status"), "draft") != 0) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "decree.issued_already"));
		return -1;
	}
	if (json_array_size(rows) == 0) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "decree.no_candidates"));
		return -1;
	}
	if (db_exec(s->c, DB_DECREE_NUMBER_USED,
		(struct db_param[]){ DBP_TEXT(S(d, "number")), DBP_INT(I(d, "id")) }, 2,
		&used, e) < 0)
		return -1;
	taken = json_array_size(used) > 0;
	json_decref(used);
	if (taken) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "decree.number_taken"));
		return -1;
	}
	return 0;
}

/* One entry of the annex decided, in the transaction: the participation
 * moved on (unless d corrects a decree that moved it) and its award. */
static int
decide(struct svc *s, json_t *d, json_t *row, struct err *e)
{
	bool awarded = I(row, "awarded") != 0, correction = I(d, "amends_id") != 0;
	enum transition t = awarded ? TR_AWARD : TR_NOT_AWARD;
	struct machine_step step;
	struct participation p;
	char now[TIME_ISO_LEN];

	if (!correction &&
	    (participation_load(s, I(row, "participation_id"), &p, e) < 0 ||
		participation_guard(s, &p, t, true, &step, e) < 0 ||
		participation_apply(s, &p, t, &step,
		    arena_printf(s->arena, "%s %s",
			i18n_get(LANG_ID, "decree.document_name"), S(d, "number")),
		    e) < 0))
		return -1;
	if (!awarded)
		return 0;
	return db_exec(s->c, DB_AWARD_PUT,
	    (struct db_param[]){ DBP_INT(I(row, "participation_id")), DBP_INT(I(d, "id")),
		DBP_TEXT(S(row, "predicate")), DBP_TEXT(S(d, "award_date")),
		DBP_TEXT(time_iso(s->now, now)) },
	    5, NULL, e);
}

/* The issue's writes, in the transaction. */
static int
issue_write(struct svc *s, json_t *d, json_t *rows, const struct doc_prepared *dp,
    struct err *e)
{
	char now[TIME_ISO_LEN];
	int64_t doc_id = 0;
	json_t *row;
	size_t i;

	json_array_foreach(rows, i, row)
		if (decide(s, d, row, e) < 0)
			return -1;
	if (document_record(s, dp, &doc_id, e) < 0 ||
	    svc_exec_moved(s, DB_DECREE_ISSUE,
		(struct db_param[]){ DBP_INT(I(d, "id")), DBP_ID(s->actor_id),
		    DBP_TEXT(time_iso(s->now, now)), DBP_INT(doc_id), DBP_TEXT(dp->serial) },
		5, e) < 0)
		return -1;
	return svc_audit_new(s, "decree.issue", "decree", I(d, "id"),
	    json_pack("{s:I, s:s, s:s, s:I}", "cycle", (json_int_t)I(d, "cycle_id"),
		"number", S(d, "number"), "document", dp->serial, "entries",
		(json_int_t)json_array_size(rows)),
	    e);
}

int
decree_issue(struct svc *s, int64_t cycle_id, int64_t id, char serial[DOC_SERIAL_LEN],
    struct err *e)
{
	struct doc_prepared dp;
	struct doc_content doc;
	json_t *d, *rows = NULL;
	size_t made;
	int rc = -1;

	memset(&dp, 0, sizeof(dp));
	if (serial != NULL)
		serial[0] = '\0';
	if ((d = decree_open(s, cycle_id, id, &rows, e)) == NULL)
		return -1;
	if (issuable(s, d, rows, e) < 0 || content_of(s, d, rows, &doc, e) < 0 ||
	    document_prepare(s, &doc, &dp, e) < 0 || svc_begin(s, e) < 0)
		goto out;
	if (issue_write(s, d, rows, &dp, e) < 0 || svc_commit(s, e) < 0) {
		svc_rollback(s);
		goto out;
	}
	if (serial != NULL)
		snprintf(serial, DOC_SERIAL_LEN, "%s", dp.serial);
	rc = 0;
	/* The decree stands; a certificate that fails can be made again. */
	if (decree_certificates(s, cycle_id, id, &made, e) < 0) {
		log_warn("event=certificate_not_made decree=%lld why=\"%s\"",
		    (long long)id, e->msg);
		err_clear(e);
	}
out:
	if (rc < 0)
		document_abandon(s, &dp);
	json_decref(rows);
	json_decref(d);
	return rc;
}

int
decree_certificates(struct svc *s, int64_t cycle_id, int64_t id, size_t *made, struct err *e)
{
	json_t *d, *rows, *row;
	size_t i;
	int rc = 0;

	*made = 0;
	if ((d = decree_open(s, cycle_id, id, &rows, e)) == NULL)
		return -1;
	if (strcmp(S(d, "status"), "issued") != 0) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "decree.not_issued"));
		rc = -1;
	}
	json_array_foreach(rows, i, row) {
		if (rc < 0 || !I(row, "awarded") || S(row, "certificate_serial") != NULL)
			continue;
		if ((rc = certificate_issue(s, I(row, "participation_id"), e)) == 0)
			(*made)++;
	}
	json_decref(rows);
	json_decref(d);
	return rc;
}

/* The paper copy f (kept already) on decree id's row, in a transaction. */
static int
paper_write(struct svc *s, int64_t id, const struct file_in *f, struct err *e)
{
	const char *name = f->name != NULL && f->name[0] != '\0' ? f->name : "kertas";
	char now[TIME_ISO_LEN];

	if (svc_begin(s, e) < 0)
		return -1;
	if (svc_exec_moved(s, DB_DECREE_PAPER,
		(struct db_param[]){ DBP_INT(id), DBP_TEXT(f->sha256), DBP_TEXT(name),
		    DBP_TEXT(f->mime), DBP_INT((int64_t)f->size), DBP_ID(s->actor_id),
		    DBP_TEXT(time_iso(s->now, now)) },
		7, e) == 0 &&
	    svc_audit_commit(s, "decree.paper", "decree", id,
		json_pack("{s:s, s:s}", "sha256", f->sha256, "name", name), e) == 0)
		return 0;
	svc_rollback(s);
	return -1;
}

int
decree_paper(struct svc *s, int64_t cycle_id, int64_t id, struct file_in *f, struct err *e)
{
	json_t *d = decree_of_cycle(s, cycle_id, id, e);
	bool issued = d != NULL && strcmp(S(d, "status"), "issued") == 0;

	if (d != NULL && !issued)
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "decree.not_issued"));
	json_decref(d);
	return !issued || files_keep(s, f, FILE_STATEMENT, e) < 0 ? -1
								  : paper_write(s, id, f, e);
}

int
decree_paper_get(struct svc *s, int64_t cycle_id, int64_t id, json_t **row, struct err *e)
{
	if ((*row = decree_of_cycle(s, cycle_id, id, e)) == NULL)
		return -1;
	if (S(*row, "paper_sha256") == NULL) {
		json_decref(*row);
		*row = NULL;
		err_set(e, ERR_NOT_FOUND, "no paper copy");
		return -1;
	}
	return 0;
}
