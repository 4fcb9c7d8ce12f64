/*
 * test_registry.c - the registry's pure rules (core/registry.h): codes,
 * places, and the scope of a principal's view, which must agree with
 * policy_check on every unit, or lists would show what a unit's page
 * hides (or the reverse).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/embed.h"
#include "core/region.h"
#include "core/registry.h"
#include "core/unit_type.h"

static void
regency_codes(void **state)
{
	static const struct {
		const char *in;
		int province;
		enum registry_problem want;
		int code;
	} cases[] = {
		{ "7571", 75, RP_OK, 7571 },
		{ "75.71", 75, RP_OK, 7571 },
		{ "7571", 0, RP_OK, 7571 },
		{ "3201", 75, RP_REGENCY_PROVINCE, 0 },
		{ "2001", 0, RP_PROVINCE_UNKNOWN, 0 },
		{ "757", 75, RP_REGENCY_FORMAT, 0 },
		{ "75711", 75, RP_REGENCY_FORMAT, 0 },
		{ "7500", 75, RP_REGENCY_FORMAT, 0 },
		{ "75a1", 75, RP_REGENCY_FORMAT, 0 },
		{ "7.571", 75, RP_REGENCY_FORMAT, 0 },
		{ "", 75, RP_REGENCY_FORMAT, 0 },
		{ " 7571", 75, RP_REGENCY_FORMAT, 0 },
	};
	size_t i;
	int code;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum registry_problem got = registry_regency_parse(cases[i].in,
		    cases[i].province, &code);

		if (got != cases[i].want || code != cases[i].code)
			fail_msg("\"%s\" in %d: %s %d, want %s %d", cases[i].in,
			    cases[i].province, registry_problem_code(got), code,
			    registry_problem_code(cases[i].want), cases[i].code);
	}
	assert_string_equal(registry_regency_kind(7571), "kota");
	assert_string_equal(registry_regency_kind(7501), "kabupaten");
	assert_string_equal(registry_regency_kind(3170), "kabupaten");
}

static void
sectors_and_phones(void **state)
{
	char out[64];

	assert_int_equal(registry_sector_normalize("Pariwisata", out, sizeof(out)), RP_OK);
	assert_string_equal(out, "pariwisata");
	assert_int_equal(registry_sector_normalize("lalu_lintas-2", out, sizeof(out)), RP_OK);
	assert_int_equal(registry_sector_normalize("x", out, sizeof(out)), RP_SECTOR_FORMAT);
	assert_int_equal(registry_sector_normalize("dua kata", out, sizeof(out)),
	    RP_SECTOR_FORMAT);
	assert_int_equal(registry_sector_normalize("pari\xc3\xa9", out, sizeof(out)),
	    RP_SECTOR_FORMAT);
	assert_int_equal(registry_sector_normalize(
			     "a123456789012345678901234567890123456789", out, sizeof(out)),
	    RP_OK);
	assert_int_equal(registry_sector_normalize(
			     "a1234567890123456789012345678901234567890", out, sizeof(out)),
	    RP_SECTOR_FORMAT);
	assert_int_equal(registry_phone_check(""), RP_OK);
	assert_int_equal(registry_phone_check(NULL), RP_OK);
	assert_int_equal(registry_phone_check("+62 (435) 821-123"), RP_OK);
	assert_int_equal(registry_phone_check("1234"), RP_PHONE_FORMAT);
	assert_int_equal(registry_phone_check("0435 821 123 ext"), RP_PHONE_FORMAT);
}

static void
places(void **state)
{
	/* Organizations. */
	assert_int_equal(registry_org_place_check(ORG_MINISTRY, 0, 0), RP_OK);
	assert_int_equal(registry_org_place_check(ORG_AGENCY, 75, 0), RP_ORG_KIND_PLACE);
	assert_int_equal(registry_org_place_check(ORG_PROVINCE_GOV, 32, 0), RP_OK);
	assert_int_equal(registry_org_place_check(ORG_PROVINCE_GOV, 0, 0), RP_ORG_KIND_PLACE);
	assert_int_equal(registry_org_place_check(ORG_PROVINCE_GOV, 20, 0), RP_PROVINCE_UNKNOWN);
	assert_int_equal(registry_org_place_check(ORG_PROVINCE_GOV, 32, 3273),
	    RP_ORG_KIND_PLACE);
	assert_int_equal(registry_org_place_check(ORG_REGENCY_GOV, 32, 3273), RP_OK);
	assert_int_equal(registry_org_place_check(ORG_REGENCY_GOV, 32, 0), RP_ORG_KIND_PLACE);
	assert_int_equal(registry_org_place_check(ORG_REGENCY_GOV, 32, 7571),
	    RP_REGENCY_PROVINCE);
	assert_int_equal(registry_org_place_check(ORG_KIND_MAX, 0, 0), RP_ORG_KIND_PLACE);

	/* Units under them. */
	assert_int_equal(registry_unit_place_check("kanim", 75, 0, ORG_MINISTRY, 0, 0), RP_OK);
	assert_int_equal(registry_unit_place_check("kanim", 75, 7571, ORG_MINISTRY, 0, 0),
	    RP_OK);
	assert_int_equal(registry_unit_place_check("nope", 75, 0, ORG_MINISTRY, 0, 0),
	    RP_UNIT_TYPE_UNKNOWN);
	assert_int_equal(registry_unit_place_check("kanim", 20, 0, ORG_MINISTRY, 0, 0),
	    RP_PROVINCE_UNKNOWN);
	assert_int_equal(registry_unit_place_check("kanim", 75, 3273, ORG_MINISTRY, 0, 0),
	    RP_REGENCY_PROVINCE);
	assert_int_equal(registry_unit_place_check("opd", 75, 0, ORG_MINISTRY, 0, 0),
	    RP_OWNER_MISMATCH);
	assert_int_equal(registry_unit_place_check("lapas", 32, 0, ORG_PROVINCE_GOV, 32, 0),
	    RP_OWNER_MISMATCH);
	assert_int_equal(
	    registry_unit_place_check("wisata", 32, 3273, ORG_PROVINCE_GOV, 32, 0), RP_OK);
	assert_int_equal(registry_unit_place_check("wisata", 75, 0, ORG_PROVINCE_GOV, 32, 0),
	    RP_ORG_PLACE);
	assert_int_equal(
	    registry_unit_place_check("opd", 32, 3273, ORG_REGENCY_GOV, 32, 3273), RP_OK);
	assert_int_equal(registry_unit_place_check("opd", 32, 0, ORG_REGENCY_GOV, 32, 3273),
	    RP_OK);
	assert_int_equal(registry_unit_place_check("opd", 32, 3201, ORG_REGENCY_GOV, 32, 3273),
	    RP_ORG_PLACE);
}

