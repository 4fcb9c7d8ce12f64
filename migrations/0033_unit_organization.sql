-- A caller whose scope is provinces, organizations or single units has
-- the units of that scope counted from the scope's own rows: the units of
-- an organization through this index, as those of a province already are
-- (unit_province), instead of a walk over every unit in the country.
CREATE INDEX unit_organization ON unit (organization_id, name, id);
-- A database whose statistics were gathered (ANALYZE, as a bulk load
-- ends) would otherwise take the new index for a very selective one and
-- plan the unit list around it; its statistics are gathered with the
-- table's. On a database without statistics this adds only the unit's.
ANALYZE unit;
