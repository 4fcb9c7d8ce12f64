/*
 * accesslog.c - the access line of each request.
 */
#include <stdio.h>

#include "base/log.h"
#include "http/accesslog.h"

void
access_log(const struct request *req, double secs, bool aborted)
{
	char text[1024];

	snprintf(text, sizeof(text),
	    "event=request method=%s route=%s status=%d bytes=%llu ms=%.1f%s",
	    http_method_name(req->method), req->route ? req->route->pattern : "unmatched",
	    req->status, (unsigned long long)req->bytes, secs * 1000,
	    aborted ? " aborted=1" : "");
	log_request(text);
}
