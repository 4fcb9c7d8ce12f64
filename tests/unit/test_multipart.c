/*
 * test_multipart.c - the incremental multipart/form-data parser
 * (http/multipart.h). Each case is a body and the trace its callbacks
 * should leave, or the error it should end in. Every case is fed whole,
 * split at every byte, and one byte at a time: the trace must not depend
 * on how the body arrives. Then truncations and a byte soup, which must
 * end cleanly, and the Content-Type boundary parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "http/multipart.h"

/* The trace: "[name|filename|type]" at a part's start ("-" for no file
 * name), its content as is, "." at its end; content pieces are joined. */
struct trace {
	struct buf b;
	int stop_at; /* refuse in begin of this part (-1: never) */
	size_t parts;
};

static int
t_begin(void *ctx, const struct multipart_part *p)
{
	struct trace *t = ctx;

	if ((int)t->parts++ == t->stop_at)
		return -1;
	buf_printf(&t->b, "[%s|%s|%s]", p->name, p->filename ? p->filename : "-",
	    p->content_type);
	return 0;
}

static int
t_data(void *ctx, const char *p, size_t len)
{
	struct trace *t = ctx;

	assert_true(len > 0);
	buf_append(&t->b, p, len);
	return 0;
}

static int
t_end(void *ctx)
{
	struct trace *t = ctx;

	buf_putc(&t->b, '.');
	return 0;
}

static const struct multipart_callbacks cbs = { t_begin, t_data, t_end };

#define B "----x7MA4YWxk"
#define CD "Content-Disposition: form-data; "
#define NUL_BODY "--" B "\r\n" CD "name=\"f\"; filename=\"b\"\r\n\r\na\0b\r\n--" B "--"

struct mp_case {
	const char *name;
	const char *body;
	size_t len;       /* 0: strlen */
	const char *want; /* trace, when error is MP_OK */
	enum multipart_error error;
	int stop_at; /* see struct trace */
};

