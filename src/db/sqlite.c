/*
 * sqlite.c - the SQLite backend: one connection per thread in WAL mode
 * (readers never wait for the writer), synchronous=FULL (a committed
 * transaction survives a power cut, not only a crash of the process),
 * foreign keys on, and a busy timeout so that
 * writers queue instead of failing. Every statement is prepared once per
 * connection with SQLITE_PREPARE_PERSISTENT and reused.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "base/buf.h"
#include "base/str.h"
#include "db/backend.h"

#define BUSY_TIMEOUT_MS 5000

struct sqlite_conn {
	struct db_conn base;             /* db.c's part; must be first */
	sqlite3 *h;                      /* the connection */
	sqlite3_stmt *stmt[DB_STMT_MAX]; /* NULL until it prepares */
	sqlite3_stmt *tx[DB_TX_MAX];     /* by enum db_tx: see tx_sql */
};

static const char *const tx_sql[DB_TX_MAX] = {
	[DB_TX_BEGIN] = "BEGIN IMMEDIATE",
	[DB_TX_COMMIT] = "COMMIT",
	[DB_TX_ROLLBACK] = "ROLLBACK",
};

static struct sqlite_conn *
to_sqlite(struct db_conn *c)
{
	return (struct sqlite_conn *)c;
}

/* Fill e for result code rc of statement what (a statement name or a verb). */
static void
sqlite_err(struct sqlite_conn *sc, int rc, const char *what, struct err *e)
{
	char msg[400];

	db_one_line(msg, sizeof(msg), sqlite3_errmsg(sc->h));
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		err_set(e, ERR_CONFLICT, "%s: %s", what, msg);
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		err_set(e, ERR_DB_BUSY, "%s: %s", what, msg);
		break;
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_READONLY:
		err_set(e, ERR_DB_UNAVAILABLE, "%s: %s", what, msg);
		break;
	default:
		err_set(e, ERR_DB, "%s: %s", what, msg);
		break;
	}
}

/* Prepare statement id on sc; -1 with e set when it does not (yet). */
static int
prepare_one(struct sqlite_conn *sc, enum db_stmt id, struct err *e)
{
	struct buf sql;
	const char *tail = NULL;
	char msg[400];
	int rc;

	buf_init(&sql, 0);
	db_sql_to_sqlite(&sql, db_stmt_sql(id, DB_SQLITE));
	if (sql.failed) {
		buf_free(&sql);
		err_set(e, ERR_DB, "out of memory");
		return -1;
	}
	rc = sqlite3_prepare_v3(sc->h, buf_cstr(&sql), (int)sql.len + 1,
	    SQLITE_PREPARE_PERSISTENT, &sc->stmt[id], &tail);
	if (rc == SQLITE_OK && tail != NULL && tail[strspn(tail, " \t\n;")] != '\0') {
		sqlite3_finalize(sc->stmt[id]);
		sc->stmt[id] = NULL;
		err_set(e, ERR_DB,
		    "statement %s holds more than one "
		    "SQL statement",
		    db_stmt_name(id));
		buf_free(&sql);
		return -1;
	}
	buf_free(&sql);
	if (rc != SQLITE_OK) {
		db_one_line(msg, sizeof(msg), sqlite3_errmsg(sc->h));
		sc->stmt[id] = NULL;
		err_set(e, ERR_DB,
		    "statement %s does not prepare on "
		    "SQLite: %s%s",
		    db_stmt_name(id), msg,
		    strncmp(msg, "no such", 7) == 0 ? "; is the database "
						      "migrated? run `p2ham migrate`"
						    : "");
		return -1;
	}
	return 0;
}

/*
 * Before opening: the directory must exist and be writable, because SQLite
 * creates the file and its -wal and -shm companions there. Saying so beats
 * SQLite's "unable to open database file".
 */
