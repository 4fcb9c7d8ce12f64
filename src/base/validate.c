/*
 * validate.c - validators for declared parameters.
 */
#include <string.h>

#include "base/code.h"
#include "base/str.h"
#include "base/timefmt.h"
#include "base/validate.h"

static const char *const error_keys[VALIDATE_ERROR_MAX] = { VALIDATE_ERROR_LIST(CODE_ENTRY) };

const char *
validate_error_key(enum validate_error ve)
{
	return code_name_or(error_keys, VALIDATE_ERROR_MAX, (int)ve, "encoding");
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Characters of UTF-8 text, counted by lead bytes. */
static size_t
utf8_count(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

static bool
has_control(const char *s, size_t len, bool multiline)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (multiline && (c == '\n' || c == '\r' || c == '\t'))
			continue;
		if (c < 0x20 || c == 0x7f)
			return true;
	}
	return false;
}

static bool
parse_email(const char *s, size_t len)
{
	const char *at, *dot;
	size_t i;

	if (len < 5 || len > 254 || (at = memchr(s, '@', len)) == NULL)
		return false;
	if (at == s || memchr(at + 1, '@', len - (size_t)(at - s) - 1) != NULL)
		return false;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == '<' || s[i] == '>' ||
		    s[i] == ',' || s[i] == ';' || s[i] == '"')
			return false;
	dot = memrchr(at + 1, '.', len - (size_t)(at - s) - 1);
	return dot != NULL && dot > at + 1 && dot < s + len - 1;
}

static bool
in_choices(const char *choices, const char *s, size_t len)
{
	const char *p = choices, *bar;
	size_t n;

	while (p != NULL && *p != '\0') {
		bar = strchr(p, '|');
		n = bar ? (size_t)(bar - p) : strlen(p);
		if (n == len && memcmp(p, s, n) == 0)
			return true;
		p = bar ? bar + 1 : NULL;
	}
	return false;
}

enum validate_error
validate_param(const struct param_spec *spec, const char *raw, size_t len,
    struct arena *a, struct param_value *out)
{
	int64_t maxc;
	size_t nchars;

	memset(out, 0, sizeof(*out));
	out->spec = spec;
	out->text = "";
	if (raw == NULL)
		len = 0;
	if (len > 0 && !utf8_valid(raw, len))
		return VE_ENCODING;
	if (spec->type == PT_SECRET) {
		if (len == 0)
			return spec->required ? VE_REQUIRED : VE_OK;
		if (utf8_count(raw, len) > (size_t)(spec->max > 0 ? spec->max : 256))
			return VE_TOO_LONG;
		if (has_control(raw, len, false))
			return VE_CONTROL;
		if ((out->text = arena_strndup(a, raw, len)) == NULL)
			return VE_TOO_LONG;
		out->present = true;
		return VE_OK;
	}
	/* Keep what the user typed, minus surrounding blanks. */
	while (len > 0 && is_space(raw[0])) {
		raw++;
		len--;
	}
	while (len > 0 && is_space(raw[len - 1]))
		len--;
	if (len > 0 && (out->text = arena_strndup(a, raw, len)) == NULL)
		return VE_TOO_LONG;
	out->present = len > 0;
	if (!out->present) {
		if (spec->type == PT_BOOL)
			return VE_OK;
		return spec->required ? VE_REQUIRED : VE_OK;
	}
	switch (spec->type) {
	case PT_TEXT:
	case PT_MULTILINE:
		if (has_control(raw, len, spec->type == PT_MULTILINE))
			return VE_CONTROL;
		nchars = utf8_count(raw, len);
		maxc = spec->max > 0 ? spec->max : 1000;
		if ((int64_t)nchars > maxc)
			return VE_TOO_LONG;
		if ((int64_t)nchars < spec->min)
			return VE_TOO_SHORT;
		return VE_OK;
	case PT_INT:
		if (str_to_i64(raw, len, INT64_MIN, INT64_MAX, &out->i) < 0)
			return VE_NOT_INT;
		if ((spec->min != 0 || spec->max != 0) &&
		    (out->i < spec->min || out->i > spec->max))
			return VE_RANGE;
		return VE_OK;
	case PT_ENUM:
		return in_choices(spec->choices, raw, len) ? VE_OK : VE_CHOICE;
	case PT_EMAIL:
		return parse_email(raw, len) ? VE_OK : VE_EMAIL;
	case PT_DATE:
		/* A NUL byte inside would end the text early. */
		return strlen(out->text) == len && time_is_date(out->text) ? VE_OK : VE_DATE;
	case PT_BOOL:
		if (in_choices("1|on|true|yes", raw, len))
			out->i = 1;
		else if (!in_choices("0|off|false|no", raw, len))
			return VE_BOOL;
		return VE_OK;
	case PT_SECRET:
	case PARAM_TYPE_MAX:
		break;
	}
	return VE_ENCODING;
}
