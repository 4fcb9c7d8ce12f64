/*
 * test_db.c - the storage layer on both backends: every case runs on a fresh
 * SQLite file, and again on a fresh PostgreSQL schema when P2HAM_TEST_PG
 * holds a postgresql:// URL (tests/pg-cluster.sh start prints one);
 * otherwise the PostgreSQL cases are reported as skipped. The cases that need
 * no server are in test_db_offline.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/embed.h"
#include "base/log.h"
#include "db/backend.h"
#include "db/db.h"
#include "pg_admin.h"

/* One case's database: a SQLite file in a temporary directory, or a
 * PostgreSQL schema of its own reached through search_path. */
struct fixture {
	enum db_backend backend; /* which backend this case runs on */
	char dir[64];            /* SQLite: the temporary directory */
	char schema[64];         /* PostgreSQL: the schema created for the case */
	char location[1024];     /* what db_open is given */
	struct db *db;           /* opened by setup, closed by teardown */
};

static const char unicode_text[] =
    "Selamat datang \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e "
    "\xe2\x9c\x93 \xf0\x9f\x98\x80 caf\xc3\xa9";

/* How many migrations/NNNN_*.sql files are compiled in. */
static int
sql_migration_count(void)
{
	size_t i, len;
	int n = 0;

	for (i = 0; i < embed_count; i++) {
		len = strlen(embed_files[i].name);
		if (strncmp(embed_files[i].name, "migrations/", 11) == 0 && len > 4 &&
		    strcmp(embed_files[i].name + len - 4, ".sql") == 0)
			n++;
	}
	return n;
}

