-- Progress figures kept as they change, so that a dashboard reads a few
-- rows instead of every participation, answer and evidence file.
--
-- progress_tally: how many participations of a cycle stand at each stage
-- and state, per province and unit type of their unit. The progress page,
-- the cycle page and the list of cycles read it for national and province
-- (and region) scopes.
--
-- progress_org_tally: the same per organization as well, for scopes that
-- reach organizations. A scope that reaches single units counts their few
-- participations directly.
--
-- Both are kept by triggers on participation (enrolment, every stage and
-- state change) and on unit (a unit moved to another province,
-- organization or type), in the transaction of the write; a group that
-- empties keeps its row with n = 0. `p2ham progress rebuild [--check]`
-- recomputes them from the raw rows.
--
-- participation_progress: how far a participation's self-assessment has
-- come (core/progress.h): the indicators that apply to its unit type, how
-- many are answered, how many are done, the percent, whether it may be
-- submitted, and its live evidence files. The services write it in the
-- transaction of every answer saved, evidence file uploaded or removed and
-- unit type changed, since what counts depends on the rulebook. A
-- participation without a row has no answer and no evidence. stale = 1
-- marks a row this migration could not compute (that needs the rulebook):
-- `p2ham migrate` computes them right after, as `progress rebuild` does.

CREATE TABLE progress_tally (
	cycle_id BIGINT NOT NULL REFERENCES cycle (id),
	province_code INTEGER NOT NULL,
	unit_type TEXT NOT NULL,
	stage TEXT NOT NULL,
	state TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (cycle_id, province_code, unit_type, stage, state)
);

CREATE TABLE progress_org_tally (
	cycle_id BIGINT NOT NULL REFERENCES cycle (id),
	organization_id BIGINT NOT NULL,
	province_code INTEGER NOT NULL,
	unit_type TEXT NOT NULL,
	stage TEXT NOT NULL,
	state TEXT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (cycle_id, organization_id, province_code, unit_type, stage, state)
);

CREATE TABLE participation_progress (
	participation_id BIGINT PRIMARY KEY REFERENCES participation (id),
	applicable INTEGER NOT NULL,		-- indicators that apply
	answered INTEGER NOT NULL,		-- answered with an option of their scale
	done INTEGER NOT NULL,			-- answered, with evidence where required
	percent INTEGER NOT NULL,		-- 100 * done / applicable, rounded down
	complete INTEGER NOT NULL,		-- 1: nothing missing, may submit
	evidence INTEGER NOT NULL,		-- live evidence files
	stale INTEGER NOT NULL DEFAULT 0	-- 1: to be computed
);
CREATE INDEX participation_progress_stale ON participation_progress (participation_id)
	WHERE stale = 1;

INSERT INTO progress_tally (cycle_id, province_code, unit_type, stage, state, n)
	SELECT p.cycle_id, u.province_code, u.unit_type, p.stage, p.state, count(*)
	FROM participation p JOIN unit u ON u.id = p.unit_id
	GROUP BY p.cycle_id, u.province_code, u.unit_type, p.stage, p.state;

INSERT INTO progress_org_tally (cycle_id, organization_id, province_code, unit_type,
	stage, state, n)
	SELECT p.cycle_id, u.organization_id, u.province_code, u.unit_type, p.stage,
	p.state, count(*)
	FROM participation p JOIN unit u ON u.id = p.unit_id
	GROUP BY p.cycle_id, u.organization_id, u.province_code, u.unit_type, p.stage,
	p.state;

INSERT INTO participation_progress (participation_id, applicable, answered, done,
	percent, complete, evidence, stale)
	SELECT p.id, 0, 0, 0, 0, 0, 0, 1 FROM participation p
	WHERE EXISTS (SELECT 1 FROM answer a WHERE a.participation_id = p.id)
	OR EXISTS (SELECT 1 FROM file f WHERE f.participation_id = p.id
		AND f.purpose = 'evidence' AND f.removed_at IS NULL);

