/*
 * test_formguard.c - the public forms' guard (web/public/formguard.h):
 * tokens bind form, object and issue time (forged, other form, other
 * object, too fast, too old refused), the per-address rate limit, device
 * marks per object and day, and the refusal counters in /metrics' text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "base/buf.h"
#include "web/public/formguard.h"

static const unsigned char key[32] = { 7, 1, 2, 3 };

static int
setup(void **state)
{
	struct formguard_config cfg = { .min_fill_ms = 1000,
		.max_age = 60,
		.rate_max = 3,
		.rate_window = 600 };

	if (sodium_init() < 0)
		return -1;
	formguard_init_key(key, &cfg);
	return 0;
}

static void
test_token(void **state)
{
	char tok[FORMGUARD_TOKEN_MAX], bad[FORMGUARD_TOKEN_MAX];
	struct formguard_token t;
	int64_t t0 = 1700000000000;
	size_t n;

	formguard_issue("survei", 42, t0, tok);
	assert_int_equal(formguard_check(tok, "survei", 42, t0 + 5000, &t), FG_OK);
	assert_int_equal(t.object, 42);
	assert_int_equal(t.issued_ms, t0);
	assert_int_equal(strlen(t.nonce), 32);
	assert_int_equal(formguard_check(tok, "survei", 42, t0 + 999, &t), FG_TOO_FAST);
	assert_int_equal(formguard_check(tok, "survei", 42, t0 + 61000, &t), FG_EXPIRED);
	assert_int_equal(formguard_check(tok, "survei", 43, t0 + 5000, &t), FG_MISMATCH);
	assert_int_equal(formguard_check(tok, "pengaduan", 42, t0 + 5000, &t), FG_TOKEN);
	/* One changed digit of the time breaks the signature. */
	snprintf(bad, sizeof(bad), "%s", tok);
	bad[3] = bad[3] == '1' ? '2' : '1';
	assert_int_equal(formguard_check(bad, "survei", 42, t0 + 5000, &t), FG_TOKEN);
	n = strlen(tok);
	snprintf(bad, sizeof(bad), "%s", tok);
	bad[n - 1] = bad[n - 1] == '0' ? '1' : '0';
	assert_int_equal(formguard_check(bad, "survei", 42, t0 + 5000, &t), FG_TOKEN);
	assert_int_equal(formguard_check("", "survei", 42, t0, &t), FG_TOKEN);
	assert_int_equal(formguard_check(NULL, "survei", 42, t0, &t), FG_TOKEN);
	assert_int_equal(formguard_check("1.2.3.4.5", "survei", 42, t0, &t), FG_TOKEN);
	/* Two tokens never share a nonce. */
	formguard_issue("survei", 42, t0, bad);
	assert_string_not_equal(tok, bad);
}

static void
test_rate(void **state)
{
	int64_t now = 1700000000;

	assert_int_equal(formguard_rate("10.0.0.1", now), FG_OK);
	assert_int_equal(formguard_rate("10.0.0.1", now), FG_OK);
	assert_int_equal(formguard_rate("10.0.0.1", now + 1), FG_OK);
	assert_int_equal(formguard_rate("10.0.0.1", now + 2), FG_RATE);
	assert_int_equal(formguard_rate("10.0.0.2", now + 2), FG_OK);
	/* The next window starts afresh. */
	assert_int_equal(formguard_rate("10.0.0.1", now + 600), FG_OK);
}

static void
test_mark(void **state)
{
	char m1[256], m2[256], bad[256];

	assert_false(formguard_mark_has("survei", NULL, 5, "2026-12-06"));
	assert_int_equal(formguard_mark_add("survei", NULL, 5, "2026-12-06", m1, sizeof(m1)), 0);
	assert_true(formguard_mark_has("survei", m1, 5, "2026-12-06"));
	assert_false(formguard_mark_has("survei", m1, 6, "2026-12-06"));
	assert_false(formguard_mark_has("survei", m1, 5, "2026-12-07"));
	assert_false(formguard_mark_has("pengaduan", m1, 5, "2026-12-06"));
	assert_int_equal(formguard_mark_add("survei", m1, 16, "2026-12-06", m2, sizeof(m2)), 0);
	assert_true(formguard_mark_has("survei", m2, 5, "2026-12-06"));
	assert_true(formguard_mark_has("survei", m2, 16, "2026-12-06"));
	assert_false(formguard_mark_has("survei", m2, 1, "2026-12-06"));
	/* A new day forgets yesterday's entries. */
	assert_int_equal(formguard_mark_add("survei", m2, 7, "2026-12-07", m1, sizeof(m1)), 0);
	assert_false(formguard_mark_has("survei", m1, 5, "2026-12-07"));
	assert_true(formguard_mark_has("survei", m1, 7, "2026-12-07"));
	/* A forged entry is no mark at all. */
	snprintf(bad, sizeof(bad), "%s", m2);
	bad[11] = '9';
	assert_false(formguard_mark_has("survei", bad, 5, "2026-12-06"));
	assert_int_equal(formguard_mark_add("survei", NULL, 5, "2026-12-06", m1, 10), -1);
}

static void
test_metrics(void **state)
{
	struct buf b;

	formguard_refused("survei", FG_OK);
	formguard_refused("survei", FG_TOO_FAST);
	formguard_refused("survei", FG_TOO_FAST);
	formguard_refused("pengaduan", FG_HONEYPOT);
	buf_init(&b, 0);
	formguard_metrics_write(&b);
	assert_non_null(strstr(buf_cstr(&b),
	    "p2ham_form_refusals_total{form=\"survei\",reason=\"too_fast\"} 2\n"));
	assert_non_null(strstr(buf_cstr(&b),
	    "p2ham_form_refusals_total{form=\"survei\",reason=\"replay\"} 0\n"));
	assert_non_null(strstr(buf_cstr(&b),
	    "p2ham_form_refusals_total{form=\"pengaduan\",reason=\"honeypot\"} 1\n"));
	buf_free(&b);
	assert_string_equal(formguard_reason_key(FG_DEVICE), "formguard.device");
	assert_int_equal(formguard_status(FG_RATE), 429);
	assert_int_equal(formguard_status(FG_REPLAY), 409);
	assert_int_equal(formguard_status(FG_TOO_FAST), 400);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_mark),
		cmocka_unit_test(test_metrics),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
