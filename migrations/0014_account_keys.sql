-- API tokens expire and carry a scope; administrators hand out single-use
-- links that let a person set a new password.

-- The end of a token's life, chosen when it is made (30, 90 or 365 days).
-- A token with no end (none is written so) is refused like an expired one.
ALTER TABLE api_token ADD COLUMN expires_at TEXT;
-- 'read': GET and HEAD only; 'write': every method its owner may use.
ALTER TABLE api_token ADD COLUMN scope TEXT NOT NULL DEFAULT 'write';

-- Tokens made before tokens expired keep working for 90 days from this
-- migration, with the rights they always had. The database's own clock is
-- the only one a migration has.
-- @sqlite
UPDATE api_token SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+90 days')
    WHERE expires_at IS NULL;
-- @postgresql
UPDATE api_token SET expires_at = to_char((now() AT TIME ZONE 'UTC')
    + interval '90 days', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') WHERE expires_at IS NULL;
-- @all

-- A password reset link made by someone who manages the account (or the
-- command line): the link holds 256 random bits, the table their SHA-256.
-- It works once, until expires_at, and only while it is the account's
-- newest link.
CREATE TABLE password_reset (
	id @ID@,
	user_id BIGINT NOT NULL REFERENCES users (id),
	token_hash TEXT NOT NULL UNIQUE,
	created_by BIGINT REFERENCES users (id),	-- NULL from the command line
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	used_at TEXT,				-- when the new password was set
	voided_at TEXT				-- when a newer link replaced it
);
CREATE INDEX password_reset_user ON password_reset (user_id);
