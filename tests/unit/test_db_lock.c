/*
 * test_db_lock.c - the periodic jobs' lock (db_lock_try, db_lock_release):
 * on PostgreSQL one session holds it at a time, its holder may take it
 * again, and the end of the session frees it; on SQLite, which one server
 * uses, it is always held. The PostgreSQL case runs when P2HAM_TEST_PG
 * names a server.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/log.h"
#include "db/db.h"

/* A lock try on a thread of its own (its own connection and session). */
struct lock_try {
	struct db *db;
	int64_t key;
	int held; /* 1 held, 0 not, -1 the call failed */
};

static void *
lock_try_main(void *arg)
{
	struct lock_try *t = arg;
	struct err e = { 0 };
	struct db_conn *c = db_conn(t->db, &e);
	bool held = false;

	t->held = c == NULL || db_lock_try(c, t->key, &held, &e) < 0 ? -1 : held;
	return NULL; /* the thread's end closes its connection */
}

static int
lock_try_elsewhere(struct db *db, int64_t key)
{
	struct lock_try t = { db, key, -1 };
	pthread_t th;

	assert_int_equal(pthread_create(&th, NULL, lock_try_main, &t), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	return t.held;
}

/* The case on the database at location; is_pg: PostgreSQL's answers. */
static void
lock_case(const char *location, bool is_pg)
{
	struct err e = { 0 };
	struct db *db = db_open(location, &e);
	struct db_conn *c;
	int64_t key = 900000000 + (int64_t)getpid();
	bool held = false;
	int i;

	if (db == NULL)
		fail_msg("db_open: %s", e.msg);
	assert_non_null(c = db_conn(db, &e));
	assert_int_equal(db_lock_try(c, key, &held, &e), 0);
	assert_true(held);
	/* Taken again by its holder. */
	assert_int_equal(db_lock_try(c, key, &held, &e), 0);
	assert_true(held);
	assert_int_equal(lock_try_elsewhere(db, key), is_pg ? 0 : 1);
	assert_int_equal(db_lock_release(c, key, &e), 0);
	assert_int_equal(db_lock_release(c, key, &e), 0);
	/* Released, another session takes it; its session's end frees it,
	 * a moment after the client left. */
	assert_int_equal(lock_try_elsewhere(db, key), 1);
	for (i = 0; i < 100; i++) {
		assert_int_equal(db_lock_try(c, key, &held, &e), 0);
		if (held)
			break;
		usleep(20000);
	}
	assert_true(held);
	db_close(db);
}

static void
test_sqlite_lock_is_always_held(void **state)
{
	char dir[] = "/tmp/p2ham-test-lock-XXXXXX", path[64];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/lock.db", dir);
	lock_case(path, false);
	unlink(path);
	rmdir(dir);
}

static void
test_pg_lock_is_one_session_at_a_time(void **state)
{
	const char *url = getenv("P2HAM_TEST_PG");

	(void)state;
	if (url == NULL || url[0] == '\0')
		skip();
	lock_case(url, true);
}

int
main(void)
{
	const struct CMUnitTest cases[] = {
		cmocka_unit_test(test_sqlite_lock_is_always_held),
		cmocka_unit_test(test_pg_lock_is_one_session_at_a_time),
	};

	log_set_level(LOG_WARN);
	return cmocka_run_group_tests_name("db_lock", cases, NULL, NULL);
}
