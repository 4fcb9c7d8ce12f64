/*
 * backend.h - what db.c needs from a storage backend (sqlite.c, postgres.c)
 * and the helpers they share. Private to src/db/ (and its unit test): code
 * above db/ includes db.h only.
 */
#ifndef P2HAM_DB_BACKEND_H
#define P2HAM_DB_BACKEND_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/queue.h>

#include "base/buf.h"
#include "db/db.h"

struct db {
	enum db_backend backend;    /* chosen from the location's form */
	const struct db_ops *ops;   /* that backend's functions */
	char *location;             /* path or URL as given; may hold a
				       password, so never printed */
	pthread_key_t key;          /* the calling thread's struct db_conn */
	pthread_mutex_t lock;       /* guards conns */
	LIST_HEAD(, db_conn) conns; /* every open connection */
	_Atomic int64_t version;    /* db_version_known's answer, -1 unknown */
	struct db_follow *follow;   /* the thread that keeps version, or NULL */
};

/* Raise db's known version to v unless it is unknown or higher already. */
void db_version_raise(struct db *db, int64_t v);
/* The same once a commit that appended audit entry v is visible; on SQLite
 * it also touches the marker other processes watch (db/version.c). */
void db_version_committed(struct db *db, int64_t v);
/* Start and stop the backend's version follower (db/pg_listen.c). */
int db_follow_start(struct db *db, struct err *e);
void db_follow_stop(struct db *db);

/* Count one database error (for /metrics). */
void db_error_inc(void);

/* The backends, by enum db_backend. */
extern const struct db_ops *const db_backend_ops[DB_BACKEND_MAX];

/* Most parameters a statement may take (both backends keep them on the stack). */
#define DB_PARAM_MAX 64

/*
 * The part of a connection db.c owns. Each backend allocates a larger struct
 * whose first member is this one and casts between them.
 */
struct db_conn {
	struct db *db;            /* the database this connection belongs to */
	LIST_ENTRY(db_conn) link; /* in db's conns, under db's lock */
	bool in_tx;               /* between db_begin and db_commit/db_rollback */
	int64_t version_due;      /* audit entry appended in the transaction, or 0 */
};

/* Transaction control, run by the backend with its own fixed SQL. */
enum db_tx {
	DB_TX_BEGIN, /* a write transaction (SQLite: BEGIN IMMEDIATE) */
	DB_TX_COMMIT,
	DB_TX_ROLLBACK,
	DB_TX_MAX
};

struct db_ops {
	enum db_backend backend; /* which one this is */
	const char *name;        /* "sqlite", "postgresql" */

	/*
	 * Open a connection to location and prepare every statement; a
	 * statement that does not prepare yet (its table is not migrated)
	 * is retried when first executed. NULL with e set on failure.
	 */
	struct db_conn *(*open)(const char *location, struct err *e);
	/* Close and free; c may be NULL. */
	void (*close)(struct db_conn *c);
	/* Make a broken connection usable again (reconnect, re-prepare). */
	int (*ensure)(struct db_conn *c, struct err *e);
	/* Prepare the statements not prepared yet; -1 names the first failure. */
	int (*prepare_all)(struct db_conn *c, struct err *e);
	/* As db_exec. */
	int (*exec)(struct db_conn *c, enum db_stmt id, const struct db_param *p,
	    size_t n, json_t **rows, struct err *e);
	/* As db_blob. */
	int (*blob)(struct db_conn *c, enum db_stmt id, const struct db_param *p,
	    size_t n, void *buf, size_t cap, size_t *len, struct err *e);
	/* As db_explain. */
	int (*explain)(struct db_conn *c, enum db_stmt id, const struct db_param *p,
	    size_t n, json_t **lines, struct err *e);
	/* Run trusted SQL text with several statements (migrations only). */
	int (*script)(struct db_conn *c, const char *sql, struct err *e);
	/* Begin, commit or roll back. */
	int (*tx)(struct db_conn *c, enum db_tx op, struct err *e);
	/* SQL run right after BEGIN in db_migrate to serialise migrating
	 * processes; NULL when BEGIN already does (SQLite). */
	const char *migrate_lock;
	/* Replacements for @ID@ and @BLOB@ in migrations. */
	const char *id_type;
	const char *blob_type;
	/* The driver's own handle (sqlite3 *, PGconn *), for db/bulk.c. */
	void *(*handle)(struct db_conn *c);
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_postgres_ops;

/*
 * Rewrite $N placeholders to ?N outside '...' literals, "..." identifiers
 * and comments (for SQLite). Appends to out; check out->failed.
 */
void db_sql_to_sqlite(struct buf *out, const char *sql);

/*
 * The text of migration file src (len bytes) for backend b: lines after
 * "-- @sqlite" or "-- @postgresql" kept only for that backend (until
 * "-- @all"), @ID@ and @BLOB@ replaced. Appends to out. -1 with e naming
 * the line on an unknown "-- @word" directive, or when out failed.
 */
int db_migration_sql(struct buf *out, enum db_backend b, const char *src, size_t len,
    struct err *e);

/* db_blob's answer from a backend: the got bytes of the first column into
 * buf (cap bytes) and *len, 1; -1 with e when they are more than cap. */
int db_blob_copy(enum db_stmt id, const void *bytes, size_t got, void *buf, size_t cap,
    size_t *len, struct err *e);

/* Collapse a multi-line driver message into one line in dst (cap bytes);
 * dst may be src. */
void db_one_line(char *dst, size_t cap, const char *src);

#endif
