-- The first half of the assessment stage (penilaian): who is assigned to
-- verify and assess a participation, the verifier's verdicts per indicator,
-- the revision rounds that send flagged indicators back to the unit, site
-- visits with their photos, and the closing of verification with its
-- report. The unit's answers and evidence stay in answer and file (building
-- carried over); the verdicts are a layer of their own, and the assessors'
-- scores another (0017). Nothing here is updated away: verdicts are
-- appended, an assignment that ends keeps its row with who ended it, when
-- and why.

-- An assignment of a verifier or assessor to a participation. Its grant
-- (role_grant: role, scope participation) is given in the same transaction
-- and taken when the assignment ends (replaced, or recused by the assessor).
CREATE TABLE assignment (
	id @ID@,
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	user_id BIGINT NOT NULL REFERENCES users (id),
	role TEXT NOT NULL CHECK (role IN ('verifier', 'assessor')),
	due_date TEXT NOT NULL,			-- YYYY-MM-DD, in the unit's zone
	assigned_by BIGINT,			-- users.id, NULL from the command line
	assigned_at TEXT NOT NULL,
	-- The assessor's answer: no conflict of interest (with the statement
	-- as shown) or recusal (with its reason). NULL: not answered yet.
	answer TEXT CHECK (answer IN ('no_conflict', 'recused')),
	answer_statement TEXT,
	answer_reason TEXT,
	answered_at TEXT,
	-- How it ended: replaced by the admin, or recused. NULL while active.
	ended_at TEXT,
	ended_by BIGINT,
	end_kind TEXT CHECK (end_kind IN ('replaced', 'recused')),
	end_reason TEXT,
	replaced_by BIGINT REFERENCES assignment (id),
	CHECK ((ended_at IS NULL) = (end_kind IS NULL))
);
CREATE INDEX assignment_participation ON assignment (participation_id, role);
CREATE INDEX assignment_user ON assignment (user_id);

-- A revision round: the verifier sends the flagged indicators back to the
-- unit, numbered from 1 per participation, with a deadline (the end of
-- deadline_date in the unit's zone, kept as deadline_at).
CREATE TABLE verification_round (
	id @ID@,
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	number INTEGER NOT NULL CHECK (number > 0),
	deadline_date TEXT NOT NULL,		-- YYYY-MM-DD, the unit's zone
	deadline_at TEXT NOT NULL,		-- its last instant, ISO-8601 UTC
	note TEXT NOT NULL DEFAULT '',
	opened_by BIGINT,
	opened_at TEXT NOT NULL,
	resubmitted_by BIGINT,			-- the unit head's resubmission
	resubmitted_at TEXT,
	UNIQUE (participation_id, number)
);

-- The indicators a round sent back, with the verifier's note (what is
-- missing) as it stood when the round opened.
CREATE TABLE verification_round_item (
	round_id BIGINT NOT NULL REFERENCES verification_round (id),
	indicator TEXT NOT NULL,
	note TEXT NOT NULL,
	PRIMARY KEY (round_id, indicator)
);

-- The verifier's verdicts, appended: the latest per indicator counts.
-- round is the number of revision rounds opened before it (0: the first
-- look).
CREATE TABLE verdict (
	id @ID@,
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	indicator TEXT NOT NULL,
	round INTEGER NOT NULL CHECK (round >= 0),
	verdict TEXT NOT NULL CHECK (verdict IN ('verified', 'needs_revision',
	    'not_met')),
	note TEXT NOT NULL DEFAULT '',
	given_by BIGINT,
	given_at TEXT NOT NULL,
	CHECK (verdict = 'verified' OR note <> '')
);
CREATE INDEX verdict_participation ON verdict (participation_id, indicator, id);

-- A visit of the verifier to the unit.
CREATE TABLE site_visit (
	id @ID@,
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	visit_date TEXT NOT NULL,		-- YYYY-MM-DD
	present TEXT NOT NULL,			-- who was present
	findings TEXT NOT NULL,
	recorded_by BIGINT,
	recorded_at TEXT NOT NULL
);
CREATE INDEX site_visit_participation ON site_visit (participation_id);

-- The photos of a visit: files (purpose photo) of the participation.
CREATE TABLE site_visit_file (
	site_visit_id BIGINT NOT NULL REFERENCES site_visit (id),
	file_id BIGINT NOT NULL REFERENCES file (id),
	PRIMARY KEY (site_visit_id, file_id)
);

-- The closing of verification, with the report it issued.
CREATE TABLE verification_close (
	participation_id BIGINT NOT NULL PRIMARY KEY REFERENCES participation (id),
	closed_by BIGINT,
	closed_at TEXT NOT NULL,
	document_id BIGINT,
	document_serial TEXT
);

-- Documents of the assessment stage: the verification report (BAV) and the
-- plenary's minutes (BAP). SQLite cannot change a CHECK in place: the table
-- is rebuilt (nothing refers to it by a foreign key).
-- @sqlite
CREATE TABLE document_new (
	id INTEGER PRIMARY KEY,
	serial TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('declaration_statement',
	    'evaluation_report', 'evaluation_letter', 'verification_report',
	    'plenary_minutes')),
	year INTEGER NOT NULL,
	seq INTEGER NOT NULL CHECK (seq > 0),
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	unit_id BIGINT NOT NULL REFERENCES unit (id),
	unit_name TEXT NOT NULL,
	title TEXT NOT NULL,
	issuer TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	signature TEXT NOT NULL,
	issued_at TEXT NOT NULL,
	issued_by BIGINT,
	withdrawn_at TEXT,
	withdrawn_by BIGINT,
	withdrawn_reason TEXT,
	UNIQUE (kind, year, seq),
	CHECK ((withdrawn_at IS NULL) = (withdrawn_reason IS NULL))
);
INSERT INTO document_new SELECT id, serial, kind, year, seq, participation_id,
	unit_id, unit_name, title, issuer, sha256, signature, issued_at, issued_by,
	withdrawn_at, withdrawn_by, withdrawn_reason FROM document;
DROP TABLE document;
ALTER TABLE document_new RENAME TO document;
CREATE INDEX document_participation ON document (participation_id, id);
-- @postgresql
ALTER TABLE document DROP CONSTRAINT document_kind_check;
ALTER TABLE document ADD CONSTRAINT document_kind_check CHECK (kind IN
	('declaration_statement', 'evaluation_report', 'evaluation_letter',
	'verification_report', 'plenary_minutes'));
-- @all
