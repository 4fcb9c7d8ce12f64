/*
 * stmts_declaration.h - SQL statements of the declaration stage
 * (pencanangan, migration 0010); part of the closed set in db/stmts.h,
 * written the same way.
 */
#ifndef P2HAM_DB_STMTS_DECLARATION_H
#define P2HAM_DB_STMTS_DECLARATION_H

/* A declaration's columns with the names of the people involved. */
/* clang-format off */
#define DECL_COLUMNS							\
	" d.id AS id, d.cycle_id AS cycle_id,"				\
	" d.province_code AS province_code, d.status AS status,"	\
	" d.proposed_date AS proposed_date, d.mode AS mode,"		\
	" d.place AS place, d.link AS link,"				\
	" d.planned_witnesses AS planned_witnesses,"			\
	" d.requested_at AS requested_at, rq.full_name AS requested_by_name," \
	" d.decided_at AS decided_at, dc.full_name AS decided_by_name,"	\
	" d.reason AS reason, d.ditjen_witness_name AS ditjen_witness_name," \
	" d.ditjen_witness_position AS ditjen_witness_position,"	\
	" d.actual_date AS actual_date, d.actual_mode AS actual_mode,"	\
	" d.attendance AS attendance, d.recorded_at AS recorded_at,"	\
	" rc.full_name AS recorded_by_name,"				\
	" d.confirmed_at AS confirmed_at, cf.full_name AS confirmed_by_name"
#define DECL_NAME_JOINS							\
	" LEFT JOIN users rq ON rq.id = d.requested_by"			\
	" LEFT JOIN users dc ON dc.id = d.decided_by"			\
	" LEFT JOIN users rc ON rc.id = d.recorded_by"			\
	" LEFT JOIN users cf ON cf.id = d.confirmed_by"

