/*
 * test_policy_matrix.c - the access matrix walked case by case: every role,
 * every action, on objects inside, above, beside, below and outside the
 * scope (policy_fixture.h describes the tree, policy_cases_*.c hold the
 * cases); then that the matrix has no holes and that odd input hides.
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

/* clang-format off */
static const struct policy_case_table *const tables[] = {
	&policy_cases_wide, &policy_cases_unit, &policy_cases_review, &policy_cases_edge,
	&policy_cases_region,
};
/* clang-format on */

static void
matrix_cases(void **state)
{
	const struct policy_case *c;
	enum policy_decision got;
	size_t t, i, total = 0, failed = 0;

	for (t = 0; t < COUNT(tables); t++) {
		for (i = 0; i < tables[t]->count; i++) {
			c = &tables[t]->cases[i];
			got = ask(c->who, c->act, &objects[c->obj].ref);
			if (got == c->want)
				continue;
			print_error(
			    "%s case %zu: %s (%s) %s on %s [%s]: want %s, got %s\n",
			    tables[t]->name, i,
			    who[c->who].role < ROLE_MAX ? role_code(who[c->who].role) : "no role",
			    who[c->who].name, action_code(c->act), objects[c->obj].name,
			    rel_names[c->rel], policy_decision_code(c->want),
			    policy_decision_code(got));
			failed++;
		}
		total += tables[t]->count;
	}
	if (failed > 0)
		fail_msg("%zu of %zu policy cases failed", failed, total);
}

/*
 * A role or action added without cases fails here, as does a main
 * principal that lacks a relation or an unused fixture.
 */
static void
matrix_complete(void **state)
{
	static const enum rel must[] = { R_INSIDE, R_PARENT, R_SIBLING, R_OUTSIDE };
	bool pair[ROLE_MAX][ACTION_MAX] = { { false } };
	bool rel[ROLE_MAX][R_MAX] = { { false } };
	bool anon[ACTION_MAX] = { false };
	bool type[OBJ_MAX] = { false }, used_obj[O_MAX] = { false };
	bool used_who[W_MAX] = { false };
	const struct policy_case *c;
	size_t t, i, missing = 0;
	int r, a, k;

	for (t = 0; t < COUNT(tables); t++)
		for (i = 0; i < tables[t]->count; i++) {
			c = &tables[t]->cases[i];
			r = who[c->who].role;
			if (r < ROLE_MAX) {
				pair[r][c->act] = true;
				rel[r][c->rel] = true;
			}
			if (c->who == W_ANON)
				anon[c->act] = true;
			type[objects[c->obj].ref.type] = true;
			used_obj[c->obj] = true;
			used_who[c->who] = true;
		}
	for (r = 0; r < ROLE_MAX; r++) {
		for (a = 0; a < ACTION_MAX; a++)
			if (!pair[r][a]) {
				print_error("no case for role %s, action %s\n",
				    role_code((enum role)r), action_code((enum action)a));
				missing++;
			}
		for (k = 0; k < (int)COUNT(must); k++)
			if (!rel[r][must[k]]) {
				print_error("no case for role %s on an object %s\n",
				    role_code((enum role)r), rel_names[must[k]]);
				missing++;
			}
	}
	for (a = 0; a < ACTION_MAX; a++)
		if (!anon[a]) {
			print_error("no anonymous case for action %s\n",
			    action_code((enum action)a));
			missing++;
		}
	for (k = 0; k < OBJ_MAX; k++)
		if (!type[k]) {
			print_error("no case on an object of type %s\n",
			    object_type_code((enum object_type)k));
			missing++;
		}
	for (k = 0; k < O_MAX; k++)
		if (!used_obj[k] || objects[k].name == NULL) {
			print_error("object fixture %d is unused or undefined\n", k);
			missing++;
		}
	for (k = 0; k < W_MAX; k++)
		if (!used_who[k] || who[k].name == NULL) {
			print_error("principal fixture %d is unused or undefined\n", k);
			missing++;
		}
	if (missing > 0)
		fail_msg("the policy matrix has %zu holes", missing);
}

/* Out-of-range input hides; it never allows and never crashes. */
static void
unknown_input_hides(void **state)
{
	const struct object_ref *unit = &objects[O_U101].ref;
	struct object_ref odd = *unit;
	struct object_ref user = objects[O_USR_OP].ref;

	assert_int_equal(ask(W_ADMIN, ACTION_MAX, unit), POLICY_HIDDEN);
	assert_int_equal(ask(W_ADMIN, (enum action) - 1, unit), POLICY_HIDDEN);
	assert_int_equal(ask(W_ADMIN, ACT_VIEW, NULL), POLICY_HIDDEN);
	odd.type = OBJ_MAX;
	assert_int_equal(ask(W_ADMIN, ACT_VIEW, &odd), POLICY_HIDDEN);
	odd.type = (enum object_type) - 1;
	assert_int_equal(ask(W_ADMIN, ACT_VIEW, &odd), POLICY_HIDDEN);
	/* A principal claiming grants without handing them over has none. */
	{
		struct principal p = who[W_ADMIN].p;

		p.grants = NULL;
		assert_int_equal(policy_check(&p, ACT_VIEW, unit), POLICY_HIDDEN);
	}
	/* A user whose grants are said to exist but are missing is out of reach. */
	user.holder_grants = NULL;
	assert_int_equal(ask(W_REG, ACT_USER_MANAGE, &user), POLICY_DENY);
	assert_int_equal(ask(W_ADMIN, ACT_USER_MANAGE, &user), POLICY_ALLOW);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matrix_cases),
		cmocka_unit_test(matrix_complete),
		cmocka_unit_test(unknown_input_hides),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
