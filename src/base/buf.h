/*
 * buf.h - a growing output buffer with a sticky error: append freely, check
 * buf->failed once at the end (SQLite's sqlite3_str idea).
 */
#ifndef P2HAM_BUF_H
#define P2HAM_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data;  /* NUL-terminated whenever len > 0 or after buf_cstr */
	size_t len;  /* bytes written, without the terminating NUL */
	size_t cap;  /* bytes allocated */
	size_t max;  /* ceiling for len; 0 means unlimited */
	bool failed; /* an append did not fit or malloc failed; later appends do nothing */
};

/* Prepare an empty buffer that refuses to grow past max bytes (0: no limit). */
void buf_init(struct buf *b, size_t max);
void buf_free(struct buf *b);
/* Forget the content, keep the memory and clear the error. */
void buf_reset(struct buf *b);

void buf_append(struct buf *b, const void *p, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
/* Append v in decimal, as "%lld" would, without the cost of printf. */
void buf_i64(struct buf *b, long long v);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Append s[0..len), writing rep[c] in place of each byte c that has one. */
void buf_escape(struct buf *b, const char *s, size_t len, const char *const rep[256]);
/* Append s with the five HTML-significant characters escaped. */
void buf_html(struct buf *b, const char *s, size_t len);
/*
 * Append s[0..len) percent-encoded (RFC 3986, upper-case %XX): the unreserved
 * characters (letters, digits, "-._~") and the bytes in keep (NULL for none)
 * stay as they are, every other byte is escaped.
 */
void buf_pct(struct buf *b, const char *s, size_t len, const char *keep);

/* The content as a C string ("" when empty); valid until the next append. */
const char *buf_cstr(struct buf *b);
/* Hand the malloc'd content to the caller (free() it) and reset b; NULL on failure. */
char *buf_detach(struct buf *b, size_t *len);

#endif