#define DB_STMTS_DECLARATION(X)						\
	/* $1 cycle, $2 province, $3 proposed date, $4 mode, $5 place,	\
	 * $6 link, $7 planned witnesses, $8 by, $9 now -> {"id"}. */	\
	X(DECL_INSERT,							\
	    "INSERT INTO declaration (cycle_id, province_code, status,"	\
	    " proposed_date, mode, place, link, planned_witnesses,"	\
	    " requested_by, requested_at) VALUES ($1, $2, 'requested',"	\
	    " $3, $4, $5, $6, $7, $8, $9) RETURNING id")		\
	/* $1 declaration, $2 participation; a constraint error when the \
	 * participation is in another live declaration already. */	\
	X(DECL_MEMBER_INSERT,						\
	    "INSERT INTO declaration_member (declaration_id,"		\
	    " participation_id, live) VALUES ($1, $2, 1)")		\
	/* $1 participation -> its declarations, newest first (the live	\
	 * one, if any, is the first). */				\
	X(DECL_OF_PARTICIPATION,					\
	    "SELECT" DECL_COLUMNS ", m.live AS live FROM declaration_member m" \
	    " JOIN declaration d ON d.id = m.declaration_id" DECL_NAME_JOINS \
	    " WHERE m.participation_id = $1 ORDER BY d.id DESC LIMIT 20")	\
	/* $1 participation -> the live statement files uploaded for its	\
	 * live declaration (since it was requested), oldest first, with	\
	 * FILE_LIST's columns: a statement signed for an earlier		\
	 * declaration does not count for this one. */			\
	X(DECL_STATEMENTS,						\
	    "SELECT f.id AS id, f.name AS name, f.mime AS mime,"	\
	    " f.size AS size, f.purpose AS purpose,"			\
	    " f.indicator AS indicator, f.uploaded_at AS uploaded_at,"	\
	    " COALESCE(u.full_name, '') AS uploaded_by_name"		\
	    " FROM file f LEFT JOIN users u ON u.id = f.uploaded_by"	\
	    " JOIN declaration_member m ON m.participation_id = f.participation_id" \
	    " AND m.live = 1 JOIN declaration d ON d.id = m.declaration_id"	\
	    " WHERE f.participation_id = $1 AND f.purpose = 'statement'"	\
	    " AND f.removed_at IS NULL AND f.uploaded_at >= d.requested_at"	\
	    " ORDER BY f.uploaded_at, f.id LIMIT 1000")			\
	/* $1 declaration -> its member participations with their units,	\
	 * by unit name. */						\
	X(DECL_MEMBERS,							\
	    "SELECT m.participation_id AS participation_id, m.live AS live," \
	    " m.document_id AS document_id, u.id AS unit_id,"		\
	    " u.name AS unit_name, p.stage AS stage, p.state AS state"	\
	    " FROM declaration_member m"				\
	    " JOIN participation p ON p.id = m.participation_id"	\
	    " JOIN unit u ON u.id = p.unit_id"				\
	    " WHERE m.declaration_id = $1 ORDER BY u.name, p.id")	\
	/* $1 declaration, $2 new status ('approved' or 'rejected'), $3	\
	 * by, $4 now, $5 reason or NULL, $6 and $7 the Ditjen HAM	\
	 * witness's name and position or NULL -> {"id"} when it was	\
	 * awaiting a decision; no row when someone decided first. */	\
	X(DECL_DECIDE,							\
	    "UPDATE declaration SET status = $2, decided_by = $3,"	\
	    " decided_at = $4, reason = $5, ditjen_witness_name = $6,"	\
	    " ditjen_witness_position = $7"				\
	    " WHERE id = $1 AND status = 'requested' RETURNING id")	\
	/* $1 declaration: its members are free to request again. */	\
	X(DECL_MEMBERS_RELEASE,						\
	    "UPDATE declaration_member SET live = 0 WHERE declaration_id = $1") \
	/* $1 declaration, $2 actual date, $3 actual mode, $4 attendance, \
	 * $5 by, $6 now -> {"id"} when it was approved (or recorded	\
	 * before: a record may be corrected until it is confirmed). */	\
	X(DECL_RECORD,							\
	    "UPDATE declaration SET status = 'recorded', actual_date = $2," \
	    " actual_mode = $3, attendance = $4, recorded_by = $5,"	\
	    " recorded_at = $6 WHERE id = $1"				\
	    " AND status IN ('approved', 'recorded') RETURNING id")	\
	/* $1 declaration, $2 by, $3 now -> {"id"} when it was recorded. */ \
	X(DECL_CONFIRM,							\
	    "UPDATE declaration SET status = 'confirmed', confirmed_by = $2," \
	    " confirmed_at = $3 WHERE id = $1 AND status = 'recorded'"	\
	    " RETURNING id")						\
	/* $1 declaration: forget its recorded witnesses (before the	\
	 * record is written again). */					\
	X(DECL_WITNESS_CLEAR,						\
	    "DELETE FROM declaration_witness WHERE declaration_id = $1")	\
	/* $1 declaration, $2 position, $3 name, $4 title, $5		\
	 * institution, $6 kind, $7 presence (luring: on site, daring:	\
	 * online), $8 where an online witness attended from. */	\
	X(DECL_WITNESS_INSERT,						\
	    "INSERT INTO declaration_witness (declaration_id, position_no," \
	    " name, title, institution, kind, presence, attended_from)"	\
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")			\
	/* $1 declaration, $2 participation -> {"document_id"} of the	\
	 * member's statement in force, or no row. */			\
	X(DECL_MEMBER_DOCUMENT,						\
	    "SELECT document_id AS document_id FROM declaration_member"	\
	    " WHERE declaration_id = $1 AND participation_id = $2"	\
	    " AND document_id IS NOT NULL AND document_withdrawn = 0")	\
	/* $1 declaration -> its witnesses in the order entered. */	\
	X(DECL_WITNESSES,						\
	    "SELECT position_no AS position_no, name AS name, title AS title," \
	    " institution AS institution, kind AS kind,"		\
	    " presence AS presence, attended_from AS attended_from"	\
	    " FROM declaration_witness WHERE declaration_id = $1"	\
	    " ORDER BY position_no")					\
	/* $1 declaration, $2 participation, $3 the statement issued. */	\
	X(DECL_MEMBER_SET_DOCUMENT,					\
	    "UPDATE declaration_member SET document_id = $3,"		\
	    " document_withdrawn = 0"					\
	    " WHERE declaration_id = $1 AND participation_id = $2")	\
	/* $1 participation, $2 the declaration being approved -> the	\
	 * statements issued to it for earlier declarations and not	\
	 * withdrawn yet. */						\
	X(DECL_EARLIER_DOCUMENTS,					\
	    "SELECT document_id AS document_id FROM declaration_member"	\
	    " WHERE participation_id = $1 AND declaration_id <> $2"	\
	    " AND document_id IS NOT NULL AND document_withdrawn = 0")	\
	/* $1 participation, $2 document: it has been withdrawn. */	\
	X(DECL_DOCUMENT_WITHDRAWN,					\
	    "UPDATE declaration_member SET document_withdrawn = 1"	\
	    " WHERE participation_id = $1 AND document_id = $2")
/* clang-format on */
#endif
