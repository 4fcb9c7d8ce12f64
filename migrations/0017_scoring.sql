-- The assessment's scoring and the plenary (penilaian, after verification).
--
-- score_sheet: one assessor's sheet for one participation; submitted_at is
-- set once when the assessor submits, which locks the sheet's scores.
-- score: the assessor's current choice per indicator (an option code of the
-- indicator's scale) with the written justification; score_history keeps
-- every change, in the same transaction as its audit entry.
--
-- assessment_adjustment: what the programme admin entered about the unit
-- for the rulebook's adjustments (integrity-zone status, Ombudsman
-- findings); every entry is a new row and the newest one counts.
--
-- plenary: one plenary session of a cycle (date, place), open until it is
-- closed, which issues the minutes (document kind plenary_minutes, "BAP",
-- which 0016 admits)
-- and locks the scores of every participation it decided on.
-- plenary_attendee: who attended, with their role. plenary_score: a final
-- value the plenary set for a disputed indicator with its reason; every
-- setting is a new row and the newest one counts. recommendation: the
-- plenary's decision on a participation, one per participation.

CREATE TABLE score_sheet (
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	assessor_id BIGINT NOT NULL REFERENCES users (id),
	started_at TEXT NOT NULL,
	submitted_at TEXT,			-- NULL while a draft
	PRIMARY KEY (participation_id, assessor_id)
);

CREATE TABLE score (
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	assessor_id BIGINT NOT NULL REFERENCES users (id),
	indicator TEXT NOT NULL,		-- indicator code of the rulebook
	option_code TEXT,			-- option of its scale; NULL: none yet
	justification TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL,
	PRIMARY KEY (participation_id, assessor_id, indicator)
);

CREATE TABLE score_history (
	id @ID@,
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	assessor_id BIGINT NOT NULL REFERENCES users (id),
	indicator TEXT NOT NULL,
	option_code TEXT,			-- the score as it became
	justification TEXT NOT NULL DEFAULT '',
	changed_at TEXT NOT NULL
);
CREATE INDEX score_history_participation ON score_history (participation_id, assessor_id);

CREATE TABLE assessment_adjustment (
	id @ID@,
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	integrity_zone TEXT NOT NULL CHECK (integrity_zone IN ('none', 'wbk', 'wbbm')),
	ombudsman_findings INTEGER NOT NULL CHECK (ombudsman_findings >= 0),
	set_by BIGINT REFERENCES users (id),
	set_at TEXT NOT NULL
);
CREATE INDEX assessment_adjustment_participation
    ON assessment_adjustment (participation_id, id);

CREATE TABLE plenary (
	id @ID@,
	cycle_id BIGINT NOT NULL REFERENCES cycle (id),
	held_on TEXT NOT NULL,			-- YYYY-MM-DD
	place TEXT NOT NULL,
	opened_by BIGINT REFERENCES users (id),
	opened_at TEXT NOT NULL,
	closed_by BIGINT REFERENCES users (id),
	closed_at TEXT,				-- NULL while open
	document_id BIGINT,			-- the minutes, once closed
	document_serial TEXT
);
CREATE INDEX plenary_cycle ON plenary (cycle_id, id);

CREATE TABLE plenary_attendee (
	id @ID@,
	plenary_id BIGINT NOT NULL REFERENCES plenary (id),
	name TEXT NOT NULL,
	role TEXT NOT NULL
);
CREATE INDEX plenary_attendee_plenary ON plenary_attendee (plenary_id, id);

CREATE TABLE plenary_score (
	id @ID@,
	plenary_id BIGINT NOT NULL REFERENCES plenary (id),
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	indicator TEXT NOT NULL,
	option_code TEXT NOT NULL,		-- option of the indicator's scale
	reason TEXT NOT NULL,
	set_by BIGINT REFERENCES users (id),
	set_at TEXT NOT NULL
);
CREATE INDEX plenary_score_participation ON plenary_score (participation_id, indicator, id);

CREATE TABLE recommendation (
	participation_id BIGINT NOT NULL PRIMARY KEY REFERENCES participation (id),
	plenary_id BIGINT NOT NULL REFERENCES plenary (id),
	recommended INTEGER NOT NULL CHECK (recommended IN (0, 1)),
	reason TEXT NOT NULL,
	decided_by BIGINT REFERENCES users (id),
	decided_at TEXT NOT NULL
);
CREATE INDEX recommendation_plenary ON recommendation (plenary_id);

-- The board's disagreement margin is the setting
-- assessors.disagreement_margin (a value difference, 0 to 1), 0.25 while it
-- is not set.
