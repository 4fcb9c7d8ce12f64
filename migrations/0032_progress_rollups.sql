-- The country's progress figures summed ahead, so that a national
-- dashboard reads a few hundred rows instead of every group of the
-- province tally (0027), which grows with provinces × unit types × stages
-- × states.
--
-- progress_tally_province: progress_tally summed over unit types, per
-- cycle, province, stage and state.
-- progress_tally_type: progress_tally summed over provinces, per cycle,
-- unit type, stage and state.
--
-- Both are sums of progress_tally and nothing else, so triggers on
-- progress_tally keep them: every enrolment, transition and move of a
-- unit that changes a tally group changes its two sums in the same
-- transaction, whichever code writes. A sum that empties keeps its row
-- with n = 0, as the tally does. Each is read by its key's index, whose
-- name the plans of the statements that read it are checked for. `p2ham progress rebuild [--check]`
-- compares them with the tally and refills them.

CREATE TABLE progress_tally_province (
	cycle_id BIGINT NOT NULL REFERENCES cycle (id),
	province_code INTEGER NOT NULL,
	stage TEXT NOT NULL,
	state TEXT NOT NULL,
	n BIGINT NOT NULL
);
CREATE UNIQUE INDEX progress_tally_province_key ON progress_tally_province (cycle_id,
	province_code, stage, state);

CREATE TABLE progress_tally_type (
	cycle_id BIGINT NOT NULL REFERENCES cycle (id),
	unit_type TEXT NOT NULL,
	stage TEXT NOT NULL,
	state TEXT NOT NULL,
	n BIGINT NOT NULL
);
CREATE UNIQUE INDEX progress_tally_type_key ON progress_tally_type (cycle_id, unit_type,
	stage, state);

INSERT INTO progress_tally_province (cycle_id, province_code, stage, state, n)
	SELECT cycle_id, province_code, stage, state, sum(n) FROM progress_tally
	GROUP BY cycle_id, province_code, stage, state;
INSERT INTO progress_tally_type (cycle_id, unit_type, stage, state, n)
	SELECT cycle_id, unit_type, stage, state, sum(n) FROM progress_tally
	GROUP BY cycle_id, unit_type, stage, state;

-- @sqlite
-- A group's count that changes adds the change to its sums; a group
-- whose key changes (nothing writes that, but a repair by hand might)
-- moves its count.
CREATE TRIGGER progress_tally_rollup_insert AFTER INSERT ON progress_tally
	WHEN NEW.n <> 0
BEGIN
	INSERT INTO progress_tally_province (cycle_id, province_code, stage, state, n)
		VALUES (NEW.cycle_id, NEW.province_code, NEW.stage, NEW.state, NEW.n)
		ON CONFLICT (cycle_id, province_code, stage, state)
		DO UPDATE SET n = n + excluded.n;
	INSERT INTO progress_tally_type (cycle_id, unit_type, stage, state, n)
		VALUES (NEW.cycle_id, NEW.unit_type, NEW.stage, NEW.state, NEW.n)
		ON CONFLICT (cycle_id, unit_type, stage, state)
		DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER progress_tally_rollup_update AFTER UPDATE ON progress_tally
	WHEN OLD.n <> NEW.n AND OLD.cycle_id = NEW.cycle_id
	AND OLD.province_code = NEW.province_code AND OLD.unit_type = NEW.unit_type
	AND OLD.stage = NEW.stage AND OLD.state = NEW.state
BEGIN
	INSERT INTO progress_tally_province (cycle_id, province_code, stage, state, n)
		VALUES (NEW.cycle_id, NEW.province_code, NEW.stage, NEW.state,
		NEW.n - OLD.n)
		ON CONFLICT (cycle_id, province_code, stage, state)
		DO UPDATE SET n = n + excluded.n;
	INSERT INTO progress_tally_type (cycle_id, unit_type, stage, state, n)
		VALUES (NEW.cycle_id, NEW.unit_type, NEW.stage, NEW.state, NEW.n - OLD.n)
		ON CONFLICT (cycle_id, unit_type, stage, state)
		DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER progress_tally_rollup_move AFTER UPDATE ON progress_tally
	WHEN OLD.cycle_id <> NEW.cycle_id OR OLD.province_code <> NEW.province_code
	OR OLD.unit_type <> NEW.unit_type OR OLD.stage <> NEW.stage
	OR OLD.state <> NEW.state
