-- The writes each account made in the current minute, for the per-account
-- budget of state-changing requests (web/app.c). One row per account that
-- ever wrote; a request in a later minute starts the count again at 1.

CREATE TABLE write_quota (
	user_id BIGINT PRIMARY KEY REFERENCES users (id),
	window_start TEXT NOT NULL,		-- the minute counted, ISO-8601 UTC
	used INTEGER NOT NULL			-- writes asked for in that minute
);