/* clang-format off */
static const struct mp_case cases[] = {
	{ "two fields",
	    "--" B "\r\n" CD "name=\"csrf\"\r\n\r\nabc\r\n"
	    "--" B "\r\n" CD "name=\"berkas\"; filename=\"u.csv\"\r\n"
	    "Content-Type: text/csv\r\n\r\nname,x\r\nA,1\r\n"
	    "--" B "--\r\n", 0,
	    "[csrf|-|]abc.[berkas|u.csv|text/csv]name,x\r\nA,1.", MP_OK, -1 },
	{ "preamble and epilogue ignored",
	    "ignore me\r\n--" B "\r\n" CD "name=\"a\"\r\n\r\n1\r\n--" B "--\r\ntrailing", 0,
	    "[a|-|]1.", MP_OK, -1 },
	{ "empty content", "--" B "\r\n" CD "name=\"a\"\r\n\r\n\r\n--" B "--", 0,
	    "[a|-|].", MP_OK, -1 },
	{ "content with near-boundaries",
	    "--" B "\r\n" CD "name=\"a\"\r\n\r\n\r\r\n\r\n-\r\n--" B "x\r\n--" B "--", 0,
	    NULL, MP_E_AFTER_BOUNDARY, -1 },
	{ "content with partial delimiters",
	    "--" B "\r\n" CD "name=\"a\"\r\n\r\n\r\r\n\r\n-\r\n--" "----x7MA\r\n--" B "--", 0,
	    "[a|-|]\r\r\n\r\n-\r\n------x7MA.", MP_OK, -1 },
	{ "binary content with NUL", NUL_BODY, sizeof(NUL_BODY) - 1, NULL, MP_OK, -1 },
	{ "empty file input", "--" B "\r\n" CD "name=\"berkas\"; filename=\"\"\r\n"
	    "Content-Type: application/octet-stream\r\n\r\n\r\n--" B "--\r\n", 0,
	    "[berkas||application/octet-stream].", MP_OK, -1 },
	{ "header names any case, padding after boundary",
	    "--" B "  \r\ncontent-disposition: FORM-DATA; NAME=a\r\n\r\nv\r\n--" B "--", 0,
	    "[a|-|]v.", MP_OK, -1 },
	{ "bare LF after headers", "--" B "\n" CD "name=\"a\"\n\nv\r\n--" B "--", 0,
	    "[a|-|]v.", MP_OK, -1 },
	{ "escaped quote in a filename", "--" B "\r\n" CD "name=\"f\"; filename=\"a\\\"b.csv\"\r\n"
	    "\r\nx\r\n--" B "--", 0, "[f|a\"b.csv|]x.", MP_OK, -1 },
	{ "escaped backslash in a filename", "--" B "\r\n" CD "name=\"f\"; filename=\"a\\\\b\"\r\n"
	    "\r\nx\r\n--" B "--", 0, "[f|a\\b|]x.", MP_OK, -1 },
	{ "a Windows path keeps its backslashes", "--" B "\r\n" CD
	    "name=\"f\"; filename=\"C:\\Users\\rina\\bukti.pdf\"\r\n"
	    "\r\nx\r\n--" B "--", 0, "[f|C:\\Users\\rina\\bukti.pdf|]x.", MP_OK, -1 },
	{ "utf-8 file name", "--" B "\r\n" CD "name=\"f\"; filename=\"d\xc3\xa4ta.csv\"\r\n"
	    "\r\nx\r\n--" B "--", 0, "[f|d\xc3\xa4ta.csv|]x.", MP_OK, -1 },
	{ "no parts at all", "--" B "--\r\n", 0, "", MP_OK, -1 },
	{ "no boundary in the body", "hello world", 0, NULL, MP_E_NO_START, -1 },
	{ "empty body", "", 0, NULL, MP_E_NO_START, -1 },
	{ "truncated in content", "--" B "\r\n" CD "name=\"a\"\r\n\r\nabc", 0,
	    NULL, MP_E_TRUNCATED, -1 },
	{ "truncated in headers", "--" B "\r\n" CD "name=\"a\"", 0, NULL, MP_E_TRUNCATED, -1 },
	{ "missing closing dashes", "--" B "\r\n" CD "name=\"a\"\r\n\r\nv\r\n--" B "\r\n", 0,
	    NULL, MP_E_TRUNCATED, -1 },
	{ "junk after boundary", "--" B "xyz\r\n", 0, NULL, MP_E_AFTER_BOUNDARY, -1 },
	{ "one dash only", "--" B "-x", 0, NULL, MP_E_AFTER_BOUNDARY, -1 },
	{ "no disposition", "--" B "\r\nContent-Type: text/plain\r\n\r\nv\r\n--" B "--", 0,
	    NULL, MP_E_DISPOSITION, -1 },
	{ "disposition without name", "--" B "\r\n" CD "filename=\"a\"\r\n\r\nv\r\n--" B "--",
	    0, NULL, MP_E_DISPOSITION, -1 },
	{ "empty name", "--" B "\r\n" CD "name=\"\"\r\n\r\nv\r\n--" B "--", 0,
	    NULL, MP_E_DISPOSITION, -1 },
	{ "not form-data", "--" B "\r\nContent-Disposition: attachment; name=a\r\n\r\n", 0,
	    NULL, MP_E_DISPOSITION, -1 },
	{ "two dispositions", "--" B "\r\n" CD "name=a\r\n" CD "name=b\r\n\r\n", 0,
	    NULL, MP_E_HEADER_SYNTAX, -1 },
	{ "header without colon", "--" B "\r\nnonsense\r\n\r\n", 0,
	    NULL, MP_E_HEADER_SYNTAX, -1 },
	{ "folded header", "--" B "\r\n" CD "name=a\r\n continued\r\n\r\n", 0,
	    NULL, MP_E_HEADER_SYNTAX, -1 },
	{ "unterminated quoted name", "--" B "\r\n" CD "name=\"abc\r\n\r\n", 0,
	    NULL, MP_E_HEADER_SYNTAX, -1 },
	{ "name not utf-8", "--" B "\r\n" CD "name=\"\xff\"\r\n\r\n", 0,
	    NULL, MP_E_HEADER_SYNTAX, -1 },
	{ "control character in a header", "--" B "\r\n" CD "name=\"a\x01\"\r\n\r\n", 0,
	    NULL, MP_E_HEADER_SYNTAX, -1 },
	{ "too many headers", "--" B "\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\nF: 6\r\n"
	    "G: 7\r\nH: 8\r\nI: 9\r\n\r\n", 0, NULL, MP_E_TOO_MANY_HEADERS, -1 },
	{ "callback refuses", "--" B "\r\n" CD "name=a\r\n\r\nv\r\n--" B "--", 0,
	    NULL, MP_E_CALLBACK, 0 },
};
/* clang-format on */