static void
codes(void **state)
{
	int i;

	for (i = 0; i < ORG_KIND_MAX; i++)
		assert_int_equal(org_kind_parse(org_kind_code((enum org_kind)i)), i);
	assert_int_equal(org_kind_parse("pemda"), ORG_KIND_MAX);
	assert_int_equal(org_kind_parse(NULL), ORG_KIND_MAX);
	for (i = 0; i < REGISTRY_PROBLEM_MAX; i++)
		assert_true(registry_problem_code((enum registry_problem)i)[0] != '\0');
	assert_string_equal(registry_problem_code(REGISTRY_PROBLEM_MAX), "");
}

/* One principal of the matrix: its grants. */
struct who {
	const char *name;
	struct grant grants[3];
	size_t count;
};

static const int region_75_31[] = { 75, 31 };

/* clang-format off */
static const struct who whos[] = {
	{ "coordinator of the region holding 75 and 31", { { .role = ROLE_COORDINATOR,
	    .scope = SCOPE_REGION, .scope_id = 4, .provinces = region_75_31,
	    .province_count = 2 } }, 1 },
	{ "coordinator of a region holding nothing", { { .role = ROLE_COORDINATOR,
	    .scope = SCOPE_REGION, .scope_id = 5 } }, 1 },
	{ "admin", { { .role = ROLE_ADMIN, .scope = SCOPE_NATIONAL } }, 1 },
	{ "observer", { { .role = ROLE_OBSERVER, .scope = SCOPE_NATIONAL } }, 1 },
	{ "coordinator of 75 and 31", { { .role = ROLE_COORDINATOR, .scope = SCOPE_PROVINCE,
	    .scope_id = 75 }, { .role = ROLE_COORDINATOR, .scope = SCOPE_PROVINCE,
	    .scope_id = 31 } }, 2 },
	{ "regional of 75", { { .role = ROLE_REGIONAL, .scope = SCOPE_PROVINCE,
	    .scope_id = 75 } }, 1 },
	{ "regional of organization 2", { { .role = ROLE_REGIONAL,
	    .scope = SCOPE_ORGANIZATION, .scope_id = 2 } }, 1 },
	{ "operator of unit 10", { { .role = ROLE_OPERATOR, .scope = SCOPE_UNIT,
	    .scope_id = 10, .where = { 75, 1, 10, 0 } } }, 1 },
	{ "unit head of 11 and operator of 12", { { .role = ROLE_UNIT_HEAD,
	    .scope = SCOPE_UNIT, .scope_id = 11 }, { .role = ROLE_OPERATOR,
	    .scope = SCOPE_UNIT, .scope_id = 12 } }, 2 },
	{ "verifier of participation 5 (unit 13)", { { .role = ROLE_VERIFIER,
	    .scope = SCOPE_PARTICIPATION, .scope_id = 5, .where = { 31, 1, 13, 5 } } }, 1 },
	{ "verifier with no unit known", { { .role = ROLE_VERIFIER,
	    .scope = SCOPE_PARTICIPATION, .scope_id = 6 } }, 1 },
	{ "invalid grant (operator, national)", { { .role = ROLE_OPERATOR,
	    .scope = SCOPE_NATIONAL } }, 1 },
	{ "no grants", { { 0 } }, 0 },
};
/* clang-format on */

