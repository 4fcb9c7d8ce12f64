/*
 * test_files.c - streamed uploads (http/spool.h) and the files store
 * (app/files.h) without a server: a multipart body carrying a good PDF, a
 * PNG, a JPEG, a WebP, an ELF executable renamed .pdf, an empty file, a
 * file over the limit and a file input left empty is fed to the spool in
 * pieces of several sizes; then each file is checked and the good ones
 * stored. The store must then hold exactly the accepted files, once per
 * content, and the spool directory nothing, whatever happened on the way:
 * refusals, an aborted body, a truncated one, too many files.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "web/app.h"
#include "svc/documents.h"
#include "svc/files.h"
#include "base/buf.h"
#include "http/spool.h"
#include "view/i18n.h"

#define BOUNDARY "----p2hamTestBoundary7MA4YWxkTrZu0gW"
#define LIMIT 1024

static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
static const char png[] =
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"
    "\x1f\x15\xc4\x89\0\0\0\nIDATx\x9c"
    "c\0\x01\0\0\x05\0\x01\r\n-\xb4\0\0\0\0IEND\xae"
    "B`\x82";
static const char jpeg[] =
    "\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xd9";
static const char webp[] =
    "RIFF\x1a\0\0\0WEBPVP8L\r\0\0\0/\0\0\0\x10\x07\x10\x11\x11\x88\x88"
    "\xfe\x07\0";
static const char elf[] = "\x7f"
			  "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0\x01\0\0\0";

/* One part of a test body. */
struct part {
	const char *field;
	const char *filename; /* NULL: a text field */
	const char *data;
	size_t len;
};

struct fixture {
	char dir[64];   /* the data directory */
	char spool[96]; /* its files/tmp */
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char files[80];
	struct err e;

	if (fx == NULL || sodium_init() < 0 || i18n_init(&e) < 0)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/p2ham-files-XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(files, sizeof(files), "%s/files", fx->dir);
	snprintf(fx->spool, sizeof(fx->spool), "%s/tmp", files);
	if (mkdir(files, 0750) < 0 || mkdir(fx->spool, 0750) < 0)
		return -1;
	*state = fx;
	return 0;
}

/* Remove the data directory, depth first. */
static void
remove_tree(const char *path)
{
	struct dirent *de;
	char sub[512];
	DIR *d;

	if ((d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
			remove_tree(sub);
		}
		closedir(d);
		rmdir(path);
	} else
		unlink(path);
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	remove_tree(fx->dir);
	free(fx);
	i18n_free();
	return 0;
}

/* Regular files under path, counted recursively. */
static int
count_files(const char *path)
{
	struct dirent *de;
	struct stat st;
	char sub[512];
	int n = 0;
	DIR *d;

	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		if (lstat(sub, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode))
			n += count_files(sub);
		else
			n++;
	}
	closedir(d);
	return n;
}

static void
body_of(struct buf *b, const struct part *parts, size_t n, bool closed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		buf_printf(b, "--%s\r\nContent-Disposition: form-data; name=\"%s\"",
		    BOUNDARY, parts[i].field);
		if (parts[i].filename != NULL)
			buf_printf(b, "; filename=\"%s\"\r\nContent-Type: application/pdf",
			    parts[i].filename);
		buf_printf(b, "\r\n\r\n");
		buf_append(b, parts[i].data, parts[i].len);
		buf_printf(b, "\r\n");
	}
	if (closed)
		buf_printf(b, "--%s--\r\n", BOUNDARY);
}

static void
request_init(struct request *req)
{
	memset(req, 0, sizeof(*req));
	arena_init(&req->arena, 0);
	req->lang = "id";
}

/* Feed body to a new spool on req in pieces of step bytes; the result of
 * spool_finish. */
