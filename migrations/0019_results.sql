-- Published results (/hasil): frozen, signed snapshots of a cycle's results.
--
-- result_version: one published version of one cycle's results. snapshot
-- is the canonical JSON of every unit the cycle's issued decrees decided on
-- (province, unit type, total, criterion scores, knock-outs, adjustments,
-- predicate or none, revoked or not, and the computation in words), as it
-- stood when published; sha256 is the hex SHA-256 of its UTF-8 bytes and
-- signature the installation's Ed25519 signature (base64) of those same
-- bytes, with the public key (hex) that made it; csv is the same
-- snapshot as a table, kept byte for byte as downloaded, with its own
-- hash and signature. A version never changes
-- (the triggers below refuse it): a correction is the next version, which
-- says what it corrects; version 1 corrects nothing.

CREATE TABLE result_version (
	id @ID@,
	cycle_id BIGINT NOT NULL REFERENCES cycle (id),
	version INTEGER NOT NULL CHECK (version > 0),
	corrects TEXT,				-- what this version corrects
	snapshot TEXT NOT NULL,			-- canonical JSON
	sha256 TEXT NOT NULL,			-- hex, of snapshot
	signature TEXT NOT NULL,		-- Ed25519 (base64) of snapshot
	public_key TEXT NOT NULL,		-- hex, the key that signed
	csv TEXT NOT NULL,			-- the snapshot as CSV, as downloaded
	csv_sha256 TEXT NOT NULL,		-- hex, of csv
	csv_signature TEXT NOT NULL,		-- Ed25519 (base64) of csv
	unit_count INTEGER NOT NULL,
	published_by BIGINT REFERENCES users (id),
	published_at TEXT NOT NULL,
	UNIQUE (cycle_id, version),
	CHECK ((version = 1) = (corrects IS NULL))
);

-- @sqlite
CREATE TRIGGER result_version_no_update BEFORE UPDATE ON result_version
BEGIN
	SELECT RAISE(ABORT, 'result_version is append-only');
END;
CREATE TRIGGER result_version_no_delete BEFORE DELETE ON result_version
BEGIN
	SELECT RAISE(ABORT, 'result_version is append-only');
END;
-- @postgresql
CREATE TRIGGER result_version_append_only BEFORE UPDATE OR DELETE ON result_version
	FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
-- @all
