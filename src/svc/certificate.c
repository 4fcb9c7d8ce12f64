/*
 * certificate.c - making a unit's certificate from its award: the words
 * from templates/documents/id/certificate.mustache, the page from
 * docs/certificate.c through document_prepare, recorded with the award in
 * a short transaction of its own; and a province's certificates laid out
 * again as one PDF to print.
 */
#include <inttypes.h>
#include <string.h>

#include "docs/pdf.h"
#include "svc/audit.h"
#include "svc/certificate.h"
#include "svc/decree_int.h"
#include "svc/document_words.h"
#include "svc/documents.h"
#include "svc/participation.h"

#define S(row, k) json_string_value(json_object_get((row), (k)))
#define I(row, k) json_integer_value(json_object_get((row), (k)))

const char *
certificate_predicate_label(const struct rulebook *rb, const char *code)
{
	const struct rb_predicate *p = rb != NULL ? rulebook_predicate(rb, code) : NULL;

	if (p != NULL)
		return rb_text_get(&p->label, RULEBOOK_LANG_ID);
	return code != NULL ? code : "";
}

int
decree_words(struct svc *s, enum doc_kind k, json_t *m, struct doc_content *d, struct err *e)
{
	int rc;

	memset(d, 0, sizeof(*d));
	if (m == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	rc = document_words(s->arena, k, LANG_ID, m, d, e);
	json_decref(m);
	return rc;
}

/* The award row of pid (AWARD_GET) into *row; 404 without one. */
static int
award_row(struct svc *s, int64_t pid, json_t **row, struct err *e)
{
	json_t *rows = NULL;

	*row = NULL;
	if (db_exec(s->c, DB_AWARD_GET, (struct db_param[]){ DBP_INT(pid) }, 1, &rows, e) < 0)
		return -1;
	*row = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (*row == NULL) {
		err_set(e, ERR_NOT_FOUND, "%s", svc_msg(s, "decree.no_award"));
		return -1;
	}
	return 0;
}

/* The certificate's words of award row w into d (in s's arena). */
static int
content_of(struct svc *s, json_t *w, struct rulebook *rb, struct doc_content *d, struct err *e)
{
	struct arena *a = s->arena;
	json_t *m;

	m = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "unit_name", S(w, "unit_name"),
	    "predicate", certificate_predicate_label(rb, S(w, "predicate")), "year",
	    (json_int_t)I(w, "cycle_year"), "decree_number", S(w, "decree_number"),
	    "decree_date", time_date_text(a, S(w, "decreed_on"), TIME_ID), "place",
	    S(w, "place"), "signer_title", S(w, "signer_title"));
	if (m != NULL)
		json_object_set(m, "signer_name", json_object_get(w, "signer_name"));
	if (decree_words(s, DOC_CERTIFICATE, m, d, e) < 0)
		return -1;
	d->participation_id = I(w, "participation_id");
	d->unit_id = I(w, "unit_id");
	d->unit_name = arena_strdup(a, S(w, "unit_name"));
	d->date_text = time_date_text(a, S(w, "award_date"), TIME_ID);
	return 0;
}

/* The standing certificate w held, withdrawn in favour of serial. */
static int
replace_old(struct svc *s, json_t *w, const char *serial, struct err *e)
{
	json_t *rows = NULL;
	bool standing;
	int64_t old = I(w, "certificate_id");

	if (old == 0)
		return 0;
	if (db_exec(s->c, DB_DOCUMENT_GET, (struct db_param[]){ DBP_INT(old) }, 1, &rows, e) < 0)
		return -1;
	standing = json_array_size(rows) == 1 &&
	    json_is_null(json_object_get(json_array_get(rows, 0), "withdrawn_at"));
	json_decref(rows);
	return standing ? document_withdraw(s, old,
			      i18n_subst(s->arena, i18n_get(LANG_ID, "decree.replaced_by"),
				  "serial", serial, (const char *)NULL),
			      e)
			: 0;
}

