/*
 * machine.h - the stage machine of a participation (one unit in one cycle).
 * Pure: it reads its arguments only.
 *
 *	pencanangan:  draft -> requested -> approved -> declared
 *	              (rejected: requested -> draft)
 *	pembangunan:  building -> submitted
 *	evaluasi:     awaiting_evaluation -> passed | failed
 *	penilaian:    evidence_open -> verification <-> revision (rounds)
 *	              -> scoring -> assessed -> recommended | not_recommended
 *	penetapan:    recommended -> awarded, not_recommended -> not_awarded
 *	              (the decree's issue; still the assessment's stage)
 *	pembinaan:    supervised <-> revoked (revocation, reinstatement)
 *
 * A stage's closing state (declared, submitted, passed, awarded) hands the
 * participation to the entry state of the next stage the cycle runs, so a
 * cycle without evaluation (2022) ends after building, and failed ends it
 * wherever it stands. Every transition has one guard: the principal's role
 * and scope (core/policy.h), the current state, the stage's window in the
 * cycle and, where it matters, completeness. The guard names the first
 * reason it refuses.
 */
#ifndef P2HAM_MACHINE_H
#define P2HAM_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "base/code.h"
#include "core/cycle.h"
#include "core/policy.h"
#include "core/stage.h"

/* clang-format off */
#define TRANSITION_LIST(X) \
	X(TR_REQUEST, "request")                       /* the unit asks to declare: draft -> \
						          requested */ \
	X(TR_APPROVE, "approve")                       /* admin/coordinator: requested -> approved */ \
	X(TR_REJECT, "reject")                         /* admin/coordinator: requested -> draft */ \
	X(TR_RECORD, "record")                         /* the unit (or regional office) records \
						          the event: stays approved */ \
	X(TR_CONFIRM, "confirm")                       /* regional office: approved -> declared */ \
	X(TR_FILL, "fill")                             /* self-assessment answers and evidence: \
						          stays building */ \
	X(TR_MENTOR, "mentor")                         /* regional office's mentoring note: stays \
						          building */ \
	X(TR_SUBMIT, "submit")                         /* unit head: building -> submitted */ \
	X(TR_PASS, "pass")                             /* evaluator: awaiting_evaluation -> passed */ \
	X(TR_FAIL, "fail")                             /* evaluator: awaiting_evaluation -> failed */ \
	X(TR_EVIDENCE, "evidence")                     /* the unit completes its evidence for \
						          assessment: stays evidence_open */ \
	X(TR_SUBMIT_EVIDENCE, "submit_evidence")       /* unit head: evidence_open -> verification */ \
	X(TR_VERIFY, "verify")                         /* verifier's verdict on an indicator, a \
						          site visit: stays verification */ \
	X(TR_SEND_BACK, "send_back")                   /* verifier opens a revision round: \
						          verification -> revision */ \
	X(TR_REVISE, "revise")                         /* the unit changes a flagged indicator: \
						          stays revision, until the round's \
						          deadline */ \
	X(TR_RESUBMIT, "resubmit")                     /* unit head: revision -> verification */ \
	X(TR_CLOSE_VERIFICATION, "close_verification") /* verifier, every verdict final: \
						          verification -> scoring */ \
	X(TR_SCORE, "score")                           /* an assessor scores: stays scoring */ \
	X(TR_SCORED, "scored")                         /* the last assessor submits: scoring -> \
						          assessed */ \
	X(TR_SETTLE, "settle")                         /* the plenary sets a disputed indicator's \
						          final score: stays assessed */ \
	X(TR_RECOMMEND, "recommend")                   /* plenary: assessed -> recommended */ \
	X(TR_NOT_RECOMMEND, "not_recommend")           /* plenary: assessed -> not_recommended */ \
	X(TR_AWARD, "award")                           /* the decree's issue: recommended -> \
						          awarded, the assessment's closing state */ \
	X(TR_NOT_AWARD, "not_award")                   /* the decree's issue: not_recommended -> \
						          not_awarded; ends the participation */ \
	X(TR_SUPERVISE, "supervise")                   /* regional office: a visit, a finding, a \
						          follow-up action or its review: stays \
						          supervised */ \
	X(TR_FOLLOW_UP, "follow_up")                   /* the unit answers a follow-up action: \
						          stays supervised */ \
	X(TR_REVOKE, "revoke")                         /* observer or admin: supervised -> revoked */ \
	X(TR_REINSTATE, "reinstate")                   /* admin, a new decision: revoked -> \
						          supervised */
