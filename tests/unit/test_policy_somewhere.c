/*
 * test_policy_somewhere.c - policy_may_somewhere, the question a page asks
 * before it offers a form or a list whose objects are yet to be chosen:
 * may this principal do the action on some object of the type? Case by
 * case for every role, and, role by role, the rule the users pages always
 * had: only an admin or a regional office manages users. And
 * policy_is_assignee, which leads a verifier or an assessor to their
 * assignments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/policy.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum { DKI = 31, JABAR = 32, ORG_MINISTRY = 1, ORG_JABAR = 2, ORG_OTHER = 3 };

/* clang-format off */
#define AT_101	{ JABAR, ORG_MINISTRY, 101, 0 }
/* clang-format on */

static const struct grant g_admin[] = {
	{ ROLE_ADMIN, SCOPE_NATIONAL, 0, false, { 0 }, NULL, 0 },
};
static const struct grant g_coord[] = {
	{ ROLE_COORDINATOR, SCOPE_PROVINCE, JABAR, false, { JABAR, 0, 0, 0 }, NULL, 0 },
};
static const struct grant g_reg[] = {
	{ ROLE_REGIONAL, SCOPE_PROVINCE, JABAR, false, { JABAR, 0, 0, 0 }, NULL, 0 },
};
static const struct grant g_reg_org[] = {
	{ ROLE_REGIONAL, SCOPE_ORGANIZATION, ORG_JABAR, false, { JABAR, ORG_JABAR, 0, 0 },
	    NULL, 0 },
};
static const struct grant g_op[] = {
	{ ROLE_OPERATOR, SCOPE_UNIT, 101, false, AT_101, NULL, 0 },
};
static const struct grant g_head[] = {
	{ ROLE_UNIT_HEAD, SCOPE_UNIT, 101, false, AT_101, NULL, 0 },
};
static const struct grant g_ver[] = {
	{ ROLE_VERIFIER, SCOPE_PARTICIPATION, 1101, false,
	    { JABAR, ORG_MINISTRY, 101, 1101 }, NULL, 0 },
};
static const struct grant g_ass[] = {
	{ ROLE_ASSESSOR, SCOPE_PARTICIPATION, 1101, false,
	    { JABAR, ORG_MINISTRY, 101, 1101 }, NULL, 0 },
};
static const struct grant g_obs[] = {
	{ ROLE_OBSERVER, SCOPE_NATIONAL, 0, true, { 0 }, NULL, 0 },
};
/* clang-format off */
static const struct grant g_bad[] = {
	{ ROLE_REGIONAL, SCOPE_NATIONAL, 0, false, { 0 }, NULL, 0 },	/* not a valid grant */
};
/* clang-format on */
static const struct grant g_op_reg[] = {
	{ ROLE_OPERATOR, SCOPE_UNIT, 101, false, AT_101, NULL, 0 },
	{ ROLE_REGIONAL, SCOPE_PROVINCE, JABAR, false, { JABAR, 0, 0, 0 }, NULL, 0 },
};

/* Homed elsewhere, so that a verifier has no conflict of interest. */
/* clang-format off */
#define P(g)	{ 7, (g), COUNT(g), DKI, ORG_OTHER }
/* clang-format on */

static const struct {
	const char *name;
	struct principal p;
} who[] = {
	{ "admin", P(g_admin) },
	{ "coordinator", P(g_coord) },
	{ "regional of a province", P(g_reg) },
	{ "regional of an organization", P(g_reg_org) },
	{ "operator", P(g_op) },
	{ "unit head", P(g_head) },
	{ "verifier", P(g_ver) },
	{ "verifier homed in the unit's province", { 7, g_ver, 1, JABAR, ORG_OTHER } },
	{ "assessor", P(g_ass) },
	{ "observer", P(g_obs) },
	{ "malformed grant", P(g_bad) },
	{ "operator and regional", P(g_op_reg) },
	{ "no role", { 8, NULL, 0, DKI, 0 } },
};

/* What each principal above may do somewhere: one letter per question,
 * 'y' or '-', in the order of asks[]. */
static const struct {
	enum action act;
	enum object_type type;
} asks[] = {
	{ ACT_USER_MANAGE, OBJ_USER },
	{ ACT_CREATE, OBJ_UNIT },
	{ ACT_CREATE, OBJ_ORGANIZATION },
	{ ACT_PROGRESS_VIEW, OBJ_PROGRESS },
	{ ACT_DECLARATION_REQUEST, OBJ_PARTICIPATION },
	{ ACT_VERIFY, OBJ_PARTICIPATION },
	{ ACT_ASSESS, OBJ_PARTICIPATION },
	{ ACT_EDIT, OBJ_ORGANIZATION },
};

