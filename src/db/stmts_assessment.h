/*
 * stmts_assessment.h - SQL statements of the first half of the assessment
 * stage: assignments of verifiers and assessors, verdicts, revision rounds,
 * site visits and the closing of verification; part of the closed set in
 * db/stmts.h, written the same way. Tables: migrations/0016_assessment.sql.
 */
#ifndef P2HAM_DB_STMTS_ASSESSMENT_H
#define P2HAM_DB_STMTS_ASSESSMENT_H

/* The columns of an assignment as the services read it. */
#define ASSIGNMENT_COLS \
	" a.id AS id, a.participation_id AS participation_id," \
	" a.user_id AS user_id, a.role AS role, a.due_date AS due_date," \
	" a.assigned_at AS assigned_at, a.answer AS answer," \
	" a.answer_statement AS answer_statement," \
	" a.answer_reason AS answer_reason, a.answered_at AS answered_at," \
	" a.ended_at AS ended_at, a.end_kind AS end_kind," \
	" a.end_reason AS end_reason, a.replaced_by AS replaced_by," \
	" us.full_name AS user_name, us.email AS user_email," \
	" COALESCE(ab.full_name, '') AS assigned_by_name," \
	" COALESCE(eb.full_name, '') AS ended_by_name" \
	" FROM assignment a JOIN users us ON us.id = a.user_id" \
	" LEFT JOIN users ab ON ab.id = a.assigned_by" \
	" LEFT JOIN users eb ON eb.id = a.ended_by"

#define DB_STMTS_ASSESSMENT(X) \
	/* $1 participation, $2 user, $3 role, $4 due date, $5 by or \
	 * NULL, $6 now -> {"id"}. */ \
	X(ASSIGNMENT_INSERT, \
	    "INSERT INTO assignment (participation_id, user_id, role," \
	    " due_date, assigned_by, assigned_at)" \
	    " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id") \
	/* $1 id -> the assignment. */ \
	X(ASSIGNMENT_GET, "SELECT" ASSIGNMENT_COLS " WHERE a.id = $1") \
	/* $1 participation -> its assignments, active first, oldest \
	 * first. */ \
	X(ASSIGNMENT_LIST, \
	    "SELECT" ASSIGNMENT_COLS " WHERE a.participation_id = $1" \
	    " ORDER BY CASE WHEN a.ended_at IS NULL THEN 0 ELSE 1 END," \
	    " a.role DESC, a.id") \
	/* $1 participation, $2 user, $3 role -> the active assignment \
	 * of that person in that role, if any. */ \
	X(ASSIGNMENT_ACTIVE, \
	    "SELECT id FROM assignment WHERE participation_id = $1" \
	    " AND user_id = $2 AND role = $3 AND ended_at IS NULL") \
	/* $1 id, $2 now, $3 by, $4 kind, $5 reason, $6 replacement or \
	 * NULL -> {"id"} when it was active. */ \
	X(ASSIGNMENT_END, \
	    "UPDATE assignment SET ended_at = $2, ended_by = $3," \
	    " end_kind = $4, end_reason = $5, replaced_by = $6" \
	    " WHERE id = $1 AND ended_at IS NULL RETURNING id") \
	/* $1 id, $2 answer, $3 statement or NULL, $4 reason or NULL, \
	 * $5 now -> {"id"} when it was active and unanswered. */ \
	X(ASSIGNMENT_ANSWER, \
	    "UPDATE assignment SET answer = $2, answer_statement = $3," \
	    " answer_reason = $4, answered_at = $5" \
	    " WHERE id = $1 AND answer IS NULL AND ended_at IS NULL" \
	    " RETURNING id") \
	/* $1 user -> their active assignments with where each \
	 * participation stands, soonest due first. */ \
	X(ASSIGNMENT_MINE, \
	    "SELECT a.id AS id, a.role AS role, a.due_date AS due_date," \
	    " a.answer AS answer, a.assigned_at AS assigned_at," \
	    " p.id AS participation_id, p.stage AS stage, p.state AS state," \
	    " u.name AS unit_name, u.province_code AS province_code," \
	    " c.title AS cycle_title" \
	    " FROM assignment a JOIN participation p ON p.id = a.participation_id" \
	    " JOIN unit u ON u.id = p.unit_id JOIN cycle c ON c.id = p.cycle_id" \
	    " WHERE a.user_id = $1 AND a.ended_at IS NULL" \
	    " ORDER BY a.due_date, a.id") \
	/* $1 cycle, $2 province or NULL, $3 unit type or NULL -> the \
	 * participations of the cycle at evidence_open or verification. */ \
	X(ASSIGNMENT_CANDIDATES, \
	    "SELECT p.id AS id, u.name AS unit_name" \
	    " FROM participation p JOIN unit u ON u.id = p.unit_id" \
	    " WHERE p.cycle_id = $1 AND p.stage = 'penilaian'" \
	    " AND p.state IN ('evidence_open', 'verification')" \
	    " AND (CAST($2 AS INTEGER) IS NULL OR u.province_code = CAST($2 AS " \
	    "INTEGER))" \
	    " AND (CAST($3 AS TEXT) IS NULL OR u.unit_type = CAST($3 AS TEXT))" \
	    " ORDER BY u.province_code, u.name, p.id") \
	/* $1 user, $2 role, $3 participation -> the deleted grant. */ \
	X(ASSIGNMENT_GRANT_DELETE, \
	    "DELETE FROM role_grant WHERE user_id = $1 AND role = $2" \
	    " AND scope_kind = 'participation' AND scope_id = $3" \
	    " RETURNING id") \
