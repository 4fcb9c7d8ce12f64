/*
 * stmts.h - the closed set of named SQL statements, the only SQL the program
 * runs apart from migrations and transaction control. Every connection
 * prepares all of them when it opens (db_check proves they all prepare).
 *
 * Each entry is one of
 *
 *	X(NAME, "portable SQL")
 *	X(NAME, "SQL for SQLite", "SQL for PostgreSQL")
 *
 * Parameters are written $1, $2, ... in PostgreSQL style; on SQLite they are
 * rewritten to ?1, ?2, ... when prepared (outside string literals, quoted
 * identifiers and comments), so one text serves both backends in the common
 * case. Write portable SQL: ON CONFLICT ... DO UPDATE, COALESCE, CAST, and
 * RETURNING work on both; times are TEXT in ISO-8601 UTC passed as
 * parameters, never now() or datetime('now'). Give every result column a
 * plain name (AS ...): it becomes the JSON key of db_exec's rows.
 *
 * Add entries anywhere; the enum db_stmt, the names and the prepared handles
 * are all derived from this table.
 */
#ifndef P2HAM_DB_STMTS_H
#define P2HAM_DB_STMTS_H

#define DB_STMTS(X)							\
	/* Liveness probe for /health: one row {"one": 1}. */		\
	X(PING, "SELECT 1 AS one")					\
	/* Typed round trip of parameters, for tests and self-checks:	\
	 * $1 integer, $2 real, $3 text, $4 text or NULL, $5 boolean;	\
	 * s and m add the SMALLINT and NUMERIC mappings. */		\
	X(PROBE_TYPES,							\
	    "SELECT CAST($1 AS BIGINT) AS i,"				\
	    " CAST($2 AS DOUBLE PRECISION) AS r,"			\
	    " CAST($3 AS TEXT) AS t, CAST($4 AS TEXT) AS n,"		\
	    " CAST($5 AS BOOLEAN) AS b, CAST(7 AS SMALLINT) AS s,"	\
	    " CAST($2 AS NUMERIC) AS m")				\
									\
	/* Migrations: does schema_migrations exist? {"n": 0 or 1} */	\
	X(MIGRATION_TABLE,						\
	    "SELECT count(*) AS n FROM sqlite_master"			\
	    " WHERE type = 'table' AND name = 'schema_migrations'",	\
	    "SELECT count(*) AS n FROM pg_catalog.pg_tables"		\
	    " WHERE schemaname = current_schema()"			\
	    " AND tablename = 'schema_migrations'")			\
	/* Every applied version, oldest first. */			\
	X(MIGRATION_LIST,						\
	    "SELECT version, name, applied_at FROM schema_migrations"	\
	    " ORDER BY version")					\
	/* One row when version $1 is applied, none otherwise. */	\
	X(MIGRATION_HAS,						\
	    "SELECT version FROM schema_migrations WHERE version = $1")	\
	/* $1 version, $2 name, $3 applied_at. */			\
	X(MIGRATION_RECORD,						\
	    "INSERT INTO schema_migrations (version, name, applied_at)"	\
	    " VALUES ($1, $2, $3)")					\
	/* {"version": highest applied, 0 when none}. */		\
	X(SCHEMA_VERSION,						\
	    "SELECT CAST(COALESCE(MAX(version), 0) AS INTEGER) AS version"	\
	    " FROM schema_migrations")					\
									\
	/* Settings: $1 key -> {"value", "updated_at"} or no row. */	\
	X(SETTING_GET,							\
	    "SELECT value, updated_at FROM setting WHERE key = $1")	\
	/* $1 key, $2 value, $3 updated_at; inserts or replaces. */	\
	X(SETTING_PUT,							\
	    "INSERT INTO setting (key, value, updated_at) VALUES ($1, $2, $3)"	\
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"	\
	    " updated_at = excluded.updated_at")			\
	/* All settings, by key. */					\
	X(SETTING_LIST,							\
	    "SELECT key, value, updated_at FROM setting ORDER BY key")	\
	/* $1 key. */							\
	X(SETTING_DELETE, "DELETE FROM setting WHERE key = $1")

#endif
