/*
 * files.c - checking, storing and listing uploaded files (app/files.h).
 *
 * The type of a file is decided by its content only: libmagic's verdict
 * and the format's own signature at the start of the file must name the
 * same accepted type, so neither a renamed executable nor a polyglot that
 * fools one of the two gets through. The name and Content-Type the browser
 * sent are never trusted; the name is kept, cleaned, for people to read.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <magic.h>

#include "web/app.h"
#include "svc/audit.h"
#include "web/auth.h"
#include "svc/files.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/str.h"
#include "base/timefmt.h"
#include "http/spool.h"
#include "http/server.h"

#define SNIFF_BYTES	(64 * 1024)	/* what libmagic is shown of a file */
#define NAME_MAX_BYTES	200		/* of a kept file name */
#define NAME_IN_MSG	80		/* of a name quoted in a message */
#define ACCEPT_ALL_MAX	32		/* files files_accept_all takes at once */

/* The accepted types: a signature at the start, and for WebP a second one. */
static const struct file_type {
	const char *mime;
	const char *sig;		/* bytes at offset 0 */
	size_t sig_len;
	const char *sig2;		/* bytes at offset 8, or NULL */
	size_t sig2_len;
} file_types[] = {
	{ "application/pdf", "%PDF-", 5, NULL, 0 },
	{ "image/jpeg", "\xff\xd8\xff", 3, NULL, 0 },
	{ "image/png", "\x89PNG\r\n\x1a\n", 8, NULL, 0 },
	{ "image/webp", "RIFF", 4, "WEBP", 4 },
};
#define FILE_TYPE_COUNT	(sizeof(file_types) / sizeof(file_types[0]))

/* One libmagic handle per thread: magic_t is not safe to share. */
static pthread_key_t magic_key;
static pthread_once_t magic_once = PTHREAD_ONCE_INIT;
static bool magic_key_ok;

static void
magic_release(void *m)
{
	magic_close(m);
}

static void
magic_key_init(void)
{
	magic_key_ok = pthread_key_create(&magic_key, magic_release) == 0;
}

static magic_t
thread_magic(void)
{
	magic_t m;

	pthread_once(&magic_once, magic_key_init);
	if (!magic_key_ok)
		return NULL;
	if ((m = pthread_getspecific(magic_key)) != NULL)
		return m;
	if ((m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS)) == NULL)
		return NULL;
	if (magic_load(m, NULL) != 0) {
		log_err("event=magic_load_failed msg=\"%s\"", magic_error(m) ?
		    magic_error(m) : "");
		magic_close(m);
		return NULL;
	}
	pthread_setspecific(magic_key, m);
	return m;
}

/* The accepted type whose signature head starts with, or NULL. */
static const struct file_type *
by_signature(const unsigned char *head, size_t len)
{
	const struct file_type *t;
	size_t i;

	for (i = 0; i < FILE_TYPE_COUNT; i++) {
		t = &file_types[i];
		if (len >= t->sig_len && memcmp(head, t->sig, t->sig_len) == 0 &&
		    (t->sig2 == NULL || (len >= 8 + t->sig2_len &&
		    memcmp(head + 8, t->sig2, t->sig2_len) == 0)))
			return t;
	}
	return NULL;
}

