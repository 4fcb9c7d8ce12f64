/*
 * test_machine.c - the stage machine walked transition by transition: each
 * one allowed from its state by the right role inside its window, and
 * refused for every other reason the guard knows (role, scope, state, a
 * stage the cycle does not run, before the window, after the deadline,
 * incomplete), in a five-stage cycle (2023), a two-stage cycle (2022) and a
 * cycle without building (regional governments, 2023).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/cycle.h"
#include "core/declaration.h"
#include "core/machine.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum { GTO = 75, SULSEL = 73, ORG = 1, UNIT = 11, OTHER_UNIT = 12, PART = 500 };

static const struct grant g_admin[] = { { ROLE_ADMIN, SCOPE_NATIONAL, 0, false, { 0 },
    NULL, 0 } };
/* clang-format off */
static const struct grant g_coord[] = {
	{ ROLE_COORDINATOR, SCOPE_PROVINCE, GTO, false, { GTO, 0, 0, 0 }, NULL, 0 } };
static const struct grant g_coord_other[] = {
	{ ROLE_COORDINATOR, SCOPE_PROVINCE, SULSEL, false, { SULSEL, 0, 0, 0 }, NULL, 0 } };
static const struct grant g_reg[] = {
	{ ROLE_REGIONAL, SCOPE_PROVINCE, GTO, false, { GTO, 0, 0, 0 }, NULL, 0 } };
static const struct grant g_op[] = {
	{ ROLE_OPERATOR, SCOPE_UNIT, UNIT, false, { GTO, ORG, UNIT, 0 }, NULL, 0 } };
static const struct grant g_op_other[] = {
	{ ROLE_OPERATOR, SCOPE_UNIT, OTHER_UNIT, false, { GTO, ORG, OTHER_UNIT, 0 }, NULL, 0 } };
static const struct grant g_head[] = {
	{ ROLE_UNIT_HEAD, SCOPE_UNIT, UNIT, false, { GTO, ORG, UNIT, 0 }, NULL, 0 } };
static const struct grant g_ver[] = {
	{ ROLE_VERIFIER, SCOPE_PARTICIPATION, PART, false, { GTO, ORG, UNIT, PART }, NULL, 0 } };
static const struct grant g_ass[] = {
	{ ROLE_ASSESSOR, SCOPE_PARTICIPATION, PART, false, { GTO, ORG, UNIT, PART }, NULL, 0 } };
static const struct grant g_obs[] = {
	{ ROLE_OBSERVER, SCOPE_NATIONAL, 0, true, { 0 }, NULL, 0 } };

#define WHO(g)	(&(const struct principal){ 1, g, COUNT(g), 0, 0 })
#define ADMIN		WHO(g_admin)
#define COORD		WHO(g_coord)
#define COORD_OTHER	WHO(g_coord_other)
#define REGIONAL	WHO(g_reg)
#define OPERATOR	WHO(g_op)
#define OPERATOR_OTHER	WHO(g_op_other)
#define HEAD		WHO(g_head)
#define OBSERVER	WHO(g_obs)
#define VERIFIER	WHO(g_ver)
/* The same verifier, whose own province is the unit's: a conflict. */
#define VERIFIER_HOME	(&(const struct principal){ 1, g_ver, 1, GTO, 0 })
#define ASSESSOR	WHO(g_ass)
#define PUBLIC		((const struct principal *)NULL)

static const struct object_ref part = { .type = OBJ_PARTICIPATION, .id = PART,
	.at = { GTO, ORG, UNIT, PART } };

/* Windows at 1000-1999 (declaration), 2000-2999 (building), ... */
#define W(s, i)	{ s, (i) * 1000, (i) * 1000 + 999 }
static const struct cycle_window five[] = { W(STAGE_DECLARATION, 1),
	W(STAGE_BUILDING, 2), W(STAGE_EVALUATION, 3), W(STAGE_ASSESSMENT, 4),
	W(STAGE_SUPERVISION, 5) };
static const struct cycle_window two[] = { W(STAGE_DECLARATION, 1), W(STAGE_BUILDING, 2) };
static const struct cycle_window pemda[] = { W(STAGE_DECLARATION, 1),
	W(STAGE_EVALUATION, 3), W(STAGE_ASSESSMENT, 4), W(STAGE_SUPERVISION, 5) };
/* A cycle that ends with the decree: no supervision stage. */
static const struct cycle_window four[] = { W(STAGE_DECLARATION, 1),
	W(STAGE_BUILDING, 2), W(STAGE_EVALUATION, 3), W(STAGE_ASSESSMENT, 4) };

enum cyc { FIVE, TWO, PEMDA, FOUR };
static const struct { const struct cycle_window *w; size_t n; } cycles[] = {
	[FIVE] = { five, COUNT(five) }, [TWO] = { two, COUNT(two) },
	[PEMDA] = { pemda, COUNT(pemda) }, [FOUR] = { four, COUNT(four) },
};
/* clang-format on */

/* Inside the window of stage i: */
#define IN(i) ((i)*1000 + 500)
#define BEFORE(i) ((i)*1000 - 1)
#define AFTER(i) ((i)*1000 + 1000)

struct tcase {
	int line;
	enum cyc cycle;
	enum stage stage;
	enum pstate state;
	enum transition t;
	const struct principal *who;
	time_t now;
	bool complete;
	enum machine_refusal want;
	enum stage to_stage; /* when want is MR_OK */
	enum pstate to_state;
	bool ended;
};