static int
check_dir(const char *path, struct err *e)
{
	const char *slash = strrchr(path, '/');
	struct stat st;
	char *dir;
	int rc = -1;

	if (slash == NULL)
		dir = strdup(".");
	else if (slash == path)
		dir = strdup("/");
	else
		dir = strndup(path, (size_t)(slash - path));
	if (dir == NULL) {
		err_set(e, ERR_DB, "out of memory");
		return -1;
	}
	if (stat(dir, &st) == -1)
		err_set(e, ERR_DB_UNAVAILABLE,
		    "cannot open SQLite database "
		    "%s: directory %s %s; create it (mkdir -p %s) or point "
		    "--db / P2HAM_DB elsewhere",
		    path, dir, errno == ENOENT ? "does not exist" : strerror(errno), dir);
	else if (!S_ISDIR(st.st_mode))
		err_set(e, ERR_DB_UNAVAILABLE,
		    "cannot open SQLite database "
		    "%s: %s is not a directory; point --db / P2HAM_DB "
		    "elsewhere",
		    path, dir);
	else if (faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) == -1)
		err_set(e, ERR_DB_UNAVAILABLE,
		    "cannot open SQLite database "
		    "%s: directory %s is not writable by this user (SQLite "
		    "keeps -wal and -shm files beside the database); fix its "
		    "owner or permissions or point --db / P2HAM_DB elsewhere",
		    path, dir);
	else
		rc = 0;
	free(dir);
	return rc;
}

static void sqlite_close(struct db_conn *c);

