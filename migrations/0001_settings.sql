-- Site-wide settings edited by administrators: one value per key.
-- Times are ISO-8601 UTC text, e.g. 2026-11-29T18:00:00Z.
CREATE TABLE setting (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
