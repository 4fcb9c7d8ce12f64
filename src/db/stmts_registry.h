/*
 * stmts_registry.h - SQL statements of the registry: regions, regencies,
 * organizations and units, over what the caller may see; part of the
 * closed set in db/stmts.h, written the same way.
 */
#ifndef P2HAM_DB_STMTS_REGISTRY_H
#define P2HAM_DB_STMTS_REGISTRY_H

/* clang-format off */
#define DB_STMTS_REGISTRY(X)						\
	/* Registry (migration 0005). Statements over what the caller may	\
	 * see start with the caller's scope (app/registry.c builds it from \
	 * the grants, as the policy reads them): $1 national (0/1), $2	\
	 * province codes, $3 organization ids, $4 unit ids, each a JSON	\
	 * array such as "[75,31]". */					\
	/* Units the caller sees, counted per province. */		\
	X(REGION_UNIT_COUNTS,						\
	    "SELECT u.province_code AS province, count(*) AS units"	\
	    " FROM unit u WHERE" REG_SCOPE_SQLITE("u")			\
	    " GROUP BY u.province_code",				\
	    "SELECT u.province_code AS province, count(*) AS units"	\
	    " FROM unit u WHERE" REG_SCOPE_PG("u")			\
	    " GROUP BY u.province_code")				\
	/* $5 province -> its regencies and cities with the units the	\
	 * caller sees in each. */					\
	X(REGENCY_LIST,							\
	    "SELECT r.code AS code, r.name AS name, r.kind AS kind,"	\
	    " (SELECT count(*) FROM unit u WHERE u.regency_code = r.code" \
	    " AND" REG_SCOPE_SQLITE("u") ") AS units"			\
	    " FROM regency r WHERE r.province_code = $5 ORDER BY r.code",	\
	    "SELECT r.code AS code, r.name AS name, r.kind AS kind,"	\
	    " (SELECT count(*) FROM unit u WHERE u.regency_code = r.code" \
	    " AND" REG_SCOPE_PG("u") ") AS units"			\
	    " FROM regency r WHERE r.province_code = $5 ORDER BY r.code")	\
	/* $1 code -> the regency or city, or no row. */		\
	X(REGENCY_GET,							\
	    "SELECT code, province_code, name, kind FROM regency"	\
	    " WHERE code = $1")						\
	/* $1 code, $2 province_code, $3 name, $4 kind; inserts or	\
	 * replaces. */							\
	X(REGENCY_PUT,							\
	    "INSERT INTO regency (code, province_code, name, kind)"	\
	    " VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO UPDATE SET"	\
	    " province_code = excluded.province_code,"			\
	    " name = excluded.name, kind = excluded.kind")		\
	/* Organizations the caller sees (national, or in a province of	\
	 * theirs, or their own), with the units the caller sees in each; \
	 * $5 LIKE pattern on the lowercased name or NULL, $6 limit,	\
	 * $7 offset. */						\
	X(ORG_LIST,							\
	    "SELECT o.id AS id, o.kind AS kind, o.name AS name,"	\
	    " o.province_code AS province_code,"			\
	    " o.regency_code AS regency_code, o.active AS active,"	\
	    " (SELECT count(*) FROM unit u WHERE u.organization_id = o.id" \
	    " AND" REG_SCOPE_SQLITE("u") ") AS units"			\
	    " FROM organization o WHERE" REG_ORG_SCOPE_SQLITE("o")	\
	    " AND (CAST($5 AS TEXT) IS NULL OR lower(o.name) LIKE $5"	\
	    " ESCAPE '\\') ORDER BY o.name, o.id LIMIT $6 OFFSET $7",	\
	    "SELECT o.id AS id, o.kind AS kind, o.name AS name,"	\
	    " o.province_code AS province_code,"			\
	    " o.regency_code AS regency_code, o.active AS active,"	\
	    " (SELECT count(*) FROM unit u WHERE u.organization_id = o.id" \
	    " AND" REG_SCOPE_PG("u") ") AS units"			\
	    " FROM organization o WHERE" REG_ORG_SCOPE_PG("o")		\
	    " AND (CAST($5 AS TEXT) IS NULL OR lower(o.name) LIKE $5"	\
	    " ESCAPE '\\') ORDER BY o.name, o.id LIMIT $6 OFFSET $7")	\
	/* The keyset pages of ORG_LIST: $1-$5 as there, then the key	\
	 * ($6 name, $7 id) the page starts after or (_BEFORE) ends	\
	 * before, $8 limit. */						\
	X(ORG_LIST_AFTER,						\
	    ORG_LIST_ROW(REG_SCOPE_SQLITE) " FROM organization o WHERE"	\
	    REG_ORG_SCOPE_SQLITE("o") ORG_LIST_Q ORG_KEY_AFTER		\
	    " ORDER BY o.name, o.id LIMIT $8",				\
	    ORG_LIST_ROW(REG_SCOPE_PG) " FROM organization o WHERE"	\
	    REG_ORG_SCOPE_PG("o") ORG_LIST_Q ORG_KEY_AFTER		\
	    " ORDER BY o.name, o.id LIMIT $8")				\
	X(ORG_LIST_BEFORE,						\
	    ORG_LIST_ROW(REG_SCOPE_SQLITE) " FROM organization o WHERE"	\
	    REG_ORG_SCOPE_SQLITE("o") ORG_LIST_Q ORG_KEY_BEFORE		\
	    " ORDER BY o.name DESC, o.id DESC LIMIT $8",		\
	    ORG_LIST_ROW(REG_SCOPE_PG) " FROM organization o WHERE"	\
	    REG_ORG_SCOPE_PG("o") ORG_LIST_Q ORG_KEY_BEFORE		\
	    " ORDER BY o.name DESC, o.id DESC LIMIT $8")		\
	/* The organizations a unit form offers: the caller's ($1-$3 as	\
	 * above) and every national one (ministries, agencies). */	\
	X(ORG_CHOICES,							\
	    "SELECT o.id AS id, o.name AS name, o.kind AS kind,"	\
	    " o.province_code AS province_code FROM organization o"	\
	    " WHERE o.active = 1 AND (o.province_code IS NULL OR"	\
	    REG_ORG_SCOPE_SQLITE("o") ") ORDER BY o.name, o.id",	\
	    "SELECT o.id AS id, o.name AS name, o.kind AS kind,"	\
	    " o.province_code AS province_code FROM organization o"	\
	    " WHERE o.active = 1 AND (o.province_code IS NULL OR"	\
	    REG_ORG_SCOPE_PG("o") ") ORDER BY o.name, o.id")		\
	/* A form's organization picker (svc/pick.c): the active ones	\
	 * in scope $1-$3, and the national ones when $4 is 1; $5-$9 as	\
	 * for every picker (PICK_PAGE below). */			\
	X(ORG_PICK, ORG_PICKS(">", ""))					\
	X(ORG_PICK_BEFORE, ORG_PICKS("<", " DESC"))			\
	/* $1 id -> the organization, or no row. */			\
	X(ORG_GET,							\
	    "SELECT o.id AS id, o.kind AS kind, o.name AS name,"	\
	    " o.province_code AS province_code,"			\
	    " o.regency_code AS regency_code, r.name AS regency_name,"	\
	    " o.active AS active, o.created_at AS created_at,"		\
	    " o.updated_at AS updated_at FROM organization o"		\
	    " LEFT JOIN regency r ON r.code = o.regency_code"		\
	    " WHERE o.id = $1")						\
	/* $1 exact name -> the organization, or no row. */		\
	X(ORG_BY_NAME,							\
	    "SELECT id, kind, name, province_code, regency_code, active"	\
	    " FROM organization WHERE name = $1")			\
	/* $1 kind, $2 name, $3 province_code or NULL, $4 regency_code	\
	 * or NULL, $5 now -> {"id"}. */				\
	X(ORG_INSERT,							\
	    "INSERT INTO organization (kind, name, province_code,"	\
	    " regency_code, active, created_at, updated_at)"		\
	    " VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id")		\
	/* ORG_INSERT's $1-$5, then $6 active (0/1), $7 id -> {"id"}. */	\
	X(ORG_UPDATE,							\
	    "UPDATE organization SET kind = $1, name = $2,"		\
	    " province_code = $3, regency_code = $4, active = $6,"	\
	    " updated_at = $5 WHERE id = $7 RETURNING id")		\
	/* Units the caller sees, by name: $5 organization, $6 province,	\
	 * $7 unit_type, $8 sector, $9 LIKE pattern on the lowercased	\
	 * name, $10 regency (each NULL: any), $11 limit, $12 offset. */	\
	X(UNIT_LIST,							\
	    UNIT_LIST_SQL(REG_SCOPE_SQLITE, UNIT_LIST_OFFSET),		\
	    UNIT_LIST_SQL(REG_SCOPE_PG, UNIT_LIST_OFFSET))		\
	/* The keyset pages of UNIT_LIST: its $1-$10, then the key of the \
	 * row the page starts after ($11 name, $12 id; '', 0 to begin)	\
	 * or, _BEFORE, the row it ends before (its rows come last first), \
	 * $13 limit. */						\
	X(UNIT_LIST_AFTER,						\
	    UNIT_LIST_SQL(REG_SCOPE_SQLITE, UNIT_LIST_AFTER_KEY),	\
	    UNIT_LIST_SQL(REG_SCOPE_PG, UNIT_LIST_AFTER_KEY))		\
	X(UNIT_LIST_BEFORE,						\
	    UNIT_LIST_SQL(REG_SCOPE_SQLITE, UNIT_LIST_BEFORE_KEY),	\
	    UNIT_LIST_SQL(REG_SCOPE_PG, UNIT_LIST_BEFORE_KEY))		\
	/* The same pages led by the province filter $6, or by the	\
	 * organization filter $5, set to the caller's whole scope when	\
	 * it is one province or one organization: a walk of that	\
	 * place's units by name (unit_province, unit_organization), not \
	 * of the country's. */						\
	X(UNIT_LIST_PROVINCE,						\
	    UNIT_LIST_LED(UNIT_LEAD_PROVINCE, REG_SCOPE_SQLITE, UNIT_PROVINCE_OFFSET), \
	    UNIT_LIST_LED(UNIT_LEAD_PROVINCE, REG_SCOPE_PG, UNIT_PROVINCE_OFFSET)) \
	X(UNIT_LIST_PROVINCE_AFTER,					\
	    UNIT_LIST_LED(UNIT_LEAD_PROVINCE, REG_SCOPE_SQLITE, UNIT_PROVINCE_AFTER_KEY), \
	    UNIT_LIST_LED(UNIT_LEAD_PROVINCE, REG_SCOPE_PG, UNIT_PROVINCE_AFTER_KEY)) \
	X(UNIT_LIST_PROVINCE_BEFORE,					\
	    UNIT_LIST_LED(UNIT_LEAD_PROVINCE, REG_SCOPE_SQLITE, UNIT_PROVINCE_BEFORE_KEY), \
	    UNIT_LIST_LED(UNIT_LEAD_PROVINCE, REG_SCOPE_PG, UNIT_PROVINCE_BEFORE_KEY)) \
	X(UNIT_LIST_ORG,						\
	    UNIT_LIST_LED(UNIT_LEAD_ORG, REG_SCOPE_SQLITE, UNIT_ORG_OFFSET), \
	    UNIT_LIST_LED(UNIT_LEAD_ORG, REG_SCOPE_PG, UNIT_ORG_OFFSET)) \
	X(UNIT_LIST_ORG_AFTER,						\
	    UNIT_LIST_LED(UNIT_LEAD_ORG, REG_SCOPE_SQLITE, UNIT_ORG_AFTER_KEY), \
	    UNIT_LIST_LED(UNIT_LEAD_ORG, REG_SCOPE_PG, UNIT_ORG_AFTER_KEY)) \
	X(UNIT_LIST_ORG_BEFORE,						\
	    UNIT_LIST_LED(UNIT_LEAD_ORG, REG_SCOPE_SQLITE, UNIT_ORG_BEFORE_KEY), \
	    UNIT_LIST_LED(UNIT_LEAD_ORG, REG_SCOPE_PG, UNIT_ORG_BEFORE_KEY)) \
	/* How many units UNIT_LIST's filters $5-$10 match, counted to	\
	 * at most $11: {"n"}. */					\
	X(UNIT_COUNT, UNIT_COUNT_LED("", REG_SCOPE_SQLITE),		\
	    UNIT_COUNT_LED("", REG_SCOPE_PG))				\
	/* The same for a scope that is not the whole country: the	\
	 * scope's units found from its provinces, organizations and	\
	 * units (their indexes), not from a walk over every unit. */	\
	X(UNIT_COUNT_SCOPED,						\
	    "SELECT count(*) AS n FROM (SELECT 1 FROM unit u"		\
	    " WHERE CAST($1 AS INTEGER) <> 1"				\
	    " AND u.id IN (" REG_SCOPE_IDS(TALLY_IN_SQLITE) ")"	\
	    REG_UNIT_FILTERS " LIMIT $11) AS capped",			\
	    "SELECT count(*) AS n FROM (SELECT 1 FROM unit u"		\
	    " WHERE CAST($1 AS INTEGER) <> 1"				\
	    " AND u.id IN (" REG_SCOPE_IDS(TALLY_IN_PG) ")"		\
	    REG_UNIT_FILTERS " LIMIT $11) AS capped")			\
	/* The same led by the province filter $6 or the organization	\
	 * filter $5, as UNIT_LIST_PROVINCE and UNIT_LIST_ORG are: a	\
	 * range of that place's index, whose rows are read only for	\
	 * the filters set. */						\
	X(UNIT_COUNT_PROVINCE,						\
	    UNIT_COUNT_LED(UNIT_LEAD_PROVINCE, REG_SCOPE_SQLITE),	\
	    UNIT_COUNT_LED(UNIT_LEAD_PROVINCE, REG_SCOPE_PG))		\
	X(UNIT_COUNT_ORG,						\
	    UNIT_COUNT_LED(UNIT_LEAD_ORG, REG_SCOPE_SQLITE),		\
	    UNIT_COUNT_LED(UNIT_LEAD_ORG, REG_SCOPE_PG))		\
	/* The export: UNIT_LIST's filters $5-$10, every column, by id	\
	 * after $11 (the batch cursor), at most $12. */		\
	X(UNIT_EXPORT,							\
	    "SELECT" REG_UNIT_FULL " FROM unit u" REG_UNIT_JOINS	\
	    " WHERE" REG_SCOPE_SQLITE("u") REG_UNIT_FILTERS		\
	    " AND u.id > $11 ORDER BY u.id LIMIT $12",			\
	    "SELECT" REG_UNIT_FULL " FROM unit u" REG_UNIT_JOINS	\
	    " WHERE" REG_SCOPE_PG("u") REG_UNIT_FILTERS			\
	    " AND u.id > $11 ORDER BY u.id LIMIT $12")			\
	/* The units under parent $5 that the caller sees. */		\
	X(UNIT_CHILDREN,						\
	    "SELECT u.id AS id, u.name AS name, u.unit_type AS unit_type" \
	    " FROM unit u WHERE" REG_SCOPE_SQLITE("u")			\
	    " AND u.parent_unit_id = $5 ORDER BY u.name, u.id LIMIT 500",	\
	    "SELECT u.id AS id, u.name AS name, u.unit_type AS unit_type" \
	    " FROM unit u WHERE" REG_SCOPE_PG("u")			\
	    " AND u.parent_unit_id = $5 ORDER BY u.name, u.id LIMIT 500")	\
	/* A form's unit picker (svc/pick.c): the units scope $1-$4	\
	 * holds; $5-$9 as for every picker (PICK_PAGE below). */	\
	X(UNIT_PICK, UNIT_PICKS(">", ""))				\
	X(UNIT_PICK_BEFORE, UNIT_PICKS("<", " DESC"))			\
	/* UNIT_PICK for a scope of exactly one province ($1), read in	\
	 * name order within it (the index on province, name and id)	\
	 * rather than over every unit of the country: $2 LIKE pattern,	\
	 * $3 only this id or NULL, the key $4 name, $5 id, $6 limit. */ \
	X(UNIT_PICK_PROVINCE,						\
	    UNIT_PICK_PROVINCE_SQL(">", ""))				\
	X(UNIT_PICK_PROVINCE_BEFORE,					\
	    UNIT_PICK_PROVINCE_SQL("<", " DESC"))			\
	/* $1 id -> the unit with its organization, parent and regency	\
	 * names, or no row. */						\
	X(UNIT_GET,							\
	    "SELECT" REG_UNIT_FULL ", o.kind AS organization_kind,"	\
	    " u.created_at AS created_at, u.updated_at AS updated_at"	\
	    " FROM unit u" REG_UNIT_JOINS " WHERE u.id = $1")		\
	/* $1 id -> where the unit sits, or no row. */			\
	X(UNIT_PLACE,							\
	    "SELECT id, name, province_code, organization_id,"		\
	    " parent_unit_id FROM unit WHERE id = $1")			\
	/* $1 organization, $2 exact name -> {"id"} or no row. */	\
	X(UNIT_BY_ORG_NAME,						\
	    "SELECT id FROM unit WHERE organization_id = $1 AND name = $2") \
	/* $1 exact name -> up to 10 units of that name. */		\
	X(UNIT_BY_NAME,							\
	    "SELECT id, province_code, organization_id FROM unit"	\
	    " WHERE name = $1 ORDER BY id LIMIT 10")			\
	/* $1 name, $2 unit_type, $3 sector, $4 province_code,		\
	 * $5 regency_code or NULL, $6 organization_id, $7 parent_unit_id \
	 * or NULL, $8 address, $9 head_name, $10 head_title, $11 phone,	\
	 * $12 email, $13 now -> {"id"}. */				\
	X(UNIT_INSERT,							\
	    "INSERT INTO unit (name, unit_type, sector, province_code,"	\
	    " regency_code, organization_id, parent_unit_id, address,"	\
	    " head_name, head_title, phone, email, active, created_at,"	\
	    " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"	\
	    " $10, $11, $12, 1, $13, $13) RETURNING id")		\
	/* UNIT_INSERT's $1-$13, then $14 active (0/1), $15 id -> {"id"}. */ \
	X(UNIT_UPDATE,							\
	    "UPDATE unit SET name = $1, unit_type = $2, sector = $3,"	\
	    " province_code = $4, regency_code = $5,"			\
	    " organization_id = $6, parent_unit_id = $7, address = $8,"	\
	    " head_name = $9, head_title = $10, phone = $11,"		\
	    " email = $12, active = $14, updated_at = $13"		\
	    " WHERE id = $15 RETURNING id")				\
	/* $1 id, $2 parent_unit_id, $3 now. */				\
	X(UNIT_SET_PARENT,						\
	    "UPDATE unit SET parent_unit_id = $2, updated_at = $3"	\
	    " WHERE id = $1")						\
	/* $1 user_id -> the user's grants with the unit a unit or	\
	 * participation grant reaches and where it sits (unit_id,	\
	 * unit_province, unit_organization; NULL for other grants). */	\
	X(GRANT_LIST_PLACED,						\
	    "SELECT g.id AS id, g.role AS role, g.scope_kind AS scope_kind," \
	    " g.scope_id AS scope_id, g.may_revoke AS may_revoke,"	\
	    " u.id AS unit_id, u.province_code AS unit_province,"	\
	    " u.organization_id AS unit_organization"			\
	    " FROM role_grant g LEFT JOIN participation pp"		\
	    " ON g.scope_kind = 'participation' AND pp.id = g.scope_id"	\
	    " LEFT JOIN unit u ON u.id = CASE WHEN g.scope_kind = 'unit'"	\
	    " THEN g.scope_id ELSE pp.unit_id END"			\
	    " WHERE g.user_id = $1 ORDER BY g.role, g.scope_kind, g.scope_id") \
									\
	/* Cycles (migration 0006). $1 programme, $2 year, $3 title,	\
	 * $4 rulebook_id, $5 tz, $6 now, $7 created_by -> {"id"}, no row \
	 * when the programme has a cycle of that title already. */	\
	X(CYCLE_INSERT,							\
	    "INSERT INTO cycle (programme, year, title, rulebook_id, tz,"	\
	    " created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)" \
	    " ON CONFLICT (programme, title) DO NOTHING RETURNING id")	\
	/* $1 cycle, $2 stage, $3 position, $4 opens_at, $5 deadline_at. */ \
	X(CYCLE_STAGE_INSERT,						\
	    "INSERT INTO cycle_stage (cycle_id, stage, position, opens_at," \
	    " deadline_at) VALUES ($1, $2, $3, $4, $5)")		\
	/* Every cycle with its rulebook and how many units take part	\
	 * (from the province rollup), newest first. */		\
	X(CYCLE_LIST,							\
	    "SELECT c.id AS id, c.programme AS programme, c.year AS year," \
	    " c.title AS title, c.tz AS tz, r.code AS rulebook_code,"	\
	    " r.version AS rulebook_version,"				\
	    " (SELECT CAST(COALESCE(sum(t.n), 0) AS BIGINT)"		\
	    " FROM progress_tally_province t WHERE t.cycle_id = c.id)"	\
	    " AS participations FROM cycle c"				\
	    " JOIN rulebook r ON r.id = c.rulebook_id"			\
	    " ORDER BY c.year DESC, c.id DESC")				\
	/* $1 id -> the cycle with its rulebook, or no row. */		\
	X(CYCLE_GET,							\
	    "SELECT c.id AS id, c.programme AS programme, c.year AS year," \
	    " c.title AS title, c.tz AS tz, c.rulebook_id AS rulebook_id," \
	    " r.code AS rulebook_code, r.version AS rulebook_version,"	\
	    " r.title_id AS rulebook_title_id, r.title_en AS rulebook_title_en," \
	    " c.created_at AS created_at FROM cycle c"			\
	    " JOIN rulebook r ON r.id = c.rulebook_id WHERE c.id = $1")	\
	/* $1 cycle -> its stages in the order they run. */		\
	X(CYCLE_STAGES,							\
	    "SELECT stage, position, opens_at, deadline_at FROM cycle_stage" \
	    " WHERE cycle_id = $1 ORDER BY position")			\
	/* Scope $1-$4, $5 cycle -> how many participations the caller	\
	 * sees at each stage and state (from the tallies; whole	\
	 * provinces and the country from the province rollup). */	\
	X(CYCLE_COUNTS,							\
	    "SELECT t.stage AS stage, t.state AS state,"		\
	    " CAST(sum(t.n) AS BIGINT) AS n FROM"			\
	    TALLY_SCOPED_OVER(TALLY_IN_SQLITE, TALLY_PLACES_ROLLUP) " t" \
	    " GROUP BY t.stage, t.state HAVING sum(t.n) > 0",		\
	    "SELECT t.stage AS stage, t.state AS state,"		\
	    " CAST(sum(t.n) AS BIGINT) AS n FROM"			\
	    TALLY_SCOPED_OVER(TALLY_IN_PG, TALLY_PLACES_ROLLUP) " t"	\
	    " GROUP BY t.stage, t.state HAVING sum(t.n) > 0")		\
	/* Scope $1-$4, $5 cycle, $6 limit, then the key of the last row \
	 * shown ($7 province, $8 unit name, $9 unit id; 0, '', 0 to	\
	 * begin) -> the participations the caller sees, with their units \
	 * and their self-assessment's figures (NULL: no answer and no	\
	 * evidence yet). */						\
	X(PARTICIPATION_LIST,						\
	    LAG_LIST_ROW REG_SCOPE_SQLITE_OF("l", ".unit_id") LAG_LIST_TAIL, \
	    PART_LIST_ROW(PART_JOIN) " WHERE p.cycle_id = $5 AND"	\
	    REG_SCOPE_PG("u") PART_LIST_TAIL)				\
	/* The same rows for a cycle the caller sees few of: SQLite	\
	 * reads the cycle's participations by cycle and sorts the ones \
	 * in scope, instead of walking every unit of the country. */	\
	X(PARTICIPATION_LIST_SPARSE,					\
	    PART_LIST_ROW(PART_BY_CYCLE) " WHERE p.cycle_id = $5 AND"	\
	    REG_SCOPE_SQLITE("u") PART_LIST_TAIL,			\
	    PART_LIST_ROW(PART_JOIN) " WHERE p.cycle_id = $5 AND"	\
	    REG_SCOPE_PG("u") PART_LIST_TAIL)				\
	/* The same rows of one province for a scope that is not the	\
	 * whole country: $1-$6 as above, $7 the province, then the key \
	 * of the last row shown within it ($8 unit name, $9 unit id; '', \
	 * 0 to begin): the walk stays within the province's units. */	\
	X(PARTICIPATION_LIST_IN,					\
	    LAG_LIST_ROW REG_SCOPE_SQLITE_OF("l", ".unit_id") LAG_LIST_IN_TAIL, \
	    PART_LIST_ROW(PART_JOIN) " WHERE p.cycle_id = $5 AND"	\
	    REG_SCOPE_PG("u") PART_LIST_IN_TAIL)			\
	/* The same rows for a scope of single units only ($2 and $3	\
	 * empty): the units of $4 are read by id and their		\
	 * participations in the cycle by unit, then sorted. */		\
	X(PARTICIPATION_LIST_UNITS,					\
	    PART_LIST_ROW(PART_BY_UNIT) " WHERE u.id IN"		\
	    " (SELECT value FROM json_each($4)) AND p.cycle_id = $5 AND"	\
	    REG_SCOPE_SQLITE("u") PART_LIST_TAIL,			\
	    PART_LIST_ROW(PART_JOIN) " WHERE u.id IN (SELECT CAST(value"	\
	    " AS BIGINT) FROM json_array_elements_text(CAST($4 AS JSON)))" \
	    " AND p.cycle_id = $5 AND" REG_SCOPE_PG("u") PART_LIST_TAIL)	\
	/* Scope $1-$4, $5 cycle -> {"province_code", "n"}: how many of	\
	 * the cycle's participations the caller sees in each province, \
	 * from the tallies, by province. */				\
	X(CYCLE_PROVINCES,						\
	    "SELECT t.province_code AS province_code,"			\
	    " CAST(sum(t.n) AS BIGINT) AS n"				\
	    " FROM" TALLY_SCOPED(TALLY_IN_SQLITE) " t"			\
	    " GROUP BY t.province_code HAVING sum(t.n) > 0"		\
	    " ORDER BY t.province_code",				\
	    "SELECT t.province_code AS province_code,"			\
	    " CAST(sum(t.n) AS BIGINT) AS n"				\
	    " FROM" TALLY_SCOPED(TALLY_IN_PG) " t"			\
	    " GROUP BY t.province_code HAVING sum(t.n) > 0"		\
	    " ORDER BY t.province_code")				\
	/* $1 cycle -> {"n": its participations in the whole country,	\
	 * from the province rollup; "units": the highest unit id, a	\
	 * bound on how many units a walk in unit order may read}. */	\
	X(CYCLE_SIZE,							\
	    "SELECT (SELECT COALESCE(CAST(sum(n) AS BIGINT), 0)"	\
	    " FROM progress_tally_province WHERE cycle_id = $1) AS n,"	\
	    " (SELECT COALESCE(max(id), 0) FROM unit) AS units")	\
	/* $1 participation -> the key of its row in PARTICIPATION_LIST	\
	 * (province_code, name, unit_id), or no row. */		\
	X(PARTICIPATION_LIST_KEY,					\
	    "SELECT u.province_code AS province_code, u.name AS name,"	\
	    " u.id AS unit_id FROM participation p"			\
	    " JOIN unit u ON u.id = p.unit_id WHERE p.id = $1")		\
	/* $1 cycle, $2 unit, $3 stage, $4 state, $5 now, $6 by ->	\
	 * {"id"}, no row when the unit takes part already. */		\
	X(PARTICIPATION_INSERT,						\
	    "INSERT INTO participation (cycle_id, unit_id, stage, state,"	\
	    " enrolled_at, enrolled_by, updated_at)"			\
	    " VALUES ($1, $2, $3, $4, $5, $6, $5)"			\
	    " ON CONFLICT (cycle_id, unit_id) DO NOTHING RETURNING id")	\
	/* $1 participation -> where its unit sits, or no row. */	\
	X(PARTICIPATION_PLACE,						\
	    "SELECT p.id AS id, u.id AS unit_id, u.province_code AS province_code," \
	    " u.organization_id AS organization_id FROM participation p"	\
	    " JOIN unit u ON u.id = p.unit_id WHERE p.id = $1")		\
	/* $1 participation, $2 stage, $3 state, $4 now. */		\
	X(PARTICIPATION_SET_STATE,					\
	    "UPDATE participation SET stage = $2, state = $3, updated_at = $4" \
	    " WHERE id = $1")						\
	/* Enrol every active unit that the scope $1-$4 holds, UNIT_LIST's \
	 * filters $5-$10 match and whose type is in the comma list $11, \
	 * into cycle $12 at stage $13, state $14; $15 now, $16 by.	\
	 * Units already in the cycle are left as they are. -> {"id"}	\
	 * per new participation. */					\
	X(PARTICIPATION_ENROL,						\
	    "INSERT INTO participation (cycle_id, unit_id, stage, state,"	\
	    " enrolled_at, enrolled_by, updated_at)"			\
	    " SELECT $12, u.id, $13, $14, $15, $16, $15 FROM unit u"	\
	    " WHERE u.active = 1 AND" REG_SCOPE_SQLITE("u") REG_UNIT_FILTERS \
	    " AND (',' || CAST($11 AS TEXT) || ',') LIKE ('%,' || u.unit_type || ',%')" \
	    " ORDER BY u.id"						\
	    " ON CONFLICT (cycle_id, unit_id) DO NOTHING RETURNING id",	\
	    "INSERT INTO participation (cycle_id, unit_id, stage, state,"	\
	    " enrolled_at, enrolled_by, updated_at)"			\
	    " SELECT $12, u.id, $13, $14, $15, $16, $15 FROM unit u"	\
	    " WHERE u.active = 1 AND" REG_SCOPE_PG("u") REG_UNIT_FILTERS	\
	    " AND (',' || CAST($11 AS TEXT) || ',') LIKE ('%,' || u.unit_type || ',%')" \
	    " ORDER BY u.id"						\
	    " ON CONFLICT (cycle_id, unit_id) DO NOTHING RETURNING id")	\
	/* A form's participation picker (svc/pick.c): those whose unit	\
	 * scope $1-$4 holds, of cycle $5, at stage $6 and state $7	\
	 * (each NULL: any), $8 LIKE pattern on the unit's lowercased	\
	 * name or NULL, $9 only this id or NULL, then the key of the	\
	 * row the page starts after ($10 province, $11 name, $12 unit, \
	 * $13 participation; 0, '', 0, 0 to begin) or, _BEFORE, ends	\
	 * before (its rows come last first), $14 limit. SQLite walks	\
	 * the units in the picker's order (the index on province,	\
	 * name and id) and stops at the page's end. */			\
	X(PARTICIPATION_PICK, PART_PICKS(">", ""))			\
	X(PARTICIPATION_PICK_BEFORE, PART_PICKS("<", " DESC"))