static int
setup_sqlite(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct err e = { 0 };

	assert_non_null(f);
	f->backend = DB_SQLITE;
	snprintf(f->dir, sizeof(f->dir), "/tmp/p2ham-test-db-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->location, sizeof(f->location), "%s/test.db", f->dir);
	f->db = db_open(f->location, &e);
	if (f->db == NULL)
		fail_msg("db_open %s: %s", f->location, e.msg);
	*state = f;
	return 0;
}

static int
setup_pg(void **state)
{
	static int serial;
	const char *url = getenv("P2HAM_TEST_PG");
	struct fixture *f = calloc(1, sizeof(*f));
	struct err e = { 0 };

	assert_non_null(f);
	f->backend = DB_POSTGRES;
	*state = f;
	if (url == NULL || url[0] == '\0')
		return 0; /* the case skips itself */
	snprintf(f->schema, sizeof(f->schema), "p2ham_test_%ld_%d", (long)getpid(), ++serial);
	if (pg_schema_create(url, f->schema, "", f->location, sizeof(f->location)) == -1)
		fail_msg("cannot create schema %s at P2HAM_TEST_PG", f->schema);
	f->db = db_open(f->location, &e);
	if (f->db == NULL)
		fail_msg("db_open on P2HAM_TEST_PG: %s", e.msg);
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

/* The fixture, or skip the case when its backend is not available. */
static struct fixture *
fixture(void **state)
{
	struct fixture *f = *state;

	if (f->db == NULL)
		skip();
	return f;
}

static void
migrate(struct fixture *f)
{
	struct err e = { 0 };
	int applied = -1;

	if (db_migrate(f->db, &applied, &e) == -1)
		fail_msg("db_migrate on %s: %s", db_backend_name(f->backend), e.msg);
}

static struct db_conn *
conn(struct fixture *f)
{
	struct err e = { 0 };
	struct db_conn *c = db_conn(f->db, &e);

	if (c == NULL)
		fail_msg("db_conn: %s", e.msg);
	return c;
}

/* Store key=value at a fixed time; the case fails on error. */
static void
put(struct db_conn *c, const char *key, const char *value)
{
	/* clang-format off */
	struct db_param p[3] = {
		DBP_TEXT(key), DBP_TEXT(value), DBP_TEXT("2026-11-29T18:00:00Z")
	};
	/* clang-format on */
	struct err e = { 0 };

	if (db_exec(c, DB_SETTING_PUT, p, 3, NULL, &e) == -1)
		fail_msg("SETTING_PUT %s: %s", key, e.msg);
}

/* The value stored under key, or NULL; the caller frees it. */
static char *
get(struct db_conn *c, const char *key)
{
	struct db_param p[1] = { DBP_TEXT(key) };
	struct err e = { 0 };
	json_t *rows = NULL;
	char *v = NULL;

	if (db_exec(c, DB_SETTING_GET, p, 1, &rows, &e) == -1)
		fail_msg("SETTING_GET %s: %s", key, e.msg);
	assert_true(json_is_array(rows));
	assert_in_range(json_array_size(rows), 0, 1);
	if (json_array_size(rows) == 1)
		v = strdup(
		    json_string_value(json_object_get(json_array_get(rows, 0), "value")));
	json_decref(rows);
	return v;
}

/* The settings a test wrote: those the migrations seed are not counted. */
static size_t
setting_count(struct db_conn *c)
{
	struct err e = { 0 };
	json_t *rows = NULL, *row;
	const char *key;
	size_t n = 0, i;

	if (db_exec(c, DB_SETTING_LIST, NULL, 0, &rows, &e) == -1)
		fail_msg("SETTING_LIST: %s", e.msg);
	json_array_foreach(rows, i, row) {
		key = json_string_value(json_object_get(row, "key"));
		if (key == NULL ||
		    (strncmp(key, "letterhead.", 11) != 0 &&
			strcmp(key, "decree.award_day") != 0))
			n++;
	}
	json_decref(rows);
	return n;
}

/* Cases run on each backend. */

static void
test_connect_prepares_every_statement(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = { 0 };
	int i;

	assert_int_equal(db_backend(f->db), f->backend);
	conn(f);
	for (i = 0; i < DB_STMT_MAX; i++) {
		assert_non_null(db_stmt_name((enum db_stmt)i));
		assert_true(db_stmt_name((enum db_stmt)i)[0] != '\0');
	}
	/* Before migrating, the check says what to do ... */
	assert_int_equal(db_check(f->db, &e), -1);
	assert_non_null(strstr(e.msg, "p2ham migrate"));
	/* ... and afterwards every statement prepares. */
	migrate(f);
	if (db_check(f->db, &e) == -1)
		fail_msg("db_check after migrate: %s", e.msg);
}

static void
test_migrate_twice_applies_nothing_the_second_time(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = { 0 };
	int applied = -1;

	assert_int_equal(db_migrate(f->db, &applied, &e), 0);
	assert_int_equal(applied, sql_migration_count());
	assert_true(applied >= 1);
	assert_int_equal(db_migrate(f->db, &applied, &e), 0);
	assert_int_equal(applied, 0);
}

static void
test_schema_version_follows_migrations(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = { 0 };
	json_t *rows = NULL;
	int v = -1;

	assert_int_equal(db_schema_version(f->db, &v, &e), 0);
	assert_int_equal(v, 0);
	migrate(f);
	assert_int_equal(db_schema_version(f->db, &v, &e), 0);
	assert_int_equal(v, db_schema_latest());
	assert_true(v >= 1);
	/* The ledger names the migration and stamps it in ISO-8601 UTC. */
	assert_int_equal(db_exec(conn(f), DB_MIGRATION_LIST, NULL, 0, &rows, &e), 0);
	assert_int_equal(json_array_size(rows), sql_migration_count());
	assert_int_equal(
	    json_integer_value(json_object_get(json_array_get(rows, 0), "version")), 1);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(rows, 0), "name")), "settings");
	assert_int_equal(strlen(json_string_value(
			     json_object_get(json_array_get(rows, 0), "applied_at"))),
	    20);
	json_decref(rows);
}

static void
test_setting_roundtrip_unicode_and_upsert(void **state)
{
	struct fixture *f = fixture(state);
	struct db_conn *c;
	char *v;

	migrate(f);
	c = conn(f);
	assert_null(get(c, "greeting"));
	put(c, "greeting", unicode_text);
	v = get(c, "greeting");
	assert_non_null(v);
	assert_string_equal(v, unicode_text);
	free(v);
	put(c, "greeting", "second");
	v = get(c, "greeting");
	assert_string_equal(v, "second");
	free(v);
	put(c, "\xe9\x8d\xb5", ""); /* a unicode key, an empty value */
	v = get(c, "\xe9\x8d\xb5");
	assert_string_equal(v, "");
	free(v);
	assert_int_equal(setting_count(c), 2);
}

