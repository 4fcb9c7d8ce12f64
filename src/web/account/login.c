/*
 * login.c - signing in and out (/masuk, /keluar).
 *
 * Password guessing is slowed per account and per client address: after
 * repeated failures the account (or address) is locked for a while and the
 * page says how long, even to someone who then types the right password.
 * Each attempt is counted in the database before its password is checked,
 * so that many attempts at the same moment get no more than the allowed
 * number of tries. An unknown email costs the same password hashing time
 * as a known one.
 */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>
#include <sodium.h>

#include "web/app.h"
#include "svc/audit.h"
#include "svc/throttle.h"
#include "web/auth.h"
#include "web/form.h"
#include "core/account.h"
#include "base/log.h"
#include "base/timefmt.h"
#include "web/routes.h"
#include "web/model.h"

static const struct field_spec login_fields[] = {
	{ "email", "login.email", "email", "username", NULL },
	{ "password", "login.password", "password", "current-password", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

/*
 * A local path to return to after sign-in: "/..." but not "//..." or
 * "/\\..." (another host), in visible ASCII only, since browsers drop tabs
 * and line breaks from an address ("/<tab>/host" is "//host").
 */
static const char *
safe_next(struct request *req)
{
	const char *n = req_param(req, "next")->text;
	size_t i;

	if (req_param_error(req, "next") != VE_OK || n[0] != '/' || n[1] == '/' ||
	    n[1] == '\\' || strstr(n, "://") != NULL)
		return "/akun";
	for (i = 0; n[i] != '\0'; i++)
		if ((unsigned char)n[i] <= ' ' || (unsigned char)n[i] >= 0x7f || n[i] == '\\')
			return "/akun";
	return n;
}

static int
login_model(struct request *req, struct reply *rep, bool show_input,
    const char *notice_key, long wait_minutes)
{
	enum lang l = req_lang(req);
	json_t *fields = form_fields(req, login_fields, show_input);
	const char *csrf = auth_public_csrf(req, rep);
	char *msg = NULL;

	if (notice_key != NULL)
		msg = i18n_fill(&req->arena, i18n_get(l, notice_key), wait_minutes);
	rep->model = json_pack("{s:s, s:s, s:o, s:s}", "page_title",
	    i18n_get(l, "login.title"), "csrf", csrf ? csrf : "", "fields", fields,
	    "next", safe_next(req));
	if (rep->model == NULL)
		return -1;
	app_notice(rep->model, true, msg);
	return 0;
}

static int
login_page(struct request *req, struct reply *rep, struct err *e)
{
	if (req_auth(req)->user_id != 0) {
		rep->status = 303;
		rep->location = safe_next(req);
		return 0;
	}
	if (login_model(req, rep, false, NULL, 0) < 0)
		return web_nomem(e);
	/* Back from a reset link (account/reset.c). */
	web_model_ok_notice(req, rep, "login.password_set");
	return 0;
}

/* A hash of a password nobody has, to verify unknown emails against. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static bool have_dummy;
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
dummy_init(void)
{
	have_dummy = crypto_pwhash_str(dummy_hash, "p2ham-dummy-password", 20,
			 crypto_pwhash_OPSLIMIT_INTERACTIVE,
			 crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

/* Argon2id verification of a password against a stored hash, or against a
 * fixed dummy so that unknown emails take as long as known ones. */
static bool
password_ok(const char *stored, const char *pw)
{
	if (stored == NULL) {
		pthread_once(&dummy_once, dummy_init);
		/* The outcome is ignored; only the time it takes matters. */
		if (have_dummy && crypto_pwhash_str_verify(dummy_hash, pw, strlen(pw)) == 0)
			return false;
		return false;
	}
	return crypto_pwhash_str_verify(stored, pw, strlen(pw)) == 0;
}

/* Append the audit entry action about user uid, by actor_id (0: nobody
 * signed in) under the address email_key. */
static int
login_audit(struct request *req, struct db_conn *c, const char *email_key,
    int64_t actor_id, int64_t uid, const char *action, struct err *e)
{
	return audit_append(c,
	    &(struct audit_entry){ .actor_id = actor_id,
		.actor = email_key,
		.action = action,
		.object_type = "user",
		.object_id = uid,
		.request_id = req->id },
	    e);
}

/*
 * A refused password (or an inactive account): lock the account and the
 * address when this failure used up their attempts. Failures themselves
 * leave no audit entry, since anyone may cause them for any address; the
 * lock of an existing account is recorded once, and so is the right
 * password of an inactive one.
 */
static int
login_refused(struct request *req, struct reply *rep, struct db_conn *c, const char *ukey,
    const char *akey, const char *email_key, int64_t uid, bool ok, time_t now, struct err *e)
{
	bool locked, addr_locked;

	if (throttle_fail(c, ukey, &throttle_account, now, &locked, e) < 0 ||
	    throttle_fail(c, akey, &throttle_address, now, &addr_locked, e) < 0)
		return -1;
	if (addr_locked)
		log_warn("event=login_address_locked minutes=%d", throttle_address.lock / 60);
	if ((locked && uid != 0) || ok) {
		if (db_begin(c, e) < 0)
			return -1;
		if ((ok && login_audit(req, c, email_key, 0, uid, "session.login_inactive", e) < 0) ||
		    (locked && uid != 0 &&
			login_audit(req, c, email_key, 0, uid, "session.locked", e) < 0) ||
		    db_commit(c, e) < 0) {
			db_rollback(c);
			return -1;
		}
	}
	rep->status = 401;
	return login_model(req, rep, true, ok ? "login.inactive" : "login.failed", 0);
}

static int
login_submit(struct request *req, struct reply *rep, struct err *e)
{
	const char *email = req_param(req, "email")->text;
	const char *pw = req_param(req, "password")->text;
	char email_key[320], *ukey, *akey;
	struct db_conn *c;
	json_t *rows = NULL, *row;
	time_t now = time(NULL);
	long wait = 0;
	int64_t uid = 0;
	bool ok, active;

	if (form_has_errors(req)) {
		rep->status = 422;
		return login_model(req, rep, true, NULL, 0) < 0 ? -1 : 0;
	}
	if ((c = req_db(req, e)) == NULL)
		return -1;
	if (account_email_key(email, email_key, sizeof(email_key)) < 0)
		email_key[0] = '\0';
	ukey = arena_printf(&req->arena, "user:%s", email_key);
	akey = arena_printf(&req->arena, "ip:%s", auth_client_addr(req));
	/* The account's attempt first: one that is refused does not count
	 * against the address. */
	if (ukey == NULL || akey == NULL ||
	    throttle_reserve(c, ukey, &throttle_account, now, &wait, e) < 0 ||
	    (wait == 0 && throttle_reserve(c, akey, &throttle_address, now, &wait, e) < 0))
		return -1;
	if (wait > 0) {
		rep->status = 429;
		reply_header(rep, MHD_HTTP_HEADER_RETRY_AFTER,
		    arena_printf(&req->arena, "%ld", wait));
		return login_model(req, rep, true, "login.locked", (wait + 59) / 60);
	}
	if (db_exec(c, DB_USER_BY_EMAIL, (struct db_param[]){ DBP_TEXT(email_key) }, 1,
		&rows, e) < 0)
		return -1;
	row = json_array_get(rows, 0);
	ok = password_ok(
	    row ? json_string_value(json_object_get(row, "password_hash")) : NULL, pw);
	active = row != NULL && json_integer_value(json_object_get(row, "active")) == 1;
	uid = row ? json_integer_value(json_object_get(row, "id")) : 0;
	json_decref(rows);
	if (!ok || !active)
		return login_refused(req, rep, c, ukey, akey, email_key, uid, ok, now, e);

	if (db_begin(c, e) < 0)
		return -1;
	if (throttle_clear(c, ukey, e) < 0 || throttle_give_back(c, akey, e) < 0 ||
	    auth_session_start(req, rep, c, uid, e) < 0 ||
	    login_audit(req, c, email_key, uid, uid, "session.login", e) < 0 ||
	    db_commit(c, e) < 0)
		goto fail;
	rep->status = 303;
	rep->location = safe_next(req);
	return 0;
fail:
	db_rollback(c);
	return -1;
}

static int
logout_submit(struct request *req, struct reply *rep, struct err *e)
{
	const struct auth *a = req_auth(req);
	char now[TIME_ISO_LEN];
	json_t *rows = NULL;
	struct svc s;

	if (a->session_id != 0) {
		if (web_svc(req, &s, e) < 0 || db_begin(s.c, e) < 0)
			return -1;
		if (db_exec(s.c, DB_SESSION_END,
			(struct db_param[]){ DBP_INT(a->session_id), DBP_INT(a->user_id),
			    DBP_TEXT(time_iso(s.now, now)) },
			3, &rows, e) < 0 ||
		    svc_audit(&s, "session.logout", "user", a->user_id, NULL, e) < 0 ||
		    db_commit(s.c, e) < 0) {
			json_decref(rows);
			db_rollback(s.c);
			return -1;
		}
		json_decref(rows);
	}
	auth_session_clear(req, rep);
	rep->status = 303;
	rep->location = "/";
	return 0;
}

/* The addresses this file answers, with their declared inputs. */
/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/masuk", login_page, "login", PUBLIC,
	    .params = PARAMS(PARAM_RETURN("next", PARAM_QUERY), PARAM_NOTICE("sandi")),
	    .about = "The sign-in form"),
	ROUTE_POST("/masuk", login_submit, "login", PUBLIC,
	    .params = PARAMS(PARAM_ACCOUNT_EMAIL(true), PARAM_PASSWORD("password"),
		PARAM_RETURN("next", PARAM_FORM)),
	    .offload = true,
	    .about = "Signs in with e-mail and password; throttled per account and address"),
	ROUTE_POST("/keluar", logout_submit, NULL, SIGNED_IN, .unmetered = true,
	    .about = "Signs out and ends the session"),
};
/* clang-format on */
ROUTE_TABLE(login_routes, routes);
