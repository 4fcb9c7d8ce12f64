/*
 * db.h - the one storage interface, with two backends behind it: SQLite
 * (embedded default) and PostgreSQL (libpq). Nothing above db/ calls
 * sqlite3_* or PQ*. All SQL is the closed set of named statements in
 * stmts.h, prepared on every connection when it opens.
 */
#ifndef P2HAM_DB_H
#define P2HAM_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h> /* strlen in DBP_TEXT */

#include <jansson.h>

#include "base/code.h"
#include "base/err.h"
#include "db/stmts.h"

/* clang-format off */
#define DB_BACKEND_LIST(X) \
	X(DB_SQLITE, "sqlite") \
	X(DB_POSTGRES, "postgresql")
/* clang-format on */

enum db_backend { DB_BACKEND_LIST(CODE_ENUM) DB_BACKEND_MAX };

/* The named statements, from the table in stmts.h. */
enum db_stmt {
#define X(name, ...) DB_##name,
	DB_STMTS(X)
#undef X
	    DB_STMT_MAX
};

/* clang-format off */
enum db_type {
	DB_T_NULL,
	DB_T_INT,
	DB_T_REAL,
	DB_T_TEXT,
	DB_T_BOOL,
	DB_T_BLOB, /* bytes, any value: BLOB / BYTEA */
	DB_TYPE_MAX
};
/* clang-format on */

/* One bound parameter ($1, $2, ... in order). */
struct db_param {
	enum db_type type;
	int64_t i;     /* DB_T_INT, DB_T_BOOL */
	double d;      /* DB_T_REAL */
	const char *s; /* DB_T_TEXT, DB_T_BLOB; need not be NUL-terminated */
	size_t len;    /* bytes of s */
};

#define DBP_NULL ((struct db_param){ .type = DB_T_NULL })
/* An id, or NULL when it is 0 (none). */
#define DBP_ID(v) ((v) > 0 ? DBP_INT(v) : DBP_NULL)
#define DBP_INT(v) ((struct db_param){ .type = DB_T_INT, .i = (v) })
#define DBP_BOOL(v) ((struct db_param){ .type = DB_T_BOOL, .i = !!(v) })
#define DBP_REAL(v) ((struct db_param){ .type = DB_T_REAL, .d = (v) })
#define DBP_TEXT(v) ((struct db_param){ .type = DB_T_TEXT, .s = (v), .len = strlen(v) })
#define DBP_TEXTN(v, n) ((struct db_param){ .type = DB_T_TEXT, .s = (v), .len = (n) })
#define DBP_BLOB(v, n) \
	((struct db_param){ .type = DB_T_BLOB, .s = (const char *)(v), .len = (n) })

struct db;      /* shared by all threads: location, backend, connections */
struct db_conn; /* one thread's connection with its prepared statements */

/*
 * Open a database: "postgresql://..." or "postgres://..." selects PostgreSQL,
 * anything else is a SQLite file path (created when missing). Connects once
 * to prove the database is reachable; on failure returns NULL with a one-line
 * reason in e->msg that says what to fix.
 */
struct db *db_open(const char *location, struct err *e);
/* Close every connection of every thread and free db. */
void db_close(struct db *db);
enum db_backend db_backend(const struct db *db);
/* The backend of c's database. */
enum db_backend db_conn_backend(const struct db_conn *c);
const char *db_backend_name(enum db_backend b);

/*
 * The calling thread's connection, opened and with every statement prepared
 * on first use; reconnects a broken PostgreSQL connection. NULL with e set on
 * failure. Owned by db: do not free.
 */
struct db_conn *db_conn(struct db *db, struct err *e);

/*
 * Apply the compiled-in migrations (migrations/NNNN_name.sql) not yet
 * recorded in schema_migrations, which it creates when missing; idempotent
 * and safe against a concurrent db_migrate from another process. Each
 * migration runs in its own transaction with its record. *applied (may be
 * NULL) receives how many ran this time. Fails, applying nothing, when the
 * database holds a version newer than this binary knows.
 */
int db_migrate(struct db *db, int *applied, struct err *e);
/* The highest applied migration version, 0 for an empty database. */
int db_schema_version(struct db *db, int *version, struct err *e);
/* The highest compiled-in migration version. */
int db_schema_latest(void);
/*
 * Start-up check after db_migrate: the schema is at db_schema_latest() and
 * every statement prepares on the calling thread's connection. -1 with e
 * naming the statement, or saying to run `p2ham migrate`.
 */
int db_check(struct db *db, struct err *e);

/*
 * Transactions, not nested. db_begin starts a write transaction (SQLite:
 * BEGIN IMMEDIATE, so concurrent writers wait in busy_timeout instead of
 * failing on upgrade). On failure db_commit has rolled back. db_rollback
 * does nothing outside a transaction, so a cleanup label may always call it.
 */
int db_begin(struct db_conn *c, struct err *e);
int db_commit(struct db_conn *c, struct err *e);
int db_rollback(struct db_conn *c);
/* True while c has a transaction open (between db_begin and its end). */
bool db_in_transaction(const struct db_conn *c);