#define D STAGE_DECLARATION
#define B STAGE_BUILDING
#define E STAGE_EVALUATION
#define A STAGE_ASSESSMENT
#define OK(...) MR_OK, __VA_ARGS__
#define NO(r) r, STAGE_MAX, PSTATE_MAX, false

/* The states, short. */
#define DRAFT PSTATE_DRAFT
#define REQUESTED PSTATE_REQUESTED
#define APPROVED PSTATE_APPROVED
#define DECLARED PSTATE_DECLARED
#define BUILDING PSTATE_BUILDING
#define SUBMITTED PSTATE_SUBMITTED
#define AWAITING PSTATE_AWAITING_EVALUATION
#define PASSED PSTATE_PASSED
#define FAILED PSTATE_FAILED
#define EVIDENCE_OPEN PSTATE_EVIDENCE_OPEN
#define VERIFICATION PSTATE_VERIFICATION
#define REVISION PSTATE_REVISION
#define SCORING PSTATE_SCORING
#define ASSESSED PSTATE_ASSESSED
#define SUPERVISED PSTATE_SUPERVISED
#define REVOKED PSTATE_REVOKED
#define S STAGE_SUPERVISION

/* clang-format off */
static const struct tcase cases[] = {
	/* Declaration, allowed. */
	{ __LINE__, FIVE, D, DRAFT, TR_REQUEST, OPERATOR, IN(1), false, OK(D, REQUESTED, false) },
	{ __LINE__, FIVE, D, DRAFT, TR_REQUEST, HEAD, IN(1), false, OK(D, REQUESTED, false) },
	{ __LINE__, FIVE, D, REQUESTED, TR_APPROVE, ADMIN, IN(1), false, OK(D, APPROVED, false) },
	{ __LINE__, FIVE, D, REQUESTED, TR_APPROVE, COORD, IN(1), false, OK(D, APPROVED, false) },
	{ __LINE__, FIVE, D, REQUESTED, TR_REJECT, ADMIN, IN(1), false, OK(D, DRAFT, false) },
	{ __LINE__, FIVE, D, REQUESTED, TR_REJECT, COORD, IN(1), false, OK(D, DRAFT, false) },
	{ __LINE__, FIVE, D, APPROVED, TR_RECORD, OPERATOR, IN(1), false, OK(D, APPROVED, false) },
	{ __LINE__, FIVE, D, APPROVED, TR_RECORD, REGIONAL, IN(1), false, OK(D, APPROVED, false) },
	{ __LINE__, FIVE, D, APPROVED, TR_CONFIRM, REGIONAL, IN(1), true, OK(B, BUILDING, false) },
	{ __LINE__, TWO, D, APPROVED, TR_CONFIRM, REGIONAL, IN(1), true, OK(B, BUILDING, false) },
	{ __LINE__, PEMDA, D, APPROVED, TR_CONFIRM, REGIONAL, IN(1), true,
	    OK(E, AWAITING, false) },
	/* Declaration, refused. */
	{ __LINE__, FIVE, D, DRAFT, TR_REQUEST, OPERATOR_OTHER, IN(1), false, NO(MR_HIDDEN) },
	{ __LINE__, FIVE, D, DRAFT, TR_REQUEST, PUBLIC, IN(1), false, NO(MR_HIDDEN) },
	{ __LINE__, FIVE, D, DRAFT, TR_REQUEST, REGIONAL, IN(1), false, OK(D, REQUESTED, false) },
	{ __LINE__, FIVE, D, DRAFT, TR_REQUEST, COORD, IN(1), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, DRAFT, TR_REQUEST, OBSERVER, IN(1), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, REQUESTED, TR_REQUEST, OPERATOR, IN(1), false, NO(MR_STATE) },
	{ __LINE__, FIVE, D, DRAFT, TR_REQUEST, OPERATOR, BEFORE(1), false, NO(MR_NOT_OPEN) },
	{ __LINE__, FIVE, D, DRAFT, TR_REQUEST, OPERATOR, AFTER(1), false, NO(MR_CLOSED) },
	{ __LINE__, FIVE, D, REQUESTED, TR_APPROVE, OPERATOR, IN(1), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, REQUESTED, TR_APPROVE, HEAD, IN(1), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, REQUESTED, TR_APPROVE, REGIONAL, IN(1), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, REQUESTED, TR_APPROVE, COORD_OTHER, IN(1), false, NO(MR_HIDDEN) },
	{ __LINE__, FIVE, D, DRAFT, TR_APPROVE, ADMIN, IN(1), false, NO(MR_STATE) },
	{ __LINE__, FIVE, D, APPROVED, TR_APPROVE, ADMIN, IN(1), false, NO(MR_STATE) },
	{ __LINE__, FIVE, D, REQUESTED, TR_APPROVE, ADMIN, AFTER(1), false, NO(MR_CLOSED) },
	{ __LINE__, FIVE, D, DRAFT, TR_REJECT, ADMIN, IN(1), false, NO(MR_STATE) },
	{ __LINE__, FIVE, D, REQUESTED, TR_REJECT, OPERATOR, IN(1), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, REQUESTED, TR_RECORD, OPERATOR, IN(1), false, NO(MR_STATE) },
	{ __LINE__, FIVE, D, APPROVED, TR_RECORD, OPERATOR, AFTER(1), false, NO(MR_CLOSED) },
	{ __LINE__, FIVE, D, APPROVED, TR_RECORD, OBSERVER, IN(1), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, APPROVED, TR_CONFIRM, REGIONAL, IN(1), false, NO(MR_INCOMPLETE) },
	{ __LINE__, FIVE, D, APPROVED, TR_CONFIRM, OPERATOR, IN(1), true, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, APPROVED, TR_CONFIRM, COORD, IN(1), true, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, REQUESTED, TR_CONFIRM, REGIONAL, IN(1), true, NO(MR_STATE) },
	{ __LINE__, FIVE, D, APPROVED, TR_CONFIRM, REGIONAL, BEFORE(1), true, NO(MR_NOT_OPEN) },
	{ __LINE__, FIVE, D, APPROVED, TR_CONFIRM, REGIONAL, AFTER(1), true, NO(MR_CLOSED) },
	/* Building, allowed: the 2022 cycle ends after it. */
	{ __LINE__, FIVE, B, BUILDING, TR_FILL, OPERATOR, IN(2), false, OK(B, BUILDING, false) },
	{ __LINE__, FIVE, B, BUILDING, TR_FILL, HEAD, IN(2), false, OK(B, BUILDING, false) },
	{ __LINE__, FIVE, B, BUILDING, TR_MENTOR, REGIONAL, IN(2), false, OK(B, BUILDING, false) },
	{ __LINE__, FIVE, B, BUILDING, TR_SUBMIT, HEAD, IN(2), true,
	    OK(E, AWAITING, false) },
	{ __LINE__, TWO, B, BUILDING, TR_SUBMIT, HEAD, IN(2), true, OK(B, SUBMITTED, true) },
	/* Building, refused. */
	{ __LINE__, FIVE, B, BUILDING, TR_FILL, OPERATOR_OTHER, IN(2), false, NO(MR_HIDDEN) },
	{ __LINE__, FIVE, B, BUILDING, TR_FILL, REGIONAL, IN(2), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, B, BUILDING, TR_FILL, OPERATOR, BEFORE(2), false, NO(MR_NOT_OPEN) },
	{ __LINE__, FIVE, B, BUILDING, TR_FILL, OPERATOR, AFTER(2), false, NO(MR_CLOSED) },
	{ __LINE__, FIVE, D, APPROVED, TR_FILL, OPERATOR, IN(2), false, NO(MR_STATE) },
	{ __LINE__, FIVE, B, SUBMITTED, TR_FILL, OPERATOR, IN(2), false, NO(MR_STATE) },
	{ __LINE__, PEMDA, D, DECLARED, TR_FILL, OPERATOR, IN(2), false, NO(MR_STAGE_NOT_RUN) },
	{ __LINE__, FIVE, B, BUILDING, TR_MENTOR, OPERATOR, IN(2), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, B, BUILDING, TR_MENTOR, REGIONAL, AFTER(2), false, NO(MR_CLOSED) },
	{ __LINE__, FIVE, B, BUILDING, TR_SUBMIT, OPERATOR, IN(2), true, NO(MR_DENIED) },
	{ __LINE__, FIVE, B, BUILDING, TR_SUBMIT, HEAD, IN(2), false, NO(MR_INCOMPLETE) },
	{ __LINE__, FIVE, B, BUILDING, TR_SUBMIT, HEAD, AFTER(2), true, NO(MR_CLOSED) },
	{ __LINE__, FIVE, B, SUBMITTED, TR_SUBMIT, HEAD, IN(2), true, NO(MR_STATE) },
	/* Evaluation. */
	{ __LINE__, FIVE, E, AWAITING, TR_PASS, REGIONAL, IN(3), false,
	    OK(A, EVIDENCE_OPEN, false) },
	{ __LINE__, FIVE, E, AWAITING, TR_PASS, ADMIN, IN(3), false,
	    OK(A, EVIDENCE_OPEN, false) },
	{ __LINE__, FIVE, E, AWAITING, TR_FAIL, REGIONAL, IN(3), false,
	    OK(E, FAILED, true) },
	{ __LINE__, FIVE, E, AWAITING, TR_FAIL, ADMIN, IN(3), false,
	    OK(E, FAILED, true) },
	{ __LINE__, FIVE, E, AWAITING, TR_PASS, COORD, IN(3), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, E, AWAITING, TR_PASS, HEAD, IN(3), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, E, AWAITING, TR_PASS, OPERATOR_OTHER, IN(3), false,
	    NO(MR_HIDDEN) },
	{ __LINE__, FIVE, E, FAILED, TR_PASS, ADMIN, IN(3), false, NO(MR_STATE) },
	{ __LINE__, FIVE, E, FAILED, TR_FAIL, ADMIN, IN(3), false, NO(MR_STATE) },
	{ __LINE__, FIVE, B, BUILDING, TR_PASS, ADMIN, IN(3), false, NO(MR_STATE) },
	{ __LINE__, FIVE, E, AWAITING, TR_PASS, ADMIN, BEFORE(3), false,
	    NO(MR_NOT_OPEN) },
	{ __LINE__, FIVE, E, AWAITING, TR_FAIL, ADMIN, AFTER(3), false, NO(MR_CLOSED) },
	{ __LINE__, TWO, B, SUBMITTED, TR_PASS, ADMIN, IN(3), false, NO(MR_STAGE_NOT_RUN) },
	/* Assessment: the unit's evidence, inside the stage's window. */
	{ __LINE__, FIVE, A, EVIDENCE_OPEN, TR_EVIDENCE, OPERATOR, IN(4), false,
	    OK(A, EVIDENCE_OPEN, false) },
	{ __LINE__, PEMDA, A, EVIDENCE_OPEN, TR_EVIDENCE, HEAD, IN(4), false,
	    OK(A, EVIDENCE_OPEN, false) },
	{ __LINE__, FIVE, A, EVIDENCE_OPEN, TR_EVIDENCE, VERIFIER, IN(4), false,
	    NO(MR_DENIED) },
	{ __LINE__, FIVE, A, EVIDENCE_OPEN, TR_EVIDENCE, OPERATOR, AFTER(4), false,
	    NO(MR_CLOSED) },
	{ __LINE__, FIVE, A, VERIFICATION, TR_EVIDENCE, OPERATOR, IN(4), false,
	    NO(MR_STATE) },
	{ __LINE__, FIVE, A, EVIDENCE_OPEN, TR_SUBMIT_EVIDENCE, HEAD, IN(4), true,
	    OK(A, VERIFICATION, false) },
	{ __LINE__, FIVE, A, EVIDENCE_OPEN, TR_SUBMIT_EVIDENCE, HEAD, IN(4), false,
	    NO(MR_INCOMPLETE) },
	{ __LINE__, FIVE, A, EVIDENCE_OPEN, TR_SUBMIT_EVIDENCE, OPERATOR, IN(4), true,
	    NO(MR_DENIED) },
	{ __LINE__, FIVE, A, EVIDENCE_OPEN, TR_SUBMIT_EVIDENCE, HEAD, BEFORE(4), true,
	    NO(MR_NOT_OPEN) },
	{ __LINE__, TWO, B, SUBMITTED, TR_SUBMIT_EVIDENCE, HEAD, IN(4), true,
	    NO(MR_STAGE_NOT_RUN) },
	/* Verification: the ministry's work goes on after the deadline. */
	{ __LINE__, FIVE, A, VERIFICATION, TR_VERIFY, VERIFIER, IN(4), false,
	    OK(A, VERIFICATION, false) },
	{ __LINE__, FIVE, A, VERIFICATION, TR_VERIFY, VERIFIER, AFTER(4), false,
	    OK(A, VERIFICATION, false) },
	{ __LINE__, FIVE, A, VERIFICATION, TR_VERIFY, VERIFIER_HOME, IN(4), false,
	    NO(MR_DENIED) },
	{ __LINE__, FIVE, A, VERIFICATION, TR_VERIFY, ADMIN, IN(4), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, A, VERIFICATION, TR_VERIFY, OPERATOR_OTHER, IN(4), false,
	    NO(MR_HIDDEN) },
	{ __LINE__, FIVE, A, VERIFICATION, TR_VERIFY, VERIFIER, BEFORE(4), false,
	    NO(MR_NOT_OPEN) },
	{ __LINE__, FIVE, A, VERIFICATION, TR_SEND_BACK, VERIFIER, AFTER(4), false,
	    OK(A, REVISION, false) },
	{ __LINE__, FIVE, A, REVISION, TR_SEND_BACK, VERIFIER, IN(4), false,
	    NO(MR_STATE) },
	{ __LINE__, FIVE, A, REVISION, TR_REVISE, OPERATOR, AFTER(4), false,
	    OK(A, REVISION, false) },
	{ __LINE__, FIVE, A, REVISION, TR_REVISE, ASSESSOR, IN(4), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, A, REVISION, TR_RESUBMIT, HEAD, AFTER(4), false,
	    OK(A, VERIFICATION, false) },
	{ __LINE__, FIVE, A, REVISION, TR_RESUBMIT, OPERATOR, IN(4), false,
	    NO(MR_DENIED) },
	{ __LINE__, FIVE, A, VERIFICATION, TR_CLOSE_VERIFICATION, VERIFIER, AFTER(4), true,
	    OK(A, SCORING, false) },
	{ __LINE__, FIVE, A, VERIFICATION, TR_CLOSE_VERIFICATION, VERIFIER, IN(4), false,
	    NO(MR_INCOMPLETE) },
	/* Scoring and the plenary. */
	{ __LINE__, FIVE, A, SCORING, TR_SCORE, ASSESSOR, AFTER(4), false,
	    OK(A, SCORING, false) },
	{ __LINE__, FIVE, A, SCORING, TR_SCORE, VERIFIER, IN(4), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, A, VERIFICATION, TR_SCORE, ASSESSOR, IN(4), false,
	    NO(MR_STATE) },
	{ __LINE__, FIVE, A, SCORING, TR_SCORED, ASSESSOR, IN(4), true,
	    OK(A, ASSESSED, false) },
	{ __LINE__, FIVE, A, SCORING, TR_SCORED, ASSESSOR, IN(4), false,
	    NO(MR_INCOMPLETE) },
	{ __LINE__, FIVE, A, ASSESSED, TR_SETTLE, ADMIN, AFTER(4), false,
	    OK(A, ASSESSED, false) },
	{ __LINE__, FIVE, A, ASSESSED, TR_SETTLE, ASSESSOR, IN(4), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, A, ASSESSED, TR_RECOMMEND, ADMIN, IN(4), false,
	    OK(A, PSTATE_RECOMMENDED, false) },
	{ __LINE__, FIVE, A, ASSESSED, TR_RECOMMEND, REGIONAL, IN(4), false,
	    NO(MR_DENIED) },
	{ __LINE__, FIVE, A, ASSESSED, TR_NOT_RECOMMEND, ADMIN, IN(4), false,
	    OK(A, PSTATE_NOT_RECOMMENDED, false) },
	{ __LINE__, FIVE, A, SCORING, TR_NOT_RECOMMEND, ADMIN, IN(4), false,
	    NO(MR_STATE) },
	/* The decree: awarded hands over to supervision when the cycle runs
	 * it, and ends the cycle when it does not; not awarded ends it. */
	{ __LINE__, FIVE, A, PSTATE_RECOMMENDED, TR_AWARD, ADMIN, AFTER(4), false,
	    OK(S, SUPERVISED, false) },
	{ __LINE__, FOUR, A, PSTATE_RECOMMENDED, TR_AWARD, ADMIN, AFTER(4), false,
	    OK(A, PSTATE_AWARDED, true) },
	{ __LINE__, FIVE, A, PSTATE_RECOMMENDED, TR_AWARD, OBSERVER, IN(4), false,
	    NO(MR_DENIED) },
	{ __LINE__, FIVE, A, ASSESSED, TR_AWARD, ADMIN, IN(4), false, NO(MR_STATE) },
	{ __LINE__, FIVE, A, PSTATE_RECOMMENDED, TR_AWARD, ADMIN, BEFORE(4), false,
	    NO(MR_NOT_OPEN) },
	{ __LINE__, FIVE, A, PSTATE_NOT_RECOMMENDED, TR_NOT_AWARD, ADMIN, AFTER(4), false,
	    OK(A, PSTATE_NOT_AWARDED, true) },
	{ __LINE__, FIVE, A, PSTATE_RECOMMENDED, TR_NOT_AWARD, ADMIN, IN(4), false,
	    NO(MR_STATE) },
	{ __LINE__, FIVE, A, PSTATE_NOT_RECOMMENDED, TR_NOT_AWARD, REGIONAL, IN(4), false,
	    NO(MR_DENIED) },
	/* Supervision, revocation and reinstatement. */
	{ __LINE__, FIVE, S, SUPERVISED, TR_SUPERVISE, REGIONAL, AFTER(5), false,
	    OK(S, SUPERVISED, false) },
	{ __LINE__, FIVE, S, SUPERVISED, TR_SUPERVISE, OPERATOR, IN(5), false,
	    NO(MR_DENIED) },
	{ __LINE__, FIVE, S, SUPERVISED, TR_SUPERVISE, REGIONAL, BEFORE(5), false,
	    NO(MR_NOT_OPEN) },
	{ __LINE__, FIVE, S, SUPERVISED, TR_FOLLOW_UP, OPERATOR, AFTER(5), false,
	    OK(S, SUPERVISED, false) },
	{ __LINE__, FIVE, S, SUPERVISED, TR_FOLLOW_UP, OPERATOR_OTHER, IN(5), false,
	    NO(MR_HIDDEN) },
	{ __LINE__, FIVE, S, REVOKED, TR_FOLLOW_UP, OPERATOR, IN(5), false,
	    NO(MR_STATE) },
	{ __LINE__, FIVE, S, SUPERVISED, TR_REVOKE, OBSERVER, IN(5), false,
	    OK(S, REVOKED, false) },
	{ __LINE__, FIVE, S, SUPERVISED, TR_REVOKE, ADMIN, AFTER(5), false,
	    OK(S, REVOKED, false) },
	{ __LINE__, FIVE, S, SUPERVISED, TR_REVOKE, REGIONAL, IN(5), false,
	    NO(MR_DENIED) },
	{ __LINE__, FIVE, S, REVOKED, TR_REVOKE, ADMIN, IN(5), false, NO(MR_STATE) },
	{ __LINE__, FOUR, A, PSTATE_AWARDED, TR_REVOKE, ADMIN, IN(4), false,
	    NO(MR_STAGE_NOT_RUN) },
	{ __LINE__, FIVE, S, REVOKED, TR_REINSTATE, ADMIN, IN(5), false,
	    OK(S, SUPERVISED, false) },
	{ __LINE__, FIVE, S, REVOKED, TR_REINSTATE, OBSERVER, IN(5), false,
	    NO(MR_DENIED) },
};
/* clang-format on */