static int
spool_body(struct request *req, const struct fixture *fx, const struct buf *body,
    size_t step, size_t max_files, struct err *e)
{
	struct spool_limits lim = { .dir = fx->spool, .file_max = LIMIT, .max_files = max_files };
	struct spool *s;
	size_t off, n;

	s = spool_open(req, "multipart/form-data; boundary=" BOUNDARY, &lim, e);
	assert_non_null(s);
	for (off = 0; off < body->len; off += n) {
		n = body->len - off < step ? body->len - off : step;
		spool_feed(s, body->data + off, n);
	}
	return spool_finish(s, e);
}

static void
sha_hex(const char *data, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)data, len);
	for (size_t i = 0; i < sizeof(h); i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

/* The service's view of a spooled file, its type found by content, as
 * web/upload.c hands it over. */
static struct file_in *
in_of(struct request *req, const char *field, struct file_in *fi)
{
	const struct req_file *f = spool_file(req, field);

	*fi = (struct file_in){ .path = f->path,
		.name = f->filename,
		.size = f->size,
		.too_large = f->too_large || f->size > LIMIT,
		.limit = LIMIT };
	memcpy(fi->sha256, f->sha256, sizeof(fi->sha256));
	if (!fi->too_large && f->size > 0)
		fi->mime = files_sniff(f->path);
	return fi;
}

static void
store_keeps_only_accepted_files(void **state)
{
	static const size_t steps[] = { 1, 7, 100, 1 << 20 };
	struct fixture *fx = *state;
	char big[LIMIT + 500], files[80], want[65], path[512];
	const struct part parts[] = {
		{ "csrf", NULL, "token-123", 9 },
		{ "a", "laporan.pdf", pdf, sizeof(pdf) - 1 },
		{ "b", "C:\\Users\\op\\foto.png", png, sizeof(png) - 1 },
		{ "c", "program.pdf", elf, sizeof(elf) - 1 },
		{ "d", "kosong.pdf", "", 0 },
		{ "e", "besar.pdf", big, sizeof(big) },
		{ "f", "", "", 0 },
		{ "g", "salinan.pdf", pdf, sizeof(pdf) - 1 },
		{ "h", "foto.jpg", jpeg, sizeof(jpeg) - 1 },
		{ "i", "foto.webp", webp, sizeof(webp) - 1 },
		{ "note", NULL, "Catatan \xc3\xa9", 10 },
	};
	struct file_in fa, fb, fc, fd, fe, fg, fh, fi;
	struct principal who;
	struct request req;
	struct svc sv;
	struct buf body;
	struct err e;
	size_t k;

	memcpy(big, "%PDF-1.4\n", 9);
	memset(big + 9, 'x', sizeof(big) - 9);
	snprintf(files, sizeof(files), "%s/files", fx->dir);
	for (k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		buf_init(&body, 0);
		body_of(&body, parts, sizeof(parts) / sizeof(parts[0]), true);
		request_init(&req);
		err_clear(&e);
		assert_int_equal(spool_body(&req, fx, &body, steps[k], 12, &e), 0);
		buf_free(&body);

		/* Text fields are the form; files are on disk, hashed. */
		assert_int_equal(req.form.count, 2);
		assert_string_equal(kv_get(&req.form, "csrf")->p, "token-123");
		assert_string_equal(kv_get(&req.form, "note")->p, "Catatan \xc3\xa9");
		assert_int_equal(req.file_count, 9);
		assert_int_equal(count_files(fx->spool), 6); /* a b c g h i */
		sha_hex(pdf, sizeof(pdf) - 1, want);
		assert_string_equal(spool_file(&req, "a")->sha256, want);
		assert_int_equal(spool_file(&req, "a")->size, sizeof(pdf) - 1);
		assert_true(spool_file(&req, "e")->too_large);
		assert_null(spool_file(&req, "e")->path);
		assert_null(spool_file(&req, "d")->path);
		assert_string_equal(spool_file(&req, "f")->filename, "");

		/* Refusals, each with its message, each leaving nothing. */
		svc_cli(&sv, &who, NULL, &req.arena, 0, "test", time(NULL), fx->dir,
		    "https://p2ham.example.go.id");
		assert_int_equal(files_check(&sv, in_of(&req, "c", &fc), FILE_EVIDENCE, &e),
		    -1);
		assert_int_equal(e.status, 422);
		assert_int_equal(e.kind, ERR_INVALID);
		assert_non_null(strstr(e.msg,
		    "Jenis berkas tidak diterima: hanya PDF, JPEG, "
		    "PNG atau WebP"));
		assert_non_null(strstr(e.msg, "program.pdf"));
		assert_null(fc.path);
		assert_int_equal(files_check(&sv, in_of(&req, "d", &fd), FILE_EVIDENCE, &e),
		    -1);
		assert_non_null(strstr(e.msg, "Berkas kosong"));
		assert_non_null(strstr(e.msg, "kosong.pdf"));
		assert_int_equal(files_check(&sv, in_of(&req, "e", &fe), FILE_EVIDENCE, &e),
		    -1);
		assert_non_null(strstr(e.msg, "Berkas lebih besar dari 1 KB"));
		sv.lang = LANG_EN;
		assert_int_equal(files_check(&sv, &fe, FILE_EVIDENCE, &e), -1);
		assert_non_null(strstr(e.msg, "The file is larger than 1 KB"));
		sv.lang = LANG_ID;
		assert_int_equal(count_files(fx->spool), 5);

		/* The good ones, by content; a path in the name is dropped. */
		assert_int_equal(files_check(&sv, in_of(&req, "a", &fa), FILE_EVIDENCE, &e), 0);
		assert_string_equal(fa.mime, "application/pdf");
		assert_int_equal(files_check(&sv, in_of(&req, "b", &fb), FILE_EVIDENCE, &e), 0);
		assert_string_equal(fb.mime, "image/png");
		assert_int_equal(files_check(&sv, in_of(&req, "h", &fh), FILE_EVIDENCE, &e), 0);
		assert_string_equal(fh.mime, "image/jpeg");
		assert_int_equal(files_check(&sv, in_of(&req, "i", &fi), FILE_EVIDENCE, &e), 0);
		assert_string_equal(fi.mime, "image/webp");
		assert_int_equal(files_store(fx->dir, &fa, &e), 0);
		assert_int_equal(files_store(fx->dir, &fb, &e), 0);
		/* Same content again: stored once. */
		assert_int_equal(files_store(fx->dir, in_of(&req, "g", &fg), &e), 0);
		assert_null(fa.path);
		assert_int_equal(files_path(fx->dir, want, path, sizeof(path)), 0);
		assert_int_equal(access(path, R_OK), 0);

		/* h and i were checked but not stored: the request's end
		 * removes them. */
		arena_free(&req.arena);
		assert_int_equal(count_files(fx->spool), 0);
		assert_int_equal(count_files(files), 2);
	}
}

static void
refused_bodies_leave_nothing(void **state)
{
	struct fixture *fx = *state;
	const struct part three[] = {
		{ "a", "1.pdf", pdf, sizeof(pdf) - 1 },
		{ "b", "2.pdf", pdf, sizeof(pdf) - 1 },
		{ "c", "3.pdf", pdf, sizeof(pdf) - 1 },
	};
	struct spool_limits lim = { .dir = fx->spool, .file_max = LIMIT, .max_files = 4 };
	struct request req;
	struct spool *s;
	struct buf body;
	struct err e;

	/* Too many files. */
	buf_init(&body, 0);
	body_of(&body, three, 3, true);
	request_init(&req);
	assert_int_equal(spool_body(&req, fx, &body, 64, 2, &e), -1);
	assert_int_equal(e.status, 413);
	assert_int_equal(count_files(fx->spool), 0);
	arena_free(&req.arena);

	/* Truncated: no closing boundary. */
	buf_reset(&body);
	body_of(&body, three, 2, false);
	request_init(&req);
	assert_int_equal(spool_body(&req, fx, &body, 64, 4, &e), -1);
	assert_int_equal(e.status, 400);
	assert_int_equal(count_files(fx->spool), 0);
	arena_free(&req.arena);

	/* The whole request passed its cap half way. */
	buf_reset(&body);
	body_of(&body, three, 3, true);
	request_init(&req);
	s = spool_open(&req, "multipart/form-data; boundary=" BOUNDARY, &lim, &e);
	assert_non_null(s);
	spool_feed(s, body.data, body.len / 2);
	assert_true(count_files(fx->spool) > 0);
	spool_abort(s);
	assert_int_equal(count_files(fx->spool), 0);
	assert_int_equal(spool_finish(s, &e), -1);
	assert_int_equal(e.status, 413);
	arena_free(&req.arena);

	/* Abandoned in the middle of a file (the client went away). */
	request_init(&req);
	s = spool_open(&req, "multipart/form-data; boundary=" BOUNDARY, &lim, &e);
	spool_feed(s, body.data, body.len / 2);
	assert_true(count_files(fx->spool) > 0);
	arena_free(&req.arena);
	assert_int_equal(count_files(fx->spool), 0);

	/* Not multipart at all. */
	request_init(&req);
	assert_null(spool_open(&req, "application/x-www-form-urlencoded", &lim, &e));
	assert_int_equal(e.status, 400);
	arena_free(&req.arena);
	buf_free(&body);
}

static void
size_text_reads_well(void **state)
{
	static const struct {
		uint64_t bytes;
		const char *id, *en;
	} cases[] = {
		{ 0, "0 B", "0 B" },
		{ 1023, "1023 B", "1023 B" },
		{ 1024, "1 KB", "1 KB" },
		{ 1258291, "1,2 MB", "1.2 MB" },
		{ 20 * 1024 * 1024, "20 MB", "20 MB" },
		{ 15 * 1024 * 1024 + 1, "15 MB", "15 MB" },
		{ 10444, "10 KB", "10 KB" },
	};
	char out[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		files_size_text(LANG_ID, cases[i].bytes, out, sizeof(out));
		assert_string_equal(out, cases[i].id);
		files_size_text(LANG_EN, cases[i].bytes, out, sizeof(out));
		assert_string_equal(out, cases[i].en);
	}
}

/* Write text to dir/name, its modification time age seconds ago. */
static void
leave_file(const char *dir, const char *name, const char *text, time_t age)
{
	struct timespec times[2];
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	times[0].tv_sec = times[1].tv_sec = time(NULL) - age;
	times[0].tv_nsec = times[1].tv_nsec = 0;
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
}

static bool
exists(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

/* A stored copy is never replaced, not even by other bytes under its name. */
static void
store_never_replaces(void **state)
{
	struct fixture *fx = *state;
	struct file_in f = { 0 };
	char sha[65], dir[256], tmp[256], path[512], got[32] = "";
	struct err e = { 0 };
	FILE *fp;

	sha_hex("new bytes", 9, sha);
	/* The copy of that content already there holds other bytes. */
	snprintf(dir, sizeof(dir), "%s/files/%.2s", fx->dir, sha);
	assert_int_equal(mkdir(dir, 0750), 0);
	snprintf(dir, sizeof(dir), "%s/files/%.2s/%.2s", fx->dir, sha, sha + 2);
	assert_int_equal(mkdir(dir, 0750), 0);
	leave_file(dir, sha, "old bytes", 0);
	leave_file(fx->spool, "up-new.part", "new bytes", 0);
	snprintf(tmp, sizeof(tmp), "%s/up-new.part", fx->spool);
	snprintf(f.sha256, sizeof(f.sha256), "%s", sha);
	f.path = tmp;
	f.size = 9;
	assert_int_equal(files_store(fx->dir, &f, &e), 0);
	assert_null(f.path);
	assert_false(exists(fx->spool, "up-new.part"));
	assert_int_equal(files_path(fx->dir, sha, path, sizeof(path)), 0);
	assert_non_null(fp = fopen(path, "r"));
	assert_non_null(fgets(got, sizeof(got), fp));
	fclose(fp);
	assert_string_equal(got, "old bytes");
	assert_int_equal(unlink(path), 0);
}

/* What crashed processes left in the spool and among the documents goes at
 * start, whatever its name; what may be another process's work stays. */
static void
leftovers_are_swept(void **state)
{
	struct fixture *fx = *state;
	char spool[256], docs[128];
	struct err e = { 0 };

	leave_file(fx->spool, "up-0123abcd.part", "x", 3 * 3600);
	leave_file(fx->spool, "export-Ab12Cd.xlsx", "x", 3 * 3600);
	leave_file(fx->spool, "up-4567cdef.part", "x", 60);
	snprintf(docs, sizeof(docs), "%s/documents", fx->dir);
	assert_int_equal(mkdir(docs, 0750), 0);
	leave_file(docs, ".PCN-2026-000001.pdf.123-0badcafe", "x", 3 * 3600);
	leave_file(docs, ".PCN-2026-000002.pdf.orphan-1700000000-0badcafe", "x", 3 * 3600);
	leave_file(docs, "PCN-2026-000003.pdf", "x", 3 * 3600);
	leave_file(docs, ".PCN-2026-000004.pdf.124-0badcafe", "x", 60);

	assert_int_equal(spool_prepare(fx->dir, spool, sizeof(spool), &e), 0);
	assert_string_equal(spool, fx->spool);
	documents_sweep(fx->dir);
	assert_false(exists(fx->spool, "up-0123abcd.part"));
	assert_false(exists(fx->spool, "export-Ab12Cd.xlsx"));
	assert_true(exists(fx->spool, "up-4567cdef.part"));
	assert_false(exists(docs, ".PCN-2026-000001.pdf.123-0badcafe"));
	assert_true(exists(docs, ".PCN-2026-000002.pdf.orphan-1700000000-0badcafe"));
	assert_true(exists(docs, "PCN-2026-000003.pdf"));
	assert_true(exists(docs, ".PCN-2026-000004.pdf.124-0badcafe"));
	snprintf(spool, sizeof(spool), "%s/up-4567cdef.part", fx->spool);
	assert_int_equal(unlink(spool), 0);
}

/* Each purpose takes the types its form field offers: a photo is never
 * a PDF; codes are the database's. */
static void
purposes_take_their_types(void **state)
{
	static const char *const codes[FILE_PURPOSE_MAX] = { "evidence", "statement", "photo" };
	int p;

	(void)state;
	for (p = 0; p < FILE_PURPOSE_MAX; p++) {
		assert_string_equal(file_purpose_code((enum file_purpose)p), codes[p]);
		assert_int_equal(file_purpose_parse(codes[p]), p);
		assert_true(files_purpose_accepts((enum file_purpose)p, "image/jpeg"));
		assert_true(files_purpose_accepts((enum file_purpose)p, "image/png"));
		assert_true(files_purpose_accepts((enum file_purpose)p, "image/webp"));
		assert_false(files_purpose_accepts((enum file_purpose)p, "text/html"));
		assert_false(files_purpose_accepts((enum file_purpose)p, NULL));
	}
	assert_true(files_purpose_accepts(FILE_EVIDENCE, "application/pdf"));
	assert_true(files_purpose_accepts(FILE_STATEMENT, "application/pdf"));
	assert_false(files_purpose_accepts(FILE_PHOTO, "application/pdf"));
	assert_false(files_purpose_accepts(FILE_PURPOSE_MAX, "image/png"));
	assert_int_equal(file_purpose_parse("poster"), FILE_PURPOSE_MAX);
	assert_string_equal(files_type_name("application/pdf"), "PDF");
	assert_string_equal(files_type_name("image/webp"), "WebP");
	assert_null(files_type_name("text/plain"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(store_keeps_only_accepted_files),
		cmocka_unit_test(refused_bodies_leave_nothing),
		cmocka_unit_test(size_text_reads_well),
		cmocka_unit_test(store_never_replaces),
		cmocka_unit_test(leftovers_are_swept),
		cmocka_unit_test(purposes_take_their_types),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
