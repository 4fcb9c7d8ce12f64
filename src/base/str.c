/*
 * str.c - boundary checks and decoders for input text.
 */
#include <string.h>

#include "str.h"

struct slice
slice_cstr(const char *s)
{
	return (struct slice){ s, s ? strlen(s) : 0 };
}

bool
slice_eq(struct slice a, const char *s)
{
	size_t n = strlen(s);

	return a.len == n && memcmp(a.p, s, n) == 0;
}

bool
str_in(const char *s, const char *const *list, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

bool
str_blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

bool
utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n, k;
	uint32_t cp;

	while (i < len) {
		unsigned char c = p[i];

		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else
			return false;
		if (len - i <= n)
			return false;
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

size_t
utf8_cut(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = len, need;

	/* Step back over continuation bytes to the lead byte of the last
	 * character, and keep that character only if it is complete. */
	while (i > 0 && (p[i - 1] & 0xc0) == 0x80 && len - i < 3)
		i--;
	if (i == 0 || p[i - 1] < 0x80)
		return len;
	need = p[i - 1] >= 0xf0 ? 4 : p[i - 1] >= 0xe0 ? 3 : p[i - 1] >= 0xc0 ? 2 : 1;
	return len - (i - 1) >= need ? len : i - 1;
}

void
utf8_scrub(char *s)
{
	size_t i = 0, n = strlen(s), k;

	while (i < n) {
		/* The shortest prefix from i that is one valid character. */
		for (k = 1; k <= 4 && i + k <= n; k++)
			if (utf8_valid(s + i, k))
				break;
		if (k <= 4 && i + k <= n)
			i += k;
		else
			s[i++] = '?';
	}
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long
pct_decode(char *dst, const char *src, size_t srclen, bool plus_space)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < srclen; i++) {
		if (src[i] == '%') {
			if (srclen - i < 3 || (hi = hexval(src[i + 1])) < 0 ||
			    (lo = hexval(src[i + 2])) < 0)
				return -1;
			dst[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (src[i] == '+' && plus_space)
			dst[o++] = ' ';
		else
			dst[o++] = src[i];
	}
	return (long)o;
}

int
str_to_i64(const char *s, size_t len, int64_t min, int64_t max, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	uint64_t v = 0, lim;

	if (len == 0 || len > 20)
		return -1;
	if (s[0] == '-') {
		neg = true;
		i = 1;
		if (len == 1)
			return -1;
	}
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > (lim - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (neg) {
		int64_t r = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
		if (r < min || r > max)
			return -1;
		*out = r;
	} else {
		if ((int64_t)v < min || (int64_t)v > max)
			return -1;
		*out = (int64_t)v;
	}
	return 0;
}

uint64_t
mem_hash(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint64_t h = 14695981039346656037ull;

	while (len-- > 0)
		h = (h ^ *s++) * 1099511628211ull;
	return h;
}

size_t
str_u64(char *out, uint64_t v)
{
	char d[20];
	size_t n = 0, i;

	do
		d[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	for (i = 0; i < n; i++)
		out[i] = d[n - 1 - i];
	return n;
}