/* clang-format on */

/*
 * Pieces of the registry statements above (expanded where DB_STMTS is,
 * so they may follow them). REG_SCOPE_*(t): unit alias t lies in the
 * caller's scope $1-$4; REG_ORG_SCOPE_*(t): organization alias t does
 * ($1-$3; unit grants reach no organization).
 */
/* clang-format off */
/* The ids of the units of a scope's provinces $2, organizations $3 and
 * units $4 (JSON arrays read by in(x)), for a scope whose national flag
 * $1 is 0. */
#define REG_SCOPE_IDS(in)						\
	"SELECT s.id FROM unit s WHERE s.province_code IN (" in("$2") ")" \
	" UNION SELECT s.id FROM unit s"				\
	" WHERE s.organization_id IN (" in("$3") ")"			\
	" UNION " in("$4")
#define REG_SCOPE_SQLITE(t) REG_SCOPE_SQLITE_OF(t, ".id")
#define REG_SCOPE_PG(t) REG_SCOPE_PG_OF(t, ".id")
/* The same for table t whose unit id is column unit. */
#define REG_SCOPE_SQLITE_OF(t, unit)					\
	" (CAST($1 AS INTEGER) = 1"					\
	" OR " t ".province_code IN (SELECT value FROM json_each($2))"	\
	" OR " t ".organization_id IN (SELECT value FROM json_each($3))"	\
	" OR " t unit " IN (SELECT value FROM json_each($4)))"
