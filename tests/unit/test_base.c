/*
 * test_base.c - arena, buffer, string decoders and UTF-8 checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"
#include "base/sha256.h"
#include "base/str.h"
#include "base/ticker.h"
#include "base/timefmt.h"

static void
arena_cap_refuses(void **state)
{
	struct arena a;
	int i;
	void *p = NULL;

	arena_init(&a, 64 * 1024);
	for (i = 0; i < 100; i++)
		if ((p = arena_alloc(&a, 4096)) == NULL)
			break;
	assert_null(p);
	assert_true(i < 100);
	assert_true(a.used <= 64 * 1024);
	arena_free(&a);
}

static int hook_calls;
static void
count_hook(void *arg)
{
	hook_calls += *(int *)arg;
}

static void
arena_hooks_run_on_free(void **state)
{
	struct arena a;
	int one = 1, ten = 10;

	hook_calls = 0;
	arena_init(&a, 0);
	assert_int_equal(arena_defer(&a, count_hook, &one), 0);
	assert_int_equal(arena_defer(&a, count_hook, &ten), 0);
	assert_string_equal(arena_printf(&a, "%s-%d", "x", 42), "x-42");
	assert_non_null(arena_alloc(&a, 100000)); /* larger than a chunk */
	arena_free(&a);
	assert_int_equal(hook_calls, 11);
}

static void
buf_sticky_error(void **state)
{
	struct buf b;

	buf_init(&b, 8);
	buf_puts(&b, "12345");
	buf_puts(&b, "6789"); /* 9 > 8: fails */
	buf_puts(&b, "a");    /* ignored after failure */
	assert_true(b.failed);
	assert_int_equal(b.len, 5);
	assert_null(buf_detach(&b, NULL));
	buf_free(&b);
}

static void
buf_html_escapes_all_five(void **state)
{
	struct buf b;
	const char *in = "<a href=\"x\">Tom & 'Jerry'</a>";

	buf_init(&b, 0);
	buf_html(&b, in, strlen(in));
	assert_string_equal(buf_cstr(&b),
	    "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
	buf_free(&b);
}

/* Bytes past 127 and NUL index the table like any other: a replacement
 * may stand for any byte, and the bytes between replacements are kept. */
static void
buf_escape_any_byte(void **state)
{
	static const char *const rep[256] = { [0] = "\\0", [0xff] = "<ff>", ['\t'] = "\\t" };
	static const char in[] = { 'a', '\0', 'b', '\t', (char)0xff, 'c' };
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	buf_escape(&b, in, sizeof(in), rep);
	assert_string_equal(buf_cstr(&b), "a\\0b\\t<ff>c");
	buf_reset(&b);
	buf_escape(&b, "plain", 5, rep);
	assert_string_equal(buf_cstr(&b), "plain");
	buf_free(&b);
}

/* The FIPS 180-2 example "abc", whole and in pieces, and the empty text. */
static void
sha256_hex_cases(void **state)
{
	static const char abc[] =
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
	crypto_hash_sha256_state st;
	char hex[SHA256_HEX_LEN];

	(void)state;
	assert_int_not_equal(sodium_init(), -1);
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex, abc);
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)"a", 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)"bc", 2);
	sha256_final_hex(&st, hex);
	assert_string_equal(hex, abc);
	sha256_hex("", 0, hex);
	assert_string_equal(hex,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* A descriptor's content over several reads, from where it stands, and a
 * read that fails. */
static void
sha256_fd_hex_cases(void **state)
{
	static unsigned char data[40000];
	char want[SHA256_HEX_LEN], hex[SHA256_HEX_LEN];
	uint64_t len = 0;
	FILE *f;
	size_t i;

	(void)state;
	assert_int_not_equal(sodium_init(), -1);
	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7 + i / 251);
	assert_non_null(f = tmpfile());
	assert_int_equal(fwrite(data, 1, sizeof(data), f), sizeof(data));
	assert_int_equal(fflush(f), 0);
	assert_int_equal(lseek(fileno(f), 0, SEEK_SET), 0);
	sha256_hex(data, sizeof(data), want);
	assert_int_equal(sha256_fd_hex(fileno(f), hex, &len), 0);
	assert_string_equal(hex, want);
	assert_int_equal(len, sizeof(data));
	assert_int_equal(lseek(fileno(f), 100, SEEK_SET), 100);
	sha256_hex(data + 100, sizeof(data) - 100, want);
	assert_int_equal(sha256_fd_hex(fileno(f), hex, NULL), 0);
	assert_string_equal(hex, want);
	fclose(f);
	assert_int_equal(sha256_fd_hex(-1, hex, &len), -1);
}

