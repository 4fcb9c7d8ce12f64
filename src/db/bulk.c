/*
 * bulk.c - loading many rows at once (bulk.h): a prepared INSERT on
 * SQLite, COPY FROM STDIN on PostgreSQL.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "db/backend.h"
#include "db/bulk.h"

#define COPY_CHUNK (256 * 1024) /* bytes sent to PostgreSQL at once */

struct bulk_table {
	const char *name;
	const char *table;
	const char *columns;
	size_t count;
};

static const struct bulk_table tables[DB_BULK_MAX] = {
#define X(name, table, columns, count) { #name, table, columns, count },
	DB_BULKS(X)
#undef X
};

struct db_bulk {
	struct db_conn *c;
	enum db_bulk_target target;
	enum db_backend backend;
	sqlite3_stmt *st; /* SQLite: the INSERT */
	PGconn *pg;       /* PostgreSQL: the connection in COPY */
	struct buf out;   /* PostgreSQL: rows not sent yet */
	size_t rows;
};

static struct db_bulk *
bulk_sqlite(struct db_bulk *b, struct err *e)
{
	const struct bulk_table *t = &tables[b->target];
	sqlite3 *h = b->c->db->ops->handle(b->c);
	struct buf sql;
	size_t i;
	int rc;

	buf_init(&sql, 0);
	buf_printf(&sql, "INSERT INTO %s (%s) VALUES (", t->table, t->columns);
	for (i = 0; i < t->count; i++)
		buf_printf(&sql, "%s?%zu", i > 0 ? ", " : "", i + 1);
	buf_puts(&sql, ")");
	if (sql.failed ||
	    (rc = sqlite3_prepare_v3(h, buf_cstr(&sql), -1, SQLITE_PREPARE_PERSISTENT,
		 &b->st, NULL)) != SQLITE_OK) {
		err_set(e, ERR_DB, "bulk %s: %s", t->name, sqlite3_errmsg(h));
		buf_free(&sql);
		free(b);
		return NULL;
	}
	buf_free(&sql);
	return b;
}

static struct db_bulk *
bulk_pg(struct db_bulk *b, struct err *e)
{
	const struct bulk_table *t = &tables[b->target];
	PGresult *res;
	char sql[1024];

	b->pg = b->c->db->ops->handle(b->c);
	snprintf(sql, sizeof(sql), "COPY %s (%s) FROM STDIN", t->table, t->columns);
	res = PQexec(b->pg, sql);
	if (res == NULL || PQresultStatus(res) != PGRES_COPY_IN) {
		err_set(e, ERR_DB, "bulk %s: %s", t->name, PQerrorMessage(b->pg));
		PQclear(res);
		free(b);
		return NULL;
	}
	PQclear(res);
	buf_init(&b->out, 0);
	return b;
}

struct db_bulk *
db_bulk_open(struct db_conn *c, enum db_bulk_target target, struct err *e)
{
	struct db_bulk *b;

	if ((unsigned)target >= DB_BULK_MAX || (b = calloc(1, sizeof(*b))) == NULL) {
		err_set(e, ERR_INTERNAL, "bulk: out of memory");
		return NULL;
	}
	b->c = c;
	b->target = target;
	b->backend = c->db->backend;
	return b->backend == DB_SQLITE ? bulk_sqlite(b, e) : bulk_pg(b, e);
}

static int
row_sqlite(struct db_bulk *b, const struct db_param *p, size_t n, struct err *e)
{
	size_t i;
	int rc = SQLITE_OK;

	for (i = 0; i < n && rc == SQLITE_OK; i++)
		switch (p[i].type) {
		case DB_T_INT:
		case DB_T_BOOL:
			rc = sqlite3_bind_int64(b->st, (int)i + 1, p[i].i);
			break;
		case DB_T_REAL:
			rc = sqlite3_bind_double(b->st, (int)i + 1, p[i].d);
			break;
		case DB_T_TEXT:
			rc = sqlite3_bind_text(b->st, (int)i + 1, p[i].s, (int)p[i].len,
			    SQLITE_STATIC);
			break;
		default:
			rc = sqlite3_bind_null(b->st, (int)i + 1);
			break;
		}
	if (rc == SQLITE_OK)
		rc = sqlite3_step(b->st);
	sqlite3_reset(b->st);
	if (rc != SQLITE_DONE) {
		err_set(e, rc == SQLITE_CONSTRAINT ? ERR_CONFLICT : ERR_DB,
		    "bulk %s row %zu: %s", tables[b->target].name, b->rows + 1,
		    sqlite3_errmsg(b->c->db->ops->handle(b->c)));
		return -1;
	}
	return 0;
}