const char *
files_sniff(const char *path)
{
	const struct file_type *t;
	const char *found, *mime = NULL;
	unsigned char *head;
	size_t len = 0;
	ssize_t n;
	magic_t m;
	int fd;

	if (path == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return NULL;
	if ((head = malloc(SNIFF_BYTES)) == NULL) {
		close(fd);
		return NULL;
	}
	while (len < SNIFF_BYTES && ((n = read(fd, head + len, SNIFF_BYTES - len)) > 0 ||
	    (n < 0 && errno == EINTR)))
		if (n > 0)
			len += (size_t)n;
	close(fd);
	if ((t = by_signature(head, len)) != NULL) {
		if ((m = thread_magic()) == NULL || (found = magic_buffer(m, head, len)) == NULL)
			log_err("event=magic_failed");
		else if (strcmp(found, t->mime) == 0)
			mime = t->mime;
	}
	free(head);
	return mime;
}

int
files_path(const char *data_dir, const char *sha256, char *out, size_t cap)
{
	int n;

	if (strlen(sha256) != 64)
		return -1;
	n = snprintf(out, cap, "%s/files/%.2s/%.2s/%s", data_dir, sha256, sha256 + 2, sha256);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* Flush directory path's entries (a new file or directory in it) to disk. */
static int
sync_dir(const char *path)
{
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Create directory path unless it exists; a new one is made durable in
 * its parent, the first len bytes of path. */
static int
make_dir(char *path, size_t len)
{
	char keep;
	int rc;

	if (mkdir(path, 0750) < 0)
		return errno == EEXIST ? 0 : -1;
	keep = path[len];
	path[len] = '\0';
	rc = sync_dir(path);
	path[len] = keep;
	return rc;
}

/* Make the stored copy durable before a row points at it. */
static int
sync_file(const char *path)
{
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
files_store(const char *data_dir, struct req_file *f, struct err *e)
{
	char dest[4096], dir[4096];
	size_t n;

	if (f->path == NULL || files_path(data_dir, f->sha256, dest, sizeof(dest)) < 0)
		goto fail;
	/* DATA_DIR/files/ab, then DATA_DIR/files/ab/cd, each made durable in
	 * its parent when new. */
	n = strlen(dest) - 65 - 3;
	memcpy(dir, dest, n);
	dir[n] = '\0';
	if (make_dir(dir, n - 3) < 0)
		goto fail;
	n += 3;
	memcpy(dir, dest, n);
	dir[n] = '\0';
	if (make_dir(dir, n - 3) < 0 || sync_file(f->path) < 0)
		goto fail;
	/* link() never replaces: the first copy of a content stays. Its name
	 * is made durable before a row points at it. */
	if ((link(f->path, dest) < 0 && errno != EEXIST) || sync_dir(dir) < 0)
		goto fail;
	spool_discard(f);
	return 0;
fail:
	log_err("event=file_store_failed errno=%d", errno);
	spool_discard(f);
	err_set(e, ERR_FILE_STORE, "cannot store the file");
	return -1;
}

void
files_size_text(enum lang l, uint64_t bytes, char *out, size_t cap)
{
	static const char *const units[] = { "KB", "MB", "GB", "TB" };
	double v = (double)bytes / 1024;
	long tenths;
	size_t u = 0;

	if (bytes < 1024) {
		snprintf(out, cap, "%llu B", (unsigned long long)bytes);
		return;
	}
	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	tenths = (long)(v * 10 + 0.5);
	if (tenths < 100 && tenths % 10 != 0)
		snprintf(out, cap, "%ld%c%ld %s", tenths / 10, l == LANG_EN ? '.' : ',',
		    tenths % 10, units[u]);
	else
		snprintf(out, cap, "%.0f %s", v, units[u]);
}

/* How much of s (len bytes) fits in max bytes without splitting a UTF-8
 * character. */
static size_t
cut_at(const char *s, size_t len, size_t max)
{
	return utf8_cut(s, len < max ? len : max);
}

/* A direction override (U+202A..U+202E, U+2066..U+2069) at p: it could
 * make "exe.pdf" read as "fdp.exe". */
static bool
is_bidi_control(const unsigned char *p)
{
	return p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
	    (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9));
}

/*
 * The name to keep: the last component of what the browser sent (some send
 * a whole Windows path), control and direction characters replaced, at
 * most NAME_MAX_BYTES keeping the extension; "berkas" when nothing is left.
 */
static const char *
clean_name(struct arena *a, const char *raw)
{
	const char *base = raw, *p, *ext;
	size_t len, extlen, keep;
	struct buf b;
	char *out;

	for (p = raw; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	while (*base == ' ' || *base == '.')
		base++;
	len = strlen(base);
	if (len == 0 || !utf8_valid(base, len))
		return "berkas";
	buf_init(&b, len + 1);
	for (p = base; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < 0x20 || c == 0x7f || c == '"')
			buf_putc(&b, '_');
		else if (is_bidi_control((const unsigned char *)p)) {
			buf_putc(&b, '_');
			p += 2;
		} else
			buf_putc(&b, (char)c);
	}
	if (b.failed) {
		buf_free(&b);
		return "berkas";
	}
	len = b.len;
	ext = strrchr(buf_cstr(&b), '.');
	extlen = ext != NULL && strlen(ext) <= 10 ? strlen(ext) : 0;
	keep = cut_at(buf_cstr(&b), len - extlen, NAME_MAX_BYTES - extlen);
	out = arena_alloc(a, keep + extlen + 1);
	if (out != NULL) {
		memcpy(out, b.data, keep);
		memcpy(out + keep, b.data + len - extlen, extlen);
		out[keep + extlen] = '\0';
	}
	buf_free(&b);
	return out != NULL ? out : "berkas";
}

/* Refuse f with the catalog message files.refused.WHY; nothing is kept. */
static int
refuse(struct request *req, struct req_file *f, const char *why, uint64_t limit_bytes,
    struct err *e)
{
	enum lang l = req_lang(req);
	const char *name = clean_name(&req->arena, f->filename);
	char key[64], limit[32], *short_name;
	size_t n = cut_at(name, strlen(name), NAME_IN_MSG);

	spool_discard(f);
	short_name = arena_strndup(&req->arena, name, n);
	files_size_text(l, limit_bytes, limit, sizeof(limit));
	snprintf(key, sizeof(key), "files.refused.%s", why);
	err_set(e, ERR_INVALID, "%s", i18n_subst(&req->arena, i18n_get(l, key),
	    "name", short_name != NULL ? short_name : "", "limit", limit, (const char *)NULL));
	return -1;
}

int
files_check(struct request *req, struct req_file *f, uint64_t limit, const char **mime,
    struct err *e)
{
	if (f->too_large || f->size > limit)
		return refuse(req, f, "too_large", limit, e);
	if (f->size == 0 || f->path == NULL)
		return refuse(req, f, "empty", limit, e);
	if ((*mime = files_sniff(f->path)) == NULL)
		return refuse(req, f, "type", limit, e);
	return 0;
}

/* files_check with the server's limit. */
static int
check_file(struct request *req, struct req_file *f, const char **mime, struct err *e)
{
	return files_check(req, f, server_config(req->srv)->upload_max, mime, e);
}

/* A file part that carries a file: not a file input left empty. */
static bool
is_chosen(const struct req_file *f)
{
	return f->filename[0] != '\0' || f->size > 0 || f->too_large;
}

static bool
same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* File `replaces` is a live file of the same participation, purpose and
 * indicator; else 422. */
static int
check_replaces(struct request *req, struct db_conn *c, int64_t replaces, int64_t pid,
    const char *purpose, const char *indicator, struct err *e)
{
	json_t *rows = NULL, *row;
	bool ok;

	if (db_exec(c, DB_FILE_GET, (struct db_param[]){ DBP_INT(replaces) }, 1, &rows,
	    e) < 0)
		return -1;
	row = json_array_get(rows, 0);
	ok = row != NULL &&
	    json_integer_value(json_object_get(row, "participation_id")) == pid &&
	    json_is_null(json_object_get(row, "removed_at")) &&
	    same_text(json_string_value(json_object_get(row, "purpose")), purpose) &&
	    same_text(json_string_value(json_object_get(row, "indicator")), indicator);
	json_decref(rows);
	if (!ok)
		err_set(e, ERR_INVALID, "%s",
		    i18n_get(req_lang(req), "files.refused.replaces"));
	return ok ? 0 : -1;
}

/* Store a checked file and insert its row (the old one removed when it
 * replaces one), with its audit entry. */
static int
keep(struct request *req, struct db_conn *c, struct req_file *f, const char *mime,
    int64_t pid, const char *purpose, const char *indicator, int64_t replaces,
    struct stored_file *out, struct err *e)
{
	int64_t user = req_auth(req)->user_id;
	const char *name = clean_name(&req->arena, f->filename);
	json_t *rows = NULL, *summary;
	char now[TIME_ISO_LEN];
	int64_t id;
	int rc;

	time_iso(time(NULL), now);
	memcpy(out->sha256, f->sha256, sizeof(out->sha256));
	out->size = (int64_t)f->size;
	if (files_store(req_app(req)->data_dir, f, e) < 0)
		return -1;
	if (replaces != 0) {
		if (db_exec(c, DB_FILE_REMOVE, (struct db_param[]){ DBP_INT(replaces),
		    DBP_TEXT(now), user ? DBP_INT(user) : DBP_NULL }, 3, &rows, e) < 0)
			return -1;
		rc = json_array_size(rows) == 1 ? 0 : -1;
		json_decref(rows);
		if (rc < 0) {
			err_set(e, ERR_INVALID, "%s",
			    i18n_get(req_lang(req), "files.refused.replaces"));
			return -1;
		}
	}
	if (db_exec(c, DB_FILE_INSERT, (struct db_param[]){ DBP_TEXT(out->sha256),
	    DBP_TEXT(name), DBP_TEXT(mime), DBP_INT(out->size), DBP_INT(pid),
	    DBP_TEXT(purpose), indicator ? DBP_TEXT(indicator) : DBP_NULL,
	    user ? DBP_INT(user) : DBP_NULL, DBP_TEXT(now),
	    replaces ? DBP_INT(replaces) : DBP_NULL }, 10, &rows, e) < 0)
		return -1;
	id = json_integer_value(json_object_get(json_array_get(rows, 0), "id"));
	json_decref(rows);
	summary = json_pack("{s:I, s:s, s:s?, s:s, s:s, s:s, s:I}", "participation",
	    (json_int_t)pid, "purpose", purpose, "indicator", indicator, "name", name,
	    "sha256", out->sha256, "mime", mime, "size", (json_int_t)out->size);
	if (summary != NULL && replaces != 0)
		json_object_set_new(summary, "replaces", json_integer((json_int_t)replaces));
	if (audit_record_new(req, c, replaces ? "file.replace" : "file.upload", "file", id,
	    summary, e) < 0)
		return -1;
	out->id = id;
	out->name = name;
	out->mime = mime;
	return 0;
}

int
files_accept(struct request *req, struct db_conn *c, const char *field,
    int64_t participation_id, const char *purpose, const char *indicator,
    int64_t replaces, struct stored_file *out, struct err *e)
{
	struct req_file *f = NULL;
	const char *mime;
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < req->file_count && f == NULL; i++)
		if (strcmp(req->files[i].field, field) == 0 && is_chosen(&req->files[i]))
			f = &req->files[i];
	if (f == NULL)
		return 0;
	if (check_file(req, f, &mime, e) < 0)
		return -1;
	if (replaces != 0 && check_replaces(req, c, replaces, participation_id, purpose,
	    indicator, e) < 0) {
		spool_discard(f);
		return -1;
	}
	return keep(req, c, f, mime, participation_id, purpose, indicator, replaces, out, e);
}

/* Drop every file of field: after one of them was refused. */
static void
discard_field(struct request *req, const char *field)
{
	size_t i;

	for (i = 0; i < req->file_count; i++)
		if (strcmp(req->files[i].field, field) == 0)
			spool_discard(&req->files[i]);
}

int
files_accept_all(struct request *req, struct db_conn *c, const char *field,
    int64_t participation_id, const char *purpose, const char *indicator,
    size_t max, struct stored_file *out, size_t *n, struct err *e)
{
	const char *mimes[ACCEPT_ALL_MAX];
	struct req_file *f;
	size_t i, count = 0;

	*n = 0;
	/* Every file is checked before any is stored. */
	for (i = 0; i < req->file_count; i++) {
		f = &req->files[i];
		if (strcmp(f->field, field) != 0 || !is_chosen(f))
			continue;
		if (count == max || count == ACCEPT_ALL_MAX) {
			discard_field(req, field);
			err_set(e, ERR_INVALID, "%s", i18n_fill(&req->arena,
			    i18n_get(req_lang(req), "files.refused.too_many"), (long)max));
			return -1;
		}
		if (check_file(req, f, &mimes[count], e) < 0) {
			discard_field(req, field);
			return -1;
		}
		count++;
	}
	for (i = 0, count = 0; i < req->file_count; i++) {
		f = &req->files[i];
		if (strcmp(f->field, field) != 0 || !is_chosen(f))
			continue;
		if (keep(req, c, f, mimes[count], participation_id, purpose, indicator, 0,
		    &out[count], e) < 0) {
			discard_field(req, field);
			return -1;
		}
		*n = ++count;
	}
	return 0;
}

json_t *
files_list(struct request *req, struct db_conn *c, int64_t participation_id,
    const char *purpose, const char *indicator, struct err *e)
{
	json_t *rows = NULL, *row;
	char size[32], *href;
	size_t i;

	if (db_exec(c, DB_FILE_LIST, (struct db_param[]){ DBP_INT(participation_id),
	    purpose ? DBP_TEXT(purpose) : DBP_NULL, indicator ? DBP_TEXT(indicator) : DBP_NULL },
	    3, &rows, e) < 0)
		return NULL;
	json_array_foreach(rows, i, row) {
		json_int_t id = json_integer_value(json_object_get(row, "id"));

		files_size_text(req_lang(req),
		    (uint64_t)json_integer_value(json_object_get(row, "size")), size, sizeof(size));
		href = arena_printf(&req->arena, "/berkas/%lld", (long long)id);
		json_object_set_new(row, "size_text", json_string(size));
		json_object_set_new(row, "href", json_string(href ? href : ""));
	}
	return rows;
}

json_t *
files_count_by_indicator(struct request *req, struct db_conn *c,
    int64_t participation_id, const char *purpose, struct err *e)
{
	json_t *rows = NULL, *row, *out;
	const char *code;
	size_t i;

	if (db_exec(c, DB_FILE_COUNT_BY_INDICATOR, (struct db_param[]){
	    DBP_INT(participation_id), DBP_TEXT(purpose) }, 2, &rows, e) < 0)
		return NULL;
	if ((out = json_object()) == NULL) {
		json_decref(rows);
		err_set(e, ERR_NOMEM, "out of memory");
		return NULL;
	}
	json_array_foreach(rows, i, row)
		if ((code = json_string_value(json_object_get(row, "indicator"))) != NULL)
			json_object_set(out, code, json_object_get(row, "n"));
	json_decref(rows);
	return out;
}

const char *
files_mime_accepted(const char *mime)
{
	size_t i;

	for (i = 0; mime != NULL && i < FILE_TYPE_COUNT; i++)
		if (strcmp(mime, file_types[i].mime) == 0)
			return file_types[i].mime;
	return NULL;
}
