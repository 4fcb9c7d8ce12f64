/*
 * stmts_supervision.h - SQL statements of guidance and supervision (visits,
 * findings, follow-up actions and their answers and reviews, overdue
 * actions) and of the revocation and reinstatement of an award; part of
 * the closed set in db/stmts.h, written the same way. Tables:
 * migrations/0020_supervision.sql and the award of 0018_decree.sql.
 */
#ifndef P2HAM_DB_STMTS_SUPERVISION_H
#define P2HAM_DB_STMTS_SUPERVISION_H

/* The columns of an action with its unit, for lists across units. */
#define SUP_ACTION_COLS \
	" a.id AS id, a.participation_id AS participation_id," \
	" a.finding_id AS finding_id, a.description AS description," \
	" a.owner AS owner, a.due_date AS due_date, a.due_at AS due_at," \
	" a.status AS status, f.severity AS severity," \
	" f.description AS finding, u.id AS unit_id, u.name AS unit_name," \
	" u.province_code AS province_code, c.title AS cycle_title" \
	" FROM supervision_action a" \
	" JOIN supervision_finding f ON f.id = a.finding_id" \
	" JOIN participation p ON p.id = a.participation_id" \
	" JOIN unit u ON u.id = p.unit_id JOIN cycle c ON c.id = p.cycle_id"
#define SUP_OVERDUE(now) " a.status <> 'closed' AND a.due_at < " now
#define SUP_OVERDUE_ORDER " ORDER BY a.due_at, a.id LIMIT 500"

