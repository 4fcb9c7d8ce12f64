/*
 * file_store.h - where the contents of files live: the uploaded files (by
 * their SHA-256) and the generated documents. Two stores:
 *
 *  - dir: the data directory, DATA_DIR/files/ab/cd/<sha256> for uploads and
 *    DATA_DIR/documents/<serial>.pdf for documents (files.c,
 *    document_store.c); what one server alone needs.
 *  - db: the database (PostgreSQL), every content once by its SHA-256 in
 *    file_blob, its bytes in pieces of FILE_CHUNK bytes in file_chunk,
 *    written and read one piece at a time, never whole; every server on
 *    the database reads the same files.
 *
 * The process chooses one at start (file_store_use, from --files); until
 * then it is dir. The functions here that take a store work on either, so
 * that `p2ham files migrate` can move contents between them.
 */
#ifndef P2HAM_FILE_STORE_H
#define P2HAM_FILE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "base/code.h"
#include "base/err.h"
#include "db/db.h"

#define FILE_CHUNK (256 * 1024) /* bytes of a piece in the database store */

/* clang-format off */
#define FILE_STORE_KIND_LIST(X) \
	X(FILE_STORE_DIR, "dir")       /* the data directory */ \
	X(FILE_STORE_DB, "postgresql") /* the database's file_blob and file_chunk */
/* clang-format on */

enum file_store_kind { FILE_STORE_KIND_LIST(CODE_ENUM) FILE_STORE_KIND_MAX };

struct file_store {
	enum file_store_kind kind;
	const char *data_dir; /* dir: the data directory */
	struct db *db;        /* db: the database; each thread uses its
				 own connection */
};

/* "dir", "postgresql"; the kind called name, FILE_STORE_KIND_MAX for none. */
const char *file_store_kind_name(enum file_store_kind k);
enum file_store_kind file_store_kind_parse(const char *name);

/* Make st (copied) the process's store; the current one, dir until then. */
void file_store_use(const struct file_store *st);
const struct file_store *file_store_current(void);
/* True when the process keeps its files in the database. */
bool file_store_in_db(void);

/*
 * Keep len bytes of content sha256 (64 lowercase hex digits) read from the
 * file at path (which stays), or from memory (file_store_put_mem). A
 * content stored already is not written again; its time is renewed, so
 * that the sweep leaves it to the row about to be written. In the database
 * the content and its pieces are written in one transaction of their own
 * (or in the caller's, when one is open), after the bytes read were found
 * to hash to sha256. -1 with e (ERR_FILE_STORE) otherwise.
 */
int file_store_put_path(const struct file_store *st, const char *sha256, const char *path,
    uint64_t size, struct err *e);
int file_store_put_mem(const struct file_store *st, const char *sha256, const void *data,
    size_t len, struct err *e);

/* Whether content sha256 is stored: 1 with its size in *size, 0 when not,
 * -1 with e. */
int file_store_stat(const struct file_store *st, const char *sha256, uint64_t *size,
    struct err *e);

/*
 * Reading a stored content from its start: file_store_open checks that it
 * is stored with size bytes (NULL with e ERR_FILE_STORE when missing or of
 * another size), file_reader_read gives the next bytes (0 at the end, -1
 * with e), file_reader_close ends it. A reader is used by one thread at a
 * time; in the database store it holds one piece.
 */
struct file_reader;
struct file_reader *file_store_open(const struct file_store *st, const char *sha256,
    uint64_t size, struct err *e);
ssize_t file_reader_read(struct file_reader *r, void *buf, size_t cap, struct err *e);
/* The open descriptor of a reader of the directory store, which the
 * caller then owns (the reader no longer closes it); -1 for the database
 * store. */
int file_reader_take_fd(struct file_reader *r);
void file_reader_close(struct file_reader *r);

/* Read the whole of r, hashing it: 0 when it hashes to sha256, 1 when it
 * does not, -1 with e when it cannot be read. */
int file_reader_check(struct file_reader *r, const char *sha256, struct err *e);

/*
 * The database store's start-up sweep: remove the contents stored before
 * now minus FILES_ORPHAN_GRACE that no row (file, decree paper, complaint
 * attachment, document) holds. How many went; -1 with e.
 */
long file_store_db_sweep(struct db_conn *c, time_t now, struct err *e);

/* True for 64 lowercase hex digits. */
bool file_store_hash_valid(const char *sha256);

/* Call fn(ctx, dir, name, e) for each content of the directory store
 * under data_dir: name (64 hex digits) in its folder dir
 * (DATA_DIR/files/XX/YY), until fn answers other than 0. That answer, or
 * 0 once all were seen. */
int file_store_dir_each(const char *data_dir,
    int (*fn)(void *ctx, const char *dir, const char *name, struct err *e), void *ctx,
    struct err *e);

#endif
