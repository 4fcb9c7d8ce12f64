/*
 * db.c - the backend-independent half of the storage layer: choosing the
 * backend from the location, one connection per thread (a pthread key whose
 * destructor closes it when the thread ends, plus a registry so db_close
 * closes the rest), the statement table and the error counter (the
 * migration runner is in migrate.c). The backends (sqlite.c, postgres.c)
 * do the talking.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/str.h"
#include "db/backend.h"
#include "db/db.h"

/*
 * The statement table. An entry of stmts.h has one SQL text (both
 * backends) or two (SQLite, then PostgreSQL): the first argument is the
 * SQLite text, the last the PostgreSQL one. The trailing "~" arguments keep
 * the variadic part non-empty, as C17 requires.
 */
#define SQL_FIRST(...) SQL_FIRST_(__VA_ARGS__, ~)
#define SQL_FIRST_(a, ...) a
/* clang-format off */
#define SQL_LAST(...)		\
	SQL_LAST_(__VA_ARGS__, SQL_ARG2, SQL_ARG1, ~)(__VA_ARGS__)
/* clang-format on */
#define SQL_LAST_(a, b, f, ...) f
#define SQL_ARG1(a) a
#define SQL_ARG2(a, b) b

/* clang-format off */
static const struct {
	const char *name;			/* "SETTING_GET" */
	const char *sql[DB_BACKEND_MAX];	/* text per backend, $N params */
} stmt_table[DB_STMT_MAX] = {
#define X(name, ...) [DB_##name] = { #name, {				\
	[DB_SQLITE] = SQL_FIRST(__VA_ARGS__),				\
	[DB_POSTGRES] = SQL_LAST(__VA_ARGS__) } },
	DB_STMTS(X)
#undef X
};
/* clang-format on */

const struct db_ops *const db_backend_ops[DB_BACKEND_MAX] = {
	[DB_SQLITE] = &db_sqlite_ops,
	[DB_POSTGRES] = &db_postgres_ops,
};

static const char *const backend_names[DB_BACKEND_MAX] = { DB_BACKEND_LIST(CODE_ENTRY) };

static atomic_uint_fast64_t error_count;

void
db_error_inc(void)
{
	atomic_fetch_add_explicit(&error_count, 1, memory_order_relaxed);
}

uint64_t
db_error_count(void)
{
	return (uint64_t)atomic_load_explicit(&error_count, memory_order_relaxed);
}

const char *
db_stmt_name(enum db_stmt id)
{
	if ((unsigned)id >= DB_STMT_MAX)
		return NULL;
	return stmt_table[id].name;
}

const char *
db_stmt_sql(enum db_stmt id, enum db_backend b)
{
	if ((unsigned)id >= DB_STMT_MAX || (unsigned)b >= DB_BACKEND_MAX)
		return NULL;
	return stmt_table[id].sql[b];
}

const char *
db_backend_name(enum db_backend b)
{
	if ((unsigned)b >= DB_BACKEND_MAX)
		return "unknown";
	return backend_names[b];
}

enum db_backend
db_backend(const struct db *db)
{
	return db->backend;
}

enum db_backend
db_conn_backend(const struct db_conn *c)
{
	return c->db->backend;
}

void
db_sql_to_sqlite(struct buf *out, const char *sql)
{
	const char *p = sql, *start = sql;
	char quote;

	while (*p != '\0') {
		if (*p == '\'' || *p == '"') {
			/* A doubled quote inside reads as two literals in a
			 * row, which skips it correctly. */
			quote = *p++;
			while (*p != '\0' && *p != quote)
				p++;
			if (*p != '\0')
				p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p != '\0' && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			p += 2;
			while (*p != '\0' && !(p[0] == '*' && p[1] == '/'))
				p++;
			if (*p != '\0')
				p += 2;
		} else if (p[0] == '$' && p[1] >= '0' && p[1] <= '9') {
			buf_append(out, start, (size_t)(p - start));
			buf_putc(out, '?');
			start = ++p;
		} else
			p++;
	}
	buf_append(out, start, (size_t)(p - start));
}

void
db_one_line(char *dst, size_t cap, const char *src)
{
	size_t n = 0;
	bool space = false;

	if (cap == 0)
		return;
	for (; src != NULL && *src != '\0' && n + 1 < cap; src++) {
		if (*src == '\n' || *src == '\r' || *src == '\t' || *src == ' ') {
			space = n > 0;
			continue;
		}
		if (space) {
			dst[n++] = ' ';
			space = false;
			if (n + 1 >= cap)
				break;
		}
		dst[n++] = *src;
	}
	dst[n] = '\0';
}

/* Thread exit: the pthread key's destructor closes that thread's connection. */
static void
conn_release(void *arg)
{
	struct db_conn *c = arg;
	struct db *db = c->db;

	pthread_mutex_lock(&db->lock);
	LIST_REMOVE(c, link);
	pthread_mutex_unlock(&db->lock);
	db->ops->close(c);
}

