/*
 * fuzz_uri.c - request_parse_uri (http/request.h) over any request target,
 * as the server calls it: a zeroed struct request with its arena. Either
 * the target is refused with 400 or 414 (414 exactly when it is too long),
 * or the path is decoded, NUL-terminated, valid UTF-8 and still begins
 * with '/', and the query pairs are as kv_parse promises.
 */
#include <stdbool.h>

#include "fuzz.h"
#include "http/request.h"

#define ARENA_CAP	(32u * 1024 * 1024)	/* the server's per-request cap */
#define URI_MAX		8192			/* longer targets get 414 */
#define QUERY_PAIRS_MAX	64			/* request.c's limit */

static void
check_text(struct slice s, size_t max)
{
	FUZZ_CHECK(s.p != NULL);
	FUZZ_CHECK(s.len <= max);
	FUZZ_CHECK(s.p[s.len] == '\0');
	FUZZ_CHECK(utf8_valid(s.p, s.len));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *uri = fuzz_cstr(data, size);
	size_t len = strlen(uri), i;
	struct request req;
	struct err e;

	memset(&req, 0, sizeof(req));
	memset(&e, 0, sizeof(e));
	arena_init(&req.arena, ARENA_CAP);
	req.raw_uri = uri;
	if (request_parse_uri(&req, &e) == 0) {
		FUZZ_CHECK(len <= URI_MAX);
		check_text(req.path, len);
		FUZZ_CHECK(req.path.len > 0 && req.path.p[0] == '/');
		FUZZ_CHECK(req.query.count <= QUERY_PAIRS_MAX);
		if (memchr(uri, '?', len) == NULL)
			FUZZ_CHECK(req.query.count == 0);
		for (i = 0; i < req.query.count; i++) {
			check_text(req.query.items[i].key, len);
			check_text(req.query.items[i].val, len);
		}
	} else {
		FUZZ_CHECK(e.status == 400 || e.status == 414);
		FUZZ_CHECK((e.status == 414) == (len > URI_MAX));
		FUZZ_CHECK(e.kind != ERR_NONE && e.msg[0] != '\0');
	}
	arena_free(&req.arena);
	free(uri);
	return 0;
}
