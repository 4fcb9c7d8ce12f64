-- Notifications: what the programme tells a person (in the application and
-- by e-mail), the e-mail outbox with each delivery attempt, each person's
-- choices, and the claims that let one server run the day's deadline job.
-- Times are ISO-8601 UTC text.

-- One notification to one person: a kind of the trigger table
-- (core/notify.c), the object it is about with the link to its page, and
-- the words it is shown with (unit, cycle, stage, deadline) as JSON, so
-- that it reads in whatever language the reader uses. dedup, when set,
-- makes it once per person (a deadline approaching is told once).
CREATE TABLE notification (
	id @ID@,
	user_id BIGINT NOT NULL REFERENCES users (id),
	kind TEXT NOT NULL,
	participation_id BIGINT REFERENCES participation (id),
	href TEXT NOT NULL,			-- the object's page on this site
	params TEXT NOT NULL,			-- JSON object: the words of its message
	created_at TEXT NOT NULL,
	read_at TEXT,				-- NULL while unread
	dedup TEXT,
	UNIQUE (user_id, dedup)
);
CREATE INDEX notification_user ON notification (user_id, id);
-- The header's count of unread notifications reads this index only.
CREATE INDEX notification_unread ON notification (user_id) WHERE read_at IS NULL;

-- The kinds a person turned off for e-mail (every kind is on until then),
-- and the language their e-mail is written in.
CREATE TABLE notify_mail_off (
	user_id BIGINT NOT NULL REFERENCES users (id),
	kind TEXT NOT NULL,
	PRIMARY KEY (user_id, kind)
);
CREATE TABLE notify_setting (
	user_id BIGINT PRIMARY KEY REFERENCES users (id),
	lang TEXT NOT NULL CHECK (lang IN ('id', 'en')),
	updated_at TEXT NOT NULL
);

-- The outbox: one message to one address, written in the transaction of the
-- event, delivered by a sender thread. status: queued (waiting for
-- next_at), sending (claimed by a sender; claimed_at says since when), sent,
-- failed (given up: a permanent refusal or too many attempts), unknown (a
-- sender handed the whole message over and then lost the server's answer,
-- or stopped while sending: it may have arrived, and it is never sent
-- again by itself).
CREATE TABLE mail_outbox (
	id @ID@,
	notification_id BIGINT REFERENCES notification (id),
	user_id BIGINT NOT NULL REFERENCES users (id),
	to_addr TEXT NOT NULL,
	subject TEXT NOT NULL,
	body_text TEXT NOT NULL,
	body_html TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'unknown')),
	attempts INTEGER NOT NULL DEFAULT 0,
	next_at TEXT NOT NULL,
	claimed_by TEXT,			-- the sender (server instance) holding it
	claimed_at TEXT,
	sent_at TEXT,
	last_error TEXT,
	created_at TEXT NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_at) WHERE status = 'queued';
CREATE INDEX mail_outbox_sending ON mail_outbox (claimed_at) WHERE status = 'sending';

-- Each delivery attempt: when, by which sender, and how it ended (sent,
-- retry, failed, unknown) with the server's answer or the error.
CREATE TABLE mail_attempt (
	id @ID@,
	outbox_id BIGINT NOT NULL REFERENCES mail_outbox (id),
	at TEXT NOT NULL,
	sender TEXT NOT NULL,
	outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed', 'unknown')),
	detail TEXT NOT NULL
);
CREATE INDEX mail_attempt_outbox ON mail_attempt (outbox_id, id);

-- A daily job's run for one local day in one time zone: the first server
-- to insert the row runs it, every other one sees it taken.
CREATE TABLE notify_run (
	job TEXT NOT NULL,
	day TEXT NOT NULL,			-- YYYY-MM-DD in zone
	zone TEXT NOT NULL,			-- WIB, WITA, WIT
	claimed_by TEXT NOT NULL,
	claimed_at TEXT NOT NULL,
	finished_at TEXT,
	PRIMARY KEY (job, day, zone)
);
