/*
 * stmts_accounts.h - SQL statements of users, role grants, sessions, API
 * tokens, password reset links, the write budget and the guessing
 * throttles; part of the closed set in db/stmts.h, written the same way.
 */
#ifndef P2HAM_DB_STMTS_ACCOUNTS_H
#define P2HAM_DB_STMTS_ACCOUNTS_H

/* clang-format off */
/* USER_LIST's columns and filters $1-$3. */
#define USER_LIST_HEAD							\
	"SELECT id, email, full_name, nip, active, home_province,"	\
	" home_organization FROM users"					\
	" WHERE ((CAST($1 AS BIGINT) IS NULL AND CAST($2 AS BIGINT) IS NULL)" \
	" OR home_province = $1 OR home_organization = $2)"		\
	" AND (CAST($3 AS TEXT) IS NULL OR email_key LIKE $3 ESCAPE '\\'"	\
	" OR lower(full_name) LIKE $3 ESCAPE '\\')"

#define DB_STMTS_ACCOUNTS(X)						\
	/* Users. $1 email, $2 email_key, $3 full_name, $4 nip, $5 phone, \
	 * $6 password_hash, $7 home_province, $8 home_organization,	\
	 * $9 now -> {"id"}. */						\
	X(USER_INSERT,							\
	    "INSERT INTO users (email, email_key, full_name, nip, phone,"	\
	    " password_hash, active, home_province, home_organization,"	\
	    " created_at, updated_at, password_changed_at)"		\
	    " VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $9, $9, $9)"	\
	    " RETURNING id")						\
	/* $1 email_key -> the account to sign in, active or not. */	\
	X(USER_BY_EMAIL,						\
	    "SELECT id, email, full_name, password_hash, active"	\
	    " FROM users WHERE email_key = $1")				\
	/* $1 id -> one user, without the password hash. */		\
	X(USER_GET,							\
	    "SELECT id, email, full_name, nip, phone, active,"		\
	    " home_province, home_organization, created_at, updated_at"	\
	    " FROM users WHERE id = $1")				\
	/* $1 id -> {"password_hash"}. */				\
	X(USER_PASSWORD_HASH,						\
	    "SELECT password_hash FROM users WHERE id = $1")		\
	/* $1 province or NULL, $2 organization or NULL (a user matches	\
	 * either when both are given), $3 LIKE pattern on email or name \
	 * (escaped with '\\') or NULL, $4 limit, $5 offset. */		\
	X(USER_LIST,							\
	    "SELECT id, email, full_name, nip, active, home_province,"	\
	    " home_organization FROM users"				\
	    " WHERE ((CAST($1 AS BIGINT) IS NULL AND CAST($2 AS BIGINT) IS NULL)" \
	    " OR home_province = $1 OR home_organization = $2)"	\
	    " AND (CAST($3 AS TEXT) IS NULL OR email_key LIKE $3 ESCAPE '\\'" \
	    " OR lower(full_name) LIKE $3 ESCAPE '\\')"		\
	    " ORDER BY full_name, id LIMIT $4 OFFSET $5")		\
	/* The keyset pages of USER_LIST: its $1-$3, then the key ($4	\
	 * full name, $5 id) the page starts after or (_BEFORE) ends	\
	 * before, $6 limit. */						\
	X(USER_LIST_AFTER,						\
	    USER_LIST_HEAD " AND (full_name, id) > (CAST($4 AS TEXT),"	\
	    " CAST($5 AS BIGINT)) ORDER BY full_name, id LIMIT $6")	\
	X(USER_LIST_BEFORE,						\
	    USER_LIST_HEAD " AND (full_name, id) < (CAST($4 AS TEXT),"	\
	    " CAST($5 AS BIGINT)) ORDER BY full_name DESC, id DESC LIMIT $6") \
	/* -> {"n"}: how many accounts exist. */			\
	X(USER_COUNT, "SELECT count(*) AS n FROM users")		\
	/* $1 id, $2 password_hash, $3 now. */				\
	X(USER_SET_PASSWORD,						\
	    "UPDATE users SET password_hash = $2, updated_at = $3,"	\
	    " password_changed_at = $3 WHERE id = $1")			\
	/* $1 id, $2 active (0/1), $3 now. */				\
	X(USER_SET_ACTIVE,						\
	    "UPDATE users SET active = $2, updated_at = $3 WHERE id = $1") \
									\
	/* Role grants. $1 user_id -> the user's grants, with the name of	\
	 * what each covers (scope_name; NULL when national). */		\
	X(GRANT_LIST,							\
	    "SELECT g.id AS id, g.role AS role, g.scope_kind AS scope_kind," \
	    " g.scope_id AS scope_id, g.may_revoke AS may_revoke,"	\
	    " g.granted_at AS granted_at, CASE g.scope_kind"		\
	    " WHEN 'province' THEN (SELECT name FROM province"		\
	    " WHERE code = g.scope_id)"					\
	    " WHEN 'organization' THEN (SELECT name FROM organization"	\
	    " WHERE id = g.scope_id)"					\
	    " WHEN 'unit' THEN (SELECT name FROM unit WHERE id = g.scope_id)" \
	    " WHEN 'participation' THEN (SELECT u.name || ', ' || c.title" \
	    " FROM participation p JOIN unit u ON u.id = p.unit_id"	\
	    " JOIN cycle c ON c.id = p.cycle_id WHERE p.id = g.scope_id)" \
	    " WHEN 'region' THEN (SELECT name FROM coord_region"	\
	    " WHERE id = g.scope_id)"					\
	    " END AS scope_name"					\
	    " FROM role_grant g WHERE g.user_id = $1"			\
	    " ORDER BY g.role, g.scope_kind, g.scope_id")		\
	/* $1 user, $2 role, $3 scope_kind, $4 scope_id, $5 may_revoke,	\
	 * $6 granted_by or NULL, $7 now -> {"id"}, no row if held.	*/ \
	X(GRANT_INSERT,							\
	    "INSERT INTO role_grant (user_id, role, scope_kind, scope_id," \
	    " may_revoke, granted_by, granted_at)"			\
	    " VALUES ($1, $2, $3, $4, $5, $6, $7)"			\
	    " ON CONFLICT (user_id, role, scope_kind, scope_id) DO NOTHING" \
	    " RETURNING id")						\
	/* $1 grant id, $2 user_id -> the deleted grant. */		\
	X(GRANT_DELETE,							\
	    "DELETE FROM role_grant WHERE id = $1 AND user_id = $2"	\
	    " RETURNING role, scope_kind, scope_id")			\
									\
	/* Sign-in sessions. $1 user, $2 token_hash, $3 now, $4 expires, \
	 * $5 ip, $6 user_agent -> {"id"}. */				\
	X(SESSION_INSERT,						\
	    "INSERT INTO login_session (user_id, token_hash, created_at," \
	    " last_seen_at, expires_at, ip, user_agent)"		\
	    " VALUES ($1, $2, $3, $3, $4, $5, $6) RETURNING id")	\
	/* $1 token_hash, $2 now, $3 idle cutoff -> the live session	\
	 * and its active user. */					\
	X(SESSION_LOOKUP,						\
	    "SELECT s.id AS session_id, s.user_id AS user_id,"		\
	    " s.last_seen_at AS last_seen_at, s.expires_at AS expires_at," \
	    " u.email AS email,"					\
	    " u.full_name AS full_name, u.home_province AS home_province," \
	    " u.home_organization AS home_organization"		\
	    " FROM login_session s JOIN users u ON u.id = s.user_id"	\
	    " WHERE s.token_hash = $1 AND s.ended_at IS NULL"		\
	    " AND s.expires_at > $2 AND s.last_seen_at > $3"		\
	    " AND u.active = 1")					\
	/* $1 session id, $2 now. */					\
	X(SESSION_TOUCH,						\
	    "UPDATE login_session SET last_seen_at = $2 WHERE id = $1")	\
	/* $1 session id, $2 user_id, $3 now -> {"id"} when ended. */	\
	X(SESSION_END,							\
	    "UPDATE login_session SET ended_at = $3"			\
	    " WHERE id = $1 AND user_id = $2 AND ended_at IS NULL"	\
	    " RETURNING id")						\
	/* $1 user_id, $2 now, $3 session id to keep (0: none). */	\
	X(SESSION_END_ALL,						\
	    "UPDATE login_session SET ended_at = $2"			\
	    " WHERE user_id = $1 AND ended_at IS NULL AND id <> $3")	\
	/* $1 user_id, $2 now, $3 idle cutoff -> live sessions. */	\
	X(SESSION_LIST,							\
	    "SELECT id, created_at, last_seen_at, expires_at, ip, user_agent" \
	    " FROM login_session WHERE user_id = $1 AND ended_at IS NULL" \
	    " AND expires_at > $2 AND last_seen_at > $3"		\
	    " ORDER BY last_seen_at DESC")				\
									\
	/* Write budget: count one write of user $1 in the minute that	\
	 * starts at $2 (ISO text) -> {"used", "window_start"}: the count	\
	 * of the minute kept, restarted at 1 when $2 is a later minute	\
	 * (an earlier one, from a server whose clock lags, adds to the	\
	 * later). One statement, so concurrent writers never lose a count. */ \
	X(WRITE_QUOTA_TAKE,						\
	    "INSERT INTO write_quota (user_id, window_start, used)"	\
	    " VALUES ($1, $2, 1) ON CONFLICT (user_id) DO UPDATE SET"	\
	    " used = CASE WHEN write_quota.window_start < excluded.window_start" \
	    " THEN 1 ELSE write_quota.used + 1 END,"			\
	    " window_start = CASE WHEN write_quota.window_start"	\
	    " < excluded.window_start THEN excluded.window_start"	\
	    " ELSE write_quota.window_start END"			\
	    " RETURNING used, window_start")				\
									\
	/* API tokens. $1 user, $2 name, $3 token_hash, $4 prefix, $5 now, \
	 * $6 expires_at, $7 scope ('read' or 'write') -> {"id"}. */	\
	X(TOKEN_INSERT,							\
	    "INSERT INTO api_token (user_id, name, token_hash, prefix,"	\
	    " created_at, expires_at, scope)"				\
	    " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")	\
	/* $1 token_hash, $2 now -> the live (not revoked, not expired) \
	 * token, its scope and its active user. */			\
	X(TOKEN_LOOKUP,							\
	    "SELECT t.id AS token_id, t.user_id AS user_id,"		\
	    " t.last_used_at AS last_used_at, t.scope AS scope,"	\
	    " t.expires_at AS expires_at,"				\
	    " u.email AS email,"					\
	    " u.full_name AS full_name, u.home_province AS home_province," \
	    " u.home_organization AS home_organization"		\
	    " FROM api_token t JOIN users u ON u.id = t.user_id"	\
	    " WHERE t.token_hash = $1 AND t.revoked_at IS NULL"		\
	    " AND t.expires_at > $2 AND u.active = 1")			\
	/* $1 token id, $2 now. */					\
	X(TOKEN_TOUCH,							\
	    "UPDATE api_token SET last_used_at = $2 WHERE id = $1")	\
	/* $1 token id, $2 user_id, $3 now -> {"name"} when revoked. */	\
	X(TOKEN_REVOKE,							\
	    "UPDATE api_token SET revoked_at = $3"			\
	    " WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL"	\
	    " RETURNING name")						\
	/* A new password: $1 user_id, $2 now -> {"id"} of each token it \
	 * revoked. */							\
	X(TOKEN_REVOKE_ALL,						\
	    "UPDATE api_token SET revoked_at = $2"			\
	    " WHERE user_id = $1 AND revoked_at IS NULL RETURNING id")	\
	/* $1 user_id, $2 now, $3 expiry cutoff -> the user's tokens not \
	 * revoked that work, or expired after $3; "expired" 1 for those. */ \
	X(TOKEN_LIST,							\
	    "SELECT id, name, prefix, scope, created_at, expires_at,"	\
	    " last_used_at, CASE WHEN expires_at > $2 THEN 0 ELSE 1 END" \
	    " AS expired"						\
	    " FROM api_token WHERE user_id = $1 AND revoked_at IS NULL"	\
	    " AND expires_at > $3"					\
	    " ORDER BY created_at DESC, id DESC")			\
	/* $1 user_id, $2 now -> {"n"}: how many of the user's tokens	\
	 * still work. Inside the creating transaction; PostgreSQL locks \
	 * the user's row so that two creations cannot both pass the count \
	 * (SQLite's BEGIN IMMEDIATE serialises them already). */	\
	X(TOKEN_COUNT,							\
	    "SELECT (SELECT count(*) FROM api_token WHERE user_id = u.id" \
	    " AND revoked_at IS NULL AND expires_at > $2) AS n"	\
	    " FROM users u WHERE u.id = $1",				\
	    "SELECT (SELECT count(*) FROM api_token WHERE user_id = u.id" \
	    " AND revoked_at IS NULL AND expires_at > $2) AS n"	\
	    " FROM users u WHERE u.id = $1 FOR NO KEY UPDATE")		\
									\
	/* Password reset links. A new link: first void the user's	\
	 * unused ones ($1 user_id, $2 now). */				\
	X(RESET_VOID,							\
	    "UPDATE password_reset SET voided_at = $2"			\
	    " WHERE user_id = $1 AND used_at IS NULL AND voided_at IS NULL") \
	/* $1 user_id, $2 token_hash, $3 created_by or NULL, $4 now,	\
	 * $5 expires_at -> {"id"}. */					\
	X(RESET_INSERT,							\
	    "INSERT INTO password_reset (user_id, token_hash, created_by," \
	    " created_at, expires_at) VALUES ($1, $2, $3, $4, $5)"	\
	    " RETURNING id")						\
	/* $1 token_hash, $2 now -> the link when it still works (not	\
	 * used, not voided, not expired) and its account is active. */	\
	X(RESET_LOOKUP,							\
	    "SELECT r.id AS reset_id, r.user_id AS user_id,"		\
	    " r.expires_at AS expires_at, u.email AS email,"		\
	    " u.full_name AS full_name"					\
	    " FROM password_reset r JOIN users u ON u.id = r.user_id"	\
	    " WHERE r.token_hash = $1 AND r.used_at IS NULL"		\
	    " AND r.voided_at IS NULL AND r.expires_at > $2"		\
	    " AND u.active = 1")					\
	/* Spend link $1 at $2 -> {"user_id"}, no row when it no longer	\
	 * works (a concurrent use came first). */			\
	X(RESET_USE,							\
	    "UPDATE password_reset SET used_at = $2"			\
	    " WHERE id = $1 AND used_at IS NULL AND voided_at IS NULL"	\
	    " AND expires_at > $2 RETURNING user_id")			\
									\
	/* Guessing throttles (svc/throttle.h: sign-in, the current	\
	 * password, reset links): count one attempt for key $1 at $2	\
	 * (now) before the secret is checked, in one atomic step; a window \
	 * that began at or before $3 (now minus the window) or a lock	\
	 * that has ended starts over, a lock in force counts nothing.	\
	 * -> the counters after it. */					\
	X(THROTTLE_RESERVE,						\
	    "INSERT INTO login_throttle (key, failures, window_start,"	\
	    " locked_until) VALUES ($1, 1, $2, NULL)"			\
	    " ON CONFLICT (key) DO UPDATE SET failures = CASE"		\
	    " WHEN login_throttle.locked_until > $2"			\
	    " THEN login_throttle.failures"				\
	    " WHEN login_throttle.locked_until IS NOT NULL"		\
	    " OR login_throttle.window_start <= $3 THEN 1"		\
	    " ELSE login_throttle.failures + 1 END,"			\
	    " window_start = CASE WHEN login_throttle.locked_until > $2"	\
	    " THEN login_throttle.window_start"				\
	    " WHEN login_throttle.locked_until IS NOT NULL"		\
	    " OR login_throttle.window_start <= $3 THEN $2"		\
	    " ELSE login_throttle.window_start END,"			\
	    " locked_until = CASE WHEN login_throttle.locked_until > $2"	\
	    " THEN login_throttle.locked_until END"			\
	    " RETURNING failures, window_start, locked_until")		\
	/* A failed attempt: lock key $1 until $3 once it counts $2	\
	 * attempts and no lock is in force -> {"key"} when this call	\
	 * locked it (so the lock is recorded once). */			\
	X(THROTTLE_LOCK,						\
	    "UPDATE login_throttle SET locked_until = $3"		\
	    " WHERE key = $1 AND failures >= $2 AND locked_until IS NULL" \
	    " RETURNING key")						\
	/* $1 key. */							\
	X(THROTTLE_CLEAR, "DELETE FROM login_throttle WHERE key = $1")	\
	/* A success: key $1's attempt reserved for it no longer counts	\
	 * (a lock in force stays). */					\
	X(THROTTLE_GIVE_BACK,						\
	    "UPDATE login_throttle SET failures = failures - 1"		\
	    " WHERE key = $1 AND failures > 0 AND locked_until IS NULL")

/* clang-format on */

#endif
