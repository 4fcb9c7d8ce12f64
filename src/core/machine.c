/*
 * machine.c - the stage machine of a participation: one table of
 * transitions and one guard.
 */
#include <string.h>

#include "base/code.h"
#include "core/machine.h"

/* What bounds a transition in time, besides its stage's opening. */
enum bound {
	BY_STAGE, /* the stage's deadline */
	BY_NONE,  /* nothing: the ministry's work after the unit's */
	BY_ROUND, /* the open revision round's deadline */
};

/* One transition: the stage and state it starts from and where it leads
 * inside that stage. A closing transition ends the stage: the machine then
 * moves on to the next stage the cycle runs. */
struct rule {
	const char *code;
	enum stage stage;
	enum pstate from;
	enum pstate to;
	enum action action;
	bool closing;        /* to is the stage's closing state */
	bool ends;           /* ends the participation (failed) */
	bool needs_complete; /* the completeness input must hold */
	enum bound bound;    /* which deadline stops it */
};

/* clang-format off */
static const struct rule rules[TR_MAX] = {
	[TR_REQUEST] = { "request", STAGE_DECLARATION, PSTATE_DRAFT, PSTATE_REQUESTED,
	    ACT_DECLARATION_REQUEST, false, false, false },
	[TR_APPROVE] = { "approve", STAGE_DECLARATION, PSTATE_REQUESTED, PSTATE_APPROVED,
	    ACT_DECLARATION_APPROVE, false, false, false },
	[TR_REJECT] = { "reject", STAGE_DECLARATION, PSTATE_REQUESTED, PSTATE_DRAFT,
	    ACT_DECLARATION_APPROVE, false, false, false },
	[TR_RECORD] = { "record", STAGE_DECLARATION, PSTATE_APPROVED, PSTATE_APPROVED,
	    ACT_DECLARATION_REQUEST, false, false, false },
	[TR_CONFIRM] = { "confirm", STAGE_DECLARATION, PSTATE_APPROVED, PSTATE_DECLARED,
	    ACT_DECLARATION_CONFIRM, true, false, true },
	[TR_FILL] = { "fill", STAGE_BUILDING, PSTATE_BUILDING, PSTATE_BUILDING,
	    ACT_FILL, false, false, false },
	[TR_MENTOR] = { "mentor", STAGE_BUILDING, PSTATE_BUILDING, PSTATE_BUILDING,
	    ACT_MENTOR, false, false, false },
	[TR_SUBMIT] = { "submit", STAGE_BUILDING, PSTATE_BUILDING, PSTATE_SUBMITTED,
	    ACT_SUBMIT, true, false, true },
	[TR_PASS] = { "pass", STAGE_EVALUATION, PSTATE_AWAITING_EVALUATION, PSTATE_PASSED,
	    ACT_EVALUATE, true, false, false },
	[TR_FAIL] = { "fail", STAGE_EVALUATION, PSTATE_AWAITING_EVALUATION, PSTATE_FAILED,
	    ACT_EVALUATE, false, true, false },
	[TR_EVIDENCE] = { "evidence", STAGE_ASSESSMENT, PSTATE_EVIDENCE_OPEN,
	    PSTATE_EVIDENCE_OPEN, ACT_FILL, false, false, false },
	[TR_SUBMIT_EVIDENCE] = { "submit_evidence", STAGE_ASSESSMENT, PSTATE_EVIDENCE_OPEN,
	    PSTATE_VERIFICATION, ACT_SUBMIT, false, false, true },
	[TR_VERIFY] = { "verify", STAGE_ASSESSMENT, PSTATE_VERIFICATION,
	    PSTATE_VERIFICATION, ACT_VERIFY, false, false, false, BY_NONE },
	[TR_SEND_BACK] = { "send_back", STAGE_ASSESSMENT, PSTATE_VERIFICATION,
	    PSTATE_REVISION, ACT_VERIFY, false, false, false, BY_NONE },
	[TR_REVISE] = { "revise", STAGE_ASSESSMENT, PSTATE_REVISION, PSTATE_REVISION,
	    ACT_FILL, false, false, false, BY_ROUND },
	[TR_RESUBMIT] = { "resubmit", STAGE_ASSESSMENT, PSTATE_REVISION,
	    PSTATE_VERIFICATION, ACT_SUBMIT, false, false, false, BY_ROUND },
	[TR_CLOSE_VERIFICATION] = { "close_verification", STAGE_ASSESSMENT,
	    PSTATE_VERIFICATION, PSTATE_SCORING, ACT_VERIFY, false, false, true, BY_NONE },
	[TR_SCORE] = { "score", STAGE_ASSESSMENT, PSTATE_SCORING, PSTATE_SCORING,
	    ACT_ASSESS, false, false, false, BY_NONE },
	[TR_SCORED] = { "scored", STAGE_ASSESSMENT, PSTATE_SCORING, PSTATE_ASSESSED,
	    ACT_ASSESS, false, false, true, BY_NONE },
	[TR_SETTLE] = { "settle", STAGE_ASSESSMENT, PSTATE_ASSESSED, PSTATE_ASSESSED,
	    ACT_DECREE, false, false, false, BY_NONE },
	[TR_RECOMMEND] = { "recommend", STAGE_ASSESSMENT, PSTATE_ASSESSED,
	    PSTATE_RECOMMENDED, ACT_DECREE, false, false, false, BY_NONE },
	[TR_NOT_RECOMMEND] = { "not_recommend", STAGE_ASSESSMENT, PSTATE_ASSESSED,
	    PSTATE_NOT_RECOMMENDED, ACT_DECREE, false, false, false, BY_NONE },
	[TR_AWARD] = { "award", STAGE_ASSESSMENT, PSTATE_RECOMMENDED,
	    PSTATE_AWARDED, ACT_DECREE, true, false, false, BY_NONE },
	[TR_NOT_AWARD] = { "not_award", STAGE_ASSESSMENT, PSTATE_NOT_RECOMMENDED,
	    PSTATE_NOT_AWARDED, ACT_DECREE, false, true, false, BY_NONE },
	[TR_SUPERVISE] = { "supervise", STAGE_SUPERVISION, PSTATE_SUPERVISED,
	    PSTATE_SUPERVISED, ACT_MENTOR, false, false, false, BY_NONE },
	[TR_FOLLOW_UP] = { "follow_up", STAGE_SUPERVISION, PSTATE_SUPERVISED,
	    PSTATE_SUPERVISED, ACT_FILL, false, false, false, BY_NONE },
	[TR_REVOKE] = { "revoke", STAGE_SUPERVISION, PSTATE_SUPERVISED,
	    PSTATE_REVOKED, ACT_AWARD_REVOKE, false, false, false, BY_NONE },
	[TR_REINSTATE] = { "reinstate", STAGE_SUPERVISION, PSTATE_REVOKED,
	    PSTATE_SUPERVISED, ACT_DECREE, false, false, false, BY_NONE },
};
/* clang-format on */

