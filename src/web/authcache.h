/*
 * authcache.h - the grants of signed-in users kept per process, so that a
 * signed-in request needs no load of its user's grants while nothing was
 * written. An entry answers only at the data version it was read at: every
 * change of a grant, and of the place of a granted unit, appends to the
 * audit log in its transaction and so moves the version, on every server
 * (db_version_follow). The session itself is kept the same way
 * (web/sesscache.h); the grants of a user with a region grant (its
 * provinces) are loaded per request.
 */
#ifndef P2HAM_WEB_AUTHCACHE_H
#define P2HAM_WEB_AUTHCACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "core/policy.h"

/* Fill p's grants (copied into ar) with user's kept at version v; false
 * when none are kept at v. */
bool authcache_get(int64_t user, int64_t v, struct arena *ar, struct principal *p);

/* Keep p's grants as user's, read at version v. */
void authcache_put(int64_t user, int64_t v, const struct principal *p);

#endif