struct db *
db_open(const char *location, struct err *e)
{
	struct db *db;

	if (location == NULL || location[0] == '\0') {
		err_set(e, ERR_CONFIG,
		    "no database given; set --db or "
		    "P2HAM_DB to a file path or a postgresql:// URL");
		return NULL;
	}
	if ((db = calloc(1, sizeof(*db))) == NULL || (db->location = strdup(location)) == NULL) {
		free(db);
		err_set(e, ERR_DB, "out of memory");
		return NULL;
	}
	if (strncmp(location, "postgresql://", 13) == 0 ||
	    strncmp(location, "postgres://", 11) == 0)
		db->backend = DB_POSTGRES;
	else
		db->backend = DB_SQLITE;
	db->ops = db_backend_ops[db->backend];
	atomic_init(&db->version, -1);
	LIST_INIT(&db->conns);
	if (pthread_mutex_init(&db->lock, NULL) != 0) {
		free(db->location);
		free(db);
		err_set(e, ERR_DB, "cannot create a mutex");
		return NULL;
	}
	if (pthread_key_create(&db->key, conn_release) != 0) {
		pthread_mutex_destroy(&db->lock);
		free(db->location);
		free(db);
		err_set(e, ERR_DB, "out of thread-specific keys");
		return NULL;
	}
	if (db_conn(db, e) == NULL) {
		db_close(db);
		return NULL;
	}
	return db;
}

/*
 * Only once no other thread uses db: a thread ending meanwhile would run
 * conn_release on a connection closed here.
 */
void
db_close(struct db *db)
{
	struct db_conn *c;

	if (db == NULL)
		return;
	db_follow_stop(db);
	pthread_setspecific(db->key, NULL);
	pthread_key_delete(db->key);
	pthread_mutex_lock(&db->lock);
	while ((c = LIST_FIRST(&db->conns)) != NULL) {
		LIST_REMOVE(c, link);
		db->ops->close(c);
	}
	pthread_mutex_unlock(&db->lock);
	pthread_mutex_destroy(&db->lock);
	free(db->location);
	free(db);
}

struct db_conn *
db_conn(struct db *db, struct err *e)
{
	struct db_conn *c;

	if ((c = pthread_getspecific(db->key)) != NULL) {
		if (db->ops->ensure(c, e) == -1) {
			db_error_inc();
			return NULL;
		}
		return c;
	}
	if ((c = db->ops->open(db->location, e)) == NULL) {
		db_error_inc();
		return NULL;
	}
	c->db = db;
	c->in_tx = false;
	c->version_due = 0;
	pthread_mutex_lock(&db->lock);
	LIST_INSERT_HEAD(&db->conns, c, link);
	pthread_mutex_unlock(&db->lock);
	if (pthread_setspecific(db->key, c) != 0) {
		conn_release(c);
		err_set(e, ERR_DB,
		    "cannot store the thread's "
		    "connection");
		db_error_inc();
		return NULL;
	}
	return c;
}

/* Statement id exists, n parameters p can be bound, and the text ones hold
 * no NUL byte and are valid UTF-8; -1 with e. */
