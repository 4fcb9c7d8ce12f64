/*
 * stmts_complaints.h - SQL statements of public complaints (filing,
 * tracking, handling, deadlines, the holiday calendar, the SP4N-LAPOR!
 * import and export, the assessment's count); part of the closed set in
 * db/stmts.h, written the same way. Tables: migrations/0023_complaints.sql.
 * No statement that serves a list or an export reads the complainant's
 * name or contact: only COMPLAINT_GET does, for the handling page.
 */
#ifndef P2HAM_DB_STMTS_COMPLAINTS_H
#define P2HAM_DB_STMTS_COMPLAINTS_H

/* A complaint without the complainant's identity, with its unit. */
#define CMP_COLS \
	" c.id AS id, c.code AS code, c.status AS status," \
	" c.category AS category, k.label_id AS category_id," \
	" k.label_en AS category_en, c.unit_id AS unit_id," \
	" u.name AS unit_name, u.province_code AS province_code," \
	" u.organization_id AS organization_id, pr.tz AS tz," \
	" c.happened_on AS happened_on, c.place AS place," \
	" c.source AS source, c.external_ref AS external_ref," \
	" c.referred_to AS referred_to, c.reason AS reason," \
	" c.filed_at AS filed_at, c.year AS year," \
	" c.triage_due AS triage_due, c.answer_due AS answer_due," \
	" c.resolve_due AS resolve_due, c.due_at AS due_at," \
	" c.triaged_at AS triaged_at, c.answered_at AS answered_at," \
	" c.closed_at AS closed_at, c.reopened AS reopened," \
	" c.hide_identity AS hide_identity, c.updated_at AS updated_at" \
	" FROM complaint c JOIN unit u ON u.id = c.unit_id" \
	" JOIN province pr ON pr.code = u.province_code" \
	" JOIN complaint_category k ON k.code = c.category"
#define CMP_UNRESOLVED(now) " c.status = 'in_progress' AND c.resolve_due < " now

