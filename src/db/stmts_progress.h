/*
 * stmts_progress.h - SQL statements of progress figures over participations; part of
 * the closed set in db/stmts.h, written the same way.
 *
 * Every statement here takes the caller's scope as $1-$4 (the registry's
 * REG_SCOPE_* parameters, see registry_scope_params) and the cycle as $5.
 * Which participations lag behind (not started, late) is the program's
 * rule (cycle_lag_at), applied to the rows these statements read.
 */
#ifndef P2HAM_DB_STMTS_PROGRESS_H
#define P2HAM_DB_STMTS_PROGRESS_H

/* clang-format off */
/* Columns of one participation row. */
#define PROG_ROW							\
	"SELECT p.id AS id, p.unit_id AS unit_id, u.name AS unit_name,"	\
	" u.province_code AS province_code, u.unit_type AS unit_type,"	\
	" p.stage AS stage, p.state AS state,"				\
	" cs.deadline_at AS deadline_at"
#define PROG_FROM							\
	" FROM participation p JOIN unit u ON u.id = p.unit_id"	\
	" JOIN cycle_stage cs ON cs.cycle_id = p.cycle_id AND cs.stage = p.stage" \
	" WHERE p.cycle_id = $5 AND"
/* PROG_FROM read unit first (SQLite's CROSS JOIN keeps that order). */
#define PROG_FROM_UNITS							\
	" FROM unit u CROSS JOIN participation p ON p.unit_id = u.id"	\
	" JOIN cycle_stage cs ON cs.cycle_id = p.cycle_id AND cs.stage = p.stage" \
	" WHERE p.cycle_id = $5 AND"
/* PROGRESS_EXPORT's rows after the key $6-$8, in its order: the bound
 * on the unit's (province, name) reads the unit index from the key on. */
#define PROG_EXPORT_TAIL						\
	" AND (u.province_code, u.name) >= (CAST($6 AS INTEGER),"	\
	" CAST($7 AS TEXT)) AND ((u.province_code, u.name) >"		\
	" (CAST($6 AS INTEGER), CAST($7 AS TEXT))"			\
	" OR p.id > CAST($8 AS BIGINT))"				\
	" ORDER BY u.province_code, u.name, p.id LIMIT $9"

/*
 * The tallied participations of cycle $5 the caller's scope $1-$4 reaches,
 * as rows (province_code, unit_type, stage, state, n): the province tally
 * for a national scope or the scope's provinces; the organization tally
 * for its organizations outside those provinces; the participations
 * themselves of its single units outside both. No participation counts
 * twice. in(x) is the statement's way of reading JSON array x as a set.
 * TALLY_SCOPED_OVER reads the whole provinces from places instead: the
 * province rollup (migration 0032) serves a statement that needs no unit
 * type, with a tenth of the rows.
 */
#define TALLY_IN_SQLITE(x) "SELECT value FROM json_each(" x ")"
#define TALLY_IN_PG(x)							\
	"SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(" x " AS JSON))"
#define TALLY_PLACES							\
	" province_code, unit_type, stage, state, n FROM progress_tally"
#define TALLY_PLACES_ROLLUP						\
	" province_code, CAST(NULL AS TEXT) AS unit_type, stage, state, n" \
	" FROM progress_tally_province"
#define TALLY_SCOPED(in) TALLY_SCOPED_OVER(in, TALLY_PLACES)
#define TALLY_SCOPED_OVER(in, places)					\
	" (SELECT" places " WHERE cycle_id = $5"			\
	" AND (CAST($1 AS INTEGER) = 1 OR province_code IN (" in("$2") "))" \
	" UNION ALL SELECT province_code, unit_type, stage, state, n"	\
	" FROM progress_org_tally WHERE cycle_id = $5"			\
	" AND CAST($1 AS INTEGER) <> 1"					\
	" AND organization_id IN (" in("$3") ")"			\
	" AND province_code NOT IN (" in("$2") ")"			\
	" UNION ALL SELECT u.province_code, u.unit_type, pu.stage, pu.state," \
	" 1 FROM unit u JOIN participation pu ON pu.unit_id = u.id"	\
	" AND pu.cycle_id = $5 WHERE CAST($1 AS INTEGER) <> 1"		\
	" AND u.id IN (" in("$4") ")"					\
	" AND u.province_code NOT IN (" in("$2") ")"			\
	" AND u.organization_id NOT IN (" in("$3") "))"

