/*
 * stmts_offline.h - SQL statements of what a verifier's device recorded
 * offline and sent back online; part of the closed set in db/stmts.h,
 * written the same way. Tables: migrations/0024_offline.sql.
 */
#ifndef P2HAM_DB_STMTS_OFFLINE_H
#define P2HAM_DB_STMTS_OFFLINE_H

/* clang-format off */
#define DB_STMTS_OFFLINE(X) \
	/* $1 user, $2 client id -> the item applied already, or no row. */ \
	X(OFFLINE_ITEM_GET, \
	    "SELECT client_id, participation_id, kind, indicator," \
	    " recorded_at, received_at FROM offline_item" \
	    " WHERE user_id = $1 AND client_id = $2") \
	/* $1 user, $2 client id, $3 participation, $4 kind, $5 indicator \
	 * or NULL, $6 recorded at, $7 received at; fails when the pair \
	 * is there already. */ \
	X(OFFLINE_ITEM_ADD, \
	    "INSERT INTO offline_item (user_id, client_id, participation_id," \
	    " kind, indicator, recorded_at, received_at)" \
	    " VALUES ($1, $2, $3, $4, $5, $6, $7)")
/* clang-format on */

#endif