/* clang-format off */
static const char *const want[] = {
	"yyyy---y",	/* admin */
	"---y----",	/* coordinator */
	"yyyy---y",	/* regional of a province */
	"yy-y---y",	/* regional of an organization: edits its own, creates none */
	"---yy---",	/* operator */
	"---yy---",	/* unit head */
	"-----y--",	/* verifier: its assignment */
	"--------",	/* ... but not where it has a conflict of interest */
	"------y-",	/* assessor: its assignment */
	"---y----",	/* observer */
	"--------",	/* malformed grant: ignored */
	"yyyyy--y",	/* operator and regional: the wider grant counts */
	"--------",	/* no role */
};
/* clang-format on */

static void
somewhere_cases(void **state)
{
	size_t i, k, failed = 0;
	bool got;

	assert_int_equal(COUNT(who), COUNT(want));
	for (i = 0; i < COUNT(who); i++) {
		assert_int_equal(strlen(want[i]), COUNT(asks));
		for (k = 0; k < COUNT(asks); k++) {
			got = policy_may_somewhere(&who[i].p, asks[k].act, asks[k].type);
			if (got == (want[i][k] == 'y'))
				continue;
			print_error("%s: %s on some %s: want %c, got %d\n", who[i].name,
			    action_code(asks[k].act), object_type_code(asks[k].type),
			    want[i][k], got);
			failed++;
		}
	}
	if (failed > 0)
		fail_msg("%zu somewhere cases failed", failed);
}

/* No principal, or one whose grants are missing, may do nothing. */
static void
nobody_anywhere(void **state)
{
	struct principal p = who[0].p;

	assert_false(policy_may_somewhere(NULL, ACT_VIEW, OBJ_UNIT));
	p.grants = NULL;
	assert_false(policy_may_somewhere(&p, ACT_USER_MANAGE, OBJ_USER));
	assert_false(policy_may_somewhere(&who[0].p, ACTION_MAX, OBJ_USER));
	assert_false(policy_may_somewhere(&who[0].p, ACT_VIEW, OBJ_MAX));
}

/* Role by role, over each scope its grants may have: managing some users
 * is for an admin or a regional office, as the users pages always were. */
static void
users_pages_by_role(void **state)
{
	static const int64_t ids[SCOPE_KIND_MAX] = {
		[SCOPE_NATIONAL] = 0,
		[SCOPE_PROVINCE] = JABAR,
		[SCOPE_ORGANIZATION] = ORG_JABAR,
		[SCOPE_UNIT] = 101,
		[SCOPE_PARTICIPATION] = 1101,
	};
	struct principal p = { 9, NULL, 1, DKI, ORG_OTHER };
	struct grant g;
	int r, k, tried;

	for (r = 0; r < ROLE_MAX; r++) {
		tried = 0;
		for (k = 0; k < SCOPE_KIND_MAX; k++) {
			memset(&g, 0, sizeof(g));
			g.role = (enum role)r;
			g.scope = (enum scope_kind)k;
			g.scope_id = ids[k];
			if (policy_grant_valid(&g) != NULL)
				continue;
			p.grants = &g;
			if (policy_may_somewhere(&p, ACT_USER_MANAGE, OBJ_USER) !=
			    (r == ROLE_ADMIN || r == ROLE_REGIONAL))
				fail_msg("%s over %s: may manage users is %d",
				    role_code(g.role), scope_kind_code(g.scope),
				    !(r == ROLE_ADMIN || r == ROLE_REGIONAL));
			tried++;
		}
		if (tried == 0)
			fail_msg("no valid scope tried for %s", role_code((enum role)r));
	}
}

/* policy_is_assignee: a verifier's or an assessor's grant, alone or among
 * others, and nothing else. */
static void
assignee_by_grants(void **state)
{
	static const struct {
		const struct grant *g;
		size_t n;
		bool want;
	} cases[] = {
		{ NULL, 0, false },
		{ g_admin, COUNT(g_admin), false },
		{ g_reg, COUNT(g_reg), false },
		{ g_op_reg, COUNT(g_op_reg), false },
		{ g_head, COUNT(g_head), false },
		{ g_obs, COUNT(g_obs), false },
		{ g_ver, COUNT(g_ver), true },
		{ g_ass, COUNT(g_ass), true },
	};
	const struct grant two[] = { g_op[0], g_ass[0] };
	struct principal p = { .user_id = 7 };
	size_t i;

	(void)state;
	assert_false(policy_is_assignee(NULL));
	for (i = 0; i < COUNT(cases); i++) {
		p.grants = cases[i].g;
		p.grant_count = cases[i].n;
		if (policy_is_assignee(&p) != cases[i].want)
			fail_msg("case %zu: is assignee is %d", i, !cases[i].want);
	}
	p.grants = two;
	p.grant_count = COUNT(two);
	assert_true(policy_is_assignee(&p));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(somewhere_cases),
		cmocka_unit_test(nobody_anywhere),
		cmocka_unit_test(users_pages_by_role),
		cmocka_unit_test(assignee_by_grants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
