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

#include "core/machine.h"

#define COUNT(a)	(sizeof(a) / sizeof((a)[0]))

enum { GTO = 75, SULSEL = 73, ORG = 1, UNIT = 11, OTHER_UNIT = 12, PART = 500 };

static const struct grant g_admin[] = { { ROLE_ADMIN, SCOPE_NATIONAL, 0, false, { 0 } } };
static const struct grant g_coord[] = {
	{ ROLE_COORDINATOR, SCOPE_PROVINCE, GTO, false, { GTO, 0, 0, 0 } } };
static const struct grant g_coord_other[] = {
	{ ROLE_COORDINATOR, SCOPE_PROVINCE, SULSEL, false, { SULSEL, 0, 0, 0 } } };
static const struct grant g_reg[] = {
	{ ROLE_REGIONAL, SCOPE_PROVINCE, GTO, false, { GTO, 0, 0, 0 } } };
static const struct grant g_op[] = {
	{ ROLE_OPERATOR, SCOPE_UNIT, UNIT, false, { GTO, ORG, UNIT, 0 } } };
static const struct grant g_op_other[] = {
	{ ROLE_OPERATOR, SCOPE_UNIT, OTHER_UNIT, false, { GTO, ORG, OTHER_UNIT, 0 } } };
static const struct grant g_head[] = {
	{ ROLE_UNIT_HEAD, SCOPE_UNIT, UNIT, false, { GTO, ORG, UNIT, 0 } } };
static const struct grant g_obs[] = {
	{ ROLE_OBSERVER, SCOPE_NATIONAL, 0, true, { 0 } } };

#define WHO(g)	(&(const struct principal){ 1, g, COUNT(g), 0, 0 })
#define ADMIN		WHO(g_admin)
#define COORD		WHO(g_coord)
#define COORD_OTHER	WHO(g_coord_other)
#define REGIONAL	WHO(g_reg)
#define OPERATOR	WHO(g_op)
#define OPERATOR_OTHER	WHO(g_op_other)
#define HEAD		WHO(g_head)
#define OBSERVER	WHO(g_obs)
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

enum cyc { FIVE, TWO, PEMDA };
static const struct { const struct cycle_window *w; size_t n; } cycles[] = {
	[FIVE] = { five, COUNT(five) }, [TWO] = { two, COUNT(two) },
	[PEMDA] = { pemda, COUNT(pemda) },
};

/* Inside the window of stage i: */
#define IN(i)		((i) * 1000 + 500)
#define BEFORE(i)	((i) * 1000 - 1)
#define AFTER(i)	((i) * 1000 + 1000)

struct tcase {
	int line;
	enum cyc cycle;
	enum stage stage;
	const char *state;
	enum transition t;
	const struct principal *who;
	time_t now;
	bool complete;
	enum machine_refusal want;
	enum stage to_stage;		/* when want is MR_OK */
	const char *to_state;
	bool ended;
};

#define D	STAGE_DECLARATION
#define B	STAGE_BUILDING
#define E	STAGE_EVALUATION
#define A	STAGE_ASSESSMENT
#define OK(...)		MR_OK, __VA_ARGS__
#define NO(r)		r, STAGE_MAX, NULL, false

