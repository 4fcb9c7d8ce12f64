/*
 * account.h - rules about accounts that need no I/O: the case-insensitive
 * email key, what makes a password acceptable, when repeated failed
 * sign-ins (or current passwords, or reset links) lock an account or an
 * address, and the scopes of API tokens.
 */
#ifndef P2HAM_ACCOUNT_H
#define P2HAM_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "base/code.h"

#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_BYTES 256 /* hashing cost stays bounded */

/* clang-format off */
#define PASSWORD_PROBLEM_LIST(X) \
	X(PW_OK, "ok") \
	X(PW_TOO_SHORT, "too_short")   /* fewer than PASSWORD_MIN_CHARS characters */ \
	X(PW_TOO_LONG, "too_long")     /* more than PASSWORD_MAX_BYTES bytes */ \
	X(PW_HAS_NAME, "has_name")     /* contains a part of the person's name */ \
	X(PW_HAS_EMAIL, "has_email")   /* contains the email or its local part */ \
	X(PW_TOO_SIMPLE, "too_simple") /* one repeated character or a plain sequence */
/* clang-format on */

enum password_problem { PASSWORD_PROBLEM_LIST(CODE_ENUM) PASSWORD_PROBLEM_MAX };

/* Catalog key suffix of a problem, e.g. "too_short". */
const char *password_problem_key(enum password_problem p);

/* What an API token may do. */
/* clang-format off */
#define TOKEN_SCOPE_LIST(X) \
	X(TOKEN_READ, "read")   /* GET and HEAD only */ \
	X(TOKEN_WRITE, "write") /* whatever its owner may do */
/* clang-format on */

enum token_scope { TOKEN_SCOPE_LIST(CODE_ENUM) TOKEN_SCOPE_MAX };

/* The stored code of a scope ("read", "write"); "" when out of range. */
const char *token_scope_code(enum token_scope sc);
/* The scope stored as code; TOKEN_SCOPE_MAX when code names none. */
enum token_scope token_scope_parse(const char *code);

/* Judge pw (valid UTF-8) for a person called name with address email. */
enum password_problem
account_password_check(const char *pw, const char *name, const char *email);

/* Lowercase ASCII copy of email into out (cap bytes); -1 when it does not fit. */
int account_email_key(const char *email, char *out, size_t cap);

/* Sign-in attempts counted in one window, and the lock that follows.
 * An attempt is counted before its password is checked (a success clears
 * the count), so that attempts made at the same moment cannot all pass. */
struct throttle {
	int failures;        /* attempts since window_start, this one included */
	time_t window_start; /* first attempt of the window */
	time_t locked_until; /* 0: not locked */
};

struct throttle_rule {
	int max_failures; /* failures allowed within window seconds */
	int window;       /* seconds */
	int lock;         /* seconds of lock once exceeded */
};

extern const struct throttle_rule throttle_account; /* per email; also the
						       current password
						       per account */
extern const struct throttle_rule throttle_address; /* per client address */
extern const struct throttle_rule throttle_reset;   /* reset links tried per
						       client address */

/*
 * Seconds the attempt that made the counters t (its own attempt counted)
 * must wait at now under rule r: 0 when it may go ahead; while locked,
 * until the lock ends; past r's attempts, until the window ends (at least
 * 1).
 */
long throttle_wait(const struct throttle *t, const struct throttle_rule *r, time_t now);

#endif
