/*
 * complaints.h - public complaints about a unit's service (pengaduan).
 *
 * Anyone files a complaint about a unit without signing in and receives a
 * tracking code, shown once; with it they follow the status and the public
 * answers, confirm that it is resolved or reopen it once. The regional
 * office of the unit's province (or the admin) triages a new complaint:
 * accepts it (the unit's turn), refers it to SP4N-LAPOR!, SIMASHAM or the
 * Ombudsman, or closes it as not a complaint, with the reason. The unit
 * answers in public and keeps internal notes apart; an answered complaint
 * closes when the complainant confirms it or after a configurable number
 * of days. Every step is on the complaint's timeline and in the audit log.
 *
 * Who may do what is the policy's answer on the unit's participations,
 * asked with no participation chosen (the unit's place only): mentor
 * (regional office, admin) handles and triages; fill (operator, unit head)
 * answers; progress view reads. The complainant's name and contact are
 * shown to handlers, and to the unit only when the complainant did not ask
 * to be hidden from it; never to anyone else, never in a list, an export
 * or the audit log.
 *
 * Deadlines are working days (core/workdays.h) in the unit's zone, with
 * the holiday calendar of the holiday table: triage from filing, the first
 * answer and the resolution from acceptance (or reopening). Settings, each
 * a whole number of days: complaint.days.triage (3), .answer (5),
 * .resolve (10), .auto_close (10 calendar days after the answer).
 */
#ifndef P2HAM_SVC_COMPLAINTS_H
#define P2HAM_SVC_COMPLAINTS_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "svc/files.h"
#include "svc/svc.h"

#define COMPLAINT_CODE_LEN 12           /* "ABCDE-FGHJK" and its NUL */
#define COMPLAINT_BODY_MAX 4000         /* characters of what happened */
#define COMPLAINT_LINE_MAX 200          /* of a place, a name, a contact */
#define COMPLAINT_FILES_MAX 3           /* attachments of one complaint */
#define COMPLAINT_BYTES_MAX (12u << 20) /* their bytes together */

/* A complaint as filed on the public form. Strings borrowed; "" or NULL
 * for what was left out. */
struct complaint_in {
	int64_t unit;
	const char *category;    /* a complaint_category code */
	const char *body;        /* what happened */
	const char *happened_on; /* YYYY-MM-DD, not after today */
	const char *place;       /* where */
	const char *name;        /* the complainant, optional */
	const char *contact;     /* phone or e-mail, optional */
	bool consent;            /* agrees that handlers see name and
				    contact; required when either is given */
	bool hide_identity;      /* hide them from the unit */
	const char *nonce;       /* the form token's nonce: a token files
				    once (unique in the table); NULL none */
	struct file_in *files;   /* photos or PDF, at most
				    COMPLAINT_FILES_MAX */
	size_t file_count;
};

/*
 * File in: problems field by field (unit, kategori, uraian, tanggal,
 * tempat, nama, kontak, persetujuan, lampiran) refuse it (422); a nonce
 * used already refuses it (409). Else stores the attachments and writes
 * the complaint with its deadline, the filing step and the audit entry
 * (without identity) in one transaction; code receives the tracking code,
 * *id (may be NULL) the id.
 */
int complaint_submit(struct svc *s, const struct complaint_in *in,
    struct svc_problems *pr, char code[COMPLAINT_CODE_LEN], int64_t *id, struct err *e);

/* Tracking code as typed ("abcde fghjk") into out, canonical; -1 when it
 * cannot be one. */
int complaint_code_norm(const char *typed, char out[COMPLAINT_CODE_LEN]);

/*
 * What the public sees of the complaint with code: status, unit, category,
 * dates and deadlines in the unit's zone, the public steps. Never the
 * identity, the text or the attachments. 404 for an unknown code. Closes
 * answered complaints past the automatic closing first.
 */
json_t *complaint_track(struct svc *s, const char *code, struct err *e);

