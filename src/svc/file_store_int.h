/*
 * file_store_int.h - what the two sides of the file store share: the
 * reader, and the database store's functions behind file_store.h's.
 * Private to file_store.c and file_store_db.c.
 */
#ifndef P2HAM_FILE_STORE_INT_H
#define P2HAM_FILE_STORE_INT_H

#include "svc/file_store.h"

struct file_reader {
	enum file_store_kind kind;
	int fd;                  /* dir: the stored file */
	struct db *db;           /* db: the database */
	char sha256[65];         /* the content */
	uint64_t size;           /* its bytes */
	uint64_t pos;            /* bytes given so far */
	int64_t next;            /* db: the number of the next piece */
	unsigned char *chunk;    /* db: the piece being given */
	size_t have, off;        /* its bytes, and those given */
	struct cache_fill *fill; /* db: the local copy being written as
				    the content is read (file_cache.c),
				    or NULL */
};

/* file_store_put_path and _put_mem in the database: the bytes from fd, or
 * from mem when fd is -1. */
int file_store_db_put(const struct file_store *st, const char *sha256, uint64_t size,
    int fd, const unsigned char *mem, struct err *e);
int file_store_db_stat(const struct file_store *st, const char *sha256, uint64_t *size,
    struct err *e);
int file_store_db_open(struct file_reader *r, struct err *e);
ssize_t file_store_db_read(struct file_reader *r, void *buf, size_t cap, struct err *e);

/* The local copy's side of a database reader (file_cache.c): take the n
 * bytes r just gave into the copy, which is kept once r has given them
 * all and they hash to its name (n < 0: give the copy up); give the copy
 * up when r is closed before its end. Nothing when r fills no copy. */
void file_cache_fill_write(struct file_reader *r, const void *buf, ssize_t n);
void file_cache_fill_end(struct file_reader *r);

#endif
