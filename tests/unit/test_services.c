/*
 * test_services.c - the registry's and the accounts' services on a fresh
 * SQLite database each: what they write, what they refuse and on which
 * field, the policy they ask inside their transaction, the audit entries
 * they leave, password reset links and API tokens, and a batch (the
 * demo's one transaction) that the caller rolls back whole. No catalog is loaded, so a
 * refusal's text is its catalog key or problem code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "svc/accounts.h"
#include "svc/audit.h"
#include "svc/registry.h"

#define PASSWORD "Kuat-Sekali-2025"

/* One case's database and the contexts acting on it. */
struct fixture {
	char dir[64];   /* the temporary directory */
	char path[128]; /* its database file */
	struct db *db;
	struct arena a;         /* the services' memory */
	struct principal admin; /* the command line: national admin */
	struct svc s;           /* acting as the command line */
};

/* A regional office of Gorontalo (75), user 99. */
static const struct grant g_regional[] = {
	{ ROLE_REGIONAL, SCOPE_PROVINCE, 75, false, { 75, 0, 0, 0 }, NULL, 0 },
};
static const struct principal regional = { 99, g_regional, 1, 75, 0 };

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct db_conn *c;
	struct err e = { 0 };

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/p2ham-test-svc-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/test.db", f->dir);
	if ((f->db = db_open(f->path, &e)) == NULL || db_migrate(f->db, NULL, &e) < 0 ||
	    (c = db_conn(f->db, &e)) == NULL)
		fail_msg("database: %s", e.msg);
	arena_init(&f->a, 0);
	svc_cli(&f->s, &f->admin, c, &f->a, 0, "cli", time(NULL), f->dir, NULL);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	db_close(f->db);
	arena_free(&f->a);
	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* How many audit entries have action. */
static int
audited(struct fixture *f, const char *action)
{
	json_t *rows = NULL, *row;
	struct err e = { 0 };
	size_t i;
	int n = 0;

	if (db_exec(f->s.c, DB_AUDIT_PAGE,
		(struct db_param[]){ DBP_INT(0), DBP_INT(100000) }, 2, &rows, &e) < 0)
		fail_msg("audit: %s", e.msg);
	json_array_foreach(rows, i, row)
		n += strcmp(json_string_value(json_object_get(row, "action")), action) == 0;
	json_decref(rows);
	return n;
}

/* A ministry and, under it, a Kanim in Gorontalo; their ids. */
static void
seed(struct fixture *f, int64_t *org, int64_t *unit)
{
	struct org_input o = { .kind = ORG_MINISTRY, .name = "Kementerian Hukum" };
	struct unit_input u = { .name = "Kantor  Imigrasi Gorontalo",
		.unit_type = "kanim",
		.sector = "Imigrasi",
		.province = 75 };
	struct svc_problems pr;
	struct err e = { 0 };

	*org = 0;
	if (registry_org_save(&f->s, org, &o, &pr, &e) < 0)
		fail_msg("organization: %s", e.msg);
	u.org_id = *org;
	*unit = 0;
	if (registry_unit_save(&f->s, unit, &u, &pr, &e) < 0)
		fail_msg("unit: %s", e.msg);
}

static void
problems_keep_the_first(void **state)
{
	struct svc_problems pr = { .count = 0 };
	struct err e = { 0 };

	svc_problem(&pr, "name", "first");
	svc_problem(&pr, "name", "second");
	svc_problem(&pr, "phone", NULL);
	assert_int_equal(pr.count, 2);
	assert_string_equal(svc_problem_of(&pr, "name"), "first");
	assert_string_equal(svc_problem_of(&pr, "phone"), "");
	assert_null(svc_problem_of(&pr, "email"));
	assert_int_equal(svc_refuse(&pr, &e), -1);
	assert_int_equal(e.kind, ERR_INVALID);
	assert_int_equal(e.status, 422);
	assert_string_equal(e.msg, "first");
}

/* Without a catalog the text is the problem's code, never the key built
 * in a buffer that died with the call (the next call would reuse it). */
static void
problem_text_outlives_the_call(void **state)
{
	const char *dup = registry_problem_text(LANG_ID, RP_DUPLICATE);
	const char *out = registry_problem_text(LANG_EN, RP_OUTSIDE_SCOPE);

	assert_string_equal(dup, "duplicate");
	assert_string_equal(out, "outside_scope");
}

