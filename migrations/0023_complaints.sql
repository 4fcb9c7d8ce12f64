-- Public complaints about a unit's service (pengaduan).
--
-- complaint_category: the categories a complainant chooses from, as data
-- (code, labels in both languages, order on the form); inactive ones stay
-- for the complaints that used them.
--
-- complaint: one complaint about one unit. code is the tracking code the
-- complainant holds (unguessable, short); name, contact and consent are
-- the complainant's optional identity, shown only to those who handle the
-- complaint, and to the regional office and admin alone when
-- hide_identity is set. status: new (the regional office's or admin's
-- turn to triage), in_progress (accepted: the unit's turn), answered,
-- closed, referred (to SP4N-LAPOR!, SIMASHAM or the Ombudsman, with the
-- reason) or rejected (not a complaint, with the reason). The deadlines
-- are instants (UTC text), counted in working days in the unit's zone:
-- triage_due from filing, answer_due and resolve_due from acceptance (or
-- from a reopening). due_at is the deadline of whoever's turn it is, NULL
-- when no one's: a complaint is overdue when due_at < now. year is the
-- year it was filed in the unit's zone, for the assessment's count.
-- nonce is the form token's nonce, unique, so that a token files once.
-- source: web (filed here) or lapor (imported from SP4N-LAPOR!, with its
-- tracking number in external_ref).
--
-- complaint_step: the timeline: filing, triage, the unit's answers (public)
-- and internal notes (handlers only), confirmation, reopening, closing.
--
-- complaint_file: a photo or PDF sent with a complaint, stored like any
-- upload under DATA_DIR/files by its SHA-256; never public.
--
-- holiday: the national holidays and joint leave days the admin keeps per
-- year, skipped by working-day deadlines.

CREATE TABLE complaint_category (
	code TEXT PRIMARY KEY,
	label_id TEXT NOT NULL,
	label_en TEXT NOT NULL,
	position INTEGER NOT NULL,
	active INTEGER NOT NULL DEFAULT 1
);
INSERT INTO complaint_category (code, label_id, label_en, position) VALUES
	('diskriminasi', 'Diskriminasi atau perlakuan tidak adil', 'Discrimination or unfair treatment', 1),
	('pungli', 'Pungutan liar atau suap', 'Illegal fee or bribe', 2),
	('aksesibilitas', 'Aksesibilitas bagi penyandang disabilitas dan kelompok rentan', 'Accessibility for persons with disabilities and vulnerable groups', 3),
	('perilaku', 'Perilaku petugas', 'Staff behaviour', 4),
	('waktu', 'Waktu tunggu atau penyelesaian layanan', 'Waiting or completion time', 5),
	('informasi', 'Informasi layanan yang tidak jelas', 'Unclear service information', 6),
	('lainnya', 'Lainnya', 'Other', 7);

CREATE TABLE complaint (
	id @ID@,
	code TEXT NOT NULL UNIQUE,
	unit_id BIGINT NOT NULL REFERENCES unit (id),
	category TEXT NOT NULL REFERENCES complaint_category (code),
	body TEXT NOT NULL,
	happened_on TEXT,			-- YYYY-MM-DD, or NULL
	place TEXT NOT NULL DEFAULT '',
	name TEXT NOT NULL DEFAULT '',
	contact TEXT NOT NULL DEFAULT '',
	consent INTEGER NOT NULL DEFAULT 0,
	hide_identity INTEGER NOT NULL DEFAULT 0,
	source TEXT NOT NULL CHECK (source IN ('web', 'lapor')),
	external_ref TEXT UNIQUE,		-- SP4N-LAPOR! tracking number
	status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'answered',
	    'closed', 'referred', 'rejected')),
	referred_to TEXT CHECK (referred_to IN ('lapor', 'simasham', 'ombudsman')),
	reason TEXT NOT NULL DEFAULT '',	-- of a referral or a rejection
	filed_at TEXT NOT NULL,
	year INTEGER NOT NULL,
	triage_due TEXT NOT NULL,
	answer_due TEXT,
	resolve_due TEXT,
	due_at TEXT,
	triaged_at TEXT,
	answered_at TEXT,
	closed_at TEXT,
	reopened INTEGER NOT NULL DEFAULT 0,
	nonce TEXT UNIQUE,
	updated_at TEXT NOT NULL
);
CREATE INDEX complaint_unit ON complaint (unit_id, year, status);
CREATE INDEX complaint_due ON complaint (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX complaint_status ON complaint (status, filed_at);

CREATE TABLE complaint_step (
	id @ID@,
	complaint_id BIGINT NOT NULL REFERENCES complaint (id),
	kind TEXT NOT NULL CHECK (kind IN ('filed', 'accepted', 'referred',
	    'rejected', 'answer', 'note', 'confirmed', 'reopened', 'auto_closed',
	    'imported')),
	body TEXT NOT NULL DEFAULT '',
	is_public INTEGER NOT NULL,
	by_user BIGINT REFERENCES users (id),
	at TEXT NOT NULL
);
CREATE INDEX complaint_step_complaint ON complaint_step (complaint_id, id);

CREATE TABLE complaint_file (
	id @ID@,
	complaint_id BIGINT NOT NULL REFERENCES complaint (id),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	name TEXT NOT NULL,
	mime TEXT NOT NULL,
	size BIGINT NOT NULL CHECK (size > 0),
	uploaded_at TEXT NOT NULL
);
CREATE INDEX complaint_file_complaint ON complaint_file (complaint_id);
CREATE INDEX complaint_file_sha ON complaint_file (sha256);

CREATE TABLE holiday (
	day TEXT PRIMARY KEY,			-- YYYY-MM-DD
	name TEXT NOT NULL,
	created_by BIGINT REFERENCES users (id),
	created_at TEXT NOT NULL
);
