-- The audit log: who did what to which object when, one row per write,
-- each chained to the one before by its hash (src/core/audit.h describes the
-- encoding), and the signed checkpoints of the chain's head that are
-- published on /transparansi. Both tables are append-only: the program has
-- no statement that changes or removes a row, and the triggers below refuse
-- UPDATE and DELETE from anyone else, so that tampering needs a deliberate
-- schema change first (which `p2ham audit verify` then detects anyway).

CREATE TABLE audit_log (
	seq BIGINT PRIMARY KEY,		-- 1, 2, 3, ... without gaps, assigned by the program
	at TEXT NOT NULL,		-- ISO-8601 UTC time of writing
	actor_id BIGINT,		-- users.id; NULL for the command line or the system
	actor TEXT NOT NULL,		-- label of the actor: an email address, "cli"
	action TEXT NOT NULL,		-- e.g. "user.create"
	object_type TEXT NOT NULL,	-- e.g. "user", "unit"; '' when none
	object_id BIGINT,		-- the object's id; NULL when none
	summary TEXT NOT NULL,		-- canonical JSON of what changed (sorted keys, compact)
	request_id TEXT NOT NULL,	-- the request that wrote it; '' from the command line
	hash TEXT NOT NULL		-- SHA-256 hex of the previous hash and this entry
);
-- The filters of the /audit page, each newest first.
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_log_type ON audit_log (object_type, seq);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE audit_checkpoint (
	seq BIGINT PRIMARY KEY,		-- the last entry covered (0: the empty log)
	head_hash TEXT NOT NULL,	-- that entry's hash (hex)
	at TEXT NOT NULL,		-- ISO-8601 UTC time of signing
	signature TEXT NOT NULL,	-- Ed25519 signature (base64) of the checkpoint message
	public_key TEXT NOT NULL	-- the installation's public key (base64) that made it
);

-- @sqlite
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
BEGIN
	SELECT RAISE(ABORT, 'audit_checkpoint is append-only');
END;
CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
BEGIN
	SELECT RAISE(ABORT, 'audit_checkpoint is append-only');
END;
-- @postgresql
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
	FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
	FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
-- @all
