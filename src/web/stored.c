/*
 * stored.c - a stored content as a reply's body (stored.h).
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "web/stored.h"
#include "web/kept.h"
#include "svc/file_cache.h"
#include "base/log.h"
#include "base/sha256.h"

/* Contents this small are kept whole in memory once read: most evidence
 * is a scan or a photo of some tens of KB, downloaded again and again
 * while a participation is reviewed, and answering from memory saves
 * opening, reading and closing a file (or a copy) per download. A content
 * never changes under its hash, so what is kept needs no data version;
 * who may read it is decided before, per request. */
#define CONTENT_KEEP_MAX (256 * 1024)
#define CONTENT_BYTES (32 * 1024 * 1024) /* all kept contents at most */

/* Kept contents are shared like kept pages: the table holds a reference
 * and every download being sent from one another. */
struct content {
	atomic_int refs;
	size_t len;
	unsigned char bytes[];
};

static void
content_unref(void *val)
{
	struct content *c = val;

	if (c != NULL && atomic_fetch_sub(&c->refs, 1) == 1)
		free(c);
}

static struct kept_entry *content_slots[2048];
static struct kept_table contents = KEPT_TABLE(content_slots, 0, CONTENT_BYTES, content_unref);

/* c as rep's body, with a reference of its own. */
static void
share_content(struct reply *rep, struct content *c)
{
	atomic_fetch_add(&c->refs, 1);
	rep->body = (char *)c->bytes;
	rep->len = c->len;
	rep->body_release = content_unref;
	rep->body_owner = c;
}

static bool
take_content(void *val, void *arg)
{
	share_content(arg, val);
	return true;
}

/* Read the size bytes of r whole, and keep them when they hash to
 * sha256; rep's body is them, shared with the table. -1 with e when r
 * fails. */
static int
content_read(struct reply *rep, struct file_reader *r, const char *sha256, uint64_t size,
    struct err *e)
{
	char hex[SHA256_HEX_LEN];
	struct content *c = malloc(sizeof(*c) + size);
	size_t got = 0;
	ssize_t n = 1;

	if (c == NULL) {
		file_reader_close(r);
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	while (got < size && (n = file_reader_read(r, c->bytes + got, size - got, e)) > 0)
		got += (size_t)n;
	file_reader_close(r);
	if (n < 0 || got != size) {
		free(c);
		if (n >= 0)
			err_set(e, ERR_FILE_STORE, "the stored content %.12s is short", sha256);
		log_err("event=file_missing sha256=%.64s error=\"%s\"", sha256, e->msg);
		return -1;
	}
	atomic_init(&c->refs, 0);
	c->len = size;
	share_content(rep, c);
	sha256_hex(c->bytes, size, hex);
	if (strcmp(hex, sha256) != 0) {
		/* Sent as the store has it, as a streamed download would
		 * be; never kept. */
		log_warn("event=file_hash_mismatch sha256=%.64s", sha256);
		return 0;
	}
	atomic_fetch_add(&c->refs, 1); /* the table's */
	kept_put(&contents, sha256, strlen(sha256), 0, c, sizeof(*c) + size);
	return 0;
}

/* The reply's stream: the next bytes of the reader. */
static ssize_t
reader_stream(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct err e;
	ssize_t n;

	(void)pos; /* asked for in order, from the start */
	err_clear(&e);
	if ((n = file_reader_read(cls, buf, max, &e)) < 0)
		log_err("event=file_stream_failed error=\"%s\"", e.msg);
	return n;
}

static void
reader_done(void *cls)
{
	file_reader_close(cls);
}

void
stored_reply_reader(struct reply *rep, struct file_reader *r, uint64_t size)
{
	int fd = file_reader_take_fd(r);

	rep->has_fd = true;
	rep->fd_len = size;
	if (fd >= 0) {
		rep->fd = fd;
		file_reader_close(r);
		return;
	}
	rep->fd = -1;
	rep->stream = (struct reply_stream){ .read = reader_stream,
		.done = reader_done,
		.cls = r };
}

int
stored_reply(struct reply *rep, const struct file_store *st, const char *sha256,
    uint64_t size, struct err *e)
{
	struct file_reader *r;
	bool small = sha256 != NULL && size <= CONTENT_KEEP_MAX;

	if (small && kept_with(&contents, sha256, strlen(sha256), 0, take_content, rep))
		return 0;
	if ((r = file_cache_open(st, sha256, size, e)) == NULL) {
		log_err("event=file_missing sha256=%.64s store=%s", sha256 ? sha256 : "",
		    file_store_kind_name(st->kind));
		return -1;
	}
	if (small)
		return content_read(rep, r, sha256, size, e);
	stored_reply_reader(rep, r, size);
	return 0;
}