/*
 * The complaint id for a signed-in viewer (404 when the caller may not
 * read it): the row, what happened, the identity where the caller may see
 * it ("identity_hidden" otherwise), the timeline (internal notes marked),
 * the attachments and "may" {triage, answer, note, view_identity}.
 */
json_t *complaint_load(struct svc *s, int64_t id, struct err *e);

/* The attachment id's row {complaint_id, sha256, name, mime, size} when
 * the caller may read its complaint; 404 otherwise. Caller owns it. */
json_t *complaint_attachment(struct svc *s, int64_t id, struct err *e);

/*
 * Triage complaint id (new; 409 otherwise): decision "accept", "refer"
 * (to referred_to: lapor, simasham or ombudsman) or "reject"; reason
 * required for refer and reject (field alasan; keputusan, tujuan for the
 * others). Handlers only (403 for the unit).
 */
int complaint_triage(struct svc *s, int64_t id, const char *decision,
    const char *referred_to, const char *reason, struct svc_problems *pr, struct err *e);

/*
 * The unit's public answer (internal false: in progress -> answered) or an
 * internal note (any open status, handlers and the unit). Field: teks.
 */
int complaint_respond(struct svc *s, int64_t id, bool internal, const char *text,
    struct svc_problems *pr, struct err *e);

/* The complainant with code confirms the answer: answered -> closed. */
int complaint_confirm(struct svc *s, const char *code, struct err *e);

/* The complainant with code reopens an answered or closed complaint once,
 * with reason (field alasan): back to in progress, new deadlines. */
int complaint_reopen(struct svc *s, const char *code, const char *reason,
    struct svc_problems *pr, struct err *e);

/* Close the answered complaints past complaint.days.auto_close; *closed
 * (may be NULL) receives how many. */
int complaint_auto_close(struct svc *s, int *closed, struct err *e);

/* Complaints of the units the caller sees, newest first (status NULL:
 * any), without identity; a new array, NULL with e. */
json_t *complaint_list(struct svc *s, const char *status, struct err *e);

/* Overdue complaints of the units the caller sees, most overdue first. */
json_t *complaint_overdue(struct svc *s, struct err *e);

/* Overdue complaints per unit of the scope parameters (registry), a new
 * array of {unit_id, unit_name, n}. */
json_t *complaint_overdue_units(struct svc *s, const struct db_param scope[4], struct err *e);

/* Unit unit_id's overdue complaints now into *n. */
int complaint_overdue_count(struct svc *s, int64_t unit_id, int64_t *n, struct err *e);

/* Unit unit_id's complaints filed in year, unresolved past their
 * resolution deadline now, without identity: the assessment's count. */
json_t *complaint_unresolved(struct svc *s, int64_t unit_id, int year, struct err *e);

/* The holiday calendar of year, a new array of {day, name}. */
json_t *complaint_holidays(struct svc *s, int year, struct err *e);
/* Keep day (YYYY-MM-DD) as a holiday called name (fields tanggal, nama),
 * or remove it (remove true); admin only, audited. */
int complaint_holiday_set(struct svc *s, const char *day, const char *name, bool remove,
    struct svc_problems *pr, struct err *e);

/* The deadline settings as {triage, answer, resolve, auto_close}. */
int complaint_days(struct svc *s, int days[4], struct err *e);

/*
 * SP4N-LAPOR! complaint exports (CSV, header row): all rows or none. Each
 * row names its tracking number, date, unit (its exact name), category,
 * status and dates. *report receives {"ok", "rows", "imported",
 * "problems": [{"row", "text"}]}; with a problem nothing is written.
 * Admin and regional offices; a row's unit must be in the caller's scope.
 */
int
complaint_import(struct svc *s, const char *csv, size_t len, json_t **report, struct err *e);

/* The complaints of the units the caller sees, in the import's shape,
 * into out (without identity or text). */
int complaint_export(struct svc *s, struct buf *out, struct err *e);

#endif
