-- The building stage and the evaluation gate.
--
-- answer: the unit's own answer to an indicator of the cycle's rulebook
-- (an option code of the indicator's scale) and its note; one row per
-- participation and indicator code. Only the unit's layer lives here: the
-- verifier's verdict and the assessor's score are kept elsewhere, by other
-- hands. Every change also appends an answer_history row (what the answer
-- became, who, when) in the same transaction as its audit entry.
--
-- mentoring_note: what the regional office wrote after a mentoring visit.
--
-- evaluation: the one decision of the evaluation gate for a participation
-- (pass or fail) with the document it issued; evaluation_reason: for a
-- failure, the reason given per criterion code.

CREATE TABLE answer (
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	indicator TEXT NOT NULL,		-- indicator code of the rulebook
	option_code TEXT,			-- option of its scale; NULL: a note only
	note TEXT NOT NULL DEFAULT '',
	updated_by BIGINT,			-- users.id
	updated_at TEXT NOT NULL,
	PRIMARY KEY (participation_id, indicator)
);

CREATE TABLE answer_history (
	id @ID@,
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	indicator TEXT NOT NULL,
	option_code TEXT,			-- the answer as it became
	note TEXT NOT NULL DEFAULT '',
	changed_by BIGINT,
	changed_at TEXT NOT NULL
);
CREATE INDEX answer_history_participation ON answer_history (participation_id, indicator);

CREATE TABLE mentoring_note (
	id @ID@,
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	visit_date TEXT NOT NULL,		-- YYYY-MM-DD, the day of the visit
	findings TEXT NOT NULL,
	advice TEXT NOT NULL,
	written_by BIGINT,
	written_at TEXT NOT NULL
);
CREATE INDEX mentoring_note_participation ON mentoring_note (participation_id);

CREATE TABLE evaluation (
	id @ID@,
	participation_id BIGINT NOT NULL UNIQUE REFERENCES participation (id),
	result TEXT NOT NULL CHECK (result IN ('pass', 'fail')),
	decided_by BIGINT,
	decided_at TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	document_id BIGINT,			-- the report or letter issued
	document_serial TEXT
);

CREATE TABLE evaluation_reason (
	evaluation_id BIGINT NOT NULL REFERENCES evaluation (id),
	criterion TEXT NOT NULL,		-- criterion code of the rulebook
	reason TEXT NOT NULL,
	PRIMARY KEY (evaluation_id, criterion)
);
