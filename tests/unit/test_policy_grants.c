/*
 * test_policy_grants.c - the rules for giving grants and for well-formed
 * grants, over the principals of policy_fixture.h; and the policy's codes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "policy_fixture.h"

/* Giving and taking grants. */
static const struct grant give_op101 = { ROLE_OPERATOR, SCOPE_UNIT, 101, false, AT_101,
	NULL, 0 };
static const struct grant give_head101 = { ROLE_UNIT_HEAD, SCOPE_UNIT, 101, false, AT_101,
	NULL, 0 };
static const struct grant give_head301 = { ROLE_UNIT_HEAD, SCOPE_UNIT, 301, false, AT_301,
	NULL, 0 };
static const struct grant give_op201 = { ROLE_OPERATOR, SCOPE_UNIT, 201, false, AT_201,
	NULL, 0 };
static const struct grant give_op_nowhere = { ROLE_OPERATOR, SCOPE_UNIT, 101, false,
	{ 0 }, NULL, 0 };
static const struct grant give_ver = { ROLE_VERIFIER, SCOPE_PARTICIPATION, 1101, false,
	{ JABAR, ORG_MINISTRY, 101, 1101 }, NULL, 0 };
static const struct grant give_ass = { ROLE_ASSESSOR, SCOPE_PARTICIPATION, 1101, false,
	{ JABAR, ORG_MINISTRY, 101, 1101 }, NULL, 0 };
static const struct grant give_reg32 = { ROLE_REGIONAL, SCOPE_PROVINCE, JABAR, false,
	{ JABAR, 0, 0, 0 }, NULL, 0 };
static const struct grant give_reg_org = { ROLE_REGIONAL, SCOPE_ORGANIZATION, ORG_JABAR,
	false, { JABAR, ORG_JABAR, 0, 0 }, NULL, 0 };
static const struct grant give_coord = { ROLE_COORDINATOR, SCOPE_PROVINCE, JATENG, false,
	{ JATENG, 0, 0, 0 }, NULL, 0 };
static const int region_provinces[] = { JABAR, JATENG };
static const struct grant give_coord_region = { ROLE_COORDINATOR, SCOPE_REGION, REGION_I,
	false, { 0 }, region_provinces, 2 };
static const struct grant give_obs = { ROLE_OBSERVER, SCOPE_NATIONAL, 0, true, { 0 }, NULL, 0 };
static const struct grant give_admin = { ROLE_ADMIN, SCOPE_NATIONAL, 0, false, { 0 }, NULL, 0 };
static const struct grant give_bad = { ROLE_OPERATOR, SCOPE_NATIONAL, 0, false, { 0 },
	NULL, 0 };

static void
grant_cases(void **state)
{
	/* clang-format off */
	static const struct {
		enum who who;
		const struct grant *g;
		int64_t grantee;	/* 0: a user being created */
		bool want;
	} gc[] = {
		{ W_ADMIN, &give_op101, 20, true },
		{ W_ADMIN, &give_ver, 20, true },
		{ W_ADMIN, &give_ass, 20, true },
		{ W_ADMIN, &give_reg32, 20, true },
		{ W_ADMIN, &give_coord, 20, true },
		{ W_ADMIN, &give_obs, 20, true },
		{ W_ADMIN, &give_admin, 20, true },
		{ W_ADMIN, &give_admin, 1, true },
		{ W_ADMIN, &give_op201, 0, true },
		{ W_ADMIN, &give_bad, 20, false },
		{ W_ADMIN, NULL, 20, false },
		{ W_REG, &give_op101, 20, true },
		{ W_REG, &give_head101, 20, true },
		{ W_REG, &give_op101, 0, true },
		{ W_REG, &give_head301, 20, true },
		{ W_REG, &give_op201, 20, false },
		{ W_REG, &give_op_nowhere, 20, false },
		{ W_REG, &give_op101, 3, false },
		{ W_REG, &give_ver, 20, false },
		{ W_REG, &give_ass, 20, false },
		{ W_REG, &give_reg32, 20, false },
		{ W_REG, &give_reg_org, 20, false },
		{ W_REG, &give_coord, 20, false },
		{ W_REG, &give_obs, 20, false },
		{ W_REG, &give_admin, 20, false },
		{ W_REG, &give_bad, 20, false },
		{ W_REG_ORG, &give_head301, 20, true },
		{ W_REG_ORG, &give_op101, 20, false },
		{ W_REG_ORG, &give_reg_org, 20, false },
		{ W_COORD, &give_op101, 20, false },
		{ W_COORD, &give_coord, 20, false },
		{ W_ADMIN, &give_coord_region, 20, true },
		{ W_REG, &give_coord_region, 20, false },
		{ W_COORD_REGION, &give_coord_region, 20, false },
		{ W_COORD_REGION, &give_op101, 20, false },
		{ W_OP, &give_op101, 20, false },
		{ W_OP, &give_op101, 5, false },
		{ W_HEAD, &give_op101, 20, false },
		{ W_VER, &give_ver, 20, false },
		{ W_ASS, &give_ass, 20, false },
		{ W_OBS, &give_op101, 20, false },
		{ W_OBS, &give_obs, 20, false },
		{ W_OBS_NAT, &give_op101, 20, false },
		{ W_ANON, &give_op101, 20, false },
		{ W_NOBODY, &give_op101, 20, false },
		{ W_BAD, &give_op101, 20, false },
		{ W_MULTI, &give_op101, 20, false },
	};
	/* clang-format on */
	bool got;
	size_t i, failed = 0;

	for (i = 0; i < COUNT(gc); i++) {
		got = policy_may_grant(who[gc[i].who].is_null ? NULL : &who[gc[i].who].p,
		    gc[i].g, gc[i].grantee);
		if (got == gc[i].want)
			continue;
		print_error("grant case %zu: %s gives %s over %s %lld to user %lld: "
			    "want %d, got %d\n",
		    i, who[gc[i].who].name, gc[i].g ? role_code(gc[i].g->role) : "nothing",
		    gc[i].g ? scope_kind_code(gc[i].g->scope) : "-",
		    gc[i].g ? (long long)gc[i].g->scope_id : 0LL,
		    (long long)gc[i].grantee, gc[i].want, got);
		failed++;
	}
	if (failed > 0)
		fail_msg("%zu of %zu grant cases failed", failed, COUNT(gc));
}

