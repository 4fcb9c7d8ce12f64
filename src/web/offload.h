/*
 * offload.h - which routes the offload pool answers (http/offload.h): the
 * slow ones, named in one table.
 */
#ifndef P2HAM_WEB_OFFLOAD_H
#define P2HAM_WEB_OFFLOAD_H

#include <stddef.h>

#include "base/err.h"
#include "http/route.h"

/*
 * Mark the slow routes of the assembled table routes[0..count): every
 * upload route and the rows of web/offload.c's table. Returns 0, or -1
 * with e naming a row of that table that matches no route (renamed or
 * gone), so that a slow route never silently falls back to the server's
 * threads.
 */
int web_offload_mark(struct route *routes, size_t count, struct err *e);

/*
 * The server's quiesce hook (http/server.h), at shutdown: the survey's
 * writer commits or fails what it holds, answers each parked post and
 * takes no more. (The offload pool itself is the server's.)
 */
void web_offload_quiesce(void *app);

#endif
