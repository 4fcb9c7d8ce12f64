/*
 * stmts_progress.h - SQL statements of progress figures over participations; part of
 * the closed set in db/stmts.h, written the same way.
 *
 * Every statement here takes the caller's scope as $1-$4 (the registry's
 * REG_SCOPE_* parameters, see registry_scope_params) and the cycle as $5.
 * The statements that say which participations lag behind also take:
 *
 *	$6  now, ISO-8601 UTC text
 *	$7  a JSON array of "stage:state" texts that finish their stage's work
 *	    (declared, submitted, passed, ...): such a participation is never
 *	    late, whatever its deadline says
 *	$8  the code of the cycle's first stage
 *	$9  the state a participation takes when it enters that stage
 *
 * A participation has not started when it still stands at $8/$9 while that
 * stage's window is open or over; it is late when the deadline of the stage
 * it stands in has passed and its state is not one of $7.
 */
#ifndef P2HAM_DB_STMTS_PROGRESS_H
#define P2HAM_DB_STMTS_PROGRESS_H

/* The two flags on aliases p (participation) and cs (its cycle_stage),
 * given how "stage:state" is found in $7 on each backend. */
/* clang-format off */
#define PROG_NOT_STARTED						\
	"(p.stage = CAST($8 AS TEXT) AND p.state = CAST($9 AS TEXT)"	\
	" AND cs.opens_at <= CAST($6 AS TEXT))"
#define PROG_LATE_SQLITE						\
	"(cs.deadline_at < CAST($6 AS TEXT) AND (p.stage || ':' || p.state)" \
	" NOT IN (SELECT value FROM json_each($7)))"
#define PROG_LATE_PG							\
	"(cs.deadline_at < CAST($6 AS TEXT) AND (p.stage || ':' || p.state)" \
	" NOT IN (SELECT value FROM json_array_elements_text(CAST($7 AS JSON))))"

/* Columns of one participation row with its flags (0/1). */
#define PROG_ROW(late)							\
	"SELECT p.id AS id, p.unit_id AS unit_id, u.name AS unit_name,"	\
	" u.province_code AS province_code, u.unit_type AS unit_type,"	\
	" p.stage AS stage, p.state AS state,"				\
	" cs.deadline_at AS deadline_at,"				\
	" CASE WHEN " PROG_NOT_STARTED " THEN 1 ELSE 0 END AS not_started," \
	" CASE WHEN " late " THEN 1 ELSE 0 END AS late"
#define PROG_FROM							\
	" FROM participation p JOIN unit u ON u.id = p.unit_id"	\
	" JOIN cycle_stage cs ON cs.cycle_id = p.cycle_id AND cs.stage = p.stage" \
	" WHERE p.cycle_id = $5 AND"

#define DB_STMTS_PROGRESS(X)						\
	/* Scope $1-$4, $5 cycle -> how many participations the caller	\
	 * sees in each province and unit type at each stage and state. */ \
	X(PROGRESS_COUNTS,						\
	    "SELECT u.province_code AS province_code,"			\
	    " u.unit_type AS unit_type, p.stage AS stage,"		\
	    " p.state AS state, count(*) AS n"				\
	    " FROM participation p JOIN unit u ON u.id = p.unit_id"	\
	    " WHERE p.cycle_id = $5 AND" REG_SCOPE_SQLITE("u")		\
	    " GROUP BY u.province_code, u.unit_type, p.stage, p.state",	\
	    "SELECT u.province_code AS province_code,"			\
	    " u.unit_type AS unit_type, p.stage AS stage,"		\
	    " p.state AS state, count(*) AS n"				\
	    " FROM participation p JOIN unit u ON u.id = p.unit_id"	\
	    " WHERE p.cycle_id = $5 AND" REG_SCOPE_PG("u")		\
	    " GROUP BY u.province_code, u.unit_type, p.stage, p.state")	\
	/* Scope $1-$4, $5-$9 as above, $10 limit -> the participations	\
	 * that have not started or are late, the longest overdue first. */ \
	X(PROGRESS_LAGGING,						\
	    PROG_ROW(PROG_LATE_SQLITE) PROG_FROM REG_SCOPE_SQLITE("u")	\
	    " AND (" PROG_NOT_STARTED " OR " PROG_LATE_SQLITE ")"	\
	    " ORDER BY cs.deadline_at, u.province_code, u.name, p.id"	\
	    " LIMIT $10",						\
	    PROG_ROW(PROG_LATE_PG) PROG_FROM REG_SCOPE_PG("u")		\
	    " AND (" PROG_NOT_STARTED " OR " PROG_LATE_PG ")"		\
	    " ORDER BY cs.deadline_at, u.province_code, u.name, p.id"	\
	    " LIMIT $10")						\
	/* Scope $1-$4, $5-$9 as above -> {"n"}: how many lag behind. */ \
	X(PROGRESS_LAGGING_COUNT,					\
	    "SELECT count(*) AS n" PROG_FROM REG_SCOPE_SQLITE("u")	\
	    " AND (" PROG_NOT_STARTED " OR " PROG_LATE_SQLITE ")",	\
	    "SELECT count(*) AS n" PROG_FROM REG_SCOPE_PG("u")		\
	    " AND (" PROG_NOT_STARTED " OR " PROG_LATE_PG ")")		\
	/* Scope $1-$4, $5-$9 as above, then the last row of the previous \
	 * batch ($10 province code, $11 unit name, $12 participation id; \
	 * 0, '', 0 to begin) and $13 the batch size -> every		\
	 * participation the caller sees, by province and unit name. */	\
	X(PROGRESS_EXPORT,						\
	    PROG_ROW(PROG_LATE_SQLITE) PROG_FROM REG_SCOPE_SQLITE("u")	\
	    " AND (u.province_code, u.name, p.id) > (CAST($10 AS INTEGER)," \
	    " CAST($11 AS TEXT), CAST($12 AS BIGINT))"			\
	    " ORDER BY u.province_code, u.name, p.id LIMIT $13",	\
	    PROG_ROW(PROG_LATE_PG) PROG_FROM REG_SCOPE_PG("u")		\
	    " AND (u.province_code, u.name, p.id) > (CAST($10 AS INTEGER)," \
	    " CAST($11 AS TEXT), CAST($12 AS BIGINT))"			\
	    " ORDER BY u.province_code, u.name, p.id LIMIT $13")
/* clang-format on */

#endif
