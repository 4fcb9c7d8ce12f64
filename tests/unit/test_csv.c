/*
 * test_csv.c - the CSV reader (base/csv.h): RFC 4180 quoting, line ends,
 * the byte order mark, line numbers, limits, and malformed input, as a
 * table of cases; then every prefix of every case and a pseudo-random byte
 * soup, which must end in records or an error, never a crash.
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

#include "base/csv.h"

#define MAX_RECS 6
#define MAX_FIELDS 6

struct csv_case {
	const char *name;
	const char *in;
	size_t len; /* 0: strlen(in) */
	char sep;
	size_t max_fields, max_len;             /* 0: defaults */
	const char *want[MAX_RECS][MAX_FIELDS]; /* records, each ended by NULL */
	size_t lines[MAX_RECS];                 /* where each record starts */
	enum csv_error error;                   /* after the records above */
	size_t error_line;
};

/* clang-format off */
static const struct csv_case cases[] = {
	{ "plain", "a,b,c\n1,2,3\n", 0, ',', 0, 0,
	    { { "a", "b", "c" }, { "1", "2", "3" } }, { 1, 2 }, CSV_OK, 0 },
	{ "no final line end", "a,b\n1,2", 0, ',', 0, 0,
	    { { "a", "b" }, { "1", "2" } }, { 1, 2 }, CSV_OK, 0 },
	{ "crlf", "a,b\r\n1,2\r\n", 0, ',', 0, 0,
	    { { "a", "b" }, { "1", "2" } }, { 1, 2 }, CSV_OK, 0 },
	{ "lone cr", "a,b\r1,2\r", 0, ',', 0, 0,
	    { { "a", "b" }, { "1", "2" } }, { 1, 2 }, CSV_OK, 0 },
	{ "empty fields", ",,\n", 0, ',', 0, 0,
	    { { "", "", "" } }, { 1 }, CSV_OK, 0 },
	{ "trailing separator at end", "a,", 0, ',', 0, 0,
	    { { "a", "" } }, { 1 }, CSV_OK, 0 },
	{ "blank line in the middle", "a\n\nb\n", 0, ',', 0, 0,
	    { { "a" }, { "" }, { "b" } }, { 1, 2, 3 }, CSV_OK, 0 },
	{ "quoted comma", "\"Rutan, Limboto\",x\n", 0, ',', 0, 0,
	    { { "Rutan, Limboto", "x" } }, { 1 }, CSV_OK, 0 },
	{ "doubled quotes", "\"say \"\"hi\"\"\",\"\"\"\"\n", 0, ',', 0, 0,
	    { { "say \"hi\"", "\"" } }, { 1 }, CSV_OK, 0 },
	{ "quoted line breaks keep line numbers", "\"Jl. A\nNo. 1\",x\ny,z\n", 0, ',', 0, 0,
	    { { "Jl. A\nNo. 1", "x" }, { "y", "z" } }, { 1, 3 }, CSV_OK, 0 },
	{ "quoted crlf counted once", "\"a\r\nb\"\r\nc\r\n", 0, ',', 0, 0,
	    { { "a\r\nb" }, { "c" } }, { 1, 3 }, CSV_OK, 0 },
	{ "empty quoted field", "\"\",a\n", 0, ',', 0, 0,
	    { { "", "a" } }, { 1 }, CSV_OK, 0 },
	{ "byte order mark", "\xef\xbb\xbfname,x\n", 0, ',', 0, 0,
	    { { "name", "x" } }, { 1 }, CSV_OK, 0 },
	{ "semicolons", "a;b,c\n", 0, ';', 0, 0,
	    { { "a", "b,c" } }, { 1 }, CSV_OK, 0 },
	{ "utf-8 passes through", "K\xc3\xa4ntor,\xe2\x80\x94\n", 0, ',', 0, 0,
	    { { "K\xc3\xa4ntor", "\xe2\x80\x94" } }, { 1 }, CSV_OK, 0 },
	{ "empty text", "", 0, ',', 0, 0, { { NULL } }, { 0 }, CSV_OK, 0 },
	{ "only a bom", "\xef\xbb\xbf", 0, ',', 0, 0, { { NULL } }, { 0 }, CSV_OK, 0 },
	{ "bare quote in a plain field", "a,b\"c\n", 0, ',', 0, 0,
	    { { NULL } }, { 0 }, CSV_E_QUOTE, 1 },
	{ "text after the closing quote", "ok\n\"a\"b,c\n", 0, ',', 0, 0,
	    { { "ok" } }, { 1 }, CSV_E_AFTER_QUOTE, 2 },
	{ "unterminated quote reports its start", "ok\n\"abc\n\nmore\n", 0, ',', 0, 0,
	    { { "ok" } }, { 1 }, CSV_E_UNTERMINATED, 2 },
	{ "lone opening quote at the end", "\"", 0, ',', 0, 0,
	    { { NULL } }, { 0 }, CSV_E_UNTERMINATED, 1 },
	{ "nul byte", "a\0b\n", 4, ',', 0, 0, { { NULL } }, { 0 }, CSV_E_NUL, 1 },
	{ "nul in quotes", "\"a\0\"\n", 5, ',', 0, 0, { { NULL } }, { 0 }, CSV_E_NUL, 1 },
	{ "too many fields", "a,b\na,b,c\n", 0, ',', 2, 0,
	    { { "a", "b" } }, { 1 }, CSV_E_TOO_MANY_FIELDS, 2 },
	{ "field too long", "abcd,e\n", 0, ',', 0, 3,
	    { { NULL } }, { 0 }, CSV_E_FIELD_TOO_LONG, 1 },
	{ "quoted field too long", "\"ab\"\"c\"\n", 0, ',', 0, 3,
	    { { NULL } }, { 0 }, CSV_E_FIELD_TOO_LONG, 1 },
	{ "field at the limit", "abc\n", 0, ',', 0, 3,
	    { { "abc" } }, { 1 }, CSV_OK, 0 },
};
/* clang-format on */