BEGIN
	INSERT INTO progress_tally_province (cycle_id, province_code, stage, state, n)
		VALUES (OLD.cycle_id, OLD.province_code, OLD.stage, OLD.state, -OLD.n)
		ON CONFLICT (cycle_id, province_code, stage, state)
		DO UPDATE SET n = n + excluded.n;
	INSERT INTO progress_tally_province (cycle_id, province_code, stage, state, n)
		VALUES (NEW.cycle_id, NEW.province_code, NEW.stage, NEW.state, NEW.n)
		ON CONFLICT (cycle_id, province_code, stage, state)
		DO UPDATE SET n = n + excluded.n;
	INSERT INTO progress_tally_type (cycle_id, unit_type, stage, state, n)
		VALUES (OLD.cycle_id, OLD.unit_type, OLD.stage, OLD.state, -OLD.n)
		ON CONFLICT (cycle_id, unit_type, stage, state)
		DO UPDATE SET n = n + excluded.n;
	INSERT INTO progress_tally_type (cycle_id, unit_type, stage, state, n)
		VALUES (NEW.cycle_id, NEW.unit_type, NEW.stage, NEW.state, NEW.n)
		ON CONFLICT (cycle_id, unit_type, stage, state)
		DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER progress_tally_rollup_delete AFTER DELETE ON progress_tally
	WHEN OLD.n <> 0
BEGIN
	INSERT INTO progress_tally_province (cycle_id, province_code, stage, state, n)
		VALUES (OLD.cycle_id, OLD.province_code, OLD.stage, OLD.state, -OLD.n)
		ON CONFLICT (cycle_id, province_code, stage, state)
		DO UPDATE SET n = n + excluded.n;
	INSERT INTO progress_tally_type (cycle_id, unit_type, stage, state, n)
		VALUES (OLD.cycle_id, OLD.unit_type, OLD.stage, OLD.state, -OLD.n)
		ON CONFLICT (cycle_id, unit_type, stage, state)
		DO UPDATE SET n = n + excluded.n;
END;

-- @postgresql
-- Statement triggers with transition tables, as for the tally: the
-- changes of one statement (an upsert that inserts some groups and
-- updates others fires both) are added to each sum once, in key order,
-- so two transactions that touch the same sums lock them in the same
-- order.
CREATE FUNCTION progress_rollup_apply(d_cycle BIGINT[], d_province INTEGER[],
	d_type TEXT[], d_stage TEXT[], d_state TEXT[], d_n BIGINT[])
	RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO progress_tally_province AS t (cycle_id, province_code, stage, state, n)
		SELECT d.c, d.p, d.s, d.st, sum(d.n)
		FROM unnest(d_cycle, d_province, d_type, d_stage, d_state, d_n)
		AS d (c, p, ty, s, st, n)
		GROUP BY d.c, d.p, d.s, d.st
		HAVING sum(d.n) <> 0
		ORDER BY d.c, d.p, d.s, d.st
		ON CONFLICT (cycle_id, province_code, stage, state)
		DO UPDATE SET n = t.n + excluded.n;
	INSERT INTO progress_tally_type AS t (cycle_id, unit_type, stage, state, n)
		SELECT d.c, d.ty, d.s, d.st, sum(d.n)
		FROM unnest(d_cycle, d_province, d_type, d_stage, d_state, d_n)
		AS d (c, p, ty, s, st, n)
		GROUP BY d.c, d.ty, d.s, d.st
		HAVING sum(d.n) <> 0
		ORDER BY d.c, d.ty, d.s, d.st
		ON CONFLICT (cycle_id, unit_type, stage, state)
		DO UPDATE SET n = t.n + excluded.n;
END;
$$;

CREATE FUNCTION progress_tally_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM progress_rollup_apply(array_agg(cycle_id), array_agg(province_code),
		array_agg(unit_type), array_agg(stage), array_agg(state), array_agg(n))
		FROM new_rows HAVING count(*) > 0;
	RETURN NULL;
END;
$$;

CREATE FUNCTION progress_tally_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM progress_rollup_apply(array_agg(c), array_agg(p), array_agg(ty),
		array_agg(s), array_agg(st), array_agg(n))
		FROM (SELECT cycle_id AS c, province_code AS p, unit_type AS ty,
			stage AS s, state AS st, -n AS n FROM old_rows
			UNION ALL
			SELECT cycle_id, province_code, unit_type, stage, state, n
			FROM new_rows) d
		HAVING count(*) > 0;
	RETURN NULL;
END;
$$;

CREATE FUNCTION progress_tally_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM progress_rollup_apply(array_agg(cycle_id), array_agg(province_code),
		array_agg(unit_type), array_agg(stage), array_agg(state), array_agg(-n))
		FROM old_rows HAVING count(*) > 0;
	RETURN NULL;
END;
$$;

CREATE TRIGGER progress_tally_rollup_insert AFTER INSERT ON progress_tally
	REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION progress_tally_rollup_insert();
CREATE TRIGGER progress_tally_rollup_update AFTER UPDATE ON progress_tally
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION progress_tally_rollup_update();
CREATE TRIGGER progress_tally_rollup_delete AFTER DELETE ON progress_tally
	REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION progress_tally_rollup_delete();
-- @all
