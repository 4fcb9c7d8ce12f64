/*
 * sesscache.h - sign-in sessions and API tokens kept per process, so that
 * a signed-in request needs no read of its session while nothing was
 * written. An entry answers only at the data version it was read at:
 * every way a session or token ends or loses rights (signing out, ending
 * one's other sessions, a new or reset password, an account disabled, a
 * token revoked, a grant changed) appends to the audit log in its
 * transaction and so moves the version, on every server
 * (db_version_follow). The absolute and idle lifetimes are checked
 * against the kept times on every request by the caller; an entry is at
 * most SESSCACHE_MAX_AGE seconds old, so that a change made behind the
 * program's back shows within that time.
 */
#ifndef P2HAM_WEB_SESSCACHE_H
#define P2HAM_WEB_SESSCACHE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* What a session or token row said, kept. */
struct sess_kept {
	int64_t id;                /* the session's or token's id */
	int64_t user_id;           /* whose */
	int64_t home_organization; /* the user's, 0 when none */
	int home_province;         /* the user's, 0 when none */
	bool read_only;            /* a token that may only read */
	time_t expires;            /* its absolute end */
	time_t last_seen;          /* last_seen_at (last_used_at) as written */
	char email[256];           /* the user's */
	char name[256];            /* the user's full name */
};

/*
 * Fill out with the entry of hash (hex of the token's SHA-256) kept at
 * version v for a bearer token (bearer) or a cookie; false when none is.
 */
bool sesscache_get(const char *hash, bool bearer, int64_t v, struct sess_kept *out);

/* Keep k as hash's entry, read at version v; nothing when it does not fit. */
void sesscache_put(const char *hash, bool bearer, int64_t v, const struct sess_kept *k);

/* Note that hash's last_seen was written as when. */
void sesscache_seen(const char *hash, bool bearer, time_t when);

#endif
