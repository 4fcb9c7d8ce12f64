/*
 * stream.c - a response body made while it is sent (struct reply's
 * stream_*): libmicrohttpd asks for the next bytes, the reply's callback
 * makes the next part (a batch of an export's rows) when the previous one
 * is gone, so that neither the body nor its rows are ever whole in memory.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "http/stream.h"

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
stream_read(void *cls, uint64_t pos, char *out, size_t max)
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
stream_done(void *cls)
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
	if ((resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024,
		 stream_read, st, stream_done)) == NULL)
		stream_done(st);
	return resp;
}
