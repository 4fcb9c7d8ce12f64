/*
 * sesscache.c - sessions and tokens kept per process (see sesscache.h),
 * in a table of SESSCACHE_SLOTS entries keyed by the token's hash and
 * kind (web/kept.h); readers copy an entry out under the table's lock.
 * Memory is bounded by the table: about SESSCACHE_SLOTS times 700 bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "web/kept.h"
#include "web/sesscache.h"

#define SESSCACHE_SLOTS 8192 /* sessions and tokens kept at most */
#define SESSCACHE_MAX_AGE 60 /* seconds an entry answers at most */

static struct kept_entry *slots[SESSCACHE_SLOTS];
static struct kept_table table = KEPT_TABLE(slots, SESSCACHE_MAX_AGE, 0, free);

/* key: hash's 64 hex digits, then whether a token's ('b') or a cookie's
 * ('c'); false when hash is not a hash. */
static bool
key_of(const char *hash, bool bearer, char key[65])
{
	if (strlen(hash) != 64)
		return false;
	memcpy(key, hash, 64);
	key[64] = bearer ? 'b' : 'c';
	return true;
}

static bool
copy_out(void *val, void *arg)
{
	*(struct sess_kept *)arg = *(const struct sess_kept *)val;
	return true;
}

static bool
note_seen(void *val, void *arg)
{
	struct sess_kept *k = val;
	time_t when = *(const time_t *)arg;

	if (k->last_seen < when)
		k->last_seen = when;
	return true;
}

bool
sesscache_get(const char *hash, bool bearer, int64_t v, struct sess_kept *out)
{
	char key[65];

	return key_of(hash, bearer, key) &&
	    kept_with(&table, key, sizeof(key), v, copy_out, out);
}

void
sesscache_put(const char *hash, bool bearer, int64_t v, const struct sess_kept *k)
{
	struct sess_kept *copy;
	char key[65];

	if (!key_of(hash, bearer, key) || memchr(k->email, '\0', sizeof(k->email)) == NULL ||
	    memchr(k->name, '\0', sizeof(k->name)) == NULL ||
	    (copy = malloc(sizeof(*copy))) == NULL)
		return;
	*copy = *k;
	kept_put(&table, key, sizeof(key), v, copy, 0);
}

void
sesscache_seen(const char *hash, bool bearer, time_t when)
{
	char key[65];

	if (key_of(hash, bearer, key))
		kept_with(&table, key, sizeof(key), KEPT_ANY, note_seen, &when);
}