static void
organizations_and_units(void **state)
{
	struct fixture *f = *state;
	struct org_input o = { .kind = ORG_MINISTRY, .name = "Kementerian  Hukum" };
	struct unit_input u = { .name = "Kantor Imigrasi Gorontalo",
		.unit_type = "kanim",
		.sector = "imigrasi",
		.province = 75,
		.phone = "telp 0435" };
	struct svc_problems pr;
	struct err e = { 0 };
	int64_t org, unit, id = 0;

	seed(f, &org, &unit);
	assert_true(org > 0 && unit > 0);
	assert_int_equal(audited(f, "organization.create"), 1);
	assert_int_equal(audited(f, "unit.create"), 1);
	/* The same name, blanks squeezed, is refused on its field. */
	id = 0;
	assert_int_equal(registry_org_save(&f->s, &id, &o, &pr, &e), -1);
	assert_int_equal(e.kind, ERR_INVALID);
	assert_string_equal(svc_problem_of(&pr, "name"), "duplicate");
	/* Every field's own problem at once: the phone, and the unit is a
	 * duplicate only once the fields are right. */
	u.org_id = org;
	id = 0;
	assert_int_equal(registry_unit_save(&f->s, &id, &u, &pr, &e), -1);
	assert_string_equal(svc_problem_of(&pr, "phone"), "phone_format");
	assert_null(svc_problem_of(&pr, "name"));
	u.phone = "";
	id = 0;
	assert_int_equal(registry_unit_save(&f->s, &id, &u, &pr, &e), -1);
	assert_string_equal(svc_problem_of(&pr, "name"), "duplicate");
	/* A unit cannot become its own parent. */
	u.name = "Kantor Imigrasi Gorontalo";
	u.parent_id = unit;
	assert_int_equal(registry_unit_save(&f->s, &unit, &u, &pr, &e), -1);
	assert_string_equal(svc_problem_of(&pr, "parent_unit_id"), "parent_cycle");
	assert_int_equal(audited(f, "unit.update"), 0);
	/* Nothing refused was written. */
	assert_int_equal(audited(f, "organization.create"), 1);
	assert_int_equal(audited(f, "unit.create"), 1);
}

/* The policy is asked inside the service: a regional office of 75 may
 * not register a government in 33, nor edit a unit it cannot see. */
static void
regional_office_stays_in_its_province(void **state)
{
	struct fixture *f = *state;
	struct org_input o = { .kind = ORG_PROVINCE_GOV,
		.name = "Pemerintah Provinsi Jawa Tengah",
		.province = 33 };
	struct unit_input u = { .name = "Kantor Imigrasi Semarang",
		.unit_type = "kanim",
		.sector = "imigrasi",
		.province = 33 };
	struct svc_problems pr;
	struct err e = { 0 };
	int64_t org, unit, id = 0, far;

	seed(f, &org, &unit);
	u.org_id = org;
	far = 0;
	assert_int_equal(registry_unit_save(&f->s, &far, &u, &pr, &e), 0);
	f->s.who = &regional;
	f->s.actor_id = 99;
	id = 0;
	assert_int_equal(registry_org_save(&f->s, &id, &o, &pr, &e), -1);
	assert_string_equal(svc_problem_of(&pr, "province_code"), "outside_scope");
	assert_int_equal(registry_unit_save(&f->s, &far, &u, &pr, &e), -1);
	assert_int_equal(e.status, 404);
	o.province = 75;
	o.name = "Pemerintah Provinsi Gorontalo";
	id = 0;
	assert_int_equal(registry_org_save(&f->s, &id, &o, &pr, &e), 0);
	assert_int_equal(audited(f, "organization.create"), 2);
}

/* In a batch the services neither begin nor commit: the caller's
 * rollback takes all of it away. */
