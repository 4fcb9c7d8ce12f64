/*
 * file_cache.h - a copy on this server's disk of contents of the database
 * store (file_store.h), so that a download read once from the database is
 * sent afterwards from a file, like one of the directory store.
 *
 * A content never changes and is named by its SHA-256, so its copy is
 * DATA_DIR/cache/files/ab/<sha256> and is never invalidated: replacing or
 * removing a file makes a row point at another content, not change one.
 * The first download streams the pieces from the database as before and
 * writes them as it goes to a temporary file beside the copy, hashing
 * them; only bytes found to hash to the name are renamed in (rename(2):
 * a reader sees no copy or a whole one). The copies together stay under a
 * budget of bytes: past it the least recently read go first.
 *
 * The cache only says where the bytes come from: the caller decides first
 * who may read the content.
 */
#ifndef P2HAM_FILE_CACHE_H
#define P2HAM_FILE_CACHE_H

#include <stdint.h>

#include "base/err.h"
#include "svc/file_store.h"

#define FILE_CACHE_DEFAULT ((uint64_t)1 << 30) /* bytes: 1 GiB */

/*
 * Start the cache of this process under data_dir with budget bytes (0:
 * off, and nothing is read or kept): create DATA_DIR/cache/files, remove
 * the temporary files a crash left there, and measure what it holds,
 * evicting past the budget. The count of copies and their bytes into
 * *count and *bytes. -1 with e when the folder cannot be made; the cache
 * is then off.
 */
int file_cache_start(const char *data_dir, uint64_t budget, uint64_t *count,
    uint64_t *bytes, struct err *e);

/*
 * A reader of content sha256 of size bytes in store st, for sending: with
 * the cache on and st the database store, the copy when there is one of
 * that size (the reader's descriptor, file_reader_take_fd), else the
 * store's reader, which fills the copy as it is read to the end. Otherwise
 * as file_store_open. NULL with e as file_store_open.
 */
struct file_reader *file_cache_open(const struct file_store *st, const char *sha256,
    uint64_t size, struct err *e);

/* Remove the copy of sha256, if any: its content left the store. */
void file_cache_drop(const char *sha256);

#endif
