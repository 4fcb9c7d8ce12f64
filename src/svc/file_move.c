/*
 * file_move.c - moving contents between the two file stores and checking
 * one (file_move.h). Uploaded contents are streamed, a piece at a time;
 * a generated document (a PDF of at most a few megabytes, made whole in
 * memory when it was issued) is read whole.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "base/fdio.h"
#include "base/sha256.h"
#include "svc/documents.h"
#include "svc/file_move.h"
#include "svc/files.h"

#define PAGE 500                         /* rows read at a time */
#define DOC_READ_MAX (256 * 1024 * 1024) /* bytes of a document read whole */

struct move {
	struct db_conn *c;
	const struct file_store *src, *dst; /* dst NULL: verifying src */
	struct file_move_counts *n;
	FILE *report;
};

typedef int (*content_fn)(struct move *m, const char *sha256, uint64_t size, struct err *e);

/* Name a bad content in the report and count it. */
static void
bad(struct move *m, const char *what, const char *name)
{
	if (strcmp(what, "missing") == 0)
		m->n->missing++;
	else
		m->n->damaged++;
	fprintf(m->report, "p2ham: %s: %s\n", what, name);
}

/* A store error that is the content's (missing, damaged) rather than the
 * store's or the database's. */
static bool
content_error(const struct err *e)
{
	return e->kind == ERR_FILE_STORE;
}

/* What dir_one passes each content of the directory store to. */
struct dir_walk {
	struct move *m;
	content_fn fn;
};

/* Content name in folder dir, when it is a regular file, to the walk's fn. */
static int
dir_one(void *ctx, const char *dir, const char *name, struct err *e)
{
	struct dir_walk *w = ctx;
	char path[4400];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	return w->fn(w->m, name, (uint64_t)st.st_size, e);
}

/* Each upload content of the directory store under data_dir. */
static int
each_dir(struct move *m, const char *data_dir, content_fn fn, struct err *e)
{
	struct dir_walk w = { m, fn };

	return file_store_dir_each(data_dir, dir_one, &w, e);
}

/* Each content of the database store (those of documents only left out
 * when uploads_only). */
static int
each_db(struct move *m, bool uploads_only, content_fn fn, struct err *e)
{
	char after[65] = "";
	json_t *rows = NULL, *row;
	size_t i, got;
	int rc = 0;

	do {
		if (db_exec(m->c, DB_FILE_BLOB_PAGE,
			(struct db_param[]){ DBP_TEXT(after), DBP_INT(PAGE),
			    DBP_INT(uploads_only) },
			3, &rows, e) < 0)
			return -1;
		got = json_array_size(rows);
		json_array_foreach(rows, i, row) {
			const char *sha = json_string_value(json_object_get(row, "sha256"));

			snprintf(after, sizeof(after), "%s", sha);
			if ((rc = fn(m, sha,
				 (uint64_t)json_integer_value(json_object_get(row, "size")),
				 e)) < 0)
				break;
		}
		json_decref(rows);
	} while (rc == 0 && got == PAGE);
	return rc;
}

static int
each_content(struct move *m, const struct file_store *st, content_fn fn, struct err *e)
{
	return st->kind == FILE_STORE_DIR ? each_dir(m, st->data_dir, fn, e)
					  : each_db(m, m->dst != NULL, fn, e);
}

/* Read content sha256 back from st and hash it: 0 whole, 1 damaged or
 * missing (reported), -1 with e. */
static int
check(struct move *m, const struct file_store *st, const char *sha256, uint64_t size,
    struct err *e)
{
	struct file_reader *r;
	int rc;

	if ((r = file_store_open(st, sha256, size, e)) == NULL) {
		if (!content_error(e))
			return -1;
		bad(m, "damaged", sha256);
		return 1;
	}
	rc = file_reader_check(r, sha256, e);
	file_reader_close(r);
	if (rc < 0 && !content_error(e))
		return -1;
	if (rc != 0)
		bad(m, "damaged", sha256);
	return rc != 0;
}

/* Content sha256 from the database into a new temporary file of the data
 * directory, hashed on the way, its name in tmp; 1 when it is damaged. */
static int
db_to_temp(struct move *m, const char *sha256, uint64_t size, char *tmp, size_t cap,
    struct err *e)
{
	crypto_hash_sha256_state hs;
	unsigned char *buf = NULL;
	char hex[SHA256_HEX_LEN];
	struct file_reader *r;
	ssize_t n = -1;
	int fd = -1;

