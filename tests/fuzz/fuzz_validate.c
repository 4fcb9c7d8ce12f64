/*
 * fuzz_validate.c - validate_param (base/validate.h) over any value, for a
 * table of specs covering every parameter type with and without limits,
 * and str_to_i64 (base/str.h), which PT_INT rests on, against strtoll. A
 * value accepted is trimmed, valid UTF-8 and meets its type's promise (in
 * range, one of the choices, a real date, ...); a value that is not UTF-8
 * is refused as VE_ENCODING whatever the type.
 */
#include <errno.h>
#include <stdbool.h>

#include "base/str.h"
#include "fuzz.h"
#include "base/timefmt.h"
#include "base/validate.h"

#define ARENA_CAP	(32u * 1024 * 1024)	/* the server's per-request cap */

static const struct param_spec specs[] = {
	{ .name = "title", .type = PT_TEXT },
	{ .name = "code", .type = PT_TEXT, .required = true, .min = 3, .max = 10 },
	{ .name = "notes", .type = PT_MULTILINE, .max = 50 },
	{ .name = "page", .source = PARAM_QUERY, .type = PT_INT, .min = 1, .max = 1000 },
	{ .name = "id", .source = PARAM_PATH, .type = PT_INT, .required = true },
	{ .name = "delta", .type = PT_INT, .min = -5, .max = -1 },
	{ .name = "stage", .type = PT_ENUM, .choices = "draft|open|closed" },
	{ .name = "none", .type = PT_ENUM, .choices = "" },
	{ .name = "null", .type = PT_ENUM },
	{ .name = "email", .type = PT_EMAIL, .required = true },
	{ .name = "date", .type = PT_DATE },
	{ .name = "agree", .type = PT_BOOL, .required = true },
	{ .name = "password", .type = PT_SECRET, .required = true },
	{ .name = "pin", .type = PT_SECRET, .max = 8 },
};

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* text is one of the '|'-separated words of choices. */
static bool
is_choice(const char *choices, const char *text)
{
	size_t n = strlen(text);
	const char *p = choices;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, text, n) == 0 && (p[n] == '|' || p[n] == '\0'))
			return true;
		p = strchr(p, '|');
		p = p != NULL ? p + 1 : NULL;
	}
	return false;
}

