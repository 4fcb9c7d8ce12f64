/*
 * progress_store.h - the progress figures kept as the data changes
 * (migration 0027), so that dashboards read a few rows: each
 * participation's self-assessment figures (participation_progress),
 * written by the services in the transaction of every answer saved,
 * evidence file uploaded or removed and unit type changed; and the tallies
 * of participations per cycle, place, type, stage and state, their sums
 * per province and per unit type for the country (migration 0032), and
 * the rows the list of lagging units is read from (progress_lag,
 * migration 0031), which the database's triggers keep. The rebuild
 * recomputes them from the raw rows (`p2ham progress rebuild [--check]`,
 * and after a bulk load).
 */
#ifndef P2HAM_SVC_PROGRESS_STORE_H
#define P2HAM_SVC_PROGRESS_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "core/rulebook.h"
#include "db/db.h"

/*
 * Recompute the figures of participation pid from its answers and live
 * evidence files and store them, on c inside the caller's transaction. rb
 * and unit_type are the participation's rulebook and unit type when the
 * caller has them at hand, else NULL (then read). Scratch memory from a.
 */
int progress_store_refresh(struct db_conn *c, struct arena *a, int64_t pid,
    const struct rulebook *rb, const char *unit_type, struct err *e);

/* The same for every participation of unit unit_id (its type changed). */
int progress_store_refresh_unit(struct db_conn *c, struct arena *a, int64_t unit_id,
    struct err *e);

/*
 * Recompute everything from the raw rows: the tallies (and their
 * rollups, compared with the tallies as stored), the lagging list's rows
 * and every participation's figures. check: only compare, appending a
 * line per difference to report (at most a few hundred lines, then a
 * count), and change nothing; else store the recomputed figures, in
 * transactions of their own. *differences counts the differences found, *participations
 * the participations read. -1 with e on a database failure.
 */
int progress_rebuild(struct db_conn *c, bool check, struct buf *report,
    size_t *differences, int64_t *participations, struct err *e);

/* Compute the figures the migration could not (rows marked stale); *n
 * receives how many. Quick when there are none. */
int progress_store_fill_stale(struct db_conn *c, size_t *n, struct err *e);

#endif
