/*
 * upload.c - multipart/form-data requests over http/multipart.h: parsed
 * here from the collected body, or already by the server while the body
 * arrived when the route streams uploads (http/spool.h).
 */
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <microhttpd.h>

#include "web/upload.h"
#include "base/buf.h"
#include "base/fdio.h"
#include "base/str.h"
#include "http/multipart.h"
#include "http/server.h"
#include "http/spool.h"

#define FEED_CHUNK (64 * 1024) /* the body is fed as the network would */

/* What the callbacks of one pass over the body collect. */
struct collect {
	struct request *req;
	const char *want;                   /* file field sought, or NULL: text fields */
	size_t max;                         /* bytes allowed in what is collected */
	bool active;                        /* the current part is being collected */
	bool done;                          /* the file sought was collected */
	bool too_large;                     /* it passed max */
	struct buf b;                       /* the current part's bytes */
	struct kv items[UPLOAD_FIELDS_MAX]; /* text fields collected */
	size_t count;                       /* of items */
	char *key;                          /* the current text field's name */
	struct upload_file *file;           /* where the file sought goes */
	bool bad;                           /* a text field was refused */
};

static int
on_begin(void *ctx, const struct multipart_part *part)
{
	struct collect *k = ctx;

	buf_reset(&k->b);
	k->active = false;
	if (k->want == NULL) {
		if (part->filename != NULL)
			return 0; /* a file: not a form field */
		if ((k->key = arena_strdup(&k->req->arena, part->name)) == NULL)
			return -1;
		k->active = true;
		return 0;
	}
	if (k->done || part->filename == NULL || strcmp(part->name, k->want) != 0)
		return 0;
	k->file->filename = arena_strdup(&k->req->arena, part->filename);
	k->file->content_type = arena_strdup(&k->req->arena, part->content_type);
	if (k->file->filename == NULL || k->file->content_type == NULL)
		return -1;
	k->active = true;
	return 0;
}

static int
on_data(void *ctx, const char *p, size_t len)
{
	struct collect *k = ctx;

	if (!k->active)
		return 0;
	if (len > k->max - k->b.len) {
		k->too_large = true;
		return -1;
	}
	buf_append(&k->b, p, len);
	return k->b.failed ? -1 : 0;
}

static int
on_end(void *ctx)
{
	struct collect *k = ctx;
	char *v;

	if (!k->active)
		return 0;
	k->active = false;
	if (k->want != NULL) {
		/* A file input left empty still sends a part, with no name. */
		if (k->file->filename[0] == '\0' && k->b.len == 0)
			return 0;
		if ((v = arena_alloc(&k->req->arena, k->b.len + 1)) == NULL)
			return -1;
		if (k->b.len > 0)
			memcpy(v, k->b.data, k->b.len);
		k->file->data = v;
		k->file->len = k->b.len;
		k->file->present = true;
		k->done = true;
		return 0;
	}
	if (k->count == UPLOAD_FIELDS_MAX || !utf8_valid(buf_cstr(&k->b), k->b.len)) {
		k->bad = true;
		return -1;
	}
	if ((v = arena_strndup(&k->req->arena, buf_cstr(&k->b), k->b.len)) == NULL)
		return -1;
	k->items[k->count].key = (struct slice){ k->key, strlen(k->key) };
	k->items[k->count].val = (struct slice){ v, k->b.len };
	k->count++;
	return 0;
}

static const struct multipart_callbacks callbacks = {
	.begin = on_begin,
	.data = on_data,
	.end = on_end,
};

/* Run the parser over the whole body with k; -1 with e set. */
static int
parse_body(struct request *req, struct collect *k, struct err *e)
{
	const char *ct = req_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	struct multipart m;
	size_t off, n;
	int blen;

	if ((blen = multipart_boundary(ct, boundary, sizeof(boundary))) < 0 ||
	    multipart_init(&m, boundary, (size_t)blen, UPLOAD_FIELDS_MAX, 0, &callbacks, k) < 0) {
		err_set(e, ERR_BAD_MULTIPART, "not multipart/form-data with a boundary");
		return -1;
	}
	for (off = 0; off < req->body.len; off += n) {
		n = req->body.len - off < FEED_CHUNK ? req->body.len - off : FEED_CHUNK;
		if (multipart_feed(&m, req->body.data + off, n) < 0)
			break;
	}
	if (m.state != MPS_ERROR)
		multipart_finish(&m);
	if (m.error == MP_OK)
		return 0;
	if (k->too_large)
		err_set(e, ERR_FILE_TOO_LARGE, "the file is larger than %zu bytes", k->max);
	else if (m.error == MP_E_CALLBACK && !k->bad)
		err_set(e, ERR_TOO_LARGE, "the upload does not fit in memory");
	else
		err_set(e, ERR_BAD_MULTIPART, "malformed multipart body: %s",
		    k->bad ? "text field" : multipart_error_code(m.error));
	return -1;
}

