/*
 * buf.c - growing buffer with sticky error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "str.h"

void
buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = false;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static bool
buf_grow(struct buf *b, size_t extra)
{
	size_t need, ncap;
	char *p;

	if (b->failed)
		return false;
	if (extra > (size_t)-1 / 2 - b->len || (b->max != 0 && b->len + extra > b->max)) {
		b->failed = true;
		return false;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	ncap = b->cap ? b->cap : 256;
	while (ncap < need)
		ncap *= 2;
	if ((p = realloc(b->data, ncap)) == NULL) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = ncap;
	return true;
}

void
buf_append(struct buf *b, const void *p, size_t len)
{
	if (len == 0 || !buf_grow(b, len))
		return;
	memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_append(b, &c, 1);
}

void
buf_i64(struct buf *b, long long v)
{
	char num[21];
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	num[0] = '-';
	buf_append(b, v < 0 ? num : num + 1, str_u64(num + 1, u) + (v < 0));
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if (n == 0 || !buf_grow(b, (size_t)n))
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_escape(struct buf *b, const char *s, size_t len, const char *const rep[256])
{
	size_t i, start = 0;
	const char *r;

	for (i = 0; i < len; i++) {
		if ((r = rep[(unsigned char)s[i]]) == NULL)
			continue;
		buf_append(b, s + start, i - start);
		buf_puts(b, r);
		start = i + 1;
	}
	buf_append(b, s + start, len - start);
}

void
buf_html(struct buf *b, const char *s, size_t len)
{
	static const char *const rep[256] = {
		['&'] = "&amp;",
		['<'] = "&lt;",
		['>'] = "&gt;",
		['"'] = "&quot;",
		['\''] = "&#39;",
	};

	buf_escape(b, s, len, rep);
}

void
buf_pct(struct buf *b, const char *s, size_t len, const char *keep)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;
	size_t i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
		    c == '~' || (c != '\0' && keep != NULL && strchr(keep, c) != NULL)) {
			buf_putc(b, (char)c);
			continue;
		}
		buf_putc(b, '%');
		buf_putc(b, hex[c >> 4]);
		buf_putc(b, hex[c & 15]);
	}
}

const char *
buf_cstr(struct buf *b)
{
	return b->data != NULL ? b->data : "";
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (!buf_grow(b, 0)) {
		buf_free(b);
		return NULL;
	}
	b->data[b->len] = '\0';
	p = b->data;
	if (len != NULL)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}
