/*
 * test_explain.c - the lists and dashboards read through indexes: each
 * statement of the table below is explained on a freshly migrated SQLite
 * file (EXPLAIN QUERY PLAN) and, when P2HAM_TEST_PG names a server, on a
 * PostgreSQL schema of its own with sequential scans priced out
 * (enable_seqscan = off, so that a plan still scanning a table has no
 * index to use). A plan that reads a whole large table (units,
 * participations, answers, files, organizations, accounts, their grants,
 * the audit log, complaints) fails the case, naming the statement and
 * printing its plan; so does a plan that reads through an index the case
 * names as one that reads far more rows than the page shows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "db/backend.h"
#include "db/db.h"
#include "pg_admin.h"

struct fixture {
	enum db_backend backend;
	char dir[64];
	char schema[64];
	char location[1024];
	struct db *db;
};

/* The large tables, and the aliases the statements give them. */
static const char *const big_tables[] = { "unit", "participation", "answer", "file",
	"organization", "users", "audit_log", "complaint", "answer_history",
	"participation_event", "role_grant", "progress_lag", NULL };
static const char *const big_aliases[] = { "u", "p", "o", "a", "f", "pu", "us", "rg", NULL };

#define NAT DBP_INT(1), DBP_TEXT("[]"), DBP_TEXT("[]"), DBP_TEXT("[]")
#define PROV DBP_INT(0), DBP_TEXT("[75]"), DBP_TEXT("[]"), DBP_TEXT("[]")
#define MIXED DBP_INT(0), DBP_TEXT("[75]"), DBP_TEXT("[3]"), DBP_TEXT("[9]")
#define NO_FILTERS DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL

/* One statement with parameters as a page runs it. */
struct plan_case {
	const char *what;
	enum db_stmt stmt;
	struct db_param p[16];
	size_t n;
	bool keyset; /* a page in the order of an index */
};

/* Statements whose reads must each stop at a limit of their own, not
 * only the page's: the desk once read every participation waiting in a
 * state (through the index on state) to show a hundred, and the list of
 * one's own participations every participation of a cycle. On
 * PostgreSQL the desk's plan has a Limit below the page's; on SQLite the
 * index is not used. */
static const struct {
	enum db_stmt stmt;
	const char *index;
} avoided[] = {
	{ DB_DESK_WAITING, "participation_state" },
	{ DB_DESK_PARTICIPATIONS, "participation_cycle_state" },
};

/* Statements that must read through an index of their own (each one
 * listed for them): the lagging list's groups, each an index range in
 * the list's order (on SQLite the keyset check also refuses a sort); the
 * national figures, a cycle's range of each rollup (migration 0032); the
 * desk's areas, the first of a group in a province or an organization
 * (migration 0035); the unit list led by one province or organization,
 * a walk of that place's units alone; on SQLite, a cycle's list of
 * participations, a range of progress_lag in the list's order (0036). */
static const struct {
	enum db_stmt stmt;
	const char *index;
	bool sqlite_only; /* an index PostgreSQL does not have */
} wanted[] = {
	{ DB_PROGRESS_LAG_ALL, "progress_lag_place", false },
	{ DB_PROGRESS_LAG_PROVINCE, "progress_lag_place", false },
	{ DB_PROGRESS_LAG_ORG, "progress_lag_org", false },
	{ DB_PROGRESS_LAG_UNITS, "progress_lag_unit", false },
	{ DB_PROGRESS_COUNTS_NATIONAL, "progress_tally_province_key", false },
	{ DB_PROGRESS_COUNTS_NATIONAL, "progress_tally_type_key", false },
	{ DB_CYCLE_COUNTS, "progress_tally_province_key", false },
	{ DB_CYCLE_LIST, "progress_tally_province_key", false },
	{ DB_CYCLE_SIZE, "progress_tally_province_key", false },
	{ DB_DESK_WAITING, "progress_lag_desk_place", false },
	{ DB_DESK_WAITING, "progress_lag_desk_org", false },
	{ DB_UNIT_LIST_PROVINCE, "unit_province", false },
	{ DB_UNIT_LIST_PROVINCE_AFTER, "unit_province", false },
	{ DB_UNIT_LIST_PROVINCE_BEFORE, "unit_province", false },
	{ DB_UNIT_COUNT_PROVINCE, "unit_province", false },
	{ DB_UNIT_LIST_ORG, "unit_organization", false },
	{ DB_UNIT_LIST_ORG_AFTER, "unit_organization", false },
	{ DB_UNIT_LIST_ORG_BEFORE, "unit_organization", false },
	{ DB_UNIT_COUNT_ORG, "unit_organization", false },
	{ DB_PARTICIPATION_LIST, "progress_lag_list", true },
	{ DB_PARTICIPATION_LIST_IN, "progress_lag_list", true },
};

