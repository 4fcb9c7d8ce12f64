/*
 * test_codes.c - the code tables of enums (base/code.h): the lookups
 * themselves, then every public table, read back through its own x_code
 * (and x_parse where there is one). Each value must have a code, no two
 * codes of a table may be the same, and parsing a code gives its value back,
 * so an enum value added without its code fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/code.h"
#include "base/csv.h"
#include "base/log.h"
#include "base/validate.h"
#include "core/account.h"
#include "core/policy.h"
#include "core/region.h"
#include "core/registry.h"
#include "core/rulebook.h"
#include "http/multipart.h"
#include "view/i18n.h"

#define TABLE_MAX 64 /* more values than any table here has */

/* The public functions, each over int so that one table can list them. */
/* clang-format off */
#define NAMER(fn, type) \
	static const char *n_##fn(int v) { return fn((enum type)v); }
#define PARSER(fn) \
	static int p_##fn(const char *s) { return (int)fn(s); }
/* clang-format on */

NAMER(csv_error_code, csv_error)
NAMER(validate_error_key, validate_error)
NAMER(password_problem_key, password_problem)
NAMER(token_scope_code, token_scope)
NAMER(tz_code, tz)
NAMER(org_kind_code, org_kind)
NAMER(registry_problem_code, registry_problem)
NAMER(role_code, role)
NAMER(scope_kind_code, scope_kind)
NAMER(object_type_code, object_type)
NAMER(action_code, action)
NAMER(policy_decision_code, policy_decision)
NAMER(rulebook_lang_code, rulebook_lang)
NAMER(rulebook_adjustment_code, rb_adjustment_kind)
NAMER(multipart_error_code, multipart_error)
NAMER(i18n_code, lang)
PARSER(org_kind_parse)
PARSER(token_scope_parse)
PARSER(role_parse)
PARSER(scope_kind_parse)
PARSER(i18n_lang)

struct table {
	const char *what;
	int count; /* the enum's _MAX */
	const char *(*name)(int v);
	int (*parse)(const char *s); /* NULL: the enum has no parse */
	const char *fallback;        /* what name gives for count */
};

/* clang-format off */
static const struct table tables[] = {
	{ "csv_error", CSV_ERROR_MAX, n_csv_error_code, NULL, "" },
	{ "validate_error", VALIDATE_ERROR_MAX, n_validate_error_key, NULL, "encoding" },
	{ "password_problem", PASSWORD_PROBLEM_MAX, n_password_problem_key, NULL,
	    "too_simple" },
	{ "token_scope", TOKEN_SCOPE_MAX, n_token_scope_code, p_token_scope_parse, "" },
	{ "tz", TZ_MAX, n_tz_code, NULL, "WIB" },
	{ "org_kind", ORG_KIND_MAX, n_org_kind_code, p_org_kind_parse, "" },
	{ "registry_problem", REGISTRY_PROBLEM_MAX, n_registry_problem_code, NULL, "" },
	{ "role", ROLE_MAX, n_role_code, p_role_parse, "" },
	{ "scope_kind", SCOPE_KIND_MAX, n_scope_kind_code, p_scope_kind_parse, "" },
	{ "object_type", OBJ_MAX, n_object_type_code, NULL, "" },
	{ "action", ACTION_MAX, n_action_code, NULL, "" },
	{ "policy_decision", POLICY_DECISION_MAX, n_policy_decision_code, NULL, "" },
	{ "rulebook_lang", RULEBOOK_LANG_MAX, n_rulebook_lang_code, NULL, "" },
	{ "rb_adjustment_kind", RB_ADJ_KIND_MAX, n_rulebook_adjustment_code, NULL, "" },
	{ "multipart_error", MULTIPART_ERROR_MAX, n_multipart_error_code, NULL, "" },
	{ "lang", LANG_MAX, n_i18n_code, p_i18n_lang, "id" },
};
/* clang-format on */

static void
lookups(void **state)
{
	static const char *const names[] = { "zero", "one", NULL, "three" };
	static const char *const twice[] = { "a", "b", "a" };
	static const char *const empty[] = { "a", "" };
	size_t bad = 99;

	(void)state;
	assert_string_equal(code_name(names, 4, 1), "one");
	assert_string_equal(code_name(names, 4, 2), "");
	assert_string_equal(code_name(names, 4, 4), "");
	assert_string_equal(code_name(names, 4, -1), "");
	assert_string_equal(code_name_or(names, 4, 3, "x"), "three");
	assert_string_equal(code_name_or(names, 4, 4, "x"), "x");
	assert_string_equal(code_name_or(names, 4, 2, "x"), "");
	assert_int_equal(code_find(names, 4, "three"), 3);
	assert_int_equal(code_find(names, 4, "two"), 4);
	assert_int_equal(code_find(names, 4, ""), 4);
	assert_int_equal(code_find(names, 4, NULL), 4);
	assert_int_equal(code_table_check(names, 2, &bad), 0);
	assert_int_equal(code_table_check(names, 4, &bad), -1);
	assert_int_equal(bad, 2);
	assert_int_equal(code_table_check(twice, 3, &bad), -1);
	assert_int_equal(bad, 2);
	assert_int_equal(code_table_check(empty, 2, &bad), -1);
	assert_int_equal(bad, 1);
}

