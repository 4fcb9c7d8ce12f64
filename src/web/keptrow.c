/*
 * keptrow.c - rows kept per process at the data's version (see keptrow.h).
 * A fixed table of KEPTROW_SLOTS entries of at most KEPTROW_TEXT_MAX bytes
 * each, an entry's slot chosen by the hash of its key, a newer entry
 * replacing the one there; readers parse a copy under the lock.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/str.h"
#include "base/timefmt.h"
#include "web/keptrow.h"

#define KEPTROW_SLOTS 4096    /* rows kept at most */
#define KEPTROW_KEY_MAX 64    /* bytes of the longest key */
#define KEPTROW_TEXT_MAX 4096 /* bytes of the largest row, as JSON text */
#define KEPTROW_MAX_AGE 60    /* seconds an entry answers at most */

struct entry {
	char key[KEPTROW_KEY_MAX]; /* "" when the slot is empty */
	int64_t version;           /* the data's version it was read at */
	time_t made;               /* when, on the monotonic clock */
	char *text;                /* the row as JSON, owned */
};

static struct entry slots[KEPTROW_SLOTS];
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t
slot_of(const char *key)
{
	return (size_t)(str_hash(key) % KEPTROW_SLOTS);
}

json_t *
keptrow_get(const char *key, int64_t v)
{
	struct entry *en;
	json_t *row = NULL;

	if (strlen(key) >= KEPTROW_KEY_MAX)
		return NULL;
	pthread_mutex_lock(&slots_lock);
	en = &slots[slot_of(key)];
	if (en->text != NULL && en->version == v && strcmp(en->key, key) == 0 &&
	    time_mono() - en->made < KEPTROW_MAX_AGE)
		row = json_loads(en->text, 0, NULL);
	pthread_mutex_unlock(&slots_lock);
	return row;
}

void
keptrow_put(const char *key, int64_t v, const json_t *row)
{
	struct entry *en;
	char *text, *old = NULL;
	size_t klen = strlen(key);

	if (klen >= KEPTROW_KEY_MAX || (text = json_dumps(row, JSON_COMPACT)) == NULL)
		return;
	if (strlen(text) > KEPTROW_TEXT_MAX) {
		free(text);
		return;
	}
	pthread_mutex_lock(&slots_lock);
	en = &slots[slot_of(key)];
	if (en->text != NULL && strcmp(en->key, key) == 0 && en->version > v) {
		old = text; /* a reading at a newer version is kept already */
	} else {
		old = en->text;
		memcpy(en->key, key, klen + 1);
		en->version = v;
		en->made = time_mono();
		en->text = text;
	}
	pthread_mutex_unlock(&slots_lock);
	free(old);
}
