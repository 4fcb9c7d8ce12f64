/*
 * headers.c - the request's header fields checked before anything else
 * reads them, and the security fields every response carries (headers.h).
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "base/str.h"
#include "http/headers.h"

/* What the header scan found; see http_check_headers. */
struct header_scan {
	size_t bytes;         /* names and values, with separators */
	int hosts;            /* Host fields */
	int lengths;          /* Content-Length fields */
	int codings;          /* Transfer-Encoding fields */
	bool length_conflict; /* Content-Length fields that disagree or are not a number */
	bool bad;             /* a NUL in a value, a blank in a name */
	const char *length;   /* the first Content-Length value */
};

static enum MHD_Result
scan_header(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
    const char *value, size_t value_size)
{
	struct header_scan *h = cls;
	size_t i;

	h->bytes += key_size + value_size + 4;
	/* The sizes are the field's length on the wire; a shorter C string
	 * means a NUL byte inside it. */
	if (strlen(key) != key_size || (value != NULL && strlen(value) != value_size))
		h->bad = true;
	for (i = 0; i < key_size; i++)
		if (key[i] == ' ' || key[i] == '\t')
			h->bad = true;
	if (strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0)
		h->hosts++;
	else if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
		int64_t v;

		if (value == NULL || str_to_i64(value, value_size, 0, INT64_MAX, &v) < 0 ||
		    (h->length != NULL && strcmp(h->length, value) != 0))
			h->length_conflict = true;
		if (h->length == NULL)
			h->length = value;
		h->lengths++;
	} else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
		h->codings++;
	return MHD_YES;
}

int
http_check_headers(struct request *req, const char *version, size_t max_headers, struct err *e)
{
	struct header_scan h;
	const char *te;

	memset(&h, 0, sizeof(h));
	MHD_get_connection_values_n(req->conn, MHD_HEADER_KIND, scan_header, &h);
	if (h.bytes > max_headers) {
		err_set(e, ERR_HEADERS_TOO_LARGE, "request headers exceed %zu bytes",
		    max_headers);
		return -1;
	}
	/* libmicrohttpd reads the request line in place: the target runs up to
	 * the blank before the version, so a shorter string holds a NUL. */
	if (version == NULL ||
	    version - req->uri_start != (ptrdiff_t)strlen(req->raw_uri) + 1 || h.bad) {
		err_set(e, ERR_BAD_REQUEST, "NUL byte or blank in the request");
		return -1;
	}
	if (h.hosts != 1 && strcmp(version, MHD_HTTP_VERSION_1_1) == 0) {
		err_set(e, ERR_BAD_REQUEST, "HTTP/1.1 needs exactly one Host field");
		return -1;
	}
	if (h.length_conflict || h.codings > 1 || (h.codings == 1 && h.lengths > 0)) {
		err_set(e, ERR_BAD_REQUEST, "ambiguous message length");
		return -1;
	}
	te = req_header(req, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	if (te != NULL && strcasecmp(te, "chunked") != 0) {
		err_set(e, ERR_NOT_IMPLEMENTED, "transfer coding '%s' is not supported", te);
		return -1;
	}
	return 0;
}

void
http_security_headers(struct MHD_Response *resp, bool behind_tls)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
	    "default-src 'none'; script-src 'self'; style-src 'self'; "
	    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
	    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy",
	    "camera=(), microphone=(), geolocation=()");
	if (behind_tls)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
}