static int
call_valid(enum db_stmt id, const struct db_param *p, size_t n, struct err *e)
{
	size_t i;

	if ((unsigned)id >= DB_STMT_MAX || n > DB_PARAM_MAX || (n > 0 && p == NULL)) {
		err_set(e, ERR_DB, "statement %d: bad call (%zu parameters)", (int)id, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (p[i].type != DB_T_TEXT)
			continue;
		if ((p[i].s == NULL && p[i].len > 0) ||
		    (p[i].len > 0 && memchr(p[i].s, '\0', p[i].len) != NULL)) {
			err_set(e, ERR_DB,
			    "statement %s: parameter "
			    "$%zu holds a NUL byte",
			    stmt_table[id].name, i + 1);
			return -1;
		}
		/* Text is stored as valid UTF-8 only, so that everything
		 * read back can be shown. */
		if (p[i].len > 0 && !utf8_valid(p[i].s, p[i].len)) {
			err_set(e, ERR_DB,
			    "statement %s: parameter "
			    "$%zu is not valid UTF-8",
			    stmt_table[id].name, i + 1);
			return -1;
		}
	}
	return 0;
}

int
db_explain(struct db_conn *c, enum db_stmt id, const struct db_param *p, size_t n,
    json_t **lines, struct err *e)
{
	*lines = NULL;
	if (call_valid(id, p, n, e) < 0)
		return -1;
	return c->db->ops->explain(c, id, p, n, lines, e);
}

int
db_exec(struct db_conn *c, enum db_stmt id, const struct db_param *p, size_t n,
    json_t **rows, struct err *e)
{
	if (rows != NULL)
		*rows = NULL;
	if (call_valid(id, p, n, e) < 0 || c->db->ops->exec(c, id, p, n, rows, e) == -1) {
		db_error_inc();
		return -1;
	}
	return 0;
}

int
db_blob(struct db_conn *c, enum db_stmt id, const struct db_param *p, size_t n, void *buf,
    size_t cap, size_t *len, struct err *e)
{
	int rc;

	*len = 0;
	if (call_valid(id, p, n, e) < 0 ||
	    (rc = c->db->ops->blob(c, id, p, n, buf, cap, len, e)) < 0) {
		db_error_inc();
		return -1;
	}
	return rc;
}

int
db_blob_copy(enum db_stmt id, const void *bytes, size_t got, void *buf, size_t cap,
    size_t *len, struct err *e)
{
	if (got > cap) {
		err_set(e, ERR_DB, "statement %s: %zu bytes, more than %zu",
		    db_stmt_name(id), got, cap);
		return -1;
	}
	if (got > 0)
		memcpy(buf, bytes, got);
	*len = got;
	return 1;
}

int
db_exec_int(struct db_conn *c, enum db_stmt id, const struct db_param *p, size_t n,
    const char *key, int64_t *v, struct err *e)
{
	json_t *rows = NULL;

	if (db_exec(c, id, p, n, &rows, e) < 0)
		return -1;
	*v = json_integer_value(json_object_get(json_array_get(rows, 0), key));
	json_decref(rows);
	return 0;
}

json_t *
db_row(struct db_conn *c, enum db_stmt st, int64_t id, const char *what, struct err *e)
{
	json_t *rows = NULL, *row;

	if (db_exec(c, st, (struct db_param[]){ DBP_INT(id) }, 1, &rows, e) < 0)
		return NULL;
	row = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (row == NULL)
		err_set(e, ERR_NOT_FOUND, "no such %s", what);
	return row;
}

/* Run transaction step op on c; -1, counted, when it fails. A commit or
 * rollback ends the transaction before it runs, whatever its outcome, so
 * that a backend finding its connection broken resets it (pg_ensure). */
static int
tx_step(struct db_conn *c, enum db_tx op, struct err *e)
{
	int64_t due = c->version_due;

	c->in_tx = false;
	c->version_due = 0;
	if (c->db->ops->tx(c, op, e) == -1) {
		db_error_inc();
		return -1;
	}
	c->in_tx = op == DB_TX_BEGIN;
	if (op == DB_TX_COMMIT && due > 0)
		db_version_committed(c->db, due);
	return 0;
}

int
db_begin(struct db_conn *c, struct err *e)
{
	if (c->in_tx) {
		err_set(e, ERR_DB, "transaction already open");
		db_error_inc();
		return -1;
	}
	return tx_step(c, DB_TX_BEGIN, e);
}

int
db_commit(struct db_conn *c, struct err *e)
{
	if (!c->in_tx) {
		err_set(e, ERR_DB, "commit without a transaction");
		db_error_inc();
		return -1;
	}
	return tx_step(c, DB_TX_COMMIT, e);
}

int
db_rollback(struct db_conn *c)
{
	if (c == NULL || !c->in_tx)
		return 0;
	return tx_step(c, DB_TX_ROLLBACK, NULL);
}

bool
db_in_transaction(const struct db_conn *c)
{
	return c != NULL && c->in_tx;
}

int
db_check(struct db *db, struct err *e)
{
	struct db_conn *c;
	int have, want = db_schema_latest();

	if (db_schema_version(db, &have, e) == -1)
		return -1;
	if (have < want) {
		err_set(e, ERR_DB_NOT_MIGRATED,
		    "the database schema is at "
		    "version %d, this program needs %d; run `p2ham migrate`",
		    have, want);
		return -1;
	}
	if ((c = db_conn(db, e)) == NULL)
		return -1;
	if (db->ops->prepare_all(c, e) == -1) {
		db_error_inc();
		return -1;
	}
	return 0;
}

/* Run LOCK_TRY or LOCK_RELEASE for key; *held the answer. */
static int
lock_step(struct db_conn *c, enum db_stmt st, int64_t key, bool *held, struct err *e)
{
	json_t *rows = NULL, *v;

	if (db_exec(c, st, (struct db_param[]){ DBP_INT(key) }, 1, &rows, e) < 0)
		return -1;
	v = json_object_get(json_array_get(rows, 0), "held");
	*held = json_is_true(v);
	json_decref(rows);
	return 0;
}

int
db_lock_try(struct db_conn *c, int64_t key, bool *held, struct err *e)
{
	*held = true;
	if (c->db->backend != DB_POSTGRES)
		return 0;
	return lock_step(c, DB_LOCK_TRY, key, held, e);
}

int
db_lock_release(struct db_conn *c, int64_t key, struct err *e)
{
	bool released;

	if (c->db->backend != DB_POSTGRES)
		return 0;
	return lock_step(c, DB_LOCK_RELEASE, key, &released, e);
}
