/*
 * stmts_decree.h - SQL statements of the Minister's decree, its annex and
 * the awards it gives; part of the closed set in db/stmts.h, written the
 * same way.
 */
#ifndef P2HAM_DB_STMTS_DECREE_H
#define P2HAM_DB_STMTS_DECREE_H

/* clang-format off */
#define DECREE_COLUMNS							\
	" d.id AS id, d.cycle_id AS cycle_id, d.number AS number,"	\
	" d.decreed_on AS decreed_on, d.place AS place,"		\
	" d.signer_name AS signer_name, d.signer_title AS signer_title," \
	" d.considerations AS considerations, d.award_date AS award_date," \
	" d.amends_id AS amends_id, d.amend_reason AS amend_reason,"	\
	" a.number AS amends_number, d.status AS status,"		\
	" d.created_at AS created_at, d.updated_at AS updated_at,"	\
	" d.issued_at AS issued_at, d.document_id AS document_id,"	\
	" d.document_serial AS document_serial,"			\
	" d.paper_sha256 AS paper_sha256, d.paper_name AS paper_name,"	\
	" d.paper_mime AS paper_mime, d.paper_size AS paper_size,"	\
	" d.paper_at AS paper_at, c.year AS cycle_year,"		\
	" c.title AS cycle_title, c.rulebook_id AS rulebook_id"	\
	" FROM decree d JOIN cycle c ON c.id = d.cycle_id"		\
	" LEFT JOIN decree a ON a.id = d.amends_id"

/* The award of a participation with what its certificate prints. */
#define AWARD_COLUMNS							\
	" w.participation_id AS participation_id, w.decree_id AS decree_id," \
	" w.predicate AS predicate, w.award_date AS award_date,"	\
	" w.certificate_id AS certificate_id,"				\
	" w.certificate_serial AS certificate_serial,"			\
	" w.revoked_at AS revoked_at, d.number AS decree_number,"	\
	" d.decreed_on AS decreed_on, d.place AS place,"		\
	" d.signer_name AS signer_name, d.signer_title AS signer_title," \
	" d.status AS decree_status, p.cycle_id AS cycle_id,"		\
	" p.unit_id AS unit_id, u.name AS unit_name,"			\
	" u.province_code AS province_code, c.year AS cycle_year,"	\
	" c.rulebook_id AS rulebook_id"				\
	" FROM award w JOIN decree d ON d.id = w.decree_id"		\
	" JOIN participation p ON p.id = w.participation_id"		\
	" JOIN unit u ON u.id = p.unit_id JOIN cycle c ON c.id = p.cycle_id"

