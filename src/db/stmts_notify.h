/*
 * stmts_notify.h - SQL statements of notifications: the recipients of an
 * event, the in-app list and its unread count, e-mail choices, the outbox
 * and its delivery attempts, the daily job's claim and the deadlines it
 * reads, and the desk of the signed-in home page; part of the closed set
 * in db/stmts.h, written the same way. Tables: migrations/0025_notify.sql.
 */
#ifndef P2HAM_DB_STMTS_NOTIFY_H
#define P2HAM_DB_STMTS_NOTIFY_H

/* The grants of user $1 that reach participation p of unit u. */
#define NOTIFY_GRANT_REACHES \
	" JOIN role_grant g ON g.user_id = $1 AND (g.scope_kind = 'national'" \
	" OR (g.scope_kind = 'province' AND g.scope_id = u.province_code)" \
	" OR (g.scope_kind = 'region' AND EXISTS (SELECT 1 FROM coord_region_member m" \
	" WHERE m.region_id = g.scope_id AND m.province_code = u.province_code" \
	" AND m.left_at IS NULL))" \
	" OR (g.scope_kind = 'organization' AND g.scope_id = u.organization_id)" \
	" OR (g.scope_kind = 'unit' AND g.scope_id = u.id)" \
	" OR (g.scope_kind = 'participation' AND g.scope_id = p.id))"

/* clang-format off */
/*
 * The participations user $1's grants may have waiting on the desk, as
 * rows (role, id), each read from where the grant points rather than by a
 * walk over every participation: a unit's or a participation's own, and
 * for an area grant those standing in the state its role acts on. The
 * desk lists the first DESK_LIMIT by deadline, then id; for an area the
 * deadline is its stage's (no round or assignment reaches these states),
 * one per cycle stage, so the first DESK_LIMIT of each cycle stage by id
 * hold all that the desk can show: read for the country through the
 * index on cycle, stage, state and id, for a province, the provinces of
 * a region and an organization through progress_lag's desk indexes
 * (migration 0035), each an index range in id order.
 */
#define DESK_LIMIT "100"
#define DESK_FIRST_COUNTRY(state) \
	" SELECT pd.id AS id FROM participation pd" \
	" WHERE pd.cycle_id = cs.cycle_id AND pd.stage = cs.stage" \
	" AND pd.state = " state " ORDER BY pd.id LIMIT " DESK_LIMIT
/* Those of progress_lag in place, a condition on it (ld). */
#define DESK_FIRST_LAG(state, place) \
	" SELECT ld.participation_id AS id FROM progress_lag ld" \
	" WHERE ld.cycle_id = cs.cycle_id AND ld.stage = cs.stage" \
	" AND ld.state = " state place \
	" ORDER BY ld.participation_id LIMIT " DESK_LIMIT
/* The rows of the grants of scope kind and their first participations,
 * first: SQLite reads them as a list per grant and cycle stage,
 * PostgreSQL as a lateral subquery (a list there is tested against
 * every participation). */
#define DESK_KIND_SQLITE(roles, kind, first) \
	" SELECT g.role AS role, pa.id AS id FROM role_grant g" \
	" CROSS JOIN cycle_stage cs CROSS JOIN participation pa" \
	" WHERE g.user_id = $1 AND g.role IN " roles " AND g.scope_kind = " kind \
	" AND pa.id IN (" first ")"
#define DESK_KIND_PG(roles, kind, first) \
	" SELECT g.role AS role, pa.id AS id FROM role_grant g" \
	" CROSS JOIN cycle_stage cs CROSS JOIN LATERAL (" first ") pa" \
	" WHERE g.user_id = $1 AND g.role IN " roles " AND g.scope_kind = " kind
/* Where a grant's participations stand, a condition on progress_lag ld:
 * the first of a region are those of its provinces together. */
#define DESK_IN_PROVINCE " AND ld.province_code = g.scope_id"
#define DESK_IN_REGION \
	" AND ld.province_code IN (SELECT m.province_code FROM coord_region_member m" \
	" WHERE m.region_id = g.scope_id AND m.left_at IS NULL)"
