/*
 * decree.h - the Minister's decree (penetapan) of a cycle: drafted by the
 * programme admin from the plenary's recommendations (its number as cited,
 * date, place, signatory, considerations and the annex of units with their
 * predicate), previewed as a PDF, then issued once: recommended
 * participations become awarded with their predicate (an award row each),
 * not recommended ones not awarded, in one transaction that also records
 * the decree's numbered, signed PDF (KEP); each awarded unit's certificate
 * follows (certificate.h). An issued decree never changes but for the
 * signed paper copy uploaded beside it; a correction is a new decree that
 * names the one it amends, with the same annex, and moves its awards to
 * itself with new certificates. docs/decree.md describes it.
 */
#ifndef P2HAM_DECREE_H
#define P2HAM_DECREE_H

#include <stdint.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "svc/documents.h"
#include "svc/files.h"
#include "svc/svc.h"

/* What the draft form sends; strings borrowed, NULL as "". */
struct decree_in {
	const char *number;     /* as cited: "MHA-04.UM.04.01 Tahun 2024" */
	const char *decreed_on; /* YYYY-MM-DD */
	const char *place;      /* of the signature: "Jakarta" */
	const char *signer_name;
	const char *signer_title;   /* "Menteri Hak Asasi Manusia" */
	const char *considerations; /* the "menimbang" text */
	const char *award_date;     /* YYYY-MM-DD; "": the setting's day
				       (decree.award_day) of the cycle's year */
	int64_t amends;             /* a correction: the issued decree it
				       amends (new drafts only); 0: none */
	const char *amend_reason;   /* required with amends */
};

/*
 * Save a draft of cycle_id's decree: a new one when *id is 0 (its id into
 * *id), else the draft *id's fields. The annex is drawn again from the
 * participations the plenary decided that no decree decided yet (a
 * correction: the annex of the decree it amends). Only the admin
 * (ACT_DECREE on the cycle). -1 with e: ERR_INVALID with pr's fields
 * ("nomor", "tanggal", "tempat", "penandatangan", "jabatan",
 * "pertimbangan", "tanggal_penghargaan", "alasan_koreksi", "koreksi") for
 * bad input or an empty annex; 409 for a decree issued already; 404.
 */
int decree_save(struct svc *s, int64_t cycle_id, int64_t *id, const struct decree_in *in,
    struct svc_problems *pr, struct err *e);

/* The decrees of cycle_id, newest first, as a JSON array of decree_get's
 * objects without their annex; NULL with e (ACT_DECREE on the cycle). */
json_t *decree_list(struct svc *s, int64_t cycle_id, struct err *e);

/*
 * Decree id of cycle_id as a new JSON object: its columns, status_label,
 * issued (bool), decreed_on_text, award_date_text, the annex "entries"
 * [{participation_id, unit_name, province, awarded, predicate (label or
 * "-"), total, certificate_serial}], awarded_count, and "paper" (name,
 * href) once uploaded; NULL with e (404 for another cycle's).
 */
json_t *decree_get(struct svc *s, int64_t cycle_id, int64_t id, struct err *e);

/* Decree id's PDF as it would be issued, marked as a draft, appended to
 * out. -1 with e. */
int
decree_preview(struct svc *s, int64_t cycle_id, int64_t id, struct buf *out, struct err *e);

/*
 * Issue draft id: the annex's participations awarded or not awarded, the
 * awards written, the decree's PDF recorded and its number locked, in one
 * transaction; then each award's certificate (a certificate that fails is
 * logged and can be made again with decree_certificates). The PDF's serial
 * into serial (may be NULL). -1 with e: 409 when issued already, when its
 * number is taken by another issued decree, or when a participation moved
 * on since the draft was made (nothing is written then).
 */
int decree_issue(struct svc *s, int64_t cycle_id, int64_t id, char serial[DOC_SERIAL_LEN],
    struct err *e);

/* Make the certificates issued decree id's awards lack (certificate.h).
 * *made receives how many; -1 with e at the first that fails. */
int decree_certificates(struct svc *s, int64_t cycle_id, int64_t id, size_t *made,
    struct err *e);

/* Keep f as issued decree id's signed paper copy (a PDF or an image),
 * replacing one uploaded before. -1 with e: 409 for a draft, 422 for a bad
 * file. */
int
decree_paper(struct svc *s, int64_t cycle_id, int64_t id, struct file_in *f, struct err *e);

/* The paper copy of decree id: its row into *row (paper_sha256,
 * paper_name, paper_mime, paper_size); 404 without one. */
int
decree_paper_get(struct svc *s, int64_t cycle_id, int64_t id, json_t **row, struct err *e);

/*
 * The award of participation p_id as its penetapan page shows it, a new
 * JSON object {awarded, predicate, award_date_text, decree_number,
 * decreed_on_text, certificate_serial, certificate_href, revoked}, or JSON
 * null when no decree decided on it yet. The caller has checked that the
 * actor may see the participation. NULL with e.
 */
json_t *decree_award(struct svc *s, int64_t p_id, struct err *e);

#endif