/*
 * Run statement id with n parameters. When rows is not NULL it receives a new
 * JSON array with one object per row, keys the column names, values typed
 * (integer, real, string, null; PostgreSQL booleans as JSON booleans, SQLite
 * ones as integers; binary as a "\x..." hex string on both). The caller
 * owns *rows (json_decref); it is NULL on failure. Text parameters must be
 * valid UTF-8 without NUL bytes (else db_error, and nothing runs: invalid
 * text never reaches the database). e->kind is ERR_CONFLICT (409) for a constraint
 * violation, "db_busy" or "db_unavailable" (503) when the database is
 * locked or unreachable, "db_error" (500) otherwise.
 */
int db_exec(struct db_conn *c, enum db_stmt id, const struct db_param *p, size_t n,
    json_t **rows, struct err *e);

/*
 * Run statement id with n parameters and copy the first column of its
 * first row, bytes as stored (a BLOB / BYTEA), into buf (cap bytes), its
 * length in *len: 1 when there was a row, 0 when none (*len 0), -1 with e
 * on failure or when the value is longer than cap. For contents read a
 * piece at a time, never whole as JSON.
 */
int db_blob(struct db_conn *c, enum db_stmt id, const struct db_param *p, size_t n,
    void *buf, size_t cap, size_t *len, struct err *e);

/*
 * Run statement id with n parameters and read the integer column key of its
 * first row into *v: 0 when there is no row or the column is NULL. -1 with e
 * as db_exec.
 */
int db_exec_int(struct db_conn *c, enum db_stmt id, const struct db_param *p, size_t n,
    const char *key, int64_t *v, struct err *e);

/*
 * The first row (a new reference) of st run with id as its one parameter;
 * NULL with e when db_exec fails, or with ERR_NOT_FOUND "no such what"
 * when there is no row.
 */
json_t *
db_row(struct db_conn *c, enum db_stmt st, int64_t id, const char *what, struct err *e);

/*
 * Session locks that give a periodic job to one server of several sharing
 * a PostgreSQL database: db_lock_try takes the advisory lock key on c's
 * session without waiting and tells in *held whether c holds it now (it
 * stays held until db_lock_release on c or the end of c's session, so
 * when a server dies the next try elsewhere gets it). Each successful
 * try counts once more, and needs its own release. On SQLite, which one
 * server uses, *held is always true and nothing runs. -1 with e when the
 * database cannot be asked (then the caller must assume it holds
 * nothing).
 */
int db_lock_try(struct db_conn *c, int64_t key, bool *held, struct err *e);
int db_lock_release(struct db_conn *c, int64_t key, struct err *e);

/*
 * A consistent copy of the whole database in the file path (db_dump), and
 * back into db (db_restore, into an empty database): SQLite through its
 * online backup API (the copy is a SQLite file), PostgreSQL through
 * pg_dump and pg_restore in custom format (Debian package
 * postgresql-client). Writers go on meanwhile. -1 with e.
 */
int db_dump(struct db *db, const char *path, struct err *e);
int db_restore(struct db *db, const char *path, struct err *e);

/*
 * How the backend would run statement id with p[0..n): *lines receives a
 * JSON array of texts, one per plan line (SQLite: EXPLAIN QUERY PLAN's
 * details; PostgreSQL: EXPLAIN's lines, costs left out). For the tests
 * that prove the lists use indexes.
 */
int db_explain(struct db_conn *c, enum db_stmt id, const struct db_param *p, size_t n,
    json_t **lines, struct err *e);

/*
 * The data's version: the audit log's last sequence number, which every
 * write moves in its own transaction. db_version_follow makes it known
 * without asking the database: on PostgreSQL a thread keeps a connection
 * listening to the notification each audit entry sends at its commit (so
 * a write through another server or a command shows as soon as its
 * notification arrives, some milliseconds after the commit); on SQLite
 * it watches the file's directory, so that a commit by any process is
 * seen. db_version_known is that version, or -1 when it is not known (the
 * listening connection is down, or SQLite saw a write): then read it and
 * give it to db_version_learnt with the *epoch db_version_known gave.
 * db_version_note records that c appended entry seq: the version moves
 * when c's transaction commits (at once outside a transaction), so this
 * server's own writes never wait for their notification; true for the
 * first entry of the transaction (one notification moves the others'
 * version as well as several).
 */
int db_version_follow(struct db *db, struct err *e);
int64_t db_version_known(struct db *db, uint64_t *epoch);
void db_version_learnt(struct db *db, uint64_t epoch, int64_t v);
bool db_version_note(struct db_conn *c, int64_t seq);

/* Count of database errors since start (for /metrics). */
uint64_t db_error_count(void);

/* The statement's name, e.g. "SETTING_GET"; NULL for an id out of range. */
const char *db_stmt_name(enum db_stmt id);
/* Its SQL text for backend b as written in stmts.h ($N placeholders). */
const char *db_stmt_sql(enum db_stmt id, enum db_backend b);

#endif