static void
run_case(const struct csv_case *c)
{
	struct csv_reader r;
	struct csv_record rec;
	size_t len = c->len ? c->len : strlen(c->in), n = 0, i, want_n;
	int rc;

	csv_init(&r, c->in, len, c->sep, c->max_fields, c->max_len);
	while ((rc = csv_next(&r, &rec)) == 1) {
		if (n >= MAX_RECS || c->want[n][0] == NULL)
			fail_msg("%s: unexpected record %zu", c->name, n + 1);
		for (want_n = 0; want_n < MAX_FIELDS && c->want[n][want_n] != NULL; want_n++)
			;
		if (rec.count != want_n)
			fail_msg("%s: record %zu has %zu fields, want %zu", c->name,
			    n + 1, rec.count, want_n);
		for (i = 0; i < rec.count; i++) {
			if (rec.fields[i].len != strlen(c->want[n][i]) ||
			    memcmp(rec.fields[i].p, c->want[n][i], rec.fields[i].len) != 0 ||
			    rec.fields[i].p[rec.fields[i].len] != '\0')
				fail_msg(
				    "%s: record %zu field %zu is \"%s\", want \"%s\"",
				    c->name, n + 1, i + 1, rec.fields[i].p, c->want[n][i]);
		}
		if (rec.line != c->lines[n])
			fail_msg("%s: record %zu starts on line %zu, want %zu", c->name,
			    n + 1, rec.line, c->lines[n]);
		n++;
	}
	if (n < MAX_RECS && c->want[n][0] != NULL)
		fail_msg("%s: %zu records, want more", c->name, n);
	if (c->error == CSV_OK) {
		if (rc != 0)
			fail_msg("%s: error %s, want none", c->name, csv_error_code(r.error));
	} else {
		if (rc != -1 || r.error != c->error)
			fail_msg("%s: %s, want error %s", c->name,
			    rc == 0 ? "end" : csv_error_code(r.error),
			    csv_error_code(c->error));
		if (r.error_line != c->error_line)
			fail_msg("%s: error on line %zu, want %zu", c->name, r.error_line,
			    c->error_line);
		/* Sticky. */
		if (csv_next(&r, &rec) != -1)
			fail_msg("%s: the error is not sticky", c->name);
	}
	csv_free(&r);
}

static void
table(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
}

static void
sniff(void **state)
{
	assert_int_equal(csv_sniff_separator("a,b;c\n", 6), ',');
	assert_int_equal(csv_sniff_separator("a;b;c\nx,y", 9), ';');
	assert_int_equal(csv_sniff_separator("\"a,b\";c\n", 8), ';');
	assert_int_equal(csv_sniff_separator("\xef\xbb\xbfnama;jenis\n", 15), ';');
	assert_int_equal(csv_sniff_separator("single\n", 7), ',');
	assert_int_equal(csv_sniff_separator("", 0), ',');
}

static void
blank(void **state)
{
	struct csv_reader r;
	struct csv_record rec;

	csv_init(&r, ",,\n\"\"\nx\n", 8, ',', 0, 0);
	assert_int_equal(csv_next(&r, &rec), 1);
	assert_true(csv_record_blank(&rec));
	assert_int_equal(csv_next(&r, &rec), 1);
	assert_false(csv_record_blank(&rec)); /* "" was written on purpose */
	assert_int_equal(csv_next(&r, &rec), 1);
	assert_false(csv_record_blank(&rec));
	assert_int_equal(csv_next(&r, &rec), 0);
	csv_free(&r);
}

/* Read everything; returns records read, -1 on error. */
static long
drain(const char *p, size_t len, size_t max_fields, size_t max_len)
{
	struct csv_reader r;
	struct csv_record rec;
	long n = 0;
	int rc;
	size_t i;

	csv_init(&r, p, len, ',', max_fields, max_len);
	while ((rc = csv_next(&r, &rec)) == 1) {
		assert_true(rec.count >= 1);
		for (i = 0; i < rec.count; i++)
			assert_true(rec.fields[i].len <= (max_len ? max_len : 1024 * 1024));
		n++;
	}
	csv_free(&r);
	return rc < 0 ? -1 : n;
}

/* Every prefix of every case: truncated input is read or refused cleanly. */
static void
prefixes(void **state)
{
	size_t i, k, len;
	char *copy;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		len = cases[i].len ? cases[i].len : strlen(cases[i].in);
		for (k = 0; k <= len; k++) {
			/* A copy of exactly k bytes, so that reading past is caught. */
			copy = malloc(k ? k : 1);
			assert_non_null(copy);
			memcpy(copy, cases[i].in, k);
			drain(copy, k, 3, 8);
			free(copy);
		}
	}
}

/* Bytes drawn mostly from the characters that matter to CSV. */
static void
soup(void **state)
{
	static const char alphabet[] = "\",;\r\na\0\xef\xbb\xbf ";
	uint32_t x = 2463534242u;
	char buf[64];
	size_t i, round, len;

	for (round = 0; round < 20000; round++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		len = x % sizeof(buf);
		for (i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			buf[i] = alphabet[x % (sizeof(alphabet) - 1)];
		}
		drain(buf, len, 1 + round % 5, 1 + round % 7);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table),
		cmocka_unit_test(sniff),
		cmocka_unit_test(blank),
		cmocka_unit_test(prefixes),
		cmocka_unit_test(soup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
