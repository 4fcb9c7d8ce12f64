-- The file store in the database: with --files postgresql every content
-- (uploaded files, generated documents) is kept once by its SHA-256 in
-- file_blob, its bytes cut in pieces of 256 KiB in file_chunk, so that
-- every server on the database reads the same files. A blob row is
-- written in the same transaction as all its chunks: a row there is a
-- whole content. The directory store (--files dir, the only one with
-- SQLite) leaves these tables empty; they exist on both databases so that
-- every statement prepares on both. See docs/files.md.

CREATE TABLE file_blob (
	sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),	-- lowercase hex
	size BIGINT NOT NULL CHECK (size >= 0),
	stored_at TEXT NOT NULL		-- last stored or stored again, ISO-8601 UTC
);
-- Pieces 0, 1, ... of a content, each 256 KiB but the last.
CREATE TABLE file_chunk (
	sha256 TEXT NOT NULL REFERENCES file_blob (sha256) ON DELETE CASCADE,
	n INTEGER NOT NULL CHECK (n >= 0),
	bytes @BLOB@ NOT NULL,
	PRIMARY KEY (sha256, n)
);
-- The sweep of contents no row holds asks which documents hold a content.
CREATE INDEX document_sha256 ON document (sha256);
-- @postgresql
-- The pieces are compressed images and PDFs already: stored as they are.
ALTER TABLE file_chunk ALTER COLUMN bytes SET STORAGE EXTERNAL;
-- @all