/* Record dp as w's certificate, in the transaction. */
static int
certificate_write(struct svc *s, json_t *w, const struct doc_prepared *dp, struct err *e)
{
	int64_t pid = I(w, "participation_id"), id = 0;

	if (document_record(s, dp, &id, e) < 0 || replace_old(s, w, dp->serial, e) < 0 ||
	    svc_exec_moved(s, DB_AWARD_CERTIFICATE,
		(struct db_param[]){ DBP_INT(pid), DBP_INT(id), DBP_TEXT(dp->serial) }, 3,
		e) < 0)
		return -1;
	return svc_audit_new(s, "award.certificate", "participation", pid,
	    json_pack("{s:s}", "serial", dp->serial), e);
}

/* The award of pid, standing, with its rulebook, for s's actor to act on. */
static int
award_open(struct svc *s, int64_t pid, json_t **w, struct rulebook **rb, struct err *e)
{
	struct object_ref ref = { .type = OBJ_CYCLE };

	if (award_row(s, pid, w, e) < 0)
		return -1;
	ref.id = I(*w, "cycle_id");
	if (svc_authorize(s, ACT_DECREE, &ref, e) < 0)
		return -1;
	if (!json_is_null(json_object_get(*w, "revoked_at"))) {
		err_set(e, ERR_REFUSED, "%s", svc_msg(s, "decree.award_revoked"));
		return -1;
	}
	*rb = rulebook_load_in(s->c, s->arena, I(*w, "rulebook_id"), e);
	return *rb != NULL ? 0 : -1;
}

int
certificate_issue(struct svc *s, int64_t participation_id, struct err *e)
{
	struct doc_prepared dp;
	struct doc_content d;
	struct rulebook *rb = NULL;
	json_t *w = NULL;
	int rc = -1;

	memset(&dp, 0, sizeof(dp));
	if (award_open(s, participation_id, &w, &rb, e) < 0 || content_of(s, w, rb, &d, e) < 0 ||
	    document_prepare(s, &d, &dp, e) < 0 || svc_begin(s, e) < 0)
		goto out;
	if (certificate_write(s, w, &dp, e) < 0 || svc_commit(s, e) < 0) {
		svc_rollback(s);
		goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		document_abandon(s, &dp);
	json_decref(w);
	return rc;
}

/* Page i of the batch: award row w laid out as it was issued. */
static int
batch_page(struct svc *s, json_t *w, struct rulebook *rb, struct pdf_doc *pd, struct err *e)
{
	struct doc_content d;

	return content_of(s, w, rb, &d, e) < 0 ||
		document_layout(s, &d, S(w, "certificate_serial"), s->now, pd, e) < 0
	    ? -1
	    : 0;
}

int
certificate_batch(struct svc *s, int64_t cycle_id, int province, struct buf *out,
    size_t *count, struct err *e)
{
	struct object_ref ref = { .type = OBJ_AUDIT, .at.province = province };
	struct rulebook *rb = NULL;
	struct pdf_doc *pages;
	json_t *rows = NULL, *w;
	size_t i, n;
	int rc = -1;

	*count = 0;
	if (svc_authorize(s, ACT_AUDIT_VIEW, &ref, e) < 0 ||
	    db_exec(s->c, DB_AWARD_PROVINCE,
		(struct db_param[]){ DBP_INT(cycle_id), DBP_INT(province) }, 2, &rows, e) < 0)
		return -1;
	if ((n = json_array_size(rows)) == 0) {
		err_set(e, ERR_NOT_FOUND, "%s", svc_msg(s, "decree.no_certificates"));
		goto out;
	}
	if ((pages = arena_alloc(s->arena, n * sizeof(*pages))) == NULL ||
	    (rb = rulebook_load_in(s->c, s->arena,
		 I(json_array_get(rows, 0), "rulebook_id"), e)) == NULL) {
		if (e->kind == ERR_NONE)
			err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	json_array_foreach(rows, i, w)
		if (batch_page(s, w, rb, &pages[i], e) < 0)
			goto out;
	if (pdf_render_set(pages, n, out, e) < 0)
		goto out;
	*count = n;
	rc = 0;
out:
	json_decref(rows);
	return rc;
}
