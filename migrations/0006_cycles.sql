-- Cycles: one year (or period) of a programme under one rulebook, with the
-- stages it runs and their windows; participations: one unit in one cycle.
-- Window bounds are instants (ISO-8601 UTC text) computed from the dates
-- the admin entered in the cycle's stated time zone.

CREATE TABLE cycle (
	id @ID@,
	programme TEXT NOT NULL CHECK (programme IN ('p2ham', 'kkpham')),
	year INTEGER NOT NULL,
	title TEXT NOT NULL,
	rulebook_id BIGINT NOT NULL REFERENCES rulebook (id),
	tz TEXT NOT NULL CHECK (tz IN ('WIB', 'WITA', 'WIT')),	-- zone the dates were given in
	created_at TEXT NOT NULL,
	created_by BIGINT,
	UNIQUE (programme, title)
);

CREATE TABLE cycle_stage (
	cycle_id BIGINT NOT NULL REFERENCES cycle (id),
	stage TEXT NOT NULL,			-- pencanangan, pembangunan, ...
	position INTEGER NOT NULL,		-- 1, 2, ... in the order they run
	opens_at TEXT NOT NULL,			-- first instant of the window
	deadline_at TEXT NOT NULL,		-- last instant of the window
	PRIMARY KEY (cycle_id, stage)
);

CREATE TABLE participation (
	id @ID@,
	cycle_id BIGINT NOT NULL REFERENCES cycle (id),
	unit_id BIGINT NOT NULL REFERENCES unit (id),
	stage TEXT NOT NULL,			-- the stage it is in
	state TEXT NOT NULL,			-- where in that stage
	enrolled_at TEXT NOT NULL,
	enrolled_by BIGINT,
	updated_at TEXT NOT NULL,
	UNIQUE (cycle_id, unit_id)
);
CREATE INDEX participation_unit ON participation (unit_id);
CREATE INDEX participation_cycle_state ON participation (cycle_id, stage, state);