static void
test_typed_json_results(void **state)
{
	struct fixture *f = fixture(state);
	/* clang-format off */
	struct db_param p[5] = {
		DBP_INT(9007199254740993LL),	/* 2^53 + 1: not a double */
		DBP_REAL(-2.5), DBP_TEXT("teks"), DBP_NULL, DBP_BOOL(true)
	};
	/* clang-format on */
	struct err e = { 0 };
	json_t *rows = NULL, *row, *b;

	if (db_exec(conn(f), DB_PROBE_TYPES, p, 5, &rows, &e) == -1)
		fail_msg("PROBE_TYPES: %s", e.msg);
	assert_int_equal(json_array_size(rows), 1);
	row = json_array_get(rows, 0);
	assert_true(json_is_integer(json_object_get(row, "i")));
	assert_true(json_integer_value(json_object_get(row, "i")) == 9007199254740993LL);
	assert_true(json_is_real(json_object_get(row, "r")));
	assert_true(json_real_value(json_object_get(row, "r")) == -2.5);
	assert_string_equal(json_string_value(json_object_get(row, "t")), "teks");
	assert_true(json_is_null(json_object_get(row, "n")));
	assert_true(json_is_integer(json_object_get(row, "s")));
	assert_int_equal(json_integer_value(json_object_get(row, "s")), 7);
	assert_true(json_is_real(json_object_get(row, "m")));
	assert_true(json_real_value(json_object_get(row, "m")) == -2.5);
	b = json_object_get(row, "b");
	if (f->backend == DB_POSTGRES)
		assert_true(json_is_true(b));
	else
		assert_int_equal(json_integer_value(b), 1);
	json_decref(rows);

	/* No rows is an empty array, never NULL. */
	migrate(f);
	p[0] = DBP_TEXT("absent");
	assert_int_equal(db_exec(conn(f), DB_SETTING_GET, p, 1, &rows, &e), 0);
	assert_true(json_is_array(rows));
	assert_int_equal(json_array_size(rows), 0);
	json_decref(rows);
}

static void
test_rollback_leaves_nothing(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = { 0 };
	struct db_conn *c;
	char *v;

	migrate(f);
	c = conn(f);
	assert_int_equal(db_begin(c, &e), 0);
	put(c, "draft", "x");
	v = get(c, "draft"); /* visible inside its transaction */
	assert_string_equal(v, "x");
	free(v);
	assert_int_equal(db_rollback(c), 0);
	assert_null(get(c, "draft"));
	assert_int_equal(setting_count(c), 0);
	/* The same through commit stays. */
	assert_int_equal(db_begin(c, &e), 0);
	put(c, "kept", "y");
	assert_int_equal(db_commit(c, &e), 0);
	v = get(c, "kept");
	assert_string_equal(v, "y");
	free(v);
	/* Rollback outside a transaction is a no-op, commit an error. */
	assert_int_equal(db_rollback(c), 0);
	assert_int_equal(db_commit(c, &e), -1);
}

static void
test_failed_statement_fails_commit(void **state)
{
	struct fixture *f = fixture(state);
	/* clang-format off */
	struct db_param p[3] = {
		DBP_INT(1), DBP_TEXT("again"), DBP_TEXT("2026-11-29T18:00:00Z")
	};
	/* clang-format on */
	struct err e = { 0 };
	struct db_conn *c;

	migrate(f);
	c = conn(f);
	assert_int_equal(db_begin(c, &e), 0);
	put(c, "lost", "z");
	/* Version 1 is recorded: a unique violation, reported as such. */
	assert_int_equal(db_exec(c, DB_MIGRATION_RECORD, p, 3, NULL, &e), -1);
	assert_int_equal(e.kind, ERR_CONFLICT);
	assert_int_equal(e.status, 409);
	if (f->backend == DB_POSTGRES) {
		/* PostgreSQL aborts the whole transaction. */
		assert_int_equal(db_commit(c, &e), -1);
		assert_null(get(c, "lost"));
	} else {
		/* SQLite undoes the statement only; the caller decides. */
		assert_int_equal(db_rollback(c), 0);
		assert_null(get(c, "lost"));
	}
}

static void
test_parameters_are_not_sql(void **state)
{
	static const char *const evil[] = {
		"k'); DROP TABLE setting; --",
		"\"; DELETE FROM setting; -- $1 ?1 '' \\ %s %n",
		"' OR '1'='1",
		"$$ $1 $$; SELECT pg_sleep(10); --",
	};
	struct fixture *f = fixture(state);
	struct db_conn *c;
	size_t i;
	char *v;

	migrate(f);
	c = conn(f);
	for (i = 0; i < sizeof(evil) / sizeof(evil[0]); i++)
		put(c, evil[i], evil[(i + 1) % 4]);
	for (i = 0; i < sizeof(evil) / sizeof(evil[0]); i++) {
		v = get(c, evil[i]);
		if (v == NULL || strcmp(v, evil[(i + 1) % 4]) != 0)
			fail_msg("case %zu: stored %s", i, v ? v : "(nothing)");
		free(v);
	}
	assert_int_equal(setting_count(c), 4);
	assert_null(get(c, "' OR '1'='1' --"));
}

