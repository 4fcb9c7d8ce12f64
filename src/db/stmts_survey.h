/*
 * stmts_survey.h - SQL statements of the public satisfaction survey:
 * instruments, the instrument a cycle or unit chooses, a unit's services and
 * yearly users, the append-only answers and the counters the survey writer
 * keeps beside them; part of the closed set in db/stmts.h, written the same
 * way. Tables: migrations/0021_survey.sql.
 */
#ifndef P2HAM_DB_STMTS_SURVEY_H
#define P2HAM_DB_STMTS_SURVEY_H

#define SURVEY_INSTRUMENT_COLS \
	"SELECT id, code, version, title_id, title_en, legal_basis," \
	" sha256, imported_at, imported_by FROM survey_instrument"

#define DB_STMTS_SURVEY(X) \
	/* $1 code, $2 version, $3 title_id, $4 title_en, $5 legal basis, \
	 * $6 body, $7 sha256, $8 now, $9 by -> {"id"}, or no row when that \
	 * code and version exist. */ \
	X(SURVEY_INSTRUMENT_INSERT, \
	    "INSERT INTO survey_instrument (code, version, title_id," \
	    " title_en, legal_basis, body, sha256, imported_at, imported_by)" \
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)" \
	    " ON CONFLICT (code, version) DO NOTHING RETURNING id") \
	/* $1 code, $2 version -> {"id", "sha256"} or no row. */ \
	X(SURVEY_INSTRUMENT_FIND, \
	    "SELECT id, sha256 FROM survey_instrument" \
	    " WHERE code = $1 AND version = $2") \
	/* $1 code -> the highest version's {"id"}, or no row. */ \
	X(SURVEY_INSTRUMENT_LATEST, \
	    "SELECT id FROM survey_instrument WHERE code = $1" \
	    " ORDER BY version DESC LIMIT 1") \
	/* $1 id -> the instrument with its body, or no row. */ \
	X(SURVEY_INSTRUMENT_GET, \
	    "SELECT id, code, version, title_id, title_en, legal_basis," \
	    " body, sha256, imported_at, imported_by" \
	    " FROM survey_instrument WHERE id = $1") \
	/* Every instrument without its body, by code then version. */ \
	X(SURVEY_INSTRUMENT_LIST, SURVEY_INSTRUMENT_COLS " ORDER BY code, version") \
	/* $1 cycle, $2 instrument, $3 now, $4 by: the cycle's choice. */ \
	X(SURVEY_CYCLE_SET, \
	    "INSERT INTO survey_cycle (cycle_id, instrument_id, set_at, set_by)" \
	    " VALUES ($1, $2, $3, $4) ON CONFLICT (cycle_id) DO UPDATE" \
	    " SET instrument_id = excluded.instrument_id," \
	    " set_at = excluded.set_at, set_by = excluded.set_by") \
	/* $1 unit, $2 instrument, $3 now, $4 by: the unit's own choice. */ \
	X(SURVEY_UNIT_SET, \
	    "INSERT INTO survey_unit (unit_id, instrument_id, set_at, set_by)" \
	    " VALUES ($1, $2, $3, $4) ON CONFLICT (unit_id) DO UPDATE" \
	    " SET instrument_id = excluded.instrument_id," \
	    " set_at = excluded.set_at, set_by = excluded.set_by") \
	/* $1 unit -> {"instrument_id", "source"} of the unit's own choice \
	 * ("unit") and of the cycles it takes part in ("cycle"), the unit's \
	 * first, then the newest cycle's; no row when nobody chose. */ \
	X(SURVEY_UNIT_INSTRUMENT, \
	    "SELECT instrument_id, source FROM (" \
	    " SELECT su.instrument_id AS instrument_id, 'unit' AS source," \
	    " 9999 AS year, 0 AS cid FROM survey_unit su WHERE su.unit_id = $1" \
	    " UNION ALL" \
	    " SELECT sc.instrument_id, 'cycle', c.year, c.id" \
	    " FROM participation p JOIN cycle c ON c.id = p.cycle_id" \
	    " JOIN survey_cycle sc ON sc.cycle_id = c.id WHERE p.unit_id = $1" \
	    ") t ORDER BY year DESC, cid DESC LIMIT 1") \
	/* $1 unit -> what the public form needs of it, or no row when it is \
	 * not there or not active: {"id", "name", "unit_type", "tz", \
	 * "province_code", "province_name"}. */ \
	X(SURVEY_UNIT_PUBLIC, \
	    "SELECT u.id AS id, u.name AS name, u.unit_type AS unit_type," \
	    " p.tz AS tz, u.province_code AS province_code," \
	    " p.name AS province_name FROM unit u" \
	    " JOIN province p ON p.code = u.province_code" \
	    " WHERE u.id = $1 AND u.active = 1") \
	/* $1 unit, $2 year, $3 users, $4 now, $5 by. */ \
	X(SURVEY_USERS_SET, \
	    "INSERT INTO survey_unit_users (unit_id, year, users, set_at," \
	    " set_by) VALUES ($1, $2, $3, $4, $5)" \
	    " ON CONFLICT (unit_id, year) DO UPDATE SET users = excluded.users," \
	    " set_at = excluded.set_at, set_by = excluded.set_by") \
	/* $1 unit, $2 year -> {"users"} or no row. */ \
	X(SURVEY_USERS_GET, \
	    "SELECT users FROM survey_unit_users" \
	    " WHERE unit_id = $1 AND year = $2") \
	/* $1 unit, $2 name, $3 now -> {"id"}; the position is the next one; \
	 * no row when the unit already has a service of that name. */ \
	X(SURVEY_SERVICE_ADD, \
	    "INSERT INTO survey_service (unit_id, name, position, created_at)" \
	    " SELECT $1, $2, COALESCE(MAX(position), 0) + 1, $3" \
	    " FROM survey_service WHERE unit_id = $1" \
	    " ON CONFLICT (unit_id, name) DO NOTHING RETURNING id") \
	/* $1 unit -> its active services {"id", "name"} in form order. */ \
	X(SURVEY_SERVICES, \
	    "SELECT id, name FROM survey_service" \
	    " WHERE unit_id = $1 AND active = 1 ORDER BY position, id") \
	/* $1 service, $2 unit, $3 active 0 or 1 -> {"id"} when it is the \
	 * unit's. */ \
	X(SURVEY_SERVICE_ACTIVE, \
	    "UPDATE survey_service SET active = $3" \
	    " WHERE id = $1 AND unit_id = $2 RETURNING id") \
	/* The writer's statements. $1 unit, $2 instrument, $3 period, $4 \
	 * now, $5 service or NULL, $6 answers JSON, $7 profile JSON, $8 \
	 * suggestion, $9 nonce. */ \
	X(SURVEY_ANSWER_ADD, \
	    "INSERT INTO survey_answer (unit_id, instrument_id, period," \
	    " answered_at, service_id, answers, profile, suggestion, nonce)" \
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)") \
	/* Record the nonces of $1 (a JSON array of strings) as used at $2 \
	 * (Unix seconds) -> {"nonce"} for each that was not used yet: a \
	 * nonce recorded already, maybe by another server, is a replay. */ \
	X(SURVEY_NONCES_TAKE, \
	    "INSERT INTO survey_nonce (nonce, used_at)" \
	    " SELECT value, $2 FROM json_each($1) WHERE true" \
	    " ON CONFLICT (nonce) DO NOTHING RETURNING nonce", \
	    "INSERT INTO survey_nonce (nonce, used_at)" \
	    " SELECT value, $2 FROM json_array_elements_text(CAST($1 AS json))" \
	    " ON CONFLICT (nonce) DO NOTHING RETURNING nonce") \
	/* Forget the nonces used before $1: their tokens are too old. */ \
	X(SURVEY_NONCES_SWEEP, "DELETE FROM survey_nonce WHERE used_at < $1") \
	/* $1 unit, $2 period, $3 element, $4 value, $5 how many more. */ \
	X(SURVEY_COUNT_ADD, \
	    "INSERT INTO survey_count (unit_id, period, element, value, n)" \
	    " VALUES ($1, $2, $3, $4, $5)" \
	    " ON CONFLICT (unit_id, period, element, value)" \
	    " DO UPDATE SET n = survey_count.n + excluded.n") \
	/* $1 unit, $2 period, $3 how many more, $4 the newest answer's \
	 * time. */ \
	X(SURVEY_RESPONDENTS_ADD, \
	    "INSERT INTO survey_respondents (unit_id, period, n, last_at)" \
	    " VALUES ($1, $2, $3, $4) ON CONFLICT (unit_id, period)" \
	    " DO UPDATE SET n = survey_respondents.n + excluded.n," \
	    " last_at = CASE WHEN excluded.last_at > survey_respondents.last_at" \
	    " THEN excluded.last_at ELSE survey_respondents.last_at END") \
	/* $1 unit, $2 period, $3 field, $4 option, $5 how many more. */ \
	X(SURVEY_PROFILE_ADD, \
	    "INSERT INTO survey_profile_count (unit_id, period, field, option, n)" \
	    " VALUES ($1, $2, $3, $4, $5)" \
	    " ON CONFLICT (unit_id, period, field, option)" \
	    " DO UPDATE SET n = survey_profile_count.n + excluded.n") \
	/* The same four as one statement each for a whole batch, used on \
	 * PostgreSQL, where a statement costs a round trip: $1 a JSON \
	 * array of rows, each with the members named as the columns \
	 * ("answers" and "profile" as JSON text in a string, "service_id" \
	 * null for none). The counter rows of one array are distinct. */ \
	X(SURVEY_ANSWERS_ADD, \
	    "INSERT INTO survey_answer (unit_id, instrument_id, period," \
	    " answered_at, service_id, answers, profile, suggestion, nonce)" \
	    " SELECT json_extract(value, '$.unit_id')," \
	    " json_extract(value, '$.instrument_id'), json_extract(value, '$.period')," \
	    " json_extract(value, '$.answered_at')," \
	    " json_extract(value, '$.service_id')," \
	    " json_extract(value, '$.answers'), json_extract(value, '$.profile')," \
	    " json_extract(value, '$.suggestion'), json_extract(value, '$.nonce')" \
	    " FROM json_each($1) ORDER BY key", \
	    "INSERT INTO survey_answer (unit_id, instrument_id, period," \
	    " answered_at, service_id, answers, profile, suggestion, nonce)" \
	    " SELECT unit_id, instrument_id, period, answered_at, service_id," \
	    " answers, profile, suggestion, nonce" \
	    " FROM json_to_recordset(CAST($1 AS json)) AS t(unit_id BIGINT," \
	    " instrument_id BIGINT, period TEXT, answered_at TEXT, service_id BIGINT," \
	    " answers TEXT, profile TEXT, suggestion TEXT, nonce TEXT)") \
	X(SURVEY_COUNTS_ADD, \
	    "INSERT INTO survey_count (unit_id, period, element, value, n)" \
	    " SELECT json_extract(value, '$.unit_id'), json_extract(value, '$.period')," \
	    " json_extract(value, '$.element'), json_extract(value, '$.value')," \
	    " json_extract(value, '$.n') FROM json_each($1) WHERE true" \
	    " ON CONFLICT (unit_id, period, element, value)" \
	    " DO UPDATE SET n = survey_count.n + excluded.n", \
	    "INSERT INTO survey_count (unit_id, period, element, value, n)" \
	    " SELECT unit_id, period, element, value, n" \
	    " FROM json_to_recordset(CAST($1 AS json)) AS t(unit_id BIGINT," \
	    " period TEXT, element TEXT, value INTEGER, n BIGINT)" \
	    " ON CONFLICT (unit_id, period, element, value)" \
	    " DO UPDATE SET n = survey_count.n + excluded.n") \
	X(SURVEY_PROFILES_ADD, \
	    "INSERT INTO survey_profile_count (unit_id, period, field, option, n)" \
	    " SELECT json_extract(value, '$.unit_id'), json_extract(value, '$.period')," \
	    " json_extract(value, '$.field'), json_extract(value, '$.option')," \
	    " json_extract(value, '$.n') FROM json_each($1) WHERE true" \
	    " ON CONFLICT (unit_id, period, field, option)" \
	    " DO UPDATE SET n = survey_profile_count.n + excluded.n", \
	    "INSERT INTO survey_profile_count (unit_id, period, field, option, n)" \
	    " SELECT unit_id, period, field, option, n" \
	    " FROM json_to_recordset(CAST($1 AS json)) AS t(unit_id BIGINT," \
	    " period TEXT, field TEXT, option TEXT, n BIGINT)" \
	    " ON CONFLICT (unit_id, period, field, option)" \
	    " DO UPDATE SET n = survey_profile_count.n + excluded.n") \
	X(SURVEY_RESPONDENTS_ADDS, \
	    "INSERT INTO survey_respondents (unit_id, period, n, last_at)" \
	    " SELECT json_extract(value, '$.unit_id'), json_extract(value, '$.period')," \
	    " json_extract(value, '$.n'), json_extract(value, '$.last_at')" \
	    " FROM json_each($1) WHERE true ON CONFLICT (unit_id, period)" \
	    " DO UPDATE SET n = survey_respondents.n + excluded.n," \
	    " last_at = CASE WHEN excluded.last_at > survey_respondents.last_at" \
	    " THEN excluded.last_at ELSE survey_respondents.last_at END", \
	    "INSERT INTO survey_respondents (unit_id, period, n, last_at)" \
	    " SELECT unit_id, period, n, last_at" \
	    " FROM json_to_recordset(CAST($1 AS json)) AS t(unit_id BIGINT," \
	    " period TEXT, n BIGINT, last_at TEXT) ON CONFLICT (unit_id, period)" \
	    " DO UPDATE SET n = survey_respondents.n + excluded.n," \
	    " last_at = CASE WHEN excluded.last_at > survey_respondents.last_at" \
	    " THEN excluded.last_at ELSE survey_respondents.last_at END") \
	/* $1 how many -> the newest answers' {"nonce", "answered_at"}, \
	 * newest first (the writer's replay memory at start). */ \
	X(SURVEY_NONCES_TAIL, \
	    "SELECT nonce, answered_at FROM survey_answer" \
	    " ORDER BY id DESC LIMIT $1") \
	/* $1 after id, $2 how many -> answers in id order, for recount and \
	 * the anonymised export: {"id", "unit_id", "instrument_id", \
	 * "period", "answered_at", "service_id", "answers", "profile", \
	 * "suggestion"}. */ \
	X(SURVEY_ANSWERS_AFTER, \
	    "SELECT id, unit_id, instrument_id, period, answered_at," \
	    " service_id, answers, profile, suggestion FROM survey_answer" \
	    " WHERE id > $1 ORDER BY id LIMIT $2") \
	/* Every counter, in key order (recount). */ \
	X(SURVEY_COUNTS_ALL, \
	    "SELECT unit_id, period, element, value, n FROM survey_count" \
	    " ORDER BY unit_id, period, element, value") \
	X(SURVEY_RESPONDENTS_ALL, \
	    "SELECT unit_id, period, n, last_at FROM survey_respondents" \
	    " ORDER BY unit_id, period") \
	X(SURVEY_PROFILE_ALL, \
	    "SELECT unit_id, period, field, option, n" \
	    " FROM survey_profile_count" \
	    " ORDER BY unit_id, period, field, option") \
	/* recount without --check: the counters are rebuilt from nothing. */ \
	X(SURVEY_COUNTS_CLEAR, "DELETE FROM survey_count") \
	X(SURVEY_RESPONDENTS_CLEAR, "DELETE FROM survey_respondents") \
	X(SURVEY_PROFILE_CLEAR, "DELETE FROM survey_profile_count") \
	/* $1 unit, $2 period -> {"element", "value", "n"} of that unit and \
	 * period. */ \
	X(SURVEY_COUNTS_OF, \
	    "SELECT element, value, n FROM survey_count" \
	    " WHERE unit_id = $1 AND period = $2 ORDER BY element, value") \
	/* $1 unit, $2 period -> {"n", "last_at"} or no row. */ \
	X(SURVEY_RESPONDENTS_OF, \
	    "SELECT n, last_at FROM survey_respondents" \
	    " WHERE unit_id = $1 AND period = $2") \
	/* $1 unit, $2 period -> {"field", "option", "n"}. */ \
	X(SURVEY_PROFILE_OF, \
	    "SELECT field, option, n FROM survey_profile_count" \
	    " WHERE unit_id = $1 AND period = $2 ORDER BY field, option")

#endif
