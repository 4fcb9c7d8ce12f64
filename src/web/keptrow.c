/*
 * keptrow.c - rows kept per process at the data's version (see keptrow.h),
 * in a table of KEPTROW_SLOTS entries of at most KEPTROW_TEXT_MAX bytes
 * each as JSON text, keyed by the key (web/kept.h). An entry holds its own
 * copy of the row, which nobody changes: readers take a reference to it
 * under the table's lock, and jansson counts references atomically.
 */
#include <stdlib.h>
#include <string.h>

#include "web/kept.h"
#include "web/keptrow.h"

#define KEPTROW_SLOTS 4096    /* rows kept at most */
#define KEPTROW_KEY_MAX 64    /* bytes of the longest key */
#define KEPTROW_TEXT_MAX 4096 /* bytes of the largest row, as JSON text */
#define KEPTROW_MAX_AGE 60    /* seconds an entry answers at most */

static void
drop(void *val)
{
	json_decref(val);
}

static struct kept_entry *slots[KEPTROW_SLOTS];
static struct kept_table table = KEPT_TABLE(slots, KEPTROW_MAX_AGE, 0, drop);

static bool
share(void *val, void *arg)
{
	*(json_t **)arg = json_incref(val);
	return true;
}

json_t *
keptrow_get(const char *key, int64_t v)
{
	json_t *row = NULL;
	size_t klen = strlen(key);

	if (klen < KEPTROW_KEY_MAX)
		kept_with(&table, key, klen, v, share, &row);
	return row;
}

void
keptrow_put(const char *key, int64_t v, const json_t *row)
{
	json_t *copy;
	size_t klen = strlen(key);

	if (klen >= KEPTROW_KEY_MAX ||
	    json_dumpb(row, NULL, 0, JSON_COMPACT) > KEPTROW_TEXT_MAX ||
	    (copy = json_deep_copy(row)) == NULL)
		return;
	kept_put(&table, key, klen, v, copy, 0);
}