/* Feed body in pieces of step bytes (0: whole); returns the error. */
static enum multipart_error
feed(const char *body, size_t len, size_t step, int stop_at, struct buf *trace)
{
	struct trace t = { .stop_at = stop_at };
	struct multipart m;
	size_t off, n;

	buf_init(&t.b, 0);
	assert_int_equal(multipart_init(&m, B, strlen(B), 0, 0, &cbs, &t), 0);
	for (off = 0; off < len; off += n) {
		n = step == 0 || len - off < step ? len - off : step;
		if (multipart_feed(&m, body + off, n) < 0)
			break;
	}
	if (m.state != MPS_ERROR)
		multipart_finish(&m);
	*trace = t.b;
	return m.error;
}

static void
check(const struct mp_case *c, size_t step, const char *how)
{
	size_t len = c->len ? c->len : strlen(c->body);
	enum multipart_error got;
	struct buf tr;

	got = feed(c->body, len, step, c->stop_at, &tr);
	if (got != c->error)
		fail_msg("%s (%s): error %s, want %s", c->name, how,
		    multipart_error_code(got), multipart_error_code(c->error));
	if (c->error == MP_OK && c->want != NULL && strcmp(buf_cstr(&tr), c->want) != 0)
		fail_msg("%s (%s): trace \"%s\", want \"%s\"", c->name, how,
		    buf_cstr(&tr), c->want);
	buf_free(&tr);
}

static void
table(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		check(&cases[i], 0, "whole");
		check(&cases[i], 1, "byte by byte");
		check(&cases[i], 3, "in threes");
	}
}

/* Two chunks split at every position give the same trace as one. */
static void
every_split(void **state)
{
	struct trace t;
	struct multipart m;
	struct buf whole;
	size_t i, k, len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = cases[i].len ? cases[i].len : strlen(cases[i].body);
		feed(cases[i].body, len, 0, cases[i].stop_at, &whole);
		for (k = 0; k <= len; k++) {
			memset(&t, 0, sizeof(t));
			t.stop_at = cases[i].stop_at;
			buf_init(&t.b, 0);
			assert_int_equal(multipart_init(&m, B, strlen(B), 0, 0, &cbs, &t), 0);
			if (multipart_feed(&m, cases[i].body, k) == 0)
				multipart_feed(&m, cases[i].body + k, len - k);
			if (m.state != MPS_ERROR)
				multipart_finish(&m);
			if (m.error != cases[i].error)
				fail_msg("%s split at %zu: %s", cases[i].name, k,
				    multipart_error_code(m.error));
			if (m.error == MP_OK && strcmp(buf_cstr(&t.b), buf_cstr(&whole)) != 0)
				fail_msg("%s split at %zu: trace differs", cases[i].name, k);
			buf_free(&t.b);
		}
		buf_free(&whole);
	}
}

