/*
 * headers.h - header fields in and out, for the server (server.c).
 */
#ifndef P2HAM_HTTP_HEADERS_H
#define P2HAM_HTTP_HEADERS_H

#include <stdbool.h>
#include <stddef.h>

#include <microhttpd.h>

#include "base/err.h"
#include "http/request.h"

/*
 * Refuse what libmicrohttpd lets through but a careful server must not:
 * header fields past max_headers bytes, framing that two parsers could
 * read differently (request smuggling), NUL bytes, a missing Host, a
 * transfer coding other than chunked. version is where libmicrohttpd
 * found the request line's version. Sets e and returns -1.
 */
int http_check_headers(struct request *req, const char *version, size_t max_headers,
    struct err *e);

/* The security fields of every response; Strict-Transport-Security too
 * behind_tls. */
void http_security_headers(struct MHD_Response *resp, bool behind_tls);

#endif