#define DESK_IN_ORGANIZATION " AND ld.organization_id = g.scope_id"
#define DESK_AREA(kind_sql, roles, state) \
	kind_sql(roles, "'national'", DESK_FIRST_COUNTRY(state)) \
	" UNION ALL" kind_sql(roles, "'province'", DESK_FIRST_LAG(state, DESK_IN_PROVINCE)) \
	" UNION ALL" kind_sql(roles, "'region'", DESK_FIRST_LAG(state, DESK_IN_REGION)) \
	" UNION ALL" kind_sql(roles, "'organization'", \
	    DESK_FIRST_LAG(state, DESK_IN_ORGANIZATION))
#define DESK_AREA_SQLITE(roles, state) DESK_AREA(DESK_KIND_SQLITE, roles, state)
#define DESK_AREA_PG(roles, state) DESK_AREA(DESK_KIND_PG, roles, state)
#define DESK_REACHED(area) \
	" (SELECT g.role AS role, pu.id AS id FROM role_grant g" \
	" JOIN participation pu ON pu.unit_id = g.scope_id" \
	" WHERE g.user_id = $1 AND g.scope_kind = 'unit'" \
	" UNION ALL SELECT g.role AS role, g.scope_id AS id FROM role_grant g" \
	" WHERE g.user_id = $1 AND g.scope_kind = 'participation'" \
	" UNION ALL" area("('admin', 'coordinator')", "'requested'") \
	" UNION ALL" area("('regional')", "'approved'") \
	" UNION ALL" area("('regional', 'admin')", "'awaiting_evaluation'") ")"

/* DESK_WAITING; join: how the rows the grants reach meet their
 * participation (SQLite: first, by id). */
#define DESK_WAITING_SQL(area, join) \
	"SELECT p.id AS participation_id, p.stage AS stage, p.state AS state," \
	" MIN(x.role) AS role, u.name AS unit_name, u.province_code AS province_code," \
	" c.title AS cycle_title, COALESCE(" \
	" (SELECT MIN(r.deadline_at) FROM verification_round r" \
	" WHERE r.participation_id = p.id AND r.resubmitted_at IS NULL" \
	" AND p.state = 'revision')," \
	" (SELECT MIN(a.due_date) FROM assignment a WHERE a.participation_id = p.id" \
	" AND a.user_id = $1 AND a.ended_at IS NULL)," \
	" cs.deadline_at) AS deadline" \
	" FROM" DESK_REACHED(area) " x" join " participation p ON p.id = x.id" \
	" JOIN unit u ON u.id = p.unit_id" \
	" JOIN cycle c ON c.id = p.cycle_id" \
	" JOIN cycle_stage cs ON cs.cycle_id = p.cycle_id AND cs.stage = p.stage" \
	" WHERE (x.role IN ('admin', 'coordinator') AND p.state = 'requested')" \
	" OR (x.role = 'regional' AND p.state IN ('approved', 'awaiting_evaluation'))" \
	" OR (x.role = 'admin' AND p.state = 'awaiting_evaluation')" \
	" OR (x.role IN ('operator', 'unit_head') AND (p.state = 'revision'" \
	" OR (p.state IN ('draft', 'approved', 'building', 'evidence_open')" \
	" AND cs.deadline_at >= $2)))" \
	" OR (x.role = 'verifier' AND p.state = 'verification')" \
	" OR (x.role = 'assessor' AND p.state = 'scoring' AND NOT EXISTS" \
	" (SELECT 1 FROM score_sheet ss WHERE ss.participation_id = p.id" \
	" AND ss.assessor_id = $1 AND ss.submitted_at IS NOT NULL))" \
	" GROUP BY p.id, p.stage, p.state, u.name, u.province_code, c.title," \
	" cs.deadline_at ORDER BY deadline, p.id LIMIT " DESK_LIMIT

/* NOTIFY_RECIPIENTS' grants, "user_id, role", each kind of scope looked
 * up by its own index search (role_grant_scope) rather than every grant
 * read and tested against them all. */
