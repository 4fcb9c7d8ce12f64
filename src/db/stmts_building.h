/*
 * stmts_building.h - SQL statements of the building stage (self-assessment,
 * mentoring) and the evaluation gate; part of the closed set in db/stmts.h,
 * written the same way. Tables: migrations/0011_building.sql.
 */
#ifndef P2HAM_DB_STMTS_BUILDING_H
#define P2HAM_DB_STMTS_BUILDING_H

/* clang-format off */
#define BUILDING_LISTED(scope)						\
	" (SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id" \
	" WHERE p.cycle_id = $5 AND" scope("u")				\
	" ORDER BY u.province_code, u.name, p.id LIMIT $6 OFFSET $7)"

#define DB_STMTS_BUILDING(X)						\
	/* $1 participation -> its answers, with who changed them last. */ \
	X(BUILDING_ANSWERS,						\
	    "SELECT a.indicator AS indicator, a.option_code AS option_code," \
	    " a.note AS note, a.updated_at AS updated_at,"		\
	    " COALESCE(us.full_name, '') AS updated_by_name"		\
	    " FROM answer a LEFT JOIN users us ON us.id = a.updated_by"	\
	    " WHERE a.participation_id = $1 ORDER BY a.indicator")	\
	/* $1 participation, $2 indicator, $3 option (NULL: none), $4 note, \
	 * $5 by, $6 now: create or replace the unit's answer. */	\
	X(BUILDING_ANSWER_SAVE,						\
	    "INSERT INTO answer (participation_id, indicator, option_code,"	\
	    " note, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)" \
	    " ON CONFLICT (participation_id, indicator) DO UPDATE SET"	\
	    " option_code = excluded.option_code, note = excluded.note,"	\
	    " updated_by = excluded.updated_by, updated_at = excluded.updated_at") \
	/* The same values as BUILDING_ANSWER_SAVE: one history row. */	\
	X(BUILDING_ANSWER_HISTORY_ADD,					\
	    "INSERT INTO answer_history (participation_id, indicator,"	\
	    " option_code, note, changed_by, changed_at)"		\
	    " VALUES ($1, $2, $3, $4, $5, $6)")				\
	/* $1 participation -> its mentoring notes, newest visit first. */ \
	X(BUILDING_MENTORING_LIST,					\
	    "SELECT m.id AS id, m.visit_date AS visit_date,"		\
	    " m.findings AS findings, m.advice AS advice,"		\
	    " m.written_at AS written_at,"				\
	    " COALESCE(us.full_name, '') AS written_by_name"		\
	    " FROM mentoring_note m LEFT JOIN users us ON us.id = m.written_by" \
	    " WHERE m.participation_id = $1"				\
	    " ORDER BY m.visit_date DESC, m.id DESC")			\
	/* $1 participation, $2 visit date, $3 findings, $4 advice, $5 by, \
	 * $6 now -> {"id"}. */						\
	X(BUILDING_MENTORING_ADD,					\
	    "INSERT INTO mentoring_note (participation_id, visit_date,"	\
	    " findings, advice, written_by, written_at)"		\
	    " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")		\
	/* $1 participation -> its evaluation decision, or no row. */	\
	X(EVALUATION_GET,						\
	    "SELECT e.id AS id, e.result AS result, e.decided_at AS decided_at," \
	    " COALESCE(us.full_name, '') AS decided_by_name, e.note AS note," \
	    " e.document_id AS document_id,"				\
	    " COALESCE(e.document_serial, '') AS document_serial"	\
	    " FROM evaluation e LEFT JOIN users us ON us.id = e.decided_by" \
	    " WHERE e.participation_id = $1")				\
	/* $1 evaluation -> the reasons of a failure, by criterion code. */ \
	X(EVALUATION_REASONS,						\
	    "SELECT criterion, reason FROM evaluation_reason"		\
	    " WHERE evaluation_id = $1 ORDER BY criterion")		\
	/* $1 participation, $2 result, $3 by, $4 now, $5 note -> {"id"}; \
	 * no row when the participation was decided already. */	\
	X(EVALUATION_INSERT,						\
	    "INSERT INTO evaluation (participation_id, result, decided_by,"	\
	    " decided_at, note) VALUES ($1, $2, $3, $4, $5)"		\
	    " ON CONFLICT (participation_id) DO NOTHING RETURNING id")	\
	/* $1 evaluation, $2 criterion, $3 reason. */			\
	X(EVALUATION_REASON_ADD,					\
	    "INSERT INTO evaluation_reason (evaluation_id, criterion, reason)" \
	    " VALUES ($1, $2, $3)")					\
	/* $1 evaluation, $2 document id, $3 its serial. */		\
	X(EVALUATION_SET_DOCUMENT,					\
	    "UPDATE evaluation SET document_id = $2, document_serial = $3"	\
	    " WHERE id = $1")
/* clang-format on */

#endif
