/*
 * fuzz_utf8.c - utf8_valid (base/str.h), the check every text passes at
 * the boundary, against a second reading written straight from the table
 * of well-formed byte sequences in the Unicode Standard (chapter 3, table
 * 3-7), minus NUL, which the application refuses as well; utf8_cut,
 * which must cut valid text at every length at the last character
 * boundary at or before it (and stay within any bytes it is given); and
 * utf8_scrub, which must keep every well-formed character and turn every
 * other byte into '?'.
 */
#include <stdbool.h>

#include "base/str.h"
#include "fuzz.h"

/* Bytes allowed after the lead byte of a well-formed sequence. */
struct form {
	unsigned char lo, hi;		/* lead byte range */
	size_t n;			/* bytes of the sequence */
	unsigned char second_lo, second_hi; /* range of the second byte */
};

static const struct form forms[] = {
	{ 0x01, 0x7f, 1, 0, 0 },
	{ 0xc2, 0xdf, 2, 0x80, 0xbf },
	{ 0xe0, 0xe0, 3, 0xa0, 0xbf },
	{ 0xe1, 0xec, 3, 0x80, 0xbf },
	{ 0xed, 0xed, 3, 0x80, 0x9f },
	{ 0xee, 0xef, 3, 0x80, 0xbf },
	{ 0xf0, 0xf0, 4, 0x90, 0xbf },
	{ 0xf1, 0xf3, 4, 0x80, 0xbf },
	{ 0xf4, 0xf4, 4, 0x80, 0x8f },
};

/* Bytes of the well-formed sequence at p (n bytes left), 0 when none. */
static size_t
sequence(const unsigned char *p, size_t n)
{
	const struct form *f;
	size_t k;

	for (f = forms; f < forms + sizeof(forms) / sizeof(forms[0]); f++) {
		if (p[0] < f->lo || p[0] > f->hi)
			continue;
		if (n < f->n)
			return 0;
		if (f->n > 1 && (p[1] < f->second_lo || p[1] > f->second_hi))
			return 0;
		for (k = 2; k < f->n; k++)
			if (p[k] < 0x80 || p[k] > 0xbf)
				return 0;
		return f->n;
	}
	return 0;
}

/* utf8_scrub of the text up to the first NUL, against the table. */
static void
check_scrub(const uint8_t *data, size_t size)
{
	char *got = fuzz_cstr(data, size), *want = fuzz_cstr(data, size);
	size_t len = strlen(want), i = 0, n;

	while (i < len) {
		if ((n = sequence((const unsigned char *)want + i, len - i)) == 0) {
			want[i] = '?';
			n = 1;
		}
		i += n;
	}
	utf8_scrub(got);
	FUZZ_CHECK(strlen(got) == len && memcmp(got, want, len) == 0);
	FUZZ_CHECK(utf8_valid(got, len));
	free(want);
	free(got);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t i = 0, n = 0, k, last;
	bool *starts = calloc(size + 1, sizeof(*starts));
	bool ok = true;

	FUZZ_CHECK(starts != NULL);
	while (i < size) {
		starts[i] = true;
		if ((n = sequence(data + i, size - i)) == 0) {
			ok = false;
			break;
		}
		i += n;
	}
	starts[size] = ok;
	FUZZ_CHECK(utf8_valid(s, size) == ok);
	/* A valid text stays valid cut at any character boundary. */
	if (ok && i > 0)
		FUZZ_CHECK(utf8_valid(s, size - n));
	for (k = 0, last = 0; k <= size; k++) {
		if (starts[k])
			last = k;
		if (ok)
			FUZZ_CHECK(utf8_cut(s, k) == last);
		else
			FUZZ_CHECK(utf8_cut(s, k) <= k);
	}
	free(starts);
	check_scrub(data, size);
	return 0;
}
