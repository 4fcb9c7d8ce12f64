/*
 * kept.h - a table of things kept per process while the data stays at
 * one version (pagecache_data_version): the mechanics shared by the kept
 * grants (authcache), sessions (sesscache), rows (keptrow) and pages
 * (pagecache). A fixed number of slots, an entry's slot chosen by the
 * hash of its key, a newer entry replacing the one there. An entry
 * answers only at the version it was read at and, when the table says
 * so, for at most max_age seconds on the monotonic clock; a table may
 * hold its entries to a budget of bytes. A value is seen only under the
 * table's lock, through a callback that copies out what the caller needs,
 * so a value replaced meanwhile is freed by whoever replaced it, never
 * while it is read.
 */
#ifndef P2HAM_WEB_KEPT_H
#define P2HAM_WEB_KEPT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct kept_entry;

struct kept_table {
	struct kept_entry **slots; /* count of them, NULL when empty */
	size_t count;
	time_t max_age;          /* seconds an entry answers at most; 0: no limit */
	size_t cap;              /* bytes of all values at most; 0: no budget */
	void (*drop)(void *val); /* frees a value given up */
	size_t bytes;            /* of the values kept, as put said */
	pthread_mutex_t lock;
};

/* A table over the array slots (static, of NULLs). */
#define KEPT_TABLE(slots_, max_age_, cap_, drop_) \
	{ \
		.slots = (slots_), .count = sizeof(slots_) / sizeof((slots_)[0]), \
		.max_age = (max_age_), .cap = (cap_), .drop = (drop_), \
		.lock = PTHREAD_MUTEX_INITIALIZER \
	}

/* With kept_with: the entry of the key whatever its version and age. */
#define KEPT_ANY INT64_MIN

/*
 * Call fn(val, arg) under t's lock with the value kept under key (len
 * bytes) at version v, young enough, and return what fn returns; false
 * when none is. fn copies out what it needs (it may change val in place,
 * as a note on it) and keeps no pointer into val, unless val counts its
 * references and fn takes one (the table's drop then gives up only the
 * table's).
 */
bool kept_with(struct kept_table *t, const void *key, size_t len, int64_t v,
    bool (*fn)(void *val, void *arg), void *arg);

/*
 * Keep val, size bytes of the budget, under key (len bytes), read at
 * version v, replacing the entry in its slot unless that one is key's at
 * a newer version. val is t's from now on: the one it replaces, or val
 * itself when not kept (a newer reading is, the budget is spent, out of
 * memory), is given to t->drop. True when kept: from then on only
 * kept_with reads it.
 */
bool kept_put(struct kept_table *t, const void *key, size_t len, int64_t v, void *val,
    size_t size);

#endif
