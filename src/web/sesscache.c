/*
 * sesscache.c - sessions and tokens kept per process (see sesscache.h). A
 * fixed table of SESSCACHE_SLOTS entries allocated once, an entry's slot
 * chosen by its hash, a newer entry replacing the one there; readers copy
 * an entry out under the lock. Memory is bounded by the table: about
 * SESSCACHE_SLOTS times 700 bytes.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "web/sesscache.h"

#define SESSCACHE_SLOTS 8192 /* sessions and tokens kept at most */
#define SESSCACHE_MAX_AGE 60 /* seconds an entry answers at most */

struct entry {
	bool used;             /* the slot holds an entry */
	bool bearer;           /* a token's, not a cookie's */
	char hash[65];         /* hex of the token's SHA-256 */
	int64_t version;       /* the data's version it was read at */
	time_t made;           /* when, on the monotonic clock */
	struct sess_kept kept; /* what the row said */
};

static struct entry *slots;
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t
slot_of(const char *hash)
{
	uint64_t h = 0;

	/* The hash is random hex: its first 16 digits spread well. */
	for (int i = 0; i < 16 && hash[i] != '\0'; i++)
		h = h << 4 |
		    (uint64_t)(hash[i] <= '9' ? hash[i] - '0' : (hash[i] | 32) - 'a' + 10);
	return (size_t)(h % SESSCACHE_SLOTS);
}

/* The table, allocated on first use; NULL when out of memory. Called
 * under the lock. */
static struct entry *
table(void)
{
	if (slots == NULL)
		slots = calloc(SESSCACHE_SLOTS, sizeof(*slots));
	return slots;
}

bool
sesscache_get(const char *hash, bool bearer, int64_t v, struct sess_kept *out)
{
	struct entry *en;
	bool found = false;

	if (strlen(hash) != 64)
		return false;
	pthread_mutex_lock(&slots_lock);
	if (table() != NULL) {
		en = &slots[slot_of(hash)];
		if (en->used && en->bearer == bearer && en->version == v &&
		    memcmp(en->hash, hash, 64) == 0 &&
		    time_mono() - en->made < SESSCACHE_MAX_AGE) {
			*out = en->kept;
			found = true;
		}
	}
	pthread_mutex_unlock(&slots_lock);
	return found;
}

void
sesscache_put(const char *hash, bool bearer, int64_t v, const struct sess_kept *k)
{
	struct entry *en;

	if (strlen(hash) != 64 || memchr(k->email, '\0', sizeof(k->email)) == NULL ||
	    memchr(k->name, '\0', sizeof(k->name)) == NULL)
		return;
	pthread_mutex_lock(&slots_lock);
	if (table() != NULL) {
		en = &slots[slot_of(hash)];
		/* A reading at a newer version is kept already. */
		if (!(en->used && en->bearer == bearer &&
			memcmp(en->hash, hash, 64) == 0 && en->version > v)) {
			en->used = true;
			en->bearer = bearer;
			memcpy(en->hash, hash, 65);
			en->version = v;
			en->made = time_mono();
			en->kept = *k;
		}
	}
	pthread_mutex_unlock(&slots_lock);
}

void
sesscache_seen(const char *hash, bool bearer, time_t when)
{
	struct entry *en;

	if (strlen(hash) != 64)
		return;
	pthread_mutex_lock(&slots_lock);
	if (slots != NULL) {
		en = &slots[slot_of(hash)];
		if (en->used && en->bearer == bearer && memcmp(en->hash, hash, 64) == 0 &&
		    en->kept.last_seen < when)
			en->kept.last_seen = when;
	}
	pthread_mutex_unlock(&slots_lock);
}
