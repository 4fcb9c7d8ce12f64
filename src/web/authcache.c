/*
 * authcache.c - the grants of signed-in users kept per process (see
 * authcache.h). A fixed table of AUTHCACHE_SLOTS entries, an entry's slot
 * chosen by its user, a newer entry replacing the one there. Readers copy
 * an entry out under the lock.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "web/authcache.h"

#define AUTHCACHE_SLOTS 4096 /* users kept at most */

struct entry {
	int64_t user;         /* whose grants */
	int64_t version;      /* the data's version they were read at */
	struct grant *grants; /* count elements, owned */
	size_t count;
};

static struct entry *slots[AUTHCACHE_SLOTS];
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t
slot_of(int64_t user)
{
	return (size_t)((uint64_t)user * 11400714819323198485ull >> 52) % AUTHCACHE_SLOTS;
}

static void
entry_free(struct entry *en)
{
	if (en != NULL)
		free(en->grants);
	free(en);
}

bool
authcache_get(int64_t user, int64_t v, struct arena *ar, struct principal *p)
{
	struct entry *en;
	struct grant *g = NULL;
	bool found = false;

	pthread_mutex_lock(&slots_lock);
	en = slots[slot_of(user)];
	if (en != NULL && en->user == user && en->version == v &&
	    (g = arena_alloc(ar, (en->count + 1) * sizeof(*g))) != NULL) {
		if (en->count > 0)
			memcpy(g, en->grants, en->count * sizeof(*g));
		p->grants = g;
		p->grant_count = en->count;
		found = true;
	}
	pthread_mutex_unlock(&slots_lock);
	return found;
}

void
authcache_put(int64_t user, int64_t v, const struct principal *p)
{
	struct entry *en, *old;
	size_t i, slot = slot_of(user);

	/* A region grant borrows its provinces from the request's arena:
	 * such users' grants are loaded per request. */
	for (i = 0; i < p->grant_count; i++)
		if (p->grants[i].scope == SCOPE_REGION || p->grants[i].provinces != NULL)
			return;
	en = calloc(1, sizeof(*en));

	if (en == NULL ||
	    (en->grants = malloc((p->grant_count + 1) * sizeof(*en->grants))) == NULL) {
		entry_free(en);
		return;
	}
	en->user = user;
	en->version = v;
	en->count = p->grant_count;
	if (en->count > 0)
		memcpy(en->grants, p->grants, en->count * sizeof(*en->grants));
	pthread_mutex_lock(&slots_lock);
	old = slots[slot];
	if (old != NULL && old->user == user && old->version > v) {
		/* A reading at a newer version is kept already. */
		pthread_mutex_unlock(&slots_lock);
		entry_free(en);
		return;
	}
	slots[slot] = en;
	pthread_mutex_unlock(&slots_lock);
	entry_free(old);
}
