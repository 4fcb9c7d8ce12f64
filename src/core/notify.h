/*
 * notify.h - what causes a notification, as one table: an event of a
 * participation's timeline (a stage transition, an assignment) or of the
 * daily deadline job, the kind of notification it makes, and who receives
 * it by role and scope. Pure: the services look the event up here, then
 * find the people (svc/notify.c). The message of a kind is the catalog's
 * "notify.kind.CODE.title" and "notify.kind.CODE.text".
 */
#ifndef P2HAM_CORE_NOTIFY_H
#define P2HAM_CORE_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/code.h"

/* The kinds of notification; each user chooses which reach them by e-mail. */
/* clang-format off */
#define NOTIFY_KIND_LIST(X) \
	X(NK_DECLARATION_REQUESTED, "declaration_requested") \
	X(NK_DECLARATION_APPROVED, "declaration_approved") \
	X(NK_DECLARATION_REJECTED, "declaration_rejected") \
	X(NK_DECLARATION_CONFIRMED, "declaration_confirmed") \
	X(NK_BUILDING_SUBMITTED, "building_submitted") \
	X(NK_EVALUATION_DECIDED, "evaluation_decided") \
	X(NK_EVIDENCE_SUBMITTED, "evidence_submitted") \
	X(NK_ROUND_SENT_BACK, "round_sent_back") \
	X(NK_ROUND_ANSWERED, "round_answered") \
	X(NK_VERIFICATION_CLOSED, "verification_closed") \
	X(NK_ASSESSMENT_DONE, "assessment_done") \
	X(NK_PLENARY_DECIDED, "plenary_decided") \
	X(NK_ASSIGNED, "assigned") \
	X(NK_AWARD_DECIDED, "award_decided") \
	X(NK_SUPERVISION_RECORDED, "supervision_recorded") \
	X(NK_FOLLOW_UP_ANSWERED, "follow_up_answered") \
	X(NK_AWARD_REVOKED, "award_revoked") \
	X(NK_DEADLINE_STAGE, "deadline_stage") \
	X(NK_DEADLINE_ROUND, "deadline_round") \
	X(NK_DEADLINE_ACTION, "deadline_action")
/* clang-format on */

enum notify_kind { NOTIFY_KIND_LIST(CODE_ENUM) NK_MAX };

/* Who receives a kind, as a set of these bits, each a role in the scope
 * that reaches the participation. */
enum notify_to {
	NT_OPERATOR = 1 << 0,    /* the unit's operators */
	NT_HEAD = 1 << 1,        /* the unit's head */
	NT_REGIONAL = 1 << 2,    /* the regional office of its province or
				    its organization */
	NT_COORDINATOR = 1 << 3, /* the coordinator of its province */
	NT_VERIFIER = 1 << 4,    /* its assigned verifier */
	NT_ASSESSOR = 1 << 5,    /* its assigned assessors */
	NT_ADMIN = 1 << 6,       /* the programme's admins */
	NT_NEW_ONLY = 1 << 7,    /* of the verifier and assessors: only
				    those assigned by this very event */
};
#define NT_UNIT (NT_OPERATOR | NT_HEAD)

/* One row of the trigger table. */
struct notify_rule {
	const char *event;     /* timeline code: a transition ("approve"),
				  an event ("assign") or a deadline
				  ("deadline_stage") */
	enum notify_kind kind; /* what it becomes */
	unsigned to;           /* enum notify_to bits */
	const char *page;      /* the participation's page it links to,
				  after /partisipasi/ID ("" the overview) */
};

/* The rule of event, or NULL when the event notifies nobody. */
const struct notify_rule *notify_rule_find(const char *event);

/* The code of a kind ("declaration_approved"), "" past NK_MAX; and back,
 * NK_MAX when code names none. */
const char *notify_kind_code(enum notify_kind k);
enum notify_kind notify_kind_parse(const char *code);

/* The roles of to as ",operator,unit_head," for the recipients' query. */
void notify_roles(unsigned to, char *out, size_t cap);

/* Seconds to wait before attempt number attempts + 1 of a message whose
 * attempts-th attempt failed for a reason that may pass: 30 s doubled
 * each time, at most six hours. */
long notify_backoff(int attempts);

/* Attempts after which a message is given up. */
#define NOTIFY_MAIL_ATTEMPTS 8
/* A deadline this many days ahead or less is told (once). */
#define NOTIFY_DEADLINE_DAYS 3

#endif
