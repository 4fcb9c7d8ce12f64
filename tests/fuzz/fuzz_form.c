/*
 * fuzz_form.c - kv_parse (http/request.h), the decoder of form bodies and
 * query strings, over any bytes. It must either refuse them or give one
 * pair per non-empty '&'-separated piece, each key and value decoded,
 * NUL-terminated, valid UTF-8 and no longer than the text it came from.
 */
#include <stdbool.h>

#include "fuzz.h"
#include "http/request.h"

#define ARENA_CAP	(32u * 1024 * 1024)	/* the server's per-request cap */
#define PAIRS_MAX	1000			/* the server's limit for a form body */

/* The decoded slice s holds a C string of valid UTF-8 no longer than max. */
static void
check_text(struct slice s, size_t max)
{
	FUZZ_CHECK(s.p != NULL);
	FUZZ_CHECK(s.len <= max);
	FUZZ_CHECK(s.p[s.len] == '\0');
	FUZZ_CHECK(utf8_valid(s.p, s.len));
	FUZZ_CHECK(strlen(s.p) == s.len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct kv_list l;
	struct arena a;
	size_t i, pieces = 0, start;

	arena_init(&a, ARENA_CAP);
	if (kv_parse(&a, s, size, PAIRS_MAX, &l) == 0) {
		for (start = 0, i = 0; i <= size; i++) {
			if (i < size && s[i] != '&')
				continue;
			if (i > start)
				pieces++;
			start = i + 1;
		}
		FUZZ_CHECK(l.count == pieces);
		FUZZ_CHECK(l.count <= PAIRS_MAX);
		for (i = 0; i < l.count; i++) {
			check_text(l.items[i].key, size);
			check_text(l.items[i].val, size);
			/* Decoding never grows: key and value fit in their piece. */
			FUZZ_CHECK(l.items[i].key.len + l.items[i].val.len <= size);
		}
		if (l.count > 0)
			FUZZ_CHECK(kv_get(&l, l.items[0].key.p) == &l.items[0].val);
	}
	arena_free(&a);
	return 0;
}