/* Text s in COPY's text format: backslash, tab, newline and return escaped. */
static void
copy_text(struct buf *out, const char *s, size_t len)
{
	static const char *const rep[256] = {
		['\\'] = "\\\\",
		['\t'] = "\\t",
		['\n'] = "\\n",
		['\r'] = "\\r",
	};

	buf_escape(out, s, len, rep);
}

static int
send_pg(struct db_bulk *b, struct err *e)
{
	if (b->out.len > 0 && PQputCopyData(b->pg, b->out.data, (int)b->out.len) != 1) {
		err_set(e, ERR_DB, "bulk %s: %s", tables[b->target].name,
		    PQerrorMessage(b->pg));
		return -1;
	}
	buf_reset(&b->out);
	return 0;
}

static int
row_pg(struct db_bulk *b, const struct db_param *p, size_t n, struct err *e)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&b->out, '\t');
		switch (p[i].type) {
		case DB_T_INT:
			buf_printf(&b->out, "%" PRId64, p[i].i);
			break;
		case DB_T_BOOL:
			buf_puts(&b->out, p[i].i ? "t" : "f");
			break;
		case DB_T_REAL:
			buf_printf(&b->out, "%.17g", p[i].d);
			break;
		case DB_T_TEXT:
			copy_text(&b->out, p[i].s, p[i].len);
			break;
		default:
			buf_puts(&b->out, "\\N");
			break;
		}
	}
	buf_putc(&b->out, '\n');
	if (b->out.failed) {
		err_set(e, ERR_INTERNAL, "bulk %s: out of memory", tables[b->target].name);
		return -1;
	}
	return b->out.len >= COPY_CHUNK ? send_pg(b, e) : 0;
}

int
db_bulk_row(struct db_bulk *b, const struct db_param *p, size_t n, struct err *e)
{
	int rc;

	if (n != tables[b->target].count) {
		err_set(e, ERR_INTERNAL, "bulk %s: %zu values for %zu columns",
		    tables[b->target].name, n, tables[b->target].count);
		return -1;
	}
	rc = b->backend == DB_SQLITE ? row_sqlite(b, p, n, e) : row_pg(b, p, n, e);
	if (rc == 0)
		b->rows++;
	return rc;
}

static int
close_pg(struct db_bulk *b, bool ok, struct err *e)
{
	PGresult *res;
	int rc = 0;

	if (ok && send_pg(b, e) < 0)
		ok = false, rc = -1;
	if (PQputCopyEnd(b->pg, ok ? NULL : "load abandoned") != 1) {
		if (rc == 0)
			err_set(e, ERR_DB, "bulk %s: %s", tables[b->target].name,
			    PQerrorMessage(b->pg));
		rc = -1;
	}
	while ((res = PQgetResult(b->pg)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == 0) {
			err_set(e, ERR_DB, "bulk %s: %s", tables[b->target].name,
			    PQresultErrorMessage(res));
			rc = -1;
		}
		PQclear(res);
	}
	buf_free(&b->out);
	return ok ? rc : -1;
}

int
db_bulk_close(struct db_bulk *b, size_t *rows, struct err *e)
{
	int rc;

	if (b == NULL)
		return 0;
	if (rows != NULL)
		*rows = b->rows;
	if (b->backend == DB_SQLITE) {
		rc = sqlite3_finalize(b->st) == SQLITE_OK ? 0 : -1;
		if (rc < 0)
			err_set(e, ERR_DB, "bulk %s: finalize", tables[b->target].name);
	} else
		rc = close_pg(b, true, e);
	free(b);
	return rc;
}

int
db_bulk_fast(struct db_conn *c, bool on, struct err *e)
{
	/* Each backend's settings for the load, then those it may be
	 * refused (they are only faster): out of SQLite's write-ahead log
	 * into a rollback journal in memory, which writes the pages once
	 * instead of twice; a PostgreSQL superuser's load skips the per-row
	 * foreign-key triggers (the loader writes parents before children,
	 * and SQLite checks the same rows with its foreign keys on). */
	static const char *const sql[DB_BACKEND_MAX][2][2] = {
		[DB_SQLITE] = { { "PRAGMA synchronous = FULL; PRAGMA cache_size = -2000",
				    "PRAGMA journal_mode = WAL" },
		    { "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144",
			"PRAGMA journal_mode = MEMORY" } },
		[DB_POSTGRES] = { { "SET synchronous_commit = on",
				      "SET session_replication_role = origin" },
		    { "SET synchronous_commit = off", "SET session_replication_role = replica" } },
	};
	const char *const *run = sql[c->db->backend][on];
	struct err refused;

	if (c->db->ops->script(c, run[0], e) < 0)
		return -1;
	c->db->ops->script(c, run[1], &refused);
	return 0;
}