static void
test_bad_calls_fail_cleanly(void **state)
{
	struct fixture *f = fixture(state);
	struct db_param p[1] = { DBP_TEXTN("a\0b", 3) };
	struct db_param half[3] = { DBP_TEXT("half"), DBP_TEXT("ok \xf0\x9f\x98"),
		DBP_TEXT("2026-11-29T18:00:00Z") };
	struct err e = { 0 };
	struct db_conn *c;
	json_t *rows = (json_t *)&e; /* must be reset to NULL */
	uint64_t before = db_error_count();

	/* Before migrating: the table is missing, and the message says so. */
	c = conn(f);
	assert_int_equal(db_exec(c, DB_SETTING_GET, NULL, 0, &rows, &e), -1);
	assert_null(rows);
	assert_non_null(strstr(e.msg, "p2ham migrate"));
	migrate(f);
	/* Too few parameters. */
	assert_int_equal(db_exec(c, DB_SETTING_GET, NULL, 0, &rows, &e), -1);
	assert_null(rows);
	/* A NUL byte inside text. */
	assert_int_equal(db_exec(c, DB_SETTING_GET, p, 1, &rows, &e), -1);
	assert_non_null(strstr(e.msg, "NUL"));
	/* Text that is not UTF-8: a four-byte character cut in half, a lone
	 * continuation byte. Nothing is stored. */
	assert_int_equal(db_exec(c, DB_SETTING_PUT, half, 3, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "UTF-8"));
	half[1] = DBP_TEXT("\x80");
	assert_int_equal(db_exec(c, DB_SETTING_PUT, half, 3, NULL, &e), -1);
	assert_null(get(c, "half"));
	/* An id out of range. */
	assert_int_equal(db_exec(c, DB_STMT_MAX, NULL, 0, NULL, &e), -1);
	assert_true(db_error_count() >= before + 6);
	/* And the connection still works. */
	assert_int_equal(db_exec(c, DB_PING, NULL, 0, NULL, &e), 0);
}

/* Each thread writes through its own connection and then ends, which
 * closes that connection. */
struct worker {
	struct db *db; /* shared */
	int n;         /* this worker's number */
	int ok;        /* 1 when its round trip worked */
};

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct err e = { 0 };
	struct db_conn *c = db_conn(w->db, &e);
	char key[16];
	json_t *rows = NULL;
	struct db_param p[3];

	if (c == NULL)
		return NULL;
	snprintf(key, sizeof(key), "worker%d", w->n);
	p[0] = DBP_TEXT(key);
	p[1] = DBP_TEXT(key);
	p[2] = DBP_TEXT("2026-11-29T18:00:00Z");
	if (db_begin(c, &e) == 0 && db_exec(c, DB_SETTING_PUT, p, 3, NULL, &e) == 0 &&
	    db_commit(c, &e) == 0 && db_exec(c, DB_SETTING_GET, p, 1, &rows, &e) == 0 &&
	    json_array_size(rows) == 1)
		w->ok = 1;
	else
		fprintf(stderr, "worker %d: %s\n", w->n, e.msg);
	json_decref(rows);
	return NULL;
}

static void
test_threads_have_their_own_connections(void **state)
{
	struct fixture *f = fixture(state);
	struct worker w[4];
	pthread_t t[4];
	int i;

	migrate(f);
	for (i = 0; i < 4; i++) {
		w[i] = (struct worker){ .db = f->db, .n = i };
		assert_int_equal(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].ok, 1);
	}
	assert_int_equal(setting_count(conn(f)), 4);
}

struct migrator {
	struct db *db; /* its own, as a second process would have */
	int applied;   /* how many it applied */
	int rc;        /* db_migrate's result */
	char msg[512]; /* its error */
};

static void *
migrator_main(void *arg)
{
	struct migrator *m = arg;
	struct err e = { 0 };

	m->rc = db_migrate(m->db, &m->applied, &e);
	snprintf(m->msg, sizeof(m->msg), "%s", e.msg);
	return NULL;
}

