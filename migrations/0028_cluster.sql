-- What several servers sharing one database need to agree on: the public
-- forms' per-address counts, that a form token is answered once whichever
-- server takes it, and which signing key the installation has.

-- A survey form's token answers once whichever server takes it: on
-- PostgreSQL the writer records each batch's nonces here, in the batch's
-- transaction, and a nonce recorded already (by another server too) is a
-- replay. Only the nonces of tokens young enough to be answered are kept
-- (web/public/formguard.c sweeps the others), so the table stays small and
-- the answers table keeps no index on its random nonce. SQLite, which one
-- server uses, leaves it empty: the writer's memory is enough there.
CREATE TABLE survey_nonce (
	nonce TEXT PRIMARY KEY,			-- as in survey_answer.nonce
	used_at BIGINT NOT NULL			-- Unix seconds
);
CREATE INDEX survey_nonce_used ON survey_nonce (used_at);

-- The posts of the public forms from one client address in the current
-- window (web/public/formguard.c), counted in one atomic statement. On
-- PostgreSQL the table is UNLOGGED: a count is worth no disk flush, and
-- losing the counts in a crash only lets an address start again. Rows of
-- addresses that stopped posting are removed by the periodic sweep.
-- @postgresql
CREATE UNLOGGED TABLE form_rate (
	address TEXT PRIMARY KEY,		-- the client address as text
	window_start BIGINT NOT NULL,		-- Unix seconds the window began
	used INTEGER NOT NULL			-- posts counted in that window
);
-- @sqlite
CREATE TABLE form_rate (
	address TEXT PRIMARY KEY,
	window_start BIGINT NOT NULL,
	used INTEGER NOT NULL
);
-- @all
CREATE INDEX form_rate_window ON form_rate (window_start);

-- The public half of the installation's signing key, written once by
-- `p2ham init` or by the first server that starts with a key. A server
-- given another key refuses to start: documents and checkpoints signed
-- with it would not verify against what the public already holds.
CREATE TABLE signing_key (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	public_key TEXT NOT NULL,		-- base64 of the Ed25519 public key
	created_at TEXT NOT NULL		-- ISO-8601 UTC
);
