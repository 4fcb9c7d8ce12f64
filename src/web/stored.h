/*
 * stored.h - answering with a content of the file store (svc/file_store.h):
 * from its file in the data directory, or piece by piece from the
 * database while it is sent, or from this server's copy of a database
 * content (svc/file_cache.h); never whole in memory, but for small
 * contents (256 KiB at most), which are kept in memory once read, within
 * a budget of 32 MiB.
 */
#ifndef P2HAM_WEB_STORED_H
#define P2HAM_WEB_STORED_H

#include <stdint.h>

#include "base/err.h"
#include "http/request.h"
#include "svc/file_store.h"

/*
 * Make rep's body the size bytes of content sha256 in store st, through
 * the local copy when st is the database (file_cache_open); the caller
 * has decided who may read it, and sets the type and headers. -1 with e
 * (ERR_FILE_STORE, logged) when it is missing or damaged.
 */
int stored_reply(struct reply *rep, const struct file_store *st, const char *sha256,
    uint64_t size, struct err *e);

/* The same with reader r (open, at its start, of size bytes), which rep
 * then owns. */
void stored_reply_reader(struct reply *rep, struct file_reader *r, uint64_t size);

#endif
