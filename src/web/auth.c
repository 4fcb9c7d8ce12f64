/*
 * auth.c - sessions, bearer tokens, CSRF.
 *
 * A session cookie holds 256 random bits; the database keeps only their
 * SHA-256, so a copy of the database cannot be replayed as cookies. The CSRF
 * token of a signed-in user is derived from the session token (SHA-256 of a
 * label and the token), so it needs no storage and dies with the session.
 * Before sign-in, forms use a double-submit cookie.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>
#include <sodium.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/authcache.h"
#include "web/pagecache.h"
#include "web/sesscache.h"
#include "web/model.h"
#include "svc/accounts.h"
#include "svc/seen.h"
#include "base/log.h"
#include "base/timefmt.h"

#define TOUCH_EVERY 60 /* seconds between last_seen updates */

const struct auth *
req_auth(const struct request *req)
{
	static const struct auth public_auth;

	return req->app != NULL ? req->app : &public_auth;
}

/* The CSRF token of a session: hex of SHA-256("p2ham-csrf\n" || token), 32 digits. */
static char *
session_csrf(struct arena *a, const char *token)
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[65], *out;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)"p2ham-csrf\n", 11);
	crypto_hash_sha256_update(&st, (const unsigned char *)token, strlen(token));
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, sizeof(hex), h, 16);
	out = arena_strdup(a, hex);
	return out;
}

/* Keep the value of the last X-Forwarded-For header line in *arg. */
static enum MHD_Result
xff_last(void *arg, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	if (key != NULL && value != NULL && strcasecmp(key, "X-Forwarded-For") == 0)
		*(const char **)arg = value;
	return MHD_YES;
}

/*
 * The address the trusted proxy appended: the last entry of the last
 * X-Forwarded-For line (a proxy such as haproxy adds a line of its own
 * after any the client sent; others append to the client's line). Only
 * that entry is the proxy's word; whatever comes before it the client
 * wrote. NULL when there is none or it is not an IP address.
 */
static const char *
forwarded_addr(struct request *req)
{
	const char *xff = NULL, *last, *end;
	char addr[INET6_ADDRSTRLEN];
	unsigned char bin[sizeof(struct in6_addr)];
	size_t len;

	if (req->conn == NULL)
		return NULL;
	MHD_get_connection_values(req->conn, MHD_HEADER_KIND, xff_last, &xff);
	if (xff == NULL)
		return NULL;
	last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ' || *last == '\t')
		last++;
	for (end = last + strlen(last); end > last && (end[-1] == ' ' || end[-1] == '\t');)
		end--;
	len = (size_t)(end - last);
	if (len == 0 || len >= sizeof(addr))
		return NULL;
	memcpy(addr, last, len);
	addr[len] = '\0';
	if (inet_pton(AF_INET, addr, bin) != 1 && inet_pton(AF_INET6, addr, bin) != 1)
		return NULL;
	return arena_strdup(&req->arena, addr);
}

const char *
auth_client_addr(struct request *req)
{
	const union MHD_ConnectionInfo *ci;
	const char *fwd;
	char buf[INET6_ADDRSTRLEN];
	const struct sockaddr *sa;

	if (server_config(req->srv)->trust_proxy && (fwd = forwarded_addr(req)) != NULL)
		return fwd;
	if (req->conn == NULL ||
	    (ci = MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS)) == NULL ||
	    (sa = ci->client_addr) == NULL)
		return "unknown";
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    buf, sizeof(buf));
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    buf, sizeof(buf));
	else
		return "unknown";
	return arena_strdup(&req->arena, buf);
}

/*
 * a's grants: as kept at the data's version v when they are, else loaded
 * (and kept). v was read before the grants, so a write between the two
 * leaves them kept under a version already past; -1: not kept.
 */
static int
grants_load(struct request *req, struct db_conn *c, struct auth *a, int64_t v, struct err *e)
{
	if (v >= 0 && authcache_get(a->user_id, v, &req->arena, &a->principal))
		return 0;
	if (c == NULL && (c = req_db(req, e)) == NULL)
		return -1;
	if (svc_grants_load(c, &req->arena, a->user_id, &a->principal, e) < 0)
		return -1;
	if (v >= 0)
		authcache_put(a->user_id, v, &a->principal);
	return 0;
}

