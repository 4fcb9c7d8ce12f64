/*
 * spool.c - streamed multipart uploads: the parser's callbacks write file
 * parts to temporary files while hashing them and collect text fields.
 *
 * A temporary file is created only when the first byte of its part
 * arrives, so a file input left empty, or an empty file, never touches the
 * disk. The first refusal is kept and everything after it is ignored, so
 * the server can read the rest of the body and answer cleanly.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "base/buf.h"
#include "base/fdio.h"
#include "base/log.h"
#include "base/sha256.h"
#include "base/str.h"
#include "http/multipart.h"
#include "http/spool.h"

#define SPOOL_HEADERS_MAX 8         /* header lines of one part */
#define SPOOL_STALE_SECS (2 * 3600) /* older temporary files are a crash's */

struct spool {
	struct request *req;               /* whose arena, form and files */
	struct spool_limits lim;           /* copied at open; dir in the arena */
	struct multipart mp;               /* the parser */
	struct err err;                    /* the first refusal; status 0 until then */
	bool failed;                       /* the body was refused or aborted */
	bool in_text;                      /* the current part is a text field */
	char *key;                         /* its name */
	struct buf text;                   /* its bytes so far */
	struct kv items[SPOOL_FIELDS_MAX]; /* text fields collected */
	size_t count;                      /* of items */
	struct req_file *cur;              /* the file part being received, or NULL */
	int fd;                            /* its temporary file, -1 when not open */
	crypto_hash_sha256_state sha;      /* its hash so far */
};

void
spool_discard(struct req_file *f)
{
	if (f->path != NULL && unlink(f->path) < 0 && errno != ENOENT)
		log_warn("event=spool_unlink_failed errno=%d", errno);
	f->path = NULL;
}

