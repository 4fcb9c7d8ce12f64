/*
 * encoding.h - gzip content coding of responses: whether the client takes
 * it (Accept-Encoding, RFC 9110 12.5.3) and the compression itself (zlib).
 * Pages of forms and tables shrink to a fifth or less, which counts on the
 * slow links of remote offices.
 */
#ifndef P2HAM_ENCODING_H
#define P2HAM_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

/* Bodies smaller than this are sent as they are. */
#define GZIP_MIN_BYTES 1024

/* True when the Accept-Encoding value ae (NULL: header absent) accepts
 * gzip: listed as gzip or x-gzip, or covered by *, with a q above 0. */
bool http_accepts_gzip(const char *ae);

/* True for a Content-Type worth compressing: text, JSON, SVG. */
bool http_compressible(const char *content_type);

/*
 * The gzip member of len bytes at in, malloc'd into *out (*outlen bytes).
 * -1 when zlib fails or the result would not be smaller (*out NULL).
 */
int http_gzip(const void *in, size_t len, void **out, size_t *outlen);

#endif
