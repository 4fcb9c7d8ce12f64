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

#include "db/stmts_participation.h"
#include "db/stmts_files.h"
#include "db/stmts_documents.h"
#include "db/stmts_declaration.h"
#include "db/stmts_building.h"
#include "db/stmts_progress.h"

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
	/* Users. $1 email, $2 email_key, $3 full_name, $4 nip, $5 phone, \
	 * $6 password_hash, $7 home_province, $8 home_organization,	\
	 * $9 now -> {"id"}. */						\
	X(USER_INSERT,							\
	    "INSERT INTO users (email, email_key, full_name, nip, phone,"	\
	    " password_hash, active, home_province, home_organization,"	\
	    " created_at, updated_at, password_changed_at)"		\
	    " VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $9, $9)"	\
	    " RETURNING id")						\
	/* $1 email_key -> the account to sign in, active or not. */	\
	X(USER_BY_EMAIL,						\
	    "SELECT id, email, full_name, password_hash, active"	\
	    " FROM users WHERE email_key = $1")				\
	/* $1 id -> one user, without the password hash. */		\
	X(USER_GET,							\
	    "SELECT id, email, full_name, nip, phone, active,"		\
	    " home_province, home_organization, created_at, updated_at"	\
	    " FROM users WHERE id = $1")				\
	/* $1 id -> {"password_hash"}. */				\
	X(USER_PASSWORD_HASH,						\
	    "SELECT password_hash FROM users WHERE id = $1")		\
	/* $1 province or NULL, $2 organization or NULL (a user matches	\
	 * either when both are given), $3 LIKE pattern on email or name \
	 * (escaped with '\\') or NULL, $4 limit, $5 offset. */		\
	X(USER_LIST,							\
	    "SELECT id, email, full_name, nip, active, home_province,"	\
	    " home_organization FROM users"				\
	    " WHERE ((CAST($1 AS BIGINT) IS NULL AND CAST($2 AS BIGINT) IS NULL)" \
	    " OR home_province = $1 OR home_organization = $2)"	\
	    " AND (CAST($3 AS TEXT) IS NULL OR email_key LIKE $3 ESCAPE '\\'" \
	    " OR lower(full_name) LIKE $3 ESCAPE '\\')"		\
	    " ORDER BY full_name, id LIMIT $4 OFFSET $5")		\
	/* -> {"n"}: how many accounts exist. */			\
	X(USER_COUNT, "SELECT count(*) AS n FROM users")		\
	/* $1 id, $2 password_hash, $3 now. */				\
	X(USER_SET_PASSWORD,						\
	    "UPDATE users SET password_hash = $2, updated_at = $3,"	\
	    " password_changed_at = $3 WHERE id = $1")			\
	/* $1 id, $2 active (0/1), $3 now. */				\
	X(USER_SET_ACTIVE,						\
	    "UPDATE users SET active = $2, updated_at = $3 WHERE id = $1") \
									\
	/* Role grants. $1 user_id -> the user's grants. */		\
	X(GRANT_LIST,							\
	    "SELECT id, role, scope_kind, scope_id, may_revoke, granted_at" \
	    " FROM role_grant WHERE user_id = $1"			\
	    " ORDER BY role, scope_kind, scope_id")			\
	/* $1 user, $2 role, $3 scope_kind, $4 scope_id, $5 may_revoke,	\
	 * $6 granted_by or NULL, $7 now -> {"id"}, no row if held.	*/ \
	X(GRANT_INSERT,							\
	    "INSERT INTO role_grant (user_id, role, scope_kind, scope_id," \
	    " may_revoke, granted_by, granted_at)"			\
	    " VALUES ($1, $2, $3, $4, $5, $6, $7)"			\
	    " ON CONFLICT (user_id, role, scope_kind, scope_id) DO NOTHING" \
	    " RETURNING id")						\
	/* $1 grant id, $2 user_id -> the deleted grant. */		\
	X(GRANT_DELETE,							\
	    "DELETE FROM role_grant WHERE id = $1 AND user_id = $2"	\
	    " RETURNING role, scope_kind, scope_id")			\
									\
	/* Sign-in sessions. $1 user, $2 token_hash, $3 now, $4 expires, \
	 * $5 ip, $6 user_agent -> {"id"}. */				\
	X(SESSION_INSERT,						\
	    "INSERT INTO login_session (user_id, token_hash, created_at," \
	    " last_seen_at, expires_at, ip, user_agent)"		\
	    " VALUES ($1, $2, $3, $3, $4, $5, $6) RETURNING id")	\
	/* $1 token_hash, $2 now, $3 idle cutoff -> the live session	\
	 * and its active user. */					\
	X(SESSION_LOOKUP,						\
	    "SELECT s.id AS session_id, s.user_id AS user_id,"		\
	    " s.last_seen_at AS last_seen_at, u.email AS email,"	\
	    " u.full_name AS full_name, u.home_province AS home_province," \
	    " u.home_organization AS home_organization"		\
	    " FROM login_session s JOIN users u ON u.id = s.user_id"	\
	    " WHERE s.token_hash = $1 AND s.ended_at IS NULL"		\
	    " AND s.expires_at > $2 AND s.last_seen_at > $3"		\
	    " AND u.active = 1")					\
	/* $1 session id, $2 now. */					\
	X(SESSION_TOUCH,						\
	    "UPDATE login_session SET last_seen_at = $2 WHERE id = $1")	\
	/* $1 session id, $2 user_id, $3 now -> {"id"} when ended. */	\
	X(SESSION_END,							\
	    "UPDATE login_session SET ended_at = $3"			\
	    " WHERE id = $1 AND user_id = $2 AND ended_at IS NULL"	\
	    " RETURNING id")						\
	/* $1 user_id, $2 now, $3 session id to keep (0: none). */	\
	X(SESSION_END_ALL,						\
	    "UPDATE login_session SET ended_at = $2"			\
	    " WHERE user_id = $1 AND ended_at IS NULL AND id <> $3")	\
	/* $1 user_id, $2 now, $3 idle cutoff -> live sessions. */	\
	X(SESSION_LIST,							\
	    "SELECT id, created_at, last_seen_at, expires_at, ip, user_agent" \
	    " FROM login_session WHERE user_id = $1 AND ended_at IS NULL" \
	    " AND expires_at > $2 AND last_seen_at > $3"		\
	    " ORDER BY last_seen_at DESC")				\
									\
	/* Write budget: count one write of user $1 in the minute that	\
	 * starts at $2 (ISO text) -> {"used", "window_start"}: the count	\
	 * of the minute kept, restarted at 1 when $2 is a later minute	\
	 * (an earlier one, from a server whose clock lags, adds to the	\
	 * later). One statement, so concurrent writers never lose a count. */ \
	X(WRITE_QUOTA_TAKE,						\
	    "INSERT INTO write_quota (user_id, window_start, used)"	\
	    " VALUES ($1, $2, 1) ON CONFLICT (user_id) DO UPDATE SET"	\
	    " used = CASE WHEN write_quota.window_start < excluded.window_start" \
	    " THEN 1 ELSE write_quota.used + 1 END,"			\
	    " window_start = CASE WHEN write_quota.window_start"	\
	    " < excluded.window_start THEN excluded.window_start"	\
	    " ELSE write_quota.window_start END"			\
	    " RETURNING used, window_start")				\
									\
	/* API tokens. $1 user, $2 name, $3 token_hash, $4 prefix, $5 now \
	 * -> {"id"}. */						\
	X(TOKEN_INSERT,							\
	    "INSERT INTO api_token (user_id, name, token_hash, prefix,"	\
	    " created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")	\
	/* $1 token_hash -> the live token and its active user. */	\
	X(TOKEN_LOOKUP,							\
	    "SELECT t.id AS token_id, t.user_id AS user_id,"		\
	    " t.last_used_at AS last_used_at, u.email AS email,"	\
	    " u.full_name AS full_name, u.home_province AS home_province," \
	    " u.home_organization AS home_organization"		\
	    " FROM api_token t JOIN users u ON u.id = t.user_id"	\
	    " WHERE t.token_hash = $1 AND t.revoked_at IS NULL"		\
	    " AND u.active = 1")					\
	/* $1 token id, $2 now. */					\
	X(TOKEN_TOUCH,							\
	    "UPDATE api_token SET last_used_at = $2 WHERE id = $1")	\
	/* $1 token id, $2 user_id, $3 now -> {"name"} when revoked. */	\
	X(TOKEN_REVOKE,							\
	    "UPDATE api_token SET revoked_at = $3"			\
	    " WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL"	\
	    " RETURNING name")						\
	/* $1 user_id -> the user's tokens that still work. */		\
	X(TOKEN_LIST,							\
	    "SELECT id, name, prefix, created_at, last_used_at"	\
	    " FROM api_token WHERE user_id = $1 AND revoked_at IS NULL"	\
	    " ORDER BY created_at DESC, id DESC")			\
	/* $1 user_id -> {"n"}: how many of the user's tokens still work. \
	 * Inside the creating transaction; PostgreSQL locks the user's row \
	 * so that two creations cannot both pass the count (SQLite's	\
	 * BEGIN IMMEDIATE serialises them already). */		\
	X(TOKEN_COUNT,							\
	    "SELECT (SELECT count(*) FROM api_token WHERE user_id = u.id" \
	    " AND revoked_at IS NULL) AS n FROM users u WHERE u.id = $1", \
	    "SELECT (SELECT count(*) FROM api_token WHERE user_id = u.id" \
	    " AND revoked_at IS NULL) AS n FROM users u WHERE u.id = $1" \
	    " FOR NO KEY UPDATE")					\
									\
	/* Sign-in throttling: count one attempt for key $1 at $2 (now)	\
	 * before the password is checked, in one atomic step; a window	\
	 * that began at or before $3 (now minus the window) or a lock	\
	 * that has ended starts over, a lock in force counts nothing.	\
	 * -> the counters after it. */					\
	X(THROTTLE_RESERVE,						\
	    "INSERT INTO login_throttle (key, failures, window_start,"	\
	    " locked_until) VALUES ($1, 1, $2, NULL)"			\
	    " ON CONFLICT (key) DO UPDATE SET failures = CASE"		\
	    " WHEN login_throttle.locked_until > $2"			\
	    " THEN login_throttle.failures"				\
	    " WHEN login_throttle.locked_until IS NOT NULL"		\
	    " OR login_throttle.window_start <= $3 THEN 1"		\
	    " ELSE login_throttle.failures + 1 END,"			\
	    " window_start = CASE WHEN login_throttle.locked_until > $2"	\
	    " THEN login_throttle.window_start"				\
	    " WHEN login_throttle.locked_until IS NOT NULL"		\
	    " OR login_throttle.window_start <= $3 THEN $2"		\
	    " ELSE login_throttle.window_start END,"			\
	    " locked_until = CASE WHEN login_throttle.locked_until > $2"	\
	    " THEN login_throttle.locked_until END"			\
	    " RETURNING failures, window_start, locked_until")		\
	/* A failed attempt: lock key $1 until $3 once it counts $2	\
	 * attempts and no lock is in force -> {"key"} when this call	\
	 * locked it (so the lock is recorded once). */			\
	X(THROTTLE_LOCK,						\
	    "UPDATE login_throttle SET locked_until = $3"		\
	    " WHERE key = $1 AND failures >= $2 AND locked_until IS NULL" \
	    " RETURNING key")						\
	/* $1 key. */							\
	X(THROTTLE_CLEAR, "DELETE FROM login_throttle WHERE key = $1")	\
									\
	/* Audit log (app/audit.c, cmd/audit.c); append-only: nothing here \
	 * updates or deletes it. Serialise appenders until the transaction \
	 * ends: PostgreSQL takes a transaction lock; SQLite's BEGIN IMMEDIATE \
	 * has already. */						\
	X(AUDIT_LOCK, "SELECT 0 AS locked",				\
	    "SELECT pg_advisory_xact_lock(7707316420934262) AS locked")	\
	/* The head: {"seq", "hash"} of the last entry, or no row. */	\
	X(AUDIT_HEAD,							\
	    "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1") \
	/* $1 seq, $2 at, $3 actor_id or NULL, $4 actor, $5 action,	\
	 * $6 object_type, $7 object_id or NULL, $8 summary, $9 request_id, \
	 * $10 hash. */							\
	X(AUDIT_APPEND,							\
	    "INSERT INTO audit_log (seq, at, actor_id, actor, action,"	\
	    " object_type, object_id, summary, request_id, hash)"	\
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")	\
	/* Verification: entries after seq $1, oldest first, at most $2. */ \
	X(AUDIT_PAGE,							\
	    "SELECT seq, at, actor_id, actor, action, object_type,"	\
	    " object_id, summary, request_id, hash FROM audit_log"	\
	    " WHERE seq > $1 ORDER BY seq LIMIT $2")			\
	/* The /audit page, newest first: $1 actor_id, $2 object_type,	\
	 * $3 object_id, $4 action, $5 at >= , $6 at < (each NULL: any), \
	 * $7 seq < (the page cursor), $8 limit. The variants differ only in \
	 * the filter that drives an index (BY_TIME needs $5 and $6). */ \
	X(AUDIT_LIST,							\
	    "SELECT seq, at, actor_id, actor, action, object_type,"	\
	    " object_id, summary, request_id, hash FROM audit_log"	\
	    " WHERE (CAST($1 AS BIGINT) IS NULL OR actor_id = CAST($1 AS BIGINT))" \
	    " AND (CAST($2 AS TEXT) IS NULL OR object_type = CAST($2 AS TEXT))" \
	    " AND (CAST($3 AS BIGINT) IS NULL OR object_id = CAST($3 AS BIGINT))" \
	    " AND (CAST($4 AS TEXT) IS NULL OR action = CAST($4 AS TEXT))" \
	    " AND (CAST($5 AS TEXT) IS NULL OR at >= CAST($5 AS TEXT))"	\
	    " AND (CAST($6 AS TEXT) IS NULL OR at < CAST($6 AS TEXT))"	\
	    " AND seq < $7"						\
	    " ORDER BY seq DESC LIMIT $8")				\
	X(AUDIT_LIST_BY_ACTOR,						\
	    "SELECT seq, at, actor_id, actor, action, object_type,"	\
	    " object_id, summary, request_id, hash FROM audit_log"	\
	    " WHERE actor_id = $1"					\
	    " AND (CAST($2 AS TEXT) IS NULL OR object_type = CAST($2 AS TEXT))" \
	    " AND (CAST($3 AS BIGINT) IS NULL OR object_id = CAST($3 AS BIGINT))" \
	    " AND (CAST($4 AS TEXT) IS NULL OR action = CAST($4 AS TEXT))" \
	    " AND (CAST($5 AS TEXT) IS NULL OR at >= CAST($5 AS TEXT))"	\
	    " AND (CAST($6 AS TEXT) IS NULL OR at < CAST($6 AS TEXT))"	\
	    " AND seq < $7"						\
	    " ORDER BY seq DESC LIMIT $8")				\
	X(AUDIT_LIST_BY_OBJECT,						\
	    "SELECT seq, at, actor_id, actor, action, object_type,"	\
	    " object_id, summary, request_id, hash FROM audit_log"	\
	    " WHERE object_type = $2"					\
	    " AND (CAST($1 AS BIGINT) IS NULL OR actor_id = CAST($1 AS BIGINT))" \
	    " AND (CAST($3 AS BIGINT) IS NULL OR object_id = CAST($3 AS BIGINT))" \
	    " AND (CAST($4 AS TEXT) IS NULL OR action = CAST($4 AS TEXT))" \
	    " AND (CAST($5 AS TEXT) IS NULL OR at >= CAST($5 AS TEXT))"	\
	    " AND (CAST($6 AS TEXT) IS NULL OR at < CAST($6 AS TEXT))"	\
	    " AND seq < $7"						\
	    " ORDER BY seq DESC LIMIT $8")				\
	X(AUDIT_LIST_BY_OBJECT_ID,					\
	    "SELECT seq, at, actor_id, actor, action, object_type,"	\
	    " object_id, summary, request_id, hash FROM audit_log"	\
	    " WHERE object_type = $2"					\
	    " AND object_id = $3"					\
	    " AND (CAST($1 AS BIGINT) IS NULL OR actor_id = CAST($1 AS BIGINT))" \
	    " AND (CAST($4 AS TEXT) IS NULL OR action = CAST($4 AS TEXT))" \
	    " AND (CAST($5 AS TEXT) IS NULL OR at >= CAST($5 AS TEXT))"	\
	    " AND (CAST($6 AS TEXT) IS NULL OR at < CAST($6 AS TEXT))"	\
	    " AND seq < $7"						\
	    " ORDER BY seq DESC LIMIT $8")				\
	X(AUDIT_LIST_BY_ACTION,						\
	    "SELECT seq, at, actor_id, actor, action, object_type,"	\
	    " object_id, summary, request_id, hash FROM audit_log"	\
	    " WHERE action = $4"					\
	    " AND (CAST($1 AS BIGINT) IS NULL OR actor_id = CAST($1 AS BIGINT))" \
	    " AND (CAST($2 AS TEXT) IS NULL OR object_type = CAST($2 AS TEXT))" \
	    " AND (CAST($3 AS BIGINT) IS NULL OR object_id = CAST($3 AS BIGINT))" \
	    " AND (CAST($5 AS TEXT) IS NULL OR at >= CAST($5 AS TEXT))"	\
	    " AND (CAST($6 AS TEXT) IS NULL OR at < CAST($6 AS TEXT))"	\
	    " AND seq < $7"						\
	    " ORDER BY seq DESC LIMIT $8")				\
	X(AUDIT_LIST_BY_TIME,						\
	    "SELECT seq, at, actor_id, actor, action, object_type,"	\
	    " object_id, summary, request_id, hash FROM audit_log"	\
	    " WHERE at >= $5"						\
	    " AND at < $6"						\
	    " AND (CAST($1 AS BIGINT) IS NULL OR actor_id = CAST($1 AS BIGINT))" \
	    " AND (CAST($2 AS TEXT) IS NULL OR object_type = CAST($2 AS TEXT))" \
	    " AND (CAST($3 AS BIGINT) IS NULL OR object_id = CAST($3 AS BIGINT))" \
	    " AND (CAST($4 AS TEXT) IS NULL OR action = CAST($4 AS TEXT))" \
	    " AND seq < $7"						\
	    " ORDER BY seq DESC LIMIT $8")				\
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
	/* Every rulebook without its body, by code then version. */	\
	X(RULEBOOK_LIST,						\
	    "SELECT id, code, version, title_id, title_en, legal_basis,"	\
	    " legal_date, sha256, imported_at, imported_by"		\
	    " FROM rulebook ORDER BY code, version")			\
									\
	/* Registry (migration 0005). Statements over what the caller may	\
	 * see start with the caller's scope (app/registry.c builds it from \
	 * the grants, as the policy reads them): $1 national (0/1), $2	\
	 * province codes, $3 organization ids, $4 unit ids, each a JSON	\
	 * array such as "[75,31]". */					\
	/* Units the caller sees, counted per province. */		\
	X(REGION_UNIT_COUNTS,						\
	    "SELECT u.province_code AS province, count(*) AS units"	\
	    " FROM unit u WHERE" REG_SCOPE_SQLITE("u")			\
	    " GROUP BY u.province_code",				\
	    "SELECT u.province_code AS province, count(*) AS units"	\
	    " FROM unit u WHERE" REG_SCOPE_PG("u")			\
	    " GROUP BY u.province_code")				\
	/* $5 province -> its regencies and cities with the units the	\
	 * caller sees in each. */					\
	X(REGENCY_LIST,							\
	    "SELECT r.code AS code, r.name AS name, r.kind AS kind,"	\
	    " (SELECT count(*) FROM unit u WHERE u.regency_code = r.code" \
	    " AND" REG_SCOPE_SQLITE("u") ") AS units"			\
	    " FROM regency r WHERE r.province_code = $5 ORDER BY r.code",	\
	    "SELECT r.code AS code, r.name AS name, r.kind AS kind,"	\
	    " (SELECT count(*) FROM unit u WHERE u.regency_code = r.code" \
	    " AND" REG_SCOPE_PG("u") ") AS units"			\
	    " FROM regency r WHERE r.province_code = $5 ORDER BY r.code")	\
	/* $1 code -> the regency or city, or no row. */		\
	X(REGENCY_GET,							\
	    "SELECT code, province_code, name, kind FROM regency"	\
	    " WHERE code = $1")						\
	/* $1 code, $2 province_code, $3 name, $4 kind; inserts or	\
	 * replaces. */							\
	X(REGENCY_PUT,							\
	    "INSERT INTO regency (code, province_code, name, kind)"	\
	    " VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO UPDATE SET"	\
	    " province_code = excluded.province_code,"			\
	    " name = excluded.name, kind = excluded.kind")		\
	/* Organizations the caller sees (national, or in a province of	\
	 * theirs, or their own), with the units the caller sees in each; \
	 * $5 LIKE pattern on the lowercased name or NULL, $6 limit,	\
	 * $7 offset. */						\
	X(ORG_LIST,							\
	    "SELECT o.id AS id, o.kind AS kind, o.name AS name,"	\
	    " o.province_code AS province_code,"			\
	    " o.regency_code AS regency_code, o.active AS active,"	\
	    " (SELECT count(*) FROM unit u WHERE u.organization_id = o.id" \
	    " AND" REG_SCOPE_SQLITE("u") ") AS units"			\
	    " FROM organization o WHERE" REG_ORG_SCOPE_SQLITE("o")	\
	    " AND (CAST($5 AS TEXT) IS NULL OR lower(o.name) LIKE $5"	\
	    " ESCAPE '\\') ORDER BY o.name, o.id LIMIT $6 OFFSET $7",	\
	    "SELECT o.id AS id, o.kind AS kind, o.name AS name,"	\
	    " o.province_code AS province_code,"			\
	    " o.regency_code AS regency_code, o.active AS active,"	\
	    " (SELECT count(*) FROM unit u WHERE u.organization_id = o.id" \
	    " AND" REG_SCOPE_PG("u") ") AS units"			\
	    " FROM organization o WHERE" REG_ORG_SCOPE_PG("o")		\
	    " AND (CAST($5 AS TEXT) IS NULL OR lower(o.name) LIKE $5"	\
	    " ESCAPE '\\') ORDER BY o.name, o.id LIMIT $6 OFFSET $7")	\
	/* The organizations a unit form offers: the caller's ($1-$3 as	\
	 * above) and every national one (ministries, agencies). */	\
	X(ORG_CHOICES,							\
	    "SELECT o.id AS id, o.name AS name, o.kind AS kind,"	\
	    " o.province_code AS province_code FROM organization o"	\
	    " WHERE o.active = 1 AND (o.province_code IS NULL OR"	\
	    REG_ORG_SCOPE_SQLITE("o") ") ORDER BY o.name, o.id",	\
	    "SELECT o.id AS id, o.name AS name, o.kind AS kind,"	\
	    " o.province_code AS province_code FROM organization o"	\
	    " WHERE o.active = 1 AND (o.province_code IS NULL OR"	\
	    REG_ORG_SCOPE_PG("o") ") ORDER BY o.name, o.id")		\
	/* A form's organization picker (svc/pick.c): the active ones	\
	 * in scope $1-$3, and the national ones when $4 is 1; $5 LIKE	\
	 * pattern on the lowercased name or NULL, $6 only this id or	\
	 * NULL, $7 limit, $8 offset. */				\
	X(ORG_PICK,							\
	    "SELECT o.id AS id, o.name AS name,"			\
	    " o.province_code AS province_code FROM organization o"	\
	    " WHERE o.active = 1 AND ((CAST($4 AS INTEGER) = 1"	\
	    " AND o.province_code IS NULL) OR" REG_ORG_SCOPE_SQLITE("o") ")" \
	    " AND (CAST($5 AS TEXT) IS NULL"				\
	    " OR lower(o.name) LIKE CAST($5 AS TEXT) ESCAPE '\\')"	\
	    " AND (CAST($6 AS BIGINT) IS NULL OR o.id = CAST($6 AS BIGINT))" \
	    " ORDER BY o.name, o.id LIMIT $7 OFFSET $8",		\
	    "SELECT o.id AS id, o.name AS name,"			\
	    " o.province_code AS province_code FROM organization o"	\
	    " WHERE o.active = 1 AND ((CAST($4 AS INTEGER) = 1"	\
	    " AND o.province_code IS NULL) OR" REG_ORG_SCOPE_PG("o") ")" \
	    " AND (CAST($5 AS TEXT) IS NULL"				\
	    " OR lower(o.name) LIKE CAST($5 AS TEXT) ESCAPE '\\')"	\
	    " AND (CAST($6 AS BIGINT) IS NULL OR o.id = CAST($6 AS BIGINT))" \
	    " ORDER BY o.name, o.id LIMIT $7 OFFSET $8")		\
	/* $1 id -> the organization, or no row. */			\
	X(ORG_GET,							\
	    "SELECT o.id AS id, o.kind AS kind, o.name AS name,"	\
	    " o.province_code AS province_code,"			\
	    " o.regency_code AS regency_code, r.name AS regency_name,"	\
	    " o.active AS active, o.created_at AS created_at,"		\
	    " o.updated_at AS updated_at FROM organization o"		\
	    " LEFT JOIN regency r ON r.code = o.regency_code"		\
	    " WHERE o.id = $1")						\
	/* $1 exact name -> the organization, or no row. */		\
	X(ORG_BY_NAME,							\
	    "SELECT id, kind, name, province_code, regency_code, active"	\
	    " FROM organization WHERE name = $1")			\
	/* $1 kind, $2 name, $3 province_code or NULL, $4 regency_code	\
	 * or NULL, $5 now -> {"id"}. */				\
	X(ORG_INSERT,							\
	    "INSERT INTO organization (kind, name, province_code,"	\
	    " regency_code, active, created_at, updated_at)"		\
	    " VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id")		\
	/* $1 id, $2 kind, $3 name, $4 province_code, $5 regency_code,	\
	 * $6 active (0/1), $7 now -> {"id"}. */			\
	X(ORG_UPDATE,							\
	    "UPDATE organization SET kind = $2, name = $3,"		\
	    " province_code = $4, regency_code = $5, active = $6,"	\
	    " updated_at = $7 WHERE id = $1 RETURNING id")		\
	/* Units the caller sees, by name: $5 organization, $6 province,	\
	 * $7 unit_type, $8 sector, $9 LIKE pattern on the lowercased	\
	 * name, $10 regency (each NULL: any), $11 limit, $12 offset. */	\
	X(UNIT_LIST,							\
	    "SELECT" REG_UNIT_ROW " FROM unit u"			\
	    " JOIN organization o ON o.id = u.organization_id"		\
	    " WHERE" REG_SCOPE_SQLITE("u") REG_UNIT_FILTERS		\
	    " ORDER BY u.name, u.id LIMIT $11 OFFSET $12",		\
	    "SELECT" REG_UNIT_ROW " FROM unit u"			\
	    " JOIN organization o ON o.id = u.organization_id"		\
	    " WHERE" REG_SCOPE_PG("u") REG_UNIT_FILTERS			\
	    " ORDER BY u.name, u.id LIMIT $11 OFFSET $12")		\
	/* How many units UNIT_LIST's filters $5-$10 match: {"n"}. */	\
	X(UNIT_COUNT,							\
	    "SELECT count(*) AS n FROM unit u"				\
	    " WHERE" REG_SCOPE_SQLITE("u") REG_UNIT_FILTERS,		\
	    "SELECT count(*) AS n FROM unit u"				\
	    " WHERE" REG_SCOPE_PG("u") REG_UNIT_FILTERS)		\
	/* The export: UNIT_LIST's filters $5-$10, every column, by id	\
	 * after $11 (the batch cursor), at most $12. */		\
	X(UNIT_EXPORT,							\
	    "SELECT" REG_UNIT_FULL " FROM unit u" REG_UNIT_JOINS	\
	    " WHERE" REG_SCOPE_SQLITE("u") REG_UNIT_FILTERS		\
	    " AND u.id > $11 ORDER BY u.id LIMIT $12",			\
	    "SELECT" REG_UNIT_FULL " FROM unit u" REG_UNIT_JOINS	\
	    " WHERE" REG_SCOPE_PG("u") REG_UNIT_FILTERS			\
	    " AND u.id > $11 ORDER BY u.id LIMIT $12")			\
	/* The units under parent $5 that the caller sees. */		\
	X(UNIT_CHILDREN,						\
	    "SELECT u.id AS id, u.name AS name, u.unit_type AS unit_type" \
	    " FROM unit u WHERE" REG_SCOPE_SQLITE("u")			\
	    " AND u.parent_unit_id = $5 ORDER BY u.name, u.id LIMIT 500",	\
	    "SELECT u.id AS id, u.name AS name, u.unit_type AS unit_type" \
	    " FROM unit u WHERE" REG_SCOPE_PG("u")			\
	    " AND u.parent_unit_id = $5 ORDER BY u.name, u.id LIMIT 500")	\
	/* A form's unit picker (svc/pick.c): the units scope $1-$4	\
	 * holds, $5 LIKE pattern on the lowercased name or NULL, $6	\
	 * only this id or NULL, $7 limit, $8 offset. */		\
	X(UNIT_PICK,							\
	    "SELECT u.id AS id, u.name AS name,"			\
	    " u.province_code AS province_code FROM unit u"		\
	    " WHERE" REG_SCOPE_SQLITE("u") " AND (CAST($5 AS TEXT) IS NULL" \
	    " OR lower(u.name) LIKE CAST($5 AS TEXT) ESCAPE '\\')"	\
	    " AND (CAST($6 AS BIGINT) IS NULL OR u.id = CAST($6 AS BIGINT))" \
	    " ORDER BY u.name, u.id LIMIT $7 OFFSET $8",		\
	    "SELECT u.id AS id, u.name AS name,"			\
	    " u.province_code AS province_code FROM unit u"		\
	    " WHERE" REG_SCOPE_PG("u") " AND (CAST($5 AS TEXT) IS NULL"	\
	    " OR lower(u.name) LIKE CAST($5 AS TEXT) ESCAPE '\\')"	\
	    " AND (CAST($6 AS BIGINT) IS NULL OR u.id = CAST($6 AS BIGINT))" \
	    " ORDER BY u.name, u.id LIMIT $7 OFFSET $8")		\
	/* $1 id -> the unit with its organization, parent and regency	\
	 * names, or no row. */						\
	X(UNIT_GET,							\
	    "SELECT" REG_UNIT_FULL ", o.kind AS organization_kind,"	\
	    " u.created_at AS created_at, u.updated_at AS updated_at"	\
	    " FROM unit u" REG_UNIT_JOINS " WHERE u.id = $1")		\
	/* $1 id -> where the unit sits, or no row. */			\
	X(UNIT_PLACE,							\
	    "SELECT id, name, province_code, organization_id,"		\
	    " parent_unit_id FROM unit WHERE id = $1")			\
	/* $1 organization, $2 exact name -> {"id"} or no row. */	\
	X(UNIT_BY_ORG_NAME,						\
	    "SELECT id FROM unit WHERE organization_id = $1 AND name = $2") \
	/* $1 exact name -> up to 10 units of that name. */		\
	X(UNIT_BY_NAME,							\
	    "SELECT id, province_code, organization_id FROM unit"	\
	    " WHERE name = $1 ORDER BY id LIMIT 10")			\
	/* $1 name, $2 unit_type, $3 sector, $4 province_code,		\
	 * $5 regency_code or NULL, $6 organization_id, $7 parent_unit_id \
	 * or NULL, $8 address, $9 head_name, $10 head_title, $11 phone,	\
	 * $12 email, $13 now -> {"id"}. */				\
	X(UNIT_INSERT,							\
	    "INSERT INTO unit (name, unit_type, sector, province_code,"	\
	    " regency_code, organization_id, parent_unit_id, address,"	\
	    " head_name, head_title, phone, email, active, created_at,"	\
	    " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"	\
	    " $10, $11, $12, 1, $13, $13) RETURNING id")		\
	/* $1 id, then UNIT_INSERT's $1-$12 as $2-$13, $14 active (0/1),	\
	 * $15 now -> {"id"}. */					\
	X(UNIT_UPDATE,							\
	    "UPDATE unit SET name = $2, unit_type = $3, sector = $4,"	\
	    " province_code = $5, regency_code = $6,"			\
	    " organization_id = $7, parent_unit_id = $8, address = $9,"	\
	    " head_name = $10, head_title = $11, phone = $12,"		\
	    " email = $13, active = $14, updated_at = $15"		\
	    " WHERE id = $1 RETURNING id")				\
	/* $1 id, $2 parent_unit_id, $3 now. */				\
	X(UNIT_SET_PARENT,						\
	    "UPDATE unit SET parent_unit_id = $2, updated_at = $3"	\
	    " WHERE id = $1")						\
	/* $1 user_id -> the user's grants with the unit a unit or	\
	 * participation grant reaches and where it sits (unit_id,	\
	 * unit_province, unit_organization; NULL for other grants). */	\
	X(GRANT_LIST_PLACED,						\
	    "SELECT g.id AS id, g.role AS role, g.scope_kind AS scope_kind," \
	    " g.scope_id AS scope_id, g.may_revoke AS may_revoke,"	\
	    " u.id AS unit_id, u.province_code AS unit_province,"	\
	    " u.organization_id AS unit_organization"			\
	    " FROM role_grant g LEFT JOIN participation pp"		\
	    " ON g.scope_kind = 'participation' AND pp.id = g.scope_id"	\
	    " LEFT JOIN unit u ON u.id = CASE WHEN g.scope_kind = 'unit'"	\
	    " THEN g.scope_id ELSE pp.unit_id END"			\
	    " WHERE g.user_id = $1 ORDER BY g.role, g.scope_kind, g.scope_id") \
									\
	/* Cycles (migration 0006). $1 programme, $2 year, $3 title,	\
	 * $4 rulebook_id, $5 tz, $6 now, $7 created_by -> {"id"}, no row \
	 * when the programme has a cycle of that title already. */	\
	X(CYCLE_INSERT,							\
	    "INSERT INTO cycle (programme, year, title, rulebook_id, tz,"	\
	    " created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)" \
	    " ON CONFLICT (programme, title) DO NOTHING RETURNING id")	\
	/* $1 cycle, $2 stage, $3 position, $4 opens_at, $5 deadline_at. */ \
	X(CYCLE_STAGE_INSERT,						\
	    "INSERT INTO cycle_stage (cycle_id, stage, position, opens_at," \
	    " deadline_at) VALUES ($1, $2, $3, $4, $5)")		\
	/* Every cycle with its rulebook and how many units take part,	\
	 * newest first. */						\
	X(CYCLE_LIST,							\
	    "SELECT c.id AS id, c.programme AS programme, c.year AS year," \
	    " c.title AS title, c.tz AS tz, r.code AS rulebook_code,"	\
	    " r.version AS rulebook_version,"				\
	    " (SELECT count(*) FROM participation p WHERE p.cycle_id = c.id)" \
	    " AS participations FROM cycle c"				\
	    " JOIN rulebook r ON r.id = c.rulebook_id"			\
	    " ORDER BY c.year DESC, c.id DESC")				\
	/* $1 id -> the cycle with its rulebook, or no row. */		\
	X(CYCLE_GET,							\
	    "SELECT c.id AS id, c.programme AS programme, c.year AS year," \
	    " c.title AS title, c.tz AS tz, c.rulebook_id AS rulebook_id," \
	    " r.code AS rulebook_code, r.version AS rulebook_version,"	\
	    " r.title_id AS rulebook_title_id, r.title_en AS rulebook_title_en," \
	    " c.created_at AS created_at FROM cycle c"			\
	    " JOIN rulebook r ON r.id = c.rulebook_id WHERE c.id = $1")	\
	/* $1 cycle -> its stages in the order they run. */		\
	X(CYCLE_STAGES,							\
	    "SELECT stage, position, opens_at, deadline_at FROM cycle_stage" \
	    " WHERE cycle_id = $1 ORDER BY position")			\
	/* $1 cycle, scope $2-$5 as the registry's $1-$4 -> how many	\
	 * participations the caller sees at each stage and state. */	\
	X(CYCLE_COUNTS,							\
	    "SELECT p.stage AS stage, p.state AS state, count(*) AS n"	\
	    " FROM participation p JOIN unit u ON u.id = p.unit_id"	\
	    " WHERE p.cycle_id = $5 AND" REG_SCOPE_SQLITE("u")		\
	    " GROUP BY p.stage, p.state",				\
	    "SELECT p.stage AS stage, p.state AS state, count(*) AS n"	\
	    " FROM participation p JOIN unit u ON u.id = p.unit_id"	\
	    " WHERE p.cycle_id = $5 AND" REG_SCOPE_PG("u")		\
	    " GROUP BY p.stage, p.state")				\
	/* Scope $1-$4, $5 cycle, $6 limit, $7 offset -> the participations \
	 * the caller sees, with their units. */			\
	X(PARTICIPATION_LIST,						\
	    "SELECT p.id AS id, p.stage AS stage, p.state AS state,"	\
	    " p.unit_id AS unit_id, u.name AS unit_name,"		\
	    " u.unit_type AS unit_type, u.province_code AS province_code" \
	    " FROM participation p JOIN unit u ON u.id = p.unit_id"	\
	    " WHERE p.cycle_id = $5 AND" REG_SCOPE_SQLITE("u")		\
	    " ORDER BY u.province_code, u.name, p.id LIMIT $6 OFFSET $7",	\
	    "SELECT p.id AS id, p.stage AS stage, p.state AS state,"	\
	    " p.unit_id AS unit_id, u.name AS unit_name,"		\
	    " u.unit_type AS unit_type, u.province_code AS province_code" \
	    " FROM participation p JOIN unit u ON u.id = p.unit_id"	\
	    " WHERE p.cycle_id = $5 AND" REG_SCOPE_PG("u")		\
	    " ORDER BY u.province_code, u.name, p.id LIMIT $6 OFFSET $7")	\
	/* A form's participation picker (svc/pick.c): those whose unit	\
	 * scope $1-$4 holds, of cycle $5, at stage $6 and state $7	\
	 * (each NULL: any), $8 LIKE pattern on the unit's lowercased	\
	 * name or NULL, $9 only this id or NULL, $10 limit, $11 offset. */ \
	X(PARTICIPATION_PICK,						\
	    "SELECT p.id AS id, u.name AS name,"			\
	    " u.province_code AS province_code, c.title AS cycle_title"	\
	    " FROM participation p JOIN unit u ON u.id = p.unit_id"	\
	    " JOIN cycle c ON c.id = p.cycle_id WHERE" REG_SCOPE_SQLITE("u") \
	    PICK_PARTICIPATION_FILTERS					\
	    " ORDER BY u.province_code, u.name, p.id LIMIT $10 OFFSET $11", \
	    "SELECT p.id AS id, u.name AS name,"			\
	    " u.province_code AS province_code, c.title AS cycle_title"	\
	    " FROM participation p JOIN unit u ON u.id = p.unit_id"	\
	    " JOIN cycle c ON c.id = p.cycle_id WHERE" REG_SCOPE_PG("u")	\
	    PICK_PARTICIPATION_FILTERS					\
	    " ORDER BY u.province_code, u.name, p.id LIMIT $10 OFFSET $11") \
	/* $1 cycle, $2 unit, $3 stage, $4 state, $5 now, $6 by ->	\
	 * {"id"}, no row when the unit takes part already. */		\
	X(PARTICIPATION_INSERT,						\
	    "INSERT INTO participation (cycle_id, unit_id, stage, state,"	\
	    " enrolled_at, enrolled_by, updated_at)"			\
	    " VALUES ($1, $2, $3, $4, $5, $6, $5)"			\
	    " ON CONFLICT (cycle_id, unit_id) DO NOTHING RETURNING id")	\
	/* $1 participation -> where its unit sits, or no row. */	\
	X(PARTICIPATION_PLACE,						\
	    "SELECT p.id AS id, u.id AS unit_id, u.province_code AS province_code," \
	    " u.organization_id AS organization_id FROM participation p"	\
	    " JOIN unit u ON u.id = p.unit_id WHERE p.id = $1")		\
	/* $1 participation, $2 stage, $3 state, $4 now. */		\
	X(PARTICIPATION_SET_STATE,					\
	    "UPDATE participation SET stage = $2, state = $3, updated_at = $4" \
	    " WHERE id = $1")						\
	/* Enrol every active unit that the scope $1-$4 holds, UNIT_LIST's \
	 * filters $5-$10 match and whose type is in the comma list $11, \
	 * into cycle $12 at stage $13, state $14; $15 now, $16 by.	\
	 * Units already in the cycle are left as they are. -> {"id"}	\
	 * per new participation. */					\
	X(PARTICIPATION_ENROL,						\
	    "INSERT INTO participation (cycle_id, unit_id, stage, state,"	\
	    " enrolled_at, enrolled_by, updated_at)"			\
	    " SELECT $12, u.id, $13, $14, $15, $16, $15 FROM unit u"	\
	    " WHERE u.active = 1 AND" REG_SCOPE_SQLITE("u") REG_UNIT_FILTERS \
	    " AND (',' || CAST($11 AS TEXT) || ',') LIKE ('%,' || u.unit_type || ',%')" \
	    " ORDER BY u.id"						\
	    " ON CONFLICT (cycle_id, unit_id) DO NOTHING RETURNING id",	\
	    "INSERT INTO participation (cycle_id, unit_id, stage, state,"	\
	    " enrolled_at, enrolled_by, updated_at)"			\
	    " SELECT $12, u.id, $13, $14, $15, $16, $15 FROM unit u"	\
	    " WHERE u.active = 1 AND" REG_SCOPE_PG("u") REG_UNIT_FILTERS	\
	    " AND (',' || CAST($11 AS TEXT) || ',') LIKE ('%,' || u.unit_type || ',%')" \
	    " ORDER BY u.id"						\
	    " ON CONFLICT (cycle_id, unit_id) DO NOTHING RETURNING id")	\
	/* Each feature below keeps its statements in its own header. */ \
	DB_STMTS_PARTICIPATION(X)					\
	DB_STMTS_FILES(X)						\
	DB_STMTS_DOCUMENTS(X)						\
	DB_STMTS_DECLARATION(X)						\
	DB_STMTS_BUILDING(X)						\
	DB_STMTS_PROGRESS(X)

/*
 * Pieces of the registry statements above (expanded where DB_STMTS is,
 * so they may follow it). REG_SCOPE_*(t): unit alias t lies in the
 * caller's scope $1-$4; REG_ORG_SCOPE_*(t): organization alias t does
 * ($1-$3; unit grants reach no organization).
 */
#define REG_SCOPE_SQLITE(t)						\
	" (CAST($1 AS INTEGER) = 1"					\
	" OR " t ".province_code IN (SELECT value FROM json_each($2))"	\
	" OR " t ".organization_id IN (SELECT value FROM json_each($3))"	\
	" OR " t ".id IN (SELECT value FROM json_each($4)))"
#define REG_SCOPE_PG(t)							\
	" (CAST($1 AS INTEGER) = 1"					\
	" OR " t ".province_code IN (SELECT CAST(value AS INTEGER)"	\
	" FROM json_array_elements_text(CAST($2 AS JSON)))"		\
	" OR " t ".organization_id IN (SELECT CAST(value AS BIGINT)"	\
	" FROM json_array_elements_text(CAST($3 AS JSON)))"		\
	" OR " t ".id IN (SELECT CAST(value AS BIGINT)"		\
	" FROM json_array_elements_text(CAST($4 AS JSON))))"
#define REG_ORG_SCOPE_SQLITE(t)						\
	" (CAST($1 AS INTEGER) = 1"					\
	" OR " t ".province_code IN (SELECT value FROM json_each($2))"	\
	" OR " t ".id IN (SELECT value FROM json_each($3)))"
#define REG_ORG_SCOPE_PG(t)						\
	" (CAST($1 AS INTEGER) = 1"					\
	" OR " t ".province_code IN (SELECT CAST(value AS INTEGER)"	\
	" FROM json_array_elements_text(CAST($2 AS JSON)))"		\
	" OR " t ".id IN (SELECT CAST(value AS BIGINT)"		\
	" FROM json_array_elements_text(CAST($3 AS JSON))))"
/* UNIT_LIST's filters $5-$10 on alias u. */
#define REG_UNIT_FILTERS						\
	" AND (CAST($5 AS BIGINT) IS NULL"				\
	" OR u.organization_id = CAST($5 AS BIGINT))"			\
	" AND (CAST($6 AS INTEGER) IS NULL"				\
	" OR u.province_code = CAST($6 AS INTEGER))"			\
	" AND (CAST($7 AS TEXT) IS NULL OR u.unit_type = CAST($7 AS TEXT))" \
	" AND (CAST($8 AS TEXT) IS NULL OR u.sector = CAST($8 AS TEXT))"	\
	" AND (CAST($9 AS TEXT) IS NULL"				\
	" OR lower(u.name) LIKE CAST($9 AS TEXT) ESCAPE '\\')"		\
	" AND (CAST($10 AS INTEGER) IS NULL"				\
	" OR u.regency_code = CAST($10 AS INTEGER))"
/* PARTICIPATION_PICK's filters $5-$9 on aliases p and u. */
#define PICK_PARTICIPATION_FILTERS					\
	" AND (CAST($5 AS BIGINT) IS NULL OR p.cycle_id = CAST($5 AS BIGINT))" \
	" AND (CAST($6 AS TEXT) IS NULL OR p.stage = CAST($6 AS TEXT))"	\
	" AND (CAST($7 AS TEXT) IS NULL OR p.state = CAST($7 AS TEXT))"	\
	" AND (CAST($8 AS TEXT) IS NULL"				\
	" OR lower(u.name) LIKE CAST($8 AS TEXT) ESCAPE '\\')"		\
	" AND (CAST($9 AS BIGINT) IS NULL OR p.id = CAST($9 AS BIGINT))"
/* A unit's list columns (alias u, its organization o). */
#define REG_UNIT_ROW							\
	" u.id AS id, u.name AS name, u.unit_type AS unit_type,"	\
	" u.sector AS sector, u.province_code AS province_code,"	\
	" u.regency_code AS regency_code,"				\
	" u.organization_id AS organization_id,"			\
	" o.name AS organization_name, u.active AS active"
/* Every column of a unit with the names it refers to. */
#define REG_UNIT_FULL							\
	REG_UNIT_ROW ", r.name AS regency_name,"			\
	" u.parent_unit_id AS parent_unit_id, p.name AS parent_name,"	\
	" u.address AS address, u.head_name AS head_name,"		\
	" u.head_title AS head_title, u.phone AS phone,"		\
	" u.email AS email"
#define REG_UNIT_JOINS							\
	" JOIN organization o ON o.id = u.organization_id"		\
	" LEFT JOIN regency r ON r.code = u.regency_code"		\
	" LEFT JOIN unit p ON p.id = u.parent_unit_id"

#endif
