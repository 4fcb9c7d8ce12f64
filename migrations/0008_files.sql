-- Uploaded files. The bytes live once per content under
-- DATA_DIR/files/ab/cd/<sha256>; a row says which participation a file
-- belongs to, what for, under what name, and who sent it when. A file that
-- is replaced or removed keeps its row (removed_at set): the history stays,
-- and so do the bytes.

CREATE TABLE file (
	id @ID@,
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),	-- lowercase hex of the content
	name TEXT NOT NULL,			-- the original name, path stripped, UTF-8
	mime TEXT NOT NULL,			-- type found by content
	size BIGINT NOT NULL CHECK (size > 0),
	participation_id BIGINT NOT NULL REFERENCES participation (id),
	purpose TEXT NOT NULL CHECK (purpose IN ('evidence', 'statement', 'photo')),
	indicator TEXT,				-- the rulebook's indicator code, or NULL
	uploaded_by BIGINT REFERENCES users (id),
	uploaded_at TEXT NOT NULL,
	replaces_id BIGINT REFERENCES file (id),	-- the file this one replaced
	removed_at TEXT,			-- NULL while live
	removed_by BIGINT REFERENCES users (id)
);
-- The live files of a participation, by purpose and indicator.
CREATE INDEX file_live ON file (participation_id, purpose, indicator)
	WHERE removed_at IS NULL;
CREATE INDEX file_replaces ON file (replaces_id) WHERE replaces_id IS NOT NULL;