static void
close_current(struct spool *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* Remove every temporary file: on a refusal, and when the request ends. */
static void
remove_all(struct spool *s)
{
	size_t i;

	close_current(s);
	for (i = 0; i < s->req->file_count; i++)
		spool_discard(&s->req->files[i]);
}

static void
cleanup(void *arg)
{
	struct spool *s = arg;

	remove_all(s);
	buf_free(&s->text);
}

/* Keep the first refusal, drop what was spooled; always -1 (the parser's
 * callbacks return it to stop). */
static int
refuse(struct spool *s, enum err_kind k, const char *msg)
{
	if (!s->failed) {
		s->failed = true;
		err_set(&s->err, k, "%s", msg);
	}
	remove_all(s);
	return -1;
}

static int
on_begin(void *ctx, const struct multipart_part *part)
{
	struct spool *s = ctx;
	struct arena *a = &s->req->arena;
	struct req_file *f;

	buf_reset(&s->text);
	s->in_text = false;
	s->cur = NULL;
	if (part->filename == NULL) {
		if (s->count == SPOOL_FIELDS_MAX)
			return refuse(s, ERR_TOO_LARGE, "too many form fields");
		if ((s->key = arena_strdup(a, part->name)) == NULL)
			return refuse(s, ERR_TOO_LARGE, "request needs too much memory");
		s->in_text = true;
		return 0;
	}
	if (s->req->file_count == s->lim.max_files)
		return refuse(s, ERR_TOO_LARGE, "too many files in one request");
	f = &s->req->files[s->req->file_count];
	memset(f, 0, sizeof(*f));
	f->field = arena_strdup(a, part->name);
	f->filename = arena_strdup(a, part->filename);
	f->content_type = arena_strdup(a, part->content_type);
	if (f->field == NULL || f->filename == NULL || f->content_type == NULL)
		return refuse(s, ERR_TOO_LARGE, "request needs too much memory");
	s->req->file_count++;
	s->cur = f;
	crypto_hash_sha256_init(&s->sha);
	return 0;
}

/* Create the current file's temporary file. */
static int
open_temp(struct spool *s)
{
	unsigned char rnd[16];
	char hex[33];
	char *path;

	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	if ((path = arena_printf(&s->req->arena, "%s/up-%s.part", s->lim.dir, hex)) == NULL)
		return refuse(s, ERR_TOO_LARGE, "request needs too much memory");
	s->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (s->fd < 0) {
		log_err("event=spool_open_failed dir=%s errno=%d", s->lim.dir, errno);
		return refuse(s, ERR_FILE_STORE, "cannot store the upload");
	}
	s->cur->path = path;
	return 0;
}

static int
file_data(struct spool *s, const char *p, size_t len)
{
	struct req_file *f = s->cur;

	if (f->too_large)
		return 0;
	if (len > s->lim.file_max - f->size) {
		/* Past the limit: what came is dropped now, what follows
		 * is read and ignored. */
		f->too_large = true;
		close_current(s);
		spool_discard(f);
		return 0;
	}
	if (s->fd < 0 && open_temp(s) < 0)
		return -1;
	if (fd_write_all(s->fd, p, len) < 0) {
		log_err("event=spool_write_failed errno=%d", errno);
		return refuse(s, ERR_FILE_STORE, "cannot store the upload");
	}
	crypto_hash_sha256_update(&s->sha, (const unsigned char *)p, len);
	f->size += len;
	return 0;
}

static int
on_data(void *ctx, const char *p, size_t len)
{
	struct spool *s = ctx;

	if (s->cur != NULL)
		return file_data(s, p, len);
	if (!s->in_text)
		return 0;
	if (len > SPOOL_TEXT_MAX - s->text.len)
		return refuse(s, ERR_BAD_MULTIPART, "a text field is too long");
	buf_append(&s->text, p, len);
	return s->text.failed ? refuse(s, ERR_TOO_LARGE, "request needs too much memory") : 0;
}

static int
on_end(void *ctx)
{
	struct spool *s = ctx;
	char *v;

	if (s->cur != NULL) {
		if (s->fd >= 0 && close(s->fd) < 0) {
			s->fd = -1;
			log_err("event=spool_write_failed errno=%d", errno);
			return refuse(s, ERR_FILE_STORE, "cannot store the upload");
		}
		s->fd = -1;
		if (!s->cur->too_large) {
			sha256_final_hex(&s->sha, s->cur->sha256);
		}
		s->cur = NULL;
		return 0;
	}
	if (!s->in_text)
		return 0;
	s->in_text = false;
	if (!utf8_valid(buf_cstr(&s->text), s->text.len))
		return refuse(s, ERR_BAD_MULTIPART, "a text field is not UTF-8");
	if ((v = arena_strndup(&s->req->arena, buf_cstr(&s->text), s->text.len)) == NULL)
		return refuse(s, ERR_TOO_LARGE, "request needs too much memory");
	s->items[s->count].key = (struct slice){ s->key, strlen(s->key) };
	s->items[s->count].val = (struct slice){ v, s->text.len };
	s->count++;
	return 0;
}

static const struct multipart_callbacks callbacks = {
	.begin = on_begin,
	.data = on_data,
	.end = on_end,
};

struct spool *
spool_open(struct request *req, const char *content_type, const struct spool_limits *lim,
    struct err *e)
{
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	struct spool *s;
	int blen;

	if ((s = arena_alloc(&req->arena, sizeof(*s))) == NULL ||
	    (req->files = arena_alloc(&req->arena,
		 (lim->max_files + 1) * sizeof(struct req_file))) == NULL ||
	    (s->lim.dir = arena_strdup(&req->arena, lim->dir)) == NULL) {
		err_set(e, ERR_TOO_LARGE, "request needs too much memory");
		return NULL;
	}
	s->req = req;
	s->lim.file_max = lim->file_max;
	s->lim.max_files = lim->max_files;
	s->fd = -1;
	buf_init(&s->text, 0);
	req->file_count = 0;
	if ((blen = multipart_boundary(content_type, boundary, sizeof(boundary))) < 0 ||
	    multipart_init(&s->mp, boundary, (size_t)blen,
		SPOOL_FIELDS_MAX + lim->max_files, SPOOL_HEADERS_MAX, &callbacks, s) < 0) {
		err_set(e, ERR_BAD_MULTIPART, "not multipart/form-data with a boundary");
		return NULL;
	}
	if (arena_defer(&req->arena, cleanup, s) < 0) {
		err_set(e, ERR_TOO_LARGE, "request needs too much memory");
		return NULL;
	}
	req->spool = s;
	return s;
}

int
spool_feed(struct spool *s, const char *p, size_t len)
{
	if (s->failed)
		return -1;
	if (multipart_feed(&s->mp, p, len) == 0)
		return 0;
	if (!s->failed) {
		char msg[96];

		snprintf(msg, sizeof(msg), "malformed multipart body: %s",
		    multipart_error_code(s->mp.error));
		refuse(s, s->mp.error == MP_E_TOO_MANY_PARTS ? ERR_TOO_LARGE : ERR_BAD_MULTIPART,
		    msg);
	}
	return -1;
}

void
spool_abort(struct spool *s)
{
	refuse(s, ERR_BODY_TOO_LARGE, "the upload is larger than allowed");
}

int
spool_finish(struct spool *s, struct err *e)
{
	struct request *req = s->req;

	if (!s->failed && multipart_finish(&s->mp) < 0) {
		char msg[96];

		snprintf(msg, sizeof(msg), "malformed multipart body: %s",
		    multipart_error_code(s->mp.error));
		refuse(s, ERR_BAD_MULTIPART, msg);
	}
	buf_free(&s->text);
	if (s->failed) {
		*e = s->err;
		return -1;
	}
	if ((req->form.items = arena_alloc(&req->arena, (s->count + 1) * sizeof(struct kv))) ==
	    NULL) {
		remove_all(s);
		err_set(e, ERR_TOO_LARGE, "request needs too much memory");
		return -1;
	}
	memcpy(req->form.items, s->items, s->count * sizeof(struct kv));
	req->form.count = s->count;
	return 0;
}

struct req_file *
spool_file(struct request *req, const char *name)
{
	size_t i;

	for (i = 0; i < req->file_count; i++)
		if (strcmp(req->files[i].field, name) == 0)
			return &req->files[i];
	return NULL;
}

/*
 * Remove the temporary files a crashed process left: uploads ("up-"),
 * exports and whatever else was written there, but not those of requests
 * other processes sharing the store may be serving now. A live file is
 * written at least once per idle timeout (an hour at most), so one
 * untouched for longer belongs to nobody.
 */
static void
spool_sweep(const char *dir)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	time_t now = time(NULL);
	int dfd;

	if ((d = opendir(dir)) == NULL)
		return;
	dfd = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' ||
		    fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode) || now - st.st_mtime < SPOOL_STALE_SECS)
			continue;
		if (unlinkat(dfd, de->d_name, 0) == 0)
			log_info("event=spool_stale_removed name=%s", de->d_name);
	}
	closedir(d);
}

int
spool_prepare(const char *data, char *dir, size_t cap, struct err *e)
{
	char files[4096];
	int n;

	n = snprintf(files, sizeof(files), "%s/files", data);
	if (n < 0 || (size_t)n + 5 >= sizeof(files)) {
		err_set(e, ERR_FILE_STORE, "data directory path too long: %s", data);
		return -1;
	}
	n = snprintf(dir, cap, "%s/tmp", files);
	if (n < 0 || (size_t)n >= cap) {
		err_set(e, ERR_FILE_STORE, "data directory path too long: %s", data);
		return -1;
	}
	if ((mkdir(files, 0750) < 0 && errno != EEXIST) ||
	    (mkdir(dir, 0750) < 0 && errno != EEXIST)) {
		err_set(e, ERR_FILE_STORE,
		    "cannot create %s: %s; check the data "
		    "directory's permissions (--data-dir or P2HAM_DATA_DIR)",
		    dir, strerror(errno));
		return -1;
	}
	spool_sweep(dir);
	return 0;
}
