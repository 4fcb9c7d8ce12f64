/*
 * test_documents.c - issuing documents on the demo data (SQLite, and
 * PostgreSQL when P2HAM_TEST_PG holds a URL): a number per kind and year,
 * taken for good in a short transaction of its own, also when the record
 * of a document is rolled back (its number then stays a gap, reported as
 * never issued, and its file is removed) and between two threads; rendering
 * refused inside a transaction; the stored file, its row and signature, the
 * letterhead from the settings, a crash's leftover file set aside, the audit
 * entries, and withdrawal. Cases that need poppler-utils or zbar-tools say
 * so and skip that part when the tool is missing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "svc/documents.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/log.h"
#include "cmd/cmd.h"
#include "core/region.h"
#include "db/db.h"
#include "docs/sign.h"
#include "pg_admin.h"
#include "view/i18n.h"
#include "shell.h"

static bool
have_tool(const char *name)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
	return system(cmd) == 0;
}

/* A fresh temporary directory, its path in dir (64 bytes). */
static void
temp_dir(char dir[64])
{
	snprintf(dir, 64, "/tmp/p2ham-doc-XXXXXX");
	assert_non_null(mkdtemp(dir));
}

/* Issuing: a data directory with its key and the demo data in a database. */
struct issuing {
	char dir[64];        /* data directory */
	char location[1024]; /* SQLite file or PostgreSQL URL */
	char schema[64];     /* PostgreSQL: the case's own schema */
	struct db *db;
	struct db_conn *c;
	struct arena arena;
	struct principal who;        /* the command line's */
	int64_t participation, unit; /* the demo's participation 1 */
	const char *unit_name;
	char year[12];    /* of the serials: the unit's local year */
	int64_t first_id; /* the first document issued, and its serial */
	char first[DOC_SERIAL_LEN];
};

#define PUBLIC "https://p2ham.example.go.id"

/* `p2ham init` and `p2ham demo`, their output sent to /dev/null. */
static int
load_demo(const char *dir, const char *location)
{
	char *init[] = { "init", "--data-dir", (char *)dir, "--db", (char *)location, NULL };
	char *demo[] = { "demo", "--data-dir", (char *)dir, "--db", (char *)location, NULL };
	int saved, devnull, rc;

	/* The documents are read back from the data directory, on PostgreSQL
	 * too (its own store is tested over HTTP, tests/http/filestore). */
	setenv("P2HAM_FILES", "dir", 1);
	fflush(stdout);
	saved = dup(1);
	devnull = open("/dev/null", O_WRONLY);
	dup2(devnull, 1);
	close(devnull);
	rc = cmd_init(5, init) != 0 || cmd_demo(5, demo) != 0 ? -1 : 0;
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	return rc;
}

static int
issuing_setup(struct issuing *is, bool pg)
{
	static int serial;
	const char *url = getenv("P2HAM_TEST_PG");
	struct err e = { 0 };
	json_t *rows = NULL, *row;
	struct tm tm;
	time_t t;

	memset(is, 0, sizeof(*is));
	temp_dir(is->dir);
	if (pg) {
		if (url == NULL || url[0] == '\0')
			return -1;
		snprintf(is->schema, sizeof(is->schema), "p2ham_pdf_%ld_%d",
		    (long)getpid(), ++serial);
		if (pg_schema_create(url, is->schema, "", is->location,
			sizeof(is->location)) < 0)
			fail_msg("cannot create schema %s at P2HAM_TEST_PG", is->schema);
	} else
		snprintf(is->location, sizeof(is->location), "%s/p2ham.db", is->dir);
	if (load_demo(is->dir, is->location) != 0)
		fail_msg("p2ham init or demo failed");
	if ((is->db = db_open(is->location, &e)) == NULL)
		fail_msg("set-up: %s", e.msg);
	if ((is->c = db_conn(is->db, &e)) == NULL ||
	    db_exec(is->c, DB_PARTICIPATION_GET, (struct db_param[]){ DBP_INT(1) }, 1,
		&rows, &e) < 0)
		fail_msg("participation 1: %s", e.msg);
	assert_non_null(row = json_array_get(rows, 0));
	arena_init(&is->arena, 4 << 20);
	is->participation = 1;
	is->unit = json_integer_value(json_object_get(row, "unit_id"));
	is->unit_name = arena_strdup(&is->arena,
	    json_string_value(json_object_get(row, "unit_name")));
	t = time(NULL) +
	    tz_offset(
		province_find((int)json_integer_value(json_object_get(row, "province_code")))
		    ->tz);
	gmtime_r(&t, &tm);
	snprintf(is->year, sizeof(is->year), "%04d", tm.tm_year + 1900);
	json_decref(rows);
	return 0;
}