/* The columns of a progress_lag row as the list shows it (its flags and
 * deadline are its stage's and state's), and the group's rows of cycle
 * $1, stage $2, state $3. */
#define PROG_LAG_ROWS							\
	"SELECT participation_id AS id, unit_id AS unit_id,"		\
	" unit_name AS unit_name, province_code AS province_code,"	\
	" unit_type AS unit_type, stage AS stage, state AS state"	\
	" FROM progress_lag WHERE cycle_id = $1 AND stage = CAST($2 AS TEXT)" \
	" AND state = CAST($3 AS TEXT)"
#define PROG_LAG_ORDER " ORDER BY province_code, unit_name, unit_id"
/* PROGRESS_LAG_UNITS: each unit of $4 looked up by progress_lag_unit
 * (SQLite's CROSS JOIN keeps the list first; on PostgreSQL a LATERAL
 * subquery, kept whole by OFFSET 0, reads each unit's rows by the unit). */
#define PROG_LAG_UNIT_WHERE(in)						\
	" l.cycle_id = $1 AND l.stage = CAST($2 AS TEXT)"		\
	" AND l.state = CAST($3 AS TEXT)"				\
	" AND l.province_code NOT IN (" in("$5") ")"			\
	" AND l.organization_id NOT IN (" in("$6") ")"
#define PROG_LAG_UNIT_COLS						\
	"SELECT l.participation_id AS id, l.unit_id AS unit_id,"	\
	" l.unit_name AS unit_name, l.province_code AS province_code,"	\
	" l.unit_type AS unit_type, l.stage AS stage, l.state AS state"
#define PROG_LAG_UNIT_ORDER						\
	" ORDER BY l.province_code, l.unit_name, l.unit_id LIMIT $7"

