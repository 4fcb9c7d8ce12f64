/*
 * test_db_version.c - the data's version as a SQLite server follows it
 * (db_version_known, db_version_learnt): a commit by another process,
 * which touches the file's marker once it is visible, makes the version
 * unknown at the next ask; a version read before such a commit is never
 * settled after it; and with nothing queued the known version stands.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "db/db.h"
#include "shell.h"

struct fixture {
	char dir[64];
	char location[128];
	struct db *db;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct err e = { 0 };

	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/p2ham-test-version-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->location, sizeof(f->location), "%s/p2ham.db", f->dir);
	if ((f->db = db_open(f->location, &e)) == NULL)
		fail_msg("db_open: %s", e.msg);
	assert_int_equal(db_version_follow(f->db, &e), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	db_close(f->db);
	remove_dir(f->dir);
	free(f);
	return 0;
}

/* What another process does once its commit is visible. */
static void
marker_touch(const struct fixture *f)
{
	char path[160];
	int fd;

	snprintf(path, sizeof(path), "%s-version", f->location);
	assert_true((fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) >= 0);
	assert_int_equal(futimens(fd, NULL), 0);
	close(fd);
}

/* The version known now (-1: read it), and the epoch to report it with. */
static int64_t
known(struct fixture *f, uint64_t *epoch)
{
	return db_version_known(f->db, epoch);
}

static void
test_another_process_commit_makes_the_version_unknown(void **state)
{
	struct fixture *f = *state;
	uint64_t ep;

	assert_int_equal(known(f, &ep), -1);
	db_version_learnt(f->db, ep, 5);
	/* Nothing queued: the same answer, ask after ask. */
	assert_int_equal(known(f, &ep), 5);
	assert_int_equal(known(f, &ep), 5);
	marker_touch(f);
	assert_int_equal(known(f, &ep), -1);
	/* Until it is read again, every ask is told so. */
	assert_int_equal(known(f, &ep), -1);
	db_version_learnt(f->db, ep, 6);
	assert_int_equal(known(f, &ep), 6);
}

static void
test_a_version_read_before_a_commit_is_not_settled(void **state)
{
	struct fixture *f = *state;
	uint64_t ep, stale;

	assert_int_equal(known(f, &ep), -1);
	db_version_learnt(f->db, ep, 5);
	marker_touch(f);
	assert_int_equal(known(f, &stale), -1);
	/* The database is read (7), another commit lands (8) before the
	 * reader reports 7: 7 is not taken as the version. */
	marker_touch(f);
	db_version_learnt(f->db, stale, 7);
	assert_int_equal(known(f, &ep), -1);
	db_version_learnt(f->db, ep, 8);
	assert_int_equal(known(f, &ep), 8);
	/* An epoch from before a drain is refused even with nothing queued. */
	marker_touch(f);
	assert_int_equal(known(f, &ep), -1);
	db_version_learnt(f->db, stale, 9);
	assert_int_equal(known(f, &ep), -1);
}

static void
test_this_process_commit_raises_the_known_version(void **state)
{
	struct fixture *f = *state;
	struct err e = { 0 };
	struct db_conn *c;
	uint64_t ep;

	assert_int_equal(known(f, &ep), -1);
	db_version_learnt(f->db, ep, 5);
	assert_non_null(c = db_conn(f->db, &e));
	/* Outside a transaction a noted entry is committed at once. */
	assert_true(db_version_note(c, 6));
	/* Its own marker's event makes the next ask read again, and what
	 * it reads then is settled. */
	assert_int_equal(known(f, &ep), -1);
	db_version_learnt(f->db, ep, 6);
	assert_int_equal(known(f, &ep), 6);
}

int
main(void)
{
	const struct CMUnitTest cases[] = {
		cmocka_unit_test_setup_teardown(
		    test_another_process_commit_makes_the_version_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_a_version_read_before_a_commit_is_not_settled, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_this_process_commit_raises_the_known_version, setup, teardown),
	};

	log_set_level(LOG_WARN);
	return cmocka_run_group_tests_name("db_version", cases, NULL, NULL);
}
