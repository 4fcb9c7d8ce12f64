/*
 * test_validate.c - the validators of declared parameters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/validate.h"

static void
validator_cases(void **state)
{
	static const struct param_spec
	    text = { "name", PARAM_FORM, PT_TEXT, true, 2, 10, NULL },
	    opt_text = { "note", PARAM_FORM, PT_TEXT, false, 0, 0, NULL },
	    multi = { "body", PARAM_FORM, PT_MULTILINE, false, 0, 20, NULL },
	    id = { "id", PARAM_PATH, PT_INT, true, 1, 1000, NULL },
	    mode = { "mode", PARAM_FORM, PT_ENUM, true, 0, 0, "luring|daring|hibrida" },
	    email = { "email", PARAM_FORM, PT_EMAIL, true, 0, 0, NULL },
	    date = { "date", PARAM_FORM, PT_DATE, true, 0, 0, NULL },
	    flag = { "flag", PARAM_FORM, PT_BOOL, false, 0, 0, NULL },
	    secret = { "password", PARAM_FORM, PT_SECRET, true, 0, 12, NULL };
	/* clang-format off */
	static const struct {
		const struct param_spec *spec;
		const char *in;
		enum validate_error want;
		const char *text;	/* expected stored text when valid */
		int64_t i;
	} cases[] = {
		{ &text, "Budi", VE_OK, "Budi", 0 },
		{ &text, "  Budi \n", VE_OK, "Budi", 0 },
		{ &text, "", VE_REQUIRED, "", 0 },
		{ &text, "   ", VE_REQUIRED, "", 0 },
		{ &text, "B", VE_TOO_SHORT, NULL, 0 },
		{ &text, "Bud\xc3\xad Santos", VE_TOO_LONG, NULL, 0 },
		{ &text, "\xc3\xa9\xc3\xa9\xc3\xa9", VE_OK, "\xc3\xa9\xc3\xa9\xc3\xa9", 0 },
		{ &text, "a\tb", VE_CONTROL, NULL, 0 },
		{ &text, "a\nb", VE_CONTROL, NULL, 0 },
		{ &text, "ab\xff", VE_ENCODING, NULL, 0 },
		{ &opt_text, "", VE_OK, "", 0 },
		{ &multi, "line 1\nline 2", VE_OK, "line 1\nline 2", 0 },
		{ &multi, "bell\a", VE_CONTROL, NULL, 0 },
		{ &id, "42", VE_OK, "42", 42 },
		{ &id, "0", VE_RANGE, NULL, 0 },
		{ &id, "1001", VE_RANGE, NULL, 0 },
		{ &id, "4x", VE_NOT_INT, NULL, 0 },
		{ &id, "99999999999999999999", VE_NOT_INT, NULL, 0 },
		{ &mode, "daring", VE_OK, "daring", 0 },
		{ &mode, "dar", VE_CHOICE, NULL, 0 },
		{ &mode, "daring|luring", VE_CHOICE, NULL, 0 },
		{ &email, "operator@imigrasi.go.id", VE_OK, "operator@imigrasi.go.id", 0 },
		{ &email, "operator@localhost", VE_EMAIL, NULL, 0 },
		{ &email, "a@b@c.id", VE_EMAIL, NULL, 0 },
		{ &email, "a b@c.id", VE_EMAIL, NULL, 0 },
		{ &email, "@c.id", VE_EMAIL, NULL, 0 },
		{ &date, "2023-12-10", VE_OK, "2023-12-10", 0 },
		{ &date, "2024-02-29", VE_OK, "2024-02-29", 0 },
		{ &date, "2023-02-29", VE_DATE, NULL, 0 },
		{ &date, "2023-13-01", VE_DATE, NULL, 0 },
		{ &date, "10-12-2023", VE_DATE, NULL, 0 },
		{ &date, "2023-1-01", VE_DATE, NULL, 0 },
		{ &flag, "on", VE_OK, "on", 1 },
		{ &flag, "", VE_OK, "", 0 },
		{ &flag, "maybe", VE_BOOL, NULL, 0 },
		{ &secret, " pass word ", VE_OK, " pass word ", 0 },
		{ &secret, "", VE_REQUIRED, NULL, 0 },
		{ &secret, "1234567890123", VE_TOO_LONG, NULL, 0 },
		/* Counted in characters, like any text: twelve of four bytes fit. */
		{ &secret, "\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91"
		    "\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91"
		    "\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91", VE_OK,
		    NULL, 0 },
		{ &secret, "tab\there", VE_CONTROL, NULL, 0 },
		{ &secret, "\xff\xfe", VE_ENCODING, NULL, 0 },
	};
	/* clang-format on */
	struct arena a;
	struct param_value v;
	enum validate_error got;
	size_t i;

	arena_init(&a, 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = validate_param(cases[i].spec, cases[i].in, strlen(cases[i].in), &a, &v);
		if (got != cases[i].want)
			fail_msg("case %zu (%s='%s'): got %s, want %s", i,
			    cases[i].spec->name, cases[i].in, validate_error_key(got),
			    validate_error_key(cases[i].want));
		if (got == VE_OK && cases[i].text != NULL && strcmp(v.text, cases[i].text) != 0)
			fail_msg("case %zu (%s): text '%s'", i, cases[i].spec->name, v.text);
		if (got == VE_OK && v.i != cases[i].i)
			fail_msg("case %zu (%s): int %lld", i, cases[i].spec->name,
			    (long long)v.i);
	}
	arena_free(&a);
}

static void
error_keys_complete(void **state)
{
	int i;

	for (i = 0; i < VALIDATE_ERROR_MAX; i++)
		assert_non_null(validate_error_key((enum validate_error)i));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(validator_cases),
		cmocka_unit_test(error_keys_complete),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