/* A revision round is bounded by its own deadline, not the stage's. */
static void
test_round_deadline(void **state)
{
	struct machine_input in = { STAGE_ASSESSMENT, REVISION, five, COUNT(five), IN(4),
		OPERATOR, &part, false, IN(4) - 1 };
	struct machine_step step;

	(void)state;
	assert_int_equal(machine_check(&in, TR_REVISE, &step), MR_ROUND_CLOSED);
	in.who = HEAD;
	assert_int_equal(machine_check(&in, TR_RESUBMIT, &step), MR_ROUND_CLOSED);
	in.round_deadline = AFTER(4) + 10;
	in.now = AFTER(4) + 5;
	assert_int_equal(machine_check(&in, TR_RESUBMIT, &step), MR_OK);
	/* The verifier is not bound by the round. */
	in.state = VERIFICATION;
	in.who = VERIFIER;
	in.now = AFTER(4) + 20;
	assert_int_equal(machine_check(&in, TR_VERIFY, &step), MR_OK);
}

static void
test_cases(void **state)
{
	struct machine_step step;
	enum machine_refusal got;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		const struct tcase *c = &cases[i];
		struct machine_input in = { c->stage, c->state, cycles[c->cycle].w,
			cycles[c->cycle].n, c->now, c->who, &part, c->complete, 0 };

		got = machine_check(&in, c->t, &step);
		if (got != c->want)
			fail_msg("line %d: %s gave %s, want %s", c->line,
			    transition_code(c->t), machine_refusal_code(got),
			    machine_refusal_code(c->want));
		if (got != MR_OK)
			continue;
		if (step.stage != c->to_stage || step.state != c->to_state ||
		    step.ended != c->ended)
			fail_msg("line %d: %s led to %s/%s%s, want %s/%s%s", c->line,
			    transition_code(c->t), stage_code(step.stage),
			    pstate_code(step.state), step.ended ? " (ended)" : "",
			    stage_code(c->to_stage), pstate_code(c->to_state),
			    c->ended ? " (ended)" : "");
	}
}