\
	/* $1 participation, $2 indicator, $3 round, $4 verdict, $5 \
	 * note, $6 by, $7 now, $8 recorded offline at (NULL: online) \
	 * -> {"id"}. */ \
	X(VERDICT_ADD, \
	    "INSERT INTO verdict (participation_id, indicator, round," \
	    " verdict, note, given_by, given_at, recorded_offline_at)" \
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id") \
	/* $1 participation -> every verdict, per indicator oldest \
	 * first. */ \
	X(VERDICT_LIST, \
	    "SELECT v.id AS id, v.indicator AS indicator, v.round AS round," \
	    " v.verdict AS verdict, v.note AS note, v.given_at AS given_at," \
	    " v.recorded_offline_at AS recorded_offline_at," \
	    " COALESCE(us.full_name, '') AS given_by_name" \
	    " FROM verdict v LEFT JOIN users us ON us.id = v.given_by" \
	    " WHERE v.participation_id = $1 ORDER BY v.indicator, v.id") \
	/* $1 participation, $2 number, $3 deadline date, $4 deadline \
	 * instant, $5 note, $6 by, $7 now -> {"id"}. */ \
	X(ROUND_OPEN, \
	    "INSERT INTO verification_round (participation_id, number," \
	    " deadline_date, deadline_at, note, opened_by, opened_at)" \
	    " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id") \
	/* $1 round, $2 indicator, $3 note. */ \
	X(ROUND_ITEM_ADD, \
	    "INSERT INTO verification_round_item (round_id, indicator, note)" \
	    " VALUES ($1, $2, $3)") \
	/* $1 participation -> its rounds, oldest first. */ \
	X(ROUND_LIST, \
	    "SELECT r.id AS id, r.number AS number," \
	    " r.deadline_date AS deadline_date, r.deadline_at AS deadline_at," \
	    " r.note AS note, r.opened_at AS opened_at," \
	    " r.resubmitted_at AS resubmitted_at," \
	    " COALESCE(ob.full_name, '') AS opened_by_name," \
	    " COALESCE(rb.full_name, '') AS resubmitted_by_name" \
	    " FROM verification_round r" \
	    " LEFT JOIN users ob ON ob.id = r.opened_by" \
	    " LEFT JOIN users rb ON rb.id = r.resubmitted_by" \
	    " WHERE r.participation_id = $1 ORDER BY r.number") \
	/* $1 participation -> the indicators every round sent back. */ \
	X(ROUND_ITEMS, \
	    "SELECT r.number AS number, i.indicator AS indicator," \
	    " i.note AS note FROM verification_round_item i" \
	    " JOIN verification_round r ON r.id = i.round_id" \
	    " WHERE r.participation_id = $1 ORDER BY r.number, i.indicator") \
	/* $1 participation, $2 round number, $3 by, $4 now -> {"id"} \
	 * when it was still open. */ \
	X(ROUND_RESUBMIT, \
	    "UPDATE verification_round SET resubmitted_by = $3," \
	    " resubmitted_at = $4 WHERE participation_id = $1 AND number = $2" \
	    " AND resubmitted_at IS NULL RETURNING id") \
\
	/* $1 participation, $2 date, $3 present, $4 findings, $5 by, \
	 * $6 now, $7 recorded offline at (NULL: online) -> {"id"}. */ \
	X(SITE_VISIT_ADD, \
	    "INSERT INTO site_visit (participation_id, visit_date, present," \
	    " findings, recorded_by, recorded_at, recorded_offline_at)" \
	    " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id") \
	/* $1 participation -> its visits, oldest first. */ \
	X(SITE_VISIT_LIST, \
	    "SELECT v.id AS id, v.visit_date AS visit_date," \
	    " v.present AS present, v.findings AS findings," \
	    " v.recorded_at AS recorded_at," \
	    " v.recorded_offline_at AS recorded_offline_at," \
	    " COALESCE(us.full_name, '') AS recorded_by_name" \
	    " FROM site_visit v LEFT JOIN users us ON us.id = v.recorded_by" \
	    " WHERE v.participation_id = $1 ORDER BY v.visit_date, v.id") \
	/* $1 visit, $2 file. */ \
	X(SITE_VISIT_FILE_ADD, \
	    "INSERT INTO site_visit_file (site_visit_id, file_id) VALUES ($1, $2)") \
	/* $1 participation -> the photos of its visits. */ \
	X(SITE_VISIT_FILES, \
	    "SELECT vf.site_visit_id AS site_visit_id, f.id AS id," \
	    " f.name AS name, f.mime AS mime, f.size AS size" \
	    " FROM site_visit_file vf JOIN file f ON f.id = vf.file_id" \
	    " JOIN site_visit v ON v.id = vf.site_visit_id" \
	    " WHERE v.participation_id = $1 ORDER BY f.id") \
\
	/* $1 participation, $2 by, $3 now, $4 document, $5 serial -> \
	 * {"participation_id"}, no row when it was closed already. */ \
	X(VERIFICATION_CLOSE_ADD, \
	    "INSERT INTO verification_close (participation_id, closed_by," \
	    " closed_at, document_id, document_serial)" \
	    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (participation_id)" \
	    " DO NOTHING RETURNING participation_id") \
	/* $1 participation -> the closing, if any. */ \
	X(VERIFICATION_CLOSE_GET, \
	    "SELECT c.closed_at AS closed_at, c.document_serial AS document_serial," \
	    " COALESCE(us.full_name, '') AS closed_by_name" \
	    " FROM verification_close c LEFT JOIN users us ON us.id = c.closed_by" \
	    " WHERE c.participation_id = $1")

#endif
