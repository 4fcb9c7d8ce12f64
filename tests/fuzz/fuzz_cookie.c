/*
 * fuzz_cookie.c - cookie_find (http/request.h) over any Cookie header, for
 * each cookie the application reads. A value found lies inside the header,
 * right after "name=" at the start of a cookie, holds no ';' and has no
 * trailing blank; the first such cookie is the one found.
 */
#include <stdbool.h>

#include "fuzz.h"
#include "http/request.h"

/* The cookies the application looks for (app/app.c, app/auth.h). */
static const char *const names[] = { "lang", "p2ham_sid", "p2ham_csrf", NULL };

/* The first "name=" at the start of a cookie in h, as RFC 6265 reads it:
 * cookies are split at ';', blanks before a name are skipped. */
static const char *
first_value(const char *h, const char *name)
{
	size_t nlen = strlen(name);
	const char *p = h;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		if (*p == '\0')
			return NULL;
		if (strncmp(p, name, nlen) == 0 && p[nlen] == '=')
			return p + nlen + 1;
		while (*p != '\0' && *p != ';')
			p++;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *h = fuzz_cstr(data, size);
	size_t hlen = strlen(h), nlen, i;
	const char *want;
	struct slice v;
	bool found;

	FUZZ_CHECK(!cookie_find(NULL, "lang", &v));
	for (i = 0; names[i] != NULL; i++) {
		nlen = strlen(names[i]);
		found = cookie_find(h, names[i], &v);
		want = first_value(h, names[i]);
		FUZZ_CHECK(found == (want != NULL));
		if (!found)
			continue;
		FUZZ_CHECK(v.p == want);
		FUZZ_CHECK(v.p >= h + nlen + 1 && v.p + v.len <= h + hlen);
		FUZZ_CHECK(v.p[-1] == '=' && memcmp(v.p - nlen - 1, names[i], nlen) == 0);
		FUZZ_CHECK(memchr(v.p, ';', v.len) == NULL);
		FUZZ_CHECK(v.len == 0 || v.p[v.len - 1] != ' ');
	}
	free(h);
	return 0;
}
