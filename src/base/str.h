/*
 * str.h - slices of input (pointer plus length) and the checks and decoders
 * applied at the boundary: UTF-8 validation, percent-decoding, integers.
 */
#ifndef P2HAM_STR_H
#define P2HAM_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct slice {
	const char *p; /* not NUL-terminated in general */
	size_t len;
};

#define SLICE_LIT(s) ((struct slice){ (s), sizeof(s) - 1 })

struct slice slice_cstr(const char *s);
bool slice_eq(struct slice a, const char *s);

/* True when s is one of the strings list[0..count). */
bool str_in(const char *s, const char *const *list, size_t count);

/* True when s is NULL or holds nothing but spaces, tabs and line ends. */
bool str_blank(const char *s);

/* The 64-bit FNV-1a hash of len bytes at p: for spreading keys over a
 * table's slots, never where an attacker's choice of keys matters more
 * than a lost slot. */
uint64_t mem_hash(const void *p, size_t len);

/* True when s[0..len) is well-formed UTF-8 without NUL bytes or overlongs. */
bool utf8_valid(const char *s, size_t len);

/* Characters (code points) of the NUL-terminated UTF-8 text s, counted by
 * their lead bytes. */
size_t utf8_chars(const char *s);

/*
 * The length of the longest prefix of s[0..len) that does not end inside a
 * multi-byte character: where to cut valid UTF-8 so it stays valid.
 */
size_t utf8_cut(const char *s, size_t len);

/*
 * Make the NUL-terminated s valid UTF-8 in place: every byte that does not
 * belong to a well-formed character becomes '?'. For text that quotes
 * untrusted input, such as a parser's error message.
 */
void utf8_scrub(char *s);

/*
 * Percent-decode src into dst (which must hold srclen bytes); '+' becomes a
 * space when plus_space is set (form encoding). Returns the decoded length,
 * or -1 on a malformed escape. The result is not checked for UTF-8.
 */
long pct_decode(char *dst, const char *src, size_t srclen, bool plus_space);

/* The decimal digits of v at out (room for 20, no NUL); their count. */
size_t str_u64(char *out, uint64_t v);

/* Parse a whole decimal integer within [min, max]; -1 when s is anything else. */
int str_to_i64(const char *s, size_t len, int64_t min, int64_t max, int64_t *out);

#endif