static void
test_concurrent_migrate_applies_once(void **state)
{
	struct fixture *f = fixture(state);
	struct migrator m[2];
	pthread_t t[2];
	struct err e = { 0 };
	int i, v;

	for (i = 0; i < 2; i++) {
		m[i] = (struct migrator){ .db = db_open(f->location, &e) };
		assert_non_null(m[i].db);
	}
	for (i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, migrator_main, &m[i]), 0);
	for (i = 0; i < 2; i++) {
		pthread_join(t[i], NULL);
		if (m[i].rc != 0)
			fail_msg("migrator %d: %s", i, m[i].msg);
	}
	assert_int_equal(m[0].applied + m[1].applied, sql_migration_count());
	for (i = 0; i < 2; i++)
		db_close(m[i].db);
	assert_int_equal(db_schema_version(f->db, &v, &e), 0);
	assert_int_equal(v, db_schema_latest());
}

/* End this case's server connections, as a server restart would. */
static void
pg_kill_connections(struct fixture *f)
{
	char sql[256];

	snprintf(sql, sizeof(sql),
	    "DO $$ BEGIN PERFORM "
	    "pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
	    "WHERE application_name = '%s'; END $$",
	    f->schema);
	assert_int_equal(pg_admin(getenv("P2HAM_TEST_PG"), sql), 0);
}

static void
test_pg_reconnects_after_losing_the_server(void **state)
{
	struct fixture *f = fixture(state);
	struct err e = { 0 };
	struct db_conn *c;
	char *v;
	int i;

	migrate(f);
	c = conn(f);
	put(c, "before", "1");
	pg_kill_connections(f);
	/* The first statement may find the connection dead; it says so and
	 * is not retried (a write might have happened). */
	for (i = 0; i < 2; i++) {
		if (db_exec(c, DB_PING, NULL, 0, NULL, &e) == 0)
			break;
		assert_int_equal(e.kind, ERR_DB_UNAVAILABLE);
	}
	assert_true(i < 2);
	/* The next one reconnected and prepared every statement again. */
	v = get(c, "before");
	assert_string_equal(v, "1");
	free(v);

	/* Inside a transaction the loss is an error until the rollback, and
	 * nothing of the transaction lands. */
	assert_int_equal(db_begin(c, &e), 0);
	put(c, "during", "2");
	pg_kill_connections(f);
	assert_int_equal(db_exec(c, DB_PING, NULL, 0, NULL, &e), -1);
	assert_int_equal(db_exec(c, DB_PING, NULL, 0, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "inside a transaction"));
	assert_int_equal(db_commit(c, &e), -1);
	assert_int_equal(db_rollback(c), 0);
	assert_null(get(c, "during"));
	v = get(c, "before");
	assert_string_equal(v, "1");
	free(v);
}

/* The same case on each backend, named so that a failure says which. */
/* clang-format off */
#define ON_SQLITE(fn)							\
	{ .name = "sqlite: " #fn, .test_func = fn,			\
	  .setup_func = setup_sqlite, .teardown_func = teardown }
#define ON_PG(fn)							\
	{ .name = "postgresql: " #fn, .test_func = fn,			\
	  .setup_func = setup_pg, .teardown_func = teardown }
#define CASES(W)							\
	W(test_connect_prepares_every_statement),			\
	W(test_migrate_twice_applies_nothing_the_second_time),		\
	W(test_schema_version_follows_migrations),			\
	W(test_setting_roundtrip_unicode_and_upsert),			\
	W(test_typed_json_results),					\
	W(test_rollback_leaves_nothing),				\
	W(test_failed_statement_fails_commit),				\
	W(test_parameters_are_not_sql),					\
	W(test_bad_calls_fail_cleanly),					\
	W(test_threads_have_their_own_connections),			\
	W(test_concurrent_migrate_applies_once)
/* clang-format on */

int
main(void)
{
	const struct CMUnitTest sqlite[] = { CASES(ON_SQLITE) };
	const struct CMUnitTest postgres[] = {
		CASES(ON_PG),
		ON_PG(test_pg_reconnects_after_losing_the_server),
	};
	const char *pg = getenv("P2HAM_TEST_PG");
	int failed = 0;

	log_set_level(LOG_WARN); /* not one line per migration applied */
	failed += cmocka_run_group_tests_name("db_sqlite", sqlite, NULL, NULL);
	if (pg == NULL || pg[0] == '\0')
		printf("db_postgresql: %zu cases skipped: set P2HAM_TEST_PG to a "
		       "postgresql:// URL (tests/pg-cluster.sh start DIR prints "
		       "one) to run them\n",
		    sizeof(postgres) / sizeof(postgres[0]));
	failed += cmocka_run_group_tests_name("db_postgresql", postgres, NULL, NULL);
	return failed != 0;
}