/* The service context issuing on c with scratch memory a, as the system. */
static struct svc
issuer(struct issuing *is, struct db_conn *c, struct arena *a, struct principal *who)
{
	struct svc s;

	svc_cli(&s, who, c, a, 0, "system", time(NULL), is->dir, PUBLIC);
	return s;
}

static void
issuing_teardown(struct issuing *is)
{
	arena_free(&is->arena);
	db_close(is->db);
	pg_schema_drop(is->schema);
	remove_dir(is->dir);
}

static const char *const issue_paras[] = {
	"Dengan ini kami menyatakan komitmen untuk menyelenggarakan pelayanan publik "
	"berbasis hak asasi manusia.",
};
static const struct doc_line issue_lines[] = {
	{ "Tanggal pencanangan", "29 November 2026" },
};

static struct doc_content
content_of(const struct issuing *is, enum doc_kind kind)
{
	return (struct doc_content){ .kind = kind,
		.participation_id = is->participation,
		.unit_id = is->unit,
		.unit_name = is->unit_name,
		.title = "SURAT PERNYATAAN\nPENCANANGAN",
		.paragraphs = issue_paras,
		.nparagraphs = 1,
		.lines = issue_lines,
		.nlines = 1,
		.place = "Gorontalo",
		.signer_title = "Kepala Kantor",
		.signer_name = "Budi Santoso",
		.signer_nip = "" };
}

/*
 * Issue one document of kind as the services do: made outside any
 * transaction, then put on the record in a transaction of its own,
 * committed, or rolled back and abandoned; the serial into serial, the row
 * returned (0 when rolled back).
 */
static int64_t
issue(struct issuing *is, struct db_conn *c, enum doc_kind kind, bool commit,
    char serial[DOC_SERIAL_LEN])
{
	struct doc_content d = content_of(is, kind);
	struct svc s = issuer(is, c, &is->arena, &is->who);
	struct doc_prepared dp;
	struct err e = { 0 };
	int64_t id = 0;

	if (document_prepare(&s, &d, &dp, &e) < 0)
		fail_msg("prepare: %s (%s)", e.msg, err_code(e.kind));
	snprintf(serial, DOC_SERIAL_LEN, "%s", dp.serial);
	if (db_begin(c, &e) < 0 || document_record(&s, &dp, &id, &e) < 0 ||
	    (commit ? db_commit(c, &e) : db_rollback(c)) < 0) {
		db_rollback(c);
		fail_msg("issue: %s (%s)", e.msg, err_code(e.kind));
	}
	if (!commit) {
		document_abandon(&s, &dp);
		id = 0;
	}
	return id;
}

static void
expect_serial(const struct issuing *is, const char *serial, const char *prefix, int seq)
{
	char want[DOC_SERIAL_LEN];

	snprintf(want, sizeof(want), "%s-%s-%06d", prefix, is->year, seq);
	assert_string_equal(serial, want);
}

/* The stored file of serial: its hash is the row's, pdftotext finds the
 * unit and the serial, the QR code holds the public address. */