#define REG_SCOPE_PG_OF(t, unit)					\
	" (CAST($1 AS INTEGER) = 1"					\
	" OR " t ".province_code IN (SELECT CAST(value AS INTEGER)"	\
	" FROM json_array_elements_text(CAST($2 AS JSON)))"		\
	" OR " t ".organization_id IN (SELECT CAST(value AS BIGINT)"	\
	" FROM json_array_elements_text(CAST($3 AS JSON)))"		\
	" OR " t unit " IN (SELECT CAST(value AS BIGINT)"		\
	" FROM json_array_elements_text(CAST($4 AS JSON))))"
#define REG_ORG_SCOPE_SQLITE(t)						\
	" (CAST($1 AS INTEGER) = 1"					\
	" OR " t ".province_code IN (SELECT value FROM json_each($2))"	\
	" OR " t ".id IN (SELECT value FROM json_each($3)))"
#define REG_ORG_SCOPE_PG(t)						\
	" (CAST($1 AS INTEGER) = 1"					\
	" OR " t ".province_code IN (SELECT CAST(value AS INTEGER)"	\
	" FROM json_array_elements_text(CAST($2 AS JSON)))"		\
	" OR " t ".id IN (SELECT CAST(value AS BIGINT)"		\
	" FROM json_array_elements_text(CAST($3 AS JSON))))"
