/*
 * stmts_cluster.h - SQL statements that let several servers share one
 * database: the public forms' per-address counts, the installation's
 * signing key and the lock that gives a periodic job to one server; part
 * of the closed set in db/stmts.h, written the same way. Tables:
 * migrations/0028_cluster.sql.
 */
#ifndef P2HAM_DB_STMTS_CLUSTER_H
#define P2HAM_DB_STMTS_CLUSTER_H

/* clang-format off */
#define DB_STMTS_CLUSTER(X) \
	/* Count one post of address $1 in the window starting at $2 (Unix \
	 * seconds); a row of an older window starts again at 1. -> {"used"} \
	 * the posts counted in the window, this one included. */ \
	X(FORM_RATE_TAKE, \
	    "INSERT INTO form_rate (address, window_start, used)" \
	    " VALUES ($1, $2, 1) ON CONFLICT (address) DO UPDATE SET" \
	    " used = CASE WHEN form_rate.window_start < excluded.window_start" \
	    " THEN 1 ELSE form_rate.used + 1 END," \
	    " window_start = CASE WHEN form_rate.window_start" \
	    " < excluded.window_start THEN excluded.window_start" \
	    " ELSE form_rate.window_start END" \
	    " RETURNING used") \
	/* Forget the counts of windows that began before $1. */ \
	X(FORM_RATE_SWEEP, \
	    "DELETE FROM form_rate WHERE window_start < $1") \
	/* -> {"public_key"} of the installation, or no row. */ \
	X(SIGNING_KEY_GET, \
	    "SELECT public_key FROM signing_key WHERE id = 1") \
	/* $1 public key (base64), $2 now; keeps a key already there. */ \
	X(SIGNING_KEY_PUT, \
	    "INSERT INTO signing_key (id, public_key, created_at)" \
	    " VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING") \
	/* Session-level locks of periodic jobs, $1 the job's key -> \
	 * {"held"}; run by db_lock_try and db_lock_release on PostgreSQL \
	 * only (a SQLite database has one server). */ \
	X(LOCK_TRY, \
	    "SELECT CAST($1 AS BIGINT) AS held", \
	    "SELECT pg_try_advisory_lock(CAST($1 AS BIGINT)) AS held") \
	X(LOCK_RELEASE, \
	    "SELECT CAST($1 AS BIGINT) AS held", \
	    "SELECT pg_advisory_unlock(CAST($1 AS BIGINT)) AS held")
/* clang-format on */

#endif