static void
check_stored(struct issuing *is, const char *serial, const char *letterhead, bool qr)
{
	unsigned char pk[SIGN_PUBLIC_BYTES], hash[crypto_hash_sha256_BYTES];
	char path[256], hex[65], cmd[512];
	struct doc_signed f;
	struct err e = { 0 };
	struct buf out;
	json_t *row = NULL;
	FILE *fp;
	char *data;
	long len;

	assert_int_equal(document_find(is->c, serial, &row, &e), 0);
	assert_non_null(row);
	assert_true(document_signed_of(row, &f));
	assert_string_equal(f.unit_name, is->unit_name);
	assert_string_equal(f.title, "SURAT PERNYATAAN PENCANANGAN"); /* one line */
	assert_int_equal(sign_public_load(is->dir, pk, &e), 0);
	assert_true(document_signature_ok(pk, &f,
	    json_string_value(json_object_get(row, "signature"))));
	assert_int_equal(document_path(is->dir, serial, path, sizeof(path)), 0);
	assert_non_null(fp = fopen(path, "rb"));
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	data = malloc((size_t)len);
	assert_int_equal(fread(data, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	crypto_hash_sha256(hash, (unsigned char *)data, (unsigned long long)len);
	free(data);
	sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	assert_string_equal(hex, f.sha256);
	if (have_tool("pdftotext")) {
		snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", path);
		buf_init(&out, 0);
		assert_int_equal(run(cmd, &out), 0);
		assert_non_null(strstr(buf_cstr(&out), is->unit_name));
		snprintf(cmd, sizeof(cmd), "Nomor: %s", serial);
		assert_non_null(strstr(buf_cstr(&out), cmd));
		assert_non_null(strstr(buf_cstr(&out), "Unit kerja"));
		assert_non_null(strstr(buf_cstr(&out), letterhead));
		assert_non_null(strstr(buf_cstr(&out), "Gorontalo, "));
		buf_free(&out);
	}
	if (qr && have_tool("pdftoppm") && have_tool("zbarimg")) {
		snprintf(cmd, sizeof(cmd),
		    "pdftoppm -r 150 -png -singlefile '%s' '%s/qr' && "
		    "zbarimg -q --raw -Sdisable -Sqrcode.enable '%s/qr.png' 2>/dev/null",
		    path, is->dir, is->dir);
		buf_init(&out, 0);
		assert_int_equal(run(cmd, &out), 0);
		snprintf(cmd, sizeof(cmd), PUBLIC "/verifikasi/%s\n", serial);
		assert_string_equal(buf_cstr(&out), cmd);
		buf_free(&out);
	}
	json_decref(row);
}

/* Put text at the stored path of serial, as a crash between writing and
 * recording would leave a file. */
static void
write_text(const struct issuing *is, const char *serial, const char *text)
{
	char dir[256], path[256];
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/documents", is->dir);
	(void)mkdir(dir, 0750);
	assert_int_equal(document_path(is->dir, serial, path, sizeof(path)), 0);
	assert_non_null(f = fopen(path, "wb"));
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/* How many files of serial were set aside as orphans. */
static int
orphans_of(const struct issuing *is, const char *serial)
{
	char dir[256], prefix[64];
	struct dirent *de;
	int n = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/documents", is->dir);
	snprintf(prefix, sizeof(prefix), ".%s.pdf.orphan-", serial);
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL)
		if (strncmp(de->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

/* How many audit entries of action there are. */
static size_t
audit_count(struct issuing *is, const char *action)
{
	json_t *rows = NULL;
	struct err e = { 0 };
	size_t n;

	assert_int_equal(db_exec(is->c, DB_AUDIT_LIST_BY_ACTION,
			     (struct db_param[]){ DBP_NULL, DBP_NULL, DBP_NULL, DBP_TEXT(action),
				 DBP_NULL, DBP_NULL, DBP_INT(INT64_MAX), DBP_INT(1000) },
			     8, &rows, &e),
	    0);
	n = json_array_size(rows);
	json_decref(rows);
	return n;
}

/* One of two threads issuing at once. */
struct racer {
	struct issuing *is;
	struct arena arena;
	struct principal who;
	int64_t seqs[5];
};

static void *
race(void *arg)
{
	struct racer *r = arg;
	struct doc_content d = content_of(r->is, DOC_EVALUATION_REPORT);
	struct doc_prepared dp;
	struct err e = { 0 };
	struct db_conn *c;
	struct svc s;
	int64_t id;
	int i;

	if ((c = db_conn(r->is->db, &e)) == NULL)
		return (void *)1;
	s = issuer(r->is, c, &r->arena, &r->who);
	for (i = 0; i < 5; i++) {
		if (document_prepare(&s, &d, &dp, &e) < 0 || db_begin(c, &e) < 0 ||
		    document_record(&s, &dp, &id, &e) < 0 || db_commit(c, &e) < 0) {
			db_rollback(c);
			fprintf(stderr, "race: %s\n", e.msg);
			return (void *)1;
		}
		r->seqs[i] = strtol(dp.serial + 9, NULL, 10);
	}
	return NULL;
}

/* Two threads issue ten evaluation reports at once, each on its own
 * connection: they get the numbers 1 to 10, each once, and neither waits
 * for the other's rendering. */
static void
race_numbers(struct issuing *is)
{
	struct racer r[2];
	bool seen[11] = { false };
	void *rc;
	int i, k;
	pthread_t t[2];

	for (i = 0; i < 2; i++) {
		r[i].is = is;
		arena_init(&r[i].arena, 4 << 20);
		assert_int_equal(pthread_create(&t[i], NULL, race, &r[i]), 0);
	}
	for (i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(t[i], &rc), 0);
		assert_null(rc);
		for (k = 0; k < 5; k++) {
			assert_in_range(r[i].seqs[k], 1, 10);
			assert_false(seen[r[i].seqs[k]]);
			seen[r[i].seqs[k]] = true;
		}
		arena_free(&r[i].arena);
	}
}

/* The file of serial is in the store. */
static bool
stored(const struct issuing *is, const char *serial)
{
	char path[256];

	assert_int_equal(document_path(is->dir, serial, path, sizeof(path)), 0);
	return access(path, F_OK) == 0;
}

/* Whether serial was ever taken from its counter. */
static bool
taken(const struct issuing *is, const char *serial)
{
	struct err e = { 0 };
	bool t;

	assert_int_equal(document_serial_taken(is->c, serial, &t, &e), 0);
	return t;
}

/* Numbers: one per document of a kind and year; a document whose record
 * was rolled back keeps its number, unused, and leaves no file. */
static void
numbers_are_taken_for_good(struct issuing *is)
{
	struct err e = { 0 };
	char serial[DOC_SERIAL_LEN], first[DOC_SERIAL_LEN], want[DOC_SERIAL_LEN];
	json_t *row = NULL;
	int64_t id1;

	id1 = issue(is, is->c, DOC_DECLARATION_STATEMENT, true, first);
	assert_true(id1 > 0);
	expect_serial(is, first, "PCN", 1);
	check_stored(is, first, "KEMENTERIAN HAK ASASI MANUSIA REPUBLIK INDONESIA", true);
	issue(is, is->c, DOC_DECLARATION_STATEMENT, true, serial);
	expect_serial(is, serial, "PCN", 2);
	assert_int_equal(issue(is, is->c, DOC_DECLARATION_STATEMENT, false, serial), 0);
	expect_serial(is, serial, "PCN", 3);
	assert_int_equal(document_find(is->c, serial, &row, &e), 0);
	assert_null(row);
	assert_false(stored(is, serial));
	assert_true(taken(is, serial));
	snprintf(want, sizeof(want), "PCN-%s-000004", is->year);
	assert_false(taken(is, want));
	/* Each kind counts on its own; a changed letterhead is printed. */
	assert_int_equal(
	    db_exec(is->c, DB_SETTING_PUT,
		(struct db_param[]){ DBP_TEXT("letterhead.line1"),
		    DBP_TEXT("KEMENTERIAN UJI COBA"), DBP_TEXT("2026-11-29T00:00:00Z") },
		3, NULL, &e),
	    0);
	issue(is, is->c, DOC_EVALUATION_LETTER, true, serial);
	expect_serial(is, serial, "SKE", 1);
	check_stored(is, serial, "KEMENTERIAN UJI COBA", false);
	issue(is, is->c, DOC_DECLARATION_STATEMENT, true, serial);
	expect_serial(is, serial, "PCN", 4);
	check_stored(is, serial, "KEMENTERIAN UJI COBA", false);
	/* A file a crash left under the next number is set aside, not
	 * replaced nor served. */
	snprintf(want, sizeof(want), "PCN-%s-000005", is->year);
	write_text(is, want, "%PDF-1.4 left by a crash\n");
	issue(is, is->c, DOC_DECLARATION_STATEMENT, true, serial);
	assert_string_equal(serial, want);
	check_stored(is, serial, "KEMENTERIAN UJI COBA", false);
	assert_int_equal(orphans_of(is, serial), 1);
	assert_int_equal(audit_count(is, "document.issue"), 5);
	is->first_id = id1;
	snprintf(is->first, sizeof(is->first), "%s", first);
}

/* Rendering never runs inside the caller's transaction, and a document
 * whose unit is not the participation's is refused before numbering. */
static void
refusals_take_no_number(struct issuing *is)
{
	struct svc s = issuer(is, is->c, &is->arena, &is->who);
	struct doc_content d = content_of(is, DOC_DECLARATION_STATEMENT);
	struct doc_prepared dp;
	struct err e = { 0 };
	char serial[DOC_SERIAL_LEN];

	assert_int_equal(db_begin(is->c, &e), 0);
	assert_int_equal(document_prepare(&s, &d, &dp, &e), -1);
	assert_int_equal(e.kind, ERR_INTERNAL);
	db_rollback(is->c);
	d.unit_id = is->unit + 1;
	assert_int_equal(document_prepare(&s, &d, &dp, &e), -1);
	assert_int_equal(e.kind, ERR_DOCUMENT);
	document_abandon(&s, &dp);
	issue(is, is->c, DOC_DECLARATION_STATEMENT, true, serial);
	expect_serial(is, serial, "PCN", 6);
}

static void
issuing_case(bool pg)
{
	struct issuing is;
	struct svc s;
	struct err e = { 0 };
	json_t *row = NULL;

	if (issuing_setup(&is, pg) < 0) {
		remove_dir(is.dir);
		skip(); /* PostgreSQL: set P2HAM_TEST_PG (tests/pg-cluster.sh) */
	}
	numbers_are_taken_for_good(&is);
	refusals_take_no_number(&is);
	s = issuer(&is, is.c, &is.arena, &is.who);

	/* Withdrawal: a reason is needed, once only, of a document that exists. */
	assert_int_equal(document_withdraw(&s, is.first_id, "  \n ", &e), -1);
	assert_int_equal(e.status, 422);
	assert_int_equal(document_withdraw(&s, 999999, "Salah ketik", &e), -1);
	assert_int_equal(e.status, 404);
	assert_int_equal(db_begin(is.c, &e), 0);
	assert_int_equal(document_withdraw(&s, is.first_id, "Salah ketik\nnama unit", &e), 0);
	assert_int_equal(db_commit(is.c, &e), 0);
	assert_int_equal(document_withdraw(&s, is.first_id, "Lagi", &e), -1);
	assert_int_equal(e.status, 409);
	assert_int_equal(document_find(is.c, is.first, &row, &e), 0);
	assert_string_equal(json_string_value(json_object_get(row, "withdrawn_reason")),
	    "Salah ketik nama unit");
	assert_true(json_is_string(json_object_get(row, "withdrawn_at")));
	json_decref(row);
	assert_int_equal(audit_count(&is, "document.withdraw"), 1);
	race_numbers(&is);
	assert_int_equal(audit_count(&is, "document.issue"), 16);
	issuing_teardown(&is);
}

static void
issues_on_sqlite(void **state)
{
	(void)state;
	issuing_case(false);
}

static void
issues_on_postgresql(void **state)
{
	(void)state;
	issuing_case(true);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(issues_on_sqlite),
		cmocka_unit_test(issues_on_postgresql),
	};
	struct err e = { 0 };
	int rc;

	if (sodium_init() < 0 || i18n_init(&e) < 0)
		return 1;
	log_set_level(LOG_WARN);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free();
	return rc;
}
