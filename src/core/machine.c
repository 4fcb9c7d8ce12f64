/*
 * machine.c - the stage machine of a participation: one table of
 * transitions and one guard.
 */
#include <string.h>

#include "base/code.h"
#include "core/machine.h"

/*
 * One transition: the state it starts from, where it leads inside that
 * state's stage, the policy action it needs, and what else holds of it.
 * A closing transition ends the stage: the machine then moves on to the
 * next stage the cycle runs.
 */
struct rule {
	enum pstate from;
	enum pstate to;
	enum action action;
	unsigned flags; /* of those below */
};

enum {
	CLOSES = 1u << 0,         /* to is the stage's closing state */
	ENDS = 1u << 1,           /* ends the participation (failed) */
	NEEDS_COMPLETE = 1u << 2, /* the completeness input must hold */
	/* What bounds it in time besides its stage's opening; without either,
	 * the stage's deadline. */
	BY_NONE = 1u << 3,  /* nothing: the ministry's work after the unit's */
	BY_ROUND = 1u << 4, /* the open revision round's deadline */
};

/* clang-format off */
static const struct rule rules[TR_MAX] = {
	/* declaration */
	[TR_REQUEST] = { PSTATE_DRAFT, PSTATE_REQUESTED, ACT_DECLARATION_REQUEST },
	[TR_APPROVE] = { PSTATE_REQUESTED, PSTATE_APPROVED, ACT_DECLARATION_APPROVE },
	[TR_REJECT] = { PSTATE_REQUESTED, PSTATE_DRAFT, ACT_DECLARATION_APPROVE },
	[TR_RECORD] = { PSTATE_APPROVED, PSTATE_APPROVED, ACT_DECLARATION_REQUEST },
	[TR_CONFIRM] = { PSTATE_APPROVED, PSTATE_DECLARED,
	    ACT_DECLARATION_CONFIRM, CLOSES | NEEDS_COMPLETE },
	/* building */
	[TR_FILL] = { PSTATE_BUILDING, PSTATE_BUILDING, ACT_FILL },
	[TR_MENTOR] = { PSTATE_BUILDING, PSTATE_BUILDING, ACT_MENTOR },
	[TR_SUBMIT] = { PSTATE_BUILDING, PSTATE_SUBMITTED,
	    ACT_SUBMIT, CLOSES | NEEDS_COMPLETE },
	/* evaluation */
	[TR_PASS] = { PSTATE_AWAITING_EVALUATION, PSTATE_PASSED, ACT_EVALUATE, CLOSES },
	[TR_FAIL] = { PSTATE_AWAITING_EVALUATION, PSTATE_FAILED, ACT_EVALUATE, ENDS },
	/* assessment */
	[TR_EVIDENCE] = { PSTATE_EVIDENCE_OPEN, PSTATE_EVIDENCE_OPEN, ACT_FILL },
	[TR_SUBMIT_EVIDENCE] = { PSTATE_EVIDENCE_OPEN, PSTATE_VERIFICATION,
	    ACT_SUBMIT, NEEDS_COMPLETE },
	[TR_VERIFY] = { PSTATE_VERIFICATION, PSTATE_VERIFICATION, ACT_VERIFY, BY_NONE },
	[TR_SEND_BACK] = { PSTATE_VERIFICATION, PSTATE_REVISION, ACT_VERIFY, BY_NONE },
	[TR_REVISE] = { PSTATE_REVISION, PSTATE_REVISION, ACT_FILL, BY_ROUND },
	[TR_RESUBMIT] = { PSTATE_REVISION, PSTATE_VERIFICATION, ACT_SUBMIT, BY_ROUND },
	[TR_CLOSE_VERIFICATION] = { PSTATE_VERIFICATION, PSTATE_SCORING,
	    ACT_VERIFY, NEEDS_COMPLETE | BY_NONE },
	[TR_SCORE] = { PSTATE_SCORING, PSTATE_SCORING, ACT_ASSESS, BY_NONE },
	[TR_SCORED] = { PSTATE_SCORING, PSTATE_ASSESSED, ACT_ASSESS, NEEDS_COMPLETE | BY_NONE },
	[TR_SETTLE] = { PSTATE_ASSESSED, PSTATE_ASSESSED, ACT_DECREE, BY_NONE },
	[TR_RECOMMEND] = { PSTATE_ASSESSED, PSTATE_RECOMMENDED, ACT_DECREE, BY_NONE },
	[TR_NOT_RECOMMEND] = { PSTATE_ASSESSED, PSTATE_NOT_RECOMMENDED, ACT_DECREE, BY_NONE },
	[TR_AWARD] = { PSTATE_RECOMMENDED, PSTATE_AWARDED, ACT_DECREE, CLOSES | BY_NONE },
	[TR_NOT_AWARD] = { PSTATE_NOT_RECOMMENDED, PSTATE_NOT_AWARDED,
	    ACT_DECREE, ENDS | BY_NONE },
	/* supervision */
	[TR_SUPERVISE] = { PSTATE_SUPERVISED, PSTATE_SUPERVISED, ACT_MENTOR, BY_NONE },
	[TR_FOLLOW_UP] = { PSTATE_SUPERVISED, PSTATE_SUPERVISED, ACT_FILL, BY_NONE },
	[TR_REVOKE] = { PSTATE_SUPERVISED, PSTATE_REVOKED, ACT_AWARD_REVOKE, BY_NONE },
	[TR_REINSTATE] = { PSTATE_REVOKED, PSTATE_SUPERVISED, ACT_DECREE, BY_NONE },
};
/* clang-format on */

static const char *const codes[TR_MAX] = { TRANSITION_LIST(CODE_ENTRY) };

static const char *const refusals[MR_MAX] = { MACHINE_REFUSAL_LIST(CODE_ENTRY) };

CODE_FUNCTIONS(transition, enum transition, codes, TR_MAX)

enum stage
transition_stage(enum transition t)
{
	return t < TR_MAX ? pstate_stage(rules[t].from) : STAGE_MAX;
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
		if (pstate_stage(rules[i].from) == s && rules[i].flags & CLOSES)
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
	enum stage stage;

	memset(out, 0, sizeof(*out));
	out->state = out->closing = PSTATE_MAX;
	if (t >= TR_MAX || in == NULL || in->obj == NULL)
		return MR_HIDDEN;
	r = &rules[t];
	stage = pstate_stage(r->from);
	switch (machine_policy(in->who, t, in->obj)) {
	case POLICY_ALLOW:
		break;
	case POLICY_DENY:
		return MR_DENIED;
	default:
		return MR_HIDDEN;
	}
	if ((w = machine_window(in->windows, in->nwindows, stage)) == NULL)
		return MR_STAGE_NOT_RUN;
	if (in->stage != stage || in->state != r->from)
		return MR_STATE;
	out->window = w;
	if (in->now < w->opens)
		return MR_NOT_OPEN;
	if (!(r->flags & (BY_NONE | BY_ROUND)) && in->now > w->deadline)
		return MR_CLOSED;
	if (r->flags & BY_ROUND && in->round_deadline != 0 && in->now > in->round_deadline)
		return MR_ROUND_CLOSED;
	if (r->flags & NEEDS_COMPLETE && !in->complete)
		return MR_INCOMPLETE;
	out->stage = stage;
	out->state = r->to;
	out->ended = r->flags & ENDS;
	if (r->flags & CLOSES) {
		out->closing = r->to;
		if ((next = next_window(in->windows, in->nwindows, stage)) != NULL) {
			out->stage = next->stage;
			out->state = stage_entry_state(next->stage);
		} else
			out->ended = true;
	}
	return MR_OK;
}
