/*
 * stmts_results.h - SQL statements of the published results; part of the
 * closed set in db/stmts.h, written the same way. Tables:
 * migrations/0019_results.sql, and the decrees and awards of
 * 0018_decree.sql, read here.
 */
#ifndef P2HAM_DB_STMTS_RESULTS_H
#define P2HAM_DB_STMTS_RESULTS_H

/* The columns of a result version without its snapshot. */
#define RESULT_VERSION_COLS \
	"rv.id AS id, rv.cycle_id AS cycle_id, rv.version AS version," \
	" rv.corrects AS corrects, rv.sha256 AS sha256," \
	" rv.signature AS signature, rv.public_key AS public_key," \
	" rv.csv_sha256 AS csv_sha256, rv.csv_signature AS csv_signature," \
	" rv.unit_count AS unit_count, rv.published_at AS published_at"

#define DB_STMTS_RESULTS(X) \
	/* $1 cycle -> every participation an issued decree of the \
	 * cycle decided on, by the latest such decree: {participation_id, \
	 * awarded, predicate (the award's while it exists, else the \
	 * annex's), decree_number, decreed_on, revoked_at}. */ \
	X(RESULT_DECIDED, \
	    "SELECT de.participation_id AS participation_id," \
	    " de.awarded AS awarded," \
	    " COALESCE(aw.predicate, de.predicate) AS predicate," \
	    " d.number AS decree_number, d.decreed_on AS decreed_on," \
	    " aw.revoked_at AS revoked_at" \
	    " FROM decree_entry de JOIN decree d ON d.id = de.decree_id" \
	    " LEFT JOIN award aw ON aw.participation_id = de.participation_id" \
	    " WHERE d.cycle_id = $1 AND d.status = 'issued'" \
	    " AND d.id = (SELECT max(d2.id) FROM decree_entry e2" \
	    " JOIN decree d2 ON d2.id = e2.decree_id" \
	    " WHERE e2.participation_id = de.participation_id" \
	    " AND d2.status = 'issued')" \
	    " ORDER BY de.participation_id") \
	/* $1 cycle -> {"id"}, the row locked until the transaction ends \
	 * on PostgreSQL (SQLite's writers queue at BEGIN): versions of \
	 * one cycle are numbered one after the other. */ \
	X(RESULT_CYCLE_LOCK, "SELECT id AS id FROM cycle WHERE id = $1", \
	    "SELECT id AS id FROM cycle WHERE id = $1 FOR UPDATE") \
	/* $1 cycle -> {"version"}: the highest published, 0 for none. */ \
	X(RESULT_VERSION_MAX, \
	    "SELECT CAST(COALESCE(MAX(version), 0) AS INTEGER) AS version" \
	    " FROM result_version WHERE cycle_id = $1") \
	/* $1 cycle, $2 version, $3 corrects (NULL for version 1), $4 \
	 * snapshot, $5 sha256, $6 signature, $7 public key, $8 csv, $9 \
	 * csv sha256, $10 csv signature, $11 units, $12 by, $13 at -> \
	 * {"id"}. */ \
	X(RESULT_VERSION_INSERT, \
	    "INSERT INTO result_version (cycle_id, version, corrects," \
	    " snapshot, sha256, signature, public_key, csv, csv_sha256," \
	    " csv_signature, unit_count, published_by, published_at)" \
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)" \
	    " RETURNING id AS id") \
	/* $1 cycle -> its versions, newest first, without snapshots. */ \
	X(RESULT_VERSIONS, \
	    "SELECT " RESULT_VERSION_COLS " FROM result_version rv" \
	    " WHERE rv.cycle_id = $1 ORDER BY rv.version DESC") \
	/* $1 cycle, $2 version (0: the latest) -> the version with its \
	 * snapshot and CSV, or no row. */ \
	X(RESULT_VERSION_GET, \
	    "SELECT " RESULT_VERSION_COLS ", rv.snapshot AS snapshot," \
	    " rv.csv AS csv FROM result_version rv WHERE rv.cycle_id = $1" \
	    " AND rv.version = CASE WHEN CAST($2 AS INTEGER) = 0" \
	    " THEN (SELECT MAX(w.version) FROM result_version w" \
	    " WHERE w.cycle_id = $1) ELSE CAST($2 AS INTEGER) END") \
	/* Cycles with published results, newest first: {id, year, \
	 * title, programme, latest, published_at (of the latest)}. */ \
	X(RESULT_CYCLES, \
	    "SELECT c.id AS id, c.year AS year, c.title AS title," \
	    " c.programme AS programme, rv.version AS latest," \
	    " rv.unit_count AS unit_count, rv.published_at AS published_at" \
	    " FROM cycle c JOIN result_version rv ON rv.cycle_id = c.id" \
	    " WHERE rv.version = (SELECT MAX(w.version) FROM result_version w" \
	    " WHERE w.cycle_id = c.id) ORDER BY c.year DESC, c.id DESC")

#endif
