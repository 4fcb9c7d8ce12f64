/*
 * throttle.h - slowing down the guessing of secrets (sign-in passwords,
 * the current password before a change, reset links), kept in the
 * database so that every thread and server process counts together. The
 * rules (how many attempts, how long a lock) are core/account.h's.
 *
 * An attempt is counted before its secret is checked, in one atomic
 * statement, so that attempts made at the same moment cannot all read the
 * same count: reserve, check, then report a failure (which may lock the
 * key) or, on success, clear the key (or give back the attempt of a key
 * others share, such as an address). Keys name what is counted:
 * "user:<email>", "ip:<address>", "pw:<user id>", "reset:<address>".
 */
#ifndef P2HAM_SVC_THROTTLE_H
#define P2HAM_SVC_THROTTLE_H

#include <stdbool.h>
#include <time.h>

#include "base/err.h"
#include "core/account.h"
#include "db/db.h"

/*
 * Count an attempt for key under rule r at now; *wait receives 0 when it
 * may go ahead, else the seconds to wait (a lock in force, or the
 * window's attempts used up). -1 with e on a database error.
 */
int throttle_reserve(struct db_conn *c, const char *key, const struct throttle_rule *r,
    time_t now, long *wait, struct err *e);

/* A failed attempt: lock key until now plus r's lock when it has used up
 * r's attempts; *locked (may be NULL) tells whether this call locked it,
 * so that a lock is recorded once. */
int throttle_fail(struct db_conn *c, const char *key, const struct throttle_rule *r,
    time_t now, bool *locked, struct err *e);

/* A success: forget key's attempts. */
int throttle_clear(struct db_conn *c, const char *key, struct err *e);

/* A success on a key that others share (an office's one address): give
 * back the attempt this one reserved, so that only failures add up. */
int throttle_give_back(struct db_conn *c, const char *key, struct err *e);

#endif
