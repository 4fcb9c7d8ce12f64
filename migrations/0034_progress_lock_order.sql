-- Two transitions at once in the same province could deadlock on
-- PostgreSQL. An upsert into progress_tally that creates one group and
-- adds to another fires its statement's INSERT trigger and then its
-- UPDATE trigger (0032), so the rollup row of the new group was locked
-- before the rollup rows of the groups that already existed, out of key
-- order. A transaction that only added to existing groups took the same
-- rows in key order, and the two could each hold what the other waited
-- for; PostgreSQL then cancelled one of them.
--
-- The tallies are now written in two steps: first the groups a change
-- needs are created, empty, in key order (their INSERT trigger adds
-- nothing to the rollups, since every count is 0), then every group is
-- added to, so that only the UPDATE trigger moves the rollups, once per
-- statement, in key order. Every transaction then takes the tally rows,
-- the province rollup rows and the unit type rollup rows in that order
-- and each in key order. SQLite writes one transaction at a time and
-- keeps its triggers.

-- @postgresql
-- Counts d_n added to the groups of d_cycle, d_organization,
-- d_province, d_type, d_stage and d_state (one entry per element).
CREATE FUNCTION progress_tally_add(d_cycle BIGINT[], d_organization BIGINT[],
	d_province INTEGER[], d_type TEXT[], d_stage TEXT[], d_state TEXT[],
	d_n INTEGER[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO progress_tally (cycle_id, province_code, unit_type, stage, state, n)
		SELECT d.c, d.p, d.ty, d.s, d.st, 0
		FROM unnest(d_cycle, d_organization, d_province, d_type, d_stage, d_state,
		d_n) AS d (c, o, p, ty, s, st, n)
		GROUP BY d.c, d.p, d.ty, d.s, d.st
		HAVING sum(d.n) <> 0
		ORDER BY d.c, d.p, d.ty, d.s, d.st
		ON CONFLICT (cycle_id, province_code, unit_type, stage, state) DO NOTHING;
	INSERT INTO progress_tally AS t (cycle_id, province_code, unit_type, stage, state, n)
		SELECT d.c, d.p, d.ty, d.s, d.st, sum(d.n)
		FROM unnest(d_cycle, d_organization, d_province, d_type, d_stage, d_state,
		d_n) AS d (c, o, p, ty, s, st, n)
		GROUP BY d.c, d.p, d.ty, d.s, d.st
		HAVING sum(d.n) <> 0
		ORDER BY d.c, d.p, d.ty, d.s, d.st
		ON CONFLICT (cycle_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = t.n + excluded.n;
	INSERT INTO progress_org_tally AS t (cycle_id, organization_id, province_code,
		unit_type, stage, state, n)
		SELECT d.c, d.o, d.p, d.ty, d.s, d.st, sum(d.n)
		FROM unnest(d_cycle, d_organization, d_province, d_type, d_stage, d_state,
		d_n) AS d (c, o, p, ty, s, st, n)
		GROUP BY d.c, d.o, d.p, d.ty, d.s, d.st
		HAVING sum(d.n) <> 0
		ORDER BY d.c, d.o, d.p, d.ty, d.s, d.st
		ON CONFLICT (cycle_id, organization_id, province_code, unit_type, stage, state)
		DO UPDATE SET n = t.n + excluded.n;
END;
$$;

-- Participations counted at their unit's place.
CREATE OR REPLACE FUNCTION progress_tally_apply(d_cycle BIGINT[], d_unit BIGINT[],
	d_stage TEXT[], d_state TEXT[], d_n INTEGER[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	PERFORM progress_tally_add(array_agg(d.c), array_agg(u.organization_id),
		array_agg(u.province_code), array_agg(u.unit_type), array_agg(d.s),
		array_agg(d.st), array_agg(d.n))
		FROM unnest(d_cycle, d_unit, d_stage, d_state, d_n) AS d (c, unit, s, st, n)
		JOIN unit u ON u.id = d.unit
		HAVING count(*) > 0;
END;
$$;

-- A unit that moves: its participations leave the old groups (read with
-- the unit's old place) and join the new ones.
CREATE OR REPLACE FUNCTION unit_tally_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM progress_tally_add(array_agg(p.cycle_id), array_agg(d.o),
		array_agg(d.pr), array_agg(d.ty), array_agg(p.stage), array_agg(p.state),
		array_agg(d.n))
		FROM (SELECT o.id, o.organization_id AS o, o.province_code AS pr,
			o.unit_type AS ty, -1 AS n
			FROM old_rows o JOIN new_rows w ON w.id = o.id
			WHERE (o.province_code, o.unit_type, o.organization_id)
			IS DISTINCT FROM (w.province_code, w.unit_type, w.organization_id)
			UNION ALL
			SELECT w.id, w.organization_id, w.province_code, w.unit_type, 1
			FROM old_rows o JOIN new_rows w ON w.id = o.id
			WHERE (o.province_code, o.unit_type, o.organization_id)
			IS DISTINCT FROM (w.province_code, w.unit_type, w.organization_id)) d
		JOIN participation p ON p.unit_id = d.id
		HAVING count(*) > 0;
	RETURN NULL;
END;
$$;
-- @all
