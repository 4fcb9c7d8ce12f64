/*
 * download.c - the tail of an answer that is a file to save (download.h).
 */
#include <stdarg.h>

#include "web/download.h"

void
web_fd_reply(struct reply *rep, int fd, uint64_t len, const char *type)
{
	rep->has_fd = true;
	rep->fd = fd;
	rep->fd_len = len;
	if (type != NULL)
		rep->content_type = type;
}

int
web_attachment(struct request *req, struct reply *rep, const char *fmt, ...)
{
	const char *name, *value = NULL;
	va_list ap;

	va_start(ap, fmt);
	name = arena_vprintf(&req->arena, fmt, ap);
	va_end(ap);
	if (name != NULL)
		value = arena_printf(&req->arena, "attachment; filename=\"%s\"", name);
	if (value == NULL)
		return -1;
	return reply_header(rep, "Content-Disposition", value);
}
