/*
 * documents.h - the documents the system issues (declaration statements,
 * evaluation reports and letters): numbered per kind and year, rendered to
 * PDF, signed with the installation's key and stored before the state
 * change that issues them is written, then put on the record with it;
 * listed, withdrawn, and checked by anyone on /verifikasi/{serial}.
 * docs/documents.md describes the serials, the signed message and the
 * letterhead settings.
 */
#ifndef P2HAM_DOCUMENTS_H
#define P2HAM_DOCUMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/timefmt.h"
#include "db/db.h"
#include "docs/sign.h"
#include "svc/svc.h"
#include "view/i18n.h"

enum doc_kind {
	DOC_DECLARATION_STATEMENT, /* surat pernyataan pencanangan: PCN */
	DOC_EVALUATION_REPORT,     /* berita acara hasil evaluasi: BAE */
	DOC_EVALUATION_LETTER,     /* surat keterangan hasil evaluasi: SKE */
	DOC_VERIFICATION_REPORT,   /* berita acara verifikasi: BAV */
	DOC_PLENARY_MINUTES,       /* berita acara rapat pleno: BAP */
	DOC_DECREE,                /* keputusan menteri (penetapan): KEP */
	DOC_CERTIFICATE,           /* piagam penghargaan: PGM */
	DOC_KIND_MAX
};

/* "PCN-2026-000001" and its NUL fit with room to spare. */
#define DOC_SERIAL_LEN 32
/* The stored files: DATA_DIR/documents/<serial>.pdf. */
#define DOC_DIR "documents"
#define DOC_FILE_MAX (64 * 1024 * 1024) /* a stored PDF larger is refused */

/* One row of the label/value table. */
struct doc_line {
	const char *label;
	const char *value;
};

/* What a document says. Strings are borrowed for the call, valid UTF-8. */
struct doc_content {
	enum doc_kind kind;
	int64_t participation_id;      /* 0 for a cycle's document (the decree) */
	int64_t unit_id;               /* 0 with participation_id */
	int64_t cycle_id;              /* a cycle's document: whose; else 0 */
	const char *unit_name;         /* printed and kept for verification;
					  a cycle's document: what stands for
					  it (the decree's own name) */
	const char *title;             /* heading, upper case as printed */
	const char *const *paragraphs; /* body text, in order */
	size_t nparagraphs;
	const struct doc_line *lines; /* label/value table after the paragraphs */
	size_t nlines;
	const char *place;        /* city of the date line */
	const char *date_text;    /* the date as printed; NULL: the day of issue */
	const char *signer_title; /* e.g. "Kepala Kantor Imigrasi ..." */
	const char *signer_name;
	const char *signer_nip; /* NULL or "" when unknown */
};

/* A document made and stored under its serial but not on the record yet:
 * what document_prepare leaves for document_record. Strings in the
 * service's arena. */
struct doc_prepared {
	enum doc_kind kind;
	char serial[DOC_SERIAL_LEN]; /* "" until a number was taken */
	int64_t year;                /* of the serial */
	int64_t seq;
	int64_t participation_id;
	int64_t unit_id;
	int64_t cycle_id;
	const char *unit_name; /* one line each, as printed and signed */
	const char *title;
	const char *issuer;              /* the letterhead's name lines */
	char issued_at[TIME_ISO_LEN];    /* s->now, ISO-8601 UTC */
	char sha256[65];                 /* of the PDF bytes, lowercase hex */
	char signature[SIGN_BASE64_LEN]; /* of document_message's text */
	size_t bytes;                    /* of the PDF */
	bool stored;                     /* DATA_DIR/documents/<serial>.pdf written */
};

/*
 * Make document d, outside any transaction of the caller's: take the next
 * serial of its kind and the current year in the unit's time zone (s->now
 * being the time of issue) in a short transaction of its own, render,
 * sign the SHA-256 of the PDF with the installation's key (s->data_dir/
 * keys) and store the PDF as DATA_DIR/documents/<serial>.pdf. The QR code
 * opens s->public_url/verifikasi/<serial>; the unit's name is printed as
 * the first row of the table unless a line already carries it. 0 with *dp
 * filled; -1 with e. Once a serial is taken it is never given again: a
 * failure after that (dp->serial set) leaves a gap in the numbers, and so
 * does a document never recorded (document_abandon).
 */
int document_prepare(struct svc *s, const struct doc_content *d, struct doc_prepared *dp,
    struct err *e);

/*
 * The PDF d would be, not numbered, signed nor stored (a draft's preview):
 * serial_line stands where the number would be, and the QR code opens the
 * public verification page's address without a serial. Appended to out;
 * -1 with e.
 */
int document_preview(struct svc *s, const struct doc_content *d, const char *serial_line,
    struct buf *out, struct err *e);

/* The installation's letterhead (lines, address, issuer as the author)
 * into pd's head_lines, nhead, head_address and meta_author, in s's arena:
 * for a document printed on demand and never numbered (a survey poster or
 * report). -1 with e. */
struct pdf_doc;
int document_letterhead(struct svc *s, struct pdf_doc *pd, struct err *e);

/* The letter or certificate of d, with serial and issued at t, as
 * document_prepare lays it out, in s's arena into *pd (the unit's zone
 * tz): for a caller that renders several at once (a province's
 * certificates, pdf_render_set). -1 when out of memory. */