#define NOTIFY_GRANTS \
	"SELECT user_id, role FROM role_grant WHERE scope_kind = 'unit'" \
	" AND scope_id = CAST($2 AS BIGINT) AND role IN ('operator', 'unit_head')" \
	" UNION ALL SELECT user_id, role FROM role_grant WHERE scope_kind = 'province'" \
	" AND scope_id = CAST($3 AS BIGINT) AND role IN ('regional', 'coordinator')" \
	" UNION ALL SELECT rg.user_id, rg.role FROM coord_region_member m" \
	" JOIN role_grant rg ON rg.scope_kind = 'region' AND rg.scope_id = m.region_id" \
	" WHERE m.province_code = CAST($3 AS BIGINT) AND m.left_at IS NULL" \
	" AND rg.role IN ('regional', 'coordinator')" \
	" UNION ALL SELECT user_id, role FROM role_grant" \
	" WHERE scope_kind = 'organization' AND scope_id = CAST($4 AS BIGINT)" \
	" AND role IN ('regional', 'coordinator')" \
	" UNION ALL SELECT user_id, role FROM role_grant" \
	" WHERE scope_kind = 'participation' AND scope_id = CAST($5 AS BIGINT)" \
	" AND role IN ('verifier', 'assessor')" \
	" AND (CAST($7 AS TEXT) IS NULL OR granted_at = CAST($7 AS TEXT))" \
	" UNION ALL SELECT user_id, role FROM role_grant WHERE scope_kind = 'national'" \
	" AND role = 'admin'"

