-- Which rows hold a stored content: what the start-up sweep of contents
-- no row points at (left by a request that rolled back) asks per file.
CREATE INDEX file_sha256 ON file (sha256);
