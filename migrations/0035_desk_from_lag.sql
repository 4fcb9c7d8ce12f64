-- The desk of an office that works on an area (a province, the
-- provinces of a region, an organization) lists the participations of
-- its area waiting in the state its role acts on, the first hundred of
-- each cycle stage by id. It read them through the area's units, or
-- through every participation in that state with its unit's place
-- tested one by one. progress_lag (0031) holds each participation's
-- stage, state, province and organization: these indexes give the first
-- of a group in one place in id order. They lead with the place, so
-- that the lagging list's reads, which name a cycle and stage first,
-- keep the indexes made for them.
CREATE INDEX progress_lag_desk_place ON progress_lag (province_code, cycle_id, stage,
	state, participation_id);
CREATE INDEX progress_lag_desk_org ON progress_lag (organization_id, cycle_id, stage,
	state, participation_id);
