/*
 * seen.h - when a session or an API token was last used, written by one
 * background thread, a batch about once a second, instead of by the
 * request that noticed: a page view then never waits for a durable write,
 * nor, on SQLite, for the write lock that an upload or a submission holds.
 *
 * What is noted and not yet written is lost with the process: after a
 * crash a session's last use as written can be a second older than it
 * would have been, beside the minute it may lag anyway, as it is written
 * once a minute at most (web/auth.c).
 */
#ifndef P2HAM_SVC_SEEN_H
#define P2HAM_SVC_SEEN_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "base/err.h"
#include "db/db.h"

#define SEEN_PENDING_MAX 8192 /* notes waiting at most */

/* Start the thread on db. -1 with e when it cannot start. */
int seen_start(struct db *db, struct err *e);

/* Write what is noted and stop the thread; nothing when not started. */
void seen_stop(void);

/*
 * Note that session id (or API token id, when token) was used at now.
 * False when nothing was noted: the thread is not running or the notes
 * are full; the caller then writes it itself or tries again later.
 */
bool seen_note(bool token, int64_t id, time_t now);

#endif
