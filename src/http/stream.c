/*
 * stream.c - reply bodies sent while they are read or made, so that
 * nothing is held whole in memory (stream.h): a file body of known length
 * from its descriptor or from a stream asked for each piece at its
 * offset; a body of unknown length made part by part (an export's rows,
 * batch by batch) when the previous part is gone.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "http/stream.h"

#define STREAM_BLOCK (64 * 1024) /* bytes asked of a stream at a time */

static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct reply_stream *s = cls;
	ssize_t n = s->read(s->cls, pos, buf, max);

	return n > 0 ? n : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void
stream_free(void *cls)
{
	struct reply_stream *s = cls;

	if (s->done != NULL)
		s->done(s->cls);
	free(s);
}

struct MHD_Response *
reply_file_response(struct reply *rep)
{
	struct MHD_Response *resp;
	struct reply_stream *s;

	if (rep->stream.read == NULL) {
		if ((resp = MHD_create_response_from_fd64(rep->fd_len, rep->fd)) == NULL)
			close(rep->fd);
		return resp;
	}
	if ((s = malloc(sizeof(*s))) == NULL) {
		reply_file_drop(rep);
		return NULL;
	}
	*s = rep->stream;
	rep->stream.read = NULL;
	resp = MHD_create_response_from_callback(rep->fd_len, STREAM_BLOCK, stream_read,
	    s, stream_free);
	if (resp == NULL)
		stream_free(s);
	return resp;
}

void
reply_file_drop(struct reply *rep)
{
	if (rep->stream.read == NULL)
		close(rep->fd);
	else if (rep->stream.done != NULL)
		rep->stream.done(rep->stream.cls);
	rep->stream.read = NULL;
	rep->stream.done = NULL;
}

/* A streamed body (struct reply's stream_*) between its parts. */
struct stream {
	int (*next)(void *ctx, struct buf *out);
	void (*free)(void *ctx);
	void *ctx;
	struct buf part; /* made, not yet sent */
	size_t sent;     /* bytes of part sent */
	bool ended;
};

static ssize_t
parts_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct stream *st = cls;
	size_t n;

	(void)pos;
	while (st->sent == st->part.len) {
		if (st->ended)
			return MHD_CONTENT_READER_END_OF_STREAM;
		buf_reset(&st->part);
		st->sent = 0;
		if (st->next(st->ctx, &st->part) < 0 || st->part.failed) {
			log_err("event=stream_failed");
			return MHD_CONTENT_READER_END_WITH_ERROR;
		}
		st->ended = st->part.len == 0;
	}
	n = st->part.len - st->sent < max ? st->part.len - st->sent : max;
	memcpy(out, st->part.data + st->sent, n);
	st->sent += n;
	return (ssize_t)n;
}

static void
parts_done(void *cls)
{
	struct stream *st = cls;

	if (st->free != NULL)
		st->free(st->ctx);
	buf_free(&st->part);
	free(st);
}

struct MHD_Response *
http_stream_response(struct reply *rep)
{
	struct stream *st = calloc(1, sizeof(*st));
	struct MHD_Response *resp;

	if (st == NULL) {
		if (rep->stream_free != NULL)
			rep->stream_free(rep->stream_ctx);
		return NULL;
	}
	st->next = rep->stream_next;
	st->free = rep->stream_free;
	st->ctx = rep->stream_ctx;
	buf_init(&st->part, 0);
	if ((resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK,
		 parts_read, st, parts_done)) == NULL)
		parts_done(st);
	return resp;
}

/* rep's response: its file, its stream or its body, which goes with it
 * (given up when no response can be made). */
struct MHD_Response *
reply_response(struct reply *rep)
{
	struct MHD_Response *resp;

	if (rep->has_fd)
		return reply_file_response(rep);
	if (rep->stream_next != NULL)
		return http_stream_response(rep);
	if (rep->body == NULL)
		resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	else if (rep->body_static)
		resp = MHD_create_response_from_buffer(rep->len, rep->body,
		    MHD_RESPMEM_PERSISTENT);
	else if (rep->body_release != NULL)
		resp = MHD_create_response_from_buffer_with_free_callback_cls(rep->len,
		    rep->body, rep->body_release, rep->body_owner);
	else
		resp = MHD_create_response_from_buffer(rep->len, rep->body,
		    MHD_RESPMEM_MUST_FREE);
	if (resp == NULL)
		reply_body_drop(rep);
	return resp;
}