/* UNIT_LIST's filters $5-$10 on alias u. */
#define REG_UNIT_FILTERS						\
	" AND (CAST($5 AS BIGINT) IS NULL"				\
	" OR u.organization_id = CAST($5 AS BIGINT))"			\
	" AND (CAST($6 AS INTEGER) IS NULL"				\
	" OR u.province_code = CAST($6 AS INTEGER))"			\
	" AND (CAST($7 AS TEXT) IS NULL OR u.unit_type = CAST($7 AS TEXT))" \
	" AND (CAST($8 AS TEXT) IS NULL OR u.sector = CAST($8 AS TEXT))"	\
	" AND (CAST($9 AS TEXT) IS NULL"				\
	" OR lower(u.name) LIKE CAST($9 AS TEXT) ESCAPE '\\')"		\
	" AND (CAST($10 AS INTEGER) IS NULL"				\
	" OR u.regency_code = CAST($10 AS INTEGER))"
/* UNIT_LIST and its keyset pages: the units in scope("u") that the
 * filters keep, then page (their bound, order and limit); _LED: with the
 * condition lead first. */
#define UNIT_LIST_LED(lead, scope, page)				\
	"SELECT" REG_UNIT_ROW " FROM unit u"				\
	" JOIN organization o ON o.id = u.organization_id"		\
	" WHERE" lead scope("u") REG_UNIT_FILTERS page