static void
batch_rolls_back_whole(void **state)
{
	struct fixture *f = *state;
	struct err e = { 0 };
	json_t *rows = NULL;
	int64_t org, unit;

	f->s.batch = true;
	assert_int_equal(db_begin(f->s.c, &e), 0);
	seed(f, &org, &unit);
	db_rollback(f->s.c);
	assert_int_equal(db_exec(f->s.c, DB_ORG_BY_NAME,
			     (struct db_param[]){ DBP_TEXT("Kementerian Hukum") }, 1,
			     &rows, &e),
	    0);
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
	assert_int_equal(audited(f, "unit.create"), 0);
	/* Outside a batch the same services commit on their own. */
	f->s.batch = false;
	seed(f, &org, &unit);
	assert_int_equal(audited(f, "unit.create"), 1);
}

static void
accounts_and_roles(void **state)
{
	struct fixture *f = *state;
	struct user_input u = { .email = "Lukman@Kanwil.go.id",
		.full_name = "Lukman Hakim",
		.home_province = 75,
		.password = PASSWORD,
		.has_grant = true,
		.grant = { ROLE_REGIONAL, SCOPE_PROVINCE, 75, false, { 0 }, NULL, 0 } };
	struct user_input op = { .email = "op@kanim.go.id",
		.full_name = "Siti Rahma",
		.home_province = 75,
		.password = PASSWORD };
	struct grant admin = { ROLE_ADMIN, SCOPE_NATIONAL, 0, false, { 0 }, NULL, 0 };
	struct grant operator= { ROLE_OPERATOR, SCOPE_UNIT, 0, false, { 0 }, NULL, 0 };
	struct svc_problems pr;
	struct err e = { 0 };
	int64_t org, unit, lukman, siti, id;

	seed(f, &org, &unit);
	operator.scope_id = unit;
	assert_int_equal(accounts_user_create(&f->s, &u, &lukman, &pr, &e), 0);
	assert_int_equal(audited(f, "user.create"), 1);
	assert_int_equal(audited(f, "role.grant"), 1);
	/* The same address in other letter case is taken. */
	u.email = "lukman@kanwil.go.id";
	assert_int_equal(accounts_user_create(&f->s, &u, &id, &pr, &e), -1);
	assert_string_equal(svc_problem_of(&pr, "email"), "users.email_taken");
	assert_int_equal(accounts_user_create(&f->s, &op, &siti, &pr, &e), 0);
	/* The regional office gives an operator role in its province, not
	 * an admin one, and cannot deactivate itself. */
	f->s.who = &regional;
	f->s.actor_id = 99;
	assert_int_equal(accounts_role_grant(&f->s, siti, &admin, &pr, &e), -1);
	assert_string_equal(svc_problem_of(&pr, "scope_id"), "users.grant_too_wide");
	assert_int_equal(accounts_role_grant(&f->s, siti, &operator, & pr, &e), 0);
	assert_int_equal(audited(f, "role.grant"), 2);
	/* A user holding a wider role is out of its reach. */
	assert_int_equal(accounts_user_set_active(&f->s, lukman, false, &e), -1);
	assert_int_equal(e.status, 403);
	assert_int_equal(accounts_user_set_active(&f->s, siti, false, &e), 0);
	assert_int_equal(audited(f, "user.deactivate"), 1);
}

/* svc_end commits what went well and rolls back what did not, leaving no
 * transaction open either way; in a batch it leaves the caller's alone. */
static void
ending_commits_or_rolls_back(void **state)
{
	struct fixture *f = *state;
	struct err e = { 0 };

	assert_int_equal(svc_begin(&f->s, &e), 0);
	assert_int_equal(svc_audit(&f->s, "test.kept", NULL, 0, NULL, &e), 0);
	assert_int_equal(svc_end(&f->s, 0, &e), 0);
	assert_false(db_in_transaction(f->s.c));
	assert_int_equal(audited(f, "test.kept"), 1);
	assert_int_equal(svc_begin(&f->s, &e), 0);
	assert_int_equal(svc_audit(&f->s, "test.dropped", NULL, 0, NULL, &e), 0);
	assert_int_equal(svc_end(&f->s, -1, &e), -1);
	assert_false(db_in_transaction(f->s.c));
	assert_int_equal(audited(f, "test.dropped"), 0);
	/* A failed ending rolled back already: rolling back again is harmless. */
	assert_int_equal(svc_begin(&f->s, &e), 0);
	assert_int_equal(svc_audit_commit(&f->s, NULL, NULL, 0, NULL, &e), -1);
	assert_false(db_in_transaction(f->s.c));
	svc_rollback(&f->s);
	/* In a batch the caller's transaction stays open, to end as it will. */
	f->s.batch = true;
	assert_int_equal(db_begin(f->s.c, &e), 0);
	assert_int_equal(svc_audit(&f->s, "test.batch", NULL, 0, NULL, &e), 0);
	assert_int_equal(svc_end(&f->s, 0, &e), 0);
	assert_int_equal(svc_end(&f->s, -1, &e), -1);
	assert_true(db_in_transaction(f->s.c));
	assert_int_equal(db_commit(f->s.c, &e), 0);
	assert_int_equal(audited(f, "test.batch"), 1);
}

