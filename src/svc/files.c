/*
 * files.c - checking, storing, accepting, listing and removing uploaded
 * files (files.h); what a file is, by its content, is file_types.c's.
 *
 * The name and Content-Type the browser sent are never trusted; the name
 * is kept, cleaned, for people to read.
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

#include <sodium.h>

#include "svc/audit.h"
#include "svc/file_store.h"
#include "svc/files.h"
#include "svc/progress_store.h"
#include "base/fsync.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/sha256.h"
#include "base/str.h"
#include "base/timefmt.h"

#define NAME_MAX_BYTES 200 /* of a kept file name */
#define NAME_IN_MSG 80     /* of a name quoted in a message */

int
files_path(const char *data_dir, const char *sha256, char *out, size_t cap)
{
	int n;

	if (strlen(sha256) != 64)
		return -1;
	n = snprintf(out, cap, "%s/files/%.2s/%.2s/%s", data_dir, sha256, sha256 + 2, sha256);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* Remove f's temporary file, if any; f->path becomes NULL. */
static void
drop(struct file_in *f)
{
	if (f->path != NULL && unlink(f->path) < 0 && errno != ENOENT)
		log_warn("event=file_unlink_failed errno=%d", errno);
	f->path = NULL;
}

int
files_store(const char *data_dir, struct file_in *f, struct err *e)
{
	struct file_store dir = { .kind = FILE_STORE_DIR, .data_dir = data_dir };

	return files_put_into(&dir, f, e);
}

int
files_put_into(const struct file_store *st, struct file_in *f, struct err *e)
{
	int rc;

	if (f->path == NULL) {
		err_set(e, ERR_FILE_STORE, "cannot store the file");
		return -1;
	}
	rc = file_store_put_path(st, f->sha256, f->path, f->size, e);
	drop(f);
	return rc;
}

int
files_put(struct svc *s, struct file_in *f, struct err *e)
{
	if (file_store_in_db())
		return files_put_into(file_store_current(), f, e);
	return files_store(s->data_dir, f, e);
}

int
files_in_path(struct file_in *f, const char *path, const char *name, uint64_t limit,
    struct err *e)
{
	int fd, rc;

	memset(f, 0, sizeof(*f));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		err_set(e, ERR_FILE_STORE, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	rc = sha256_fd_hex(fd, f->sha256, &f->size);
	close(fd);
	if (rc < 0) {
		err_set(e, ERR_FILE_STORE, "cannot read %s", path);
		return -1;
	}
	f->path = path;
	f->name = name;
	f->limit = limit;
	f->too_large = limit > 0 && f->size > limit;
	f->mime = f->too_large ? NULL : files_sniff(path);
	return 0;
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
	return p[0] == 0xe2 &&
	    ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
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

/* What a file of purpose p is for, in a sentence of s's language. */
static const char *
file_purpose_text(struct svc *s, enum file_purpose p)
{
	char key[64];

	snprintf(key, sizeof(key), "files.for.%s", file_purpose_code(p));
	return i18n_get(s->lang, key);
}

/* Refuse f, sent for purpose p, with the catalog message
 * files.refused.WHY; nothing is kept. */
static int
refuse(struct svc *s, struct file_in *f, enum file_purpose p, const char *why, struct err *e)
{
	const char *name = clean_name(s->arena, f->name != NULL ? f->name : "");
	const char *found = files_type_name(f->mime);
	char key[64], limit[32], *short_name;
	size_t n = cut_at(name, strlen(name), NAME_IN_MSG);

	drop(f);
	short_name = arena_strndup(s->arena, name, n);
	files_size_text(s->lang, f->limit, limit, sizeof(limit));
	snprintf(key, sizeof(key), "files.refused.%s", why);
	err_set(e, ERR_INVALID, "%s",
	    i18n_subst(s->arena, i18n_get(s->lang, key), "name",
		short_name != NULL ? short_name : "", "limit", limit, "types",
		files_purpose_types(p, s->lang), "found", found != NULL ? found : "",
		"purpose", file_purpose_text(s, p), (const char *)NULL));
	return -1;
}

int
files_check(struct svc *s, struct file_in *f, enum file_purpose purpose, struct err *e)
{
	if (f->too_large || (f->limit > 0 && f->size > f->limit))
		return refuse(s, f, purpose, "too_large", e);
	if (f->size == 0 || f->path == NULL)
		return refuse(s, f, purpose, "empty", e);
	if (files_mime_accepted(f->mime) == NULL)
		return refuse(s, f, purpose, "type", e);
	if (!files_purpose_accepts(purpose, f->mime))
		return refuse(s, f, purpose, "type_here", e);
	return 0;
}

int
files_keep(struct svc *s, struct file_in *f, enum file_purpose purpose, struct err *e)
{
	if (files_check(s, f, purpose, e) < 0)
		return -1;
	return files_put(s, f, e);
}

static bool
same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The file place->replaces is a live file of the same place: then it is
 * marked removed. Else 422. */
static int
remove_replaced(struct svc *s, const struct file_place *place, const char *now, struct err *e)
{
	json_t *rows = NULL, *row;
	bool ok;

	if (db_exec(s->c, DB_FILE_GET, (struct db_param[]){ DBP_INT(place->replaces) }, 1,
		&rows, e) < 0)
		return -1;
	row = json_array_get(rows, 0);
	ok = row != NULL &&
	    json_integer_value(json_object_get(row, "participation_id")) ==
		place->participation &&
	    json_is_null(json_object_get(row, "removed_at")) &&
	    file_purpose_parse(json_string_value(json_object_get(row, "purpose"))) ==
		place->purpose &&
	    same_text(json_string_value(json_object_get(row, "indicator")), place->indicator);
	json_decref(rows);
	rows = NULL;
	if (ok &&
	    db_exec(s->c, DB_FILE_REMOVE,
		(struct db_param[]){ DBP_INT(place->replaces), DBP_TEXT(now),
		    s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL },
		3, &rows, e) < 0)
		return -1;
	ok = ok && json_array_size(rows) == 1;
	json_decref(rows);
	if (!ok)
		err_set(e, ERR_INVALID, "%s", i18n_get(s->lang, "files.refused.replaces"));
	return ok ? 0 : -1;
}

int
files_accept(struct svc *s, const struct file_place *place, const struct file_in *f,
    struct stored_file *out, struct err *e)
{
	const char *name = clean_name(s->arena, f->name != NULL ? f->name : "");
	const char *mime = files_mime_accepted(f->mime);
	json_t *summary;
	char now[TIME_ISO_LEN];
	int64_t id;

	memset(out, 0, sizeof(*out));
	if (mime == NULL || strlen(f->sha256) != 64) {
		err_set(e, ERR_INTERNAL, "a file not kept by files_keep");
		return -1;
	}
	time_iso(s->now, now);
	if (place->replaces != 0 && remove_replaced(s, place, now, e) < 0)
		return -1;
	if (db_exec_int(s->c, DB_FILE_INSERT,
		(struct db_param[]){ DBP_TEXT(f->sha256), DBP_TEXT(name), DBP_TEXT(mime),
		    DBP_INT((int64_t)f->size), DBP_INT(place->participation),
		    DBP_TEXT(file_purpose_code(place->purpose)),
		    place->indicator ? DBP_TEXT(place->indicator) : DBP_NULL,
		    s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL, DBP_TEXT(now),
		    place->replaces ? DBP_INT(place->replaces) : DBP_NULL },
		10, "id", &id, e) < 0)
		return -1;
	if (place->purpose == FILE_EVIDENCE &&
	    progress_store_refresh(s->c, s->arena, place->participation, NULL, NULL, e) < 0)
		return -1;
	summary = json_pack("{s:I, s:s, s:s?, s:s, s:s, s:s, s:I}", "participation",
	    (json_int_t)place->participation, "purpose",
	    file_purpose_code(place->purpose), "indicator", place->indicator, "name",
	    name, "sha256", f->sha256, "mime", mime, "size", (json_int_t)f->size);
	if (summary != NULL && place->replaces != 0)
		json_object_set_new(summary, "replaces",
		    json_integer((json_int_t)place->replaces));
	if (svc_audit_new(s, place->replaces ? "file.replace" : "file.upload", "file", id,
		summary, e) < 0)
		return -1;
	out->id = id;
	memcpy(out->sha256, f->sha256, sizeof(out->sha256));
	out->name = name;
	out->mime = mime;
	out->size = (int64_t)f->size;
	return 0;
}

int
files_get(struct svc *s, int64_t id, json_t **row, struct participation *p, struct err *e)
{
	struct object_ref ref;

	if ((*row = db_row(s->c, DB_FILE_GET, id, "file", e)) == NULL)
		return -1;
	if (participation_load(s,
		json_integer_value(json_object_get(*row, "participation_id")), p, e) < 0)
		goto fail;
	ref = p->ref;
	ref.type = OBJ_FILE;
	ref.id = id;
	if (svc_authorize(s, ACT_VIEW, &ref, e) < 0)
		goto fail;
	return 0;
fail:
	json_decref(*row);
	*row = NULL;
	if (e->status == 403 || e->status == 404)
		err_set(e, ERR_NOT_FOUND, "no such file");
	return -1;
}

/* The removal's writes, in the transaction: nothing when it was removed
 * already (a second click). */
static int
remove_write(struct svc *s, int64_t id, json_t *row, const struct participation *p,
    struct err *e)
{
	const char *name = json_string_value(json_object_get(row, "name"));
	char now[TIME_ISO_LEN];
	json_t *rows = NULL;
	bool removed;

	time_iso(s->now, now);
	if (db_exec(s->c, DB_FILE_REMOVE,
		(struct db_param[]){ DBP_INT(id), DBP_TEXT(now),
		    s->actor_id ? DBP_INT(s->actor_id) : DBP_NULL },
		3, &rows, e) < 0)
		return -1;
	removed = json_array_size(rows) == 1;
	json_decref(rows);
	if (!removed)
		return 0;
	if (file_purpose_parse(json_string_value(json_object_get(row, "purpose"))) == FILE_EVIDENCE &&
	    progress_store_refresh(s->c, s->arena, p->id, NULL, NULL, e) < 0)
		return -1;
	if ((name = arena_strdup(s->arena, name != NULL ? name : "")) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	if (svc_audit_new(s, "file.remove", "file", id,
		json_pack("{s:I, s:O, s:O, s:s}", "participation", (json_int_t)p->id,
		    "purpose", json_object_get(row, "purpose"), "indicator",
		    json_object_get(row, "indicator"), "name", name),
		e) < 0)
		return -1;
	return participation_event(s, p, "file_remove", name, e);
}

int
files_remove(struct svc *s, int64_t id, int64_t *pid, struct err *e)
{
	struct participation p;
	struct machine_step step;
	json_t *row = NULL;
	enum transition tr;
	int rc = -1;

	*pid = 0;
	if (svc_begin(s, e) < 0)
		return -1;
	if (files_get(s, id, &row, &p, e) < 0)
		goto end;
	/* Evidence is the unit's in building and while it completes it for
	 * assessment. */
	tr = file_purpose_parse(json_string_value(json_object_get(row, "purpose"))) == FILE_EVIDENCE
	    ? (p.state == PSTATE_EVIDENCE_OPEN ? TR_EVIDENCE : TR_FILL)
	    : TR_RECORD;
	if (participation_guard(s, &p, tr, false, &step, e) < 0 ||
	    remove_write(s, id, row, &p, e) < 0)
		goto end;
	rc = 0;
end:
	json_decref(row);
	if ((rc = svc_end(s, rc, e)) == 0)
		*pid = p.id;
	return rc;
}

json_t *
files_list(struct svc *s, int64_t participation_id, enum file_purpose purpose,
    const char *indicator, struct err *e)
{
	json_t *rows = NULL;

	if (db_exec(s->c, DB_FILE_LIST,
		(struct db_param[]){ DBP_INT(participation_id),
		    purpose < FILE_PURPOSE_MAX ? DBP_TEXT(file_purpose_code(purpose)) : DBP_NULL,
		    indicator ? DBP_TEXT(indicator) : DBP_NULL },
		3, &rows, e) < 0)
		return NULL;
	files_describe(s, rows);
	return rows;
}

void
files_describe(struct svc *s, json_t *rows)
{
	json_t *row;
	char size[32], *href;
	size_t i;

	json_array_foreach(rows, i, row) {
		json_int_t id = json_integer_value(json_object_get(row, "id"));

		files_size_text(s->lang,
		    (uint64_t)json_integer_value(json_object_get(row, "size")), size,
		    sizeof(size));
		href = arena_printf(s->arena, "/berkas/%lld", (long long)id);
		json_object_set_new(row, "size_text", json_string(size));
		json_object_set_new(row, "href", json_string(href ? href : ""));
	}
}

json_t *
files_count_by_indicator(struct svc *s, int64_t participation_id,
    enum file_purpose purpose, struct err *e)
{
	json_t *rows = NULL, *row, *out;
	const char *code;
	size_t i;

	if (db_exec(s->c, DB_FILE_COUNT_BY_INDICATOR,
		(struct db_param[]){ DBP_INT(participation_id),
		    DBP_TEXT(file_purpose_code(purpose)) },
		2, &rows, e) < 0)
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

/* Remove content name in directory path when it is older than the grace
 * time, no row holds it and it was not touched meanwhile; 1 when removed. */
static int
sweep_one(struct db_conn *c, const char *path, const char *name, time_t now, struct err *e)
{
	char file[4200];
	struct stat st, again;
	json_t *rows = NULL;
	size_t used;

	if ((size_t)snprintf(file, sizeof(file), "%s/%s", path, name) >= sizeof(file) ||
	    stat(file, &st) < 0 || !S_ISREG(st.st_mode) ||
	    now - st.st_mtime < FILES_ORPHAN_GRACE)
		return 0;
	if (db_exec(c, DB_FILE_SHA_USED, (struct db_param[]){ DBP_TEXT(name) }, 1, &rows, e) < 0)
		return -1;
	used = json_array_size(rows);
	json_decref(rows);
	if (used > 0 || stat(file, &again) < 0 || again.st_mtime != st.st_mtime ||
	    unlink(file) < 0)
		return 0;
	log_info("event=file_orphan_removed sha256=%s", name);
	return 1;
}

/* What sweep_each counts in. */
struct sweep {
	struct db_conn *c;
	time_t now;
	long removed; /* contents removed so far */
};

static int
sweep_each(void *ctx, const char *dir, const char *name, struct err *e)
{
	struct sweep *sw = ctx;
	int rc = sweep_one(sw->c, dir, name, sw->now, e);

	if (rc < 0)
		return -1;
	sw->removed += rc;
	return 0;
}

long
files_sweep(struct db_conn *c, const char *data_dir, time_t now, struct err *e)
{
	struct sweep sw = { c, now, 0 };

	if (file_store_dir_each(data_dir, sweep_each, &sw, e) < 0)
		return -1;
	return sw.removed;
}
