-- People who sign in, what they may do, their sign-in sessions and API tokens,
-- and the counters that slow down password guessing.
-- Times are ISO-8601 UTC text; flags are INTEGER 0/1 on both backends.

CREATE TABLE users (
	id @ID@,
	email TEXT NOT NULL,			-- as the person typed it
	email_key TEXT NOT NULL UNIQUE,		-- lowercased: unique case-insensitively
	full_name TEXT NOT NULL,
	nip TEXT,				-- civil servant number (NIP), 18 digits
	phone TEXT,
	password_hash TEXT NOT NULL,		-- argon2id, libsodium's encoded string
	active INTEGER NOT NULL DEFAULT 1,
	home_province INTEGER,			-- Kemendagri code of the user's own province
	home_organization BIGINT,		-- the organization the user works for
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	password_changed_at TEXT NOT NULL
);

-- One row per (role, scope) a user holds; a user may hold several.
CREATE TABLE role_grant (
	id @ID@,
	user_id BIGINT NOT NULL REFERENCES users (id),
	role TEXT NOT NULL,			-- admin, coordinator, regional, ...
	scope_kind TEXT NOT NULL,		-- national, province, organization, unit, participation
	scope_id BIGINT NOT NULL DEFAULT 0,	-- 0 for national
	may_revoke INTEGER NOT NULL DEFAULT 0,	-- observer: may revoke awards
	granted_by BIGINT,			-- users.id, NULL from the command line
	granted_at TEXT NOT NULL,
	UNIQUE (user_id, role, scope_kind, scope_id)
);
CREATE INDEX role_grant_user ON role_grant (user_id);

-- A sign-in session: the cookie holds a random token, the table its SHA-256.
CREATE TABLE login_session (
	id @ID@,
	user_id BIGINT NOT NULL REFERENCES users (id),
	token_hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,		-- absolute end, whatever the activity
	ip TEXT NOT NULL,
	user_agent TEXT NOT NULL,
	ended_at TEXT				-- set by logout, password change, admin
);
CREATE INDEX login_session_user ON login_session (user_id);

-- Tokens for JSON clients: shown once, stored hashed, revocable.
CREATE TABLE api_token (
	id @ID@,
	user_id BIGINT NOT NULL REFERENCES users (id),
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	prefix TEXT NOT NULL,			-- first characters, to recognise it in lists
	created_at TEXT NOT NULL,
	last_used_at TEXT,
	revoked_at TEXT
);
CREATE INDEX api_token_user ON api_token (user_id);

-- Failed sign-ins per account ("user:<email>") and per address ("ip:<addr>").
CREATE TABLE login_throttle (
	key TEXT PRIMARY KEY,
	failures INTEGER NOT NULL,
	window_start TEXT NOT NULL,
	locked_until TEXT
);
