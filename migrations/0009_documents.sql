-- Generated documents: each PDF the system issues, with its serial, the
-- SHA-256 of its bytes and the installation's signature over them, so that
-- /verifikasi/{serial} can tell anyone whether a document is genuine.
-- The file itself is DATA_DIR/documents/<serial>.pdf. See docs/documents.md.

CREATE TABLE document (
	id @ID@,
	serial TEXT NOT NULL UNIQUE,		-- "PCN-2026-000001"
	kind TEXT NOT NULL CHECK (kind IN ('declaration_statement',
	    'evaluation_report', 'evaluation_letter')),
	year INTEGER NOT NULL,			-- of the serial
	seq INTEGER NOT NULL CHECK (seq > 0),	-- of the serial, per kind and year
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	unit_id BIGINT NOT NULL REFERENCES unit (id),
	unit_name TEXT NOT NULL,		-- as printed
	title TEXT NOT NULL,			-- as printed
	issuer TEXT NOT NULL,			-- the letterhead's name lines, as printed
	sha256 TEXT NOT NULL,			-- of the PDF bytes, lowercase hex
	signature TEXT NOT NULL,		-- base64 Ed25519 of the signed message
	issued_at TEXT NOT NULL,		-- instant, ISO-8601 UTC
	issued_by BIGINT,			-- users.id, NULL for the system
	withdrawn_at TEXT,			-- NULL while it stands
	withdrawn_by BIGINT,
	withdrawn_reason TEXT,
	UNIQUE (kind, year, seq),
	CHECK ((withdrawn_at IS NULL) = (withdrawn_reason IS NULL))
);
CREATE INDEX document_participation ON document (participation_id, id);

-- The last serial number given per kind and year. Taking the next one
-- updates this row inside the issuing transaction, so concurrent issuers
-- queue on it and a rolled-back issue gives its number back: no gaps.
CREATE TABLE document_serial (
	kind TEXT NOT NULL,
	year INTEGER NOT NULL,
	last_seq INTEGER NOT NULL,
	PRIMARY KEY (kind, year)
);

-- The letterhead printed on every document. Administrators change these
-- rows (docs/documents.md); new documents use the new text, documents
-- already issued keep what they printed.
INSERT INTO setting (key, value, updated_at) VALUES
	('letterhead.line1', 'KEMENTERIAN HAK ASASI MANUSIA REPUBLIK INDONESIA',
	    '2026-01-01T00:00:00Z'),
	('letterhead.line2', 'DIREKTORAT JENDERAL PELAYANAN DAN KEPATUHAN HAM',
	    '2026-01-01T00:00:00Z'),
	('letterhead.address', 'Jalan H.R. Rasuna Said Kaveling 6-7, Kuningan, '
	    || 'Jakarta Selatan 12940 · Telepon (021) 5253004',
	    '2026-01-01T00:00:00Z')
	ON CONFLICT (key) DO NOTHING;