#define DB_STMTS_SUPERVISION(X) \
	/* $1 participation, $2 date, $3 officers, $4 summary, $5 by or \
	 * NULL, $6 now -> {"id"}. */ \
	X(SUPERVISION_VISIT_ADD, \
	    "INSERT INTO supervision_visit (participation_id, visit_date," \
	    " officers, summary, recorded_by, recorded_at, recorded_offline_at)" \
	    " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id") \
	/* $1 participation -> its visits, newest day first. */ \
	X(SUPERVISION_VISITS, \
	    "SELECT v.id AS id, v.visit_date AS visit_date," \
	    " v.officers AS officers, v.summary AS summary," \
	    " v.recorded_at AS recorded_at," \
	    " v.recorded_offline_at AS recorded_offline_at," \
	    " COALESCE(us.full_name, '') AS recorded_by_name" \
	    " FROM supervision_visit v LEFT JOIN users us ON us.id = v.recorded_by" \
	    " WHERE v.participation_id = $1 ORDER BY v.visit_date DESC, v.id DESC") \
	/* $1 visit, $2 participation, $3 severity, $4 description, $5 by \
	 * or NULL, $6 now -> {"id"}; none when the visit is not the \
	 * participation's. */ \
	X(SUPERVISION_FINDING_ADD, \
	    "INSERT INTO supervision_finding (visit_id, participation_id," \
	    " severity, description, recorded_by, recorded_at)" \
	    " SELECT v.id, v.participation_id, $3, $4, $5, $6" \
	    " FROM supervision_visit v WHERE v.id = $1" \
	    " AND v.participation_id = $2 RETURNING id") \
	/* $1 participation -> its findings, oldest first. */ \
	X(SUPERVISION_FINDINGS, \
	    "SELECT f.id AS id, f.visit_id AS visit_id, f.severity AS severity," \
	    " f.description AS description, f.recorded_at AS recorded_at" \
	    " FROM supervision_finding f WHERE f.participation_id = $1" \
	    " ORDER BY f.id") \
	/* $1 finding, $2 participation, $3 description, $4 owner, $5 due \
	 * date, $6 due instant, $7 by or NULL, $8 now -> {"id"}; none when \
	 * the finding is not the participation's. */ \
	X(SUPERVISION_ACTION_ADD, \
	    "INSERT INTO supervision_action (finding_id, participation_id," \
	    " description, owner, due_date, due_at, status, created_by," \
	    " created_at)" \
	    " SELECT f.id, f.participation_id, $3, $4, $5, $6, 'open', $7, $8" \
	    " FROM supervision_finding f WHERE f.id = $1" \
	    " AND f.participation_id = $2 RETURNING id") \
	/* $1 participation -> its actions, oldest first. */ \
	X(SUPERVISION_ACTIONS, \
	    "SELECT a.id AS id, a.finding_id AS finding_id," \
	    " a.description AS description, a.owner AS owner," \
	    " a.due_date AS due_date, a.due_at AS due_at, a.status AS status," \
	    " a.closed_at AS closed_at" \
	    " FROM supervision_action a WHERE a.participation_id = $1" \
	    " ORDER BY a.id") \
	/* $1 action -> {participation_id, status}. */ \
	X(SUPERVISION_ACTION_GET, \
	    "SELECT a.participation_id AS participation_id, a.status AS status" \
	    " FROM supervision_action a WHERE a.id = $1") \
	/* $1 action, $2 status expected, $3 new status, $4 closer or NULL, \
	 * $5 closed at or NULL -> {"id"} when it changed. */ \
	X(SUPERVISION_ACTION_MOVE, \
	    "UPDATE supervision_action SET status = $3, closed_by = $4," \
	    " closed_at = $5 WHERE id = $1 AND status = $2 RETURNING id") \
	/* $1 action, $2 kind, $3 text, $4 by or NULL, $5 now -> {"id"}. */ \
	X(SUPERVISION_STEP_ADD, \
	    "INSERT INTO supervision_step (action_id, kind, body, by_user, at)" \
	    " VALUES ($1, $2, $3, $4, $5) RETURNING id") \
	/* $1 participation -> the steps of its actions, oldest first. */ \
	X(SUPERVISION_STEPS, \
	    "SELECT s.id AS id, s.action_id AS action_id, s.kind AS kind," \
	    " s.body AS body, s.at AS at," \
	    " COALESCE(us.full_name, '') AS by_name" \
	    " FROM supervision_step s" \
	    " JOIN supervision_action a ON a.id = s.action_id" \
	    " LEFT JOIN users us ON us.id = s.by_user" \
	    " WHERE a.participation_id = $1 ORDER BY s.id") \
	/* $1 step, $2 file. */ \
	X(SUPERVISION_STEP_FILE_ADD, \
	    "INSERT INTO supervision_step_file (step_id, file_id) VALUES ($1, $2)") \
	/* $1 participation -> the evidence of its answers. */ \
	X(SUPERVISION_STEP_FILES, \
	    "SELECT sf.step_id AS step_id, fl.id AS id, fl.name AS name," \
	    " fl.mime AS mime, fl.size AS size" \
	    " FROM supervision_step_file sf JOIN file fl ON fl.id = sf.file_id" \
	    " JOIN supervision_step s ON s.id = sf.step_id" \
	    " JOIN supervision_action a ON a.id = s.action_id" \
	    " WHERE a.participation_id = $1 ORDER BY sf.step_id, fl.id") \
	/* The overdue actions of the units in scope ($1-$4 as \
	 * REG_SCOPE_*), not closed and due before $5 (now). */ \
	X(SUPERVISION_OVERDUE, \
	    "SELECT" SUP_ACTION_COLS \
	    " WHERE" SUP_OVERDUE("$5") " AND" REG_SCOPE_SQLITE("u") SUP_OVERDUE_ORDER, \
	    "SELECT" SUP_ACTION_COLS " WHERE" SUP_OVERDUE("$5") " AND" REG_SCOPE_PG("u") \
		SUP_OVERDUE_ORDER) \
	/* $1 unit, $2 now -> its overdue actions in every cycle. */ \
	X(SUPERVISION_OVERDUE_UNIT, \
	    "SELECT" SUP_ACTION_COLS \
	    " WHERE" SUP_OVERDUE("$2") " AND u.id = $1" SUP_OVERDUE_ORDER) \
	/* $1 participation -> its award {decree_id, predicate, award_date, \
	 * certificate_id, certificate_serial, revoked_at}. */ \
	X(REVOCATION_AWARD_GET, \
	    "SELECT aw.decree_id AS decree_id, aw.predicate AS predicate," \
	    " aw.award_date AS award_date, aw.certificate_id AS certificate_id," \
	    " aw.certificate_serial AS certificate_serial," \
	    " aw.revoked_at AS revoked_at" \
	    " FROM award aw WHERE aw.participation_id = $1") \
	/* $1 participation, $2 revoked at (NULL: reinstated) -> {"id"} \
	 * when the award stood the other way. */ \
	X(REVOCATION_AWARD_SET, \
	    "UPDATE award SET revoked_at = $2 WHERE participation_id = $1" \
	    " AND (revoked_at IS NULL) = (CAST($2 AS TEXT) IS NOT NULL)" \
	    " RETURNING participation_id AS id") \
	/* $1 participation, $2 kind, $3 reason, $4 file or NULL, $5 by or \
	 * NULL, $6 now -> {"id"}. */ \
	X(REVOCATION_EVENT_ADD, \
	    "INSERT INTO award_event (participation_id, kind, reason, file_id," \
	    " decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6)" \
	    " RETURNING id") \
	/* $1 participation -> its revocations and reinstatements, newest \
	 * first, with the supporting file. */ \
	X(REVOCATION_EVENTS, \
	    "SELECT ev.id AS id, ev.kind AS kind, ev.reason AS reason," \
	    " ev.file_id AS file_id, fl.name AS file_name," \
	    " ev.decided_at AS decided_at," \
	    " COALESCE(us.full_name, '') AS decided_by_name" \
	    " FROM award_event ev LEFT JOIN file fl ON fl.id = ev.file_id" \
	    " LEFT JOIN users us ON us.id = ev.decided_by" \
	    " WHERE ev.participation_id = $1 ORDER BY ev.id DESC")

#endif