	snprintf(tmp, cap, "%s/files", m->dst->data_dir);
	(void)mkdir(tmp, 0750);
	snprintf(tmp, cap, "%s/files/tmp", m->dst->data_dir);
	(void)mkdir(tmp, 0750);
	snprintf(tmp, cap, "%s/files/tmp/move-%08x%08x.part", m->dst->data_dir,
	    (unsigned)randombytes_random(), (unsigned)randombytes_random());
	if ((r = file_store_open(m->src, sha256, size, e)) == NULL)
		return content_error(e) ? 1 : -1;
	if ((buf = malloc(FILE_CHUNK)) == NULL ||
	    (fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		err_set(e, ERR_FILE_STORE, "cannot write %s: %s", tmp, strerror(errno));
		goto fail;
	}
	crypto_hash_sha256_init(&hs);
	while ((n = file_reader_read(r, buf, FILE_CHUNK, e)) > 0) {
		crypto_hash_sha256_update(&hs, buf, (unsigned long long)n);
		if (fd_write_all(fd, buf, (size_t)n) < 0) {
			err_set(e, ERR_FILE_STORE, "cannot write %s: %s", tmp, strerror(errno));
			n = -2;
			break;
		}
	}
	free(buf);
	file_reader_close(r);
	if (close(fd) < 0 || n < 0) {
		unlink(tmp);
		return n == -1 && content_error(e) ? 1 : -1;
	}
	sha256_final_hex(&hs, hex);
	if (strcmp(hex, sha256) != 0) {
		unlink(tmp);
		return 1;
	}
	return 0;
fail:
	free(buf);
	file_reader_close(r);
	return -1;
}

/* Copy content sha256 from m->src to m->dst: 0, 1 when the source's copy
 * is damaged (reported), -1 with e. */
static int
copy(struct move *m, const char *sha256, uint64_t size, struct err *e)
{
	char path[4400];
	int rc;

	if (m->src->kind == FILE_STORE_DIR) {
		if (files_path(m->src->data_dir, sha256, path, sizeof(path)) < 0)
			return -1;
		rc = file_store_put_path(m->dst, sha256, path, size, e);
	} else {
		if ((rc = db_to_temp(m, sha256, size, path, sizeof(path), e)) != 0)
			goto done;
		rc = file_store_put_path(m->dst, sha256, path, size, e);
		unlink(path);
	}
	if (rc < 0 && content_error(e))
		rc = 1;
done:
	if (rc > 0)
		bad(m, "damaged", sha256);
	return rc;
}

/* One content of the source: copied unless the destination has it, then
 * read back from there. */
static int
move_one(struct move *m, const char *sha256, uint64_t size, struct err *e)
{
	uint64_t have;
	int rc;

	if ((rc = file_store_stat(m->dst, sha256, &have, e)) < 0)
		return -1;
	if (rc == 1 && have == size) {
		m->n->present++;
	} else {
		if ((rc = copy(m, sha256, size, e)) != 0)
			return rc < 0 ? -1 : 0;
		m->n->copied++;
	}
	if ((rc = check(m, m->dst, sha256, size, e)) < 0)
		return -1;
	m->n->checked += rc == 0;
	return 0;
}

/* One content of the store being verified. */
static int
verify_one(struct move *m, const char *sha256, uint64_t size, struct err *e)
{
	int rc = check(m, m->src, sha256, size, e);

	m->n->checked += rc == 0;
	return rc < 0 ? -1 : 0;
}

/* A content a row holds: moved when the destination lacks it (verifying:
 * missing when the store lacks it). */
static int
held_one(struct move *m, const char *sha256, struct err *e)
{
	const struct file_store *st = m->dst != NULL ? m->dst : m->src;
	uint64_t size;
	int rc;

	if ((rc = file_store_stat(st, sha256, &size, e)) != 0 || m->dst == NULL) {
		if (rc == 0)
			bad(m, "missing", sha256);
		return rc < 0 ? -1 : 0;
	}
	if ((rc = file_store_stat(m->src, sha256, &size, e)) <= 0) {
		if (rc == 0)
			bad(m, "missing", sha256);
		return rc;
	}
	return move_one(m, sha256, size, e);
}

/* Each row of st, read PAGE at a time in the order of its column key (a
 * text), handed to one; stops at the first failure. */
static int
each_row(struct move *m, enum db_stmt st, const char *key,
    int (*one)(struct move *, json_t *, struct err *), struct err *e)
{
	char after[128] = "";
	json_t *rows = NULL, *row;
	size_t i, got;
	int rc = 0;

	do {
		if (db_exec(m->c, st, (struct db_param[]){ DBP_TEXT(after), DBP_INT(PAGE) },
			2, &rows, e) < 0)
			return -1;
		got = json_array_size(rows);
		json_array_foreach(rows, i, row) {
			const char *k = json_string_value(json_object_get(row, key));

			snprintf(after, sizeof(after), "%s", k != NULL ? k : "");
			if ((rc = one(m, row, e)) < 0)
				break;
		}
		json_decref(rows);
	} while (rc == 0 && got == PAGE);
	return rc;
}

/* A row holding a content (DB_FILE_REFS_PAGE). */
static int
held_row(struct move *m, json_t *row, struct err *e)
{
	const char *sha = json_string_value(json_object_get(row, "sha256"));

	return file_store_hash_valid(sha) ? held_one(m, sha, e) : 0;
}

/* The whole of file path, malloc'd, into *data; 0 when it is missing. */
static int
read_whole(const char *path, unsigned char **data, size_t *len, struct err *e)
{
	struct stat st;
	int fd;

	*data = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		if (errno == ENOENT)
			return 0;
		err_set(e, ERR_FILE_STORE, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || st.st_size > DOC_READ_MAX ||
	    (*data = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		err_set(e, ERR_FILE_STORE, "cannot read %s", path);
		return -1;
	}
	if (fd_read_full(fd, *data, (size_t)st.st_size, len) < 0) {
		err_set(e, ERR_FILE_STORE, "cannot read %s: %s", path, strerror(errno));
		close(fd);
		free(*data);
		*data = NULL;
		return -1;
	}
	close(fd);
	return 1;
}

/* Document serial's bytes from store st into *data: 1, 0 when missing,
 * -1 with e. */
static int
doc_read(const struct file_store *st, const char *serial, const char *sha256,
    unsigned char **data, size_t *len, struct err *e)
{
	struct file_reader *r;
	uint64_t size;
	ssize_t n;
	int rc;

	if (st->kind == FILE_STORE_DIR) {
		char path[4200];

		if (document_path(st->data_dir, serial, path, sizeof(path)) < 0)
			return -1;
		return read_whole(path, data, len, e);
	}
	*data = NULL;
	*len = 0;
	if ((rc = file_store_stat(st, sha256, &size, e)) <= 0)
		return rc;
	if (size > DOC_READ_MAX || (*data = malloc((size_t)size + 1)) == NULL ||
	    (r = file_store_open(st, sha256, size, e)) == NULL) {
		err_set(e, ERR_FILE_STORE, "cannot read document %s", serial);
		return -1;
	}
	while ((n = file_reader_read(r, *data + *len, (size_t)size - *len, e)) > 0)
		*len += (size_t)n;
	file_reader_close(r);
	return n < 0 ? -1 : 1;
}

/* Document serial (content sha256): copied into the destination unless it
 * is there, then read back (verifying: read from the store). */
static int
doc_one(struct move *m, const char *serial, const char *sha256, struct err *e)
{
	const struct file_store *st = m->dst != NULL ? m->dst : m->src;
	unsigned char *data = NULL;
	size_t len;
	char hex[65];
	int rc;

	if ((rc = doc_read(st, serial, sha256, &data, &len, e)) < 0)
		return -1;
	if (rc == 0 && m->dst != NULL) {
		if ((rc = doc_read(m->src, serial, sha256, &data, &len, e)) < 0)
			return -1;
		if (rc == 1) {
			sha256_hex(data, len, hex);
			rc = strcmp(hex, sha256) != 0 ? 2
			    : m->dst->kind == FILE_STORE_DB
			    ? file_store_put_mem(m->dst, sha256, data, len, e)
			    : document_store_file(m->dst->data_dir, serial, data, len, e);
			free(data);
			data = NULL;
			if (rc < 0)
				return -1;
			if (rc == 2) {
				bad(m, "damaged", serial);
				return 0;
			}
			m->n->docs_copied++;
			rc = doc_read(m->dst, serial, sha256, &data, &len, e);
		}
	} else if (rc == 1 && m->dst != NULL)
		m->n->docs_present++;
	if (rc <= 0) {
		if (rc == 0)
			bad(m, "missing", serial);
		return rc;
	}
	sha256_hex(data, len, hex);
	free(data);
	if (strcmp(hex, sha256) != 0)
		bad(m, "damaged", serial);
	else
		m->n->docs_checked++;
	return 0;
}

/* A generated document (DB_DOCUMENT_FILES_PAGE). */
static int
doc_row(struct move *m, json_t *row, struct err *e)
{
	const char *serial = json_string_value(json_object_get(row, "serial"));
	const char *sha = json_string_value(json_object_get(row, "sha256"));

	if (serial == NULL || !file_store_hash_valid(sha))
		return 0;
	return doc_one(m, serial, sha, e);
}

/* Each content a row holds, then each generated document. */
static int
each_held(struct move *m, struct err *e)
{
	if (each_row(m, DB_FILE_REFS_PAGE, "sha256", held_row, e) < 0 ||
	    each_row(m, DB_DOCUMENT_FILES_PAGE, "serial", doc_row, e) < 0)
		return -1;
	return 0;
}

int
file_move(struct db_conn *c, const struct file_store *src, const struct file_store *dst,
    struct file_move_counts *n, FILE *report, struct err *e)
{
	struct move m = { .c = c, .src = src, .dst = dst, .n = n, .report = report };

	memset(n, 0, sizeof(*n));
	if (each_content(&m, src, move_one, e) < 0 || each_held(&m, e) < 0)
		return -1;
	return 0;
}

int
file_verify(struct db_conn *c, const struct file_store *st, struct file_move_counts *n,
    FILE *report, struct err *e)
{
	struct move m = { .c = c, .src = st, .dst = NULL, .n = n, .report = report };

	memset(n, 0, sizeof(*n));
	if (each_content(&m, st, verify_one, e) < 0 || each_held(&m, e) < 0)
		return -1;
	return 0;
}
