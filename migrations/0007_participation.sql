-- The timeline of a participation: one row per thing that happened to it,
-- in order, with who did it. State changes carry the state they led to;
-- other events (a note, an upload) leave stage and state as they were.

CREATE TABLE participation_event (
	id @ID@,
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	at TEXT NOT NULL,			-- instant, ISO-8601 UTC
	actor_id BIGINT,			-- the user, NULL for the system
	what TEXT NOT NULL,			-- transition or event code
	stage TEXT NOT NULL,			-- stage afterwards
	state TEXT NOT NULL,			-- state afterwards
	note TEXT				-- free text (reason, file name), or NULL
);
CREATE INDEX participation_event_by ON participation_event (participation_id, id);
