/*
 * account.c - password acceptability, email keys, sign-in throttling, token
 * scopes.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "base/code.h"
#include "base/str.h"
#include "core/account.h"

/* Five wrong passwords for one account within 15 minutes lock it for 15
 * minutes; an address gets more room, as offices share one public address.
 * The sixth attempt of a window is refused even before the fifth failed. */
const struct throttle_rule throttle_account = { 5, 15 * 60, 15 * 60 };
const struct throttle_rule throttle_address = { 30, 15 * 60, 15 * 60 };
/* A reset link is 256 random bits, so guessing one is hopeless; still,
 * an address that keeps trying links that do not work is held back. */
const struct throttle_rule throttle_reset = { 20, 15 * 60, 15 * 60 };

/* clang-format off */
static const char *const problem_keys[PASSWORD_PROBLEM_MAX] = {
	PASSWORD_PROBLEM_LIST(CODE_ENTRY)
};
/* clang-format on */

const char *
password_problem_key(enum password_problem p)
{
	return code_name_or(problem_keys, PASSWORD_PROBLEM_MAX, (int)p, "too_simple");
}

static const char *const scope_codes[TOKEN_SCOPE_MAX] = { TOKEN_SCOPE_LIST(CODE_ENTRY) };

CODE_FUNCTIONS(token_scope, enum token_scope, scope_codes, TOKEN_SCOPE_MAX)

/* True when hay contains needle (n bytes), ASCII case-insensitively. */
static bool
contains_ci(const char *hay, const char *needle, size_t n)
{
	size_t i, hl = strlen(hay);

	for (i = 0; n > 0 && i + n <= hl; i++)
		if (strncasecmp(hay + i, needle, n) == 0)
			return true;
	return false;
}

static bool
too_simple(const char *pw)
{
	size_t i, n = strlen(pw);
	bool same = true, up = true, down = true;

	for (i = 1; i < n; i++) {
		same &= pw[i] == pw[0];
		up &= pw[i] == pw[i - 1] + 1;
		down &= pw[i] == pw[i - 1] - 1;
	}
	return same || up || down;
}

enum password_problem
account_password_check(const char *pw, const char *name, const char *email)
{
	const char *p, *start, *at;
	size_t n;

	if (strlen(pw) > PASSWORD_MAX_BYTES)
		return PW_TOO_LONG;
	if (utf8_chars(pw) < PASSWORD_MIN_CHARS)
		return PW_TOO_SHORT;
	if (too_simple(pw))
		return PW_TOO_SIMPLE;
	if (email != NULL && *email != '\0') {
		at = strchr(email, '@');
		n = at ? (size_t)(at - email) : strlen(email);
		if (contains_ci(pw, email, strlen(email)) ||
		    (n >= 4 && contains_ci(pw, email, n)))
			return PW_HAS_EMAIL;
	}
	/* Any word of the name of four letters or more. */
	for (p = name; p != NULL && *p != '\0';) {
		while (*p != '\0' && !isalnum((unsigned char)*p))
			p++;
		start = p;
		while (*p != '\0' && isalnum((unsigned char)*p))
			p++;
		if (p - start >= 4 && contains_ci(pw, start, (size_t)(p - start)))
			return PW_HAS_NAME;
	}
	return PW_OK;
}

int
account_email_key(const char *email, char *out, size_t cap)
{
	size_t i, n = strlen(email);

	if (n + 1 > cap)
		return -1;
	for (i = 0; i <= n; i++)
		out[i] = (char)tolower((unsigned char)email[i]);
	return 0;
}

long
throttle_wait(const struct throttle *t, const struct throttle_rule *r, time_t now)
{
	long left;

	if (t->locked_until > now)
		return (long)(t->locked_until - now);
	if (t->failures <= r->max_failures)
		return 0;
	left = (long)(t->window_start + r->window - now);
	return left > 0 ? left : 1;
}
