/*
 * stream.c - a reply's file body as a libmicrohttpd response (stream.h):
 * a descriptor sent as it is, or a stream asked for each piece as the
 * connection can take it, so that nothing is held whole in memory.
 */
#include <stdlib.h>
#include <unistd.h>

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