#define DB_STMTS_DECREE(X)						\
	/* $1 cycle, $2 number, $3 decreed_on, $4 place, $5 signer	\
	 * name, $6 signer title, $7 considerations, $8 award_date, $9	\
	 * amends or NULL, $10 amend_reason or NULL, $11 by or NULL,	\
	 * $12 now -> {"id"}: a new draft. */				\
	X(DECREE_INSERT,						\
	    "INSERT INTO decree (cycle_id, number, decreed_on, place,"	\
	    " signer_name, signer_title, considerations, award_date,"	\
	    " amends_id, amend_reason, status, created_by, created_at,"	\
	    " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10," \
	    " 'draft', $11, $12, $12) RETURNING id AS id")		\
	/* $1 id, $2 number, $3 decreed_on, $4 place, $5 signer name,	\
	 * $6 signer title, $7 considerations, $8 award_date, $9	\
	 * amend_reason or NULL (kept NULL when it amends none), $10	\
	 * now -> {"id"} while a draft; no row once issued. */		\
	X(DECREE_UPDATE,						\
	    "UPDATE decree SET number = $2, decreed_on = $3, place = $4," \
	    " signer_name = $5, signer_title = $6, considerations = $7," \
	    " award_date = $8, amend_reason = CASE WHEN amends_id IS NULL" \
	    " THEN NULL ELSE $9 END, updated_at = $10"			\
	    " WHERE id = $1 AND status = 'draft' RETURNING id AS id")	\
	/* $1 id -> the decree (DECREE_COLUMNS) or no row. */		\
	X(DECREE_GET, "SELECT" DECREE_COLUMNS " WHERE d.id = $1")	\
	/* $1 cycle -> its decrees, newest first. */			\
	X(DECREE_LIST,							\
	    "SELECT" DECREE_COLUMNS " WHERE d.cycle_id = $1 ORDER BY d.id DESC") \
	/* $1 number, $2 id -> {"id"} of another issued decree with	\
	 * that number, or no row. */					\
	X(DECREE_NUMBER_USED,						\
	    "SELECT id AS id FROM decree WHERE number = $1 AND id <> $2" \
	    " AND status = 'issued'")					\
	/* $1 cycle -> {"id", "state", "unit_name"} of the participations \
	 * the plenary decided and no decree has yet, by unit name. */	\
	X(DECREE_CANDIDATES,						\
	    "SELECT p.id AS id, p.state AS state, u.name AS unit_name"	\
	    " FROM participation p JOIN unit u ON u.id = p.unit_id"	\
	    " WHERE p.cycle_id = $1 AND p.stage = 'penilaian'"		\
	    " AND p.state IN ('recommended', 'not_recommended')"	\
	    " ORDER BY u.name, p.id")					\
	/* $1 decree: its annex emptied (a draft redrawn). */		\
	X(DECREE_ENTRY_CLEAR,						\
	    "DELETE FROM decree_entry WHERE decree_id = $1")		\
	/* $1 decree, $2 participation, $3 awarded 0/1, $4 predicate or	\
	 * NULL, $5 total. */						\
	X(DECREE_ENTRY_ADD,						\
	    "INSERT INTO decree_entry (decree_id, participation_id,"	\
	    " awarded, predicate, total) VALUES ($1, $2, $3, $4, $5)")	\
	/* $1 new decree, $2 the decree it amends: the annex copied. */	\
	X(DECREE_ENTRY_COPY,						\
	    "INSERT INTO decree_entry (decree_id, participation_id,"	\
	    " awarded, predicate, total) SELECT $1, participation_id,"	\
	    " awarded, predicate, total FROM decree_entry"		\
	    " WHERE decree_id = $2")					\
	/* $1 decree -> its annex {participation_id, awarded, predicate, \
	 * total, unit_name, province_code, state, certificate_serial	\
	 * (of a certificate made after the decree's own document: a	\
	 * corrected award's earlier one is not)}, by unit name. */	\
	X(DECREE_ENTRIES,						\
	    "SELECT e.participation_id AS participation_id,"		\
	    " e.awarded AS awarded, e.predicate AS predicate,"		\
	    " e.total AS total, u.name AS unit_name,"			\
	    " u.province_code AS province_code, p.state AS state,"	\
	    " CASE WHEN w.certificate_id > COALESCE(d.document_id, 0)"	\
	    " THEN w.certificate_serial END AS certificate_serial"	\
	    " FROM decree_entry e JOIN decree d ON d.id = e.decree_id"	\
	    " JOIN participation p"					\
	    " ON p.id = e.participation_id JOIN unit u ON u.id = p.unit_id" \
	    " LEFT JOIN award w ON w.participation_id = e.participation_id" \
	    " AND w.decree_id = e.decree_id"				\
	    " WHERE e.decree_id = $1 ORDER BY u.name, p.id")		\
	/* $1 participation -> {awarded, predicate, total, decree_id,	\
	 * number, decreed_on} of the latest issued decree that decided	\
	 * on it, or no row. */						\
	X(DECREE_ENTRY_OF,						\
	    "SELECT e.awarded AS awarded, e.predicate AS predicate,"	\
	    " e.total AS total, d.id AS decree_id, d.number AS number,"	\
	    " d.decreed_on AS decreed_on, c.rulebook_id AS rulebook_id"	\
	    " FROM decree_entry e JOIN decree d ON d.id = e.decree_id"	\
	    " JOIN cycle c ON c.id = d.cycle_id"			\
	    " WHERE e.participation_id = $1 AND d.status = 'issued'"	\
	    " ORDER BY d.issued_at DESC, d.id DESC LIMIT 1")		\
	/* $1 id, $2 issued_by or NULL, $3 issued_at, $4 document, $5	\
	 * serial -> {"id"} when it was a draft until now. */		\
	X(DECREE_ISSUE,							\
	    "UPDATE decree SET status = 'issued', issued_by = $2,"	\
	    " issued_at = $3, updated_at = $3, document_id = $4,"	\
	    " document_serial = $5 WHERE id = $1 AND status = 'draft'"	\
	    " RETURNING id AS id")					\
	/* $1 id, $2 sha256, $3 name, $4 mime, $5 size, $6 by or NULL,	\
	 * $7 at -> {"id"} when issued. */				\
	X(DECREE_PAPER,							\
	    "UPDATE decree SET paper_sha256 = $2, paper_name = $3,"	\
	    " paper_mime = $4, paper_size = $5, paper_by = $6,"		\
	    " paper_at = $7 WHERE id = $1 AND status = 'issued'"	\
	    " RETURNING id AS id")					\
	/* $1 participation, $2 decree, $3 predicate, $4 award_date,	\
	 * $5 now: the award given, or moved to the decree that		\
	 * corrects the one that gave it. */				\
	X(AWARD_PUT,							\
	    "INSERT INTO award (participation_id, decree_id, predicate,"	\
	    " award_date, created_at) VALUES ($1, $2, $3, $4, $5)"	\
	    " ON CONFLICT (participation_id) DO UPDATE SET"		\
	    " decree_id = excluded.decree_id,"				\
	    " predicate = excluded.predicate,"				\
	    " award_date = excluded.award_date")			\
	/* $1 participation -> its award (AWARD_COLUMNS) or no row. */	\
	X(AWARD_GET,							\
	    "SELECT" AWARD_COLUMNS " WHERE w.participation_id = $1")	\
	/* $1 participation, $2 certificate, $3 serial. */		\
	X(AWARD_CERTIFICATE,						\
	    "UPDATE award SET certificate_id = $2,"			\
	    " certificate_serial = $3 WHERE participation_id = $1"	\
	    " RETURNING participation_id AS id")			\
	/* $1 decree -> {"participation_id"} of the awards it gave.	*/ \
	X(AWARD_OF_DECREE,						\
	    "SELECT participation_id AS participation_id FROM award"	\
	    " WHERE decree_id = $1 ORDER BY participation_id")		\
	/* $1 cycle, $2 province -> the standing awards with a		\
	 * certificate of the province's units (AWARD_COLUMNS), by name. */ \
	X(AWARD_PROVINCE,						\
	    "SELECT" AWARD_COLUMNS " WHERE p.cycle_id = $1"		\
	    " AND u.province_code = $2 AND w.revoked_at IS NULL"	\
	    " AND w.certificate_serial IS NOT NULL ORDER BY u.name, p.id")
/* clang-format on */
#endif
