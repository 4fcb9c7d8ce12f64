/*
 * supervision.h - guidance and supervision (pembinaan dan pengawasan) of an
 * awarded unit: the regional office of the unit's province (or the
 * programme admin) records visits (day, officers, summary), findings of a
 * visit with their severity, and follow-up actions of a finding with who
 * at the unit owns each and its due date; the unit (operator or head)
 * answers an action with text and evidence files; the regional office
 * closes it or sends it back with a note. Every step is a transition of
 * the stage machine that keeps the participation supervised (TR_SUPERVISE
 * for the regional office, TR_FOLLOW_UP for the unit), so it is on the
 * timeline and in the audit log. An action is overdue when its due date
 * has passed in the unit's time zone and it is not closed.
 */
#ifndef P2HAM_SVC_SUPERVISION_H
#define P2HAM_SVC_SUPERVISION_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/code.h"
#include "base/err.h"
#include "db/db.h"
#include "svc/files.h"
#include "svc/participation.h"
#include "svc/svc.h"

#define SUP_TEXT_MAX 4000 /* characters of a summary, finding, answer */
#define SUP_LINE_MAX 500  /* of officers, an owner, a note */

/* A finding's severity; the codes are the database's. */
/* clang-format off */
#define SEVERITY_LIST(X) \
	X(SEVERITY_LOW, "low") \
	X(SEVERITY_MEDIUM, "medium") \
	X(SEVERITY_HIGH, "high")
/* clang-format on */

enum severity { SEVERITY_LIST(CODE_ENUM) SEVERITY_MAX };

/* "low", "medium", "high"; "" out of range. The severity called code, or
 * SEVERITY_MAX. */
const char *severity_code(enum severity v);
enum severity severity_parse(const char *code);

/* An action's standing; the codes are the database's. */
/* clang-format off */
#define ACTION_STATUS_LIST(X) \
	X(ACTION_OPEN, "open") \
	X(ACTION_ANSWERED, "answered") \
	X(ACTION_CLOSED, "closed")
/* clang-format on */

enum action_status { ACTION_STATUS_LIST(CODE_ENUM) ACTION_STATUS_MAX };
const char *action_status_code(enum action_status v);

/* What the supervision page shows of a participation. */
struct supervision {
	struct participation p;
	json_t *visits;  /* SUPERVISION_VISITS rows, each with "findings"
			    (SUPERVISION_FINDINGS rows), each with
			    "actions" (SUPERVISION_ACTIONS rows with
			    "overdue" and "steps", each step with "files") */
	json_t *actions; /* every action, borrowed rows of the above */
	json_t *award;   /* the award (REVOCATION_AWARD_GET row) or NULL */
	json_t *events;  /* its revocations and reinstatements */
	size_t overdue;  /* actions overdue now */
};

/* Load participation pid (404 when hidden) with its supervision. -1 with
 * e; v is then safe to supervision_free. */
int supervision_load(struct svc *s, int64_t pid, struct supervision *v, struct err *e);
void supervision_free(struct supervision *v);

/* A visit (TR_SUPERVISE). */
struct sup_visit_in {
	int64_t participation;
	const char *date;                /* YYYY-MM-DD, not after today in the unit's
					    zone */
	const char *officers;            /* who went */
	const char *summary;             /* what they saw */
	const char *recorded_offline_at; /* when a device recorded it
					    offline (ISO-8601 UTC); NULL:
					    online */
};

/* A finding of a visit of the participation (TR_SUPERVISE). */
struct sup_finding_in {
	int64_t participation;
	int64_t visit;
	const char *severity; /* a severity code */
	const char *description;
};

/* A follow-up action of a finding of the participation (TR_SUPERVISE). */
struct sup_action_in {
	int64_t participation;
	int64_t finding;
	const char *description;
	const char *owner;    /* who at the unit answers for it */
	const char *due_date; /* YYYY-MM-DD, not before today; ends at the
				 end of that day in the unit's zone */
};

/* The unit's answer to an open action (TR_FOLLOW_UP). */
struct sup_answer_in {
	int64_t participation;
	int64_t action;
	const char *text;
	struct file_in *files; /* evidence: PDF or images, may be 0 */
	size_t file_count;
};

/*
 * Record a visit, a finding, an action. Each fills pr with what is wrong
 * with the input, field by field (named as the page's form names them:
 * tanggal, petugas, ringkasan, tingkat, uraian, penanggung_jawab,
 * tenggat; jawaban for an answer, catatan for a review), and then
 * refuses (422); else writes in one transaction with the timeline and
 * audit entries. *id (may be NULL) receives the new row's id. 404 for a
 * visit or finding that is not the participation's.
 */
int supervision_visit(struct svc *s, const struct sup_visit_in *in,
    struct svc_problems *pr, int64_t *id, struct err *e);
int supervision_finding(struct svc *s, const struct sup_finding_in *in,
    struct svc_problems *pr, int64_t *id, struct err *e);
int supervision_action(struct svc *s, const struct sup_action_in *in,
    struct svc_problems *pr, int64_t *id, struct err *e);

/* Answer an action that is open (409 otherwise), with its evidence stored
 * as files of the participation (purpose evidence, no indicator).
 * *upload_refused (may be NULL) says a file was refused. */
int supervision_answer(struct svc *s, const struct sup_answer_in *in,
    struct svc_problems *pr, bool *upload_refused, struct err *e);

/* The regional office reviews an answered action of participation pid:
 * closes it (close) or sends it back to the unit with note (required
 * then). 409 when it is not answered. */
int supervision_review(struct svc *s, int64_t pid, int64_t action, bool close,
    const char *note, struct svc_problems *pr, struct err *e);

/*
 * The overdue actions now (SUPERVISION_OVERDUE rows, most overdue first),
 * a new array: of the units the scope parameters reach (the four of
 * REG_SCOPE_*, registry_scope_params), or of unit unit_id when scope is
 * NULL. NULL with e.
 */
json_t *supervision_overdue(struct svc *s, const struct db_param scope[4],
    int64_t unit_id, struct err *e);

#endif
