/*
 * db.c - the backend-independent half of the storage layer: choosing the
 * backend from the location, one connection per thread (a pthread key whose
 * destructor closes it when the thread ends, plus a registry so db_close
 * closes the rest), the statement table, the error counter and the
 * migration runner. The backends (sqlite.c, postgres.c) do the talking.
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

struct db {
	enum db_backend backend;	/* chosen from the location's form */
	const struct db_ops *ops;	/* that backend's functions */
	char *location;			/* path or URL as given; may hold a
					   password, so never printed */
	pthread_key_t key;		/* the calling thread's struct db_conn */
	pthread_mutex_t lock;		/* guards conns */
	struct db_conn *conns;		/* every open connection */
};

/*
 * The statement table. An entry of stmts.h has one SQL text (both
 * backends) or two (SQLite, then PostgreSQL): the first argument is the
 * SQLite text, the last the PostgreSQL one. The trailing "~" arguments keep
 * the variadic part non-empty, as C17 requires.
 */
#define SQL_FIRST(...)		SQL_FIRST_(__VA_ARGS__, ~)
#define SQL_FIRST_(a, ...)	a
#define SQL_LAST(...)		\
	SQL_LAST_(__VA_ARGS__, SQL_ARG2, SQL_ARG1, ~)(__VA_ARGS__)
#define SQL_LAST_(a, b, f, ...)	f
#define SQL_ARG1(a)		a
#define SQL_ARG2(a, b)		b

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

static const struct db_ops *const backend_ops[DB_BACKEND_MAX] = {
	[DB_SQLITE] = &db_sqlite_ops,
	[DB_POSTGRES] = &db_postgres_ops,
};

static const char *const backend_names[DB_BACKEND_MAX] = {
	[DB_SQLITE] = "sqlite",
	[DB_POSTGRES] = "postgresql",
};

/* Created by the runner itself, so that migrations need not. */
static const char schema_migrations_sql[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL)";

static atomic_uint_fast64_t error_count;

static void
error_inc(void)
{
	atomic_fetch_add_explicit(&error_count, 1, memory_order_relaxed);
}

uint64_t
db_error_count(void)
{
	return (uint64_t)atomic_load_explicit(&error_count,
	    memory_order_relaxed);
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

/* True when line (len bytes, trimmed) is "-- @" followed by word. */
static bool
is_directive(const char *line, size_t len, const char *word)
{
	size_t wl = strlen(word);

	return len == 4 + wl && memcmp(line, "-- @", 4) == 0 &&
	    memcmp(line + 4, word, wl) == 0;
}

/* Append line with @ID@ and @BLOB@ replaced by ops's types. */
static void
append_substituted(struct buf *out, const struct db_ops *ops,
    const char *line, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		if (line[i] != '@')
			continue;
		if (len - i >= 4 && memcmp(line + i, "@ID@", 4) == 0) {
			buf_append(out, line + start, i - start);
			buf_puts(out, ops->id_type);
			start = i + 4;
			i += 3;
		} else if (len - i >= 6 && memcmp(line + i, "@BLOB@", 6) == 0) {
			buf_append(out, line + start, i - start);
			buf_puts(out, ops->blob_type);
			start = i + 6;
			i += 5;
		}
	}
	buf_append(out, line + start, len - start);
}

int
db_migration_sql(struct buf *out, enum db_backend b, const char *src,
    size_t len, struct err *e)
{
	const struct db_ops *ops = backend_ops[b];
	const char *line, *end = src + len, *nl, *t;
	size_t tlen;
	int lineno = 0;
	bool keep = true;

	for (line = src; line < end; line = nl + 1) {
		lineno++;
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		/* The line trimmed of blanks, for recognising directives. */
		for (t = line; t < nl && (*t == ' ' || *t == '\t'); t++)
			;
		tlen = (size_t)(nl - t);
		while (tlen > 0 && (t[tlen - 1] == ' ' || t[tlen - 1] == '\t' ||
		    t[tlen - 1] == '\r'))
			tlen--;
		if (tlen > 4 && memcmp(t, "-- @", 4) == 0) {
			if (is_directive(t, tlen, "all"))
				keep = true;
			else if (is_directive(t, tlen, "sqlite"))
				keep = b == DB_SQLITE;
			else if (is_directive(t, tlen, "postgresql"))
				keep = b == DB_POSTGRES;
			else {
				err_set(e, 500, "db_migration", "line %d: unknown "
				    "directive \"%.*s\" (known: -- @sqlite, "
				    "-- @postgresql, -- @all)", lineno,
				    (int)(tlen > 60 ? 60 : tlen), t);
				return -1;
			}
			buf_putc(out, '\n');	/* keep line numbers */
		} else if (keep) {
			append_substituted(out, ops, line, (size_t)(nl - line));
			buf_putc(out, '\n');
		} else
			buf_putc(out, '\n');
		if (nl == end)
			break;
	}
	if (out->failed) {
		err_set(e, 500, "db_migration", "out of memory");
		return -1;
	}
	return 0;
}

