/*
 * pagecache.h - the public pages that change rarely (home, rulebooks,
 * published results, document verification; routes marked .cached),
 * kept as rendered for anonymous callers and answered with a strong ETag
 * (304 to a matching If-None-Match).
 *
 * A kept page is keyed by what it shows: JSON or HTML, the language and
 * the request target as received (path and query). It is valid for one
 * version of the data, the sequence number of the audit log's last entry,
 * read once per request: every write appends an entry in its own
 * transaction, so the version moves with each committed change, on any
 * server sharing the database; a change made behind the program's back
 * (no audit entry) shows once the kept page is a minute old.
 *
 * A signed-in person's page (their name, menu, unread count and form
 * token in the layout) is kept only for routes marked .kept, whose
 * content is a function of audited data, the caller, the language and the
 * target, and only for that session (or API token): the key starts with
 * the session's id and the user's, so it is never answered to anyone
 * else. Such pages have a table and a budget of their own, so they cannot
 * push out the public's; a page with a one-time notice, one that sets a
 * cookie and an error are never kept. Ending a session or changing a
 * grant appends to the audit log, so a kept page of an ended session is
 * never answered: its cookie no longer resolves (web/sesscache.h).
 */
#ifndef P2HAM_PAGECACHE_H
#define P2HAM_PAGECACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/request.h"

/* What pagecache_answer found out for pagecache_keep. */
struct page_ticket {
	bool use;              /* the answer may be kept */
	bool is_signed;        /* kept for a signed-in caller's session */
	int64_t version;       /* the data's version read before rendering */
	size_t headers_before; /* rep's headers before the handler ran */
	const char *key;       /* in the request's arena */
};

/*
 * The data's version: the audit log's last sequence number (0 when
 * empty), known in the process while it follows the database's
 * notifications (db_version_follow), else read. -1 when the database
 * cannot say.
 */
int pagecache_data_version(struct request *req, int64_t *v);

/*
 * Before the handler: when req may be answered from the kept pages and
 * one is current, fill rep (the page, or 304 when If-None-Match names its
 * ETag) and return true. Otherwise return false with t saying whether the
 * answer the handler makes may be kept.
 */
bool pagecache_answer(struct request *req, struct reply *rep, struct page_ticket *t);

/* After rendering: keep rep's page when t allows, then give it its ETag
 * (and the kept gzip encoding, or 304, as for a kept page). */
void pagecache_keep(struct request *req, struct reply *rep, const struct page_ticket *t);

#endif
