/*
 * migrate.c - the migration runner: the compiled-in migrations/NNNN_name.sql
 * files in version order, each applied in one transaction together with its
 * row in schema_migrations, under a lock so that several machines may run
 * it at once; and the dialect pass that turns a portable file into one
 * backend's SQL.
 */
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

/* Created by the runner itself, so that migrations need not. */
static const char schema_migrations_sql[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL)";

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
append_substituted(struct buf *out, const struct db_ops *ops, const char *line, size_t len)
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
db_migration_sql(struct buf *out, enum db_backend b, const char *src, size_t len, struct err *e)
{
	const struct db_ops *ops = db_backend_ops[b];
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
		while (tlen > 0 &&
		    (t[tlen - 1] == ' ' || t[tlen - 1] == '\t' || t[tlen - 1] == '\r'))
			tlen--;
		if (tlen > 4 && memcmp(t, "-- @", 4) == 0) {
			if (is_directive(t, tlen, "all"))
				keep = true;
			else if (is_directive(t, tlen, "sqlite"))
				keep = b == DB_SQLITE;
			else if (is_directive(t, tlen, "postgresql"))
				keep = b == DB_POSTGRES;
			else {
				err_set(e, ERR_DB_MIGRATION,
				    "line %d: unknown "
				    "directive \"%.*s\" (known: -- @sqlite, "
				    "-- @postgresql, -- @all)",
				    lineno, (int)(tlen > 60 ? 60 : tlen), t);
				return -1;
			}
			buf_putc(out, '\n'); /* keep line numbers */
		} else if (keep) {
			append_substituted(out, ops, line, (size_t)(nl - line));
			buf_putc(out, '\n');
		} else
			buf_putc(out, '\n');
		if (nl == end)
			break;
	}
	if (out->failed) {
		err_set(e, ERR_DB_MIGRATION, "out of memory");
		return -1;
	}
	return 0;
}

/* Migrations. */

struct migration {
	const struct embed_file *file; /* its compiled-in text */
	int version;                   /* NNNN of the file name */
	char name[64];                 /* the rest, without ".sql" */
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
		err_set(e, ERR_DB, "out of memory");
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
			continue; /* README.md and the like */
		us = strchr(name, '_');
		if (us == NULL || us > dot || us == name || us + 1 == dot ||
		    (size_t)(dot - us - 1) >= sizeof(m[n].name) ||
		    str_to_i64(name, (size_t)(us - name), 1, 999999, &v) == -1) {
			err_set(e, ERR_DB_MIGRATION,
			    "migration file %s is "
			    "not named NNNN_name.sql",
			    embed_files[i].name);
			goto fail;
		}
		if (n > 0 && v <= m[n - 1].version) {
			err_set(e, ERR_DB_MIGRATION,
			    "migration version %d "
			    "used twice or out of order (%s)",
			    (int)v, embed_files[i].name);
			goto fail;
		}
		m[n].file = &embed_files[i];
		m[n].version = (int)v;
		snprintf(m[n].name, sizeof(m[n].name), "%.*s", (int)(dot - us - 1), us + 1);
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
		db_error_inc();
		db_rollback(c);
		return -1;
	}
	return 0;
}

/* Apply migration m unless another process did meanwhile; *ran says which. */
static int
migrate_one(struct db_conn *c, const struct migration *m, bool *ran, struct err *e)
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
		db_error_inc();
		goto fail;
	}
	now_iso8601(now);
	p[1] = DBP_TEXT(m->name);
	p[2] = DBP_TEXT(now);
	if (db_exec(c, DB_MIGRATION_RECORD, p, 3, NULL, e) == -1 || db_commit(c, e) == -1)
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
	err_set(e, was.kind, "migration %s failed: %s", file, was.msg);
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
	int count = 0, rc = -1;

	if (applied != NULL)
		*applied = 0;
	if ((c = db_conn(db, e)) == NULL)
		return -1;
	if (c->in_tx) {
		err_set(e, ERR_DB, "db_migrate inside a transaction");
		return -1;
	}
	if (migrations_list(&m, &n, e) == -1)
		goto out;

	/* Create the ledger under the same lock as migrations, so that two
	 * processes on a fresh PostgreSQL database do not race on it. */
	if (migrate_begin(c, e) == -1)
		goto out;
	if (db->ops->script(c, schema_migrations_sql, e) == -1) {
		db_error_inc();
		db_rollback(c);
		goto out;
	}
	if (db_commit(c, e) == -1 || db_exec(c, DB_MIGRATION_LIST, NULL, 0, &rows, e) == -1)
		goto out;
	json_array_foreach(rows, k, row) {
		v = json_integer_value(json_object_get(row, "version"));
		if (v > newest)
			newest = v;
	}
	if (n > 0 && newest > m[n - 1].version) {
		err_set(e, ERR_DB_SCHEMA_NEWER,
		    "the database is at schema "
		    "version %lld, newer than this program's %d; run a newer "
		    "p2ham",
		    (long long)newest, m[n - 1].version);
		goto out;
	}

	for (i = 0; i < n; i++) {
		done = false;
		json_array_foreach(rows, k, row)
			if (json_integer_value(json_object_get(row, "version")) == m[i].version)
				done = true;
		if (done)
			continue;
		if (migrate_one(c, &m[i], &ran, e) == -1) {
			err_prefix_file(e, m[i].file->name);
			goto out;
		}
		if (ran) {
			count++;
			log_info("event=db_migration version=%d name=%s "
				 "backend=%s",
			    m[i].version, m[i].name, db->ops->name);
		}
	}
	rc = 0;
out:
	json_decref(rows);
	free(m);
	if (applied != NULL)
		*applied = count;
	return rc;
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
	err_set(e, ERR_DB,
	    "unexpected result reading the schema "
	    "version");
	db_error_inc();
fail:
	json_decref(rows);
	return -1;
}
