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
 * PostgreSQL receives parameters as text and infers each one's type from
 * where it stands; where it cannot (SELECT $1, $1 IS NULL, arithmetic on
 * two parameters) write CAST($1 AS BIGINT) and the like. DBP_BOOL arrives
 * as true/false, so it suits BOOLEAN columns; use DBP_INT for integer flags.
 *
 * Add entries anywhere; the enum db_stmt, the names and the prepared handles
 * are all derived from this table.
 */
#ifndef P2HAM_DB_STMTS_H
#define P2HAM_DB_STMTS_H

/* The pieces of the /audit page's statements (AUDIT_LIST and its
 * variants): the columns, each filter that a NULL parameter turns off, and
 * the page cursor with the limit. */
#define AUDIT_SELECT \
	"SELECT seq, at, actor_id, actor, action, object_type," \
	" object_id, summary, request_id, hash FROM audit_log"
#define AUDIT_ANY_ACTOR "(CAST($1 AS BIGINT) IS NULL OR actor_id = CAST($1 AS BIGINT))"
#define AUDIT_ANY_TYPE "(CAST($2 AS TEXT) IS NULL OR object_type = CAST($2 AS TEXT))"
#define AUDIT_ANY_OBJECT "(CAST($3 AS BIGINT) IS NULL OR object_id = CAST($3 AS BIGINT))"
#define AUDIT_ANY_ACTION "(CAST($4 AS TEXT) IS NULL OR action = CAST($4 AS TEXT))"
#define AUDIT_ANY_FROM "(CAST($5 AS TEXT) IS NULL OR at >= CAST($5 AS TEXT))"
#define AUDIT_ANY_UNTIL "(CAST($6 AS TEXT) IS NULL OR at < CAST($6 AS TEXT))"
#define AUDIT_PAGE_TAIL " AND seq < $7 ORDER BY seq DESC LIMIT $8"

#include "db/stmts_accounts.h"
#include "db/stmts_registry.h"
#include "db/stmts_participation.h"
#include "db/stmts_files.h"
#include "db/stmts_documents.h"
#include "db/stmts_declaration.h"
#include "db/stmts_building.h"
#include "db/stmts_progress.h"
#include "db/stmts_assessment.h"
#include "db/stmts_scoring.h"
#include "db/stmts_decree.h"
#include "db/stmts_results.h"
#include "db/stmts_supervision.h"
#include "db/stmts_survey.h"
#include "db/stmts_complaints.h"
#include "db/stmts_ikm.h"
#include "db/stmts_regions.h"
#include "db/stmts_offline.h"
#include "db/stmts_notify.h"
#include "db/stmts_cluster.h"
#include "db/stmts_scale.h"

