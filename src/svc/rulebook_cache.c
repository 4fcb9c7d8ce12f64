/*
 * rulebook_cache.c - stored rulebooks, parsed once per process. A stored
 * rulebook never changes (the database refuses to update or delete it) and
 * its SHA-256 names its content, so its parsed form is kept under that
 * hash and shared by every thread: a table of at most RULEBOOK_CACHE_MAX
 * entries, each in an arena of its own that lives as long as the process.
 * Nothing is ever taken out of the table, so a reader holds no lock while
 * it uses a rulebook. Past the table's size a rulebook is parsed into the
 * caller's arena, as for a process that kept nothing.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/unit_type.h"
#include "svc/participation.h"

#define RULEBOOK_CACHE_MAX 64 /* distinct rulebooks kept parsed */

struct kept {
	char sha[RULEBOOK_SHA256_HEX_LEN]; /* what names the content */
	struct rulebook *rb;               /* parsed, read only, in arena */
	struct arena arena;                /* never freed */
};

static struct kept kept[RULEBOOK_CACHE_MAX];
static size_t kept_count;
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;

/* The kept rulebook of content sha, or NULL; kept_lock held. */
static struct rulebook *
kept_lookup(const char *sha)
{
	size_t i;

	for (i = 0; i < kept_count; i++)
		if (strcmp(kept[i].sha, sha) == 0)
			return kept[i].rb;
	return NULL;
}

/* The same, taking the lock. */
static struct rulebook *
kept_find(const char *sha)
{
	struct rulebook *rb;

	pthread_mutex_lock(&kept_lock);
	rb = kept_lookup(sha);
	pthread_mutex_unlock(&kept_lock);
	return rb;
}

/*
 * Keep rb, parsed into *own, under sha: returns the rulebook to use, rb
 * or the one another thread kept first (then *own is freed). NULL when
 * the table is full: *own is left to the caller.
 */
static struct rulebook *
kept_add(const char *sha, struct rulebook *rb, struct arena *own)
{
	struct rulebook *found;

	pthread_mutex_lock(&kept_lock);
	found = kept_lookup(sha);
	if (found == NULL && kept_count < RULEBOOK_CACHE_MAX) {
		snprintf(kept[kept_count].sha, sizeof(kept[kept_count].sha), "%s", sha);
		kept[kept_count].rb = rb;
		kept[kept_count].arena = *own;
		kept_count++;
		pthread_mutex_unlock(&kept_lock);
		return rb;
	}
	pthread_mutex_unlock(&kept_lock);
	if (found != NULL)
		arena_free(own);
	return found;
}

/* Rulebook id's body parsed into a; NULL when it has none or it does not
 * validate. */
static struct rulebook *
parse_stored(struct db_conn *c, struct arena *a, int64_t id, struct err *e)
{
	const char *known[UNIT_TYPE_MAX];
	struct rulebook_problems pr = { 0 };
	struct rulebook *rb = NULL;
	json_t *rows = NULL, *doc;
	const char *body;

	if (db_exec(c, DB_RULEBOOK_GET, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return NULL;
	body = json_string_value(json_object_get(json_array_get(rows, 0), "body"));
	unit_type_codes(known);
	if (body != NULL && (doc = rulebook_json_load(body, strlen(body), a, &pr)) != NULL) {
		rb = rulebook_parse(doc, known, UNIT_TYPE_MAX, a, &pr);
		json_decref(doc);
	}
	json_decref(rows);
	if (rb == NULL)
		err_set(e, ERR_NOT_FOUND, "no usable rulebook %lld", (long long)id);
	return rb;
}

struct rulebook *
rulebook_load_in(struct db_conn *c, struct arena *a, int64_t id, struct err *e)
{
	struct rulebook *rb, *shared;
	struct arena own;
	json_t *rows = NULL;
	const char *sha;
	char key[RULEBOOK_SHA256_HEX_LEN];

	if (db_exec(c, DB_RULEBOOK_SHA, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return NULL;
	sha = json_string_value(json_object_get(json_array_get(rows, 0), "sha256"));
	if (sha == NULL || strlen(sha) != RULEBOOK_SHA256_HEX_LEN - 1) {
		json_decref(rows);
		err_set(e, ERR_NOT_FOUND, "no usable rulebook %lld", (long long)id);
		return NULL;
	}
	memcpy(key, sha, sizeof(key));
	json_decref(rows);
	if ((rb = kept_find(key)) != NULL)
		return rb;
	arena_init(&own, 0);
	if ((rb = parse_stored(c, &own, id, e)) == NULL) {
		arena_free(&own);
		return NULL;
	}
	if ((shared = kept_add(key, rb, &own)) != NULL)
		return shared;
	arena_free(&own);
	return parse_stored(c, a, id, e);
}