static void
limits(void **state)
{
	char body[4096], line[MULTIPART_LINE_MAX + 64];
	struct trace t = { .stop_at = -1 };
	struct multipart m;
	size_t i;
	int n = 0;

	/* Too many parts. */
	for (i = 0; i < 5; i++)
		n += snprintf(body + n, sizeof(body) - (size_t)n,
		    "--" B "\r\n" CD "name=\"f%zu\"\r\n\r\nv\r\n", i);
	snprintf(body + n, sizeof(body) - (size_t)n, "--" B "--");
	buf_init(&t.b, 0);
	assert_int_equal(multipart_init(&m, B, strlen(B), 4, 0, &cbs, &t), 0);
	assert_int_equal(multipart_feed(&m, body, strlen(body)), -1);
	assert_int_equal(m.error, MP_E_TOO_MANY_PARTS);
	assert_int_equal(multipart_feed(&m, "x", 1), -1); /* sticky */
	buf_free(&t.b);

	/* A header line one byte too long, and one at the limit. */
	memset(line, 'a', sizeof(line));
	memcpy(line, "X-Long: ", 8);
	n = snprintf(body, sizeof(body), "--" B "\r\n%.*s\r\n", MULTIPART_LINE_MAX + 1, line);
	buf_init(&t.b, 0);
	assert_int_equal(multipart_init(&m, B, strlen(B), 0, 0, &cbs, &t), 0);
	assert_int_equal(multipart_feed(&m, body, (size_t)n), -1);
	assert_int_equal(m.error, MP_E_HEADER_TOO_LONG);
	n = snprintf(body, sizeof(body),
	    "--" B "\r\n%.*s\r\n" CD "name=a\r\n\r\nv\r\n--" B "--", MULTIPART_LINE_MAX, line);
	assert_int_equal(multipart_init(&m, B, strlen(B), 0, 0, &cbs, &t), 0);
	for (i = 0; i < (size_t)n; i++) /* the CR arriving alone */
		assert_int_equal(multipart_feed(&m, body + i, 1), 0);
	assert_int_equal(multipart_finish(&m), 0);
	buf_free(&t.b);

	/* Boundaries RFC 2046 does not allow. */
	assert_int_equal(multipart_init(&m, "", 0, 0, 0, &cbs, &t), -1);
	assert_int_equal(m.error, MP_E_BOUNDARY);
	assert_int_equal(multipart_init(&m, "a\rb", 3, 0, 0, &cbs, &t), -1);
	assert_int_equal(multipart_init(&m, "ends in space ", 14, 0, 0, &cbs, &t), -1);
	memset(line, 'b', 71);
	assert_int_equal(multipart_init(&m, line, 71, 0, 0, &cbs, &t), -1);
	assert_int_equal(multipart_init(&m, line, 70, 0, 0, &cbs, &t), 0);
}

static void
boundary_parse(void **state)
{
	/* clang-format off */
	static const struct {
		const char *ct;
		const char *want;	/* NULL: refused */
	} bcases[] = {
		{ "multipart/form-data; boundary=----WebKitFormBoundaryX", "----WebKitFormBoundaryX" },
		{ "Multipart/Form-Data;boundary=abc", "abc" },
		{ "multipart/form-data; charset=utf-8; boundary=\"a b:c\"", "a b:c" },
		{ "multipart/form-data; x=\"q;boundary=no\"; boundary=yes", "yes" },
		{ "multipart/form-data; boundary=abc; charset=utf-8", "abc" },
		{ "multipart/form-data", NULL },
		{ "multipart/form-data; boundary=", NULL },
		{ "multipart/form-data; boundary=\"unterminated", NULL },
		{ "multipart/mixed; boundary=abc", NULL },
		{ "application/x-www-form-urlencoded", NULL },
		{ "multipart/form-data; boundary=\"ends \"", NULL },
		{ NULL, NULL },
	};
	/* clang-format on */
	char out[MULTIPART_BOUNDARY_MAX + 1], small[4];
	size_t i;
	int n;

	for (i = 0; i < sizeof(bcases) / sizeof(bcases[0]); i++) {
		n = multipart_boundary(bcases[i].ct, out, sizeof(out));
		if (bcases[i].want == NULL) {
			if (n != -1)
				fail_msg("\"%s\": accepted \"%s\"", bcases[i].ct, out);
		} else if (n < 0 || strcmp(out, bcases[i].want) != 0)
			fail_msg("\"%s\": %d \"%s\", want \"%s\"", bcases[i].ct, n,
			    n < 0 ? "" : out, bcases[i].want);
	}
	assert_int_equal(multipart_boundary("multipart/form-data; boundary=abcdef", small,
			     sizeof(small)),
	    -1);
}

/* Truncations and random soups never crash and always end in a state. */
static void
soup(void **state)
{
	static const char alphabet[] = "-\r\n:;=\"a " B;
	uint32_t x = 88172645u;
	char buf[160];
	struct buf tr;
	size_t i, round, len;

	for (round = 0; round < 20000; round++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		len = x % sizeof(buf);
		i = 0;
		if (round % 2 == 0) {
			/* Start like a real body, then go wrong. */
			len = len > 30 ? len : 30;
			memcpy(buf, "--" B "\r\n" CD, 17);
			i = 17;
		}
		for (; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			buf[i] = alphabet[x % (sizeof(alphabet) - 1)];
		}
		feed(buf, len, 1 + round % 9, -1, &tr);
		buf_free(&tr);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table),
		cmocka_unit_test(every_split),
		cmocka_unit_test(limits),
		cmocka_unit_test(boundary_parse),
		cmocka_unit_test(soup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
