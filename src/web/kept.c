/*
 * kept.c - tables of things kept per process at the data's version (see
 * kept.h). An entry holds its key, so that a slot shared by two keys
 * answers only the one kept last.
 */
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "base/timefmt.h"
#include "web/kept.h"

struct kept_entry {
	int64_t version;     /* the data's version val was read at */
	time_t made;         /* when, on the monotonic clock */
	size_t size;         /* charged to the table's budget */
	void *val;           /* the table's */
	size_t len;          /* bytes of key */
	unsigned char key[]; /* compared whole, never as text */
};

static struct kept_entry **
slot_of(struct kept_table *t, const void *key, size_t len)
{
	return &t->slots[mem_hash(key, len) % t->count];
}

static bool
is_key(const struct kept_entry *en, const void *key, size_t len)
{
	return en != NULL && en->len == len && memcmp(en->key, key, len) == 0;
}

static void
entry_free(struct kept_table *t, struct kept_entry *en)
{
	if (en != NULL) {
		t->drop(en->val);
		free(en);
	}
}

bool
kept_with(struct kept_table *t, const void *key, size_t len, int64_t v,
    bool (*fn)(void *val, void *arg), void *arg)
{
	struct kept_entry *en;
	bool found = false;

	pthread_mutex_lock(&t->lock);
	en = *slot_of(t, key, len);
	if (is_key(en, key, len) &&
	    (v == KEPT_ANY ||
		(en->version == v && (t->max_age == 0 || time_mono() - en->made < t->max_age))))
		found = fn(en->val, arg);
	pthread_mutex_unlock(&t->lock);
	return found;
}

bool
kept_put(struct kept_table *t, const void *key, size_t len, int64_t v, void *val, size_t size)
{
	struct kept_entry **slot, *old, *en = malloc(sizeof(*en) + len);
	bool kept = false;

	if (en == NULL) {
		t->drop(val);
		return false;
	}
	*en = (struct kept_entry){ .version = v,
		.made = time_mono(),
		.size = size,
		.val = val,
		.len = len };
	memcpy(en->key, key, len);
	pthread_mutex_lock(&t->lock);
	slot = slot_of(t, key, len);
	if (is_key((old = *slot), key, len) && old->version > v) {
		old = NULL; /* a reading at a newer version is kept already */
	} else {
		*slot = NULL;
		if (old != NULL)
			t->bytes -= old->size;
		if ((kept = t->cap == 0 || t->bytes + size <= t->cap)) {
			*slot = en;
			t->bytes += size;
		}
	}
	pthread_mutex_unlock(&t->lock);
	entry_free(t, old);
	if (!kept)
		entry_free(t, en);
	return kept;
}
