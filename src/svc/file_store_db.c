/*
 * file_store_db.c - the file store in the database (file_store.h): a
 * content once by its SHA-256 in file_blob, its bytes in pieces of
 * FILE_CHUNK in file_chunk, written in one transaction and read one piece
 * per statement, so that no content is ever held whole in memory.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "svc/file_cache.h"
#include "svc/file_store_int.h"
#include "svc/files.h"
#include "base/fdio.h"
#include "base/log.h"
#include "base/sha256.h"
#include "base/timefmt.h"

/* The next piece into buf (FILE_CHUNK bytes): from fd until it is full or
 * the file ends, or from mem, done bytes of size given already. How many
 * bytes, 0 at the end, -1 when fd cannot be read. */
static ssize_t
next_piece(int fd, const unsigned char *mem, uint64_t size, uint64_t done, unsigned char *buf)
{
	size_t got;

	if (fd < 0) {
		got = size - done < FILE_CHUNK ? (size_t)(size - done) : FILE_CHUNK;
		if (got > 0)
			memcpy(buf, mem + done, got);
		return (ssize_t)got;
	}
	return fd_read_full(fd, buf, FILE_CHUNK, &got) < 0 ? -1 : (ssize_t)got;
}

/* Renew the time of content sha256: 1 when it is stored, 0 when not. */
static int
touch(struct db_conn *c, const char *sha256, const char *now, struct err *e)
{
	json_t *rows = NULL;
	int n;

	if (db_exec(c, DB_FILE_BLOB_TOUCH,
		(struct db_param[]){ DBP_TEXT(sha256), DBP_TEXT(now) }, 2, &rows, e) < 0)
		return -1;
	n = json_array_size(rows) > 0;
	json_decref(rows);
	return n;
}

/* Insert the pieces of sha256, read from fd or mem, checking that they
 * are size bytes hashing to sha256. */
