/*
 * stmts_scoring.h - SQL statements of the assessment's scoring, its
 * adjustments and the plenary; part of the closed set in db/stmts.h,
 * written the same way. Tables: migrations/0017_scoring.sql (and the
 * assignments and verdicts of 0016_assessment.sql, read here).
 */
#ifndef P2HAM_DB_STMTS_SCORING_H
#define P2HAM_DB_STMTS_SCORING_H

#define DB_STMTS_SCORING(X) \
	/* $1 participation -> its active assessors, first assigned \
	 * first: {user_id, name, answer (no_conflict, or NULL not yet \
	 * answered), started_at, submitted_at (NULL: a draft or none)}. */ \
	X(SCORING_ASSESSORS, \
	    "SELECT a.user_id AS user_id, us.full_name AS name," \
	    " a.answer AS answer, sh.started_at AS started_at," \
	    " sh.submitted_at AS submitted_at" \
	    " FROM assignment a JOIN users us ON us.id = a.user_id" \
	    " LEFT JOIN score_sheet sh ON sh.participation_id = a.participation_id" \
	    " AND sh.assessor_id = a.user_id" \
	    " WHERE a.participation_id = $1 AND a.role = 'assessor'" \
	    " AND a.ended_at IS NULL ORDER BY a.id") \
	/* $1 participation -> the verifier's latest verdict per \
	 * indicator: {indicator, verdict, note}. */ \
	X(SCORING_VERDICTS, \
	    "SELECT v.indicator AS indicator, v.verdict AS verdict," \
	    " v.note AS note FROM verdict v WHERE v.participation_id = $1" \
	    " AND v.id = (SELECT max(w.id) FROM verdict w" \
	    " WHERE w.participation_id = v.participation_id" \
	    " AND w.indicator = v.indicator) ORDER BY v.indicator") \
	/* $1 participation -> every assessor's scores: {assessor_id, \
	 * indicator, option_code, justification, updated_at}. */ \
	X(SCORING_SCORES, \
	    "SELECT sc.assessor_id AS assessor_id, sc.indicator AS indicator," \
	    " sc.option_code AS option_code," \
	    " sc.justification AS justification," \
	    " sc.updated_at AS updated_at FROM score sc" \
	    " WHERE sc.participation_id = $1" \
	    " ORDER BY sc.assessor_id, sc.indicator") \
	/* $1 participation -> {"id"}, its row locked until the \
	 * transaction ends on PostgreSQL (SQLite's writers queue at \
	 * BEGIN): submissions of one participation take turns, so the \
	 * last one sees every other. */ \
	X(SCORING_LOCK, "SELECT id AS id FROM participation WHERE id = $1", \
	    "SELECT id AS id FROM participation WHERE id = $1 FOR UPDATE") \
	/* $1 participation, $2 assessor, $3 now: the sheet, once. */ \
	X(SCORING_SHEET_START, \
	    "INSERT INTO score_sheet (participation_id, assessor_id," \
	    " started_at) VALUES ($1, $2, $3)" \
	    " ON CONFLICT (participation_id, assessor_id) DO NOTHING") \
	/* $1 participation, $2 assessor, $3 now -> {"id"} when the \
	 * draft became submitted; no row when it was already. */ \
	X(SCORING_SHEET_SUBMIT, \
	    "UPDATE score_sheet SET submitted_at = $3" \
	    " WHERE participation_id = $1 AND assessor_id = $2" \
	    " AND submitted_at IS NULL RETURNING participation_id AS id") \
	/* $1 participation, $2 assessor, $3 indicator, $4 option (NULL: \
	 * none), $5 justification, $6 now: create or replace a score. */ \
	X(SCORING_SAVE, \
	    "INSERT INTO score (participation_id, assessor_id, indicator," \
	    " option_code, justification, updated_at)" \
	    " VALUES ($1, $2, $3, $4, $5, $6)" \
	    " ON CONFLICT (participation_id, assessor_id, indicator)" \
	    " DO UPDATE SET option_code = excluded.option_code," \
	    " justification = excluded.justification," \
	    " updated_at = excluded.updated_at") \
	/* The same values as SCORING_SAVE: one history row. */ \
	X(SCORING_HISTORY_ADD, \
	    "INSERT INTO score_history (participation_id, assessor_id," \
	    " indicator, option_code, justification, changed_at)" \
	    " VALUES ($1, $2, $3, $4, $5, $6)") \
	/* $1 participation, $2 assessor -> the sheet's history, newest \
	 * first. */ \
	X(SCORING_HISTORY, \
	    "SELECT h.indicator AS indicator, h.option_code AS option_code," \
	    " h.justification AS justification, h.changed_at AS changed_at" \
	    " FROM score_history h WHERE h.participation_id = $1" \
	    " AND h.assessor_id = $2 ORDER BY h.id DESC") \
	/* $1 participation, $2 zone, $3 findings, $4 by, $5 now. */ \
	X(ADJUSTMENT_ADD, \
	    "INSERT INTO assessment_adjustment (participation_id," \
	    " integrity_zone, ombudsman_findings, set_by, set_at)" \
	    " VALUES ($1, $2, $3, $4, $5)") \
	/* $1 participation -> what was entered, newest first: {zone, \
	 * findings, set_at, set_by_name}. */ \
	X(ADJUSTMENT_LIST, \
	    "SELECT j.integrity_zone AS zone," \
	    " j.ombudsman_findings AS findings, j.set_at AS set_at," \
	    " COALESCE(us.full_name, '') AS set_by_name" \
	    " FROM assessment_adjustment j" \
	    " LEFT JOIN users us ON us.id = j.set_by" \
	    " WHERE j.participation_id = $1 ORDER BY j.id DESC") \
	/* $1 participation -> the serial of the minutes of the closed \
	 * plenary that decided on it, or no row. */ \
	X(PLENARY_LOCK, \
	    "SELECT pl.document_serial AS serial FROM recommendation r" \
	    " JOIN plenary pl ON pl.id = r.plenary_id" \
	    " WHERE r.participation_id = $1 AND pl.closed_at IS NOT NULL") \
	/* $1 cycle, $2 held_on, $3 place, $4 by, $5 now -> {"id"}. */ \
	X(PLENARY_OPEN, \
	    "INSERT INTO plenary (cycle_id, held_on, place, opened_by," \
	    " opened_at) VALUES ($1, $2, $3, $4, $5) RETURNING id AS id") \
	/* $1 plenary, $2 name, $3 role. */ \
	X(PLENARY_ATTENDEE_ADD, \
	    "INSERT INTO plenary_attendee (plenary_id, name, role)" \
	    " VALUES ($1, $2, $3)") \
	/* $1 plenary -> {name, role} in the order entered. */ \
	X(PLENARY_ATTENDEES, \
	    "SELECT name AS name, role AS role FROM plenary_attendee" \
	    " WHERE plenary_id = $1 ORDER BY id") \
	/* $1 cycle -> {"id"} of its open session, locked until the \
	 * transaction ends on PostgreSQL, or no row: a decision waits \
	 * for a closing under way, then finds the session closed. */ \
	X(PLENARY_OPEN_LOCK, \
	    "SELECT id AS id FROM plenary WHERE cycle_id = $1" \
	    " AND closed_at IS NULL ORDER BY id DESC LIMIT 1", \
	    "SELECT id AS id FROM plenary WHERE cycle_id = $1" \
	    " AND closed_at IS NULL ORDER BY id DESC LIMIT 1 FOR UPDATE") \
	/* $1 cycle -> its plenary sessions, newest first. */ \
	X(PLENARY_LIST, \
	    "SELECT id AS id, held_on AS held_on, place AS place," \
	    " opened_at AS opened_at, closed_at AS closed_at," \
	    " document_serial AS serial FROM plenary WHERE cycle_id = $1" \
	    " ORDER BY id DESC") \
	/* $1 plenary, $2 by, $3 now, $4 document, $5 serial -> {"id"} \
	 * when it was open until now. */ \
	X(PLENARY_CLOSE, \
	    "UPDATE plenary SET closed_by = $2, closed_at = $3," \
	    " document_id = $4, document_serial = $5" \
	    " WHERE id = $1 AND closed_at IS NULL RETURNING id AS id") \
	/* $1 cycle, $2 plenary (0: none) -> the board: the cycle's \
	 * participations awaiting the plenary and those plenary $2 \
	 * decided on. */ \
	X(PLENARY_BOARD, \
	    "SELECT p.id AS id FROM participation p" \
	    " JOIN unit u ON u.id = p.unit_id WHERE p.cycle_id = $1" \
	    " AND (p.state = 'assessed' OR p.id IN (SELECT r.participation_id" \
	    " FROM recommendation r WHERE r.plenary_id = $2))" \
	    " ORDER BY u.province_code, u.name, p.id") \
	/* $1 plenary, $2 participation, $3 indicator, $4 option, $5 \
	 * reason, $6 by, $7 now. */ \
	X(PLENARY_SCORE_ADD, \
	    "INSERT INTO plenary_score (plenary_id, participation_id," \
	    " indicator, option_code, reason, set_by, set_at)" \
	    " VALUES ($1, $2, $3, $4, $5, $6, $7)") \
	/* $1 participation -> the plenary's settings, oldest first (the \
	 * last per indicator counts). */ \
	X(PLENARY_SCORES, \
	    "SELECT s.indicator AS indicator, s.option_code AS option_code," \
	    " s.reason AS reason, s.set_at AS set_at" \
	    " FROM plenary_score s WHERE s.participation_id = $1" \
	    " ORDER BY s.id") \
	/* $1 participation, $2 plenary, $3 recommended (0/1), $4 \
	 * reason, $5 by, $6 now -> {"id"}; no row when it has one. */ \
	X(RECOMMENDATION_ADD, \
	    "INSERT INTO recommendation (participation_id, plenary_id," \
	    " recommended, reason, decided_by, decided_at)" \
	    " VALUES ($1, $2, $3, $4, $5, $6)" \
	    " ON CONFLICT (participation_id) DO NOTHING" \
	    " RETURNING participation_id AS id") \
	/* $1 participation -> its recommendation with the plenary's \
	 * serial (NULL while open), or no row. */ \
	X(RECOMMENDATION_GET, \
	    "SELECT r.recommended AS recommended, r.reason AS reason," \
	    " r.decided_at AS decided_at, r.plenary_id AS plenary_id," \
	    " pl.document_serial AS serial FROM recommendation r" \
	    " JOIN plenary pl ON pl.id = r.plenary_id" \
	    " WHERE r.participation_id = $1")
#endif
