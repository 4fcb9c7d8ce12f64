/*
 * stored.c - a stored content as a reply's body (stored.h).
 */
#include "web/stored.h"
#include "svc/file_cache.h"
#include "base/log.h"

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

	if ((r = file_cache_open(st, sha256, size, e)) == NULL) {
		log_err("event=file_missing sha256=%.64s store=%s", sha256 ? sha256 : "",
		    file_store_kind_name(st->kind));
		return -1;
	}
	stored_reply_reader(rep, r, size);
	return 0;
}