/* k from a SESSION_LOOKUP or TOKEN_LOOKUP row; -1 when a time is unreadable. */
static int
kept_from_row(json_t *row, bool bearer, struct sess_kept *k)
{
	const char *email = json_string_value(json_object_get(row, "email"));
	const char *name = json_string_value(json_object_get(row, "full_name"));
	const char *seen = json_string_value(
	    json_object_get(row, bearer ? "last_used_at" : "last_seen_at"));

	memset(k, 0, sizeof(*k));
	k->id = json_integer_value(json_object_get(row, bearer ? "token_id" : "session_id"));
	k->user_id = json_integer_value(json_object_get(row, "user_id"));
	k->home_province = (int)json_integer_value(json_object_get(row, "home_province"));
	k->home_organization = json_integer_value(json_object_get(row, "home_organization"));
	/* Anything but a known wider scope reads only. */
	k->read_only = bearer &&
	    token_scope_parse(json_string_value(json_object_get(row, "scope"))) != TOKEN_WRITE;
	if (seen == NULL || time_parse_iso(seen, &k->last_seen) < 0)
		k->last_seen = 0; /* never used: touched now */
	if (email == NULL || name == NULL ||
	    time_parse_iso(json_string_value(json_object_get(row, "expires_at")),
		&k->expires) < 0)
		return -1;
	snprintf(k->email, sizeof(k->email), "%s", email);
	snprintf(k->name, sizeof(k->name), "%s", name);
	return 0;
}

/* Fill a from k (and its grants, at version v). */
static int
auth_from_kept(struct request *req, struct db_conn *c, struct auth *a,
    const struct sess_kept *k, bool bearer, const char *token, int64_t v, struct err *e)
{
	a->user_id = k->user_id;
	a->email = arena_strdup(&req->arena, k->email);
	a->name = arena_strdup(&req->arena, k->name);
	a->principal.user_id = a->user_id;
	a->principal.home_province = k->home_province;
	a->principal.home_organization = k->home_organization;
	if (bearer) {
		a->token_id = k->id;
		a->read_only = k->read_only;
	} else {
		a->session_id = k->id;
		a->csrf = session_csrf(&req->arena, token);
	}
	if (a->email == NULL || a->name == NULL || (!bearer && a->csrf == NULL))
		return web_nomem(e);
	return grants_load(req, c, a, v, e);
}

/* Bump last_seen (or last_used) when it is older than TOUCH_EVERY; true
 * when it was written. */
static bool
touch(struct db_conn *c, enum db_stmt st, int64_t id, time_t seen, time_t now)
{
	char iso[TIME_ISO_LEN];
	struct err e;

	if (now - seen < TOUCH_EVERY)
		return false;
	err_clear(&e);
	if (db_exec(c, st, (struct db_param[]){ DBP_INT(id), DBP_TEXT(time_iso(now, iso)) },
		2, NULL, &e) < 0) {
		log_warn("event=touch_failed stmt=%s msg=\"%s\"", db_stmt_name(st), e.msg);
		return false;
	}
	return true;
}

/*
 * The session or token of hash as the database has it, into k: 1 when it
 * is live, 0 when it is unknown, ended, revoked or expired, -1 when the
 * database fails.
 */
static int
lookup(struct request *req, struct db_conn *c, const char *hash, bool bearer, time_t now,
    struct sess_kept *k, struct err *e)
{
	const struct app *app = req_app(req);
	char now_iso[TIME_ISO_LEN], idle_iso[TIME_ISO_LEN];
	json_t *rows = NULL, *row;
	int rc = 0;

	time_iso(now, now_iso);
	time_iso(now - app->session_idle, idle_iso);
	if (bearer) {
		if (db_exec(c, DB_TOKEN_LOOKUP,
			(struct db_param[]){ DBP_TEXT(hash), DBP_TEXT(now_iso) }, 2,
			&rows, e) < 0)
			return -1;
	} else if (db_exec(c, DB_SESSION_LOOKUP,
		       (struct db_param[]){ DBP_TEXT(hash), DBP_TEXT(now_iso), DBP_TEXT(idle_iso) },
		       3, &rows, e) < 0)
		return -1;
	if ((row = json_array_get(rows, 0)) != NULL && kept_from_row(row, bearer, k) == 0)
		rc = 1;
	json_decref(rows);
	return rc;
}