-- Indexes the lists and their filters page through (keyset pagination:
-- the sort key of the last row shown, never an offset).
DROP INDEX unit_province;
CREATE INDEX unit_province ON unit (province_code, name, id);
DROP INDEX unit_name;
CREATE INDEX unit_name_id ON unit (name, id);
CREATE INDEX unit_regency_name ON unit (regency_code, name, id);
CREATE INDEX organization_name_id ON organization (name, id);
CREATE INDEX users_name_id ON users (full_name, id);
CREATE INDEX participation_state ON participation (state);

-- @sqlite
CREATE TRIGGER participation_tally_insert AFTER INSERT ON participation
BEGIN
	INSERT INTO progress_tally (cycle_id, province_code, unit_type, stage, state, n)
		SELECT NEW.cycle_id, u.province_code, u.unit_type, NEW.stage, NEW.state, 1
		FROM unit u WHERE u.id = NEW.unit_id
		ON CONFLICT (cycle_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = n + excluded.n;
	INSERT INTO progress_org_tally (cycle_id, organization_id, province_code,
		unit_type, stage, state, n)
		SELECT NEW.cycle_id, u.organization_id, u.province_code, u.unit_type,
		NEW.stage, NEW.state, 1
		FROM unit u WHERE u.id = NEW.unit_id
		ON CONFLICT (cycle_id, organization_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER participation_tally_update AFTER UPDATE OF cycle_id, unit_id, stage, state
	ON participation
	WHEN OLD.cycle_id <> NEW.cycle_id OR OLD.unit_id <> NEW.unit_id
	OR OLD.stage <> NEW.stage OR OLD.state <> NEW.state
BEGIN
	INSERT INTO progress_tally (cycle_id, province_code, unit_type, stage, state, n)
		SELECT OLD.cycle_id, u.province_code, u.unit_type, OLD.stage, OLD.state, -1
		FROM unit u WHERE u.id = OLD.unit_id
		ON CONFLICT (cycle_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = n + excluded.n;
	INSERT INTO progress_tally (cycle_id, province_code, unit_type, stage, state, n)
		SELECT NEW.cycle_id, u.province_code, u.unit_type, NEW.stage, NEW.state, 1
		FROM unit u WHERE u.id = NEW.unit_id
		ON CONFLICT (cycle_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = n + excluded.n;
	INSERT INTO progress_org_tally (cycle_id, organization_id, province_code,
		unit_type, stage, state, n)
		SELECT OLD.cycle_id, u.organization_id, u.province_code, u.unit_type,
		OLD.stage, OLD.state, -1
		FROM unit u WHERE u.id = OLD.unit_id
		ON CONFLICT (cycle_id, organization_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = n + excluded.n;
	INSERT INTO progress_org_tally (cycle_id, organization_id, province_code,
		unit_type, stage, state, n)
		SELECT NEW.cycle_id, u.organization_id, u.province_code, u.unit_type,
		NEW.stage, NEW.state, 1
		FROM unit u WHERE u.id = NEW.unit_id
		ON CONFLICT (cycle_id, organization_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER participation_tally_delete AFTER DELETE ON participation
BEGIN
	INSERT INTO progress_tally (cycle_id, province_code, unit_type, stage, state, n)
		SELECT OLD.cycle_id, u.province_code, u.unit_type, OLD.stage, OLD.state, -1
		FROM unit u WHERE u.id = OLD.unit_id
		ON CONFLICT (cycle_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = n + excluded.n;
	INSERT INTO progress_org_tally (cycle_id, organization_id, province_code,
		unit_type, stage, state, n)
		SELECT OLD.cycle_id, u.organization_id, u.province_code, u.unit_type,
		OLD.stage, OLD.state, -1
		FROM unit u WHERE u.id = OLD.unit_id
		ON CONFLICT (cycle_id, organization_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER unit_tally_move AFTER UPDATE OF province_code, organization_id, unit_type
	ON unit
	WHEN OLD.province_code <> NEW.province_code
	OR OLD.organization_id <> NEW.organization_id OR OLD.unit_type <> NEW.unit_type
BEGIN
	INSERT INTO progress_tally (cycle_id, province_code, unit_type, stage, state, n)
		SELECT p.cycle_id, OLD.province_code, OLD.unit_type, p.stage, p.state, -1
		FROM participation p WHERE p.unit_id = OLD.id
		ON CONFLICT (cycle_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = n + excluded.n;
	INSERT INTO progress_tally (cycle_id, province_code, unit_type, stage, state, n)
		SELECT p.cycle_id, NEW.province_code, NEW.unit_type, p.stage, p.state, 1
		FROM participation p WHERE p.unit_id = NEW.id
		ON CONFLICT (cycle_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = n + excluded.n;
	INSERT INTO progress_org_tally (cycle_id, organization_id, province_code,
		unit_type, stage, state, n)
		SELECT p.cycle_id, OLD.organization_id, OLD.province_code, OLD.unit_type,
		p.stage, p.state, -1
		FROM participation p WHERE p.unit_id = OLD.id
		ON CONFLICT (cycle_id, organization_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = n + excluded.n;
	INSERT INTO progress_org_tally (cycle_id, organization_id, province_code,
		unit_type, stage, state, n)
		SELECT p.cycle_id, NEW.organization_id, NEW.province_code, NEW.unit_type,
		p.stage, p.state, 1
		FROM participation p WHERE p.unit_id = NEW.id
		ON CONFLICT (cycle_id, organization_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = n + excluded.n;
END;

-- @postgresql
-- Statement triggers with transition tables: a statement that enrols a
-- thousand units adds to each group once. Rows go in key order, so two
-- transactions that touch the same groups lock them in the same order.
CREATE FUNCTION progress_tally_apply(d_cycle BIGINT[], d_unit BIGINT[], d_stage TEXT[],
	d_state TEXT[], d_n INTEGER[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO progress_tally AS t (cycle_id, province_code, unit_type, stage, state, n)
		SELECT d.c, u.province_code, u.unit_type, d.s, d.st, sum(d.n)
		FROM unnest(d_cycle, d_unit, d_stage, d_state, d_n) AS d (c, unit, s, st, n)
		JOIN unit u ON u.id = d.unit
		GROUP BY d.c, u.province_code, u.unit_type, d.s, d.st
		HAVING sum(d.n) <> 0
		ORDER BY d.c, u.province_code, u.unit_type, d.s, d.st
		ON CONFLICT (cycle_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = t.n + excluded.n;
	INSERT INTO progress_org_tally AS t (cycle_id, organization_id, province_code,
		unit_type, stage, state, n)
		SELECT d.c, u.organization_id, u.province_code, u.unit_type, d.s, d.st,
		sum(d.n)
		FROM unnest(d_cycle, d_unit, d_stage, d_state, d_n) AS d (c, unit, s, st, n)
		JOIN unit u ON u.id = d.unit
		GROUP BY d.c, u.organization_id, u.province_code, u.unit_type, d.s, d.st
		HAVING sum(d.n) <> 0
		ORDER BY d.c, u.organization_id, u.province_code, u.unit_type, d.s, d.st
		ON CONFLICT (cycle_id, organization_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = t.n + excluded.n;
END;
$$;

CREATE FUNCTION participation_tally_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM progress_tally_apply(array_agg(cycle_id), array_agg(unit_id),
		array_agg(stage), array_agg(state), array_agg(1))
		FROM new_rows HAVING count(*) > 0;
	RETURN NULL;
END;
$$;

CREATE FUNCTION participation_tally_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM progress_tally_apply(array_agg(c), array_agg(unit), array_agg(s),
		array_agg(st), array_agg(n))
		FROM (SELECT o.cycle_id AS c, o.unit_id AS unit, o.stage AS s,
			o.state AS st, -1 AS n
			FROM old_rows o JOIN new_rows w ON w.id = o.id
			WHERE (o.cycle_id, o.unit_id, o.stage, o.state)
			IS DISTINCT FROM (w.cycle_id, w.unit_id, w.stage, w.state)
			UNION ALL
			SELECT w.cycle_id, w.unit_id, w.stage, w.state, 1
			FROM old_rows o JOIN new_rows w ON w.id = o.id
			WHERE (o.cycle_id, o.unit_id, o.stage, o.state)
			IS DISTINCT FROM (w.cycle_id, w.unit_id, w.stage, w.state)) d
		HAVING count(*) > 0;
	RETURN NULL;
END;
$$;

CREATE FUNCTION participation_tally_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM progress_tally_apply(array_agg(cycle_id), array_agg(unit_id),
		array_agg(stage), array_agg(state), array_agg(-1))
		FROM old_rows HAVING count(*) > 0;
	RETURN NULL;
END;
$$;

-- A unit that moves: its participations leave the old groups (read with
-- the unit's old place) and join the new ones.
CREATE FUNCTION unit_tally_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO progress_tally AS t (cycle_id, province_code, unit_type, stage, state, n)
		SELECT p.cycle_id, d.province_code, d.unit_type, p.stage, p.state, sum(d.n)
		FROM (SELECT o.id, o.province_code, o.unit_type, -1 AS n
			FROM old_rows o JOIN new_rows w ON w.id = o.id
			WHERE (o.province_code, o.unit_type, o.organization_id)
			IS DISTINCT FROM (w.province_code, w.unit_type, w.organization_id)
			UNION ALL
			SELECT w.id, w.province_code, w.unit_type, 1
			FROM old_rows o JOIN new_rows w ON w.id = o.id
			WHERE (o.province_code, o.unit_type, o.organization_id)
			IS DISTINCT FROM (w.province_code, w.unit_type, w.organization_id)) d
		JOIN participation p ON p.unit_id = d.id
		GROUP BY p.cycle_id, d.province_code, d.unit_type, p.stage, p.state
		HAVING sum(d.n) <> 0
		ORDER BY p.cycle_id, d.province_code, d.unit_type, p.stage, p.state
		ON CONFLICT (cycle_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = t.n + excluded.n;
	INSERT INTO progress_org_tally AS t (cycle_id, organization_id, province_code,
		unit_type, stage, state, n)
		SELECT p.cycle_id, d.organization_id, d.province_code, d.unit_type, p.stage,
		p.state, sum(d.n)
		FROM (SELECT o.id, o.organization_id, o.province_code, o.unit_type, -1 AS n
			FROM old_rows o JOIN new_rows w ON w.id = o.id
			WHERE (o.province_code, o.unit_type, o.organization_id)
			IS DISTINCT FROM (w.province_code, w.unit_type, w.organization_id)
			UNION ALL
			SELECT w.id, w.organization_id, w.province_code, w.unit_type, 1
			FROM old_rows o JOIN new_rows w ON w.id = o.id
			WHERE (o.province_code, o.unit_type, o.organization_id)
			IS DISTINCT FROM (w.province_code, w.unit_type, w.organization_id)) d
		JOIN participation p ON p.unit_id = d.id
		GROUP BY p.cycle_id, d.organization_id, d.province_code, d.unit_type, p.stage,
		p.state
		HAVING sum(d.n) <> 0
		ORDER BY p.cycle_id, d.organization_id, d.province_code, d.unit_type, p.stage,
		p.state
		ON CONFLICT (cycle_id, organization_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = t.n + excluded.n;
	RETURN NULL;
END;
$$;

CREATE TRIGGER participation_tally_insert AFTER INSERT ON participation
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION participation_tally_insert();
CREATE TRIGGER participation_tally_update AFTER UPDATE ON participation
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION participation_tally_update();
CREATE TRIGGER participation_tally_delete AFTER DELETE ON participation
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION participation_tally_delete();
CREATE TRIGGER unit_tally_move AFTER UPDATE ON unit
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION unit_tally_move();
-- @all
