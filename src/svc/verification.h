/*
 * verification.h - the assessment stage up to the assessors: the unit
 * completes its evidence (the building's answers and files carried over,
 * changed through svc/building.h under TR_EVIDENCE) and its head submits
 * it for verification, refused while anything required is missing; the
 * assigned verifier gives a verdict per indicator (verified, needs
 * revision, not met; appended, the latest counts), records site visits
 * with photos, sends the flagged indicators back in numbered revision
 * rounds with a deadline (the unit changes only those, under TR_REVISE,
 * and its head resubmits), and closes verification once every applicable
 * indicator has a final verdict, which issues the verification report
 * (Berita Acara Verifikasi, BAV).
 */
#ifndef P2HAM_SVC_VERIFICATION_H
#define P2HAM_SVC_VERIFICATION_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/code.h"
#include "base/err.h"
#include "svc/building.h"
#include "svc/documents.h"
#include "svc/files.h"
#include "svc/svc.h"

/* clang-format off */
#define VERDICT_LIST(X) \
	X(VERDICT_VERIFIED, "verified")             /* the evidence meets the indicator */ \
	X(VERDICT_NEEDS_REVISION, "needs_revision") /* something is missing: the note says what */ \
	X(VERDICT_NOT_MET, "not_met")               /* final: the indicator is not met */
/* clang-format on */

enum verdict { VERDICT_LIST(CODE_ENUM) VERDICT_MAX };

/* "verified", "needs_revision", "not_met"; "" out of range. */
const char *verdict_code(enum verdict v);
/* The verdict called code, or VERDICT_MAX. */
enum verdict verdict_parse(const char *code);

/* Everything verification shows of a participation. */
struct verification {
	struct building b;    /* answers, evidence, progress */
	json_t *verdicts;     /* {indicator: [verdict row, oldest first]} */
	json_t *latest;       /* {indicator: latest verdict row} */
	json_t *rounds;       /* ROUND_LIST rows, with "items" */
	json_t *open_round;   /* the round open for revision, or NULL
				 (borrowed from rounds) */
	json_t *visits;       /* SITE_VISIT_LIST rows, with "photos" */
	size_t final_count;   /* applicable indicators with a final verdict */
	size_t flagged_count; /* ... whose latest is needs_revision */
	bool all_final;       /* every applicable indicator is final */
};

/* Load participation pid (404 when hidden) with its verification. -1 with
 * e; v is then safe to verification_free. */
int verification_load(struct svc *s, int64_t pid, struct verification *v, struct err *e);
void verification_free(struct verification *v);

/* The guard of the unit's writes to its answers and evidence now that p is
 * in the assessment stage: TR_EVIDENCE at evidence_open, TR_REVISE (the
 * open round's deadline; only its flagged indicators) at revision; NULL in
 * any other state. */
const struct fill_guard *verification_fill_guard(const struct participation *p);

/* The unit head submits the evidence for verification (TR_SUBMIT_EVIDENCE):
 * refused (409) while anything is missing, naming each indicator. */
int verification_submit(struct svc *s, int64_t pid, struct err *e);

/* One verdict as the verifier gives it. */
struct verdict_in {
	const char *indicator;
	enum verdict verdict;
	const char *note;                /* required unless verified */
	const char *recorded_offline_at; /* when a device recorded it
					    offline (ISO-8601 UTC); NULL:
					    given online */
};

/* Append verdicts (TR_VERIFY): -1 with e: the guard's refusal, 422 for an
 * indicator that does not apply or a verdict without its note. A verdict
 * that repeats its indicator's latest one (same verdict, same note) is not
 * appended again; when every one does, nothing is recorded. */
int verification_verdicts(struct svc *s, int64_t pid, const struct verdict_in *posted,
    size_t n, struct err *e);

/* Send back every indicator whose latest verdict is needs_revision
 * (TR_SEND_BACK), opening round N with deadline (YYYY-MM-DD, not before
 * today; the round ends at the end of that day in the unit's zone).
 * 409 when nothing is flagged. */
int verification_send_back(struct svc *s, int64_t pid, const char *deadline,
    const char *note, struct err *e);

/* The unit head resubmits the open round (TR_RESUBMIT). */
int verification_resubmit(struct svc *s, int64_t pid, struct err *e);

/* A site visit. */
struct visit_in {
	int64_t participation;
	const char *date;    /* YYYY-MM-DD, not after today */
	const char *present; /* who was present */
	const char *findings;
	struct file_in *photos; /* images, may be 0 */
	size_t photo_count;
	const char *recorded_offline_at; /* as in struct verdict_in */
};

/* Record a site visit with its photos (TR_VERIFY). *upload_refused (may be
 * NULL) says a photo was refused. */
int verification_visit(struct svc *s, const struct visit_in *in, bool *upload_refused,
    struct err *e);

/* Remove from files (rows of files_list of participation pid) the photos
 * of its site visits, which share the purpose photo with the declaration
 * event's. -1 with e (files then untouched). */
int verification_drop_visit_photos(struct svc *s, int64_t pid, json_t *files, struct err *e);

/* Close verification (TR_CLOSE_VERIFICATION; every applicable indicator
 * verified or not met) and issue the verification report; serial (may be
 * NULL) receives its serial. */
int
verification_close(struct svc *s, int64_t pid, char serial[DOC_SERIAL_LEN], struct err *e);

#endif
