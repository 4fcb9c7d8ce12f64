/*
 * stmts_scale.h - SQL of the national-scale demonstration data (`p2ham demo
 * --scale N`, src/cmd/scale*.c): the few reads the loader needs, the reset
 * of PostgreSQL's identity sequences after rows were written with explicit
 * ids, and the tables and columns it loads in bulk (db/bulk.h): on SQLite
 * one prepared INSERT per table, on PostgreSQL COPY ... FROM STDIN.
 */
#ifndef P2HAM_DB_STMTS_SCALE_H
#define P2HAM_DB_STMTS_SCALE_H

/* The PostgreSQL sequence of table t's id follows its largest id. */
#define SCALE_SETVAL(t) \
	"setval(pg_get_serial_sequence('" t "', 'id')," \
	" COALESCE((SELECT MAX(id) FROM " t "), 0) + 1, false)"

/*
 * The tables the load writes with explicit ids, each with the name of its
 * member of struct scale_ids, which is also the column its ids are read
 * under: FIRST(table, name) for the first, NEXT for each other one, so
 * that a list in SQL can put a comma before all but the first.
 */
/* clang-format off */
#define SCALE_ID_TABLES(FIRST, NEXT)					\
	FIRST("organization", org) NEXT("unit", unit)			\
	NEXT("users", users) NEXT("role_grant", grnt)			\
	NEXT("participation", part) NEXT("participation_event", event)	\
	NEXT("declaration", decl) NEXT("declaration_witness", witness)	\
	NEXT("file", file) NEXT("evaluation", eval)			\
	NEXT("assignment", asg) NEXT("verdict", verdict)		\
	NEXT("plenary", plenary) NEXT("decree", decree)
/* clang-format on */
#define SCALE_MAX_ID(t, name) " (SELECT COALESCE(MAX(id), 0) FROM " t ") AS " #name
#define SCALE_MAX_ID_NEXT(t, name) "," SCALE_MAX_ID(t, name)
#define SCALE_RESET_ID(t, name) " " SCALE_SETVAL(t) " AS " #name
#define SCALE_RESET_ID_NEXT(t, name) "," SCALE_RESET_ID(t, name)

/* clang-format off */
#define DB_STMTS_SCALE(X)						\
	/* What a fresh installation holds: {"units", "users",		\
	 * "participations"}. */					\
	X(SCALE_FILLED,							\
	    "SELECT (SELECT count(*) FROM unit) AS units,"		\
	    " (SELECT count(*) FROM users) AS users,"			\
	    " (SELECT count(*) FROM participation) AS participations")	\
	/* The largest id of every table loaded with explicit ids. */	\
	X(SCALE_MAX_IDS,						\
	    "SELECT" SCALE_ID_TABLES(SCALE_MAX_ID, SCALE_MAX_ID_NEXT))	\
	/* Regencies and cities known, by code. */			\
	X(SCALE_REGENCIES,						\
	    "SELECT code, province_code, name, kind FROM regency"	\
	    " ORDER BY code")						\
	/* $1 name -> {"id"} of the organization so called. */		\
	X(SCALE_ORG_ID, "SELECT id FROM organization WHERE name = $1")	\
	/* $1 organization, $2 name -> {"id"} of its unit so called. */	\
	X(SCALE_UNIT_ID,						\
	    "SELECT id FROM unit WHERE organization_id = $1"		\
	    " AND name = $2")						\
	/* $1 email -> {"id"} of the account. */			\
	X(SCALE_USER_ID,						\
	    "SELECT id FROM users WHERE email_key = lower($1)")	\
	/* After the load: new rows get ids after the loaded ones (SQLite	\
	 * does so by itself). */					\
	X(SCALE_RESET_IDS,						\
	    "SELECT 0 AS done",						\
	    "SELECT" SCALE_ID_TABLES(SCALE_RESET_ID, SCALE_RESET_ID_NEXT))	\
	/* A document the ordinary demo issued, still standing:	\
	 * {"serial"}. */						\
	X(SCALE_DOCUMENT,						\
	    "SELECT serial FROM document WHERE withdrawn_at IS NULL"	\
	    " ORDER BY id LIMIT 1")					\
	/* Statistics for the planner once the tables have grown. */	\
	X(SCALE_ANALYZE, "ANALYZE")

