/*
 * authcache.h - the grants of signed-in users kept per process, so that a
 * signed-in request needs no load of its user's grants while nothing was
 * written. An entry answers only at the data version it was read at: every
 * change of a grant, and of the place of a granted unit, appends to the
 * audit log in its transaction and so moves the version, on every server
 * (db_version_follow). So does a province moved into or out of a
 * coordination region (svc/coord_regions.c), so a region grant is kept
 * with the provinces its region held at that version. The session itself
 * is kept the same way (web/sesscache.h).
 */
#ifndef P2HAM_WEB_AUTHCACHE_H
#define P2HAM_WEB_AUTHCACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "core/policy.h"

/* Fill p's grants (copied into ar, a region grant's provinces with
 * them) with user's kept at version v; false when none are kept at v. */
bool authcache_get(int64_t user, int64_t v, struct arena *ar, struct principal *p);

/* Keep a copy of p's grants, and of their provinces, as user's, read at
 * version v. */
void authcache_put(int64_t user, int64_t v, const struct principal *p);

#endif