/* Which role may be held over which scope kind: 'v' valid, '-' not. */
static void
grant_valid_matrix(void **state)
{
	static const char *const allowed[ROLE_MAX] = {
		/* national, province, organization, unit, participation,
		 * region */
		[ROLE_ADMIN] = "v-----",
		[ROLE_COORDINATOR] = "-v---v",
		[ROLE_REGIONAL] = "-vv---",
		[ROLE_OPERATOR] = "---v--",
		[ROLE_UNIT_HEAD] = "---v--",
		[ROLE_VERIFIER] = "----v-",
		[ROLE_ASSESSOR] = "----v-",
		[ROLE_OBSERVER] = "vv----",
	};
	static const int64_t ids[SCOPE_KIND_MAX] = {
		[SCOPE_NATIONAL] = 0,
		[SCOPE_PROVINCE] = JABAR,
		[SCOPE_ORGANIZATION] = ORG_JABAR,
		[SCOPE_UNIT] = 101,
		[SCOPE_PARTICIPATION] = 1101,
		[SCOPE_REGION] = REGION_I,
	};
	struct grant g;
	const char *why;
	int r, k;

	for (r = 0; r < ROLE_MAX; r++) {
		assert_non_null(allowed[r]);
		assert_int_equal(strlen(allowed[r]), SCOPE_KIND_MAX);
		for (k = 0; k < SCOPE_KIND_MAX; k++) {
			memset(&g, 0, sizeof(g));
			g.role = (enum role)r;
			g.scope = (enum scope_kind)k;
			g.scope_id = ids[k];
			why = policy_grant_valid(&g);
			if ((why == NULL) != (allowed[r][k] == 'v'))
				fail_msg("%s over %s: want %s, got %s", role_code(g.role),
				    scope_kind_code(g.scope),
				    allowed[r][k] == 'v' ? "valid" : "invalid",
				    why ? why : "valid");
		}
	}
}