int
upload_form(struct request *req, struct err *e)
{
	struct collect *k;
	int rc;

	if (!req_is_multipart(req) || req->spool != NULL || req->body_dropped)
		return 0; /* not multipart, or streamed: the form is there */
	if ((k = arena_alloc(&req->arena, sizeof(*k))) == NULL) {
		err_set(e, ERR_TOO_LARGE, "request needs too much memory");
		return -1;
	}
	k->req = req;
	k->max = UPLOAD_TEXT_MAX;
	buf_init(&k->b, 0);
	rc = parse_body(req, k, e);
	buf_free(&k->b);
	if (rc < 0) {
		if (e->status == 413 && k->too_large)
			err_set(e, ERR_BAD_MULTIPART, "a text field is too long");
		return -1;
	}
	if ((req->form.items = arena_alloc(&req->arena, (k->count + 1) * sizeof(struct kv))) ==
	    NULL) {
		err_set(e, ERR_TOO_LARGE, "request needs too much memory");
		return -1;
	}
	memcpy(req->form.items, k->items, k->count * sizeof(struct kv));
	req->form.count = k->count;
	return 0;
}

/* upload_file for a streamed request: read the spooled file into the arena. */
static int
spooled_file(struct request *req, const char *name, size_t max, struct upload_file *f,
    struct err *e)
{
	struct req_file *rf = spool_file(req, name);
	char *data;
	size_t got = 0;
	int fd, rc;

	if (rf == NULL || (rf->filename[0] == '\0' && rf->size == 0))
		return 0;
	if (rf->too_large || rf->size > max) {
		err_set(e, ERR_FILE_TOO_LARGE, "the file is larger than %zu bytes", max);
		return -1;
	}
	if ((data = arena_alloc(&req->arena, (size_t)rf->size + 1)) == NULL) {
		err_set(e, ERR_TOO_LARGE, "the upload does not fit in memory");
		return -1;
	}
	if (rf->path != NULL) {
		if ((fd = open(rf->path, O_RDONLY | O_CLOEXEC)) < 0) {
			err_set(e, ERR_FILE_STORE, "cannot read the upload");
			return -1;
		}
		rc = fd_read_full(fd, data, (size_t)rf->size, &got);
		close(fd);
		if (rc < 0 || got != rf->size) {
			err_set(e, ERR_FILE_STORE, "cannot read the upload");
			return -1;
		}
	}
	f->filename = rf->filename;
	f->content_type = rf->content_type;
	f->data = data;
	f->len = got;
	f->present = true;
	return 0;
}

int
upload_file(struct request *req, const char *name, size_t max, struct upload_file *f,
    struct err *e)
{
	struct collect *k;
	int rc;

	memset(f, 0, sizeof(*f));
	if (req->spool != NULL)
		return spooled_file(req, name, max, f, e);
	if (!req_is_multipart(req)) {
		err_set(e, ERR_BAD_MULTIPART, "expected multipart/form-data");
		return -1;
	}
	if ((k = arena_alloc(&req->arena, sizeof(*k))) == NULL) {
		err_set(e, ERR_TOO_LARGE, "request needs too much memory");
		return -1;
	}
	k->req = req;
	k->want = name;
	k->max = max;
	k->file = f;
	buf_init(&k->b, 0);
	rc = parse_body(req, k, e);
	buf_free(&k->b);
	if (rc < 0)
		memset(f, 0, sizeof(*f));
	return rc;
}

/* A file part that carries a file: not a file input left empty. */
static bool
is_chosen(const struct req_file *f)
{
	return f->filename[0] != '\0' || f->size > 0 || f->too_large;
}

int
upload_files_in(struct request *req, const char *field, struct file_in **out, size_t *n)
{
	uint64_t limit = server_config(req->srv)->upload_max;
	struct file_in *fi;
	size_t i, k = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; i < req->file_count; i++)
		if (strcmp(req->files[i].field, field) == 0 && is_chosen(&req->files[i]))
			k++;
	if (k == 0)
		return 0;
	if ((fi = arena_alloc(&req->arena, k * sizeof(*fi))) == NULL)
		return -1;
	for (i = 0, k = 0; i < req->file_count; i++) {
		const struct req_file *f = &req->files[i];

		if (strcmp(f->field, field) != 0 || !is_chosen(f))
			continue;
		fi[k] = (struct file_in){ .path = f->path,
			.name = f->filename,
			.size = f->size,
			.too_large = f->too_large || f->size > limit,
			.limit = limit };
		memcpy(fi[k].sha256, f->sha256, sizeof(fi[k].sha256));
		if (!fi[k].too_large && f->size > 0)
			fi[k].mime = files_sniff(f->path);
		k++;
	}
	*out = fi;
	*n = k;
	return 0;
}