/*
 * Whether k, kept, still holds at now by the lifetimes: before its
 * absolute end and, for a session, used within the idle time. A kept
 * entry that fails is looked up again (another server may have used it
 * since), never taken as proof either way.
 */
static bool
kept_live(const struct app *app, const struct sess_kept *k, bool bearer, time_t now)
{
	return now < k->expires && (bearer || now - k->last_seen < app->session_idle);
}

int
auth_resolve(struct request *req, struct err *e)
{
	const struct app *app = req_app(req);
	const char *authz = req_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
	struct auth *a;
	struct slice cookie;
	struct db_conn *c = NULL;
	struct sess_kept k;
	char hash[65], *token;
	time_t now = time(NULL);
	int64_t v;
	bool bearer;
	int found;

	if ((a = arena_alloc(&req->arena, sizeof(*a))) == NULL)
		return web_nomem(e);
	req->app = a;
	bearer = authz != NULL && strncasecmp(authz, "Bearer ", 7) == 0;
	if (!bearer &&
	    !cookie_find(req_header(req, MHD_HTTP_HEADER_COOKIE), SESSION_COOKIE, &cookie))
		return 0;
	if (bearer)
		token = arena_strdup(&req->arena, authz + 7);
	else
		token = arena_strndup(&req->arena, cookie.p, cookie.len);
	if (token == NULL || strlen(token) > 128)
		return 0;
	accounts_token_hash(token, hash);
	/* The version is read before the row, so that an end committed
	 * after the read leaves the row kept under a version already past. */
	if (pagecache_data_version(req, &v) < 0)
		v = -1;
	if (v < 0 || !sesscache_get(hash, bearer, v, &k) || !kept_live(app, &k, bearer, now)) {
		if ((c = req_db(req, e)) == NULL ||
		    (found = lookup(req, c, hash, bearer, now, &k, e)) < 0)
			return -1;
		if (found == 0)
			return 0; /* unknown, ended, revoked or expired: the public */
		if (v >= 0)
			sesscache_put(hash, bearer, v, &k);
	}
	if (auth_from_kept(req, c, a, &k, bearer, token, v, e) < 0) {
		memset(a, 0, sizeof(*a));
		return -1;
	}
	/* The last use goes to the background writer (svc/seen.h); written
	 * here only when that one is not running or is full. */
	if (now - k.last_seen >= TOUCH_EVERY &&
	    (seen_note(bearer, k.id, now) ||
		((c != NULL || (c = req_db(req, e)) != NULL) &&
		    touch(c, bearer ? DB_TOKEN_TOUCH : DB_SESSION_TOUCH, k.id, k.last_seen, now))))
		sesscache_seen(hash, bearer, now);
	err_clear(e);
	return 0;
}

/*
 * The token as a form carries it: a fresh random mask and the token XORed
 * with it, both in hex, so that no two responses hold the same bytes and a
 * compressed page beside reflected input reveals nothing (BREACH).
 */
static const char *
csrf_mask(struct arena *a, const char *token)
{
	size_t n = strlen(token), i;
	unsigned char *m;
	char *out;

	if ((m = arena_alloc(a, 2 * n)) == NULL || (out = arena_alloc(a, 4 * n + 1)) == NULL)
		return NULL;
	randombytes_buf(m, n);
	for (i = 0; i < n; i++)
		m[n + i] = m[i] ^ (unsigned char)token[i];
	sodium_bin2hex(out, 4 * n + 1, m, 2 * n);
	return out;
}

/* Whether sent (a masked token) unmasks to want, in constant time for its length. */
static bool
csrf_unmask_equals(struct arena *a, const struct slice *sent, const char *want)
{
	size_t n = strlen(want), got, i;
	unsigned char *m;

	if (n == 0 || sent->len != 4 * n || (m = arena_alloc(a, 2 * n)) == NULL)
		return false;
	if (sodium_hex2bin(m, 2 * n, sent->p, sent->len, NULL, &got, NULL) != 0 || got != 2 * n)
		return false;
	for (i = 0; i < n; i++)
		m[i] ^= m[n + i];
	return sodium_memcmp(m, want, n) == 0;
}

const char *
auth_form_csrf(struct request *req)
{
	const struct auth *a = req_auth(req);

	return a->csrf != NULL ? csrf_mask(&req->arena, a->csrf) : NULL;
}

