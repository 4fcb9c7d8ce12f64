/*
 * plenary.h - the assessors' plenary session (rapat pleno) of a cycle as
 * services: the programme admin opens a session (date, place, who
 * attended), sets the final score of a disputed indicator with a reason
 * (TR_SETTLE), records for each participation on the board whether it is
 * recommended, with a reason (TR_RECOMMEND, TR_NOT_RECOMMEND), and closes
 * the session, which issues the minutes (Berita Acara Rapat Pleno, kind
 * "BAP") and locks the scores of every participation it decided on. The
 * board is the cycle's participations awaiting the plenary (assessed) and
 * those the open session decided on.
 */
#ifndef P2HAM_SVC_PLENARY_H
#define P2HAM_SVC_PLENARY_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "svc/documents.h"
#include "svc/svc.h"

/* One person who attended. */
struct attendee_in {
	const char *name;
	const char *role; /* e.g. "Ketua Tim Penilai" */
};

/* A session to open. Strings are borrowed. */
struct plenary_in {
	int64_t cycle;
	const char *date; /* YYYY-MM-DD */
	const char *place;
	const struct attendee_in *attendees;
	size_t attendee_count;
};

/*
 * Open a session of in->cycle (policy ACT_DECREE on the cycle) with the
 * audit entry "plenary.open". -1 with e: 403/404, 409 while another
 * session of the cycle is open, 422 with pr ("tanggal", "tempat", "hadir")
 * for a missing place or no attendee with both name and role.
 */
int plenary_open(struct svc *s, const struct plenary_in *in, struct svc_problems *pr,
    struct err *e);

/* The open session of cycle as a row {id, held_on, place, opened_at,
 * closed_at, serial} into *row (new reference), NULL when none is open.
 * -1 with e. */
int plenary_current(struct svc *s, int64_t cycle, json_t **row, struct err *e);

/*
 * Set the final value of indicator of participation pid to option with
 * reason (TR_SETTLE, an open session of its cycle), kept with the earlier
 * ones: the last counts. -1 with e: the guard's, 409 without an open
 * session or once the minutes locked it (naming their serial), 422 with
 * pr ("indikator", "opsi", "alasan").
 */
int plenary_settle(struct svc *s, int64_t pid, const char *indicator, const char *option,
    const char *reason, struct svc_problems *pr, struct err *e);

/*
 * Record the open session's recommendation of pid, recommended or not,
 * with reason (TR_RECOMMEND or TR_NOT_RECOMMEND). -1 with e as for
 * plenary_settle ("alasan").
 */
int plenary_recommend(struct svc *s, int64_t pid, bool recommended, const char *reason,
    struct svc_problems *pr, struct err *e);

/*
 * Close the open session of cycle: refused (409, naming the units) while a
 * participation on the board has no recommendation, or when the board is
 * empty; else the minutes are issued (serial, may be NULL, receives
 * theirs) and the scores locked, with the audit entry "plenary.close".
 */
int plenary_close(struct svc *s, int64_t cycle, char serial[DOC_SERIAL_LEN], struct err *e);

/* The board of cycle for the session plenary (0: none) as participation
 * ids, a new JSON array; NULL with e. */
json_t *plenary_board(struct svc *s, int64_t cycle, int64_t plenary, struct err *e);

#endif