/* clang-format off */
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
	X(SETTING_DELETE, "DELETE FROM setting WHERE key = $1")		\
									\
	DB_STMTS_ACCOUNTS(X)						\
	/* Audit log (svc/audit.c, cmd/audit.c); append-only: nothing here \
	 * updates or deletes it. Serialise appenders until the transaction \
	 * ends: PostgreSQL takes a transaction lock; SQLite's BEGIN IMMEDIATE \
	 * has already. */						\
	X(AUDIT_LOCK, "SELECT 0 AS locked",				\
	    "SELECT pg_advisory_xact_lock(7707316420934262) AS locked")	\
	/* The head: {"seq", "hash"} of the last entry, or no row. */	\
	X(AUDIT_HEAD,							\
	    "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1") \
	/* The last entry's {"seq"}, or no row: every write appends one	\
	 * in its own transaction, so it versions what pages show. */	\
	X(AUDIT_SEQ,							\
	    "SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1")	\
	/* Tell every server listening (db/version.c) that entry $1	\
	 * (text) is appended: delivered at the transaction's commit.	\
	 * PostgreSQL only; SQLite's text is never run. */		\
	X(AUDIT_NOTIFY, "SELECT $1 AS notified",			\
	    "SELECT pg_notify('p2ham_data', $1) AS notified")		\
	/* $1 seq, $2 at, $3 actor_id or NULL, $4 actor, $5 action,	\
	 * $6 object_type, $7 object_id or NULL, $8 summary, $9 request_id, \
	 * $10 hash. */							\
	X(AUDIT_APPEND,							\
	    "INSERT INTO audit_log (seq, at, actor_id, actor, action,"	\
	    " object_type, object_id, summary, request_id, hash)"	\
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")	\
	/* Verification: entries after seq $1, oldest first, at most $2. */ \
	X(AUDIT_PAGE, AUDIT_SELECT " WHERE seq > $1 ORDER BY seq LIMIT $2") \
	/* The /audit page, newest first: $1 actor_id, $2 object_type,	\
	 * $3 object_id, $4 action, $5 at >= , $6 at < (each NULL: any), \
	 * $7 seq < (the page cursor), $8 limit. The variants differ only in \
	 * the filter that drives an index (BY_TIME needs $5 and $6). */ \
	X(AUDIT_LIST, AUDIT_SELECT " WHERE " AUDIT_ANY_ACTOR " AND " AUDIT_ANY_TYPE \
	    " AND " AUDIT_ANY_OBJECT " AND " AUDIT_ANY_ACTION " AND "	\
	    AUDIT_ANY_FROM " AND " AUDIT_ANY_UNTIL AUDIT_PAGE_TAIL)	\
	X(AUDIT_LIST_BY_ACTOR, AUDIT_SELECT " WHERE actor_id = $1"	\
	    " AND " AUDIT_ANY_TYPE " AND " AUDIT_ANY_OBJECT " AND "	\
	    AUDIT_ANY_ACTION " AND " AUDIT_ANY_FROM " AND "		\
	    AUDIT_ANY_UNTIL AUDIT_PAGE_TAIL)				\
	X(AUDIT_LIST_BY_OBJECT, AUDIT_SELECT " WHERE object_type = $2"	\
	    " AND " AUDIT_ANY_ACTOR " AND " AUDIT_ANY_OBJECT " AND "	\
	    AUDIT_ANY_ACTION " AND " AUDIT_ANY_FROM " AND "		\
	    AUDIT_ANY_UNTIL AUDIT_PAGE_TAIL)				\
	X(AUDIT_LIST_BY_OBJECT_ID, AUDIT_SELECT " WHERE object_type = $2" \
	    " AND object_id = $3 AND " AUDIT_ANY_ACTOR " AND "	\
	    AUDIT_ANY_ACTION " AND " AUDIT_ANY_FROM " AND "		\
	    AUDIT_ANY_UNTIL AUDIT_PAGE_TAIL)				\
	X(AUDIT_LIST_BY_ACTION, AUDIT_SELECT " WHERE action = $4"	\
	    " AND " AUDIT_ANY_ACTOR " AND " AUDIT_ANY_TYPE " AND "	\
	    AUDIT_ANY_OBJECT " AND " AUDIT_ANY_FROM " AND "		\
	    AUDIT_ANY_UNTIL AUDIT_PAGE_TAIL)				\
	X(AUDIT_LIST_BY_TIME, AUDIT_SELECT " WHERE at >= $5"		\
	    " AND at < $6 AND " AUDIT_ANY_ACTOR " AND " AUDIT_ANY_TYPE	\
	    " AND " AUDIT_ANY_OBJECT " AND " AUDIT_ANY_ACTION		\
	    AUDIT_PAGE_TAIL)						\
	/* $1 seq, $2 head_hash, $3 at, $4 signature, $5 public_key; a	\
	 * checkpoint of the same head written meanwhile wins. */	\
	X(AUDIT_CHECKPOINT_PUT,						\
	    "INSERT INTO audit_checkpoint (seq, head_hash, at, signature," \
	    " public_key) VALUES ($1, $2, $3, $4, $5)"			\
	    " ON CONFLICT (seq) DO NOTHING")				\
	/* $1 seq -> the checkpoint of that head, or no row. */		\
	X(AUDIT_CHECKPOINT_GET,						\
	    "SELECT seq, head_hash, at, signature, public_key"		\
	    " FROM audit_checkpoint WHERE seq = $1")			\
	/* Checkpoints below seq $1, newest first, at most $2. */	\
	X(AUDIT_CHECKPOINT_RECENT,					\
	    "SELECT seq, head_hash, at, signature, public_key"		\
	    " FROM audit_checkpoint WHERE seq < $1 ORDER BY seq DESC LIMIT $2") \
	/* Checkpoints above seq $1, oldest first, at most $2. */	\
	X(AUDIT_CHECKPOINT_PAGE,					\
	    "SELECT seq, head_hash, at, signature, public_key"		\
	    " FROM audit_checkpoint WHERE seq > $1 ORDER BY seq LIMIT $2") \
									\
	/* Rulebooks (migration 0004), immutable once stored. $1 code,	\
	 * $2 version, $3 title_id, $4 title_en, $5 legal_basis,	\
	 * $6 legal_date, $7 body, $8 sha256, $9 imported_at,		\
	 * $10 imported_by -> {"id"}, no row when code and version exist. */ \
	X(RULEBOOK_INSERT,						\
	    "INSERT INTO rulebook (code, version, title_id, title_en,"	\
	    " legal_basis, legal_date, body, sha256, imported_at,"	\
	    " imported_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)" \
	    " ON CONFLICT (code, version) DO NOTHING RETURNING id")	\
	/* $1 code, $2 version -> {"id", "sha256"} or no row. */	\
	X(RULEBOOK_FIND,						\
	    "SELECT id, sha256 FROM rulebook WHERE code = $1 AND version = $2") \
	/* $1 code -> the highest version's {"id"}, or no row. */	\
	X(RULEBOOK_LATEST,						\
	    "SELECT id FROM rulebook WHERE code = $1"			\
	    " ORDER BY version DESC LIMIT 1")				\
	/* $1 id -> the whole rulebook with its body, or no row. */	\
	X(RULEBOOK_GET,							\
	    "SELECT id, code, version, title_id, title_en, legal_basis,"	\
	    " legal_date, body, sha256, imported_at, imported_by"	\
	    " FROM rulebook WHERE id = $1")				\
	/* $1 id -> {"sha256"}, what names its content, or no row. */	\
	X(RULEBOOK_SHA,							\
	    "SELECT sha256 FROM rulebook WHERE id = $1")		\
	/* Every rulebook without its body, by code then version. */	\
	X(RULEBOOK_LIST,						\
	    "SELECT id, code, version, title_id, title_en, legal_basis,"	\
	    " legal_date, sha256, imported_at, imported_by"		\
	    " FROM rulebook ORDER BY code, version")			\
									\
	DB_STMTS_REGISTRY(X)						\
	DB_STMTS_PARTICIPATION(X)					\
	DB_STMTS_FILES(X)						\
	DB_STMTS_DOCUMENTS(X)						\
	DB_STMTS_DECLARATION(X)						\
	DB_STMTS_BUILDING(X)						\
	DB_STMTS_PROGRESS(X)						\
	DB_STMTS_ASSESSMENT(X)						\
	DB_STMTS_SCORING(X)						\
	DB_STMTS_DECREE(X)						\
	DB_STMTS_RESULTS(X)						\
	DB_STMTS_SUPERVISION(X)						\
	DB_STMTS_SURVEY(X)						\
	DB_STMTS_IKM(X)							\
	DB_STMTS_COMPLAINTS(X)						\
	DB_STMTS_REGIONS(X)						\
	DB_STMTS_OFFLINE(X)						\
	DB_STMTS_NOTIFY(X)						\
	DB_STMTS_CLUSTER(X)						\
	DB_STMTS_SCALE(X)
/* clang-format on */

#endif