static void
buf_detach_empty(void **state)
{
	struct buf b;
	size_t len = 99;
	char *s;

	buf_init(&b, 0);
	s = buf_detach(&b, &len);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
}

static void
utf8_cases(void **state)
{
	static const struct {
		const char *name;
		const char *s;
		size_t len;
		bool ok;
	} cases[] = {
		{ "ascii", "Gorontalo", 9, true },
		{ "two-byte", "caf\xc3\xa9", 5, true },
		{ "three-byte", "\xe2\x82\xac", 3, true },
		{ "four-byte", "\xf0\x9f\x98\x80", 4, true },
		{ "nul", "a\0b", 3, false },
		{ "lone continuation", "\x80", 1, false },
		{ "overlong slash", "\xc0\xaf", 2, false },
		{ "overlong 3", "\xe0\x80\xaf", 3, false },
		{ "surrogate", "\xed\xa0\x80", 3, false },
		{ "above max", "\xf4\x90\x80\x80", 4, false },
		{ "truncated", "\xe2\x82", 2, false },
		{ "latin1", "caf\xe9", 4, false },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (utf8_valid(cases[i].s, cases[i].len) != cases[i].ok)
			fail_msg("utf8 case '%s'", cases[i].name);
}

static void
utf8_cut_cases(void **state)
{
	static const struct {
		const char *name;
		const char *s;
		size_t len, want;
	} cases[] = {
		{ "ascii", "abc", 3, 3 },
		{ "empty", "", 0, 0 },
		{ "whole two-byte", "a\xc3\xa9", 3, 3 },
		{ "cut two-byte", "a\xc3\xa9", 2, 1 },
		{ "whole three-byte", "\xe2\x82\xac", 3, 3 },
		{ "cut three-byte after 2", "x\xe2\x82\xac", 3, 1 },
		{ "cut three-byte after 1", "x\xe2\x82\xac", 2, 1 },
		{ "whole four-byte", "\xf0\x9f\x98\x80", 4, 4 },
		{ "cut four-byte after 3", "\xf0\x9f\x98\x80", 3, 0 },
	};
	size_t i, got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = utf8_cut(cases[i].s, cases[i].len);
		if (got != cases[i].want)
			fail_msg("utf8_cut case '%s': %zu, want %zu", cases[i].name, got,
			    cases[i].want);
		if (!utf8_valid(cases[i].s, got))
			fail_msg("utf8_cut case '%s': result not valid", cases[i].name);
	}
}

static void
utf8_scrub_cases(void **state)
{
	/* clang-format off */
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain", "plain" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },
		{ "near '\"\\\xc3'", "near '\"\\?'" },
		{ "\xff\xfe", "??" },
		{ "\xe2\x82", "??" },
		{ "a\xf0\x9f\x98\x80" "b", "a\xf0\x9f\x98\x80" "b" },
	};
	/* clang-format on */
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", cases[i].in);
		utf8_scrub(buf);
		if (strcmp(buf, cases[i].out) != 0 || !utf8_valid(buf, strlen(buf)))
			fail_msg("utf8_scrub case %zu: '%s'", i, buf);
	}
}

