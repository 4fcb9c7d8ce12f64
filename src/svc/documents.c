/*
 * documents.c - issuing and withdrawing generated documents; reading them
 * back is document_read.c's, their pages documents_pages.c.
 *
 * A document is issued in two steps, so that nothing slow happens while a
 * write transaction holds the database. document_prepare takes the next
 * serial of its kind and year from the counter row in a short transaction
 * of its own, then, outside any transaction, renders the PDF (docs/pdf.c),
 * hashes and signs it - the signature covers a short text naming the
 * serial, kind, time, unit, title, issuer and the SHA-256 of the PDF bytes
 * (document_message), so the verification page can show those facts as
 * signed and anyone holding the public key can check them offline - and
 * stores the file. document_record then inserts the row, inside the
 * transaction of the state change the document belongs to. A serial taken
 * is never given again: when that transaction fails, document_abandon
 * removes the file and the number stays a gap, which the verification page
 * reports as never issued. A serial that has a row already (a reset
 * counter) is refused before its file is written, so no stored document is
 * ever replaced.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "svc/audit.h"
#include "svc/documents.h"
#include "base/fsync.h"
#include "base/log.h"
#include "base/sha256.h"
#include "base/str.h"
#include "base/timefmt.h"
#include "core/region.h"
#include "docs/pdf.h"
#include "docs/sign.h"

#define REASON_MAX 500 /* characters of a withdrawal reason */
#define SEQ_MAX 999999 /* six digits */

/* The kinds as data: stable code (the database's), serial prefix. */
static const struct {
	const char *code;
	const char *prefix;
} kinds[DOC_KIND_MAX] = {
	[DOC_DECLARATION_STATEMENT] = { "declaration_statement", "PCN" },
	[DOC_EVALUATION_REPORT] = { "evaluation_report", "BAE" },
	[DOC_EVALUATION_LETTER] = { "evaluation_letter", "SKE" },
	[DOC_VERIFICATION_REPORT] = { "verification_report", "BAV" },
	[DOC_PLENARY_MINUTES] = { "plenary_minutes", "BAP" },
	[DOC_DECREE] = { "decree", "KEP" },
	[DOC_CERTIFICATE] = { "certificate", "PGM" },
};

/* Letterhead settings: the name lines in print order, then the address. */
/* clang-format off */
static const char *const head_keys[] = {
	"letterhead.line1", "letterhead.line2", "letterhead.line3",
};
/* clang-format on */
#define NHEAD (sizeof(head_keys) / sizeof(head_keys[0]))
#define ADDRESS_KEY "letterhead.address"

const char *
doc_kind_code(enum doc_kind k)
{
	return (unsigned)k < DOC_KIND_MAX ? kinds[k].code : "";
}

const char *
doc_kind_prefix(enum doc_kind k)
{
	return (unsigned)k < DOC_KIND_MAX ? kinds[k].prefix : "";
}

/* s on one line: line breaks and tabs become spaces, ends trimmed, in a.
 * What is signed is one field per line. */
static const char *
one_line(struct arena *a, const char *s)
{
	char *out, *p;
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	if ((out = arena_strdup(a, s)) == NULL)
		return NULL;
	for (p = out; *p != '\0'; p++)
		if (*p == '\r' || *p == '\n' || *p == '\t')
			*p = ' ';
	n = strlen(out);
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
	return out;
}

static enum tz
tz_of(int province)
{
	const struct province *p = province_find(province);

	return p != NULL ? p->tz : TZ_WIB;
}

/* The letterhead lines (up to NHEAD), the address, and the issuer (the
 * name lines joined), from the settings. */
struct letterhead {
	const char *lines[NHEAD];
	size_t count;
	const char *address;
	const char *issuer;
};

