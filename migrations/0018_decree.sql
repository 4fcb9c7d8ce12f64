-- The Minister's decree (penetapan) and the awards it gives.
--
-- decree: one decree of a cycle, drafted by the programme admin from the
-- plenary's recommendations and locked when issued. Its number is cited
-- as the ministry numbers it ("MHA-04.UM.04.01 Tahun 2024"), unique among
-- issued decrees. A correction is a new decree that names the one it amends
-- (amends_id) and why; the amended one stays as it was. The signed paper
-- copy, once uploaded, is a stored content (files store, by SHA-256) held
-- by the decree's own row.
--
-- decree_entry: the annex, one row per participation the decree decides on,
-- with the predicate it gives (a predicate code of the cycle's rulebook;
-- NULL when not awarded) and the total as the plenary fixed it. Copied at
-- drafting, frozen at issue.
--
-- award: the predicate a participation holds, from the decree that gave it,
-- with the award date printed on the certificate and the certificate
-- itself (a document of kind certificate). revoked_at is set while the
-- award stands revoked; award_event keeps every revocation and
-- reinstatement with its reason, supporting file and who decided.

CREATE TABLE decree (
	id @ID@,
	cycle_id BIGINT NOT NULL REFERENCES cycle (id),
	number TEXT NOT NULL,			-- as cited
	decreed_on TEXT NOT NULL,		-- YYYY-MM-DD
	place TEXT NOT NULL,
	signer_name TEXT NOT NULL,
	signer_title TEXT NOT NULL,
	considerations TEXT NOT NULL,		-- the "menimbang" text, paragraphs
	award_date TEXT NOT NULL,		-- YYYY-MM-DD on the certificates
	amends_id BIGINT REFERENCES decree (id),
	amend_reason TEXT,
	status TEXT NOT NULL CHECK (status IN ('draft', 'issued')),
	created_by BIGINT REFERENCES users (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	issued_by BIGINT REFERENCES users (id),
	issued_at TEXT,				-- NULL while a draft
	document_id BIGINT,			-- the decree's PDF, once issued
	document_serial TEXT,
	paper_sha256 TEXT,			-- the signed paper copy, if uploaded
	paper_name TEXT,
	paper_mime TEXT,
	paper_size BIGINT,
	paper_by BIGINT REFERENCES users (id),
	paper_at TEXT,
	CHECK ((status = 'issued') = (issued_at IS NOT NULL)),
	CHECK ((amends_id IS NULL) = (amend_reason IS NULL))
);
CREATE INDEX decree_cycle ON decree (cycle_id, id);
CREATE UNIQUE INDEX decree_number_issued ON decree (number) WHERE status = 'issued';
CREATE INDEX decree_paper ON decree (paper_sha256) WHERE paper_sha256 IS NOT NULL;

CREATE TABLE decree_entry (
	decree_id BIGINT NOT NULL REFERENCES decree (id),
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	awarded INTEGER NOT NULL CHECK (awarded IN (0, 1)),
	predicate TEXT,				-- rulebook predicate code; NULL: none
	total TEXT NOT NULL,			-- as the plenary fixed it, "87.50"
	PRIMARY KEY (decree_id, participation_id),
	CHECK ((awarded = 1) = (predicate IS NOT NULL))
);
CREATE INDEX decree_entry_participation ON decree_entry (participation_id);

CREATE TABLE award (
	participation_id BIGINT NOT NULL PRIMARY KEY REFERENCES participation (id),
	decree_id BIGINT NOT NULL REFERENCES decree (id),
	predicate TEXT NOT NULL,
	award_date TEXT NOT NULL,		-- YYYY-MM-DD
	certificate_id BIGINT,			-- document of kind certificate
	certificate_serial TEXT,
	revoked_at TEXT,			-- NULL while it stands
	created_at TEXT NOT NULL
);
CREATE INDEX award_decree ON award (decree_id);

CREATE TABLE award_event (
	id @ID@,
	participation_id BIGINT NOT NULL REFERENCES award (participation_id),
	kind TEXT NOT NULL CHECK (kind IN ('revoke', 'reinstate')),
	reason TEXT NOT NULL,
	file_id BIGINT REFERENCES file (id),	-- the supporting document
	decided_by BIGINT REFERENCES users (id),
	decided_at TEXT NOT NULL
);
CREATE INDEX award_event_participation ON award_event (participation_id, id);

-- Documents of the decree: the decree with its annex (kind decree, "KEP"),
-- which belongs to a cycle rather than to one participation, and each
-- unit's certificate (kind certificate, "PGM"). participation_id and
-- unit_id may now be NULL (a cycle's document); cycle_id says whose it is.
-- SQLite cannot change a column in place: the table is rebuilt (nothing
-- refers to it by a foreign key).
-- @sqlite
CREATE TABLE document_new (
	id INTEGER PRIMARY KEY,
	serial TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL CHECK (kind IN ('declaration_statement',
	    'evaluation_report', 'evaluation_letter', 'verification_report',
	    'plenary_minutes', 'decree', 'certificate')),
	year INTEGER NOT NULL,
	seq INTEGER NOT NULL CHECK (seq > 0),
	participation_id BIGINT REFERENCES participation (id),
	unit_id BIGINT REFERENCES unit (id),
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
	cycle_id BIGINT REFERENCES cycle (id),
	UNIQUE (kind, year, seq),
	CHECK ((withdrawn_at IS NULL) = (withdrawn_reason IS NULL)),
	CHECK (participation_id IS NOT NULL OR cycle_id IS NOT NULL)
);
INSERT INTO document_new SELECT d.id, d.serial, d.kind, d.year, d.seq,
	d.participation_id, d.unit_id, d.unit_name, d.title, d.issuer, d.sha256,
	d.signature, d.issued_at, d.issued_by, d.withdrawn_at, d.withdrawn_by,
	d.withdrawn_reason, p.cycle_id
	FROM document d JOIN participation p ON p.id = d.participation_id;
DROP TABLE document;
ALTER TABLE document_new RENAME TO document;
CREATE INDEX document_participation ON document (participation_id, id);
CREATE INDEX document_cycle ON document (cycle_id, id);
-- @postgresql
ALTER TABLE document DROP CONSTRAINT document_kind_check;
ALTER TABLE document ADD CONSTRAINT document_kind_check CHECK (kind IN
	('declaration_statement', 'evaluation_report', 'evaluation_letter',
	'verification_report', 'plenary_minutes', 'decree', 'certificate'));
ALTER TABLE document ALTER COLUMN participation_id DROP NOT NULL;
ALTER TABLE document ALTER COLUMN unit_id DROP NOT NULL;
ALTER TABLE document ADD COLUMN cycle_id BIGINT REFERENCES cycle (id);
UPDATE document SET cycle_id = (SELECT p.cycle_id FROM participation p
	WHERE p.id = document.participation_id);
ALTER TABLE document ADD CONSTRAINT document_owner_check
	CHECK (participation_id IS NOT NULL OR cycle_id IS NOT NULL);
CREATE INDEX document_cycle ON document (cycle_id, id);
-- @all

-- The certificates' award date when a decree does not set its own: a
-- month-day, the tenth of December (Human Rights Day) of the cycle's year.
INSERT INTO setting (key, value, updated_at) VALUES
	('decree.award_day', '12-10', '2026-01-01T00:00:00Z')
	ON CONFLICT (key) DO NOTHING;