#define UNIT_LIST_SQL(scope, page) UNIT_LIST_LED("", scope, page)
#define UNIT_LEAD_PROVINCE " u.province_code = CAST($6 AS INTEGER) AND"
#define UNIT_LEAD_ORG " u.organization_id = CAST($5 AS BIGINT) AND"
/* Their pages, ordered and bounded by the place first (the same order,
 * as the place is one; a page by number from the place's first unit),
 * so that only the place's index gives it. */
#define UNIT_LED_PAGE(col, v, cmp, dir)					\
	" AND (u." col ", u.name, u.id) " cmp " (" v ","		\
	" CAST($11 AS TEXT), CAST($12 AS BIGINT))"			\
	" ORDER BY u." col " " dir ", u.name " dir ", u.id " dir " LIMIT $13"
#define UNIT_LED_OFFSET(col, v)						\
	" AND (u." col ", u.name, u.id) >= (" v ", '', 0)"		\
	" ORDER BY u." col ", u.name, u.id LIMIT $11 OFFSET $12"
#define UNIT_PROVINCE_OFFSET UNIT_LED_OFFSET("province_code", "CAST($6 AS INTEGER)")
#define UNIT_PROVINCE_AFTER_KEY						\
	UNIT_LED_PAGE("province_code", "CAST($6 AS INTEGER)", ">", "ASC")