#define DB_STMTS_PROGRESS(X)						\
	/* Scope $1-$4, $5 cycle -> how many participations the caller	\
	 * sees in each province and unit type at each stage and state	\
	 * (from the tallies, migration 0027). */			\
	X(PROGRESS_COUNTS,						\
	    "SELECT t.province_code AS province_code,"			\
	    " t.unit_type AS unit_type, t.stage AS stage,"		\
	    " t.state AS state, CAST(sum(t.n) AS BIGINT) AS n"		\
	    " FROM" TALLY_SCOPED(TALLY_IN_SQLITE) " t"			\
	    " GROUP BY t.province_code, t.unit_type, t.stage, t.state"	\
	    " HAVING sum(t.n) > 0",					\
	    "SELECT t.province_code AS province_code,"			\
	    " t.unit_type AS unit_type, t.stage AS stage,"		\
	    " t.state AS state, CAST(sum(t.n) AS BIGINT) AS n"		\
	    " FROM" TALLY_SCOPED(TALLY_IN_PG) " t"			\
	    " GROUP BY t.province_code, t.unit_type, t.stage, t.state"	\
	    " HAVING sum(t.n) > 0")					\
	/* $1 cycle -> the country's counts from the rollups (migration	\
	 * 0032), nothing to add up: a row per province, stage and state \
	 * (unit_type NULL), then one per unit type, stage and state	\
	 * (province_code NULL); each set sums to the country's total. */ \
	X(PROGRESS_COUNTS_NATIONAL,					\
	    "SELECT province_code AS province_code,"			\
	    " CAST(NULL AS TEXT) AS unit_type, stage AS stage,"		\
	    " state AS state, n AS n FROM progress_tally_province"	\
	    " WHERE cycle_id = $1 AND n > 0"				\
	    " UNION ALL SELECT CAST(NULL AS INTEGER), unit_type, stage,"	\
	    " state, n FROM progress_tally_type"			\
	    " WHERE cycle_id = $1 AND n > 0")				\
	/* $1 cycle, $2 stage, $3 state, $4 limit -> the first		\
	 * participations of that group in the country, by province,	\
	 * unit name and unit: a range of index progress_lag_place. */	\
	X(PROGRESS_LAG_ALL,						\
	    PROG_LAG_ROWS PROG_LAG_ORDER " LIMIT $4")			\
	/* The same in province $4, limit $5. */			\
	X(PROGRESS_LAG_PROVINCE,					\
	    PROG_LAG_ROWS " AND province_code = CAST($4 AS INTEGER)"	\
	    PROG_LAG_ORDER " LIMIT $5")					\
	/* The same of organization $4 outside the provinces of JSON	\
	 * array $5 (which the scope reads whole), limit $6: a range of	\
	 * index progress_lag_org. */					\
	X(PROGRESS_LAG_ORG,						\
	    PROG_LAG_ROWS " AND organization_id = CAST($4 AS BIGINT)"	\
	    " AND province_code NOT IN (" TALLY_IN_SQLITE("$5") ")"	\
	    PROG_LAG_ORDER " LIMIT $6",					\
	    PROG_LAG_ROWS " AND organization_id = CAST($4 AS BIGINT)"	\
	    " AND province_code NOT IN (" TALLY_IN_PG("$5") ")"		\
	    PROG_LAG_ORDER " LIMIT $6")					\
	/* The same of the units of JSON array $4 outside the provinces	\
	 * $5 and organizations $6, limit $7: each unit's row by index	\
	 * progress_lag_unit. */					\
	X(PROGRESS_LAG_UNITS,						\
	    PROG_LAG_UNIT_COLS " FROM (SELECT value AS u FROM json_each($4))" \
	    " j CROSS JOIN progress_lag l ON l.unit_id = j.u WHERE"	\
	    PROG_LAG_UNIT_WHERE(TALLY_IN_SQLITE) PROG_LAG_UNIT_ORDER,	\
	    PROG_LAG_UNIT_COLS " FROM (SELECT CAST(value AS BIGINT) AS u" \
	    " FROM json_array_elements_text(CAST($4 AS JSON))) j"	\
	    " CROSS JOIN LATERAL (SELECT * FROM progress_lag l"		\
	    " WHERE l.unit_id = j.u AND" PROG_LAG_UNIT_WHERE(TALLY_IN_PG)	\
	    " OFFSET 0) l" PROG_LAG_UNIT_ORDER)				\
	/* Scope $1-$4, $5 cycle, then the last row of the previous	\
	 * batch ($6 province code, $7 unit name, $8 participation id;	\
	 * 0, '', 0 to begin) and $9 the batch size -> every		\
	 * participation the caller sees, by province and unit name.	\
	 * SQLite walks the units in that order (the index on province, \
	 * name and id) from the batch's key and finds each one's	\
	 * participation by cycle and unit, sorting only units of one	\
	 * name by participation, instead of sorting the whole rest of	\
	 * the cycle for every batch. */				\
	X(PROGRESS_EXPORT,						\
	    PROG_ROW PROG_FROM_UNITS REG_SCOPE_SQLITE("u")		\
	    PROG_EXPORT_TAIL,						\
	    PROG_ROW PROG_FROM REG_SCOPE_PG("u") PROG_EXPORT_TAIL)	\
	DB_STMTS_TALLY(X)
/* clang-format on */

/*
 * Keeping the figures (migration 0027): what the services write after an
 * answer or an evidence file changed, and what `p2ham progress rebuild`
 * reads to recompute everything from the raw rows.
 */
/* clang-format off */
#define PROG_PART_COLS							\
	"SELECT p.id AS id, c.rulebook_id AS rulebook_id,"		\
	" u.unit_type AS unit_type, pp.applicable AS applicable,"	\
	" pp.answered AS answered, pp.done AS done, pp.percent AS percent," \
	" pp.complete AS complete, pp.evidence AS evidence"		\
	" FROM participation p JOIN cycle c ON c.id = p.cycle_id"	\
	" JOIN unit u ON u.id = p.unit_id"				\
	" LEFT JOIN participation_progress pp ON pp.participation_id = p.id"
#define TALLY_GROUP							\
	" FROM participation p JOIN unit u ON u.id = p.unit_id GROUP BY"	\
	" p.cycle_id, u.organization_id, u.province_code, u.unit_type,"	\
	" p.stage, p.state"

/* progress_lag's columns as the raw rows make them, and as stored. */
#define LAG_COUNTED							\
	" SELECT p.id AS id, p.cycle_id AS cycle_id, p.stage AS stage,"	\
	" p.state AS state, u.id AS unit_id,"				\
	" u.organization_id AS organization_id,"			\
	" u.province_code AS province_code, u.unit_type AS unit_type,"	\
	" u.name AS unit_name"						\
	" FROM participation p JOIN unit u ON u.id = p.unit_id"
/* name: the stored name as compared with unit's (on PostgreSQL the
 * column's bytewise order is set aside for the comparison). */