/* The first index stmt must read through that plan lines do not name,
 * or NULL. */
static const char *
wanted_missing(enum db_backend b, enum db_stmt stmt, json_t *lines)
{
	json_t *l;
	size_t i, j;
	bool uses;

	for (i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
		if (wanted[i].stmt != stmt || (wanted[i].sqlite_only && b != DB_SQLITE))
			continue;
		uses = false;
		json_array_foreach(lines, j, l)
			uses = uses || strstr(json_string_value(l), wanted[i].index) != NULL;
		if (!uses)
			return wanted[i].index;
	}
	return NULL;
}

/* The index stmt must not read through, or NULL. */
static const char *
avoid_of(enum db_stmt stmt)
{
	size_t i;

	for (i = 0; i < sizeof(avoided) / sizeof(avoided[0]); i++)
		if (avoided[i].stmt == stmt)
			return avoided[i].index;
	return NULL;
}

/* Does PostgreSQL's plan lines of stmt lack the inner limits it needs? */
static bool
lacks_inner_limit(enum db_backend b, enum db_stmt stmt, json_t *lines)
{
	json_t *l;
	size_t j, limits = 0;

	if (b != DB_POSTGRES || stmt != DB_DESK_WAITING)
		return false;
	json_array_foreach(lines, j, l)
		limits += strstr(json_string_value(l), "Limit") != NULL;
	return limits < 2;
}

static bool
listed(const char *const *names, const char *s, size_t len)
{
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strlen(names[i]) == len && strncmp(names[i], s, len) == 0)
			return true;
	return false;
}

/* Does plan line l read a whole large table? SQLite: "SCAN t" with no
 * index (t not a subquery the plan made, listed in made); PostgreSQL:
 * "Seq Scan on t". */
static bool
scans_big_table(enum db_backend b, const char *l, json_t *made)
{
	const char *t;
	size_t len;
	char name[64];

	if (b == DB_SQLITE) {
		if ((t = strstr(l, "SCAN ")) == NULL || strstr(l, " USING ") != NULL)
			return false;
		t += 5;
		len = strcspn(t, " ");
		snprintf(name, sizeof(name), "%.*s", (int)len, t);
		if (json_object_get(made, name) != NULL)
			return false;
	} else {
		if ((t = strstr(l, "Seq Scan on ")) == NULL)
			return false;
		t += 12;
	}
	len = strcspn(t, " ");
	return listed(big_tables, t, len) || listed(big_aliases, t, len);
}

