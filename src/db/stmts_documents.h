/*
 * stmts_documents.h - SQL statements of generated documents, their serials and
 * verification; part of the closed set in db/stmts.h, written the same way.
 */
#ifndef P2HAM_DB_STMTS_DOCUMENTS_H
#define P2HAM_DB_STMTS_DOCUMENTS_H

/* The columns of one document with its unit's place (for the policy and
 * the time zone of its dates). */
/* clang-format off */
#define DOC_COLUMNS							\
	" d.id AS id, d.serial AS serial, d.kind AS kind, d.year AS year," \
	" d.seq AS seq, d.participation_id AS participation_id,"	\
	" d.unit_id AS unit_id, d.unit_name AS unit_name, d.title AS title," \
	" d.issuer AS issuer, d.sha256 AS sha256, d.signature AS signature," \
	" d.issued_at AS issued_at, d.withdrawn_at AS withdrawn_at,"	\
	" d.withdrawn_reason AS withdrawn_reason, d.cycle_id AS cycle_id," \
	" u.province_code AS province_code,"				\
	" u.organization_id AS organization_id"				\
	" FROM document d LEFT JOIN unit u ON u.id = d.unit_id"

#define DB_STMTS_DOCUMENTS(X)						\
	/* $1 kind, $2 year -> {"seq"}: the next number, taken in a	\
	 * short transaction of its own (the row stays locked until it	\
	 * ends, so concurrent issuers queue for that moment only; a	\
	 * number taken is never given again). */			\
	X(DOCUMENT_SERIAL_NEXT,						\
	    "INSERT INTO document_serial (kind, year, last_seq) VALUES ($1, $2, 1)" \
	    " ON CONFLICT (kind, year) DO UPDATE"			\
	    " SET last_seq = document_serial.last_seq + 1"		\
	    " RETURNING last_seq AS seq")				\
	/* $1 kind, $2 year -> {"last_seq"}: the last number taken, or	\
	 * no row when none was. */					\
	X(DOCUMENT_SERIAL_LAST,						\
	    "SELECT last_seq AS last_seq FROM document_serial"		\
	    " WHERE kind = $1 AND year = $2")				\
	/* $1 serial, $2 kind, $3 year, $4 seq, $5 participation or	\
	 * NULL, $6 unit or NULL, $7 unit_name, $8 title, $9 issuer,	\
	 * $10 sha256, $11 signature, $12 issued_at, $13 issued_by or	\
	 * NULL, $14 cycle or NULL (then the participation's) -> {"id"}. */ \
	X(DOCUMENT_INSERT,						\
	    "INSERT INTO document (serial, kind, year, seq, participation_id," \
	    " unit_id, unit_name, title, issuer, sha256, signature, issued_at," \
	    " issued_by, cycle_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9," \
	    " $10, $11, $12, $13, COALESCE(CAST($14 AS BIGINT),"	\
	    " (SELECT p.cycle_id FROM participation p WHERE p.id = $5)))" \
	    " RETURNING id AS id")					\
	/* $1 serial -> the document (DOC_COLUMNS) or no row. */	\
	X(DOCUMENT_BY_SERIAL,						\
	    "SELECT" DOC_COLUMNS " WHERE d.serial = $1")		\
	/* $1 id -> the document (DOC_COLUMNS) or no row. */		\
	X(DOCUMENT_GET,							\
	    "SELECT" DOC_COLUMNS " WHERE d.id = $1")			\
	/* $1 participation -> its documents (DOC_COLUMNS), newest	\
	 * first. */							\
	X(DOCUMENT_LIST,						\
	    "SELECT" DOC_COLUMNS " WHERE d.participation_id = $1"	\
	    " ORDER BY d.id DESC")					\
	/* $1 id, $2 withdrawn_at, $3 by or NULL, $4 reason -> {"id"}	\
	 * when it stood until now; no row otherwise. */		\
	X(DOCUMENT_WITHDRAW,						\
	    "UPDATE document SET withdrawn_at = $2, withdrawn_by = $3,"	\
	    " withdrawn_reason = $4 WHERE id = $1 AND withdrawn_at IS NULL" \
	    " RETURNING id AS id")					\
	/* The letterhead settings -> {"key", "value"} rows. */		\
	X(DOCUMENT_LETTERHEAD,						\
	    "SELECT key AS key, value AS value FROM setting"		\
	    " WHERE key IN ('letterhead.line1', 'letterhead.line2',"	\
	    " 'letterhead.line3', 'letterhead.address')")
/* clang-format on */
#endif
