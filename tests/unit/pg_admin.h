/*
 * pg_admin.h - for the unit tests that also run on PostgreSQL (the server
 * named by P2HAM_TEST_PG): a statement run outside the layer under test,
 * such as creating or dropping a test's own schema. Included by one test
 * source each, hence static.
 */
#ifndef P2HAM_TEST_PG_ADMIN_H
#define P2HAM_TEST_PG_ADMIN_H

#include <stdio.h>

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

#endif