static const struct tcase cases[] = {
	/* Declaration, allowed. */
	{ __LINE__, FIVE, D, "draft", TR_REQUEST, OPERATOR, IN(1), false, OK(D, "requested", false) },
	{ __LINE__, FIVE, D, "draft", TR_REQUEST, HEAD, IN(1), false, OK(D, "requested", false) },
	{ __LINE__, FIVE, D, "requested", TR_APPROVE, ADMIN, IN(1), false, OK(D, "approved", false) },
	{ __LINE__, FIVE, D, "requested", TR_APPROVE, COORD, IN(1), false, OK(D, "approved", false) },
	{ __LINE__, FIVE, D, "requested", TR_REJECT, ADMIN, IN(1), false, OK(D, "draft", false) },
	{ __LINE__, FIVE, D, "requested", TR_REJECT, COORD, IN(1), false, OK(D, "draft", false) },
	{ __LINE__, FIVE, D, "approved", TR_RECORD, OPERATOR, IN(1), false, OK(D, "approved", false) },
	{ __LINE__, FIVE, D, "approved", TR_RECORD, REGIONAL, IN(1), false, OK(D, "approved", false) },
	{ __LINE__, FIVE, D, "approved", TR_CONFIRM, REGIONAL, IN(1), true, OK(B, "building", false) },
	{ __LINE__, TWO, D, "approved", TR_CONFIRM, REGIONAL, IN(1), true, OK(B, "building", false) },
	{ __LINE__, PEMDA, D, "approved", TR_CONFIRM, REGIONAL, IN(1), true,
	    OK(E, "awaiting_evaluation", false) },
	/* Declaration, refused. */
	{ __LINE__, FIVE, D, "draft", TR_REQUEST, OPERATOR_OTHER, IN(1), false, NO(MR_HIDDEN) },
	{ __LINE__, FIVE, D, "draft", TR_REQUEST, PUBLIC, IN(1), false, NO(MR_HIDDEN) },
	{ __LINE__, FIVE, D, "draft", TR_REQUEST, REGIONAL, IN(1), false, OK(D, "requested", false) },
	{ __LINE__, FIVE, D, "draft", TR_REQUEST, COORD, IN(1), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, "draft", TR_REQUEST, OBSERVER, IN(1), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, "requested", TR_REQUEST, OPERATOR, IN(1), false, NO(MR_STATE) },
	{ __LINE__, FIVE, D, "draft", TR_REQUEST, OPERATOR, BEFORE(1), false, NO(MR_NOT_OPEN) },
	{ __LINE__, FIVE, D, "draft", TR_REQUEST, OPERATOR, AFTER(1), false, NO(MR_CLOSED) },
	{ __LINE__, FIVE, D, "requested", TR_APPROVE, OPERATOR, IN(1), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, "requested", TR_APPROVE, HEAD, IN(1), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, "requested", TR_APPROVE, REGIONAL, IN(1), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, "requested", TR_APPROVE, COORD_OTHER, IN(1), false, NO(MR_HIDDEN) },
	{ __LINE__, FIVE, D, "draft", TR_APPROVE, ADMIN, IN(1), false, NO(MR_STATE) },
	{ __LINE__, FIVE, D, "approved", TR_APPROVE, ADMIN, IN(1), false, NO(MR_STATE) },
	{ __LINE__, FIVE, D, "requested", TR_APPROVE, ADMIN, AFTER(1), false, NO(MR_CLOSED) },
	{ __LINE__, FIVE, D, "draft", TR_REJECT, ADMIN, IN(1), false, NO(MR_STATE) },
	{ __LINE__, FIVE, D, "requested", TR_REJECT, OPERATOR, IN(1), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, "requested", TR_RECORD, OPERATOR, IN(1), false, NO(MR_STATE) },
	{ __LINE__, FIVE, D, "approved", TR_RECORD, OPERATOR, AFTER(1), false, NO(MR_CLOSED) },
	{ __LINE__, FIVE, D, "approved", TR_RECORD, OBSERVER, IN(1), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, "approved", TR_CONFIRM, REGIONAL, IN(1), false, NO(MR_INCOMPLETE) },
	{ __LINE__, FIVE, D, "approved", TR_CONFIRM, OPERATOR, IN(1), true, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, "approved", TR_CONFIRM, COORD, IN(1), true, NO(MR_DENIED) },
	{ __LINE__, FIVE, D, "requested", TR_CONFIRM, REGIONAL, IN(1), true, NO(MR_STATE) },
	{ __LINE__, FIVE, D, "approved", TR_CONFIRM, REGIONAL, BEFORE(1), true, NO(MR_NOT_OPEN) },
	{ __LINE__, FIVE, D, "approved", TR_CONFIRM, REGIONAL, AFTER(1), true, NO(MR_CLOSED) },
	/* Building, allowed: the 2022 cycle ends after it. */
	{ __LINE__, FIVE, B, "building", TR_FILL, OPERATOR, IN(2), false, OK(B, "building", false) },
	{ __LINE__, FIVE, B, "building", TR_FILL, HEAD, IN(2), false, OK(B, "building", false) },
	{ __LINE__, FIVE, B, "building", TR_MENTOR, REGIONAL, IN(2), false, OK(B, "building", false) },
	{ __LINE__, FIVE, B, "building", TR_SUBMIT, HEAD, IN(2), true,
	    OK(E, "awaiting_evaluation", false) },
	{ __LINE__, TWO, B, "building", TR_SUBMIT, HEAD, IN(2), true, OK(B, "submitted", true) },
	/* Building, refused. */
	{ __LINE__, FIVE, B, "building", TR_FILL, OPERATOR_OTHER, IN(2), false, NO(MR_HIDDEN) },
	{ __LINE__, FIVE, B, "building", TR_FILL, REGIONAL, IN(2), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, B, "building", TR_FILL, OPERATOR, BEFORE(2), false, NO(MR_NOT_OPEN) },
	{ __LINE__, FIVE, B, "building", TR_FILL, OPERATOR, AFTER(2), false, NO(MR_CLOSED) },
	{ __LINE__, FIVE, D, "approved", TR_FILL, OPERATOR, IN(2), false, NO(MR_STATE) },
	{ __LINE__, FIVE, B, "submitted", TR_FILL, OPERATOR, IN(2), false, NO(MR_STATE) },
	{ __LINE__, PEMDA, D, "declared", TR_FILL, OPERATOR, IN(2), false, NO(MR_STAGE_NOT_RUN) },
	{ __LINE__, FIVE, B, "building", TR_MENTOR, OPERATOR, IN(2), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, B, "building", TR_MENTOR, REGIONAL, AFTER(2), false, NO(MR_CLOSED) },
	{ __LINE__, FIVE, B, "building", TR_SUBMIT, OPERATOR, IN(2), true, NO(MR_DENIED) },
	{ __LINE__, FIVE, B, "building", TR_SUBMIT, HEAD, IN(2), false, NO(MR_INCOMPLETE) },
	{ __LINE__, FIVE, B, "building", TR_SUBMIT, HEAD, AFTER(2), true, NO(MR_CLOSED) },
	{ __LINE__, FIVE, B, "submitted", TR_SUBMIT, HEAD, IN(2), true, NO(MR_STATE) },
	/* Evaluation. */
	{ __LINE__, FIVE, E, "awaiting_evaluation", TR_PASS, REGIONAL, IN(3), false,
	    OK(A, "evidence_open", false) },
	{ __LINE__, FIVE, E, "awaiting_evaluation", TR_PASS, ADMIN, IN(3), false,
	    OK(A, "evidence_open", false) },
	{ __LINE__, FIVE, E, "awaiting_evaluation", TR_FAIL, REGIONAL, IN(3), false,
	    OK(E, "failed", true) },
	{ __LINE__, FIVE, E, "awaiting_evaluation", TR_FAIL, ADMIN, IN(3), false,
	    OK(E, "failed", true) },
	{ __LINE__, FIVE, E, "awaiting_evaluation", TR_PASS, COORD, IN(3), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, E, "awaiting_evaluation", TR_PASS, HEAD, IN(3), false, NO(MR_DENIED) },
	{ __LINE__, FIVE, E, "awaiting_evaluation", TR_PASS, OPERATOR_OTHER, IN(3), false,
	    NO(MR_HIDDEN) },
	{ __LINE__, FIVE, E, "failed", TR_PASS, ADMIN, IN(3), false, NO(MR_STATE) },
	{ __LINE__, FIVE, E, "failed", TR_FAIL, ADMIN, IN(3), false, NO(MR_STATE) },
	{ __LINE__, FIVE, B, "building", TR_PASS, ADMIN, IN(3), false, NO(MR_STATE) },
	{ __LINE__, FIVE, E, "awaiting_evaluation", TR_PASS, ADMIN, BEFORE(3), false,
	    NO(MR_NOT_OPEN) },
	{ __LINE__, FIVE, E, "awaiting_evaluation", TR_FAIL, ADMIN, AFTER(3), false, NO(MR_CLOSED) },
	{ __LINE__, TWO, B, "submitted", TR_PASS, ADMIN, IN(3), false, NO(MR_STAGE_NOT_RUN) },
};

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
			cycles[c->cycle].n, c->now, c->who, &part, c->complete };

		got = machine_check(&in, c->t, &step);
		if (got != c->want)
			fail_msg("line %d: %s gave %s, want %s", c->line, transition_code(c->t),
			    machine_refusal_code(got), machine_refusal_code(c->want));
		if (got != MR_OK)
			continue;
		if (step.stage != c->to_stage || strcmp(step.state, c->to_state) != 0 ||
		    step.ended != c->ended)
			fail_msg("line %d: %s led to %s/%s%s, want %s/%s%s", c->line,
			    transition_code(c->t), stage_code(step.stage), step.state,
			    step.ended ? " (ended)" : "", stage_code(c->to_stage), c->to_state,
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
		if (!reason[t])
			fail_msg("no case refuses with %s",
			    machine_refusal_code((enum machine_refusal)t));
}

static void
test_window_named(void **state)
{
	struct machine_input in = { STAGE_BUILDING, "building", five, COUNT(five),
		AFTER(2), OPERATOR, &part, false };
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
	assert_true(machine_open(STAGE_DECLARATION, "draft", five, COUNT(five)));
	assert_true(machine_open(STAGE_BUILDING, "submitted", five, COUNT(five)));
	assert_false(machine_open(STAGE_BUILDING, "submitted", two, COUNT(two)));
	assert_false(machine_open(STAGE_EVALUATION, "failed", five, COUNT(five)));
	assert_true(machine_open(STAGE_BUILDING, "building", two, COUNT(two)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_window_named),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_open),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
