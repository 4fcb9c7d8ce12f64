/*
 * authcache.c - the grants of signed-in users kept per process (see
 * authcache.h), in a table of AUTHCACHE_SLOTS entries keyed by the user
 * (web/kept.h). An entry owns its grants and their provinces in one
 * allocation; readers copy an entry out, provinces and all, under the
 * table's lock.
 */
#include <stdlib.h>
#include <string.h>

#include "web/authcache.h"
#include "web/kept.h"

#define AUTHCACHE_SLOTS 4096 /* users kept at most */

/* A user's grants, then the provinces of their region grants. */
struct held {
	size_t count;          /* grants */
	size_t codes;          /* province codes, after count + 1 grants */
	struct grant grants[]; /* count of them, in this allocation */
};

/* One reader's request: where the copy goes. */
struct ask {
	struct arena *ar;
	struct principal *p;
};

static struct kept_entry *slots[AUTHCACHE_SLOTS];
static struct kept_table table = KEPT_TABLE(slots, 0, 0, free);

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

static bool
copy_out(void *val, void *arg)
{
	const struct held *h = val;
	struct ask *a = arg;
	struct grant *g = arena_alloc(a->ar, block_len(h->count, h->codes));

	if (g == NULL)
		return false;
	grants_copy(g, h->grants, h->count);
	a->p->grants = g;
	a->p->grant_count = h->count;
	return true;
}

bool
authcache_get(int64_t user, int64_t v, struct arena *ar, struct principal *p)
{
	struct ask a = { ar, p };

	return kept_with(&table, &user, sizeof(user), v, copy_out, &a);
}

void
authcache_put(int64_t user, int64_t v, const struct principal *p)
{
	struct held *h;
	size_t i, codes = 0;

	/* A region grant's provinces are borrowed from the request's arena:
	 * the entry keeps a copy of its own. */
	for (i = 0; i < p->grant_count; i++)
		if (p->grants[i].provinces != NULL)
			codes += p->grants[i].province_count;
	if ((h = malloc(sizeof(*h) + block_len(p->grant_count, codes))) == NULL)
		return;
	h->count = p->grant_count;
	h->codes = codes;
	grants_copy(h->grants, p->grants, p->grant_count);
	kept_put(&table, &user, sizeof(user), v, h, 0);
}