/* A reset link: its address, once only, voided by a newer one; an API
 * token's life is one of those offered. */
static void
reset_links_and_tokens(void **state)
{
	static const char base[] = "https://p2ham.example.go.id/sandi/atur/";
	struct fixture *f = *state;
	struct user_input op = { .email = "op@kanim.go.id",
		.full_name = "Siti Rahma",
		.home_province = 75,
		.password = PASSWORD };
	struct token_input tok = { "Dasbor", 45, TOKEN_READ };
	struct svc_problems pr;
	struct principal self;
	struct svc mine;
	struct err e = { 0 };
	const char *url, *older, *expires, *token;
	json_t *who = NULL;
	int64_t siti, uid;

	assert_int_equal(accounts_user_create(&f->s, &op, &siti, &pr, &e), 0);
	f->s.public_url = "https://p2ham.example.go.id";
	assert_int_equal(accounts_reset_create(&f->s, siti, &older, &expires, &e), 0);
	assert_int_equal(accounts_reset_create(&f->s, siti, &url, &expires, &e), 0);
	assert_int_equal(audited(f, "user.reset_link"), 2);
	assert_int_equal(strncmp(url, base, strlen(base)), 0);
	assert_int_equal(strlen(url + strlen(base)), 43);
	/* The newer link voided the older. */
	assert_int_equal(accounts_reset_find(&f->s, older + strlen(base), &who, &e), -1);
	assert_int_equal(e.status, 404);
	token = url + strlen(base);
	assert_int_equal(accounts_reset_find(&f->s, token, &who, &e), 0);
	assert_int_equal(json_integer_value(json_object_get(who, "user_id")), siti);
	json_decref(who);
	/* A refused password leaves the link unspent. */
	assert_int_equal(accounts_password_reset(&f->s, token, "siti-rahma-123",
			     "siti-rahma-123", &uid, &pr, &e),
	    -1);
	assert_string_equal(svc_problem_of(&pr, "password"), "password.has_name");
	assert_int_equal(accounts_password_reset(&f->s, token, "Sandi-Baru-2025!",
			     "Sandi-Baru-2025!", &uid, &pr, &e),
	    0);
	assert_int_equal(uid, siti);
	assert_int_equal(audited(f, "user.password_reset"), 1);
	assert_int_equal(accounts_password_reset(&f->s, token, "Sandi-Lain-2025!",
			     "Sandi-Lain-2025!", &uid, &pr, &e),
	    -1);
	assert_int_equal(e.status, 404);
	/* Tokens live 30, 90 or 365 days, nothing else. */
	svc_cli(&mine, &self, f->s.c, &f->a, siti, "op@kanim.go.id", time(NULL), f->dir, NULL);
	assert_int_equal(accounts_token_create(&mine, &tok, &token, &pr, &e), -1);
	assert_string_equal(svc_problem_of(&pr, "days"), "account.token_days_invalid");
	tok.days = 30;
	assert_int_equal(accounts_token_create(&mine, &tok, &token, &pr, &e), 0);
	assert_int_equal(strncmp(token, ACCOUNT_TOKEN_PREFIX, 4), 0);
	assert_int_equal(audited(f, "token.create"), 1);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(problems_keep_the_first),
		cmocka_unit_test(problem_text_outlives_the_call),
		cmocka_unit_test_setup_teardown(organizations_and_units, setup, teardown),
		cmocka_unit_test_setup_teardown(regional_office_stays_in_its_province, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(batch_rolls_back_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(ending_commits_or_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(accounts_and_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(reset_links_and_tokens, setup, teardown),
	};
	/* clang-format on */

	return cmocka_run_group_tests(tests, NULL, NULL);
}