static void
grant_valid_cases(void **state)
{
	/* clang-format off */
	static const struct {
		const char *name;
		struct grant g;
		bool is_valid;
	} vc[] = {
		{ "national with an id", { ROLE_ADMIN, SCOPE_NATIONAL, 5, false, { 0 }, NULL, 0 }, false },
		{ "province code 7", { ROLE_COORDINATOR, SCOPE_PROVINCE, 7, false, { 0 }, NULL, 0 }, false },
		{ "province code 100", { ROLE_COORDINATOR, SCOPE_PROVINCE, 100, false, { 0 }, NULL, 0 }, false },
		{ "province code 11", { ROLE_COORDINATOR, SCOPE_PROVINCE, 11, false, { 0 }, NULL, 0 }, true },
		{ "province code 96", { ROLE_OBSERVER, SCOPE_PROVINCE, 96, false, { 0 }, NULL, 0 }, true },
		{ "organization 0", { ROLE_REGIONAL, SCOPE_ORGANIZATION, 0, false, { 0 }, NULL, 0 }, false },
		{ "organization -1", { ROLE_REGIONAL, SCOPE_ORGANIZATION, -1, false, { 0 }, NULL, 0 }, false },
		{ "unit 0", { ROLE_OPERATOR, SCOPE_UNIT, 0, false, { 0 }, NULL, 0 }, false },
		{ "participation 0", { ROLE_VERIFIER, SCOPE_PARTICIPATION, 0, false, { 0 }, NULL, 0 }, false },
		{ "admin may_revoke", { ROLE_ADMIN, SCOPE_NATIONAL, 0, true, { 0 }, NULL, 0 }, false },
		{ "regional may_revoke", { ROLE_REGIONAL, SCOPE_PROVINCE, JABAR, true, { 0 }, NULL, 0 }, false },
		{ "observer may_revoke", { ROLE_OBSERVER, SCOPE_PROVINCE, JABAR, true, { 0 }, NULL, 0 }, true },
		{ "unknown role", { ROLE_MAX, SCOPE_NATIONAL, 0, false, { 0 }, NULL, 0 }, false },
		{ "negative role", { (enum role)-1, SCOPE_NATIONAL, 0, false, { 0 }, NULL, 0 }, false },
		{ "unknown scope", { ROLE_ADMIN, SCOPE_KIND_MAX, 0, false, { 0 }, NULL, 0 }, false },
		{ "unit placed at its own id", { ROLE_OPERATOR, SCOPE_UNIT, 101, false, AT_101, NULL, 0 }, true },
		{ "unit placed at another unit", { ROLE_OPERATOR, SCOPE_UNIT, 101, false, AT_102, NULL, 0 }, false },
		{ "province placed elsewhere",
		    { ROLE_REGIONAL, SCOPE_PROVINCE, JABAR, false, { JATENG, 0, 0, 0 }, NULL, 0 }, false },
		{ "organization placed elsewhere",
		    { ROLE_REGIONAL, SCOPE_ORGANIZATION, ORG_JABAR, false, { JABAR, 9, 0, 0 }, NULL, 0 }, false },
		{ "region 0", { ROLE_COORDINATOR, SCOPE_REGION, 0, false, { 0 }, NULL, 0 }, false },
		{ "region holding no province yet",
		    { ROLE_COORDINATOR, SCOPE_REGION, REGION_I, false, { 0 }, NULL, 0 }, true },
		{ "region with a count but no provinces",
		    { ROLE_COORDINATOR, SCOPE_REGION, REGION_I, false, { 0 }, NULL, 2 }, false },
		{ "participation placed elsewhere",
		    { ROLE_ASSESSOR, SCOPE_PARTICIPATION, 1101, false, { 0, 0, 101, 1102 }, NULL, 0 }, false },
	};
	/* clang-format on */
	const char *why;
	size_t i;

	assert_non_null(policy_grant_valid(NULL));
	for (i = 0; i < COUNT(vc); i++) {
		why = policy_grant_valid(&vc[i].g);
		if ((why == NULL) != vc[i].is_valid)
			fail_msg("valid case %zu (%s): want %s, got %s", i, vc[i].name,
			    vc[i].is_valid ? "valid" : "invalid", why ? why : "valid");
	}
}

/* Every code is present, distinct, and parses back. */
static void
codes_round_trip(void **state)
{
	int i, j;

	for (i = 0; i < ROLE_MAX; i++) {
		assert_true(role_code((enum role)i)[0] != '\0');
		assert_int_equal(role_parse(role_code((enum role)i)), i);
	}
	assert_string_equal(role_code(ROLE_UNIT_HEAD), "unit_head");
	assert_int_equal(role_parse("Admin"), ROLE_MAX);
	assert_int_equal(role_parse(""), ROLE_MAX);
	assert_int_equal(role_parse(NULL), ROLE_MAX);
	assert_string_equal(role_code(ROLE_MAX), "");

	for (i = 0; i < SCOPE_KIND_MAX; i++) {
		assert_true(scope_kind_code((enum scope_kind)i)[0] != '\0');
		assert_int_equal(scope_kind_parse(scope_kind_code((enum scope_kind)i)), i);
	}
	assert_string_equal(scope_kind_code(SCOPE_PROVINCE), "province");
	assert_int_equal(scope_kind_parse("kanwil"), SCOPE_KIND_MAX);
	assert_int_equal(scope_kind_parse(NULL), SCOPE_KIND_MAX);
	assert_string_equal(scope_kind_code(SCOPE_KIND_MAX), "");

	for (i = 0; i < ACTION_MAX; i++) {
		assert_true(action_code((enum action)i)[0] != '\0');
		for (j = 0; j < i; j++)
			assert_string_not_equal(action_code((enum action)i),
			    action_code((enum action)j));
	}
	assert_string_equal(action_code(ACTION_MAX), "");

	for (i = 0; i < OBJ_MAX; i++) {
		assert_true(object_type_code((enum object_type)i)[0] != '\0');
		for (j = 0; j < i; j++)
			assert_string_not_equal(object_type_code((enum object_type)i),
			    object_type_code((enum object_type)j));
	}
	assert_string_equal(object_type_code(OBJ_MAX), "");

	for (i = 0; i < POLICY_DECISION_MAX; i++)
		assert_true(policy_decision_code((enum policy_decision)i)[0] != '\0');
	assert_string_equal(policy_decision_code(POLICY_DECISION_MAX), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grant_cases),
		cmocka_unit_test(grant_valid_matrix),
		cmocka_unit_test(grant_valid_cases),
		cmocka_unit_test(codes_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