static int
letterhead_load(struct arena *a, struct db_conn *c, struct letterhead *lh, struct err *e)
{
	json_t *rows = NULL, *row;
	const char *key, *value;
	struct buf b;
	size_t i, k;

	memset(lh, 0, sizeof(*lh));
	if (db_exec(c, DB_DOCUMENT_LETTERHEAD, NULL, 0, &rows, e) < 0)
		return -1;
	buf_init(&b, 0);
	for (k = 0; k < NHEAD; k++) {
		json_array_foreach(rows, i, row) {
			key = json_string_value(json_object_get(row, "key"));
			value = json_string_value(json_object_get(row, "value"));
			if (key == NULL || value == NULL || strcmp(key, head_keys[k]) != 0 ||
			    (value = one_line(a, value)) == NULL || value[0] == '\0')
				continue;
			lh->lines[lh->count++] = value;
			buf_printf(&b, "%s%s", b.len > 0 ? " \xe2\x80\x94 " : "", value);
		}
	}
	json_array_foreach(rows, i, row) {
		key = json_string_value(json_object_get(row, "key"));
		value = json_string_value(json_object_get(row, "value"));
		if (key != NULL && value != NULL && strcmp(key, ADDRESS_KEY) == 0)
			lh->address = one_line(a, value);
	}
	json_decref(rows);
	lh->issuer = b.failed ? NULL : arena_strdup(a, b.len > 0 ? buf_cstr(&b) : "p2ham");
	buf_free(&b);
	if (lh->issuer == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

/* lh's lines in a, to outlive lh (its caller's); NULL when out of memory. */
static const char **
head_lines(struct arena *a, const struct letterhead *lh)
{
	const char **lines = arena_alloc(a, (lh->count + 1) * sizeof(*lines));

	if (lines != NULL)
		memcpy(lines, lh->lines, lh->count * sizeof(*lines));
	return lines;
}

int
document_letterhead(struct svc *s, struct pdf_doc *pd, struct err *e)
{
	struct letterhead lh;
	const char **lines;

	if (letterhead_load(s->arena, s->c, &lh, e) < 0)
		return -1;
	if ((lines = head_lines(s->arena, &lh)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	pd->head_lines = lines;
	pd->nhead = lh.count;
	pd->head_address = lh.address;
	pd->meta_author = lh.issuer;
	return 0;
}

/* Check d before anything is numbered. */
static int
content_check(const struct doc_content *d, struct err *e)
{
	size_t i;

	bool owner = d->participation_id > 0 ? d->unit_id > 0
					     : d->unit_id == 0 && d->cycle_id > 0;

	if ((unsigned)d->kind >= DOC_KIND_MAX || !owner || d->unit_name == NULL ||
	    d->unit_name[0] == '\0' || d->title == NULL || d->title[0] == '\0' ||
	    (d->nparagraphs > 0 && d->paragraphs == NULL) ||
	    (d->nlines > 0 && d->lines == NULL)) {
		err_set(e, ERR_DOCUMENT, "incomplete document content");
		return -1;
	}
	for (i = 0; i < d->nparagraphs; i++)
		if (d->paragraphs[i] == NULL) {
			err_set(e, ERR_DOCUMENT, "paragraph %zu is NULL", i);
			return -1;
		}
	return 0;
}

/* The table rows: the unit first unless a line already names it. */
static struct pdf_row *
rows_of(struct arena *a, const struct doc_content *d, const char *unit_name, size_t *n)
{
	struct pdf_row *rows = arena_alloc(a, (d->nlines + 1) * sizeof(*rows));
	bool has_unit = false;
	size_t i, k = 0;

	if (rows == NULL)
		return NULL;
	for (i = 0; i < d->nlines; i++)
		if (d->lines[i].value != NULL && strcmp(d->lines[i].value, d->unit_name) == 0)
			has_unit = true;
	/* A cycle's document names no unit; a certificate prints it large. */
	if (d->participation_id == 0 || d->kind == DOC_CERTIFICATE)
		has_unit = true;
	if (!has_unit)
		rows[k++] = (struct pdf_row){ i18n_get(LANG_ID, "documents.pdf.unit_label"),
			unit_name };
	for (i = 0; i < d->nlines; i++)
		rows[k++] = (struct pdf_row){ d->lines[i].label, d->lines[i].value };
	*n = k;
	return rows;
}

/* The zone d is dated in, into *tz: its unit's; a cycle's document is
 * dated in the ministry's, Jakarta's. */
static int
zone_of(struct svc *s, const struct doc_content *d, enum tz *tz, struct err *e)
{
	json_t *rows = NULL, *row;

	*tz = TZ_WIB;
	if (d->participation_id == 0)
		return 0;
	if (db_exec(s->c, DB_PARTICIPATION_PLACE,
		(struct db_param[]){ DBP_INT(d->participation_id) }, 1, &rows, e) < 0)
		return -1;
	row = json_array_get(rows, 0);
	if (row == NULL || json_integer_value(json_object_get(row, "unit_id")) != d->unit_id) {
		json_decref(rows);
		err_set(e, ERR_DOCUMENT, "participation %" PRId64 " is not of unit %" PRId64,
		    d->participation_id, d->unit_id);
		return -1;
	}
	*tz = tz_of((int)json_integer_value(json_object_get(row, "province_code")));
	json_decref(rows);
	return 0;
}

/*
 * The next serial of d's kind in the year of s->now in d's zone (*tz
 * receives the zone), into dp: the counter row is updated in a short
 * transaction of its own (in a batch, the caller's), so that issuers queue
 * on it only for that moment. The number is taken for good.
 */
static int
reserve(struct svc *s, const struct doc_content *d, struct doc_prepared *dp, enum tz *tz,
    struct err *e)
{
	json_t *rows = NULL;
	struct tm tm;

	if (zone_of(s, d, tz, e) < 0)
		return -1;
	dp->year = time_local(s->now, tz_offset(*tz), &tm)->tm_year + 1900;
	if (svc_begin(s, e) < 0)
		return -1;
	if (db_exec(s->c, DB_DOCUMENT_SERIAL_NEXT,
		(struct db_param[]){ DBP_TEXT(kinds[d->kind].code), DBP_INT(dp->year) },
		2, &rows, e) < 0 ||
	    svc_commit(s, e) < 0) {
		json_decref(rows);
		svc_rollback(s);
		return -1;
	}
	dp->seq = json_integer_value(json_object_get(json_array_get(rows, 0), "seq"));
	json_decref(rows);
	if (dp->seq < 1 || dp->seq > SEQ_MAX) {
		err_set(e, ERR_DOCUMENT, "%s numbers of %" PRId64 " are used up",
		    kinds[d->kind].prefix, dp->year);
		return -1;
	}
	snprintf(dp->serial, DOC_SERIAL_LEN, "%s-%04" PRId64 "-%06" PRId64,
	    kinds[d->kind].prefix, dp->year, dp->seq);
	return 0;
}

/* A row holds serial already (a counter reset by a restore): 409, before
 * a file of that name is touched. */
static int
serial_free(struct svc *s, const char *serial, struct err *e)
{
	json_t *row = NULL;

	if (document_find(s->c, serial, &row, e) < 0)
		return -1;
	if (row == NULL)
		return 0;
	json_decref(row);
	err_set(e, ERR_DOCUMENT,
	    "serial %s is on the record already: the counter was reset", serial);
	return -1;
}

/* What is printed: d under letterhead lh, with its serial, dated t in zone
 * tz, its QR code opening the public verification page. -1 when out of
 * memory. */
static int
layout(struct svc *s, const struct doc_content *d, const struct letterhead *lh,
    const char *serial, const char *unit_name, const char *title, time_t t, enum tz tz,
    const char *now, struct pdf_doc *pd)
{
	struct arena *a = s->arena;
	const char *date, **lines;

	memset(pd, 0, sizeof(*pd));
	date = d->date_text != NULL && d->date_text[0] != '\0'
	    ? d->date_text
	    : time_local_text(a, t, tz_offset(tz), NULL, TIME_ID, TIME_DATE);
	if ((lines = head_lines(a, lh)) == NULL)
		return -1;
	pd->head_lines = lines;
	pd->nhead = lh->count;
	pd->head_address = lh->address;
	pd->title = title;
	if (d->kind == DOC_CERTIFICATE) {
		pd->style = PDF_CERTIFICATE;
		pd->headline = unit_name;
	}
	pd->serial_line = arena_printf(a, "%s: %s",
	    i18n_get(LANG_ID, "documents.pdf.serial_label"), serial);
	pd->paragraphs = d->paragraphs;
	pd->nparagraphs = d->nparagraphs;
	pd->rows = rows_of(a, d, unit_name, &pd->nrows);
	if (date != NULL)
		pd->date_line = d->place != NULL && d->place[0] != '\0'
		    ? arena_printf(a, "%s, %s", d->place, date)
		    : date;
	pd->signer_title = d->signer_title;
	pd->signer_name = d->signer_name;
	if (d->signer_nip != NULL && d->signer_nip[0] != '\0')
		pd->signer_id_line = arena_printf(a, "NIP. %s", d->signer_nip);
	pd->qr_text = arena_printf(a, "%s/verifikasi/%s", s->public_url, serial);
	pd->footer_note = i18n_get(LANG_ID, "documents.pdf.footer_note");
	pd->page_ref = serial;
	pd->meta_title = arena_printf(a, "%s %s", title, serial);
	pd->meta_author = lh->issuer;
	pd->meta_created = now;
	return pd->qr_text == NULL || pd->serial_line == NULL || pd->rows == NULL ||
		pd->date_line == NULL || pd->meta_title == NULL
	    ? -1
	    : 0;
}

int
document_layout(struct svc *s, const struct doc_content *d, const char *serial, time_t t,
    struct pdf_doc *pd, struct err *e)
{
	const char *unit_name, *title;
	char now[TIME_ISO_LEN];
	struct letterhead lh;
	enum tz tz;

	if (content_check(d, e) < 0 || letterhead_load(s->arena, s->c, &lh, e) < 0 ||
	    zone_of(s, d, &tz, e) < 0)
		return -1;
	if ((unit_name = one_line(s->arena, d->unit_name)) == NULL ||
	    (title = one_line(s->arena, d->title)) == NULL ||
	    layout(s, d, &lh, serial, unit_name, title, t, tz,
		arena_strdup(s->arena, time_iso(t, now)), pd) < 0) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

int
document_preview(struct svc *s, const struct doc_content *d, const char *serial_line,
    struct buf *out, struct err *e)
{
	struct pdf_doc pd;

	if (document_layout(s, d, "", s->now, &pd, e) < 0)
		return -1;
	pd.serial_line = serial_line;
	pd.page_ref = NULL;
	pd.qr_text = arena_printf(s->arena, "%s/verifikasi", s->public_url);
	if (pd.qr_text == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	return pdf_render(&pd, out, e);
}

/* Sign f's message with the installation's key into sig64. */
static int
sign_message(const char *data_dir, const struct doc_signed *f,
    char sig64[SIGN_BASE64_LEN], struct err *e)
{
	unsigned char sig[SIGN_BYTES];
	struct sign_keys keys;
	struct buf msg;
	int rc = -1;

	buf_init(&msg, 0);
	document_message(&msg, f);
	if (msg.failed)
		err_set(e, ERR_NOMEM, "out of memory");
	else if (sign_keys_load(data_dir, &keys, e) == 0) {
		sign_detached(&keys, msg.data, msg.len, sig);
		sign_keys_wipe(&keys);
		sign_base64(sig64, SIGN_BASE64_LEN, sig, sizeof(sig));
		rc = 0;
	}
	buf_free(&msg);
	return rc;
}

/* Render d under letterhead lh as dp says (serial, issued_at, one-line
 * texts), hash, sign and store it. */
static int
make_file(struct svc *s, const struct doc_content *d, const struct letterhead *lh,
    enum tz tz, struct doc_prepared *dp, struct err *e)
{
	struct doc_signed f;
	struct pdf_doc pd;
	struct buf pdf;
	int rc = -1;

	if (layout(s, d, lh, dp->serial, dp->unit_name, dp->title, s->now, tz,
		dp->issued_at, &pd) < 0) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	buf_init(&pdf, DOC_FILE_MAX);
	if (pdf_render(&pd, &pdf, e) < 0)
		goto done;
	sha256_hex(pdf.data, pdf.len, dp->sha256);
	f = (struct doc_signed){ .serial = dp->serial,
		.kind = kinds[d->kind].code,
		.issued_at = dp->issued_at,
		.unit_name = dp->unit_name,
		.title = dp->title,
		.issuer = dp->issuer,
		.sha256 = dp->sha256 };
	if (sign_message(s->data_dir, &f, dp->signature, e) < 0 ||
	    serial_free(s, dp->serial, e) < 0 ||
	    document_keep(s->data_dir, dp->serial, dp->sha256, pdf.data, pdf.len, e) < 0)
		goto done;
	dp->stored = true;
	dp->bytes = pdf.len;
	rc = 0;
done:
	buf_free(&pdf);
	return rc;
}

int
document_prepare(struct svc *s, const struct doc_content *d, struct doc_prepared *dp,
    struct err *e)
{
	struct letterhead lh;
	enum tz tz;

	memset(dp, 0, sizeof(*dp));
	/* Rendering takes long: never while holding the caller's write lock. */
	if (!s->batch && db_in_transaction(s->c)) {
		err_set(e, ERR_INTERNAL, "document_prepare inside a transaction");
		return -1;
	}
	if (content_check(d, e) < 0)
		return -1;
	dp->kind = d->kind;
	dp->participation_id = d->participation_id;
	dp->unit_id = d->unit_id;
	dp->cycle_id = d->cycle_id;
	time_iso(s->now, dp->issued_at);
	if ((dp->unit_name = one_line(s->arena, d->unit_name)) == NULL ||
	    (dp->title = one_line(s->arena, d->title)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	if (letterhead_load(s->arena, s->c, &lh, e) < 0)
		return -1;
	dp->issuer = lh.issuer;
	if (reserve(s, d, dp, &tz, e) < 0) {
		dp->serial[0] = '\0';
		return -1;
	}
	/* The number is taken: from here on a failure leaves it a gap. */
	if (make_file(s, d, &lh, tz, dp, e) < 0) {
		log_warn("event=document_not_made serial=%s", dp->serial);
		return -1;
	}
	return 0;
}

int
document_record(struct svc *s, const struct doc_prepared *dp, int64_t *id, struct err *e)
{
	*id = 0;
	if (!dp->stored) {
		err_set(e, ERR_INTERNAL, "a document not prepared");
		return -1;
	}
	if (db_exec_int(s->c, DB_DOCUMENT_INSERT,
		(struct db_param[]){ DBP_TEXT(dp->serial), DBP_TEXT(kinds[dp->kind].code),
		    DBP_INT(dp->year), DBP_INT(dp->seq), DBP_ID(dp->participation_id),
		    DBP_ID(dp->unit_id), DBP_TEXT(dp->unit_name), DBP_TEXT(dp->title),
		    DBP_TEXT(dp->issuer), DBP_TEXT(dp->sha256), DBP_TEXT(dp->signature),
		    DBP_TEXT(dp->issued_at), DBP_ID(s->actor_id), DBP_ID(dp->cycle_id) },
		14, "id", id, e) < 0)
		return -1;
	if (svc_audit_new(s, "document.issue", "document", *id,
		json_pack("{s:s, s:s, s:I, s:I, s:s}", "serial", dp->serial, "kind",
		    kinds[dp->kind].code, "participation_id", (json_int_t)dp->participation_id,
		    "unit_id", (json_int_t)dp->unit_id, "sha256", dp->sha256),
		e) < 0) {
		*id = 0;
		return -1;
	}
	log_info("event=document_issue serial=%s bytes=%zu", dp->serial, dp->bytes);
	return 0;
}

void
document_abandon(struct svc *s, struct doc_prepared *dp)
{
	char path[4200];
	json_t *row = NULL;
	struct err e;

	if (dp->serial[0] == '\0')
		return;
	err_clear(&e);
	/* Only a file no row points at goes: after a commit whose answer was
	 * lost, the document may be on the record after all. */
	if (dp->stored && document_find(s->c, dp->serial, &row, &e) == 0 && row == NULL &&
	    document_path(s->data_dir, dp->serial, path, sizeof(path)) == 0 &&
	    unlink(path) < 0 && errno != ENOENT)
		log_warn("event=document_unlink_failed serial=%s errno=%d", dp->serial, errno);
	if (row == NULL)
		log_warn("event=document_abandoned serial=%s", dp->serial);
	json_decref(row);
	dp->stored = false;
}

int
document_withdraw(struct svc *s, int64_t id, const char *reason, struct err *e)
{
	char now[TIME_ISO_LEN];
	const char *why, *serial;
	json_t *rows = NULL;
	int rc;

	why = reason != NULL ? one_line(s->arena, reason) : "";
	if (why == NULL || why[0] == '\0' || !utf8_valid(why, strlen(why)) ||
	    utf8_chars(why) > REASON_MAX) {
		err_set(e, ERR_INVALID, "%s",
		    i18n_get(s->lang,
			why != NULL && why[0] != '\0'
			    ? "documents.withdraw.reason_too_long"
			    : "documents.withdraw.reason_required"));
		return -1;
	}
	if ((serial = svc_first_text(s, DB_DOCUMENT_GET,
		 (struct db_param[]){ DBP_INT(id) }, 1, "serial", e)) == NULL)
		return -1;
	if (serial[0] == '\0') {
		err_set(e, ERR_NOT_FOUND, "no document %" PRId64, id);
		return -1;
	}
	time_iso(s->now, now);
	if (db_exec(s->c, DB_DOCUMENT_WITHDRAW,
		(struct db_param[]){ DBP_INT(id), DBP_TEXT(now),
		    s->actor_id > 0 ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(why) },
		4, &rows, e) < 0)
		return -1;
	rc = json_array_size(rows) == 1 ? 0 : -1;
	json_decref(rows);
	if (rc < 0) {
		err_set(e, ERR_REFUSED, "%s", i18n_get(s->lang, "documents.withdraw.already"));
		return -1;
	}
	return svc_audit_new(s, "document.withdraw", "document", id,
	    json_pack("{s:s, s:s}", "serial", serial, "reason", why), e);
}
