/*
 * stmts_files.h - SQL statements of uploaded files and their store; part of
 * the closed set in db/stmts.h, written the same way.
 */
#ifndef P2HAM_DB_STMTS_FILES_H
#define P2HAM_DB_STMTS_FILES_H

/* clang-format off */
#define DB_STMTS_FILES(X)						\
	/* $1 sha256 -> one row when some file row holds that content. */ \
	X(FILE_SHA_USED,						\
	    "SELECT 1 AS one FROM file WHERE sha256 = $1 UNION ALL"	\
	    " SELECT 1 AS one FROM decree WHERE paper_sha256 = $1 UNION ALL" \
	    " SELECT 1 AS one FROM complaint_file WHERE sha256 = $1 LIMIT 1") \
	/* $1 sha256, $2 name, $3 mime, $4 size, $5 participation_id,	\
	 * $6 purpose, $7 indicator or NULL, $8 uploaded_by,		\
	 * $9 uploaded_at, $10 replaces_id or NULL -> {"id"}. */	\
	X(FILE_INSERT,							\
	    "INSERT INTO file (sha256, name, mime, size, participation_id,"	\
	    " purpose, indicator, uploaded_by, uploaded_at, replaces_id)"	\
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"		\
	    " RETURNING id AS id")					\
	/* One file by id $1, live or removed, with its uploader's	\
	 * name. */							\
	X(FILE_GET,							\
	    "SELECT f.id AS id, f.sha256 AS sha256, f.name AS name,"	\
	    " f.mime AS mime, f.size AS size,"				\
	    " f.participation_id AS participation_id,"			\
	    " f.purpose AS purpose, f.indicator AS indicator,"		\
	    " f.uploaded_by AS uploaded_by, f.uploaded_at AS uploaded_at,"	\
	    " f.replaces_id AS replaces_id, f.removed_at AS removed_at,"	\
	    " f.removed_by AS removed_by,"				\
	    " COALESCE(u.full_name, '') AS uploaded_by_name"		\
	    " FROM file f LEFT JOIN users u ON u.id = f.uploaded_by"	\
	    " WHERE f.id = $1")						\
	/* Mark live file $1 removed at $2 by $3 -> {"id"}, no row when	\
	 * it was removed already. */					\
	X(FILE_REMOVE,							\
	    "UPDATE file SET removed_at = $2, removed_by = $3"		\
	    " WHERE id = $1 AND removed_at IS NULL RETURNING id AS id")	\
	/* Live files of participation $1, purpose $2 and indicator $3	\
	 * (each NULL: any), oldest first. */				\
	X(FILE_LIST,							\
	    "SELECT f.id AS id, f.name AS name, f.mime AS mime,"	\
	    " f.size AS size, f.purpose AS purpose,"			\
	    " f.indicator AS indicator, f.uploaded_at AS uploaded_at,"	\
	    " COALESCE(u.full_name, '') AS uploaded_by_name"		\
	    " FROM file f LEFT JOIN users u ON u.id = f.uploaded_by"	\
	    " WHERE f.participation_id = $1 AND f.removed_at IS NULL"	\
	    " AND (CAST($2 AS TEXT) IS NULL OR f.purpose = CAST($2 AS TEXT))"	\
	    " AND (CAST($3 AS TEXT) IS NULL OR f.indicator = CAST($3 AS TEXT))"	\
	    " ORDER BY f.uploaded_at, f.id LIMIT 1000")			\
	/* Live files of participation $1 with purpose $2 per indicator	\
	 * -> {"indicator", "n"}. */					\
	X(FILE_COUNT_BY_INDICATOR,					\
	    "SELECT indicator AS indicator, count(*) AS n FROM file"	\
	    " WHERE participation_id = $1 AND purpose = $2"		\
	    " AND removed_at IS NULL AND indicator IS NOT NULL"		\
	    " GROUP BY indicator ORDER BY indicator")			\
	DB_STMTS_FILE_STORE(X)

/*
 * The store in the database (--files postgresql, migrations/
 * 0026_file_store.sql): contents by SHA-256, in pieces read one per
 * statement, never whole.
 */
#define DB_STMTS_FILE_STORE(X)						\
	/* $1 sha256, $2 now -> {"size"} when that content is stored:	\
	 * its time renewed, so the sweep leaves it to the row about	\
	 * to be written. */						\
	X(FILE_BLOB_TOUCH,						\
	    "UPDATE file_blob SET stored_at = $2 WHERE sha256 = $1"	\
	    " RETURNING size AS size")					\
	/* $1 sha256, $2 size, $3 now -> {"sha256"}; no row when it is	\
	 * there already (waits for a concurrent writer of the same	\
	 * content to end). */						\
	X(FILE_BLOB_INSERT,						\
	    "INSERT INTO file_blob (sha256, size, stored_at)"		\
	    " VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING"	\
	    " RETURNING sha256 AS sha256")				\
	/* $1 sha256, $2 piece number, $3 its bytes. */			\
	X(FILE_CHUNK_INSERT,						\
	    "INSERT INTO file_chunk (sha256, n, bytes) VALUES ($1, $2, $3)") \
	/* $1 sha256 -> {"size", "stored_at"} when it is stored. */	\
	X(FILE_BLOB_GET,						\
	    "SELECT size AS size, stored_at AS stored_at FROM file_blob"	\
	    " WHERE sha256 = $1")					\
	/* $1 sha256, $2 piece number -> its bytes (db_blob). */	\
	X(FILE_CHUNK_GET,						\
	    "SELECT bytes AS bytes FROM file_chunk"			\
	    " WHERE sha256 = $1 AND n = $2")				\
	/* Stored contents after sha256 $1, $2 at most, in order, those	\
	 * only generated documents hold left out when $3 is 1 ->	\
	 * {"sha256", "size"}. */					\
	X(FILE_BLOB_PAGE,						\
	    "SELECT sha256 AS sha256, size AS size FROM file_blob"	\
	    " WHERE sha256 > $1 AND (CAST($3 AS INTEGER) = 0"		\
	    " OR NOT EXISTS (SELECT 1 FROM document d"			\
	    " WHERE d.sha256 = file_blob.sha256)"			\
	    " OR EXISTS (SELECT 1 FROM file f"				\
	    " WHERE f.sha256 = file_blob.sha256))"			\
	    " ORDER BY sha256 LIMIT $2")				\
	/* Remove contents stored before $1 that no row holds ->	\
	 * {"sha256"} each (their pieces go with them). */		\
	X(FILE_BLOB_SWEEP,						\
	    "DELETE FROM file_blob WHERE stored_at < $1"		\
	    " AND NOT EXISTS (SELECT 1 FROM file f"			\
	    " WHERE f.sha256 = file_blob.sha256)"			\
	    " AND NOT EXISTS (SELECT 1 FROM decree d"			\
	    " WHERE d.paper_sha256 = file_blob.sha256)"		\
	    " AND NOT EXISTS (SELECT 1 FROM complaint_file c"		\
	    " WHERE c.sha256 = file_blob.sha256)"			\
	    " AND NOT EXISTS (SELECT 1 FROM document g"			\
	    " WHERE g.sha256 = file_blob.sha256)"			\
	    " RETURNING sha256 AS sha256")				\
	/* Contents rows hold (files, signed decree papers, complaint	\
	 * attachments) after sha256 $1, $2 at most, in order ->	\
	 * {"sha256", "size"} (the largest size recorded). */		\
	X(FILE_REFS_PAGE,						\
	    "SELECT sha256 AS sha256, max(size) AS size FROM ("		\
	    " SELECT sha256, size FROM file UNION ALL"			\
	    " SELECT paper_sha256, -1 FROM decree"			\
	    " WHERE paper_sha256 IS NOT NULL UNION ALL"		\
	    " SELECT sha256, size FROM complaint_file) r"		\
	    " WHERE sha256 > $1 GROUP BY sha256 ORDER BY sha256 LIMIT $2") \
	/* Generated documents after serial $1, $2 at most, in order ->	\
	 * {"serial", "sha256"}. */					\
	X(DOCUMENT_FILES_PAGE,						\
	    "SELECT serial AS serial, sha256 AS sha256 FROM document"	\
	    " WHERE serial > $1 ORDER BY serial LIMIT $2")
/* clang-format on */
#endif
