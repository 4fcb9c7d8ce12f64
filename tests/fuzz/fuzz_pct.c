/*
 * fuzz_pct.c - pct_decode (base/str.h) over any bytes, in both modes. It
 * refuses exactly the texts with a '%' not followed by two hex digits,
 * else decodes to at most as many bytes as it read, equal to a second
 * decoder written here; and any bytes written fully as %XX escapes, or
 * escaped by buf_pct (base/buf.h), decode back to themselves.
 */
#include <stdbool.h>

#include "base/buf.h"
#include "base/str.h"
#include "fuzz.h"

static int
hex(unsigned char c)
{
	static const char digits[] = "0123456789abcdef";
	const char *p;

	if (c >= 'A' && c <= 'F')
		c = (unsigned char)(c - 'A' + 'a');
	p = c != '\0' ? strchr(digits, c) : NULL;
	return p != NULL ? (int)(p - digits) : -1;
}

/* The second decoder: -1 on a bad escape, else the length written. */
static long
decode(unsigned char *dst, const unsigned char *src, size_t len, bool plus)
{
	size_t i = 0, o = 0;

	while (i < len) {
		if (src[i] != '%') {
			dst[o++] = plus && src[i] == '+' ? ' ' : src[i];
			i++;
			continue;
		}
		if (len - i < 3)
			return -1;
		if (hex(src[i + 1]) < 0 || hex(src[i + 2]) < 0)
			return -1;
		dst[o++] = (unsigned char)(hex(src[i + 1]) * 16 + hex(src[i + 2]));
		i += 3;
	}
	return (long)o;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char digits[] = "0123456789ABCDEF";
	char *got = malloc(size + 1), *enc, *back;
	struct buf b;
	unsigned char *want = malloc(size + 1);
	long n, m;
	size_t i;
	int plus;

	FUZZ_CHECK(got != NULL && want != NULL);
	for (plus = 0; plus <= 1; plus++) {
		n = pct_decode(got, (const char *)data, size, plus);
		m = decode(want, data, size, plus);
		FUZZ_CHECK(n == m);
		if (n < 0)
			continue;
		FUZZ_CHECK((size_t)n <= size);
		FUZZ_CHECK(n == 0 || memcmp(got, want, (size_t)n) == 0);
		if (memchr(data, '%', size) == NULL)
			FUZZ_CHECK((size_t)n == size);
	}
	/* Escape every byte and decode: the input comes back. */
	enc = malloc(3 * size + 1);
	back = malloc(3 * size + 1);
	FUZZ_CHECK(enc != NULL && back != NULL);
	for (i = 0; i < size; i++) {
		enc[3 * i] = '%';
		enc[3 * i + 1] = digits[data[i] >> 4];
		enc[3 * i + 2] = digits[data[i] & 15];
	}
	n = pct_decode(back, enc, 3 * size, true);
	FUZZ_CHECK(n == (long)size && (size == 0 || memcmp(back, data, size) == 0));
	/* The encoder's output, a slash kept, decodes back as well. */
	buf_init(&b, 0);
	buf_pct(&b, (const char *)data, size, "/");
	FUZZ_CHECK(!b.failed && b.len <= 3 * size);
	n = pct_decode(back, buf_cstr(&b), b.len, false);
	FUZZ_CHECK(n == (long)size && (size == 0 || memcmp(back, data, size) == 0));
	buf_free(&b);
	free(back);
	free(enc);
	free(want);
	free(got);
	return 0;
}
