/*
 * stmts_regions.h - SQL statements of coordination regions (migration
 * 0022): the regions, which provinces they hold over time, the provinces
 * of a user's region grants, who approves a province's declaration
 * requests and the requests waiting on a desk; part of the closed set in
 * db/stmts.h, written the same way.
 */
#ifndef P2HAM_DB_STMTS_REGIONS_H
#define P2HAM_DB_STMTS_REGIONS_H

/* clang-format off */
#define DB_STMTS_REGIONS(X)						\
	/* $1 name, $2 by, $3 now -> {"id"}, no row when the name is	\
	 * taken. */							\
	X(COORD_REGION_INSERT,						\
	    "INSERT INTO coord_region (name, created_by, created_at,"	\
	    " updated_at) VALUES ($1, $2, $3, $3)"			\
	    " ON CONFLICT (name) DO NOTHING RETURNING id")		\
	/* $1 id, $2 name, $3 now -> {"id"}. */				\
	X(COORD_REGION_RENAME,						\
	    "UPDATE coord_region SET name = $2, updated_at = $3"	\
	    " WHERE id = $1 RETURNING id")				\
	/* $1 id, $2 now: the region changed (its provinces). */	\
	X(COORD_REGION_TOUCH,						\
	    "UPDATE coord_region SET updated_at = $2 WHERE id = $1")	\
	/* $1 id -> the region, or no row. */				\
	X(COORD_REGION_GET,						\
	    "SELECT id, name, created_at, updated_at FROM coord_region"	\
	    " WHERE id = $1")						\
	/* $1 name -> {"id"} of the region so named, or no row. */	\
	X(COORD_REGION_BY_NAME,						\
	    "SELECT id FROM coord_region WHERE name = $1")		\
	/* Every region by name, with how many provinces it holds now. */ \
	X(COORD_REGION_LIST,						\
	    "SELECT r.id AS id, r.name AS name,"			\
	    " r.updated_at AS updated_at, (SELECT count(*)"		\
	    " FROM coord_region_member m WHERE m.region_id = r.id"	\
	    " AND m.left_at IS NULL) AS provinces"			\
	    " FROM coord_region r ORDER BY r.name, r.id")		\
	/* The provinces every region holds now, with its name. */	\
	X(COORD_REGION_MEMBERS,						\
	    "SELECT m.region_id AS region_id, r.name AS region_name,"	\
	    " m.province_code AS province_code, m.joined_at AS joined_at" \
	    " FROM coord_region_member m"				\
	    " JOIN coord_region r ON r.id = m.region_id"		\
	    " WHERE m.left_at IS NULL ORDER BY r.name, m.province_code")	\
	/* $1 region -> its provinces over time, newest first, with who	\
	 * moved them. */						\
	X(COORD_REGION_HISTORY,						\
	    "SELECT m.province_code AS province_code,"			\
	    " m.joined_at AS joined_at, m.left_at AS left_at,"		\
	    " ju.full_name AS joined_by, lu.full_name AS left_by"	\
	    " FROM coord_region_member m"				\
	    " LEFT JOIN users ju ON ju.id = m.joined_by"		\
	    " LEFT JOIN users lu ON lu.id = m.left_by"			\
	    " WHERE m.region_id = $1"					\
	    " ORDER BY COALESCE(m.left_at, m.joined_at) DESC, m.id DESC") \
	/* $1 province -> the region holding it now, or no row. */	\
	X(COORD_REGION_OF_PROVINCE,					\
	    "SELECT r.id AS id, r.name AS name"				\
	    " FROM coord_region_member m"				\
	    " JOIN coord_region r ON r.id = m.region_id"		\
	    " WHERE m.province_code = $1 AND m.left_at IS NULL")	\
	/* $1 province, $2 by, $3 now: the province leaves its region	\
	 * -> {"region_id"} of the region it left, no row when none. */	\
	X(COORD_REGION_LEAVE,						\
	    "UPDATE coord_region_member SET left_by = $2, left_at = $3"	\
	    " WHERE province_code = $1 AND left_at IS NULL"		\
	    " RETURNING region_id")					\
	/* $1 region, $2 province, $3 by, $4 now. */			\
	X(COORD_REGION_JOIN,						\
	    "INSERT INTO coord_region_member (region_id, province_code,"	\
	    " joined_by, joined_at) VALUES ($1, $2, $3, $4)")		\
	/* $1 region -> the active users holding a coordinator grant	\
	 * over it. */							\
	X(COORD_REGION_COORDINATORS,					\
	    "SELECT u.id AS id, u.full_name AS full_name,"		\
	    " u.email AS email FROM role_grant g"			\
	    " JOIN users u ON u.id = g.user_id"				\
	    " WHERE g.role = 'coordinator' AND g.scope_kind = 'region'"	\
	    " AND g.scope_id = $1 AND u.active = 1"			\
	    " ORDER BY u.full_name, u.id")				\
	/* $1 user -> the provinces each of the user's region grants	\
	 * holds now (region_id, province_code). */			\
	X(GRANT_REGION_PROVINCES,					\
	    "SELECT g.scope_id AS region_id,"				\
	    " m.province_code AS province_code FROM role_grant g"	\
	    " JOIN coord_region_member m ON m.region_id = g.scope_id"	\
	    " AND m.left_at IS NULL WHERE g.user_id = $1"		\
	    " AND g.scope_kind = 'region' ORDER BY g.scope_id,"	\
	    " m.province_code")						\
	/* $1 province -> who approves its declaration requests: the	\
	 * active coordinators over the region holding it now, then	\
	 * those over the province alone (via 'region' or 'province'). */ \
	X(DECL_APPROVERS,						\
	    "SELECT u.id AS id, u.full_name AS full_name,"		\
	    " g.scope_kind AS via, r.name AS region_name"		\
	    " FROM role_grant g JOIN users u ON u.id = g.user_id"	\
	    " LEFT JOIN coord_region_member m ON g.scope_kind = 'region'" \
	    " AND m.region_id = g.scope_id AND m.left_at IS NULL"	\
	    " AND m.province_code = $1"					\
	    " LEFT JOIN coord_region r ON r.id = m.region_id"		\
	    " WHERE g.role = 'coordinator' AND u.active = 1"		\
	    " AND ((g.scope_kind = 'region' AND m.id IS NOT NULL)"	\
	    " OR (g.scope_kind = 'province' AND g.scope_id = $1))"	\
	    " ORDER BY g.scope_kind DESC, u.full_name, u.id")		\
	/* Declaration requests waiting for a decision on units in the	\
	 * caller's scope $1-$4 (the registry's), one row per request	\
	 * with its first unit and how many units it covers, oldest	\
	 * first; $5 limit. */						\
	X(DECL_DESK,							\
	    DECL_DESK_SQL(REG_SCOPE_SQLITE),				\
	    DECL_DESK_SQL(REG_SCOPE_PG))

/* DECL_DESK with the caller's scope written by scope(t) (stmts_registry.h). */
#define DECL_DESK_SQL(scope)						\
	"SELECT d.id AS id, d.province_code AS province_code,"		\
	" d.proposed_date AS proposed_date,"				\
	" d.requested_at AS requested_at, c.title AS cycle_title,"	\
	" MIN(p.id) AS participation_id, MIN(u.name) AS unit_name,"	\
	" count(*) AS units FROM declaration d"				\
	" JOIN declaration_member dm ON dm.declaration_id = d.id"	\
	" AND dm.live = 1"						\
	" JOIN participation p ON p.id = dm.participation_id"		\
	" JOIN unit u ON u.id = p.unit_id"				\
	" JOIN cycle c ON c.id = d.cycle_id"				\
	" WHERE d.status = 'requested' AND" scope("u")			\
	" GROUP BY d.id, d.province_code, d.proposed_date,"		\
	" d.requested_at, c.title ORDER BY d.requested_at, d.id"	\
	" LIMIT $5"
/* clang-format on */

#endif