#define DB_STMTS_COMPLAINTS(X) \
	/* The categories a complainant chooses from, in order. */ \
	X(COMPLAINT_CATEGORIES, \
	    "SELECT code, label_id, label_en FROM complaint_category" \
	    " WHERE active = 1 ORDER BY position, code") \
	/* $1 lower-case LIKE pattern or NULL -> active units whose name, \
	 * province or regency matches, at most $2. */ \
	X(COMPLAINT_UNIT_SEARCH, \
	    "SELECT u.id AS id, u.name AS name, pr.name AS province_name," \
	    " COALESCE(r.name, '') AS regency_name FROM unit u" \
	    " JOIN province pr ON pr.code = u.province_code" \
	    " LEFT JOIN regency r ON r.code = u.regency_code" \
	    " WHERE u.active = 1 AND (CAST($1 AS TEXT) IS NULL" \
	    " OR lower(u.name) LIKE $1 ESCAPE '\\'" \
	    " OR lower(pr.name) LIKE $1 ESCAPE '\\'" \
	    " OR lower(COALESCE(r.name, '')) LIKE $1 ESCAPE '\\')" \
	    " ORDER BY u.name, u.id LIMIT $2") \
	/* $1 unit -> its place and zone, or no row (inactive too). */ \
	X(COMPLAINT_UNIT, \
	    "SELECT u.id AS id, u.name AS name, u.province_code AS province_code," \
	    " u.organization_id AS organization_id, pr.tz AS tz," \
	    " pr.name AS province_name FROM unit u" \
	    " JOIN province pr ON pr.code = u.province_code" \
	    " WHERE u.id = $1 AND u.active = 1") \
	/* $1 code, $2 unit, $3 category, $4 body, $5 happened_on, $6 place, \
	 * $7 name, $8 contact, $9 consent, $10 hide_identity, $11 source, \
	 * $12 external_ref, $13 status, $14 filed_at, $15 year, \
	 * $16 triage_due, $17 due_at, $18 nonce, $19 answer_due, \
	 * $20 resolve_due, $21 triaged_at, $22 answered_at, $23 closed_at, \
	 * $24 referred_to -> {"id"}. */ \
	X(COMPLAINT_INSERT, \
	    "INSERT INTO complaint (code, unit_id, category, body, happened_on," \
	    " place, name, contact, consent, hide_identity, source," \
	    " external_ref, status, filed_at, year, triage_due, due_at, nonce," \
	    " answer_due, resolve_due, triaged_at, answered_at, closed_at," \
	    " referred_to, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8," \
	    " $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21," \
	    " $22, $23, $24, $14) RETURNING id") \
	/* $1 complaint, $2 kind, $3 body, $4 public (0/1), $5 by or NULL, \
	 * $6 at. */ \
	X(COMPLAINT_STEP_ADD, \
	    "INSERT INTO complaint_step (complaint_id, kind, body, is_public," \
	    " by_user, at) VALUES ($1, $2, $3, $4, $5, $6)") \
	/* $1 complaint, $2 sha256, $3 name, $4 mime, $5 size, $6 at. */ \
	X(COMPLAINT_FILE_ADD, \
	    "INSERT INTO complaint_file (complaint_id, sha256, name, mime," \
	    " size, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6)") \
	/* $1 tracking code -> the complaint without identity, or no row. */ \
	X(COMPLAINT_BY_CODE, "SELECT" CMP_COLS " WHERE c.code = $1") \
	/* $1 id -> the complaint without identity, or no row. */ \
	X(COMPLAINT_ROW, "SELECT" CMP_COLS " WHERE c.id = $1") \
	/* $1 id -> what happened and who told it: the handling page only. */ \
	X(COMPLAINT_GET, \
	    "SELECT c.body AS body, c.name AS name, c.contact AS contact," \
	    " c.consent AS consent FROM complaint c WHERE c.id = $1") \
	/* $1 complaint -> its timeline, oldest first. */ \
	X(COMPLAINT_STEPS, \
	    "SELECT s.id AS id, s.kind AS kind, s.body AS body," \
	    " s.is_public AS is_public, s.at AS at," \
	    " COALESCE(us.full_name, '') AS by_name FROM complaint_step s" \
	    " LEFT JOIN users us ON us.id = s.by_user" \
	    " WHERE s.complaint_id = $1 ORDER BY s.id") \
	/* $1 complaint -> its public steps (no author), oldest first. */ \
	X(COMPLAINT_STEPS_PUBLIC, \
	    "SELECT s.kind AS kind, s.body AS body, s.at AS at," \
	    " s.is_public AS is_public" \
	    " FROM complaint_step s WHERE s.complaint_id = $1" \
	    " AND s.is_public = 1 ORDER BY s.id") \
	/* $1 complaint -> its attachments. */ \
	X(COMPLAINT_FILES, \
	    "SELECT id, name, mime, size, uploaded_at FROM complaint_file" \
	    " WHERE complaint_id = $1 ORDER BY id") \
	/* $1 attachment -> {complaint_id, sha256, name, mime, size}. */ \
	X(COMPLAINT_FILE_GET, \
	    "SELECT id, complaint_id, sha256, name, mime, size FROM complaint_file" \
	    " WHERE id = $1") \
	/* $1 id, $2 status expected, $3 updated_at expected, $4 status, \
	 * $5 referred_to, $6 reason, $7 answer_due, $8 resolve_due, \
	 * $9 due_at, $10 triaged_at, $11 answered_at, $12 closed_at, \
	 * $13 reopened, $14 now -> {"id"} when it changed. */ \
	X(COMPLAINT_MOVE, \
	    "UPDATE complaint SET status = $4, referred_to = $5, reason = $6," \
	    " answer_due = $7, resolve_due = $8, due_at = $9, triaged_at = $10," \
	    " answered_at = $11, closed_at = $12, reopened = $13," \
	    " updated_at = $14 WHERE id = $1 AND status = $2" \
	    " AND updated_at = $3 RETURNING id") \
	/* Scope $1-$4 (registry), $5 status or NULL, $6 limit -> complaints \
	 * of the units in scope, newest first. */ \
	X(COMPLAINT_LIST, \
	    "SELECT" CMP_COLS " WHERE" REG_SCOPE_SQLITE( \
		"u") " AND (CAST($5 AS TEXT) IS NULL OR c.status = $5)" \
		     " ORDER BY c.filed_at DESC, c.id DESC LIMIT $6", \
	    "SELECT" CMP_COLS " WHERE" REG_SCOPE_PG( \
		"u") " AND (CAST($5 AS TEXT) IS NULL OR c.status = $5)" \
		     " ORDER BY c.filed_at DESC, c.id DESC LIMIT $6") \
	/* Scope $1-$4, $5 now -> overdue complaints, most overdue first. */ \
	X(COMPLAINT_OVERDUE, \
	    "SELECT" CMP_COLS " WHERE c.due_at < $5 AND" REG_SCOPE_SQLITE( \
		"u") " ORDER BY c.due_at, c.id LIMIT 500", \
	    "SELECT" CMP_COLS " WHERE c.due_at < $5 AND" REG_SCOPE_PG( \
		"u") " ORDER BY c.due_at, c.id LIMIT 500") \
	/* $1 unit, $2 now -> {"n"}: its overdue complaints. */ \
	X(COMPLAINT_OVERDUE_UNIT, \
	    "SELECT count(*) AS n FROM complaint c" \
	    " WHERE c.unit_id = $1 AND c.due_at < $2") \
	/* Scope $1-$4, $5 now -> overdue complaints per unit {unit_id, \
	 * unit_name, n}. */ \
	X(COMPLAINT_OVERDUE_UNITS, \
	    "SELECT u.id AS unit_id, u.name AS unit_name, count(*) AS n" \
	    " FROM complaint c JOIN unit u ON u.id = c.unit_id" \
	    " WHERE c.due_at < $5 AND" REG_SCOPE_SQLITE( \
		"u") " GROUP BY u.id, u.name ORDER BY n DESC, u.name LIMIT 200", \
	    "SELECT u.id AS unit_id, u.name AS unit_name, count(*) AS n" \
	    " FROM complaint c JOIN unit u ON u.id = c.unit_id" \
	    " WHERE c.due_at < $5 AND" REG_SCOPE_PG( \
		"u") " GROUP BY u.id, u.name ORDER BY n DESC, u.name LIMIT 200") \
	/* $1 unit, $2 year, $3 now -> its complaints of that year still \
	 * unresolved past their resolution deadline. */ \
	X(COMPLAINT_UNRESOLVED, \
	    "SELECT" CMP_COLS \
	    " WHERE c.unit_id = $1 AND c.year = $2 AND" CMP_UNRESOLVED( \
		"$3") " ORDER BY c.resolve_due, c.id") \
	/* $1 answered before -> ids of answered complaints to close. */ \
	X(COMPLAINT_AUTO_CLOSE_DUE, \
	    "SELECT id FROM complaint WHERE status = 'answered'" \
	    " AND answered_at < $1 ORDER BY id LIMIT 500") \
	/* $1 SP4N-LAPOR! tracking number -> {"id"} or no row. */ \
	X(COMPLAINT_BY_REF, "SELECT id FROM complaint WHERE external_ref = $1") \
	/* $1 exact unit name (case ignored) -> up to 2 active units. */ \
	X(COMPLAINT_UNIT_BY_NAME, \
	    "SELECT u.id AS id, pr.tz AS tz FROM unit u" \
	    " JOIN province pr ON pr.code = u.province_code" \
	    " WHERE lower(u.name) = lower($1) AND u.active = 1" \
	    " ORDER BY u.id LIMIT 2") \
	/* Holidays: $1 year as text -> its days, in order. */ \
	X(HOLIDAY_YEAR, \
	    "SELECT day, name FROM holiday WHERE substr(day, 1, 4) = $1" \
	    " ORDER BY day") \
	/* $1 first day, $2 last day -> the days between, in order. */ \
	X(HOLIDAY_RANGE, "SELECT day FROM holiday WHERE day >= $1 AND day <= $2 ORDER BY day") \
	/* $1 day, $2 name, $3 by or NULL, $4 now; a day kept already \
	 * gets the new name. */ \
	X(HOLIDAY_PUT, \
	    "INSERT INTO holiday (day, name, created_by, created_at)" \
	    " VALUES ($1, $2, $3, $4) ON CONFLICT (day) DO UPDATE" \
	    " SET name = excluded.name") \
	/* $1 day -> {"day"} when it was removed. */ \
	X(HOLIDAY_DELETE, "DELETE FROM holiday WHERE day = $1 RETURNING day")

#endif