static struct db_conn *
sqlite_open(const char *path, struct err *e)
{
	static const char pragmas[] = "PRAGMA journal_mode = WAL;"
				      "PRAGMA synchronous = FULL;"
				      "PRAGMA foreign_keys = ON;";
	struct sqlite_conn *sc;
	char msg[400];
	int rc, i;

	if (check_dir(path, e) == -1)
		return NULL;
	if ((sc = calloc(1, sizeof(*sc))) == NULL) {
		err_set(e, ERR_DB, "out of memory");
		return NULL;
	}
	/* NOMUTEX: a connection is only ever used by its own thread. */
	rc = sqlite3_open_v2(path, &sc->h,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(sc->h, 1);
		sqlite3_busy_timeout(sc->h, BUSY_TIMEOUT_MS);
		rc = sqlite3_exec(sc->h, pragmas, NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK) {
		db_one_line(msg, sizeof(msg),
		    sc->h != NULL ? sqlite3_errmsg(sc->h) : sqlite3_errstr(rc));
		err_set(e, ERR_DB_UNAVAILABLE,
		    "cannot open SQLite database "
		    "%s: %s; check --db / P2HAM_DB",
		    path, msg);
		goto fail;
	}
	if (sqlite3_db_readonly(sc->h, "main") == 1) {
		err_set(e, ERR_DB_UNAVAILABLE,
		    "cannot open SQLite database "
		    "%s for writing: the file is read-only for this user; fix "
		    "its owner or permissions",
		    path);
		goto fail;
	}
	for (i = 0; i < DB_TX_MAX; i++)
		if ((rc = sqlite3_prepare_v3(sc->h, tx_sql[i], -1,
			 SQLITE_PREPARE_PERSISTENT, &sc->tx[i], NULL)) != SQLITE_OK) {
			sqlite_err(sc, rc, tx_sql[i], e);
			goto fail;
		}
	/* A statement whose table is not migrated yet fails here and is
	 * retried on first use; db_check insists on all of them. */
	for (i = 0; i < DB_STMT_MAX; i++)
		prepare_one(sc, (enum db_stmt)i, NULL);
	return &sc->base;
fail:
	sqlite_close(&sc->base);
	return NULL;
}

static void
sqlite_close(struct db_conn *c)
{
	struct sqlite_conn *sc = to_sqlite(c);
	int i;

	if (sc == NULL)
		return;
	for (i = 0; i < DB_STMT_MAX; i++)
		sqlite3_finalize(sc->stmt[i]);
	for (i = 0; i < DB_TX_MAX; i++)
		sqlite3_finalize(sc->tx[i]);
	sqlite3_close_v2(sc->h);
	free(sc);
}

static int
sqlite_ensure(struct db_conn *c, struct err *e)
{
	(void)c;
	(void)e;
	return 0; /* a file does not go away like a server */
}

static int
sqlite_prepare_all(struct db_conn *c, struct err *e)
{
	struct sqlite_conn *sc = to_sqlite(c);
	int i;

	for (i = 0; i < DB_STMT_MAX; i++)
		if (sc->stmt[i] == NULL && prepare_one(sc, (enum db_stmt)i, e) == -1)
			return -1;
	return 0;
}

/* Bind p[0..n) to st; -1 with e set. */
static int
bind_params(struct sqlite_conn *sc, sqlite3_stmt *st, enum db_stmt id,
    const struct db_param *p, size_t n, struct err *e)
{
	size_t i;
	int rc, k;

	if ((size_t)sqlite3_bind_parameter_count(st) != n) {
		err_set(e, ERR_DB,
		    "statement %s takes %d parameters, "
		    "given %zu",
		    db_stmt_name(id), sqlite3_bind_parameter_count(st), n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		k = (int)i + 1;
		switch (p[i].type) {
		case DB_T_INT:
		case DB_T_BOOL:
			rc = sqlite3_bind_int64(st, k, p[i].i);
			break;
		case DB_T_REAL:
			rc = sqlite3_bind_double(st, k, p[i].d);
			break;
		case DB_T_TEXT:
			/* STATIC: the caller's text outlives the call, and
			 * the bindings are cleared before we return. */
			rc = sqlite3_bind_text64(st, k, p[i].s != NULL ? p[i].s : "",
			    p[i].len, SQLITE_STATIC, SQLITE_UTF8);
			break;
		case DB_T_NULL:
			rc = sqlite3_bind_null(st, k);
			break;
		case DB_T_BLOB:
			rc = sqlite3_bind_blob64(st, k, p[i].s != NULL ? p[i].s : "",
			    p[i].len, SQLITE_STATIC);
			break;
		default:
			err_set(e, ERR_DB,
			    "statement %s: parameter "
			    "$%d has no valid type",
			    db_stmt_name(id), k);
			return -1;
		}
		if (rc != SQLITE_OK) {
			sqlite_err(sc, rc, db_stmt_name(id), e);
			return -1;
		}
	}
	return 0;
}

/* Column i of the current row as JSON; NULL when it cannot be (bad UTF-8). */
static json_t *
column_json(sqlite3_stmt *st, int i)
{
	const unsigned char *blob;
	json_t *v;
	char *hex;
	size_t len;
	double d;

	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		d = sqlite3_column_double(st, i);
		if (isfinite(d))
			return json_real(d);
		return json_string(d > 0 ? "Infinity" : "-Infinity");
	case SQLITE_TEXT:
		return json_stringn((const char *)sqlite3_column_text(st, i),
		    (size_t)sqlite3_column_bytes(st, i));
	case SQLITE_BLOB:
		/* As PostgreSQL prints bytea: \x and lowercase hex. */
		blob = sqlite3_column_blob(st, i);
		len = (size_t)sqlite3_column_bytes(st, i);
		if ((hex = malloc(2 * len + 3)) == NULL)
			return NULL;
		hex[0] = '\\';
		hex[1] = 'x';
		sodium_bin2hex(hex + 2, 2 * len + 1,
		    blob != NULL ? blob : (const unsigned char *)"", len);
		v = json_stringn(hex, 2 * len + 2);
		free(hex);
		return v;
	default:
		return json_null();
	}
}

static int
sqlite_exec(struct db_conn *c, enum db_stmt id, const struct db_param *p, size_t n,
    json_t **rows, struct err *e)
{
	struct sqlite_conn *sc = to_sqlite(c);
	sqlite3_stmt *st;
	json_t *arr = NULL, *row, *v;
	int rc, i, ncol;

	if (sc->stmt[id] == NULL && prepare_one(sc, id, e) == -1)
		return -1;
	st = sc->stmt[id];
	if (bind_params(sc, st, id, p, n, e) == -1)
		goto fail;
	if (rows != NULL && (arr = json_array()) == NULL)
		goto oom;
	ncol = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (arr == NULL)
			continue;
		if ((row = json_object()) == NULL || json_array_append_new(arr, row) == -1)
			goto oom;
		for (i = 0; i < ncol; i++) {
			if ((v = column_json(st, i)) == NULL) {
				err_set(e, ERR_DB,
				    "statement %s: "
				    "column %s is not valid UTF-8",
				    db_stmt_name(id), sqlite3_column_name(st, i));
				goto fail;
			}
			/* Names are the statements' own ASCII aliases. */
			if (json_object_set_new_nocheck(row, sqlite3_column_name(st, i),
				v) == -1)
				goto oom;
		}
	}
	if (rc != SQLITE_DONE) {
		sqlite_err(sc, rc, db_stmt_name(id), e);
		goto fail;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rows != NULL)
		*rows = arr;
	return 0;
oom:
	err_set(e, ERR_DB, "statement %s: out of memory", db_stmt_name(id));
fail:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	json_decref(arr);
	return -1;
}

