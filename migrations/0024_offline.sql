-- Site visits recorded without a signal: what a verifier's device recorded
-- offline and sent once back online. Each item the device sends carries an
-- identifier the device made; offline_item keeps the ones applied, so that
-- a send repeated after a lost answer applies nothing twice. The verdicts
-- and visits an item made are ordinary rows of verdict and site_visit
-- (0016) or supervision_visit (0020) that also say when the device recorded them; when they were
-- received is their given_at / recorded_at, as for online work.

CREATE TABLE offline_item (
	user_id BIGINT NOT NULL REFERENCES users (id),
	client_id TEXT NOT NULL,		-- made by the device, unique per user
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	kind TEXT NOT NULL CHECK (kind IN ('verdict', 'visit',
	    'supervision_visit')),
	indicator TEXT,				-- a verdict's indicator
	recorded_at TEXT NOT NULL,		-- on the device, ISO-8601 UTC
	received_at TEXT NOT NULL,
	PRIMARY KEY (user_id, client_id)
);
CREATE INDEX offline_item_participation ON offline_item (participation_id);

ALTER TABLE verdict ADD COLUMN recorded_offline_at TEXT;
ALTER TABLE site_visit ADD COLUMN recorded_offline_at TEXT;
ALTER TABLE supervision_visit ADD COLUMN recorded_offline_at TEXT;