/* The lookups over tables of structs, through the functions the macro
 * defines. */
enum fruit { FRUIT_APPLE, FRUIT_PEAR, FRUIT_NONE, FRUIT_MAX };
static const struct {
	int weight;
	const char *code;
} fruits[FRUIT_MAX] = {
	[FRUIT_APPLE] = { 3, "apple" },
	[FRUIT_PEAR] = { 5, "pear" },
};
static const char *fruit_code(enum fruit v);
static enum fruit fruit_parse(const char *code);
CODE_MEMBER_FUNCTIONS(fruit, enum fruit, fruits, code, FRUIT_MAX)

static void
member_lookups(void **state)
{
	(void)state;
	assert_string_equal(fruit_code(FRUIT_PEAR), "pear");
	assert_string_equal(fruit_code(FRUIT_NONE), "");
	assert_string_equal(fruit_code(FRUIT_MAX), "");
	assert_string_equal(fruit_code((enum fruit) - 1), "");
	assert_int_equal(fruit_parse("apple"), FRUIT_APPLE);
	assert_int_equal(fruit_parse("pear"), FRUIT_PEAR);
	assert_int_equal(fruit_parse("plum"), FRUIT_MAX);
	assert_int_equal(fruit_parse(""), FRUIT_MAX);
	assert_int_equal(fruit_parse(NULL), FRUIT_MAX);
}

/* CODE_LOOKUP: the entry itself, NULL for an unknown or NULL code, and an
 * entry without a code is passed over. */
static void
entry_lookups(void **state)
{
	static const struct item {
		int weight;
		const char *code;
	} basket[] = { { 1, "apple" }, { 2, NULL }, { 3, "pear" } };

	(void)state;
	assert_ptr_equal(CODE_LOOKUP(struct item, basket, 3, "apple"), &basket[0]);
	assert_ptr_equal(CODE_LOOKUP(struct item, basket, 3, "pear"), &basket[2]);
	assert_null(CODE_LOOKUP(struct item, basket, 2, "pear"));
	assert_null(CODE_LOOKUP(struct item, basket, 3, "plum"));
	assert_null(CODE_LOOKUP(struct item, basket, 3, ""));
	assert_null(CODE_LOOKUP(struct item, basket, 3, NULL));
	assert_null(CODE_LOOKUP(struct item, NULL, 0, "apple"));
}

static void
every_table(void **state)
{
	const char *names[TABLE_MAX];
	const struct table *t;
	size_t i, bad;
	int v;

	(void)state;
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		t = &tables[i];
		assert_true(t->count > 0 && t->count <= TABLE_MAX);
		for (v = 0; v < t->count; v++)
			names[v] = t->name(v);
		if (code_table_check(names, (size_t)t->count, &bad) < 0)
			fail_msg("enum %s: value %zu has no code of its own ('%s')",
			    t->what, bad, names[bad]);
		assert_string_equal(t->name(t->count), t->fallback);
		assert_string_equal(t->name(-1), t->fallback);
		if (t->parse == NULL)
			continue;
		for (v = 0; v < t->count; v++)
			assert_int_equal(t->parse(names[v]), v);
		assert_int_equal(t->parse("no such code"), t->count);
		assert_int_equal(t->parse(""), t->count);
		assert_int_equal(t->parse(NULL), t->count);
	}
}

static void
log_levels(void **state)
{
	static const char *const levels[] = { "debug", "info", "warn", "err" };
	enum log_level lv;
	size_t i;

	(void)state;
	assert_int_equal(sizeof(levels) / sizeof(levels[0]), LOG_LEVEL_MAX);
	for (i = 0; i < LOG_LEVEL_MAX; i++) {
		assert_int_equal(log_level_parse(levels[i], &lv), 0);
		assert_int_equal(lv, (int)i);
	}
	lv = LOG_WARN;
	assert_int_equal(log_level_parse("verbose", &lv), -1);
	assert_int_equal(lv, LOG_WARN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookups),
		cmocka_unit_test(member_lookups),
		cmocka_unit_test(entry_lookups),
		cmocka_unit_test(every_table),
		cmocka_unit_test(log_levels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