static int
sqlite_explain(struct db_conn *c, enum db_stmt id, const struct db_param *p, size_t n,
    json_t **lines, struct err *e)
{
	struct sqlite_conn *sc = to_sqlite(c);
	sqlite3_stmt *st = NULL;
	struct buf sql;
	json_t *arr = json_array();
	int rc = SQLITE_OK;

	buf_init(&sql, 0);
	buf_puts(&sql, "EXPLAIN QUERY PLAN ");
	db_sql_to_sqlite(&sql, db_stmt_sql(id, DB_SQLITE));
	if (sql.failed || arr == NULL) {
		err_set(e, ERR_DB, "out of memory");
		goto fail;
	}
	if ((rc = sqlite3_prepare_v2(sc->h, buf_cstr(&sql), -1, &st, NULL)) != SQLITE_OK) {
		sqlite_err(sc, rc, db_stmt_name(id), e);
		goto fail;
	}
	if (bind_params(sc, st, id, p, n, e) == -1)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(arr,
		    json_string((const char *)sqlite3_column_text(st, 3)));
	if (rc != SQLITE_DONE) {
		sqlite_err(sc, rc, db_stmt_name(id), e);
		goto fail;
	}
	sqlite3_finalize(st);
	buf_free(&sql);
	*lines = arr;
	return 0;
fail:
	sqlite3_finalize(st);
	buf_free(&sql);
	json_decref(arr);
	return -1;
}

static int
sqlite_blob(struct db_conn *c, enum db_stmt id, const struct db_param *p, size_t n,
    void *buf, size_t cap, size_t *len, struct err *e)
{
	struct sqlite_conn *sc = to_sqlite(c);
	const void *bytes;
	sqlite3_stmt *st;
	int rc, out = -1;

	if (sc->stmt[id] == NULL && prepare_one(sc, id, e) == -1)
		return -1;
	st = sc->stmt[id];
	if (bind_params(sc, st, id, p, n, e) == -1)
		goto done;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		out = 0;
		goto done;
	}
	if (rc != SQLITE_ROW) {
		sqlite_err(sc, rc, db_stmt_name(id), e);
		goto done;
	}
	bytes = sqlite3_column_blob(st, 0);
	out = db_blob_copy(id, bytes, (size_t)sqlite3_column_bytes(st, 0), buf, cap, len, e);
done:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return out;
}

static int
sqlite_script(struct db_conn *c, const char *sql, struct err *e)
{
	struct sqlite_conn *sc = to_sqlite(c);
	char *msg = NULL;
	char line[400];
	int rc;

	if ((rc = sqlite3_exec(sc->h, sql, NULL, NULL, &msg)) != SQLITE_OK) {
		db_one_line(line, sizeof(line), msg != NULL ? msg : sqlite3_errstr(rc));
		err_set(e, ERR_DB, "%s", line);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
sqlite_tx(struct db_conn *c, enum db_tx op, struct err *e)
{
	struct sqlite_conn *sc = to_sqlite(c);
	sqlite3_stmt *st = sc->tx[op];
	int rc;

	/* After some errors (disk full, I/O) SQLite has already rolled back. */
	if (op == DB_TX_ROLLBACK && sqlite3_get_autocommit(sc->h))
		return 0;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	sqlite_err(sc, rc, tx_sql[op], e);
	/* A failed COMMIT may leave the transaction open: end it, so that
	 * the connection is clean for the next request. */
	if (op == DB_TX_COMMIT && !sqlite3_get_autocommit(sc->h)) {
		sqlite3_step(sc->tx[DB_TX_ROLLBACK]);
		sqlite3_reset(sc->tx[DB_TX_ROLLBACK]);
	}
	return -1;
}

static void *
sqlite_handle(struct db_conn *c)
{
	return to_sqlite(c)->h;
}

const struct db_ops db_sqlite_ops = {
	.backend = DB_SQLITE,
	.name = "sqlite",
	.open = sqlite_open,
	.close = sqlite_close,
	.ensure = sqlite_ensure,
	.prepare_all = sqlite_prepare_all,
	.exec = sqlite_exec,
	.explain = sqlite_explain,
	.blob = sqlite_blob,
	.script = sqlite_script,
	.tx = sqlite_tx,
	.migrate_lock = NULL,
	.id_type = "INTEGER PRIMARY KEY",
	.blob_type = "BLOB",
	.handle = sqlite_handle,
};