static void
pct_decode_cases(void **state)
{
	/* clang-format off */
	static const struct {
		const char *in;
		bool plus;
		const char *out;	/* NULL: error */
	} cases[] = {
		{ "a%20b", false, "a b" },
		{ "a+b", true, "a b" },
		{ "a+b", false, "a+b" },
		{ "%2F%2f", false, "//" },
		{ "%", false, NULL },
		{ "%2", false, NULL },
		{ "%zz", false, NULL },
		{ "%C3%A9", false, "\xc3\xa9" },
		{ "", false, "" },
	};
	/* clang-format on */
	char out[64];
	long n;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = pct_decode(out, cases[i].in, strlen(cases[i].in), cases[i].plus);
		if (cases[i].out == NULL) {
			if (n >= 0)
				fail_msg("pct case '%s' should fail", cases[i].in);
			continue;
		}
		if (n < 0 || (size_t)n != strlen(cases[i].out) ||
		    memcmp(out, cases[i].out, (size_t)n) != 0)
			fail_msg("pct case '%s'", cases[i].in);
	}
}

static void
pct_encode_cases(void **state)
{
	static const struct {
		const char *name;
		const char *in;
		size_t len;
		const char *keep;
		const char *out;
	} cases[] = {
		{ "unreserved stay", "Az09-._~", 8, NULL, "Az09-._~" },
		{ "reserved are escaped", "a b&c=d/e?f#g+h%", 16, NULL,
		    "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25" },
		{ "upper-case hex", "\xc3\xa9", 2, NULL, "%C3%A9" },
		{ "NUL and DEL", "a\0b\x7f", 4, NULL, "a%00b%7F" },
		{ "NUL is escaped whatever keep says", "\0", 1, "/", "%00" },
		{ "keep a slash for a path", "/unit/a b", 9, "/", "/unit/a%20b" },
		{ "keep RFC 8187 attr-char", "a!#$&+^`|b c\"", 13, "!#$&+^`|",
		    "a!#$&+^`|b%20c%22" },
		{ "empty", "", 0, NULL, "" },
	};
	struct buf b;
	char back[64];
	long n;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_init(&b, 0);
		buf_pct(&b, cases[i].in, cases[i].len, cases[i].keep);
		if (b.failed || strcmp(buf_cstr(&b), cases[i].out) != 0)
			fail_msg("pct_encode case '%s': '%s', want '%s'", cases[i].name,
			    buf_cstr(&b), cases[i].out);
		n = pct_decode(back, buf_cstr(&b), b.len, false);
		if (n != (long)cases[i].len || memcmp(back, cases[i].in, cases[i].len) != 0)
			fail_msg("pct_encode case '%s' does not decode back", cases[i].name);
		buf_free(&b);
	}
}

static void
str_to_i64_cases(void **state)
{
	static const struct {
		const char *in;
		int64_t min, max;
		int rc;
		int64_t v;
	} cases[] = {
		{ "0", 0, 10, 0, 0 },
		{ "10", 0, 10, 0, 10 },
		{ "11", 0, 10, -1, 0 },
		{ "-5", -10, 10, 0, -5 },
		{ "-", -10, 10, -1, 0 },
		{ "", 0, 10, -1, 0 },
		{ "1x", 0, 10, -1, 0 },
		{ " 1", 0, 10, -1, 0 },
		{ "9223372036854775807", INT64_MIN, INT64_MAX, 0, INT64_MAX },
		{ "9223372036854775808", INT64_MIN, INT64_MAX, -1, 0 },
		{ "-9223372036854775808", INT64_MIN, INT64_MAX, 0, INT64_MIN },
		{ "99999999999999999999", INT64_MIN, INT64_MAX, -1, 0 },
	};
	size_t i;
	int64_t v;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = 0;
		if (str_to_i64(cases[i].in, strlen(cases[i].in), cases[i].min,
			cases[i].max, &v) != cases[i].rc ||
		    (cases[i].rc == 0 && v != cases[i].v))
			fail_msg("str_to_i64 case '%s'", cases[i].in);
	}
}

