/*
 * accesslog.c - the access line of each request, put together without
 * printf: every request writes one.
 */
#include <stdint.h>
#include <string.h>

#include "base/log.h"
#include "base/str.h"
#include "http/accesslog.h"

/* s at p, at most the room left before end; past it. */
static char *
put_str(char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	if (n > (size_t)(end - p))
		n = (size_t)(end - p);
	return (char *)memcpy(p, s, n) + n;
}

void
access_log(const struct request *req, double secs, bool aborted)
{
	char text[1024], *p = text, *end = text + sizeof(text) - 100;
	uint64_t tenths = (uint64_t)(secs * 10000 + 0.5);

	if (!log_on(LOG_INFO))
		return; /* nothing to put together */
	p = put_str(p, end, "event=request method=");
	p = put_str(p, end, http_method_name(req->method));
	p = put_str(p, end, " route=");
	p = put_str(p, end, req->route ? req->route->pattern : "unmatched");
	/* The numbers fit in the 100 bytes kept for them. */
	p = (char *)memcpy(p, " status=", 8) + 8;
	p += str_u64(p, (uint64_t)(req->status > 0 ? req->status : 0));
	p = (char *)memcpy(p, " bytes=", 7) + 7;
	p += str_u64(p, req->bytes);
	p = (char *)memcpy(p, " ms=", 4) + 4;
	p += str_u64(p, tenths / 10);
	*p++ = '.';
	*p++ = (char)('0' + tenths % 10);
	if (aborted)
		p = (char *)memcpy(p, " aborted=1", 10) + 10;
	*p = '\0';
	log_request(text);
}
