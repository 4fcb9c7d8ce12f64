-- Rulebooks: one regulation as data (docs/rulebook.md), stored once per code
-- and version as its canonical JSON with that text's SHA-256. A rulebook never
-- changes and is never removed, whether or not a cycle uses it yet: a change
-- is a new version. The program has no statement that updates or deletes a
-- row, and the triggers below refuse it from anyone else.

CREATE TABLE rulebook (
	id @ID@,
	code TEXT NOT NULL,		-- e.g. "p2ham-2022"
	version INTEGER NOT NULL,	-- 1, 2, ... within the code
	title_id TEXT NOT NULL,		-- the title in Bahasa Indonesia (from body)
	title_en TEXT NOT NULL,		-- the title in English (from body)
	legal_basis TEXT NOT NULL,	-- the regulation as cited, "Permenkumham 2/2022"
	legal_date TEXT NOT NULL,	-- its date: YYYY, YYYY-MM or YYYY-MM-DD
	body TEXT NOT NULL,		-- canonical JSON (sorted keys, compact)
	sha256 TEXT NOT NULL,		-- lowercase hex SHA-256 of body
	imported_at TEXT NOT NULL,	-- ISO-8601 UTC
	imported_by TEXT NOT NULL,	-- who imported it: "cli" or a user's email
	UNIQUE (code, version)
);

-- @sqlite
CREATE TRIGGER rulebook_no_update BEFORE UPDATE OF code, version, title_id, title_en,
	legal_basis, legal_date, body, sha256, imported_at, imported_by ON rulebook
BEGIN
	SELECT RAISE(ABORT, 'rulebook is immutable: import a new version instead');
END;
CREATE TRIGGER rulebook_no_delete BEFORE DELETE ON rulebook
BEGIN
	SELECT RAISE(ABORT, 'rulebook is immutable: it cannot be deleted');
END;
-- @postgresql
CREATE FUNCTION rulebook_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'rulebook is immutable: import a new version instead';
END
$$;
CREATE TRIGGER rulebook_no_update BEFORE UPDATE OF code, version, title_id, title_en,
	legal_basis, legal_date, body, sha256, imported_at, imported_by ON rulebook
	FOR EACH ROW EXECUTE FUNCTION rulebook_refuse_change();
CREATE TRIGGER rulebook_no_delete BEFORE DELETE ON rulebook
	FOR EACH ROW EXECUTE FUNCTION rulebook_refuse_change();
CREATE TRIGGER rulebook_no_truncate BEFORE TRUNCATE ON rulebook
	FOR EACH STATEMENT EXECUTE FUNCTION rulebook_refuse_change();
-- @all