static int
setup_sqlite(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct err e = { 0 };
	int applied;

	assert_non_null(f);
	f->backend = DB_SQLITE;
	snprintf(f->dir, sizeof(f->dir), "/tmp/p2ham-test-explain-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->location, sizeof(f->location), "%s/test.db", f->dir);
	if ((f->db = db_open(f->location, &e)) == NULL || db_migrate(f->db, &applied, &e) < 0)
		fail_msg("SQLite: %s", e.msg);
	*state = f;
	return 0;
}

static int
setup_pg(void **state)
{
	const char *url = getenv("P2HAM_TEST_PG");
	struct fixture *f = calloc(1, sizeof(*f));
	struct err e = { 0 };
	int applied;

	assert_non_null(f);
	f->backend = DB_POSTGRES;
	*state = f;
	if (url == NULL || url[0] == '\0')
		return 0;
	snprintf(f->schema, sizeof(f->schema), "p2ham_explain_%ld", (long)getpid());
	if (pg_schema_create(url, f->schema, "%20-cenable_seqscan%3Doff", f->location,
		sizeof(f->location)) == -1)
		fail_msg("cannot create schema %s at P2HAM_TEST_PG", f->schema);
	if ((f->db = db_open(f->location, &e)) == NULL || db_migrate(f->db, &applied, &e) < 0)
		fail_msg("PostgreSQL: %s", e.msg);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	db_close(f->db);
	sqlite_dir_remove(f->dir);
	pg_schema_drop(f->schema);
	free(f);
	return 0;
}

static void
lists_use_indexes(void **state)
{
	struct fixture *f = *state;
	struct db_conn *c;
	struct err e = { 0 };
	json_t *lines, *l, *made;
	const char *s;
	size_t i, j, bad = 0;
	bool scans;
	/* clang-format off */
	const struct plan_case cases[] = {
		{ "units, national", DB_UNIT_LIST, { NAT, NO_FILTERS, DBP_INT(51), DBP_INT(0) }, 12, true },
		{ "units counted, a province", DB_UNIT_COUNT_SCOPED, { PROV, NO_FILTERS,
		    DBP_INT(10001) }, 11, false },
		{ "units counted, a mixed scope", DB_UNIT_COUNT_SCOPED, { MIXED, NO_FILTERS,
		    DBP_INT(10001) }, 11, false },
		{ "units, a province", DB_UNIT_LIST, { PROV, DBP_NULL, DBP_INT(75), DBP_NULL,
		    DBP_NULL, DBP_NULL, DBP_NULL, DBP_INT(51), DBP_INT(0) }, 12, true },
		{ "units after a key", DB_UNIT_LIST_AFTER, { NAT, NO_FILTERS, DBP_TEXT("Kantor"),
		    DBP_INT(7), DBP_INT(51) }, 13, true },
		{ "units before a key", DB_UNIT_LIST_BEFORE, { NAT, NO_FILTERS, DBP_TEXT("Kantor"),
		    DBP_INT(7), DBP_INT(51) }, 13, true },
		{ "units of an organization", DB_UNIT_LIST_AFTER, { PROV, DBP_INT(3), DBP_NULL,
		    DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL, DBP_TEXT(""), DBP_INT(0), DBP_INT(51) }, 13, true },
		{ "units led by a province", DB_UNIT_LIST_PROVINCE, { PROV, DBP_NULL, DBP_INT(75),
		    DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL, DBP_INT(51), DBP_INT(0) }, 12, true },
		{ "units led by a province, after a key", DB_UNIT_LIST_PROVINCE_AFTER, { PROV,
		    DBP_NULL, DBP_INT(75), DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL,
		    DBP_TEXT("Kantor"), DBP_INT(7), DBP_INT(51) }, 13, true },
		{ "units led by a province, before a key", DB_UNIT_LIST_PROVINCE_BEFORE, { PROV,
		    DBP_NULL, DBP_INT(75), DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL,
		    DBP_TEXT("Kantor"), DBP_INT(7), DBP_INT(51) }, 13, true },
		{ "units led by an organization", DB_UNIT_LIST_ORG, { MIXED, DBP_INT(3), DBP_NULL,
		    DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL, DBP_INT(51), DBP_INT(0) }, 12, true },
		{ "units led by an organization, after a key", DB_UNIT_LIST_ORG_AFTER, { MIXED,
		    DBP_INT(3), DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL,
		    DBP_TEXT("Kantor"), DBP_INT(7), DBP_INT(51) }, 13, true },
		{ "units led by an organization, before a key", DB_UNIT_LIST_ORG_BEFORE, { MIXED,
		    DBP_INT(3), DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL,
		    DBP_TEXT("Kantor"), DBP_INT(7), DBP_INT(51) }, 13, true },
		{ "units counted, led by a province", DB_UNIT_COUNT_PROVINCE, { PROV, DBP_NULL,
		    DBP_INT(75), DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL, DBP_INT(10001) }, 11,
		    false },
		{ "units counted, led by an organization", DB_UNIT_COUNT_ORG, { MIXED, DBP_INT(3),
		    DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL, DBP_INT(10001) }, 11, false },
		{ "unit picker of one province", DB_UNIT_PICK_PROVINCE, { DBP_INT(75), DBP_NULL,
		    DBP_NULL, DBP_TEXT(""), DBP_INT(0), DBP_INT(101) }, 6, true },
		{ "unit picker of one province, before a key", DB_UNIT_PICK_PROVINCE_BEFORE,
		    { DBP_INT(75), DBP_TEXT("%uji%"), DBP_NULL, DBP_TEXT("Kantor"), DBP_INT(7),
		    DBP_INT(51) }, 6, true },
		{ "unit picker, after a key", DB_UNIT_PICK, { MIXED, DBP_TEXT("%uji%"), DBP_NULL,
		    DBP_TEXT("Kantor"), DBP_INT(7), DBP_INT(51) }, 9, true },
		{ "unit picker, before a key", DB_UNIT_PICK_BEFORE, { NAT, DBP_NULL, DBP_NULL,
		    DBP_TEXT("Kantor"), DBP_INT(7), DBP_INT(51) }, 9, true },
		{ "organization picker, after a key", DB_ORG_PICK, { DBP_INT(0),
		    DBP_TEXT("[75]"), DBP_TEXT("[]"), DBP_INT(1), DBP_TEXT("%uji%"), DBP_NULL, DBP_TEXT("Dinas"), DBP_INT(7), DBP_INT(51) }, 9,
		    true },
		{ "organization picker, before a key", DB_ORG_PICK_BEFORE, { DBP_INT(1),
		    DBP_TEXT("[]"), DBP_TEXT("[]"), DBP_INT(1), DBP_NULL, DBP_NULL, DBP_TEXT("Dinas"), DBP_INT(7), DBP_INT(51) }, 9, true },
		{ "participation picker, after a key", DB_PARTICIPATION_PICK, { MIXED, DBP_NULL,
		    DBP_NULL, DBP_NULL, DBP_TEXT("%uji%"), DBP_NULL, DBP_INT(75),
		    DBP_TEXT("Kantor"), DBP_INT(7), DBP_INT(9), DBP_INT(51) }, 14, true },
		{ "participation picker of a cycle, before a key", DB_PARTICIPATION_PICK_BEFORE,
		    { NAT, DBP_INT(1), DBP_TEXT("pembangunan"), DBP_NULL, DBP_NULL, DBP_NULL,
		    DBP_INT(75), DBP_TEXT("Kantor"), DBP_INT(7), DBP_INT(9), DBP_INT(51) }, 14,
		    true },
		{ "unit export", DB_UNIT_EXPORT, { NAT, NO_FILTERS, DBP_INT(0), DBP_INT(2000) }, 12, true },
		{ "organizations", DB_ORG_LIST_AFTER, { NAT, DBP_NULL, DBP_TEXT(""), DBP_INT(0),
		    DBP_INT(51) }, 8, true },
		{ "accounts", DB_USER_LIST_AFTER, { DBP_NULL, DBP_NULL, DBP_NULL, DBP_TEXT(""),
		    DBP_INT(0), DBP_INT(51) }, 6, true },
		{ "a cycle's participations, national", DB_PARTICIPATION_LIST, { NAT, DBP_INT(1),
		    DBP_INT(201), DBP_INT(0), DBP_TEXT(""), DBP_INT(0) }, 9, true },
		{ "a cycle's participations, mixed scope", DB_PARTICIPATION_LIST, { MIXED,
		    DBP_INT(1), DBP_INT(201), DBP_INT(75), DBP_TEXT("Kantor"), DBP_INT(7) }, 9, true },
		{ "a cycle's few participations, mixed scope", DB_PARTICIPATION_LIST_SPARSE,
		    { MIXED, DBP_INT(1), DBP_INT(201), DBP_INT(0), DBP_TEXT(""), DBP_INT(0) }, 9,
		    false },
		{ "a cycle's size", DB_CYCLE_SIZE, { DBP_INT(1) }, 1, false },
		{ "a cycle's participations in a province", DB_PARTICIPATION_LIST_IN, { MIXED,
		    DBP_INT(1), DBP_INT(201), DBP_INT(75), DBP_TEXT("Kantor"), DBP_INT(7) }, 9, true },
		{ "a cycle's participations of single units", DB_PARTICIPATION_LIST_UNITS,
		    { DBP_INT(0), DBP_TEXT("[]"), DBP_TEXT("[]"), DBP_TEXT("[3,5]"), DBP_INT(1),
		    DBP_INT(201), DBP_INT(0), DBP_TEXT(""), DBP_INT(0) }, 9, false },
		{ "a cycle's provinces", DB_CYCLE_PROVINCES, { MIXED, DBP_INT(1) }, 5, false },
		{ "the desk's waiting work", DB_DESK_WAITING, { DBP_INT(3),
		    DBP_TEXT("2026-01-01T00:00:00Z") }, 2, false },
		{ "the desk's follow-up actions", DB_DESK_ACTIONS, { DBP_INT(3) }, 1, false },
		{ "the desk's participations", DB_DESK_PARTICIPATIONS, { DBP_INT(3) }, 1, false },
		{ "progress counts, national", DB_PROGRESS_COUNTS, { NAT, DBP_INT(1) }, 5, false },
		{ "progress counts, the country", DB_PROGRESS_COUNTS_NATIONAL, { DBP_INT(1) }, 1,
		    true },
		{ "progress counts, mixed scope", DB_PROGRESS_COUNTS, { MIXED, DBP_INT(1) }, 5, false },
		{ "cycle counts", DB_CYCLE_COUNTS, { PROV, DBP_INT(1) }, 5, false },
		{ "cycle counts, national", DB_CYCLE_COUNTS, { NAT, DBP_INT(1) }, 5, false },
		{ "cycle counts, mixed scope", DB_CYCLE_COUNTS, { MIXED, DBP_INT(1) }, 5, false },
		{ "lagging group, the country", DB_PROGRESS_LAG_ALL, { DBP_INT(1),
		    DBP_TEXT("pencanangan"), DBP_TEXT("draft"), DBP_INT(50) }, 4, true },
		{ "lagging group, a province", DB_PROGRESS_LAG_PROVINCE, { DBP_INT(1),
		    DBP_TEXT("pembangunan"), DBP_TEXT("building"), DBP_INT(75), DBP_INT(50) }, 5,
		    true },
		{ "lagging group, an organization", DB_PROGRESS_LAG_ORG, { DBP_INT(1),
		    DBP_TEXT("pembangunan"), DBP_TEXT("building"), DBP_INT(3), DBP_TEXT("[75]"),
		    DBP_INT(50) }, 6, true },
		{ "lagging group, single units", DB_PROGRESS_LAG_UNITS, { DBP_INT(1),
		    DBP_TEXT("pembangunan"), DBP_TEXT("building"), DBP_TEXT("[9,11]"),
		    DBP_TEXT("[75]"), DBP_TEXT("[3]"), DBP_INT(50) }, 7, false },
		{ "cycles", DB_CYCLE_LIST, { { 0 } }, 0, false },
		{ "progress export", DB_PROGRESS_EXPORT, { PROV, DBP_INT(1), DBP_INT(0),
		    DBP_TEXT(""), DBP_INT(0), DBP_INT(2000) }, 9, true },
		{ "audit log", DB_AUDIT_LIST, { DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL,
		    DBP_NULL, DBP_INT(INT64_MAX), DBP_INT(51) }, 8, true },
		{ "audit log of an actor", DB_AUDIT_LIST_BY_ACTOR, { DBP_INT(3), DBP_NULL, DBP_NULL,
		    DBP_NULL, DBP_NULL, DBP_NULL, DBP_INT(INT64_MAX), DBP_INT(51) }, 8, true },
		{ "kept figures, a page", DB_PROGRESS_PART_PAGE, { DBP_INT(0), DBP_INT(500) }, 2, true },
		{ "answers of a range", DB_PROGRESS_ANSWERS_RANGE, { DBP_INT(1), DBP_INT(500) }, 2, false },
		{ "evidence of a range", DB_PROGRESS_EVIDENCE_RANGE, { DBP_INT(1), DBP_INT(500) }, 2, false },
		{ "whom a step tells", DB_NOTIFY_RECIPIENTS, { DBP_TEXT(",operator,regional,admin,"),
		    DBP_INT(7), DBP_INT(75), DBP_INT(3), DBP_INT(9), DBP_INT(0), DBP_NULL,
		    DBP_TEXT("building_submitted") }, 8, false },
	};
	/* clang-format on */

	const size_t NCASES = sizeof(cases) / sizeof(cases[0]);

	if (f->db == NULL)
		skip();
	if ((c = db_conn(f->db, &e)) == NULL)
		fail_msg("db_conn: %s", e.msg);
	for (i = 0; i < NCASES; i++) {
		if (db_explain(c, cases[i].stmt, cases[i].p, cases[i].n, &lines, &e) < 0)
			fail_msg("%s (%s): %s", cases[i].what,
			    db_stmt_name(cases[i].stmt), e.msg);
		scans = false;
		made = json_object();
		json_array_foreach(lines, j, l) {
			s = json_string_value(l);
			if (strncmp(s, "MATERIALIZE ", 12) == 0 ||
			    strncmp(s, "CO-ROUTINE ", 11) == 0)
				json_object_set_new(made, strchr(s, ' ') + 1, json_true());
			scans = scans || scans_big_table(f->backend, s, made) ||
			    (avoid_of(cases[i].stmt) != NULL &&
				strstr(s, avoid_of(cases[i].stmt)) != NULL);
			/* SQLite plans without statistics: a page read in
			 * the index's order stops at its end; a sort reads
			 * everything the filters let through first. */
			scans = scans ||
			    (cases[i].keyset && f->backend == DB_SQLITE &&
				strstr(s, "TEMP B-TREE FOR ORDER BY") != NULL);
		}
		json_decref(made);
		scans = scans || lacks_inner_limit(f->backend, cases[i].stmt, lines);
		if (wanted_missing(f->backend, cases[i].stmt, lines) != NULL) {
			printf("NOT THROUGH %s:\n",
			    wanted_missing(f->backend, cases[i].stmt, lines));
			scans = true;
		}
		if (scans || getenv("P2HAM_TEST_PLANS") != NULL) {
			printf("%s %s (%s):\n", scans ? "SCANS A LARGE TABLE:" : "plan of",
			    cases[i].what, db_stmt_name(cases[i].stmt));
			json_array_foreach(lines, j, l)
				printf("    %s\n", json_string_value(l));
		}
		bad += scans;
		json_decref(lines);
	}
	if (bad > 0)
		fail_msg("%zu of %zu statements read a whole large table on %s", bad,
		    NCASES, db_backend_name(f->backend));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(lists_use_indexes, setup_sqlite, teardown),
		cmocka_unit_test_setup_teardown(lists_use_indexes, setup_pg, teardown),
	};

	log_set_level(LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