/*
 * The tables loaded in bulk: X(NAME, table, columns, count). Rows are given
 * in the columns' order (db_bulk_row).
 */
#define DB_BULKS(X)							\
	X(REGENCY, "regency", "code, province_code, name, kind", 4)	\
	X(ORGANIZATION, "organization", "id, kind, name, province_code,"	\
	    " regency_code, active, created_at, updated_at", 8)		\
	X(UNIT, "unit", "id, name, unit_type, sector, province_code,"	\
	    " regency_code, organization_id, parent_unit_id, address,"	\
	    " head_name, head_title, phone, email, active, created_at,"	\
	    " updated_at", 16)						\
	X(USERS, "users", "id, email, email_key, full_name, nip, phone,"	\
	    " password_hash, active, home_province, home_organization,"	\
	    " created_at, updated_at, password_changed_at", 13)		\
	X(ROLE_GRANT, "role_grant", "id, user_id, role, scope_kind,"	\
	    " scope_id, may_revoke, granted_by, granted_at", 8)		\
	X(PARTICIPATION, "participation", "id, cycle_id, unit_id, stage,"	\
	    " state, enrolled_at, enrolled_by, updated_at", 8)		\
	X(EVENT, "participation_event", "id, participation_id, at,"	\
	    " actor_id, what, stage, state, note", 8)			\
	X(DECLARATION, "declaration", "id, cycle_id, province_code,"	\
	    " status, proposed_date, mode, place, link,"		\
	    " planned_witnesses, requested_by, requested_at, decided_by,"	\
	    " decided_at, ditjen_witness_name, ditjen_witness_position,"	\
	    " actual_date, actual_mode, attendance, recorded_by,"	\
	    " recorded_at, confirmed_by, confirmed_at", 22)		\
	X(DECL_MEMBER, "declaration_member", "declaration_id,"		\
	    " participation_id, live", 3)				\
	X(DECL_WITNESS, "declaration_witness", "id, declaration_id,"	\
	    " position_no, name, title, institution, kind", 7)		\
	X(ANSWER, "answer", "participation_id, indicator, option_code,"	\
	    " note, updated_by, updated_at", 6)				\
	X(FILE, "file", "id, sha256, name, mime, size, participation_id,"	\
	    " purpose, indicator, uploaded_by, uploaded_at", 10)	\
	X(EVALUATION, "evaluation", "id, participation_id, result,"	\
	    " decided_by, decided_at, note", 6)				\
	X(EVAL_REASON, "evaluation_reason", "evaluation_id, criterion,"	\
	    " reason", 3)						\
	X(ASSIGNMENT, "assignment", "id, participation_id, user_id, role,"	\
	    " due_date, assigned_by, assigned_at, answer,"		\
	    " answer_statement, answered_at", 10)			\
	X(VERDICT, "verdict", "id, participation_id, indicator, round,"	\
	    " verdict, note, given_by, given_at", 8)			\
	X(VERIFICATION_CLOSE, "verification_close", "participation_id,"	\
	    " closed_by, closed_at", 3)					\
	X(SCORE_SHEET, "score_sheet", "participation_id, assessor_id,"	\
	    " started_at, submitted_at", 4)				\
	X(SCORE, "score", "participation_id, assessor_id, indicator,"	\
	    " option_code, justification, updated_at", 6)		\
	X(PLENARY, "plenary", "id, cycle_id, held_on, place, opened_by,"	\
	    " opened_at, closed_by, closed_at", 8)			\
	X(RECOMMENDATION, "recommendation", "participation_id,"	\
	    " plenary_id, recommended, reason, decided_by, decided_at", 6)	\
	X(DECREE, "decree", "id, cycle_id, number, decreed_on, place,"	\
	    " signer_name, signer_title, considerations, award_date,"	\
	    " status, created_by, created_at, updated_at, issued_by,"	\
	    " issued_at", 15)						\
	X(DECREE_ENTRY, "decree_entry", "decree_id, participation_id,"	\
	    " awarded, predicate, total", 5)				\
	X(AWARD, "award", "participation_id, decree_id, predicate,"	\
	    " award_date, created_at", 5)				\
	X(AUDIT, "audit_log", "seq, at, actor_id, actor, action,"	\
	    " object_type, object_id, summary, request_id, hash", 10)
/* clang-format on */

#endif