/* Every transition has at least one allowed case and one refused case,
 * and every refusal reason occurs: the table cannot silently shrink. */
static void
test_complete(void **state)
{
	bool allowed[TR_MAX] = { false }, refused[TR_MAX] = { false };
	bool reason[MR_MAX] = { false };
	size_t i;
	int t;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		if (cases[i].want == MR_OK)
			allowed[cases[i].t] = true;
		else
			refused[cases[i].t] = true;
		reason[cases[i].want] = true;
	}
	for (t = 0; t < TR_MAX; t++)
		if (!allowed[t] || !refused[t])
			fail_msg("%s lacks an %s case", transition_code((enum transition)t),
			    allowed[t] ? "refused" : "allowed");
	for (t = 0; t < MR_MAX; t++)
		if (!reason[t] && t != MR_ROUND_CLOSED) /* test_round_deadline */
			fail_msg("no case refuses with %s",
			    machine_refusal_code((enum machine_refusal)t));
}

static void
test_window_named(void **state)
{
	struct machine_input in = { STAGE_BUILDING, BUILDING, five, COUNT(five), AFTER(2),
		OPERATOR, &part, false, 0 };
	struct machine_step step;

	(void)state;
	assert_int_equal(machine_check(&in, TR_FILL, &step), MR_CLOSED);
	assert_non_null(step.window);
	assert_int_equal(step.window->stage, STAGE_BUILDING);
	assert_int_equal(step.window->deadline, 2999);
}