/* Blank is nothing but spaces, tabs and line ends, or no string at all. */
static void
str_blank_cases(void **state)
{
	(void)state;
	assert_true(str_blank(NULL));
	assert_true(str_blank(""));
	assert_true(str_blank(" \t\r\n "));
	assert_false(str_blank("  a "));
	assert_false(str_blank("\xc2\xa0")); /* a no-break space is text */
}

static void
utf8_chars_cases(void **state)
{
	static const struct {
		const char *s;
		size_t n;
	} cases[] = {
		{ "", 0 },
		{ "Gorontalo", 9 },
		{ "caf\xc3\xa9", 4 },
		{ "\xe2\x82\xac 5", 3 },
		{ "\xf0\x9f\x98\x80!", 2 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (utf8_chars(cases[i].s) != cases[i].n)
			fail_msg("utf8_chars case '%s'", cases[i].s);
}

static void
month_names(void **state)
{
	assert_string_equal(time_month_name(1, TIME_ID), "Januari");
	assert_string_equal(time_month_name(8, TIME_ID), "Agustus");
	assert_string_equal(time_month_name(12, TIME_ID), "Desember");
	assert_string_equal(time_month_name(5, TIME_EN), "May");
	assert_string_equal(time_month_name(12, TIME_EN), "December");
	assert_null(time_month_name(0, TIME_ID));
	assert_null(time_month_name(13, TIME_EN));
}

/* 2026-11-29T10:00:00Z, 18.00 in WITA (UTC+8); 2026-12-31T17:30:00Z, the
 * next day and year in WIT (UTC+9). */
static void
local_text_cases(void **state)
{
	/* clang-format off */
	static const struct {
		const char *iso;
		int offset;
		const char *zone;
		enum time_lang l;
		enum time_style s;
		const char *out;
	} cases[] = {
		{ "2026-11-29T10:00:00Z", 8 * 3600, "WITA", TIME_ID, TIME_DATE_TIME,
		  "29 November 2026 18.00 WITA" },
		{ "2026-11-29T10:00:00Z", 8 * 3600, "WITA", TIME_EN, TIME_DATE_TIME,
		  "29 November 2026 18:00 WITA" },
		{ "2026-11-29T10:00:00Z", 8 * 3600, NULL, TIME_ID, TIME_DATE_TIME,
		  "29 November 2026 18.00" },
		{ "2026-11-29T10:00:00Z", 8 * 3600, "WITA", TIME_ID, TIME_DATE,
		  "29 November 2026" },
		{ "2026-11-29T10:00:00Z", 8 * 3600, "WITA", TIME_ID, TIME_NUMERIC,
		  "2026-11-29 18:00 WITA" },
		{ "2026-11-29T10:00:00Z", 8 * 3600, "WITA", TIME_EN, TIME_NUMERIC,
		  "2026-11-29 18:00 WITA" },
		{ "2026-12-31T17:30:00Z", 9 * 3600, "WIT", TIME_ID, TIME_DATE_TIME,
		  "1 Januari 2027 02.30 WIT" },
		{ "2026-03-31T16:59:00Z", 7 * 3600, "WIB", TIME_EN, TIME_DATE,
		  "31 March 2026" },
		{ "2026-08-16T17:00:00Z", 7 * 3600, "WIB", TIME_ID, TIME_DATE,
		  "17 Agustus 2026" },
		{ "kemarin", 7 * 3600, "WIB", TIME_ID, TIME_DATE_TIME, "kemarin" },
		{ "2026-11-29 10:00", 7 * 3600, "WIB", TIME_ID, TIME_DATE, "2026-11-29 10:00" },
	};
	/* clang-format on */
	struct arena a;
	const char *out;
	size_t i;

	arena_init(&a, 1 << 16);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		out = time_iso_text(&a, cases[i].iso, cases[i].offset, cases[i].zone,
		    cases[i].l, cases[i].s);
		if (out == NULL || strcmp(out, cases[i].out) != 0)
			fail_msg("local text case %zu: '%s', want '%s'", i,
			    out ? out : "(null)", cases[i].out);
	}
	assert_string_equal(time_iso_text(&a, NULL, 0, NULL, TIME_ID, TIME_DATE), "");
	arena_free(&a);
}

static void
local_date_cases(void **state)
{
	char out[TIME_DATE_LEN];
	time_t t;

	assert_int_equal(time_parse_iso("2026-12-31T16:30:00Z", &t), 0);
	assert_string_equal(time_local_date(t, 7 * 3600, out), "2026-12-31");
	assert_string_equal(time_local_date(t, 8 * 3600, out), "2027-01-01");
	assert_string_equal(time_local_date(t, 0, out), "2026-12-31");
}

/* time_utc_parts, time_iso and time_local_date give what gmtime_r and
 * strftime give, from before 1900 to 9999, on days and on seconds around
 * the ends of months, leap days and eras. */
static void
utc_parts_as_gmtime(void **state)
{
	static const int64_t edges[] = { -1, 0, 1, 59, 60, 86399, 86400, 86401 };
	struct time_parts p;
	struct tm tm;
	char got[TIME_ISO_LEN], want[TIME_ISO_LEN], gd[TIME_DATE_LEN], wd[TIME_DATE_LEN];
	int64_t day, t;
	size_t k;

	for (day = -30000; day<2932896; day += day> 0 && day < 40000 ? 1 : 29)
		for (k = 0; k < sizeof(edges) / sizeof(edges[0]); k++) {
			t = day * 86400 + edges[k] + (day % 13) * 3607;
			time_utc_parts((time_t)t, &p);
			assert_non_null(gmtime_r(&(time_t){ (time_t)t }, &tm));
			if (p.year != tm.tm_year + 1900 || p.month != tm.tm_mon + 1 ||
			    p.day != tm.tm_mday || p.hour != tm.tm_hour ||
			    p.min != tm.tm_min || p.sec != tm.tm_sec)
				fail_msg("%lld: %d-%d-%d %d:%d:%d", (long long)t, p.year,
				    p.month, p.day, p.hour, p.min, p.sec);
			if (tm.tm_year + 1900 > 9999)
				continue;
			strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
			assert_string_equal(time_iso((time_t)t, got), want);
			snprintf(wd, sizeof(wd), "%04d-%02d-%02d", tm.tm_year + 1900,
			    tm.tm_mon + 1, tm.tm_mday);
			assert_string_equal(time_local_date((time_t)t, 0, gd), wd);
		}
	/* Half a day east of UTC is the next day from noon. */
	assert_string_equal(time_local_date(1764417600, 12 * 3600, gd), "2025-11-30");
}

static void
date_text_cases(void **state)
{
	static const struct {
		const char *ymd;
		enum time_lang l;
		const char *out;
	} cases[] = {
		{ "2026-11-29", TIME_ID, "29 November 2026" },
		{ "2027-01-01", TIME_ID, "1 Januari 2027" },
		{ "2026-12-10", TIME_ID, "10 Desember 2026" },
		{ "2026-03-12", TIME_EN, "12 March 2026" },
		{ "2026-13-01", TIME_ID, "2026-13-01" },
		{ "2026-00-01", TIME_ID, "2026-00-01" },
		{ "2026-02-30", TIME_ID, "2026-02-30" },
		{ "2026-11-29T10:00:00Z", TIME_ID, "2026-11-29T10:00:00Z" },
		{ "besok", TIME_EN, "besok" },
	};
	struct arena a;
	const char *out;
	size_t i;

	arena_init(&a, 1 << 16);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		out = time_date_text(&a, cases[i].ymd, cases[i].l);
		if (out == NULL || strcmp(out, cases[i].out) != 0)
			fail_msg("date text case '%s': '%s'", cases[i].ymd,
			    out ? out : "(null)");
	}
	assert_string_equal(time_date_text(&a, NULL, TIME_ID), "");
	arena_free(&a);
}

