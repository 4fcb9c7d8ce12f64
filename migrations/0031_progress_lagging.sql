-- The units of the progress page that lag behind (not started, or past
-- their stage's deadline with its work unfinished), read in the list's
-- order instead of joining every unit to its participation and stage.
--
-- progress_lag: one row per participation with what the list is sorted
-- and filtered by: its cycle, stage and state, and its unit's province,
-- organization, type and name. Whether a participation lags depends only
-- on its cycle, stage and state, the stage's window and the clock, so the
-- page learns from the tallies (0027) which (stage, state) groups lag in
-- the caller's scope and reads each group's first rows by province and
-- unit name through an index: per province for a province scope, per
-- organization for an organization scope, per unit for single units.
--
-- Kept by triggers on participation (enrolment, every stage and state
-- change, removal) and on unit (renamed, moved to another province,
-- organization or type), in the transaction of the write, like the
-- tallies. `p2ham progress rebuild [--check]` compares it with the raw
-- rows and refills it. On PostgreSQL the name is compared bytewise
-- (COLLATE "C"), as SQLite does, so that the page's merge of several
-- groups in C agrees with the index's order.
-- @sqlite
CREATE TABLE progress_lag (
	participation_id INTEGER PRIMARY KEY,
	cycle_id BIGINT NOT NULL,
	stage TEXT NOT NULL,
	state TEXT NOT NULL,
	unit_id BIGINT NOT NULL,
	organization_id BIGINT NOT NULL,
	province_code INTEGER NOT NULL,
	unit_type TEXT NOT NULL,
	unit_name TEXT NOT NULL
);
-- @postgresql
CREATE TABLE progress_lag (
	participation_id BIGINT PRIMARY KEY,
	cycle_id BIGINT NOT NULL,
	stage TEXT NOT NULL,
	state TEXT NOT NULL,
	unit_id BIGINT NOT NULL,
	organization_id BIGINT NOT NULL,
	province_code INTEGER NOT NULL,
	unit_type TEXT NOT NULL,
	unit_name TEXT COLLATE "C" NOT NULL
);
-- @all
INSERT INTO progress_lag (participation_id, cycle_id, stage, state, unit_id,
	organization_id, province_code, unit_type, unit_name)
	SELECT p.id, p.cycle_id, p.stage, p.state, u.id, u.organization_id,
	u.province_code, u.unit_type, u.name
	FROM participation p JOIN unit u ON u.id = p.unit_id;
-- A (stage, state) group of the country or of one province, by province,
-- unit name and unit; the same within an organization; a unit's rows.
CREATE INDEX progress_lag_place ON progress_lag (cycle_id, stage, state, province_code,
	unit_name, unit_id);
CREATE INDEX progress_lag_org ON progress_lag (cycle_id, organization_id, stage, state,
	province_code, unit_name, unit_id);
CREATE INDEX progress_lag_unit ON progress_lag (unit_id, cycle_id);

-- @sqlite
CREATE TRIGGER participation_lag_insert AFTER INSERT ON participation
BEGIN
	INSERT INTO progress_lag (participation_id, cycle_id, stage, state, unit_id,
		organization_id, province_code, unit_type, unit_name)
		SELECT NEW.id, NEW.cycle_id, NEW.stage, NEW.state, u.id, u.organization_id,
		u.province_code, u.unit_type, u.name
		FROM unit u WHERE u.id = NEW.unit_id;
END;
CREATE TRIGGER participation_lag_update AFTER UPDATE OF id, cycle_id, unit_id, stage, state
	ON participation
	WHEN OLD.id <> NEW.id OR OLD.cycle_id <> NEW.cycle_id OR OLD.unit_id <> NEW.unit_id
	OR OLD.stage <> NEW.stage OR OLD.state <> NEW.state
BEGIN
	DELETE FROM progress_lag WHERE participation_id = OLD.id;
	INSERT INTO progress_lag (participation_id, cycle_id, stage, state, unit_id,
		organization_id, province_code, unit_type, unit_name)
		SELECT NEW.id, NEW.cycle_id, NEW.stage, NEW.state, u.id, u.organization_id,
		u.province_code, u.unit_type, u.name
		FROM unit u WHERE u.id = NEW.unit_id;
END;
CREATE TRIGGER participation_lag_delete AFTER DELETE ON participation
BEGIN
	DELETE FROM progress_lag WHERE participation_id = OLD.id;
END;
CREATE TRIGGER unit_lag_move AFTER UPDATE OF id, name, province_code, organization_id,
	unit_type ON unit
	WHEN OLD.id <> NEW.id OR OLD.name <> NEW.name OR OLD.province_code <> NEW.province_code
	OR OLD.organization_id <> NEW.organization_id OR OLD.unit_type <> NEW.unit_type
BEGIN
	UPDATE progress_lag SET unit_id = NEW.id, unit_name = NEW.name,
		province_code = NEW.province_code, organization_id = NEW.organization_id,
		unit_type = NEW.unit_type
		WHERE unit_id = OLD.id;
END;
-- @postgresql
-- Statement triggers with transition tables, as for the tallies: a
-- statement that enrols a thousand units writes its rows in one go.
CREATE FUNCTION participation_lag_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO progress_lag (participation_id, cycle_id, stage, state, unit_id,
		organization_id, province_code, unit_type, unit_name)
		SELECT w.id, w.cycle_id, w.stage, w.state, u.id, u.organization_id,
		u.province_code, u.unit_type, u.name
		FROM new_rows w JOIN unit u ON u.id = w.unit_id
		ORDER BY w.id;
	RETURN NULL;
END;
$$;
-- A participation whose id changed leaves its old row and gets a new one;
-- the others keep their row, rewritten in id order.
CREATE FUNCTION participation_lag_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM progress_lag l USING old_rows o
		WHERE l.participation_id = o.id
		AND NOT EXISTS (SELECT 1 FROM new_rows w WHERE w.id = o.id);
	INSERT INTO progress_lag AS l (participation_id, cycle_id, stage, state, unit_id,
		organization_id, province_code, unit_type, unit_name)
		SELECT w.id, w.cycle_id, w.stage, w.state, u.id, u.organization_id,
		u.province_code, u.unit_type, u.name
		FROM new_rows w JOIN unit u ON u.id = w.unit_id
		LEFT JOIN old_rows o ON o.id = w.id
		WHERE (o.cycle_id, o.unit_id, o.stage, o.state)
		IS DISTINCT FROM (w.cycle_id, w.unit_id, w.stage, w.state)
		ORDER BY w.id
		ON CONFLICT (participation_id) DO UPDATE SET cycle_id = excluded.cycle_id,
		stage = excluded.stage, state = excluded.state, unit_id = excluded.unit_id,
		organization_id = excluded.organization_id,
		province_code = excluded.province_code, unit_type = excluded.unit_type,
		unit_name = excluded.unit_name;
	RETURN NULL;
END;
$$;
CREATE FUNCTION participation_lag_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM progress_lag l USING old_rows o WHERE l.participation_id = o.id;
	RETURN NULL;
END;
$$;
CREATE FUNCTION unit_lag_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE progress_lag l SET unit_name = w.name, province_code = w.province_code,
		organization_id = w.organization_id, unit_type = w.unit_type
		FROM old_rows o JOIN new_rows w ON w.id = o.id
		WHERE l.unit_id = w.id
		AND (o.name, o.province_code, o.organization_id, o.unit_type)
		IS DISTINCT FROM (w.name, w.province_code, w.organization_id, w.unit_type);
	RETURN NULL;
END;
$$;
CREATE TRIGGER participation_lag_insert AFTER INSERT ON participation
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION participation_lag_insert();
CREATE TRIGGER participation_lag_update AFTER UPDATE ON participation
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION participation_lag_update();
CREATE TRIGGER participation_lag_delete AFTER DELETE ON participation
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION participation_lag_delete();
CREATE TRIGGER unit_lag_move AFTER UPDATE ON unit
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION unit_lag_move();
-- @all