#define UNIT_PROVINCE_BEFORE_KEY					\
	UNIT_LED_PAGE("province_code", "CAST($6 AS INTEGER)", "<", "DESC")
#define UNIT_ORG_OFFSET UNIT_LED_OFFSET("organization_id", "CAST($5 AS BIGINT)")
#define UNIT_ORG_AFTER_KEY						\
	UNIT_LED_PAGE("organization_id", "CAST($5 AS BIGINT)", ">", "ASC")
#define UNIT_ORG_BEFORE_KEY						\
	UNIT_LED_PAGE("organization_id", "CAST($5 AS BIGINT)", "<", "DESC")
/* UNIT_COUNT: how many of them, led by lead as UNIT_LIST_LED. */
#define UNIT_COUNT_LED(lead, scope)					\
	"SELECT count(*) AS n FROM (SELECT 1 FROM unit u WHERE" lead	\
	scope("u") REG_UNIT_FILTERS " LIMIT $11) AS capped"
#define UNIT_LIST_OFFSET " ORDER BY u.name, u.id LIMIT $11 OFFSET $12"
#define UNIT_LIST_AFTER_KEY						\
	KEY_AFTER("u") " ORDER BY u.name, u.id LIMIT $13"
#define UNIT_LIST_BEFORE_KEY						\
	KEY_BEFORE("u") " ORDER BY u.name DESC, u.id DESC LIMIT $13"
