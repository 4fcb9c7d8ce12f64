/*
 * keptrow.c - rows kept per process at the data's version (see keptrow.h),
 * in a table of KEPTROW_SLOTS entries of at most KEPTROW_TEXT_MAX bytes
 * each, keyed by the key (web/kept.h); readers parse a copy under the
 * table's lock.
 */
#include <stdlib.h>
#include <string.h>

#include "web/kept.h"
#include "web/keptrow.h"

#define KEPTROW_SLOTS 4096    /* rows kept at most */
#define KEPTROW_KEY_MAX 64    /* bytes of the longest key */
#define KEPTROW_TEXT_MAX 4096 /* bytes of the largest row, as JSON text */
#define KEPTROW_MAX_AGE 60    /* seconds an entry answers at most */

static struct kept_entry *slots[KEPTROW_SLOTS];
static struct kept_table table = KEPT_TABLE(slots, KEPTROW_MAX_AGE, 0, free);

static bool
parse(void *val, void *arg)
{
	return (*(json_t **)arg = json_loads(val, 0, NULL)) != NULL;
}

json_t *
keptrow_get(const char *key, int64_t v)
{
	json_t *row = NULL;
	size_t klen = strlen(key);

	if (klen < KEPTROW_KEY_MAX)
		kept_with(&table, key, klen, v, parse, &row);
	return row;
}

void
keptrow_put(const char *key, int64_t v, const json_t *row)
{
	char *text;
	size_t klen = strlen(key);

	if (klen >= KEPTROW_KEY_MAX || (text = json_dumps(row, JSON_COMPACT)) == NULL)
		return;
	if (strlen(text) > KEPTROW_TEXT_MAX) {
		free(text);
		return;
	}
	kept_put(&table, key, klen, v, text, 0);
}
