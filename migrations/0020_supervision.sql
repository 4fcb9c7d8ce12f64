-- Guidance and supervision (pembinaan dan pengawasan) of awarded units.
--
-- supervision_visit: a visit of the regional office to a unit under
-- supervision: the day, the officers who went and what they saw.
--
-- supervision_finding: what a visit found, with its severity.
--
-- supervision_action: a follow-up a finding asks of the unit, with who at
-- the unit owns it and its due date. due_at is the last instant of the due
-- date in the unit's time zone (UTC text), so that an action is overdue
-- when due_at < now and it is not closed. status: open (the unit's turn),
-- answered (the regional office's turn), closed.
--
-- supervision_step: the history of an action: the unit's answers, the
-- regional office's closing or sending back, each with its text.
--
-- supervision_step_file: the evidence of an answer: files of the
-- participation of purpose evidence with no indicator.
--
-- The supporting document of a revocation or reinstatement is a file of the
-- same kind, held by award_event.file_id (0018).

CREATE TABLE supervision_visit (
	id @ID@,
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	visit_date TEXT NOT NULL,		-- YYYY-MM-DD
	officers TEXT NOT NULL,
	summary TEXT NOT NULL,
	recorded_by BIGINT REFERENCES users (id),
	recorded_at TEXT NOT NULL
);
CREATE INDEX supervision_visit_participation ON supervision_visit (participation_id, id);

CREATE TABLE supervision_finding (
	id @ID@,
	visit_id BIGINT NOT NULL REFERENCES supervision_visit (id),
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
	description TEXT NOT NULL,
	recorded_by BIGINT REFERENCES users (id),
	recorded_at TEXT NOT NULL
);
CREATE INDEX supervision_finding_participation ON supervision_finding (participation_id, id);

CREATE TABLE supervision_action (
	id @ID@,
	finding_id BIGINT NOT NULL REFERENCES supervision_finding (id),
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	description TEXT NOT NULL,
	owner TEXT NOT NULL,			-- who at the unit answers for it
	due_date TEXT NOT NULL,			-- YYYY-MM-DD in the unit's zone
	due_at TEXT NOT NULL,			-- its last instant, UTC
	status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
	created_by BIGINT REFERENCES users (id),
	created_at TEXT NOT NULL,
	closed_by BIGINT REFERENCES users (id),
	closed_at TEXT,
	CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX supervision_action_participation ON supervision_action (participation_id, id);
CREATE INDEX supervision_action_due ON supervision_action (due_at) WHERE status <> 'closed';

CREATE TABLE supervision_step (
	id @ID@,
	action_id BIGINT NOT NULL REFERENCES supervision_action (id),
	kind TEXT NOT NULL CHECK (kind IN ('answer', 'close', 'send_back')),
	body TEXT NOT NULL,
	by_user BIGINT REFERENCES users (id),
	at TEXT NOT NULL
);
CREATE INDEX supervision_step_action ON supervision_step (action_id, id);

CREATE TABLE supervision_step_file (
	step_id BIGINT NOT NULL REFERENCES supervision_step (id),
	file_id BIGINT NOT NULL REFERENCES file (id),
	PRIMARY KEY (step_id, file_id)
);