#define PICK_PARTICIPATION_FILTERS					\
	" AND (CAST($5 AS BIGINT) IS NULL OR p.cycle_id = CAST($5 AS BIGINT))" \
	" AND (CAST($6 AS TEXT) IS NULL OR p.stage = CAST($6 AS TEXT))"	\
	" AND (CAST($7 AS TEXT) IS NULL OR p.state = CAST($7 AS TEXT))"	\
	" AND (CAST($8 AS TEXT) IS NULL"				\
	" OR lower(u.name) LIKE CAST($8 AS TEXT) ESCAPE '\\')"		\
	" AND (CAST($9 AS BIGINT) IS NULL OR p.id = CAST($9 AS BIGINT))"
/* The pickers' statements (svc/pick.c): scope(t) bounds them, cmp is ">"
 * for the page after the key, "<" for the one before, dir its order. After
 * the scope, PICK_PAGE: $5 LIKE pattern on the lowercased name or NULL, $6
 * only this id or NULL, then the key of the row the page starts after ($7
 * name, $8 id; '', 0 to begin) or, _BEFORE, ends before (its rows come
 * last first), $9 limit. */
#define PICK_PAGE(t, cmp, dir)						\
	" AND (CAST($5 AS TEXT) IS NULL"				\
	" OR lower(" t ".name) LIKE CAST($5 AS TEXT) ESCAPE '\\')"	\
	" AND (CAST($6 AS BIGINT) IS NULL OR " t ".id = CAST($6 AS BIGINT))" \
	" AND (" t ".name, " t ".id) " cmp " (CAST($7 AS TEXT), CAST($8 AS BIGINT))" \
	" ORDER BY " t ".name" dir ", " t ".id" dir " LIMIT $9"
#define ORG_PICK_SQL(scope, cmp, dir)					\
	"SELECT o.id AS id, o.name AS name,"				\
	" o.province_code AS province_code FROM organization o"	\
	" WHERE o.active = 1 AND ((CAST($4 AS INTEGER) = 1"		\
	" AND o.province_code IS NULL) OR" scope("o") ")"		\
	PICK_PAGE("o", cmp, dir)
#define UNIT_PICK_SQL(scope, cmp, dir)					\
	"SELECT u.id AS id, u.name AS name,"				\
	" u.province_code AS province_code FROM unit u"		\
	" WHERE" scope("u") PICK_PAGE("u", cmp, dir)
/* Both texts of those two pickers' entries, SQLite's then PostgreSQL's. */
#define ORG_PICKS(cmp, dir)						\
	ORG_PICK_SQL(REG_ORG_SCOPE_SQLITE, cmp, dir),			\
	ORG_PICK_SQL(REG_ORG_SCOPE_PG, cmp, dir)
#define UNIT_PICKS(cmp, dir)						\
	UNIT_PICK_SQL(REG_SCOPE_SQLITE, cmp, dir),			\
	UNIT_PICK_SQL(REG_SCOPE_PG, cmp, dir)
#define UNIT_PICK_PROVINCE_SQL(cmp, dir)				\
	"SELECT u.id AS id, u.name AS name,"				\
	" u.province_code AS province_code FROM unit u"		\
	" WHERE u.province_code = CAST($1 AS INTEGER)"			\
	" AND (CAST($2 AS TEXT) IS NULL"				\
	" OR lower(u.name) LIKE CAST($2 AS TEXT) ESCAPE '\\')"	\
	" AND (CAST($3 AS BIGINT) IS NULL OR u.id = CAST($3 AS BIGINT))" \
	" AND (u.name, u.id) " cmp " (CAST($4 AS TEXT), CAST($5 AS BIGINT))" \
	" ORDER BY u.province_code" dir ", u.name" dir ", u.id" dir " LIMIT $6"
/* The unit's key bounds the page; a unit's own participations follow
 * each other by id. */
#define PART_PICK_SQL(from, scope, cmp, dir)				\
	"SELECT p.id AS id, u.name AS name, u.id AS unit_id,"		\
	" u.province_code AS province_code, c.title AS cycle_title"	\
	from " JOIN cycle c ON c.id = p.cycle_id WHERE" scope("u")	\
	PICK_PARTICIPATION_FILTERS					\
	" AND (u.province_code, u.name, u.id) " cmp "= (CAST($10 AS INTEGER)," \
	" CAST($11 AS TEXT), CAST($12 AS BIGINT))"			\
	" AND ((u.province_code, u.name, u.id) " cmp " (CAST($10 AS INTEGER)," \
	" CAST($11 AS TEXT), CAST($12 AS BIGINT))"			\
	" OR p.id " cmp " CAST($13 AS BIGINT))"				\
	" ORDER BY u.province_code" dir ", u.name" dir ", u.id" dir	\
	", p.id" dir " LIMIT $14"
/* Both texts of its entries: SQLite walks the units in the picker's order
 * (PART_BY_UNIT), PostgreSQL plans the join itself. */