void
db_one_line(char *dst, size_t cap, const char *src)
{
	size_t n = 0;
	bool space = false;

	if (cap == 0)
		return;
	for (; src != NULL && *src != '\0' && n + 1 < cap; src++) {
		if (*src == '\n' || *src == '\r' || *src == '\t' ||
		    *src == ' ') {
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
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		db->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&db->lock);
	db->ops->close(c);
}

struct db *
db_open(const char *location, struct err *e)
{
	struct db *db;

	if (location == NULL || location[0] == '\0') {
		err_set(e, 500, "db_config", "no database given; set --db or "
		    "P2HAM_DB to a file path or a postgresql:// URL");
		return NULL;
	}
	if ((db = calloc(1, sizeof(*db))) == NULL ||
	    (db->location = strdup(location)) == NULL) {
		free(db);
		err_set(e, 500, "db_error", "out of memory");
		return NULL;
	}
	if (strncmp(location, "postgresql://", 13) == 0 ||
	    strncmp(location, "postgres://", 11) == 0)
		db->backend = DB_POSTGRES;
	else
		db->backend = DB_SQLITE;
	db->ops = backend_ops[db->backend];
	if (pthread_mutex_init(&db->lock, NULL) != 0) {
		free(db->location);
		free(db);
		err_set(e, 500, "db_error", "cannot create a mutex");
		return NULL;
	}
	if (pthread_key_create(&db->key, conn_release) != 0) {
		pthread_mutex_destroy(&db->lock);
		free(db->location);
		free(db);
		err_set(e, 500, "db_error", "out of thread-specific keys");
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
	pthread_setspecific(db->key, NULL);
	pthread_key_delete(db->key);
	pthread_mutex_lock(&db->lock);
	while ((c = db->conns) != NULL) {
		db->conns = c->next;
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
			error_inc();
			return NULL;
		}
		return c;
	}
	if ((c = db->ops->open(db->location, e)) == NULL) {
		error_inc();
		return NULL;
	}
	c->db = db;
	c->in_tx = false;
	c->prev = NULL;
	pthread_mutex_lock(&db->lock);
	if ((c->next = db->conns) != NULL)
		c->next->prev = c;
	db->conns = c;
	pthread_mutex_unlock(&db->lock);
	if (pthread_setspecific(db->key, c) != 0) {
		conn_release(c);
		err_set(e, 500, "db_error", "cannot store the thread's "
		    "connection");
		error_inc();
		return NULL;
	}
	return c;
}

int
db_exec(struct db_conn *c, enum db_stmt id, const struct db_param *p,
    size_t n, json_t **rows, struct err *e)
{
	size_t i;

	if (rows != NULL)
		*rows = NULL;
	if ((unsigned)id >= DB_STMT_MAX || n > DB_PARAM_MAX ||
	    (n > 0 && p == NULL)) {
		err_set(e, 500, "db_error", "statement %d: bad call (%zu "
		    "parameters)", (int)id, n);
		goto fail;
	}
	for (i = 0; i < n; i++) {
		if (p[i].type != DB_T_TEXT)
			continue;
		if ((p[i].s == NULL && p[i].len > 0) ||
		    (p[i].len > 0 && memchr(p[i].s, '\0', p[i].len) != NULL)) {
			err_set(e, 500, "db_error", "statement %s: parameter "
			    "$%zu holds a NUL byte", stmt_table[id].name, i + 1);
			goto fail;
		}
	}
	if (c->db->ops->exec(c, id, p, n, rows, e) == -1)
		goto fail;
	return 0;
fail:
	error_inc();
	return -1;
}

int
db_begin(struct db_conn *c, struct err *e)
{
	if (c->in_tx) {
		err_set(e, 500, "db_error", "transaction already open");
		error_inc();
		return -1;
	}
	if (c->db->ops->tx(c, DB_TX_BEGIN, e) == -1) {
		error_inc();
		return -1;
	}
	c->in_tx = true;
	return 0;
}

int
db_commit(struct db_conn *c, struct err *e)
{
	if (!c->in_tx) {
		err_set(e, 500, "db_error", "commit without a transaction");
		error_inc();
		return -1;
	}
	c->in_tx = false;
	if (c->db->ops->tx(c, DB_TX_COMMIT, e) == -1) {
		error_inc();
		return -1;
	}
	return 0;
}

int
db_rollback(struct db_conn *c)
{
	if (c == NULL || !c->in_tx)
		return 0;
	c->in_tx = false;
	if (c->db->ops->tx(c, DB_TX_ROLLBACK, NULL) == -1) {
		error_inc();
		return -1;
	}
	return 0;
}

/* Migrations. */

struct migration {
	const struct embed_file *file;	/* its compiled-in text */
	int version;			/* NNNN of the file name */
	char name[64];			/* the rest, without ".sql" */
};

/*
 * The compiled-in migrations in version order; *count receives how many.
 * The caller frees the array. -1 on a badly named file or a repeated
 * version: that is our bug, but it must not become a half-migrated database.
 */
static int
migrations_list(struct migration **out, size_t *count, struct err *e)
{
	static const char dir[] = "migrations/";
	struct migration *m = NULL;
	const char *name, *us, *dot;
	size_t i, n = 0;
	int64_t v;

	*out = NULL;
	*count = 0;
	for (i = 0; i < embed_count; i++)
		if (strncmp(embed_files[i].name, dir, sizeof(dir) - 1) == 0)
			n++;
	if (n > 0 && (m = calloc(n, sizeof(*m))) == NULL) {
		err_set(e, 500, "db_error", "out of memory");
		return -1;
	}
	n = 0;
	for (i = 0; i < embed_count; i++) {
		name = embed_files[i].name;
		if (strncmp(name, dir, sizeof(dir) - 1) != 0)
			continue;
		name += sizeof(dir) - 1;
		dot = strrchr(name, '.');
		if (dot == NULL || strcmp(dot, ".sql") != 0)
			continue;	/* README.md and the like */
		us = strchr(name, '_');
		if (us == NULL || us > dot || us == name || us + 1 == dot ||
		    (size_t)(dot - us - 1) >= sizeof(m[n].name) ||
		    str_to_i64(name, (size_t)(us - name), 1, 999999, &v) == -1) {
			err_set(e, 500, "db_migration", "migration file %s is "
			    "not named NNNN_name.sql", embed_files[i].name);
			goto fail;
		}
		if (n > 0 && v <= m[n - 1].version) {
			err_set(e, 500, "db_migration", "migration version %d "
			    "used twice or out of order (%s)", (int)v,
			    embed_files[i].name);
			goto fail;
		}
		m[n].file = &embed_files[i];
		m[n].version = (int)v;
		snprintf(m[n].name, sizeof(m[n].name), "%.*s",
		    (int)(dot - us - 1), us + 1);
		n++;
	}
	*out = m;
	*count = n;
	return 0;
fail:
	free(m);
	return -1;
}

int
db_schema_latest(void)
{
	struct migration *m;
	size_t n;
	int v = 0;

	if (migrations_list(&m, &n, NULL) == 0 && n > 0)
		v = m[n - 1].version;
	free(m);
	return v;
}

/* The current time as "2026-11-29T18:00:00Z" (21 bytes with the NUL). */
static void
now_iso8601(char out[21])
{
	struct tm tm;
	time_t t = time(NULL);

	gmtime_r(&t, &tm);
	if (strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		out[0] = '\0';
}

/* Integer field key of row 0 of rows into *out; -1 when absent. */
static int
row0_int(json_t *rows, const char *key, int64_t *out)
{
	json_t *v = json_object_get(json_array_get(rows, 0), key);

	if (!json_is_integer(v))
		return -1;
	*out = json_integer_value(v);
	return 0;
}

/* Open a migration transaction, holding the lock other migrators wait on. */
static int
migrate_begin(struct db_conn *c, struct err *e)
{
	if (db_begin(c, e) == -1)
		return -1;
	if (c->db->ops->migrate_lock != NULL &&
	    c->db->ops->script(c, c->db->ops->migrate_lock, e) == -1) {
		error_inc();
		db_rollback(c);
		return -1;
	}
	return 0;
}

/* Apply migration m unless another process did meanwhile; *ran says which. */
static int
migrate_one(struct db_conn *c, const struct migration *m, bool *ran,
    struct err *e)
{
	struct buf sql;
	json_t *rows = NULL;
	char now[21];
	struct db_param p[3];

	*ran = false;
	buf_init(&sql, 0);
	if (migrate_begin(c, e) == -1)
		goto fail;
	p[0] = DBP_INT(m->version);
	if (db_exec(c, DB_MIGRATION_HAS, p, 1, &rows, e) == -1)
		goto fail;
	if (json_array_size(rows) > 0) {
		json_decref(rows);
		buf_free(&sql);
		return db_commit(c, e);
	}
	json_decref(rows);
	if (db_migration_sql(&sql, c->db->backend, (const char *)m->file->data,
	    m->file->len, e) == -1)
		goto fail;
	if (c->db->ops->script(c, buf_cstr(&sql), e) == -1) {
		error_inc();
		goto fail;
	}
	now_iso8601(now);
	p[1] = DBP_TEXT(m->name);
	p[2] = DBP_TEXT(now);
	if (db_exec(c, DB_MIGRATION_RECORD, p, 3, NULL, e) == -1 ||
	    db_commit(c, e) == -1)
		goto fail;
	buf_free(&sql);
	*ran = true;
	return 0;
fail:
	db_rollback(c);
	buf_free(&sql);
	return -1;
}

/* Prefix e's reason with the migration file's name, keeping its code. */
static void
err_prefix_file(struct err *e, const char *file)
{
	struct err was;

	if (e == NULL)
		return;
	was = *e;
	err_set(e, was.status, was.code, "migration %s failed: %s", file,
	    was.msg);
}

int
db_migrate(struct db *db, int *applied, struct err *e)
{
	struct migration *m = NULL;
	struct db_conn *c;
	json_t *rows = NULL, *row;
	size_t n, i, k;
	int64_t v, newest = 0;
	bool done, ran;
	int count = 0;

	if (applied != NULL)
		*applied = 0;
	if ((c = db_conn(db, e)) == NULL)
		return -1;
	if (c->in_tx) {
		err_set(e, 500, "db_error", "db_migrate inside a transaction");
		return -1;
	}
	if (migrations_list(&m, &n, e) == -1)
		goto fail;

	/* Create the ledger under the same lock as migrations, so that two
	 * processes on a fresh PostgreSQL database do not race on it. */
	if (migrate_begin(c, e) == -1)
		goto fail;
	if (db->ops->script(c, schema_migrations_sql, e) == -1) {
		error_inc();
		db_rollback(c);
		goto fail;
	}
	if (db_commit(c, e) == -1 ||
	    db_exec(c, DB_MIGRATION_LIST, NULL, 0, &rows, e) == -1)
		goto fail;
	json_array_foreach(rows, k, row) {
		v = json_integer_value(json_object_get(row, "version"));
		if (v > newest)
			newest = v;
	}
	if (n > 0 && newest > m[n - 1].version) {
		err_set(e, 500, "db_schema_newer", "the database is at schema "
		    "version %lld, newer than this program's %d; run a newer "
		    "p2ham", (long long)newest, m[n - 1].version);
		goto fail;
	}

	for (i = 0; i < n; i++) {
		done = false;
		json_array_foreach(rows, k, row)
			if (json_integer_value(json_object_get(row,
			    "version")) == m[i].version)
				done = true;
		if (done)
			continue;
		if (migrate_one(c, &m[i], &ran, e) == -1) {
			err_prefix_file(e, m[i].file->name);
			goto fail;
		}
		if (ran) {
			count++;
			log_info("event=db_migration version=%d name=%s "
			    "backend=%s", m[i].version, m[i].name,
			    db->ops->name);
		}
	}
	json_decref(rows);
	free(m);
	if (applied != NULL)
		*applied = count;
	return 0;
fail:
	json_decref(rows);
	free(m);
	if (applied != NULL)
		*applied = count;
	return -1;
}

int
db_schema_version(struct db *db, int *version, struct err *e)
{
	struct db_conn *c;
	json_t *rows = NULL;
	int64_t v = 0;

	*version = 0;
	if ((c = db_conn(db, e)) == NULL ||
	    db_exec(c, DB_MIGRATION_TABLE, NULL, 0, &rows, e) == -1)
		goto fail;
	if (row0_int(rows, "n", &v) == -1)
		goto bad;
	json_decref(rows);
	rows = NULL;
	if (v == 0)
		return 0;
	if (db_exec(c, DB_SCHEMA_VERSION, NULL, 0, &rows, e) == -1)
		goto fail;
	if (row0_int(rows, "version", &v) == -1)
		goto bad;
	json_decref(rows);
	*version = (int)v;
	return 0;
bad:
	err_set(e, 500, "db_error", "unexpected result reading the schema "
	    "version");
	error_inc();
fail:
	json_decref(rows);
	return -1;
}

int
db_check(struct db *db, struct err *e)
{
	struct db_conn *c;
	int have, want = db_schema_latest();

	if (db_schema_version(db, &have, e) == -1)
		return -1;
	if (have < want) {
		err_set(e, 503, "db_not_migrated", "the database schema is at "
		    "version %d, this program needs %d; run `p2ham migrate`",
		    have, want);
		return -1;
	}
	if ((c = db_conn(db, e)) == NULL)
		return -1;
	if (db->ops->prepare_all(c, e) == -1) {
		error_inc();
		return -1;
	}
	return 0;
}
