-- The declaration stage (pencanangan): one event at which one unit, or
-- several units of one province in the same cycle, publicly commit to
-- human-rights-based public service. The unit (or the regional office for
-- several units) requests it, Ditjen HAM or the province's coordinator
-- approves or rejects it, the event is recorded afterwards with its
-- witnesses, and the regional office confirms it. Dates the user typed
-- (proposed and actual date of the event) are calendar dates YYYY-MM-DD in
-- the unit's time zone; instants are ISO-8601 UTC text.

CREATE TABLE declaration (
	id @ID@,
	cycle_id BIGINT NOT NULL REFERENCES cycle (id),
	province_code INTEGER NOT NULL REFERENCES province (code),
	status TEXT NOT NULL CHECK (status IN
	    ('requested', 'approved', 'rejected', 'recorded', 'confirmed')),
	proposed_date TEXT NOT NULL,		-- YYYY-MM-DD
	mode TEXT NOT NULL CHECK (mode IN ('luring', 'daring', 'hibrida')),
	place TEXT NOT NULL DEFAULT '',		-- on site and hybrid
	link TEXT NOT NULL DEFAULT '',		-- https meeting link: online and hybrid
	planned_witnesses TEXT NOT NULL DEFAULT '',
	requested_by BIGINT NOT NULL REFERENCES users (id),
	requested_at TEXT NOT NULL,
	decided_by BIGINT REFERENCES users (id),
	decided_at TEXT,
	reason TEXT,				-- why it was rejected
	ditjen_witness_name TEXT,		-- the Ditjen HAM witness assigned on approval
	ditjen_witness_position TEXT,
	actual_date TEXT,			-- YYYY-MM-DD, once recorded
	actual_mode TEXT CHECK (actual_mode IS NULL OR actual_mode IN
	    ('luring', 'daring', 'hibrida')),
	attendance INTEGER,			-- people present
	recorded_by BIGINT REFERENCES users (id),
	recorded_at TEXT,
	confirmed_by BIGINT REFERENCES users (id),
	confirmed_at TEXT
);
CREATE INDEX declaration_cycle ON declaration (cycle_id, province_code);

-- The participations a declaration covers. live is 1 until the request is
-- rejected, and a participation is in at most one live declaration. The
-- statement issued for the member on approval is kept with its state, so
-- that a later approval can withdraw it.
CREATE TABLE declaration_member (
	declaration_id BIGINT NOT NULL REFERENCES declaration (id),
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	live INTEGER NOT NULL DEFAULT 1,
	document_id BIGINT,			-- the statement issued on approval
	document_withdrawn INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (declaration_id, participation_id)
);
CREATE UNIQUE INDEX declaration_member_live ON declaration_member (participation_id)
	WHERE live = 1;

-- The witnesses of the event as recorded, in the order they were entered.
CREATE TABLE declaration_witness (
	id @ID@,
	declaration_id BIGINT NOT NULL REFERENCES declaration (id),
	position_no INTEGER NOT NULL,		-- 1, 2, ... as entered
	name TEXT NOT NULL,
	title TEXT NOT NULL,			-- the witness's position (jabatan)
	institution TEXT NOT NULL DEFAULT '',
	kind TEXT NOT NULL CHECK (kind IN ('ditjen_ham', 'forkopimda', 'lainnya'))
);
CREATE INDEX declaration_witness_by ON declaration_witness (declaration_id, position_no);
