/*
 * survey.h - the public satisfaction survey's services (docs/survey.md):
 * importing instruments, the instrument a unit answers, a unit's services
 * and yearly users, and checking a respondent's answers into a submission
 * for the survey writer (svc/survey_writer.h), the only path by which
 * answers and their counters are written.
 */
#ifndef P2HAM_SVC_SURVEY_H
#define P2HAM_SVC_SURVEY_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "core/survey.h"
#include "core/survey_instrument.h"
#include "db/db.h"
#include "svc/svc.h"
#include "svc/survey_writer.h"
#include "svc/versioned.h"

#define SURVEY_DEFAULT_INSTRUMENT "ikm-permenpanrb-14-2017"
#define SURVEY_SUGGESTION_MAX 2000 /* characters of a suggestion */

/* Parse and validate text (len bytes of JSON) into an instrument in a;
 * NULL with p filled. *doc (may be NULL) receives the document. */
struct survey_instrument *survey_parse_text(const char *text, size_t len, struct arena *a,
    json_t **doc, struct rulebook_problems *p);

/* Instruments as versioned documents: versioned_import() with it audits
 * "survey.import"; versioned_import_shipped() imports surveys/ *.json. */
extern const struct versioned_kind survey_kind;

/* The parsed instrument id, from a cache kept for the process's life
 * (instruments never change). NULL with e (404 when there is none). */
const struct survey_instrument *
survey_instrument_load(struct db_conn *c, int64_t id, struct err *e);

/* The instrument unit answers: its own choice, else its newest cycle's,
 * else the newest version of the code in setting survey.instrument
 * (default SURVEY_DEFAULT_INSTRUMENT). -1 with e (404 when none is
 * stored). */
int survey_instrument_of_unit(struct db_conn *c, int64_t unit, int64_t *id, struct err *e);

/* The period length of setting survey.period (default semester). */
int survey_period_setting(struct db_conn *c, enum survey_period_len *len, struct err *e);

/* Choose the instrument code (newest version, or version when > 0) for a
 * unit or a cycle, with an audit entry. -1 with e (404: no such
 * instrument). */
int survey_choose(struct svc *s, const char *object_type, int64_t object_id,
    const char *code, int64_t version, struct err *e);
/* Add a service to a unit's list; *id receives it (0 when the unit has
 * one of that name already). */
int survey_service_add(struct svc *s, int64_t unit, const char *name, int64_t *id,
    struct err *e);
/* A number that grows each time this process changes which instrument a
 * unit or cycle answers or a unit's services: a cache of them compares it. */
uint64_t survey_changes(void);
/* Record a unit's yearly number of service users. */
int survey_users_set(struct svc *s, int64_t unit, int year, int64_t users, struct err *e);

/* A respondent's answers, checked. */
struct survey_answers {
	int64_t unit_id;
	int64_t instrument_id;
	int64_t service_id;                     /* 0: none chosen */
	int values[SURVEY_ITEMS_MAX];           /* by item index; 0: not answered */
	const char *options[SURVEY_FIELDS_MAX]; /* by field index; NULL: none */
	const char *suggestion;                 /* "" when none */
};

/*
 * Check the typed answers get(name) (the form's fields: item codes,
 * profile field codes, "saran") against si and the unit's services
 * (rows {"id", "name"}) into out. Problems go to pr, field by field, in
 * s->lang; 0 when there is none, -1 otherwise.
 */
int survey_check_answers(struct svc *s, const struct survey_instrument *si,
    json_t *services, const char *(*get)(void *ctx, const char *name), void *ctx,
    struct survey_answers *out, struct svc_problems *pr);

/* The submission of the checked answers a as one answer at now in period
 * with the form token's nonce, for the survey writer, everything in ar. -1
 * with e when memory runs out. */
int survey_prepare(struct arena *ar, const struct survey_instrument *si,
    const struct survey_answers *a, const char *period, time_t now, const char *nonce,
    struct survey_submission *s, struct err *e);

/*
 * Write the checked answers a as one answer at now in period, with the
 * form token's nonce: through the survey writer (c NULL), or off-line (the
 * demo) directly on c in a transaction of its own. SURVEY_KEPT,
 * SURVEY_REPLAY, or SURVEY_FAILED with e.
 */
enum survey_outcome survey_submit(struct db_conn *c, const struct survey_instrument *si,
    const struct survey_answers *a, const char *period, time_t now, const char *nonce,
    struct err *e);

/*
 * Recompute every counter from the answers, in one transaction (on SQLite
 * it holds the write lock, so the writer waits). With check, compare them
 * with the stored counters and append one line per difference to report;
 * *differences receives their number; nothing changes. Without, replace
 * the stored counters by the recomputed ones (run it with the server
 * stopped). *answers receives the number of answers read. -1 with e.
 */
int survey_recount(struct db_conn *c, bool check, struct buf *report, size_t *differences,
    int64_t *answers, struct err *e);

#endif