/* The table gives each kind its status and code; a message may quote the
 * error's own earlier message (formatted apart, not over itself). */
static void
err_kinds_and_self_quote(void **state)
{
	struct err e;
	const char *codes[ERR_KIND_MAX];
	int k, j;

	err_clear(&e);
	err_set(&e, ERR_NOT_FOUND, "no unit %d", 7);
	assert_int_equal(e.status, 404);
	assert_string_equal(err_code(e.kind), "not_found");
	err_set(&e, ERR_DB, "while saving: %s (again: %s)", e.msg, e.msg);
	assert_int_equal(e.status, 500);
	assert_string_equal(e.msg, "while saving: no unit 7 (again: no unit 7)");
	assert_true(err_logged(ERR_DB));
	assert_false(err_logged(ERR_INVALID));
	assert_int_equal(err_show(ERR_REFUSED), ERR_SHOW_TEXT);
	err_set(&e, (enum err_kind)ERR_KIND_MAX, "x");
	assert_int_equal(e.kind, ERR_INTERNAL);
	/* Codes are unique: they are the JSON error codes and catalog keys. */
	for (k = 0; k < ERR_KIND_MAX; k++) {
		codes[k] = err_code((enum err_kind)k);
		for (j = 0; j < k; j++)
			if (strcmp(codes[j], codes[k]) == 0)
				fail_msg("kinds %d and %d share the code %s", j, k, codes[k]);
	}
}

