/*
 * stmts_participation.h - SQL statements of participations: their stage
 * machine, timeline and page; part of the closed set in db/stmts.h,
 * written the same way.
 */
#ifndef P2HAM_DB_STMTS_PARTICIPATION_H
#define P2HAM_DB_STMTS_PARTICIPATION_H

/* clang-format off */
#define DB_STMTS_PARTICIPATION(X)					\
	/* $1 participation -> it with its cycle and unit, or no row. */ \
	X(PARTICIPATION_GET,						\
	    "SELECT p.id AS id, p.stage AS stage, p.state AS state,"	\
	    " p.cycle_id AS cycle_id, c.title AS cycle_title,"		\
	    " c.year AS cycle_year, c.rulebook_id AS rulebook_id,"	\
	    " u.id AS unit_id, u.name AS unit_name, u.unit_type AS unit_type," \
	    " u.head_name AS head_name, u.head_title AS head_title,"	\
	    " u.province_code AS province_code,"			\
	    " u.organization_id AS organization_id"			\
	    " FROM participation p JOIN cycle c ON c.id = p.cycle_id"	\
	    " JOIN unit u ON u.id = p.unit_id WHERE p.id = $1")		\
	/* $1 participation, $2 stage, $3 state it must be in now, $4	\
	 * new stage, $5 new state, $6 now -> {"id"} when it moved; no	\
	 * row when another request moved it first. */			\
	X(PARTICIPATION_MOVE,						\
	    "UPDATE participation SET stage = $4, state = $5, updated_at = $6" \
	    " WHERE id = $1 AND stage = $2 AND state = $3 RETURNING id")	\
	/* $1 participation, $2 now, $3 actor or NULL, $4 what, $5	\
	 * stage, $6 state, $7 note or NULL. */				\
	X(PARTICIPATION_EVENT_INSERT,					\
	    "INSERT INTO participation_event (participation_id, at, actor_id," \
	    " what, stage, state, note) VALUES ($1, $2, $3, $4, $5, $6, $7)") \
	/* $1 participation -> its timeline, oldest first, with names. */ \
	X(PARTICIPATION_EVENTS,						\
	    "SELECT e.id AS id, e.at AS at, e.what AS what, e.stage AS stage," \
	    " e.state AS state, e.note AS note, e.actor_id AS actor_id,"	\
	    " us.full_name AS actor_name FROM participation_event e"	\
	    " LEFT JOIN users us ON us.id = e.actor_id"			\
	    " WHERE e.participation_id = $1 ORDER BY e.id")		\
	/* $1 unit -> its participations, newest cycle first. */	\
	X(PARTICIPATION_OF_UNIT,					\
	    "SELECT p.id AS id, p.stage AS stage, p.state AS state,"	\
	    " c.id AS cycle_id, c.title AS cycle_title, c.year AS cycle_year" \
	    " FROM participation p JOIN cycle c ON c.id = p.cycle_id"	\
	    " WHERE p.unit_id = $1 ORDER BY c.year DESC, p.id DESC")
/* clang-format on */
#endif
