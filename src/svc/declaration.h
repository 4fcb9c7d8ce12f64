/*
 * declaration.h - the declaration stage (pencanangan) as services: a unit's
 * request (or one request for several units of a province), its approval
 * (which issues each unit head's statement to be signed) or rejection, the
 * record of the event, the unit's upload of its signed statement and
 * photos, and the regional office's confirmation, which closes the stage.
 * A decision on a joint declaration applies to every member in one
 * transaction or to none, and a refusal names the unit that stood in the
 * way. declaration.c holds the reads, the request and the decision;
 * declaration_record.c the record, upload and confirmation.
 */
#ifndef P2HAM_SVC_DECLARATION_H
#define P2HAM_SVC_DECLARATION_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "core/declaration.h"
#include "svc/files.h"

struct doc_prepared; /* svc/documents.h */
#include "svc/participation.h"
#include "svc/svc.h"

#define DECL_PHOTOS_MAX 8   /* photos taken in one upload */
#define DECL_MEMBERS_MAX 60 /* units in one joint declaration */

/* A participation a declaration covers, as s's actor sees it. */
struct decl_member {
	int64_t id; /* participation */
	const char *unit_name;
	bool visible;             /* loaded: the actor may view it */
	struct participation p;   /* when visible */
	struct machine_step step; /* from the last guard */
};

/* A request: the event the units plan. Strings are borrowed. */
struct decl_request_in {
	int64_t cycle;          /* every member's cycle; 0: any */
	const int64_t *members; /* participations: one for a unit's own
				   request, several of one province for a
				   joint one */
	size_t member_count;
	const char *date;              /* proposed, YYYY-MM-DD */
	const char *mode;              /* luring, daring or hibrida */
	const char *place;             /* "" when none */
	const char *link;              /* "" when none */
	const char *planned_witnesses; /* "" when none */
};

/* A decision on the live request of a participation. */
struct decl_decision_in {
	int64_t participation;
	bool approve;
	const char *reason;       /* rejected: why */
	const char *witness_name; /* approved: the Ditjen HAM witness */
	const char *witness_position;
	bool without_documents; /* approve without issuing the statements:
				   a past replayed whose paper was never
				   issued (the demo) */
};

/* One witness of the event as recorded. */
struct decl_witness {
	const char *name;
	const char *title;
	const char *institution;
	const char *kind;          /* ditjen_ham, forkopimda or lainnya */
	const char *presence;      /* luring (on site) or daring (online) */
	const char *attended_from; /* an online witness's place, e.g.
				      "Jakarta"; "" on site */
};

/* The record of the event of a participation's live declaration. */
struct decl_record_in {
	int64_t participation;
	const char *date; /* when it took place, YYYY-MM-DD */
	const char *mode; /* luring, daring or hibrida */
	int64_t attendance;
	const struct decl_witness *witnesses;
	size_t witness_count;
	bool without_documents; /* record without issuing each unit's
				   statement again with its witnesses
				   (the demo) */
};

/* What a unit uploads after the event. */
struct decl_upload_in {
	int64_t participation;
	struct file_in *statement; /* the signed statement, replacing the one
				      there was; NULL: none sent */
	struct file_in *photos;    /* photos of the event */
	size_t photo_count;
};

/* Which part of an upload was refused. */
enum decl_upload_part {
	DU_NONE,
	DU_STATEMENT,
	DU_PHOTOS,
};

/*
 * File a request for in->members (each guarded for TR_REQUEST at s->now)
 * in one transaction: the declaration row, its members, each one's
 * transition and the audit entry "declaration.request". *id receives the
 * declaration. -1 with e: a single member's own refusal; for a joint one
 * 422 when a member is not of the cycle or province, and a refusal naming
 * the unit that stood in the way; 409 when one has requested meanwhile.
 */
int decl_request(struct svc *s, const struct decl_request_in *in, int64_t *id, struct err *e);

/*
 * Approve (issuing each member unit's statement, and withdrawing those of
 * its earlier declarations) or reject (back to draft, with the reason) the
 * live request of in->participation, for every unit it covers, in one
 * transaction with the audit entry "declaration.approve" or
 * "declaration.reject". -1 with e as decl_check says, or 409 when the
 * request was decided meanwhile.
 */
int decl_decide(struct svc *s, const struct decl_decision_in *in, struct err *e);

/*
 * Record (or correct before it is confirmed) the event of the live
 * declaration of in->participation: date, mode, attendance and witnesses,
 * for every unit it covers, with the audit entry "declaration.record".
 */
int decl_record(struct svc *s, const struct decl_record_in *in, struct err *e);

