/*
 * encoding.c - gzip content coding of responses.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zlib.h>

#include "http/encoding.h"

/* The q value of one list member's parameters p (after the coding name):
 * 1 when absent, 0 when it is 0 or malformed as 0. */
static bool
q_positive(const char *p, const char *end)
{
	while (p < end) {
		while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
			p++;
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
			p += 2;
			while (p < end && (*p == '0' || *p == '.'))
				p++;
			/* "0", "0.0", "0.000": nothing but zeros and the point. */
			return p < end && isdigit((unsigned char)*p);
		}
		while (p < end && *p != ';')
			p++;
	}
	return true;
}

bool
http_accepts_gzip(const char *ae)
{
	const char *p = ae, *end, *name, *name_end;
	bool gzip = false, star = false, gzip_seen = false;
	size_t n;

	while (p != NULL && *p != '\0') {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		name = p;
		while (name < end && (*name == ' ' || *name == '\t'))
			name++;
		name_end = name;
		while (name_end < end && *name_end != ';' && *name_end != ' ' && *name_end != '\t')
			name_end++;
		n = (size_t)(name_end - name);
		if ((n == 4 && strncasecmp(name, "gzip", 4) == 0) ||
		    (n == 6 && strncasecmp(name, "x-gzip", 6) == 0)) {
			gzip_seen = true;
			gzip = q_positive(name_end, end);
		} else if (n == 1 && *name == '*')
			star = q_positive(name_end, end);
		p = *end == ',' ? end + 1 : end;
	}
	return gzip_seen ? gzip : star;
}

bool
http_compressible(const char *ct)
{
	if (ct == NULL)
		return false;
	return strncasecmp(ct, "text/", 5) == 0 ||
	    strncasecmp(ct, "application/json", 16) == 0 ||
	    strncasecmp(ct, "image/svg+xml", 13) == 0;
}

/* A worker's deflate state and output space, kept between responses:
 * setting up a stream allocates some 260 KB, and freeing blocks that
 * large makes the allocator sweep its small free blocks on every page. */
struct packer {
	z_stream z;
	unsigned char *out; /* room for one packed page */
	size_t cap;
};

/* Output room kept per thread at most; a larger page packs into a
 * buffer of its own. */
#define PACKER_KEEP (512 * 1024)

static pthread_key_t packer_key;
static pthread_once_t packer_once = PTHREAD_ONCE_INIT;

static void
packer_free(void *v)
{
	struct packer *pk = v;

	deflateEnd(&pk->z);
	free(pk->out);
	free(pk);
}

static void
packer_key_make(void)
{
	(void)pthread_key_create(&packer_key, packer_free);
}

/* This thread's packer, reset for a new stream; NULL when out of memory. */
static struct packer *
packer_get(void)
{
	struct packer *pk;

	(void)pthread_once(&packer_once, packer_key_make);
	if ((pk = pthread_getspecific(packer_key)) != NULL)
		return deflateReset(&pk->z) == Z_OK ? pk : NULL;
	if ((pk = calloc(1, sizeof(*pk))) == NULL)
		return NULL;
	/* 16 + 15 window bits: a gzip wrapper around the deflate stream.
	 * Level 3: a 100 KB page packs in less than half the time of the
	 * default level 6, for about a tenth more bytes. */
	if (deflateInit2(&pk->z, 3, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(pk);
		return NULL;
	}
	if (pthread_setspecific(packer_key, pk) != 0) {
		packer_free(pk);
		return NULL;
	}
	return pk;
}

int
http_gzip(const void *in, size_t len, void **out, size_t *outlen)
{
	struct packer *pk;
	unsigned char *room, *own = NULL;
	uLong cap;
	int rc;

	*out = NULL;
	*outlen = 0;
	if (len > UINT32_MAX / 2 || (pk = packer_get()) == NULL)
		return -1;
	cap = deflateBound(&pk->z, (uLong)len) + 32;
	if (cap > pk->cap && cap <= PACKER_KEEP) {
		free(pk->out);
		pk->cap = 0;
		if ((pk->out = malloc(PACKER_KEEP)) == NULL)
			return -1;
		pk->cap = PACKER_KEEP;
	}
	if (cap <= pk->cap)
		room = pk->out;
	else if ((room = own = malloc(cap)) == NULL)
		return -1;
	pk->z.next_in = (Bytef *)(uintptr_t)in;
	pk->z.avail_in = (uInt)len;
	pk->z.next_out = room;
	pk->z.avail_out = (uInt)cap;
	rc = deflate(&pk->z, Z_FINISH);
	if (rc != Z_STREAM_END || pk->z.total_out >= len) {
		free(own);
		return -1;
	}
	*outlen = pk->z.total_out;
	if (own != NULL) {
		*out = own;
		return 0;
	}
	if ((*out = malloc(*outlen)) == NULL)
		return -1;
	memcpy(*out, room, *outlen);
	return 0;
}