static void
test_codes(void **state)
{
	int t;

	(void)state;
	for (t = 0; t < TR_MAX; t++) {
		assert_int_equal(transition_parse(transition_code((enum transition)t)), t);
		assert_int_not_equal(transition_action((enum transition)t), ACTION_MAX);
	}
	assert_int_equal(transition_parse("nonsense"), TR_MAX);
	assert_int_equal(transition_parse(NULL), TR_MAX);
	assert_string_equal(transition_code(TR_MAX), "");
}

static void
test_open(void **state)
{
	(void)state;
	assert_true(machine_open(STAGE_DECLARATION, DRAFT, five, COUNT(five)));
	assert_true(machine_open(STAGE_BUILDING, SUBMITTED, five, COUNT(five)));
	assert_false(machine_open(STAGE_BUILDING, SUBMITTED, two, COUNT(two)));
	assert_false(machine_open(STAGE_EVALUATION, FAILED, five, COUNT(five)));
	assert_true(machine_open(STAGE_BUILDING, BUILDING, two, COUNT(two)));
	assert_false(machine_open(STAGE_BUILDING, PSTATE_MAX, five, COUNT(five)));
	assert_false(machine_open(STAGE_ASSESSMENT, PSTATE_NOT_AWARDED, five, COUNT(five)));
	assert_false(machine_open(STAGE_ASSESSMENT, PSTATE_AWARDED, four, COUNT(four)));
	assert_true(machine_open(STAGE_SUPERVISION, REVOKED, five, COUNT(five)));
}

