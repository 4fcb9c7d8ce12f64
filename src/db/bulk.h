/*
 * bulk.h - loading many rows at once into the tables named in
 * db/stmts_scale.h (DB_BULKS): on SQLite through one prepared INSERT run
 * per row, on PostgreSQL through COPY ... FROM STDIN in text format, sent in
 * large pieces. Only one table is loaded at a time on a connection (a COPY
 * holds it), inside the caller's transaction. For fresh installations only:
 * `p2ham demo --scale`.
 */
#ifndef P2HAM_DB_BULK_H
#define P2HAM_DB_BULK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "db/db.h"

/* The tables, from DB_BULKS. */
enum db_bulk_target {
#define X(name, ...) DB_BULK_##name,
	DB_BULKS(X)
#undef X
	    DB_BULK_MAX
};

struct db_bulk; /* one table being loaded */

/* Start loading target on c (inside a transaction). NULL with e. */
struct db_bulk *db_bulk_open(struct db_conn *c, enum db_bulk_target target, struct err *e);

/* One row: n must be the target's column count, in its order. Texts must
 * be valid UTF-8 without NUL bytes. -1 with e (the load is then broken:
 * close it and roll back). */
int db_bulk_row(struct db_bulk *b, const struct db_param *p, size_t n, struct err *e);

/* Finish the load and free b (b may be NULL); -1 with e when the rows did
 * not all go in. *rows (may be NULL) receives how many were given. */
int db_bulk_close(struct db_bulk *b, size_t *rows, struct err *e);

/*
 * Trade durability for speed on c while a fresh installation is loaded
 * (on) and back (off): SQLite's synchronous=OFF, a larger page cache and
 * the rollback journal in memory instead of the write-ahead log (a crash
 * during the load can then spoil the file: the installation is made
 * again); PostgreSQL's synchronous_commit off and, for a superuser,
 * session_replication_role replica (no per-row foreign-key triggers).
 * The journal and the role are skipped when refused. Outside a
 * transaction. -1 with e.
 */
int db_bulk_fast(struct db_conn *c, bool on, struct err *e);

#endif
