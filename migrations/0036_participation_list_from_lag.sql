-- A cycle's list of participations (the cycle page, in the order of
-- province, unit name and unit) reads progress_lag (0031) on SQLite
-- instead of walking the units in that order and reading each one's
-- participation through another index: a row of one table per line
-- instead of rows of two, each scattered over the file. This index holds
-- a cycle's participations in the list's order, so a page is one range
-- of it. (One that also held the columns the list shows would serve the
-- page from the index alone, but the lagging list's reads, which name a
-- stage and state, would take it for theirs on a database without
-- statistics.) PostgreSQL plans the join of units and participations
-- itself and keeps its indexes.
-- @sqlite
CREATE INDEX progress_lag_list ON progress_lag (cycle_id, province_code, unit_name,
	unit_id);
-- @all