int
auth_check_csrf(struct request *req, struct err *e)
{
	const struct auth *a = req_auth(req);
	const struct slice *sent = kv_get(&req->form, CSRF_FIELD);
	const char *header = req_header(req, CSRF_HEADER);
	struct slice cookie, from_header;
	const char *want = NULL;

	/* A script's JSON post sends it as a header, which no other site
	 * can make a browser send. */
	if (sent == NULL && header != NULL) {
		from_header = (struct slice){ header, strlen(header) };
		sent = &from_header;
	}
	if (a->token_id != 0)
		return 0; /* bearer tokens are not sent by browsers on their own */
	if (a->session_id != 0)
		want = a->csrf;
	else if (cookie_find(req_header(req, MHD_HTTP_HEADER_COOKIE), CSRF_COOKIE, &cookie) &&
	    cookie.len >= 32 && cookie.len <= 64)
		want = arena_strndup(&req->arena, cookie.p, cookie.len);
	if (want == NULL || sent == NULL || !csrf_unmask_equals(&req->arena, sent, want)) {
		err_set(e, ERR_CSRF, "missing or wrong form token");
		return -1;
	}
	return 0;
}

const char *
auth_public_csrf(struct request *req, struct reply *rep)
{
	const struct auth *a = req_auth(req);
	struct slice cookie;
	char *tok, *hdr;

	if (a->session_id != 0)
		return auth_form_csrf(req);
	if (cookie_find(req_header(req, MHD_HTTP_HEADER_COOKIE), CSRF_COOKIE, &cookie) &&
	    cookie.len >= 32 && cookie.len <= 64 &&
	    (tok = arena_strndup(&req->arena, cookie.p, cookie.len)) != NULL)
		return csrf_mask(&req->arena, tok);
	if ((tok = accounts_token_new(&req->arena, "")) == NULL)
		return NULL;
	hdr = arena_printf(&req->arena, CSRF_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax%s",
	    tok, server_config(req->srv)->behind_tls ? "; Secure" : "");
	if (hdr != NULL)
		reply_header(rep, MHD_HTTP_HEADER_SET_COOKIE, hdr);
	return csrf_mask(&req->arena, tok);
}

int
auth_session_start(struct request *req, struct reply *rep, struct db_conn *c,
    int64_t user_id, struct err *e)
{
	const struct app *app = req_app(req);
	const char *ua = req_header(req, MHD_HTTP_HEADER_USER_AGENT);
	char *token, hash[65], now_iso[TIME_ISO_LEN], exp_iso[TIME_ISO_LEN], *hdr;
	char ua_short[160];
	time_t now = time(NULL);
	json_t *rows = NULL;
	size_t n;

	if ((token = accounts_token_new(&req->arena, "")) == NULL)
		return web_nomem(e);
	/* Keep a short, valid-UTF-8 user agent: it only helps people recognise
	 * their sessions. */
	snprintf(ua_short, sizeof(ua_short), "%s", ua ? ua : "");
	for (n = strlen(ua_short); n > 0 && !utf8_valid(ua_short, n); n--)
		ua_short[n - 1] = '\0';
	accounts_token_hash(token, hash);
	if (db_exec(c, DB_SESSION_INSERT,
		(struct db_param[]){ DBP_INT(user_id), DBP_TEXT(hash),
		    DBP_TEXT(time_iso(now, now_iso)),
		    DBP_TEXT(time_iso(now + app->session_max, exp_iso)),
		    DBP_TEXT(auth_client_addr(req)), DBP_TEXT(ua_short) },
		6, &rows, e) < 0)
		return -1;
	json_decref(rows);
	hdr = arena_printf(&req->arena,
	    SESSION_COOKIE "=%s; Path=/; HttpOnly; "
			   "SameSite=Lax%s",
	    token, server_config(req->srv)->behind_tls ? "; Secure" : "");
	if (hdr == NULL || reply_header(rep, MHD_HTTP_HEADER_SET_COOKIE, hdr) < 0)
		return web_nomem(e);
	return 0;
}

void
auth_session_clear(struct request *req, struct reply *rep)
{
	reply_header(rep, MHD_HTTP_HEADER_SET_COOKIE,
	    server_config(req->srv)->behind_tls
		? SESSION_COOKIE "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure"
		: SESSION_COOKIE "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
}
