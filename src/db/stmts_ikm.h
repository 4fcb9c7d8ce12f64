/*
 * stmts_ikm.h - SQL statements of the satisfaction index (IKM): they read
 * the survey's counters (survey_count, survey_respondents: migration
 * 0021), never its answers, except the anonymised export, which reads a
 * unit's answers in batches by id. Part of the closed set in db/stmts.h,
 * written the same way.
 *
 * A period parameter is a period code ("2026-1", "2026-Q3") or a year
 * ("2026"), which takes in every period of that year: IKM_PERIOD_MATCH.
 */
#ifndef P2HAM_DB_STMTS_IKM_H
#define P2HAM_DB_STMTS_IKM_H

/* clang-format off */
/* Column t.period is period $n or lies in year $n. */
#define IKM_PERIOD_MATCH(t, n)						\
	" (" t ".period = CAST(" n " AS TEXT) OR substr(" t ".period, 1, 5)"	\
	" = CAST(" n " AS TEXT) || '-')"

/* The counters grouped by key k (a column of unit u) over scope $1-$4 and
 * period $5. */
#define IKM_GROUP_COUNTS(k, scope)					\
	"SELECT " k " AS grp, c.element AS element, c.value AS value,"	\
	" CAST(SUM(c.n) AS BIGINT) AS n FROM survey_count c"		\
	" JOIN unit u ON u.id = c.unit_id WHERE" scope			\
	" AND" IKM_PERIOD_MATCH("c", "$5")				\
	" AND (CAST($6 AS INTEGER) IS NULL"				\
	" OR u.province_code = CAST($6 AS INTEGER))"			\
	" GROUP BY " k ", c.element, c.value"
#define IKM_GROUP_RESPONDENTS(k, scope)					\
	"SELECT " k " AS grp, CAST(SUM(r.n) AS BIGINT) AS n,"		\
	" COUNT(DISTINCT r.unit_id) AS units, MAX(r.last_at) AS last_at"	\
	" FROM survey_respondents r JOIN unit u ON u.id = r.unit_id"	\
	" WHERE" scope " AND" IKM_PERIOD_MATCH("r", "$5")		\
	" AND (CAST($6 AS INTEGER) IS NULL"				\
	" OR u.province_code = CAST($6 AS INTEGER))"			\
	" GROUP BY " k

/* Both texts of an entry, SQLite's then PostgreSQL's: IKM_GROUP_<what>
 * by key k over the caller's scope of unit u. */
#define IKM_GROUPED(what, k)						\
	IKM_GROUP_##what(k, REG_SCOPE_SQLITE("u")),			\
	IKM_GROUP_##what(k, REG_SCOPE_PG("u"))

#define DB_STMTS_IKM(X)							\
	/* $1 unit, $2 period -> {"element", "value", "n"} summed over	\
	 * the periods. */						\
	X(IKM_COUNTS,							\
	    "SELECT c.element AS element, c.value AS value,"		\
	    " CAST(SUM(c.n) AS BIGINT) AS n FROM survey_count c"	\
	    " WHERE c.unit_id = $1 AND" IKM_PERIOD_MATCH("c", "$2")	\
	    " GROUP BY c.element, c.value ORDER BY c.element, c.value")	\
	/* $1 unit, $2 period -> {"n", "last_at"} (n 0, last_at null	\
	 * without answers). */						\
	X(IKM_RESPONDENTS,						\
	    "SELECT CAST(COALESCE(SUM(r.n), 0) AS BIGINT) AS n,"	\
	    " MAX(r.last_at) AS last_at FROM survey_respondents r"	\
	    " WHERE r.unit_id = $1 AND" IKM_PERIOD_MATCH("r", "$2"))	\
	/* $1 unit -> its periods with answers {"period", "n"}, newest	\
	 * first. */							\
	X(IKM_PERIODS,							\
	    "SELECT period, n FROM survey_respondents WHERE unit_id = $1"	\
	    " ORDER BY period DESC")					\
	/* The periods anyone answered in, newest first (the dashboard's \
	 * choices); read from the index on (period, unit_id). */	\
	X(IKM_PERIODS_ALL,						\
	    "SELECT DISTINCT period FROM survey_respondents"		\
	    " ORDER BY period DESC LIMIT 40")				\
	/* Scope $1-$4 (registry), $5 period, $6 province or NULL:	\
	 * counters and respondents per province, per unit type and per	\
	 * unit, {"grp", ...}. */					\
	X(IKM_COUNTS_BY_PROVINCE, IKM_GROUPED(COUNTS, "u.province_code")) \
	X(IKM_RESPONDENTS_BY_PROVINCE,					\
	    IKM_GROUPED(RESPONDENTS, "u.province_code"))		\
	X(IKM_COUNTS_BY_TYPE, IKM_GROUPED(COUNTS, "u.unit_type"))	\
	X(IKM_RESPONDENTS_BY_TYPE, IKM_GROUPED(RESPONDENTS, "u.unit_type")) \
	X(IKM_COUNTS_BY_UNIT, IKM_GROUPED(COUNTS, "u.id"))		\
	X(IKM_RESPONDENTS_BY_UNIT, IKM_GROUPED(RESPONDENTS, "u.id"))	\
	/* $1 ids as a JSON array -> {"id", "name", "unit_type",	\
	 * "province_code"} of those units (a dashboard's names). */	\
	X(IKM_UNIT_NAMES,						\
	    "SELECT id, name, unit_type, province_code FROM unit"	\
	    " WHERE id IN (SELECT value FROM json_each($1))"		\
	    " ORDER BY name, id",					\
	    "SELECT id, name, unit_type, province_code FROM unit"	\
	    " WHERE id IN (SELECT CAST(value AS BIGINT)"		\
	    " FROM json_array_elements_text(CAST($1 AS JSON)))"	\
	    " ORDER BY name, id")					\
	/* Scope $1-$4, $5 province -> its active units the caller sees	\
	 * {"id", "name"}, by name (a province's posters). */		\
	X(IKM_PROVINCE_UNITS,						\
	    "SELECT u.id AS id, u.name AS name FROM unit u"		\
	    " WHERE" REG_SCOPE_SQLITE("u") " AND u.active = 1"		\
	    " AND u.province_code = $5 ORDER BY u.name, u.id",		\
	    "SELECT u.id AS id, u.name AS name FROM unit u"		\
	    " WHERE" REG_SCOPE_PG("u") " AND u.active = 1"		\
	    " AND u.province_code = CAST($5 AS INTEGER)"		\
	    " ORDER BY u.name, u.id")					\
	/* $1 unit, $2 period, $3 after id, $4 limit -> the unit's	\
	 * answers in id order, without the form token's nonce nor the	\
	 * time of day: {"id", "period", "day", "service", "answers",	\
	 * "profile"}. */						\
	X(IKM_ANSWERS_EXPORT,						\
	    "SELECT a.id AS id, a.period AS period,"			\
	    " substr(a.answered_at, 1, 10) AS day, s.name AS service,"	\
	    " a.answers AS answers, a.profile AS profile"		\
	    " FROM survey_answer a"					\
	    " LEFT JOIN survey_service s ON s.id = a.service_id"	\
	    " WHERE a.id > $3 AND a.unit_id = $1"			\
	    " AND" IKM_PERIOD_MATCH("a", "$2")				\
	    " ORDER BY a.id LIMIT $4")
/* clang-format on */

#endif
