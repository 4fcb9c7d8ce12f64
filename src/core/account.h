/*
 * account.h - rules about accounts that need no I/O: the case-insensitive
 * email key, what makes a password acceptable, and when repeated failed
 * sign-ins lock an account or an address.
 */
#ifndef P2HAM_ACCOUNT_H
#define P2HAM_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define PASSWORD_MIN_CHARS	10
#define PASSWORD_MAX_BYTES	256	/* hashing cost stays bounded */

enum password_problem {
	PW_OK,
	PW_TOO_SHORT,		/* fewer than PASSWORD_MIN_CHARS characters */
	PW_TOO_LONG,		/* more than PASSWORD_MAX_BYTES bytes */
	PW_HAS_NAME,		/* contains a part of the person's name */
	PW_HAS_EMAIL,		/* contains the email or its local part */
	PW_TOO_SIMPLE,		/* one repeated character or a plain sequence */
	PASSWORD_PROBLEM_MAX
};

/* Catalog key suffix of a problem, e.g. "too_short". */
const char *password_problem_key(enum password_problem p);

/* Judge pw (valid UTF-8) for a person called name with address email. */
enum password_problem account_password_check(const char *pw, const char *name,
	    const char *email);

/* Lowercase ASCII copy of email into out (cap bytes); -1 when it does not fit. */
int	account_email_key(const char *email, char *out, size_t cap);

/* Failed sign-ins counted in one window, and the lock that follows. */
struct throttle {
	int failures;		/* failures since window_start */
	time_t window_start;	/* first failure of the window */
	time_t locked_until;	/* 0: not locked */
};

struct throttle_rule {
	int max_failures;	/* failures allowed within window seconds */
	int window;		/* seconds */
	int lock;		/* seconds of lock once exceeded */
};

extern const struct throttle_rule throttle_account;	/* per email */
extern const struct throttle_rule throttle_address;	/* per client address */

/* Seconds until t allows another attempt at now; 0 when allowed. */
long	throttle_wait(const struct throttle *t, time_t now);
/* Count one failure at now under rule r (may lock). */
void	throttle_fail(struct throttle *t, const struct throttle_rule *r, time_t now);

#endif
