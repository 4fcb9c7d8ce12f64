/*
 * keptrow.h - small rows a page has read and judged, kept per process at
 * the data's version (pagecache_data_version), so that asking again while
 * nothing was written needs no read: the row of an uploaded file that a
 * user was allowed to download, for instance. The key says whose
 * judgement it is (the user) and of what; every write that could change
 * the row or the judgement appends to the audit log and so moves the
 * version. An entry answers at most KEPTROW_MAX_AGE seconds.
 */
#ifndef P2HAM_WEB_KEPTROW_H
#define P2HAM_WEB_KEPTROW_H

#include <stdint.h>

#include <jansson.h>

/*
 * A new reference to the row kept under key at version v, or NULL. The
 * row is shared with every other reader, in other threads too: read it,
 * never change it.
 */
json_t *keptrow_get(const char *key, int64_t v);

/* Keep a copy of row (borrowed) under key, read at version v; nothing
 * when it is too large. */
void keptrow_put(const char *key, int64_t v, const json_t *row);

#endif