/* clang-format on */

enum transition { TRANSITION_LIST(CODE_ENUM) TR_MAX };

/* The transition's stable code ("request", "approve", ...); "" out of range. */
const char *transition_code(enum transition t);
/* The transition called code, or TR_MAX. */
enum transition transition_parse(const char *code);
/* The stage a transition belongs to (whose window bounds it). */
enum stage transition_stage(enum transition t);
/* The policy action that must be allowed for t. TR_REQUEST and TR_RECORD
 * also accept ACT_DECLARATION_CONFIRM (the regional office files and
 * records a joint declaration). */
enum action transition_action(enum transition t);

/* The policy's answer to in->who making t on obj: the transition's action,
 * and for TR_REQUEST and TR_RECORD also the regional office's
 * confirmation right (the most permissive answer counts). The first
 * check of machine_check; also asked on its own where only the role and
 * place matter (before an upload's body is kept). */
enum policy_decision
machine_policy(const struct principal *who, enum transition t, const struct object_ref *obj);

/* Why a transition is refused. */
/* clang-format off */
#define MACHINE_REFUSAL_LIST(X) \
	X(MR_OK, "ok") \
	X(MR_HIDDEN, "hidden")               /* the participation is outside the caller's view: \
					        answer 404 */ \
	X(MR_DENIED, "denied")               /* seen, but the role may not do this: 403 */ \
	X(MR_STATE, "state")                 /* not possible from the current state */ \
	X(MR_STAGE_NOT_RUN, "stage_not_run") /* the cycle does not run this stage */ \
	X(MR_NOT_OPEN, "not_open")           /* before the stage's window opens */ \
	X(MR_CLOSED, "closed")               /* after the stage's deadline */ \
	X(MR_INCOMPLETE, "incomplete")       /* required answers, evidence or records are missing */ \
	X(MR_ROUND_CLOSED, "round_closed")   /* after the revision round's deadline */
/* clang-format on */

enum machine_refusal { MACHINE_REFUSAL_LIST(CODE_ENUM) MR_MAX };

/* The refusal's stable code ("state", "closed", ...), for catalogs
 * (participation.refusal.CODE) and JSON; "" out of range. */
const char *machine_refusal_code(enum machine_refusal r);

/* What the guard looks at. */
struct machine_input {
	enum stage stage;                   /* where the participation is */
	enum pstate state;                  /* its state in that stage */
	const struct cycle_window *windows; /* the stages the cycle runs, */
	size_t nwindows;                    /* in the programme's order */
	time_t now;
	const struct principal *who;  /* NULL: the anonymous public */
	const struct object_ref *obj; /* the participation (OBJ_PARTICIPATION) */
	bool complete;                /* TR_SUBMIT: every required answer and
					 evidence is there; TR_CONFIRM: the
					 event is recorded with each unit
					 head's statement; ignored otherwise */
	time_t round_deadline;        /* TR_REVISE, TR_RESUBMIT: the last
					instant of the open revision round;
					0 when it has none */
};

/* Where a transition leads. */
struct machine_step {
	enum stage stage;                  /* stage afterwards */
	enum pstate state;                 /* state afterwards */
	enum pstate closing;               /* the stage's closing state passed
					      through on the way (declared,
					      submitted, passed), or PSTATE_MAX */
	bool ended;                        /* the participation ends in this cycle */
	const struct cycle_window *window; /* the window that bounded it */
};

/*
 * May in->who make transition t now? MR_OK with *out filled, or the first
 * reason it may not, checked in this order: policy (hidden, denied), stage
 * run by the cycle, state, window, completeness. On MR_NOT_OPEN and
 * MR_CLOSED out->window names the window, for the message.
 */
enum machine_refusal
machine_check(const struct machine_input *in, enum transition t, struct machine_step *out);

/* The window of stage s among n windows, or NULL when the cycle does not
 * run it. */
const struct cycle_window *
machine_window(const struct cycle_window *w, size_t n, enum stage s);

/* True when the participation stands at the closing state of stage s and
 * the cycle (its n windows w) runs no stage after s: it went through every
 * stage the cycle runs (a 2022 unit that submitted its building). */
bool
machine_finished(enum stage s, enum pstate state, const struct cycle_window *w, size_t n);

/* True when the participation may still change: not failed, not
 * awarded a predicate, and not finished (machine_finished). */
bool machine_open(enum stage s, enum pstate state, const struct cycle_window *w, size_t n);

#endif
