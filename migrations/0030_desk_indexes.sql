-- The desk of the signed-in home page reads what waits for an area's
-- roles (declaration requests, approved declarations, self-assessments
-- awaiting evaluation) a page at a time: per cycle stage, the first
-- participations of a state by id, so that a national administrator's
-- desk reads a hundred of them instead of every one waiting. The index
-- on (cycle, stage, state) gains the id, which SQLite kept implicitly and
-- PostgreSQL did not. The index on state alone, which had the desk read
-- every participation waiting in a state, goes.
DROP INDEX participation_state;
DROP INDEX participation_cycle_state;
CREATE INDEX participation_cycle_state ON participation (cycle_id, stage, state, id);

-- Follow-up actions still waiting (open for the unit, answered for the
-- regional office), by due date: the desk reads them without a walk over
-- every action ever recorded.
CREATE INDEX supervision_action_status ON supervision_action (status, due_at, id);