/*
 * Take a member unit's signed statement and photos, each with its
 * timeline entry: the files are checked and stored before the transaction.
 * -1 with e; a refused file or nothing sent is 422 and *refused names the
 * part (DU_NONE for any other error).
 */
int decl_upload(struct svc *s, const struct decl_upload_in *in,
    enum decl_upload_part *refused, struct err *e);

/*
 * Confirm the recorded declaration of participation pid: every member's
 * signed statement must be there (409 naming the unit whose one is
 * missing); the stage closes for every member and the machine moves on;
 * audit "declaration.confirm".
 */
int decl_confirm(struct svc *s, int64_t pid, struct err *e);

/*
 * May s's actor make t on participation pid's declaration now? TR_REQUEST:
 * on pid itself; TR_APPROVE, TR_REJECT, TR_RECORD and TR_CONFIRM: on its
 * live declaration (requested; approved or recorded; recorded) and on
 * every member, the first refusal as the services above give it. What a
 * page asks before it checks its form, so that the answers come in the
 * same order as the services'.
 */
int decl_check(struct svc *s, int64_t pid, enum transition t, struct err *e);

/* The members of declaration id, each loaded as s's actor sees it, in
 * s->arena; *n receives their count. NULL with e. */
struct decl_member *decl_members_load(struct svc *s, int64_t id, size_t *n, struct err *e);
/* True when s's actor may make t on every member now. */
bool decl_members_may(struct svc *s, struct decl_member *m, size_t n, enum transition t,
    bool complete);
/* The live statement files of participation pid uploaded for its live
 * declaration, as files_list lists them; NULL with e. */
json_t *decl_statements(struct svc *s, int64_t pid, struct err *e);
/* p's declarations, newest first (the live one, if any, first); NULL
 * with e. */
json_t *decl_of(struct svc *s, const struct participation *p, struct err *e);
/* A row's text column ("" when NULL) and integer column. */
const char *decl_str(json_t *row, const char *key);
int64_t decl_num(json_t *row, const char *key);
/* A declaration row's status; DECL_STATUS_MAX for none (row NULL). */
enum decl_status decl_status_of(json_t *row);

/* A set of statuses, for decl_start: DECL_IN(DECL_STATUS_APPROVED) | ... */
#define DECL_IN(st) (1u << (st))

/*
 * The days a date of p's declaration is checked against at s->now (struct
 * decl_days): today and the declaration window in p's time zone and, for
 * d (a row of decl_of; NULL before a request), the day it was requested
 * and the date it proposed. *days and its strings live in s->arena.
 */
void decl_days_of(struct svc *s, const struct participation *p, json_t *d,
    struct decl_days *days);

/* Why a date was refused (r, not DECL_DATE_OK) against days, as a sentence
 * in s->lang with the dates written out ("9 Desember 2026"). */
const char *decl_date_message(struct svc *s, enum decl_date r, const struct decl_days *days);

/* Shared by declaration.c and declaration_record.c. */
/* A refusal e of kind k with msg, already in s's language; -1. */
int decl_refuse(struct err *e, enum err_kind k, const char *msg);
/* The live declaration of p in one of statuses (a DECL_IN set), else the
 * refusal of none_key, with its members each guarded for t (p's own error
 * for p); t on p first, so that a role that may not gets its 403 before
 * anything else. A new reference. */
json_t *
decl_start(struct svc *s, struct participation *p, unsigned statuses, const char *none_key,
    enum transition t, bool complete, struct decl_member **m, size_t *n, struct err *e);
/*
 * The statements of declaration d for its n members m made into *docs (an
 * array in s->arena, one per member) outside any transaction; *ndocs counts
 * those begun, for document_abandon even on failure. When d holds
 * "recorded_witnesses" (an array of {name, title, institution, is_online,
 * attended_from}) the statements name them.
 */
int decl_statements_make(struct svc *s, json_t *d, const struct decl_member *m, size_t n,
    struct doc_prepared **docs, size_t *ndocs, struct err *e);
/* Put member m's statement (the one of docs made for it) on the record of
 * d, withdrawing the one in force before, in s's transaction. */
int decl_statement_put(struct svc *s, json_t *d, const struct decl_member *m,
    const struct doc_prepared *docs, size_t ndocs, struct err *e);
/* Apply t with note to every member and write the audit entry action
 * about declaration id with summary (taken), in the transaction. */
int decl_apply_all(struct svc *s, struct decl_member *m, size_t n, enum transition t,
    const char *note, const char *action, int64_t id, json_t *summary, struct err *e);

#endif