#define DB_STMTS_NOTIFY(X) \
	/* The people an event reaches: $1 roles as ",operator,unit_head,", \
	 * $2 unit, $3 province, $4 organization, $5 participation, $6 the \
	 * actor (never told of their own act; 0 none), $7 a grant time: \
	 * verifiers and assessors granted then only, or NULL, $8 the kind \
	 * -> {"id", "email", "lang", "role", "mail"} (mail 0 when they \
	 * turned the kind off), active accounts only. */ \
	X(NOTIFY_RECIPIENTS, \
	    "SELECT us.id AS id, us.email AS email," \
	    " COALESCE(MIN(ns.lang), 'id') AS lang, MIN(g.role) AS role," \
	    " CASE WHEN EXISTS (SELECT 1 FROM notify_mail_off o" \
	    " WHERE o.user_id = us.id AND o.kind = $8) THEN 0 ELSE 1 END AS mail" \
	    " FROM (" NOTIFY_GRANTS ") g JOIN users us ON us.id = g.user_id" \
	    " LEFT JOIN notify_setting ns ON ns.user_id = us.id" \
	    " WHERE us.active = 1 AND us.id <> CAST($6 AS BIGINT)" \
	    " AND CAST($1 AS TEXT) LIKE '%,' || g.role || ',%'" \
	    " GROUP BY us.id, us.email ORDER BY us.id") \
	/* $1 user, $2 kind, $3 participation or NULL, $4 href, $5 params \
	 * JSON, $6 now, $7 dedup or NULL -> {"id"}; none when dedup was \
	 * told to the user already. */ \
	X(NOTIFICATION_INSERT, \
	    "INSERT INTO notification (user_id, kind, participation_id, href," \
	    " params, created_at, dedup) VALUES ($1, $2, $3, $4, $5, $6, $7)" \
	    " ON CONFLICT (user_id, dedup) DO NOTHING RETURNING id") \
	/* $1 user -> {"n"}: unread notifications (the header's count). */ \
	X(NOTIFICATION_UNREAD, \
	    "SELECT count(*) AS n FROM notification" \
	    " WHERE user_id = $1 AND read_at IS NULL") \
	/* $1 user, $2 before id, $3 limit -> newest first. */ \
	X(NOTIFICATION_LIST, \
	    "SELECT id, kind, participation_id, href, params, created_at, read_at" \
	    " FROM notification WHERE user_id = $1 AND id < $2" \
	    " ORDER BY id DESC LIMIT $3") \
	/* $1 user, $2 notification, $3 now -> {"id"}; none when it is not \
	 * the user's or was read. */ \
	X(NOTIFICATION_READ, \
	    "UPDATE notification SET read_at = $3 WHERE user_id = $1 AND id = $2" \
	    " AND read_at IS NULL RETURNING id") \
	/* $1 user, $2 now: every unread one read. */ \
	X(NOTIFICATION_READ_ALL, \
	    "UPDATE notification SET read_at = $2 WHERE user_id = $1" \
	    " AND read_at IS NULL") \
	/* $1 user -> the kinds they turned off for e-mail. */ \
	X(NOTIFY_MAIL_OFF_LIST, \
	    "SELECT kind FROM notify_mail_off WHERE user_id = $1 ORDER BY kind") \
	/* $1 user: every kind on again (before the chosen ones are set). */ \
	X(NOTIFY_MAIL_OFF_CLEAR, "DELETE FROM notify_mail_off WHERE user_id = $1") \
	/* $1 user, $2 kind: turned off. */ \
	X(NOTIFY_MAIL_OFF_ADD, \
	    "INSERT INTO notify_mail_off (user_id, kind) VALUES ($1, $2)" \
	    " ON CONFLICT (user_id, kind) DO NOTHING") \
	/* $1 user -> {"lang"} or no row. */ \
	X(NOTIFY_SETTING_GET, "SELECT lang FROM notify_setting WHERE user_id = $1") \
	/* $1 user, $2 lang, $3 now. */ \
	X(NOTIFY_SETTING_PUT, \
	    "INSERT INTO notify_setting (user_id, lang, updated_at) VALUES ($1, $2, $3)" \
	    " ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang," \
	    " updated_at = excluded.updated_at") \
	\
	/* $1 notification or NULL, $2 user, $3 address, $4 subject, $5 \
	 * text, $6 html, $7 now. */ \
	X(MAIL_ENQUEUE, \
	    "INSERT INTO mail_outbox (notification_id, user_id, to_addr, subject," \
	    " body_text, body_html, status, attempts, next_at, created_at)" \
	    " VALUES ($1, $2, $3, $4, $5, $6, 'queued', 0, $7, $7)") \
	/* $1 now, $2 limit -> {"id"}: queued messages that are due. */ \
	X(MAIL_DUE, \
	    "SELECT id FROM mail_outbox WHERE status = 'queued' AND next_at <= $1" \
	    " ORDER BY next_at, id LIMIT $2") \
	/* $1 id, $2 sender, $3 now -> the message, claimed for sending by \
	 * this sender; none when another sender took it first. */ \
	X(MAIL_CLAIM, \
	    "UPDATE mail_outbox SET status = 'sending', claimed_by = $2," \
	    " claimed_at = $3, attempts = attempts + 1" \
	    " WHERE id = $1 AND status = 'queued' RETURNING id, to_addr, subject," \
	    " body_text, body_html, attempts") \
	/* $1 id, $2 sender, $3 status, $4 next_at, $5 sent_at or NULL, $6 \
	 * error or NULL: how the claimed message ended. */ \
	X(MAIL_SETTLE, \
	    "UPDATE mail_outbox SET status = $3, next_at = $4, sent_at = $5," \
	    " last_error = $6, claimed_by = NULL WHERE id = $1 AND claimed_by = $2" \
	    " AND status = 'sending'") \
	/* $1 id, $2 now, $3 sender, $4 outcome, $5 detail. */ \
	X(MAIL_ATTEMPT, \
	    "INSERT INTO mail_attempt (outbox_id, at, sender, outcome, detail)" \
	    " VALUES ($1, $2, $3, $4, $5)") \
	/* $1 claimed before, $2 error -> {"id", "claimed_by"}: messages a \
	 * sender claimed and never settled (it stopped while sending) are \
	 * unknown from now on, never sent again by themselves. */ \
	X(MAIL_ABANDONED, \
	    "UPDATE mail_outbox SET status = 'unknown', last_error = $2" \
	    " WHERE status = 'sending' AND claimed_at < $1" \
	    " RETURNING id, claimed_by") \
	\
	/* $1 job, $2 day, $3 zone, $4 server, $5 now -> {"day"} when this \
	 * server claimed the run, none when another had it already. */ \
	X(NOTIFY_RUN_CLAIM, \
	    "INSERT INTO notify_run (job, day, zone, claimed_by, claimed_at)" \
	    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (job, day, zone) DO NOTHING" \
	    " RETURNING day") \
	/* $1 job, $2 day, $3 zone, $4 now. */ \
	X(NOTIFY_RUN_FINISH, \
	    "UPDATE notify_run SET finished_at = $4 WHERE job = $1 AND day = $2" \
	    " AND zone = $3") \
	/* $1 now, $2 until -> stage windows ending in (now, until] while \
	 * the unit still has to act in them: {"participation_id", \
	 * "stage", "deadline_at", "province_code"}. */ \
	X(NOTIFY_DEADLINE_STAGES, \
	    "SELECT p.id AS participation_id, p.stage AS stage," \
	    " cs.deadline_at AS deadline_at, u.province_code AS province_code" \
	    " FROM participation p JOIN unit u ON u.id = p.unit_id" \
	    " JOIN cycle_stage cs ON cs.cycle_id = p.cycle_id AND cs.stage = p.stage" \
	    " WHERE p.state IN ('draft', 'approved', 'building', 'evidence_open')" \
	    " AND cs.deadline_at > $1 AND cs.deadline_at <= $2 ORDER BY p.id") \
	/* The same for open revision rounds. */ \
	X(NOTIFY_DEADLINE_ROUNDS, \
	    "SELECT p.id AS participation_id, r.number AS number," \
	    " r.deadline_at AS deadline_at, u.province_code AS province_code" \
	    " FROM verification_round r JOIN participation p ON p.id = r.participation_id" \
	    " JOIN unit u ON u.id = p.unit_id WHERE p.state = 'revision'" \
	    " AND r.resubmitted_at IS NULL AND r.deadline_at > $1" \
	    " AND r.deadline_at <= $2 ORDER BY r.id") \
	/* The same for follow-up actions the unit has not answered. */ \
	X(NOTIFY_DEADLINE_ACTIONS, \
	    "SELECT a.participation_id AS participation_id, a.id AS action_id," \
	    " a.due_at AS deadline_at, u.province_code AS province_code" \
	    " FROM supervision_action a JOIN participation p ON p.id = a.participation_id" \
	    " JOIN unit u ON u.id = p.unit_id WHERE a.status = 'open'" \
	    " AND a.due_at > $1 AND a.due_at <= $2 ORDER BY a.id") \
	/* $1 participation -> what a notification names: {"unit_id", \
	 * "unit_name", "province_code", "organization_id", \
	 * "cycle_title"}. */ \
	X(NOTIFY_PARTICIPATION, \
	    "SELECT u.id AS unit_id, u.name AS unit_name," \
	    " u.province_code AS province_code, u.organization_id AS organization_id," \
	    " c.title AS cycle_title FROM participation p" \
	    " JOIN unit u ON u.id = p.unit_id JOIN cycle c ON c.id = p.cycle_id" \
	    " WHERE p.id = $1") \
	\
	/* The desk of user $1 at $2 (now): what waits for their roles, \
	 * with its deadline (the open round's, their assignment's due \
	 * date, or the stage window's). */ \
	X(DESK_WAITING, \
	    DESK_WAITING_SQL(DESK_AREA_SQLITE, " CROSS JOIN"),\
	    DESK_WAITING_SQL(DESK_AREA_PG, " JOIN")) \
	/* Follow-up actions waiting for user $1: open ones for the unit, \
	 * answered ones for the regional office; read from the actions \
	 * still waiting, never by a walk over every participation. */ \
	X(DESK_ACTIONS, \
	    "SELECT a.id AS id, a.participation_id AS participation_id," \
	    " a.description AS description, a.due_at AS due_at, a.status AS status," \
	    " u.name AS unit_name, u.province_code AS province_code" \
	    " FROM supervision_action a JOIN participation p ON p.id = a.participation_id" \
	    " JOIN unit u ON u.id = p.unit_id" \
	    NOTIFY_GRANT_REACHES \
	    " WHERE a.status IN ('open', 'answered')" \
	    " AND ((g.role IN ('operator', 'unit_head') AND a.status = 'open')" \
	    " OR (g.role = 'regional' AND a.status = 'answered'))" \
	    " GROUP BY a.id, a.participation_id, a.description, a.due_at, a.status," \
	    " u.name, u.province_code ORDER BY a.due_at, a.id LIMIT 100") \
	/* The participations of the units user $1 works in, and of those \
	 * they are assigned to, newest cycle first: read from the grants, \
	 * never by a walk over every participation (the unary plus keeps \
	 * SQLite from reading a cycle's participations through the index \
	 * on cycle, stage and state). */ \
	X(DESK_PARTICIPATIONS, \
	    "SELECT p.id AS participation_id, p.stage AS stage, p.state AS state," \
	    " u.name AS unit_name, c.title AS cycle_title, c.year AS year" \
	    " FROM participation p JOIN unit u ON u.id = p.unit_id" \
	    " JOIN cycle c ON c.id = +p.cycle_id WHERE p.id IN" \
	    " (SELECT pu.id FROM role_grant g JOIN participation pu" \
	    " ON pu.unit_id = g.scope_id WHERE g.user_id = $1" \
	    " AND g.scope_kind = 'unit'" \
	    " UNION SELECT g.scope_id FROM role_grant g WHERE g.user_id = $1" \
	    " AND g.scope_kind = 'participation')" \
	    " ORDER BY c.year DESC, c.id DESC, u.name LIMIT 50")
/* clang-format on */

#endif