#define PART_PICKS(cmp, dir)						\
	PART_PICK_SQL(PART_BY_UNIT, REG_SCOPE_SQLITE, cmp, dir),	\
	PART_PICK_SQL(PART_JOIN, REG_SCOPE_PG, cmp, dir)
/* A keyset page's bound on alias t: after (or before) the row whose
 * name and id are $11 and $12. */
#define KEY_AFTER(t)							\
	" AND (" t ".name, " t ".id) > (CAST($11 AS TEXT), CAST($12 AS BIGINT))"
#define KEY_BEFORE(t)							\
	" AND (" t ".name, " t ".id) < (CAST($11 AS TEXT), CAST($12 AS BIGINT))"
/* ORG_LIST's columns with the units scope(u) sees, its name filter, and
 * its keyset bounds ($6 name, $7 id). */
#define ORG_LIST_ROW(scope)						\
	"SELECT o.id AS id, o.kind AS kind, o.name AS name,"		\
	" o.province_code AS province_code,"				\
	" o.regency_code AS regency_code, o.active AS active,"		\
	" (SELECT count(*) FROM unit u WHERE u.organization_id = o.id"	\
	" AND" scope("u") ") AS units"
#define ORG_LIST_Q							\
	" AND (CAST($5 AS TEXT) IS NULL OR lower(o.name) LIKE $5 ESCAPE '\\')"
#define ORG_KEY_AFTER							\
	" AND (o.name, o.id) > (CAST($6 AS TEXT), CAST($7 AS BIGINT))"
#define ORG_KEY_BEFORE							\
	" AND (o.name, o.id) < (CAST($6 AS TEXT), CAST($7 AS BIGINT))"
/* PARTICIPATION_LIST's columns and its keyset tail. from: how unit u
 * meets participation p. PART_BY_UNIT (SQLite's CROSS JOIN) walks the
 * units in the list's order (the index on province and name) and stops
 * at the page's end, instead of sorting the cycle; PART_BY_CYCLE reads
 * the cycle's participations first and sorts what the scope keeps. */
#define PART_BY_UNIT							\
	" FROM unit u CROSS JOIN participation p ON p.unit_id = u.id"
#define PART_BY_CYCLE							\
	" FROM participation p CROSS JOIN unit u ON u.id = p.unit_id"
#define PART_JOIN							\
	" FROM unit u JOIN participation p ON p.unit_id = u.id"
#define PART_LIST_ROW(from)						\
	"SELECT p.id AS id, p.stage AS stage, p.state AS state,"	\
	" p.unit_id AS unit_id, u.name AS unit_name,"			\
	" u.unit_type AS unit_type, u.province_code AS province_code,"	\
	" pp.applicable AS pr_applicable, pp.answered AS pr_answered,"	\
	" pp.done AS pr_done, pp.percent AS pr_percent,"		\
	" pp.complete AS pr_complete"					\
	from								\
	" LEFT JOIN participation_progress pp ON pp.participation_id = p.id"
/* The list's keyset tail over columns prov, name and unit: after the
 * key $7-$9, or _IN within province $7 after the key $8-$9. */
#define LIST_TAIL_OF(prov, name, unit)					\
	" AND (" prov ", " name ", " unit ") > (CAST($7 AS INTEGER),"	\
	" CAST($8 AS TEXT), CAST($9 AS BIGINT))"			\
	" ORDER BY " prov ", " name ", " unit " LIMIT $6"
#define LIST_IN_TAIL_OF(prov, name, unit)				\
	" AND " prov " = CAST($7 AS INTEGER)"				\
	" AND (" name ", " unit ") > (CAST($8 AS TEXT), CAST($9 AS BIGINT))" \
	" ORDER BY " prov ", " name ", " unit " LIMIT $6"
#define PART_LIST_TAIL LIST_TAIL_OF("u.province_code", "u.name", "u.id")
#define PART_LIST_IN_TAIL LIST_IN_TAIL_OF("u.province_code", "u.name", "u.id")
/* PARTICIPATION_LIST and PARTICIPATION_LIST_IN on SQLite: the same rows
 * read from progress_lag (l), which holds each participation's unit
 * name, type and place, through progress_lag_list (migration 0036) in
 * the list's order, without a unit's or a participation's row.
 * PostgreSQL plans the join of unit and participation itself (its
 * progress_lag compares names bytewise, its units' index by the
 * database's collation). */
#define LAG_LIST_ROW							\
	"SELECT l.participation_id AS id, l.stage AS stage,"		\
	" l.state AS state, l.unit_id AS unit_id,"			\
	" l.unit_name AS unit_name, l.unit_type AS unit_type,"	\
	" l.province_code AS province_code,"				\
	" pp.applicable AS pr_applicable, pp.answered AS pr_answered,"	\
	" pp.done AS pr_done, pp.percent AS pr_percent,"		\
	" pp.complete AS pr_complete FROM progress_lag l"		\
	" LEFT JOIN participation_progress pp"			\
	" ON pp.participation_id = l.participation_id"		\
	" WHERE l.cycle_id = $5 AND"
#define LAG_LIST_TAIL LIST_TAIL_OF("l.province_code", "l.unit_name", "l.unit_id")
#define LAG_LIST_IN_TAIL LIST_IN_TAIL_OF("l.province_code", "l.unit_name", "l.unit_id")
/* A unit's list columns (alias u, its organization o). */
#define REG_UNIT_ROW							\
	" u.id AS id, u.name AS name, u.unit_type AS unit_type,"	\
	" u.sector AS sector, u.province_code AS province_code,"	\
	" u.regency_code AS regency_code,"				\
	" u.organization_id AS organization_id,"			\
	" o.name AS organization_name, u.active AS active"
/* Every column of a unit with the names it refers to. */
#define REG_UNIT_FULL							\
	REG_UNIT_ROW ", r.name AS regency_name,"			\
	" u.parent_unit_id AS parent_unit_id, p.name AS parent_name,"	\
	" u.address AS address, u.head_name AS head_name,"		\
	" u.head_title AS head_title, u.phone AS phone,"		\
	" u.email AS email"
#define REG_UNIT_JOINS							\
	" JOIN organization o ON o.id = u.organization_id"		\
	" LEFT JOIN regency r ON r.code = u.regency_code"		\
	" LEFT JOIN unit p ON p.id = u.parent_unit_id"
/* clang-format on */

#endif