/* A ticker's job runs until it is stopped, and stopping wakes a wait far
 * longer than the test at once. */
static void *
tick_job(void *arg)
{
	struct ticker *t = arg;

	while (ticker_sleep(t, 3600))
		;
	return NULL;
}

static void
ticker_stops_at_once(void **state)
{
	struct ticker t = TICKER_INIT;
	struct timespec a, b;

	(void)state;
	ticker_stop(&t); /* never started: nothing to do */
	assert_false(t.started);
	assert_int_equal(ticker_start(&t, tick_job, &t), 0);
	assert_true(t.started);
	assert_false(ticker_stopping(&t));
	usleep(20 * 1000);
	clock_gettime(CLOCK_MONOTONIC, &a);
	ticker_stop(&t);
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_false(t.started);
	assert_true(ticker_stopping(&t));
	assert_true(b.tv_sec - a.tv_sec < 60);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(err_kinds_and_self_quote),
		cmocka_unit_test(arena_cap_refuses),
		cmocka_unit_test(arena_hooks_run_on_free),
		cmocka_unit_test(buf_sticky_error),
		cmocka_unit_test(buf_html_escapes_all_five),
		cmocka_unit_test(buf_escape_any_byte),
		cmocka_unit_test(sha256_hex_cases),
		cmocka_unit_test(sha256_fd_hex_cases),
		cmocka_unit_test(buf_detach_empty),
		cmocka_unit_test(utf8_cases),
		cmocka_unit_test(utf8_cut_cases),
		cmocka_unit_test(utf8_scrub_cases),
		cmocka_unit_test(pct_decode_cases),
		cmocka_unit_test(pct_encode_cases),
		cmocka_unit_test(str_to_i64_cases),
		cmocka_unit_test(utf8_chars_cases),
		cmocka_unit_test(str_blank_cases),
		cmocka_unit_test(month_names),
		cmocka_unit_test(local_text_cases),
		cmocka_unit_test(local_date_cases),
		cmocka_unit_test(date_text_cases),
		cmocka_unit_test(utc_parts_as_gmtime),
		cmocka_unit_test(ticker_stops_at_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
