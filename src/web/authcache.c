/*
 * authcache.c - the grants of signed-in users kept per process (see
 * authcache.h). A fixed table of AUTHCACHE_SLOTS entries, an entry's slot
 * chosen by its user, a newer entry replacing the one there. An entry
 * owns its grants and their provinces in one allocation; readers copy an
 * entry out, provinces and all, under the lock.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "web/authcache.h"

#define AUTHCACHE_SLOTS 4096 /* users kept at most */

struct entry {
	int64_t user;         /* whose grants */
	int64_t version;      /* the data's version they were read at */
	struct grant *grants; /* count elements, in this allocation */
	size_t count;
	size_t codes; /* province codes of all region grants, after grants */
};

static struct entry *slots[AUTHCACHE_SLOTS];
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t
slot_of(int64_t user)
{
	return (size_t)((uint64_t)user * 11400714819323198485ull >> 52) % AUTHCACHE_SLOTS;
}

/* Bytes of count grants with codes province codes after them: one block. */
static size_t
block_len(size_t count, size_t codes)
{
	return (count + 1) * sizeof(struct grant) + codes * sizeof(int);
}

/*
 * Copy count grants from src to dst, and their provinces to the codes
 * that follow dst's count + 1 grants, so that the copy borrows nothing of
 * src's.
 */
static void
grants_copy(struct grant *dst, const struct grant *src, size_t count)
{
	int *codes = (int *)(void *)(dst + count + 1);
	size_t i;

	if (count > 0)
		memcpy(dst, src, count * sizeof(*dst));
	for (i = 0; i < count; i++) {
		if (src[i].provinces == NULL)
			continue;
		if (src[i].province_count > 0)
			memcpy(codes, src[i].provinces, src[i].province_count * sizeof(*codes));
		dst[i].provinces = codes;
		codes += src[i].province_count;
	}
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
	    (g = arena_alloc(ar, block_len(en->count, en->codes))) != NULL) {
		grants_copy(g, en->grants, en->count);
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
	size_t i, codes = 0, slot = slot_of(user);

	/* A region grant's provinces are borrowed from the request's arena:
	 * the entry keeps a copy of its own. */
	for (i = 0; i < p->grant_count; i++)
		if (p->grants[i].provinces != NULL)
			codes += p->grants[i].province_count;
	if ((en = malloc(sizeof(*en) + block_len(p->grant_count, codes))) == NULL)
		return;
	en->user = user;
	en->version = v;
	en->grants = (struct grant *)(void *)(en + 1);
	en->count = p->grant_count;
	en->codes = codes;
	grants_copy(en->grants, p->grants, p->grant_count);
	pthread_mutex_lock(&slots_lock);
	old = slots[slot];
	if (old != NULL && old->user == user && old->version > v) {
		/* A reading at a newer version is kept already. */
		pthread_mutex_unlock(&slots_lock);
		free(en);
		return;
	}
	slots[slot] = en;
	pthread_mutex_unlock(&slots_lock);
	free(old);
}