static int
write_pieces(struct db_conn *c, const char *sha256, uint64_t size, int fd,
    const unsigned char *mem, struct err *e)
{
	crypto_hash_sha256_state hs;
	unsigned char *buf;
	char hex[SHA256_HEX_LEN];
	uint64_t done = 0;
	int64_t n = 0;
	ssize_t got;

	if ((buf = malloc(FILE_CHUNK)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	crypto_hash_sha256_init(&hs);
	while ((got = next_piece(fd, mem, size, done, buf)) > 0) {
		crypto_hash_sha256_update(&hs, buf, (unsigned long long)got);
		done += (uint64_t)got;
		if (done > size)
			break;
		if (db_exec(c, DB_FILE_CHUNK_INSERT,
			(struct db_param[]){ DBP_TEXT(sha256), DBP_INT(n),
			    DBP_BLOB(buf, (size_t)got) },
			3, NULL, e) < 0) {
			free(buf);
			return -1;
		}
		n++;
	}
	free(buf);
	if (got < 0) {
		err_set(e, ERR_FILE_STORE, "cannot read the file to store: %s",
		    strerror(errno));
		return -1;
	}
	sha256_final_hex(&hs, hex);
	if (done != size || strcmp(hex, sha256) != 0) {
		err_set(e, ERR_FILE_STORE, "the bytes to store are not content %.12s", sha256);
		return -1;
	}
	return 0;
}

int
file_store_db_put(const struct file_store *st, const char *sha256, uint64_t size, int fd,
    const unsigned char *mem, struct err *e)
{
	char now[TIME_ISO_LEN];
	struct db_conn *c;
	json_t *rows = NULL;
	bool own, fresh;
	int rc;

	if ((c = db_conn(st->db, e)) == NULL)
		return -1;
	time_iso(time(NULL), now);
	if ((rc = touch(c, sha256, now, e)) != 0)
		return rc < 0 ? -1 : 0;
	/* A service that keeps its file inside its own transaction (a batch)
	 * writes it there; else the content commits on its own, before the
	 * transaction of the row that will hold it. */
	own = !db_in_transaction(c);
	if (own && db_begin(c, e) < 0)
		return -1;
	if (db_exec(c, DB_FILE_BLOB_INSERT,
		(struct db_param[]){ DBP_TEXT(sha256), DBP_INT((int64_t)size), DBP_TEXT(now) },
		3, &rows, e) < 0)
		goto fail;
	fresh = json_array_size(rows) == 1;
	json_decref(rows);
	if (!fresh) {
		/* Another server stored it meanwhile. */
		if (own)
			db_rollback(c);
		return touch(c, sha256, now, e) < 0 ? -1 : 0;
	}
	if (write_pieces(c, sha256, size, fd, mem, e) < 0 || (own && db_commit(c, e) < 0))
		goto fail;
	return 0;
fail:
	if (own)
		db_rollback(c);
	log_err("event=file_store_failed store=postgresql sha256=%s", sha256);
	return -1;
}

int
file_store_db_stat(const struct file_store *st, const char *sha256, uint64_t *size,
    struct err *e)
{
	struct db_conn *c;
	json_t *rows = NULL, *row;

	*size = 0;
	if ((c = db_conn(st->db, e)) == NULL ||
	    db_exec(c, DB_FILE_BLOB_GET, (struct db_param[]){ DBP_TEXT(sha256) }, 1,
		&rows, e) < 0)
		return -1;
	row = json_array_get(rows, 0);
	if (row != NULL)
		*size = (uint64_t)json_integer_value(json_object_get(row, "size"));
	json_decref(rows);
	return row != NULL;
}

int
file_store_db_open(struct file_reader *r, struct err *e)
{
	struct file_store st = { .kind = FILE_STORE_DB, .db = r->db };
	uint64_t size;
	int rc;

	if ((rc = file_store_db_stat(&st, r->sha256, &size, e)) < 0)
		return -1;
	if (rc == 0 || size != r->size) {
		err_set(e, ERR_FILE_STORE, "the stored file %.12s is missing or damaged",
		    r->sha256);
		return -1;
	}
	if ((r->chunk = malloc(FILE_CHUNK)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

ssize_t
file_store_db_read(struct file_reader *r, void *buf, size_t cap, struct err *e)
{
	struct db_conn *c;
	size_t len, n;
	int rc;

	if (r->off == r->have) {
		if (r->pos >= r->size)
			return 0;
		if ((c = db_conn(r->db, e)) == NULL ||
		    (rc = db_blob(c, DB_FILE_CHUNK_GET,
			 (struct db_param[]){ DBP_TEXT(r->sha256), DBP_INT(r->next) }, 2,
			 r->chunk, FILE_CHUNK, &len, e)) < 0)
			return -1;
		if (rc == 0 || len == 0 || r->pos + len > r->size) {
			log_err("event=file_piece_missing sha256=%s n=%lld", r->sha256,
			    (long long)r->next);
			err_set(e, ERR_FILE_STORE,
			    "piece %lld of the stored file %.12s is "
			    "missing or damaged",
			    (long long)r->next, r->sha256);
			return -1;
		}
		r->next++;
		r->have = len;
		r->off = 0;
	}
	n = r->have - r->off < cap ? r->have - r->off : cap;
	memcpy(buf, r->chunk + r->off, n);
	r->off += n;
	r->pos += n;
	return (ssize_t)n;
}

long
file_store_db_sweep(struct db_conn *c, time_t now, struct err *e)
{
	char before[TIME_ISO_LEN];
	json_t *rows = NULL, *row;
	const char *sha;
	size_t i;
	long n;

	time_iso(now - FILES_ORPHAN_GRACE, before);
	if (db_exec(c, DB_FILE_BLOB_SWEEP, (struct db_param[]){ DBP_TEXT(before) }, 1,
		&rows, e) < 0)
		return -1;
	json_array_foreach(rows, i, row) {
		sha = json_string_value(json_object_get(row, "sha256"));
		log_info("event=file_orphan_removed store=postgresql sha256=%s", sha);
		/* Gone from the store: this server's copy goes too (the
		 * others' stay until evicted, and no row reaches them). */
		if (sha != NULL)
			file_cache_drop(sha);
	}
	n = (long)json_array_size(rows);
	json_decref(rows);
	return n;
}