#define LAG_STORED(name)						\
	" SELECT participation_id, cycle_id, stage, state, unit_id,"	\
	" organization_id, province_code, unit_type, " name		\
	" FROM progress_lag"
#define LAG_DIFF_SQL(name)						\
	"SELECT d.kind AS kind, d.id AS id, d.cycle_id AS cycle_id,"	\
	" d.stage AS stage, d.state AS state, d.unit_id AS unit_id,"	\
	" d.organization_id AS organization_id,"			\
	" d.province_code AS province_code, d.unit_type AS unit_type,"	\
	" d.unit_name AS unit_name, count(*) OVER () AS total"		\
	" FROM (SELECT 'counted' AS kind, c.* FROM (" LAG_COUNTED	\
	" EXCEPT" LAG_STORED(name) ") c"				\
	" UNION ALL SELECT 'stored' AS kind, s.* FROM ("		\
	LAG_STORED(name) " EXCEPT" LAG_COUNTED ") s) d"			\
	" ORDER BY d.id, d.kind LIMIT $1"

#define DB_STMTS_TALLY(X)						\
	/* $1 participation -> its rulebook, unit type and stored	\
	 * figures (NULL when it has no row), or no row. */		\
	X(PROGRESS_PART_ONE, PROG_PART_COLS " WHERE p.id = $1")		\
	/* Participations after id $1, at most $2, by id, as		\
	 * PROGRESS_PART_ONE. */					\
	X(PROGRESS_PART_PAGE,						\
	    PROG_PART_COLS " WHERE p.id > $1 ORDER BY p.id LIMIT $2")	\
	/* The same, only those whose row is still to be computed. */	\
	X(PROGRESS_STALE_PAGE,						\
	    PROG_PART_COLS " WHERE pp.stale = 1 AND p.id > $1"		\
	    " ORDER BY p.id LIMIT $2")					\
	/* Answers of participations $1..$2 (inclusive). */		\
	X(PROGRESS_ANSWERS_RANGE,					\
	    "SELECT participation_id AS participation_id,"		\
	    " indicator AS indicator, option_code AS option_code"	\
	    " FROM answer WHERE participation_id >= $1"			\
	    " AND participation_id <= $2")				\
	/* Live evidence files of participations $1..$2 per indicator. */ \
	X(PROGRESS_EVIDENCE_RANGE,					\
	    "SELECT participation_id AS participation_id,"		\
	    " indicator AS indicator, count(*) AS n FROM file"		\
	    " WHERE participation_id >= $1 AND participation_id <= $2"	\
	    " AND purpose = 'evidence' AND removed_at IS NULL"		\
	    " AND indicator IS NOT NULL"				\
	    " GROUP BY participation_id, indicator")			\
	/* $1 participation, $2 applicable, $3 answered, $4 done,	\
	 * $5 percent, $6 complete (0/1), $7 evidence: its figures. */	\
	X(PROGRESS_PART_PUT,						\
	    "INSERT INTO participation_progress (participation_id,"	\
	    " applicable, answered, done, percent, complete, evidence, stale)" \
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, 0)"			\
	    " ON CONFLICT (participation_id) DO UPDATE SET"		\
	    " applicable = excluded.applicable, answered = excluded.answered," \
	    " done = excluded.done, percent = excluded.percent,"	\
	    " complete = excluded.complete, evidence = excluded.evidence," \
	    " stale = 0")						\
	/* The participations of unit $1 -> {"id"}. */			\
	X(PROGRESS_UNIT_PARTS,						\
	    "SELECT id FROM participation WHERE unit_id = $1")		\
	/* The tallies as the raw rows make them, per cycle,		\
	 * organization, province, type, stage and state. */		\
	X(TALLY_COMPUTED,						\
	    "SELECT p.cycle_id AS cycle_id,"				\
	    " u.organization_id AS organization_id,"			\
	    " u.province_code AS province_code, u.unit_type AS unit_type," \
	    " p.stage AS stage, p.state AS state, count(*) AS n"	\
	    TALLY_GROUP)						\
	/* The stored tallies, their empty groups left out. */		\
	X(TALLY_STORED,							\
	    "SELECT cycle_id AS cycle_id, province_code AS province_code," \
	    " unit_type AS unit_type, stage AS stage, state AS state,"	\
	    " n AS n FROM progress_tally WHERE n <> 0")			\
	X(TALLY_ORG_STORED,						\
	    "SELECT cycle_id AS cycle_id,"				\
	    " organization_id AS organization_id,"			\
	    " province_code AS province_code, unit_type AS unit_type,"	\
	    " stage AS stage, state AS state, n AS n"			\
	    " FROM progress_org_tally WHERE n <> 0")			\
	/* The rows of progress_lag that differ from the raw rows, both \
	 * ways ("kind": "counted" for a row the raw rows make that is	\
	 * not stored, "stored" for one they do not make), by		\
	 * participation, $1 at most, each with how many differ in all	\
	 * ("total"). */						\
	X(LAG_DIFF, LAG_DIFF_SQL("unit_name"),				\
	    LAG_DIFF_SQL("unit_name COLLATE \"default\""))		\
	/* Empty progress_lag, then fill it from the raw rows. */	\
	X(LAG_CLEAR, "DELETE FROM progress_lag")			\
	X(LAG_FILL,							\
	    "INSERT INTO progress_lag (participation_id, cycle_id, stage,"	\
	    " state, unit_id, organization_id, province_code, unit_type,"	\
	    " unit_name)" LAG_COUNTED)					\
	/* The rollups (migration 0032) as progress_tally sums them, and \
	 * as stored, their empty sums left out. */			\
	X(ROLLUP_PROVINCE_SUMMED,					\
	    "SELECT cycle_id AS cycle_id, province_code AS province_code," \
	    " stage AS stage, state AS state, CAST(sum(n) AS BIGINT) AS n" \
	    " FROM progress_tally"					\
	    " GROUP BY cycle_id, province_code, stage, state")		\
	X(ROLLUP_PROVINCE_STORED,					\
	    "SELECT cycle_id AS cycle_id, province_code AS province_code," \
	    " stage AS stage, state AS state, n AS n"			\
	    " FROM progress_tally_province WHERE n <> 0")		\
	X(ROLLUP_TYPE_SUMMED,						\
	    "SELECT cycle_id AS cycle_id, unit_type AS unit_type,"	\
	    " stage AS stage, state AS state, CAST(sum(n) AS BIGINT) AS n" \
	    " FROM progress_tally GROUP BY cycle_id, unit_type, stage, state") \
	X(ROLLUP_TYPE_STORED,						\
	    "SELECT cycle_id AS cycle_id, unit_type AS unit_type,"	\
	    " stage AS stage, state AS state, n AS n"			\
	    " FROM progress_tally_type WHERE n <> 0")			\
	/* Empty both rollups, then sum progress_tally into them. */	\
	X(ROLLUP_PROVINCE_CLEAR, "DELETE FROM progress_tally_province")	\
	X(ROLLUP_TYPE_CLEAR, "DELETE FROM progress_tally_type")	\
	X(ROLLUP_PROVINCE_FILL,						\
	    "INSERT INTO progress_tally_province (cycle_id, province_code," \
	    " stage, state, n) SELECT cycle_id, province_code, stage, state," \
	    " sum(n) FROM progress_tally"				\
	    " GROUP BY cycle_id, province_code, stage, state")		\
	X(ROLLUP_TYPE_FILL,						\
	    "INSERT INTO progress_tally_type (cycle_id, unit_type, stage," \
	    " state, n) SELECT cycle_id, unit_type, stage, state, sum(n)" \
	    " FROM progress_tally GROUP BY cycle_id, unit_type, stage, state") \
	/* Empty both tallies, then fill them from the raw rows. */	\
	X(TALLY_CLEAR, "DELETE FROM progress_tally")			\
	X(TALLY_ORG_CLEAR, "DELETE FROM progress_org_tally")		\
	X(TALLY_FILL,							\
	    "INSERT INTO progress_tally (cycle_id, province_code,"	\
	    " unit_type, stage, state, n) SELECT p.cycle_id,"		\
	    " u.province_code, u.unit_type, p.stage, p.state, count(*)"	\
	    " FROM participation p JOIN unit u ON u.id = p.unit_id"	\
	    " GROUP BY p.cycle_id, u.province_code, u.unit_type, p.stage," \
	    " p.state")							\
	X(TALLY_ORG_FILL,						\
	    "INSERT INTO progress_org_tally (cycle_id, organization_id,"	\
	    " province_code, unit_type, stage, state, n) SELECT p.cycle_id," \
	    " u.organization_id, u.province_code, u.unit_type, p.stage,"	\
	    " p.state, count(*)" TALLY_GROUP)
/* clang-format on */

#endif