/* Characters of valid UTF-8 text. */
static int64_t
chars(const char *s)
{
	int64_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* What validate_param promises of an accepted value. */
static void
check_ok(const struct param_spec *sp, const char *raw, size_t len,
    const struct param_value *v)
{
	const char *t = v->text;
	size_t tlen = strlen(t), i;
	int64_t y;

	if (sp->required && sp->type != PT_BOOL)
		FUZZ_CHECK(v->present);
	if (!v->present) {
		FUZZ_CHECK(t[0] == '\0');
		FUZZ_CHECK(sp->type != PT_BOOL || v->i == 0);
		return;
	}
	FUZZ_CHECK(tlen > 0 && utf8_valid(t, tlen));
	if (sp->type == PT_SECRET) {
		/* Kept exactly as sent. */
		FUZZ_CHECK(tlen == len && memcmp(t, raw, len) == 0);
		FUZZ_CHECK(chars(t) <= (sp->max > 0 ? sp->max : 256));
		for (i = 0; i < len; i++)
			FUZZ_CHECK((unsigned char)t[i] >= 0x20 && t[i] != 0x7f);
		return;
	}
	FUZZ_CHECK(!is_blank(t[0]) && !is_blank(t[tlen - 1]));
	FUZZ_CHECK(memmem(raw, len, t, tlen) != NULL);
	switch (sp->type) {
	case PT_TEXT:
	case PT_MULTILINE:
		for (i = 0; i < tlen; i++) {
			unsigned char c = (unsigned char)t[i];

			if (sp->type == PT_MULTILINE && (c == '\n' || c == '\r' || c == '\t'))
				continue;
			FUZZ_CHECK(c >= 0x20 && c != 0x7f);
		}
		FUZZ_CHECK(chars(t) <= (sp->max > 0 ? sp->max : 1000));
		FUZZ_CHECK(chars(t) >= sp->min);
		break;
	case PT_INT:
		FUZZ_CHECK(str_to_i64(t, tlen, INT64_MIN, INT64_MAX, &y) == 0 && y == v->i);
		if (sp->min != 0 || sp->max != 0)
			FUZZ_CHECK(v->i >= sp->min && v->i <= sp->max);
		break;
	case PT_ENUM:
		FUZZ_CHECK(is_choice(sp->choices, t));
		break;
	case PT_EMAIL:
		FUZZ_CHECK(strchr(t, '@') != NULL && strchr(t, '@') == strrchr(t, '@'));
		FUZZ_CHECK(strchr(strchr(t, '@'), '.') != NULL);
		break;
	case PT_DATE:
		FUZZ_CHECK(tlen == 10 && time_is_date(t));
		break;
	case PT_BOOL:
		FUZZ_CHECK(v->i == 0 || v->i == 1);
		FUZZ_CHECK(is_choice(v->i ? "1|on|true|yes" : "0|off|false|no", t));
		break;
	default:
		FUZZ_CHECK(!"unknown parameter type accepted");
	}
}

/* str_to_i64 takes exactly what strtoll reads as a whole number in range,
 * written as an optional '-' and digits, in at most 20 bytes. */
static void
check_i64(const char *s, size_t len)
{
	bool digits = len > 0 && len <= 20;
	char *c, *end;
	long long want;
	int64_t got;
	size_t i;

	for (i = 0; digits && i < len; i++)
		if (!(s[i] >= '0' && s[i] <= '9') && !(i == 0 && s[i] == '-' && len > 1))
			digits = false;
	if (!digits) {
		FUZZ_CHECK(str_to_i64(s, len, INT64_MIN, INT64_MAX, &got) < 0);
		return;
	}
	c = fuzz_cstr((const uint8_t *)s, len);
	errno = 0;
	want = strtoll(c, &end, 10);
	FUZZ_CHECK(*end == '\0');
	if (errno == ERANGE)
		FUZZ_CHECK(str_to_i64(s, len, INT64_MIN, INT64_MAX, &got) < 0);
	else {
		FUZZ_CHECK(str_to_i64(s, len, INT64_MIN, INT64_MAX, &got) == 0);
		FUZZ_CHECK(got == want);
		/* Bounds are inclusive. */
		FUZZ_CHECK(str_to_i64(s, len, got, got, &got) == 0);
		if (got > INT64_MIN)
			FUZZ_CHECK(str_to_i64(s, len, INT64_MIN, got - 1, &got) < 0);
	}
	free(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *raw = (const char *)data;
	const struct param_spec *sp;
	struct param_value v;
	enum validate_error ve;
	struct arena a;
	bool valid = utf8_valid(raw, size);

	arena_init(&a, ARENA_CAP);
	for (sp = specs; sp < specs + sizeof(specs) / sizeof(specs[0]); sp++) {
		ve = validate_param(sp, raw, size, &a, &v);
		FUZZ_CHECK(ve < VALIDATE_ERROR_MAX);
		FUZZ_CHECK(validate_error_key(ve) != NULL && validate_error_key(ve)[0] != '\0');
		FUZZ_CHECK(v.spec == sp && v.text != NULL);
		if (size > 0 && !valid)
			FUZZ_CHECK(ve == VE_ENCODING);
		else
			FUZZ_CHECK(ve != VE_ENCODING);
		if (ve == VE_OK)
			check_ok(sp, raw, size, &v);
		/* An absent value is an empty one. */
		ve = validate_param(sp, NULL, size, &a, &v);
		FUZZ_CHECK(ve == (sp->required && sp->type != PT_BOOL ? VE_REQUIRED : VE_OK));
	}
	check_i64(raw, size);
	arena_free(&a);
	return 0;
}
