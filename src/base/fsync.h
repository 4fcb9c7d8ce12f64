/*
 * fsync.h - making what was written durable: a file's bytes, and a
 * directory's entries (a file or directory just created, linked or
 * renamed in it), so that what is acknowledged survives a power loss.
 */
#ifndef P2HAM_FSYNC_H
#define P2HAM_FSYNC_H

/* Flush directory path's entries to disk; 0, or -1 with errno. */
int fs_sync_dir(const char *path);
/* Flush file path's bytes to disk (a link is not followed); 0, or -1 with
 * errno. */
int fs_sync_file(const char *path);

#endif