/* Every unit of a small tree of places, seen through scope and policy. */
static void
scope_matches_policy(void **state)
{
	static const int provs[] = { 75, 31, 32 };
	static const int64_t orgs[] = { 1, 2, 3 };
	struct registry_scope s;
	struct principal p;
	struct object_ref o;
	size_t w, a, b, id;
	bool in_scope, allowed;

	for (w = 0; w < sizeof(whos) / sizeof(whos[0]); w++) {
		p = (struct principal){ .user_id = 99,
			.grants = whos[w].grants,
			.grant_count = whos[w].count };
		registry_scope_of(&p, &s);
		for (a = 0; a < 3; a++)
			for (b = 0; b < 3; b++)
				for (id = 9; id <= 14; id++) {
					o = registry_unit_ref((int64_t)id, provs[a], orgs[b]);
					allowed = policy_check(&p, ACT_VIEW, &o) == POLICY_ALLOW;
					in_scope = registry_scope_has(&s, provs[a],
					    orgs[b], (int64_t)id);
					if (allowed != in_scope)
						fail_msg("%s: unit %zu in %d/org %lld: "
							 "policy %s, "
							 "scope %s",
						    whos[w].name, id, provs[a],
						    (long long)orgs[b],
						    allowed ? "allows" : "hides",
						    in_scope ? "has it" : "does not");
				}
	}
	registry_scope_of(NULL, &s);
	assert_false(s.national);
	assert_int_equal(s.province_count + s.organization_count + s.unit_count, 0);
}

static void
refs(void **state)
{
	struct object_ref u = registry_unit_ref(7, 75, 3), o = registry_org_ref(3, 75);

	assert_int_equal(u.type, OBJ_UNIT);
	assert_int_equal(u.at.unit, 7);
	assert_int_equal(u.at.province, 75);
	assert_int_equal(u.at.organization, 3);
	assert_int_equal(o.type, OBJ_ORGANIZATION);
	assert_int_equal(o.at.organization, 3);
	assert_int_equal(o.at.unit, 0);
}

/* The migration ships the same provinces and unit types as the C tables. */
static void
migration_matches_tables(void **state)
{
	const struct embed_file *f = embed_find("migrations/0005_registry.sql");
	char row[256];
	size_t i;

	assert_non_null(f);
	for (i = 0; i < province_count; i++) {
		snprintf(row, sizeof(row), "(%d, '%s', '%s')", provinces[i].code,
		    provinces[i].name, tz_code(provinces[i].tz));
		if (strstr((const char *)f->data, row) == NULL)
			fail_msg("the migration lacks the province row %s", row);
	}
	for (i = 0; i < UNIT_TYPE_MAX; i++) {
		snprintf(row, sizeof(row), "('%s', '%s', '%s')", unit_types[i].code,
		    unit_types[i].name_id, unit_types[i].name_en);
		if (strstr((const char *)f->data, row) == NULL)
			fail_msg("the migration lacks the unit type row %s", row);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(regency_codes),
		cmocka_unit_test(sectors_and_phones),
		cmocka_unit_test(places),
		cmocka_unit_test(codes),
		cmocka_unit_test(scope_matches_policy),
		cmocka_unit_test(refs),
		cmocka_unit_test(migration_matches_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
