/*
 * test_file_store.c - the file store (svc/file_store.h) without a server,
 * on a SQLite database whose file_blob and file_chunk tables stand in for
 * PostgreSQL's: a content of several pieces is written and read back in
 * reads of odd sizes, stored once, refused when its bytes do not hash to
 * its name, swept when no row holds it; the directory store reads the
 * same; and a move from the directory into the database and back into an
 * empty directory keeps every content (svc/file_move.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "svc/file_move.h"
#include "svc/file_store.h"
#include "svc/files.h"

#define BIG (2 * FILE_CHUNK + 12345) /* three pieces, the last a short one */

struct fixture {
	char dir[64];
	char location[128];
	struct db *db;
	struct db_conn *c;
	struct file_store dirst, dbst;
	unsigned char *big;
	char big_sha[65];
};

static void
sha_of(const void *data, size_t len, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct err e = { 0 };
	char tmp[160];
	size_t i;

	assert_non_null(f);
	assert_true(sodium_init() >= 0);
	snprintf(f->dir, sizeof(f->dir), "/tmp/p2ham-test-store-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->location, sizeof(f->location), "%s/p2ham.db", f->dir);
	snprintf(tmp, sizeof(tmp), "%s/files", f->dir);
	assert_int_equal(mkdir(tmp, 0750), 0);
	if ((f->db = db_open(f->location, &e)) == NULL ||
	    db_migrate(f->db, NULL, &e) < 0 || (f->c = db_conn(f->db, &e)) == NULL)
		fail_msg("database: %s", e.msg);
	f->dirst = (struct file_store){ .kind = FILE_STORE_DIR, .data_dir = f->dir, .db = f->db };
	f->dbst = (struct file_store){ .kind = FILE_STORE_DB, .data_dir = f->dir, .db = f->db };
	assert_non_null(f->big = malloc(BIG));
	for (i = 0; i < BIG; i++)
		f->big[i] = (unsigned char)(i * 7 + i / 1000);
	sha_of(f->big, BIG, f->big_sha);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	db_close(f->db);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", f->dir);
	free(f->big);
	free(f);
	return 0;
}

/* Read all of sha256 (size bytes) from st in reads of step bytes and
 * compare with want. */
static void
read_back(const struct file_store *st, const char *sha256, const unsigned char *want,
    size_t size, size_t step)
{
	unsigned char *got = malloc(size + step);
	struct file_reader *r;
	struct err e = { 0 };
	size_t have = 0;
	ssize_t n;

	assert_non_null(got);
	if ((r = file_store_open(st, sha256, size, &e)) == NULL)
		fail_msg("open %s: %s", sha256, e.msg);
	while ((n = file_reader_read(r, got + have, step, &e)) > 0)
		have += (size_t)n;
	assert_int_equal(n, 0);
	assert_int_equal(have, size);
	assert_memory_equal(got, want, size);
	file_reader_close(r);
	free(got);
}

static long
pieces(struct fixture *f, const char *sha256)
{
	unsigned char *buf = malloc(FILE_CHUNK);
	struct err e = { 0 };
	size_t len;
	long n = 0;
	int rc;

	assert_non_null(buf);
	while ((rc = db_blob(f->c, DB_FILE_CHUNK_GET,
		    (struct db_param[]){ DBP_TEXT(sha256), DBP_INT(n) }, 2, buf,
		    FILE_CHUNK, &len, &e)) == 1)
		n++;
	assert_int_equal(rc, 0);
	free(buf);
	return n;
}

static void
database_store_round_trip(void **state)
{
	struct fixture *f = *state;
	struct err e = { 0 };
	uint64_t size;
	size_t steps[] = { 1000, 65536, FILE_CHUNK, FILE_CHUNK + 1 };
	size_t i;

	assert_int_equal(file_store_stat(&f->dbst, f->big_sha, &size, &e), 0);
	if (file_store_put_mem(&f->dbst, f->big_sha, f->big, BIG, &e) < 0)
		fail_msg("put: %s", e.msg);
	assert_int_equal(file_store_stat(&f->dbst, f->big_sha, &size, &e), 1);
	assert_int_equal(size, BIG);
	assert_int_equal(pieces(f, f->big_sha), 3);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		read_back(&f->dbst, f->big_sha, f->big, BIG, steps[i]);
	/* Again: nothing more is written. */
	assert_int_equal(file_store_put_mem(&f->dbst, f->big_sha, f->big, BIG, &e), 0);
	assert_int_equal(pieces(f, f->big_sha), 3);
	/* Asked with another size: missing or damaged, not a short read. */
	assert_null(file_store_open(&f->dbst, f->big_sha, BIG - 1, &e));
	assert_int_equal(e.kind, ERR_FILE_STORE);
}

static void
wrong_bytes_are_not_stored(void **state)
{
	struct fixture *f = *state;
	struct err e = { 0 };
	char other[65];
	uint64_t size;

	sha_of("something else", 14, other);
	assert_int_equal(file_store_put_mem(&f->dbst, other, f->big, BIG, &e), -1);
	assert_int_equal(e.kind, ERR_FILE_STORE);
	assert_int_equal(file_store_stat(&f->dbst, other, &size, &e), 0);
	assert_int_equal(pieces(f, other), 0);
	assert_false(db_in_transaction(f->c));
	/* A name that is no SHA-256 is refused before anything is read. */
	assert_int_equal(file_store_put_mem(&f->dbst, "../../etc/passwd", "x", 1, &e), -1);
}

static void
unheld_contents_are_swept(void **state)
{
	struct fixture *f = *state;
	struct err e = { 0 };
	char sha[65];
	uint64_t size;

	sha_of("orphan", 6, sha);
	assert_int_equal(file_store_put_mem(&f->dbst, sha, "orphan", 6, &e), 0);
	/* Recent: it stays. */
	assert_true(file_store_db_sweep(f->c, time(NULL), &e) >= 0);
	assert_int_equal(file_store_stat(&f->dbst, sha, &size, &e), 1);
	/* Two days on: gone, with its pieces (and so is the big one, which
	 * no row holds either). */
	assert_int_equal(file_store_db_sweep(f->c, time(NULL) + 2 * 86400, &e), 2);
	assert_int_equal(file_store_stat(&f->dbst, sha, &size, &e), 0);
	assert_int_equal(pieces(f, sha), 0);
}

static void
directory_store_and_move(void **state)
{
	struct fixture *f = *state;
	struct file_move_counts n;
	struct err e = { 0 };
	char path[256], small_sha[65], cmd[200];
	const char *small = "%PDF-1.4 kecil";
	uint64_t size;

	sha_of(small, strlen(small), small_sha);
	snprintf(path, sizeof(path), "%s/files/tmp", f->dir);
	mkdir(path, 0750);
	assert_int_equal(file_store_put_mem(&f->dirst, f->big_sha, f->big, BIG, &e), 0);
	assert_int_equal(file_store_put_mem(&f->dirst, small_sha, small, strlen(small), &e), 0);
	read_back(&f->dirst, f->big_sha, f->big, BIG, 4096);
	assert_int_equal(file_store_stat(&f->dirst, small_sha, &size, &e), 1);
	assert_int_equal(size, strlen(small));

	/* Into the database (swept empty), then again: nothing to copy. */
	if (file_move(f->c, &f->dirst, &f->dbst, &n, stderr, &e) < 0)
		fail_msg("move: %s", e.msg);
	assert_int_equal(n.copied, 2);
	assert_int_equal(n.present, 0);
	assert_int_equal(n.checked, 2);
	assert_int_equal(n.missing + n.damaged, 0);
	assert_int_equal(file_move(f->c, &f->dirst, &f->dbst, &n, stderr, &e), 0);
	assert_int_equal(n.copied, 0);
	assert_int_equal(n.present, 2);
	assert_int_equal(n.checked, 2);
	assert_int_equal(n.missing + n.damaged, 0);
	read_back(&f->dbst, small_sha, (const unsigned char *)small, strlen(small), 3);

	/* Back into an emptied directory. */
	snprintf(cmd, sizeof(cmd), "rm -rf %s/files/??", f->dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(file_store_stat(&f->dirst, f->big_sha, &size, &e), 0);
	if (file_move(f->c, &f->dbst, &f->dirst, &n, stderr, &e) < 0)
		fail_msg("move back: %s", e.msg);
	assert_int_equal(n.copied, 2);
	assert_int_equal(n.checked, 2);
	assert_int_equal(n.missing + n.damaged, 0);
	read_back(&f->dirst, f->big_sha, f->big, BIG, 77777);
	if (file_verify(f->c, &f->dirst, &n, stderr, &e) < 0)
		fail_msg("verify: %s", e.msg);
	assert_int_equal(n.checked, 2);
	assert_int_equal(n.damaged, 0);

	/* A damaged copy is found. */
	assert_int_equal(files_path(f->dir, small_sha, path, sizeof(path)), 0);
	assert_int_equal(truncate(path, 3), 0);
	assert_int_equal(file_verify(f->c, &f->dirst, &n, stderr, &e), 0);
	assert_int_equal(n.damaged, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(database_store_round_trip),
		cmocka_unit_test(wrong_bytes_are_not_stored),
		cmocka_unit_test(unheld_contents_are_swept),
		cmocka_unit_test(directory_store_and_move),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
