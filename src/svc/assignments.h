/*
 * assignments.h - who verifies and who assesses a participation. The
 * programme admin assigns a verifier or an assessor to one participation,
 * or to every participation of a cycle at evidence_open or verification
 * matching a province and a unit type at once, with a due date; replaces an
 * assignee (the old assignment ends with who, when and why). Each active
 * assignment holds a role_grant (role verifier or assessor, scope
 * participation) given in the same transaction and taken when it ends. A
 * verifier is never assigned to a unit of their own province or
 * organization (the policy's conflict of interest): refused, naming it. An
 * assessor answers by declaring no conflict of interest (the statement is
 * kept as shown) or recuses with a reason, which ends the assignment.
 */
#ifndef P2HAM_SVC_ASSIGNMENTS_H
#define P2HAM_SVC_ASSIGNMENTS_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "base/err.h"
#include "svc/participation.h"
#include "svc/svc.h"

/* One assignment to make. Strings are borrowed. */
struct assign_in {
	int64_t participation;
	const char *email;    /* the assignee's sign-in address */
	enum role role;       /* ROLE_VERIFIER or ROLE_ASSESSOR */
	const char *due_date; /* YYYY-MM-DD, not before today */
};

/*
 * Assign in->email to participation in->participation in a transaction of
 * its own: the assignment, its grant, a timeline entry and the audit entry
 * "assignment.create". *id (may be NULL) receives it. -1 with e: 404/403
 * from the policy (only an admin assigns), 422 for no such user, a role
 * other than verifier or assessor, or a due date in the past; 409 for a
 * participation outside verification's reach, a person assigned already,
 * or a verifier's conflict of interest (the message names the province or
 * organization).
 */
int assignments_add(struct svc *s, const struct assign_in *in, int64_t *id, struct err *e);

/* Every participation of a cycle to assign at once. */
struct assign_bulk_in {
	int64_t cycle;
	int province;          /* 0: every province */
	const char *unit_type; /* NULL or "": every type */
	const char *email;
	enum role role;
	const char *due_date;
};

/*
 * Assign in->email to every participation of in->cycle at evidence_open or
 * verification matching the filter, in one transaction; a participation
 * refused (conflict of interest, assigned already) is reported and the
 * others are assigned. Returns a new object {assigned: [{participation,
 * unit}], refused: [{participation, unit, reason}]}, or NULL with e (a
 * refusal of the whole: the policy, no such user, a bad date).
 */
json_t *assignments_bulk(struct svc *s, const struct assign_bulk_in *in, struct err *e);

/*
 * End assignment id (replaced) and assign email in its place with the same
 * role and due_date (NULL or "": the old one), in one transaction: the old
 * grant goes, the new one comes; audit "assignment.replace". reason is
 * required. *new_id (may be NULL) receives the new assignment.
 */
int assignments_replace(struct svc *s, int64_t id, const char *email, const char *reason,
    const char *due_date, int64_t *new_id, struct err *e);

/*
 * The assessor's answer to assignment id, which must be s's actor's own,
 * active and unanswered: no conflict of interest (the statement of s->lang
 * is stored with the time) or recusal with reason (required; the
 * assignment ends and its grant goes). Audit "assignment.declare" or
 * "assignment.recuse".
 */
int assignments_answer(struct svc *s, int64_t id, bool recuse, const char *reason,
    struct err *e);

/* The statement an assessor declares, in language l. */
const char *assignments_statement(enum lang l);

/*
 * The assignments of p (active first), as a new array of the rows of
 * ASSIGNMENT_LIST with role_label, due_text, assigned_at_text,
 * ended_at_text, answer_label, waiting (an active assessor who has not
 * answered), overdue; NULL with e. The caller has checked the policy.
 */
json_t *assignments_list(struct svc *s, const struct participation *p, struct err *e);

/*
 * s's actor's active assignments, soonest due first, as a new array of
 * {id, role, role_label, participation_id, unit_name, cycle_title, stage,
 * state, state_label, todo (what to do next), due_date, due_text,
 * overdue, href}; NULL with e.
 */
json_t *assignments_mine(struct svc *s, struct err *e);

/* True when s's actor holds an active assignment of role on p. */
bool assignments_holds(struct svc *s, int64_t pid, enum role role);

#endif