static const char *const refusals[MR_MAX] = { MACHINE_REFUSAL_LIST(CODE_ENTRY) };

CODE_MEMBER_FUNCTIONS(transition, enum transition, rules, code, TR_MAX)

enum stage
transition_stage(enum transition t)
{
	return t < TR_MAX ? rules[t].stage : STAGE_MAX;
}

enum action
transition_action(enum transition t)
{
	return t < TR_MAX ? rules[t].action : ACTION_MAX;
}

CODE_NAME_FUNCTION(machine_refusal, enum machine_refusal, refusals, MR_MAX)

const struct cycle_window *
machine_window(const struct cycle_window *w, size_t n, enum stage s)
{
	size_t i;

	for (i = 0; w != NULL && i < n; i++)
		if (w[i].stage == s)
			return &w[i];
	return NULL;
}

/* The window after the one of stage s, or NULL when s is the last. */
static const struct cycle_window *
next_window(const struct cycle_window *w, size_t n, enum stage s)
{
	size_t i;

	for (i = 0; w != NULL && i + 1 < n; i++)
		if (w[i].stage == s)
			return &w[i + 1];
	return NULL;
}

/* The closing state of stage s: where a participation that finished it
 * stands when the cycle runs nothing after it; PSTATE_MAX when s has
 * none in the table. */
static enum pstate
closing_state(enum stage s)
{
	int i;

	for (i = 0; i < TR_MAX; i++)
		if (rules[i].stage == s && rules[i].closing)
			return rules[i].to;
	return PSTATE_MAX;
}

bool
machine_finished(enum stage s, enum pstate state, const struct cycle_window *w, size_t n)
{
	enum pstate closing = closing_state(s);

	return closing != PSTATE_MAX && state == closing && next_window(w, n, s) == NULL;
}

bool
machine_open(enum stage s, enum pstate state, const struct cycle_window *w, size_t n)
{
	if (state >= PSTATE_MAX || state == PSTATE_FAILED || state == PSTATE_NOT_AWARDED)
		return false;
	return !machine_finished(s, state, w, n);
}

/* TR_REQUEST and TR_RECORD also accept the regional office's confirmation
 * right: it files and records the joint declaration of several units of
 * its province. */
enum policy_decision
machine_policy(const struct principal *who, enum transition t, const struct object_ref *obj)
{
	enum policy_decision d, d2;

	if (t >= TR_MAX || obj == NULL)
		return POLICY_HIDDEN;
	d = policy_check(who, rules[t].action, obj);
	if ((t == TR_REQUEST || t == TR_RECORD) && d != POLICY_ALLOW) {
		d2 = policy_check(who, ACT_DECLARATION_CONFIRM, obj);
		if (d2 > d)
			d = d2;
	}
	return d;
}

enum machine_refusal
machine_check(const struct machine_input *in, enum transition t, struct machine_step *out)
{
	const struct rule *r;
	const struct cycle_window *w, *next;

	memset(out, 0, sizeof(*out));
	out->state = out->closing = PSTATE_MAX;
	if (t >= TR_MAX || in == NULL || in->obj == NULL)
		return MR_HIDDEN;
	r = &rules[t];
	switch (machine_policy(in->who, t, in->obj)) {
	case POLICY_ALLOW:
		break;
	case POLICY_DENY:
		return MR_DENIED;
	default:
		return MR_HIDDEN;
	}
	if ((w = machine_window(in->windows, in->nwindows, r->stage)) == NULL)
		return MR_STAGE_NOT_RUN;
	if (in->stage != r->stage || in->state != r->from)
		return MR_STATE;
	out->window = w;
	if (in->now < w->opens)
		return MR_NOT_OPEN;
	if (r->bound == BY_STAGE && in->now > w->deadline)
		return MR_CLOSED;
	if (r->bound == BY_ROUND && in->round_deadline != 0 && in->now > in->round_deadline)
		return MR_ROUND_CLOSED;
	if (r->needs_complete && !in->complete)
		return MR_INCOMPLETE;
	out->stage = r->stage;
	out->state = r->to;
	out->ended = r->ends;
	if (r->closing) {
		out->closing = r->to;
		if ((next = next_window(in->windows, in->nwindows, r->stage)) != NULL) {
			out->stage = next->stage;
			out->state = stage_entry_state(next->stage);
		} else
			out->ended = true;
	}
	return MR_OK;
}