struct pdf_doc;
int document_layout(struct svc *s, const struct doc_content *d, const char *serial,
    time_t t, struct pdf_doc *pd, struct err *e);

/*
 * Put dp (from document_prepare) on the record, inside the transaction the
 * calling service has open on s->c for the state change it belongs to: its
 * row and the audit entry "document.issue" as s's actor. *id receives the
 * row. -1 with e; the caller rolls back, then calls document_abandon.
 */
int document_record(struct svc *s, const struct doc_prepared *dp, int64_t *id, struct err *e);

/*
 * After the transaction meant to record dp failed and was rolled back (or
 * was never begun): remove its stored file unless a row has it after all.
 * The serial stays taken; /verifikasi says it was never issued. Safe on a
 * dp whose document_prepare failed or took no number.
 */
void document_abandon(struct svc *s, struct doc_prepared *dp);

/*
 * Mark document id withdrawn at s->now with reason (1 to 500 characters,
 * one line or several), in the calling service's transaction, with the
 * audit entry "document.withdraw"; the file stays and verification then
 * says "withdrawn". Whether s's actor may withdraw is the caller's policy
 * decision. -1 with e (messages in s->lang): 404 for no such document, 409
 * when it was withdrawn already, 422 for a missing or too long reason.
 */
int document_withdraw(struct svc *s, int64_t id, const char *reason, struct err *e);

/*
 * The documents of a participation, newest first, as a new JSON array of
 * {id, serial, kind, kind_label (s's language), title, issued_at (text,
 * the unit's local time in s's language), href ("/dokumen/SERIAL"),
 * verify_href ("/verifikasi/SERIAL"), withdrawn (bool), withdrawn_reason
 * (string or null)}; NULL with e on a database error. The caller has
 * checked the policy.
 */
json_t *documents_list(struct svc *s, int64_t participation_id, struct err *e);

/* The document row of serial (the columns of stmts_documents.h: id,
 * serial, kind, ..., withdrawn_at, withdrawn_reason, and the unit's
 * province_code and organization_id) into *row, NULL when there is none;
 * the caller owns it. -1 with e on a database error. */
int document_find(struct db_conn *c, const char *serial, json_t **row, struct err *e);

/* A row of document_find as shown: the object documents_list lists, with
 * unit_name, issuer, participation_id, issued_at_iso, verify_url (under
 * s->public_url), withdrawn_at (local time, or null), withdrawn_at_iso and
 * sha256 besides. New reference; NULL when out of memory. */
json_t *document_json(struct svc *s, json_t *row);

/* Whether serial (well formed) was ever taken from its counter, whether or
 * not a document is on the record under it, into *taken. -1 with e on a
 * database error. */
int document_serial_taken(struct db_conn *c, const char *serial, bool *taken, struct err *e);

/* The stored file of serial into out (cap bytes); -1 when it does not fit. */
int document_path(const char *data_dir, const char *serial, char *out, size_t cap);
/* Write len bytes of data to DATA_DIR/documents/<serial>.pdf through a
 * temporary file, durably, never replacing a file of that name
 * (document_store.c). 0, or -1 with e. */
int document_store_file(const char *data_dir, const char *serial, const void *data,
    size_t len, struct err *e);
/* Keep the document serial, len bytes of data hashing to sha256, in the
 * process's file store: document_store_file in the data directory, or by
 * its SHA-256 in the database (svc/file_store.h). 0, or -1 with e. */
int document_keep(const char *data_dir, const char *serial, const char *sha256,
    const void *data, size_t len, struct err *e);

/*
 * Remove the temporary files of PDF writes that a crashed process left in
 * DATA_DIR/documents: those an hour old, since another process sharing
 * the store may be writing one now. Files set aside as orphans stay.
 */
void documents_sweep(const char *data_dir);

/* The kind's stable code ("declaration_statement", ...) and serial prefix
 * ("PCN", ...); "" out of range. */
const char *doc_kind_code(enum doc_kind k);
const char *doc_kind_prefix(enum doc_kind k);

/* The facts a document's signature covers, as stored. */
struct doc_signed {
	const char *serial;
	const char *kind;      /* doc_kind_code */
	const char *issued_at; /* ISO-8601 UTC */
	const char *unit_name; /* one line each, as printed */
	const char *title;
	const char *issuer; /* the letterhead's name lines */
	const char *sha256; /* of the PDF bytes, lowercase hex */
};

/*
 * Append to b the exact text that is signed (docs/documents.md):
 *
 *	p2ham-document-1
 *	serial: PCN-2026-000001
 *	kind: declaration_statement
 *	issued_at: 2026-11-29T09:30:00Z
 *	unit: ...
 *	title: ...
 *	issuer: ...
 *	sha256: ...
 *
 * each line ended by a newline.
 */
void document_message(struct buf *b, const struct doc_signed *f);

/* The signed fields of a document_find row into f (borrowed from row);
 * false when one is missing. */
bool document_signed_of(json_t *row, struct doc_signed *f);

/* True when signature (base64) is pk's Ed25519 signature of f's message. */
bool document_signature_ok(const unsigned char pk[SIGN_PUBLIC_BYTES],
    const struct doc_signed *f, const char *signature);

/* True when s is a well-formed serial: a known prefix, "-", a year of four
 * digits, "-", six digits. */
bool document_serial_valid(const char *s);

#endif
