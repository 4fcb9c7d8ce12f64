/*
 * pg_admin.h - for the unit tests that also run on PostgreSQL (the server
 * named by P2HAM_TEST_PG): a statement run outside the layer under test,
 * such as creating or dropping a test's own schema, and removing a SQLite
 * test database's directory. Included by one test source each, hence
 * static (inline: not every one uses every helper).
 */
#ifndef P2HAM_TEST_PG_ADMIN_H
#define P2HAM_TEST_PG_ADMIN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

/* Run sql on the server at url on a connection of its own; -1 on failure,
 * with the server's message on stderr. */
static int
pg_admin(const char *url, const char *sql)
{
	PGconn *h = PQconnectdb(url);
	PGresult *res;
	int rc = -1;

	if (PQstatus(h) == CONNECTION_OK) {
		PQclear(PQexec(h, "SET client_min_messages = warning"));
		res = PQexec(h, sql);
		if (PQresultStatus(res) == PGRES_COMMAND_OK)
			rc = 0;
		else
			fprintf(stderr, "pg_admin: %s", PQerrorMessage(h));
		PQclear(res);
	} else
		fprintf(stderr, "pg_admin: %s", PQerrorMessage(h));
	PQfinish(h);
	return rc;
}

/* Create schema on the server at url and write into location (cap bytes)
 * the address whose connections use it, named after it (application_name
 * lets a case find its own server processes); options are further
 * URL-encoded connection options ("" for none). -1 when it cannot be
 * created. */
static inline int
pg_schema_create(const char *url, const char *schema, const char *options, char *location,
    size_t cap)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", schema);
	if (pg_admin(url, sql) == -1)
		return -1;
	snprintf(location, cap, "%s%soptions=-csearch_path%%3D%s%s&application_name=%s",
	    url, strchr(url, '?') != NULL ? "&" : "?", schema, options, schema);
	return 0;
}

/* Drop schema (when there is one) with all it holds, at P2HAM_TEST_PG. */
static inline void
pg_schema_drop(const char *schema)
{
	char sql[128];

	if (schema[0] == '\0')
		return;
	snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", schema);
	pg_admin(getenv("P2HAM_TEST_PG"), sql);
}

/* Remove the directory dir (when there is one) and the SQLite database
 * test.db in it with its side files. */
static inline void
sqlite_dir_remove(const char *dir)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	char path[128];
	size_t i;

	if (dir[0] == '\0')
		return;
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(path, sizeof(path), "%s/test.db%s", dir, ext[i]);
		unlink(path);
	}
	rmdir(dir);
}

#endif