/* Finished: at the closing state of the last stage the cycle runs. */
static void
test_finished(void **state)
{
	static const struct {
		int line;
		enum cyc cycle;
		enum stage stage;
		enum pstate state;
		bool want;
	} fc[] = {
		{ __LINE__, TWO, B, SUBMITTED, true },
		{ __LINE__, FIVE, B, SUBMITTED, false },
		{ __LINE__, TWO, B, BUILDING, false },
		{ __LINE__, TWO, D, DECLARED, false },
		{ __LINE__, FIVE, E, FAILED, false },
		{ __LINE__, FIVE, E, PASSED, false },
		{ __LINE__, PEMDA, D, DECLARED, false },
		{ __LINE__, FIVE, A, EVIDENCE_OPEN, false },
		{ __LINE__, FOUR, A, PSTATE_AWARDED, true },
		{ __LINE__, FIVE, A, PSTATE_AWARDED, false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(fc); i++)
		if (machine_finished(fc[i].stage, fc[i].state, cycles[fc[i].cycle].w,
			cycles[fc[i].cycle].n) != fc[i].want)
			fail_msg("line %d: %s/%s finished should be %d", fc[i].line,
			    stage_code(fc[i].stage), pstate_code(fc[i].state), fc[i].want);
}

/* The states' codes are what the database and the catalogs hold, in the
 * programme's order; each belongs to one stage, parses back, and each
 * transition starts and ends in states of its own stage. */
static void
test_pstate_codes(void **state)
{
	/* clang-format off */
	static const char *const want[PSTATE_MAX] = {
		"draft", "requested", "approved", "declared", "building", "submitted",
		"awaiting_evaluation", "passed", "failed", "evidence_open", "verification",
		"revision", "scoring", "assessed", "recommended", "not_recommended", "awarded", "not_awarded", "supervised", "revoked",
	};
	/* clang-format on */
	struct machine_step step;
	int i;

	(void)state;
	for (i = 0; i < PSTATE_MAX; i++) {
		assert_non_null(want[i]);
		assert_string_equal(pstate_code((enum pstate)i), want[i]);
		assert_int_equal(pstate_parse(want[i]), i);
		assert_true(pstate_stage((enum pstate)i) < STAGE_MAX);
	}
	assert_int_equal(pstate_parse("nonsense"), PSTATE_MAX);
	assert_int_equal(pstate_parse(""), PSTATE_MAX);
	assert_int_equal(pstate_parse(NULL), PSTATE_MAX);
	assert_string_equal(pstate_code(PSTATE_MAX), "");
	assert_int_equal(pstate_stage(PSTATE_MAX), STAGE_MAX);
	assert_int_equal(stage_parse(NULL), STAGE_MAX);
	for (i = 0; i < STAGE_MAX; i++)
		assert_int_equal(pstate_stage(stage_entry_state((enum stage)i)), i);
	/* A closing step names the closing state it passed through. */
	assert_int_equal(machine_check(&(struct machine_input){ STAGE_BUILDING, BUILDING,
					   five, COUNT(five), IN(2), HEAD, &part, true, 0 },
			     TR_SUBMIT, &step),
	    MR_OK);
	assert_int_equal(step.closing, PSTATE_SUBMITTED);
	assert_int_equal(step.state, PSTATE_AWAITING_EVALUATION);
	assert_int_equal(machine_check(&(struct machine_input){ STAGE_BUILDING, BUILDING, five,
					   COUNT(five), IN(2), OPERATOR, &part, false, 0 },
			     TR_FILL, &step),
	    MR_OK);
	assert_int_equal(step.closing, PSTATE_MAX);
	for (i = 0; i < (int)COUNT(cases); i++)
		if (cases[i].want == MR_OK &&
		    cases[i].to_stage == transition_stage(cases[i].t))
			assert_int_equal(pstate_stage(cases[i].to_state), cases[i].to_stage);
}

/* Declaration statuses: the database's codes, parsed back. */
static void
test_decl_status(void **state)
{
	/* clang-format off */
	static const char *const want[DECL_STATUS_MAX] = {
		"requested", "approved", "rejected", "recorded", "confirmed",
	};
	/* clang-format on */
	int i;

	(void)state;
	for (i = 0; i < DECL_STATUS_MAX; i++) {
		assert_string_equal(decl_status_code((enum decl_status)i), want[i]);
		assert_int_equal(decl_status_parse(want[i]), i);
	}
	assert_int_equal(decl_status_parse("draft"), DECL_STATUS_MAX);
	assert_int_equal(decl_status_parse(NULL), DECL_STATUS_MAX);
	assert_string_equal(decl_status_code(DECL_STATUS_MAX), "");
}

/* The dates a request may propose and a record may give, against today
 * (2026-03-10), the window (2026-02-01 .. 2026-04-30), the day of the
 * request (2026-03-02) and the proposed date (2026-03-12). */
static void
test_decl_dates(void **state)
{
	static const struct decl_days days = { "2026-03-10", "2026-02-01", "2026-04-30",
		"2026-03-02", "2026-03-12" };
	static const struct {
		int line;
		bool record;
		const char *date;
		enum decl_date want;
	} dc[] = {
		{ __LINE__, false, "2026-03-12", DECL_DATE_OK },
		{ __LINE__, false, "2026-03-10", DECL_DATE_OK },
		{ __LINE__, false, "2026-04-30", DECL_DATE_OK },
		{ __LINE__, false, "2026-03-09", DECL_DATE_PAST },
		{ __LINE__, false, "2019-03-12", DECL_DATE_PAST },
		{ __LINE__, false, "2026-05-01", DECL_DATE_AFTER_DEADLINE },
		{ __LINE__, false, "2026-02-30", DECL_DATE_BAD },
		{ __LINE__, false, "12-03-2026", DECL_DATE_BAD },
		{ __LINE__, false, "", DECL_DATE_BAD },
		{ __LINE__, true, "2026-03-10", DECL_DATE_OK },
		{ __LINE__, true, "2026-03-02", DECL_DATE_OK },
		{ __LINE__, true, "2026-03-11", DECL_DATE_FUTURE },
		{ __LINE__, true, "2019-03-05", DECL_DATE_BEFORE_OPEN },
		{ __LINE__, true, "2026-01-31", DECL_DATE_BEFORE_OPEN },
		{ __LINE__, true, "2026-03-01", DECL_DATE_BEFORE_REQUEST },
		{ __LINE__, true, "2026-13-01", DECL_DATE_BAD },
	};
	static const struct decl_days early = { "2026-04-20", "2026-02-01", "2026-04-30",
		"2026-02-02", "2026-02-05" };
	char out[16];
	size_t i;
	enum decl_date got;

	(void)state;
	for (i = 0; i < COUNT(dc); i++) {
		got = dc[i].record ? decl_record_date(dc[i].date, &days)
				   : decl_request_date(dc[i].date, &days);
		if (got != dc[i].want)
			fail_msg("line %d: %s gave %s, want %s", dc[i].line, dc[i].date,
			    decl_date_code(got), decl_date_code(dc[i].want));
	}
	/* Thirty days from the proposed date either way, not one more. */
	assert_int_equal(decl_record_date("2026-03-07", &early), DECL_DATE_OK);
	assert_int_equal(decl_record_date("2026-03-08", &early), DECL_DATE_FAR);
	assert_int_equal(decl_record_date("2026-04-20", &early), DECL_DATE_FAR);
	/* The window on both sides for a request, too. */
	assert_int_equal(
	    decl_request_date("2026-03-10",
		&(struct decl_days){ "2026-03-01", "2026-03-11", "2026-04-30", "", "" }),
	    DECL_DATE_BEFORE_OPEN);
	assert_true(decl_day_shift("2026-02-27", 2, out));
	assert_string_equal(out, "2026-03-01");
	assert_true(decl_day_shift("2024-03-01", -1, out));
	assert_string_equal(out, "2024-02-29");
	assert_false(decl_day_shift("2026-02-30", 1, out));
	for (i = 0; i < DECL_DATE_MAX; i++)
		assert_true(decl_date_code((enum decl_date)i)[0] != '\0');
}

/* Who lags behind: the dashboards' rule, at instants written as stored. */
static void
test_lag(void **state)
{
	const char *opens = "2026-01-01T00:00:00Z", *due = "2026-03-31T16:59:59Z";
	struct cycle_lag l;

	(void)state;
	/* At the first stage's entry state once it opened: not started; and
	 * late too once its deadline passed. */
	l = cycle_lag_at(STAGE_DECLARATION, PSTATE_DRAFT, opens, due, STAGE_DECLARATION,
	    "2026-01-01T00:00:00Z");
	assert_true(l.not_started);
	assert_false(l.late);
	l = cycle_lag_at(STAGE_DECLARATION, PSTATE_DRAFT, opens, due, STAGE_DECLARATION,
	    "2025-12-31T23:59:59Z");
	assert_false(l.not_started);
	l = cycle_lag_at(STAGE_DECLARATION, PSTATE_DRAFT, opens, due, STAGE_DECLARATION,
	    "2026-03-31T17:00:00Z");
	assert_true(l.not_started && l.late);
	/* The deadline's own second is still on time. */
	assert_false(
	    cycle_lag_at(STAGE_BUILDING, PSTATE_BUILDING, opens, due, STAGE_DECLARATION, due)
		.late);
	/* A state that finishes its stage is never late; one of another
	 * stage does not finish this one. */
	assert_false(cycle_lag_at(STAGE_BUILDING, PSTATE_SUBMITTED, opens, due,
	    STAGE_DECLARATION, "2027-01-01T00:00:00Z")
			 .late);
	assert_true(cycle_lag_at(STAGE_BUILDING, PSTATE_DECLARED, opens, due,
	    STAGE_DECLARATION, "2027-01-01T00:00:00Z")
			.late);
	/* Not started is only the first stage's entry state. */
	assert_false(cycle_lag_at(STAGE_BUILDING, PSTATE_BUILDING, opens, due,
	    STAGE_DECLARATION, "2026-02-01T00:00:00Z")
			 .not_started);
	assert_false(cycle_lag_at(STAGE_DECLARATION, PSTATE_REQUESTED, opens, due,
	    STAGE_DECLARATION, "2026-02-01T00:00:00Z")
			 .not_started);
	/* No deadline, no lateness; a stage without a window never starts. */
	assert_false(cycle_lag_at(STAGE_SUPERVISION, PSTATE_MAX, opens, NULL,
	    STAGE_DECLARATION, "2027-01-01T00:00:00Z")
			 .late);
	assert_false(cycle_lag_at(STAGE_DECLARATION, PSTATE_DRAFT, NULL, NULL,
	    STAGE_DECLARATION, "2027-01-01T00:00:00Z")
			 .not_started);
	/* What finishes each stage. */
	assert_true(cycle_stage_done(STAGE_DECLARATION, PSTATE_DECLARED));
	assert_true(cycle_stage_done(STAGE_EVALUATION, PSTATE_FAILED));
	assert_true(cycle_stage_done(STAGE_ASSESSMENT, PSTATE_NOT_AWARDED));
	assert_false(cycle_stage_done(STAGE_ASSESSMENT, PSTATE_REVISION));
	assert_true(cycle_stage_done(STAGE_SUPERVISION, PSTATE_REVOKED));
	assert_false(cycle_stage_done(STAGE_MAX, PSTATE_MAX));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_window_named),
		cmocka_unit_test(test_round_deadline),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_finished),
		cmocka_unit_test(test_pstate_codes),
		cmocka_unit_test(test_lag),
		cmocka_unit_test(test_decl_status),
		cmocka_unit_test(test_decl_dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
