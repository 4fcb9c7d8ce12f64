/*
 * account.c - "my account" (/akun): change the password, see and end one's
 * own sessions, create and revoke API tokens. Everything here acts on the
 * signed-in user only, so the ids in addresses are checked against them.
 */
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "web/app.h"
#include "svc/audit.h"
#include "web/auth.h"
#include "web/form.h"
#include "base/timefmt.h"
#include "core/account.h"
#include "web/routes.h"

#define TOKEN_PREFIX	"p2h_"
#define TOKEN_MAX	20	/* active (not revoked) tokens per account */

static const struct field_spec password_fields[] = {
	{ "current", "account.current_password", "password", "current-password", NULL },
	{ "password", "account.new_password", "password", "new-password", "account.password_hint" },
	{ "repeat", "account.repeat_password", "password", "new-password", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const struct field_spec token_fields[] = {
	{ "name", "account.token_name", "text", "off", "account.token_name_hint" },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* The account page's model; refill names the form whose refused input is
 * shown again ("password", "token") or is NULL. */
static int
account_model(struct request *req, struct reply *rep, const char *refill, struct err *e)
{
	const struct auth *a = req_auth(req);
	enum lang l = req_lang(req);
	const struct app *app = req_app(req);
	char now[TIME_ISO_LEN], idle[TIME_ISO_LEN];
	json_t *user = NULL, *sessions = NULL, *tokens = NULL, *grants = NULL, *s;
	struct db_conn *c;
	time_t t = time(NULL);
	size_t i;
	bool is_pw = refill != NULL && strcmp(refill, "password") == 0;
	bool is_tok = refill != NULL && strcmp(refill, "token") == 0;

	if ((c = req_db(req, e)) == NULL)
		return -1;
	if (db_exec(c, DB_USER_GET, (struct db_param[]){ DBP_INT(a->user_id) }, 1, &user, e) < 0 ||
	    db_exec(c, DB_SESSION_LIST, (struct db_param[]){ DBP_INT(a->user_id),
	    DBP_TEXT(time_iso(t, now)), DBP_TEXT(time_iso(t - app->session_idle, idle)) }, 3,
	    &sessions, e) < 0 ||
	    db_exec(c, DB_TOKEN_LIST, (struct db_param[]){ DBP_INT(a->user_id) }, 1, &tokens, e) < 0 ||
	    db_exec(c, DB_GRANT_LIST, (struct db_param[]){ DBP_INT(a->user_id) }, 1, &grants, e) < 0)
		goto fail;
	json_array_foreach(sessions, i, s)
		json_object_set_new(s, "current", json_boolean(
		    json_integer_value(json_object_get(s, "id")) == a->session_id));
	rep->model = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "page_title", i18n_get(l, "account.title"),
	    "user", json_incref(json_array_get(user, 0)),
	    "sessions", sessions, "tokens", tokens, "grants", grants,
	    "password_form", form_fields(req, password_fields, is_pw),
	    "token_form", form_fields(req, token_fields, is_tok));
	json_decref(user);
	if (rep->model != NULL) {
		json_object_set_new(rep->model, "has_grants", json_boolean(json_array_size(grants)));
		json_object_set_new(rep->model, "has_tokens", json_boolean(json_array_size(tokens)));
	}
	if (rep->model == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	rep->template = "account";
	return 0;
fail:
	json_decref(user);
	json_decref(sessions);
	json_decref(tokens);
	json_decref(grants);
	return -1;
}

static void
notice(struct request *req, struct reply *rep, const char *kind, const char *key)
{
	app_notice(rep->model, strcmp(kind, "error") == 0, i18n_get(req_lang(req), key));
}

static int
account_page(struct request *req, struct reply *rep, struct err *e)
{
	if (account_model(req, rep, NULL, e) < 0)
		return -1;
	if (req_param(req, "ok")->present)
		notice(req, rep, "ok", "account.password_changed");
	return 0;
}

static int
account_password(struct request *req, struct reply *rep, struct err *e)
{
	const struct auth *a = req_auth(req);
	const char *cur = req_param(req, "current")->text;
	const char *pw = req_param(req, "password")->text;
	const char *rep_pw = req_param(req, "repeat")->text;
	json_t *rows = NULL, *fields;
	struct db_conn *c;
	enum password_problem pp = PW_OK;
	char hash[crypto_pwhash_STRBYTES], now[TIME_ISO_LEN], key[64];
	bool cur_ok = false;

	if ((c = req_db(req, e)) == NULL)
		return -1;
	if (!form_has_errors(req)) {
		if (db_exec(c, DB_USER_PASSWORD_HASH, (struct db_param[]){ DBP_INT(a->user_id) },
		    1, &rows, e) < 0)
			return -1;
		cur_ok = crypto_pwhash_str_verify(json_string_value(json_object_get(
		    json_array_get(rows, 0), "password_hash")), cur, strlen(cur)) == 0;
		json_decref(rows);
		pp = account_password_check(pw, a->name, a->email);
	}
	if (form_has_errors(req) || !cur_ok || pp != PW_OK || strcmp(pw, rep_pw) != 0) {
		if (account_model(req, rep, "password", e) < 0)
			return -1;
		fields = json_object_get(rep->model, "password_form");
		if (!form_has_errors(req)) {
			if (!cur_ok)
				form_set_error(req, fields, "current", "account.current_wrong");
			else if (pp != PW_OK) {
				snprintf(key, sizeof(key), "password.%s", password_problem_key(pp));
				form_set_error(req, fields, "password", key);
			} else
				form_set_error(req, fields, "repeat", "account.repeat_differs");
		}
		notice(req, rep, "error", "account.password_not_changed");
		rep->status = 422;
		return 0;
	}
	if (crypto_pwhash_str(hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		err_set(e, ERR_NOMEM, "password hashing ran out of memory");
		return -1;
	}
	time_iso(time(NULL), now);
	/* Every session ends, this one too; a fresh one keeps the user signed in. */
	if (db_begin(c, e) < 0)
		return -1;
	if (db_exec(c, DB_USER_SET_PASSWORD, (struct db_param[]){ DBP_INT(a->user_id),
	    DBP_TEXT(hash), DBP_TEXT(now) }, 3, NULL, e) < 0 ||
	    db_exec(c, DB_SESSION_END_ALL, (struct db_param[]){ DBP_INT(a->user_id),
	    DBP_TEXT(now), DBP_INT(0) }, 3, NULL, e) < 0 ||
	    auth_session_start(req, rep, c, a->user_id, e) < 0 ||
	    audit_record(req, c, "user.password_change", "user", a->user_id, NULL, e) < 0 ||
	    db_commit(c, e) < 0) {
		db_rollback(c);
		return -1;
	}
	rep->status = 303;
	rep->location = "/akun?ok=sandi";
	return 0;
}

static int
account_session_end(struct request *req, struct reply *rep, struct err *e)
{
	const struct auth *a = req_auth(req);
	int64_t sid = req_param(req, "id")->i;
	struct db_conn *c;
	json_t *rows = NULL;
	char now[TIME_ISO_LEN];

	if ((c = req_db(req, e)) == NULL || db_begin(c, e) < 0)
		return -1;
	if (db_exec(c, DB_SESSION_END, (struct db_param[]){ DBP_INT(sid), DBP_INT(a->user_id),
	    DBP_TEXT(time_iso(time(NULL), now)) }, 3, &rows, e) < 0)
		goto fail;
	if (json_array_size(rows) == 0) {
		err_set(e, ERR_NOT_FOUND, "no such session of this user");
		goto fail;
	}
	if (audit_record(req, c, "session.end", "user", a->user_id, NULL, e) < 0 || db_commit(c, e) < 0)
		goto fail;
	json_decref(rows);
	if (sid == a->session_id)
		auth_session_clear(req, rep);
	rep->status = 303;
	rep->location = sid == a->session_id ? "/masuk" : "/akun";
	return 0;
fail:
	json_decref(rows);
	db_rollback(c);
	return -1;
}

/* The account page keeping the token form's input, for a refused creation. */
static int
token_page(struct request *req, struct reply *rep, struct err *e)
{
	return account_model(req, rep, "token", e);
}

static int
account_token_create(struct request *req, struct reply *rep, struct err *e)
{
	const struct auth *a = req_auth(req);
	const char *name = req_param(req, "name")->text;
	struct db_conn *c;
	json_t *rows = NULL, *summary;
	char *token, hash[65], now[TIME_ISO_LEN], prefix[13];
	const char *msg;
	int64_t active;
	int rc;

	if (form_has_errors(req)) {
		if (account_model(req, rep, "token", e) < 0)
			return -1;
		rep->status = 422;
		return 0;
	}
	if ((token = auth_new_token(&req->arena, TOKEN_PREFIX)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	auth_token_hash(token, hash);
	snprintf(prefix, sizeof(prefix), "%.12s", token);
	if ((c = req_db(req, e)) == NULL || db_begin(c, e) < 0)
		return -1;
	if (db_exec(c, DB_TOKEN_COUNT, (struct db_param[]){ DBP_INT(a->user_id) }, 1, &rows,
	    e) < 0) {
		db_rollback(c);
		return -1;
	}
	active = json_integer_value(json_object_get(json_array_get(rows, 0), "n"));
	json_decref(rows);
	rows = NULL;
	if (active >= TOKEN_MAX) {
		db_rollback(c);
		msg = i18n_fill(&req->arena, i18n_get(req_lang(req), "account.token_limit"),
		    TOKEN_MAX);
		err_set(e, ERR_REFUSED, "%s", msg != NULL ? msg : "");
		return web_show_again(req, rep, e, token_page);
	}
	summary = json_pack("{s:s, s:s}", "name", name, "prefix", prefix);
	rc = db_exec(c, DB_TOKEN_INSERT, (struct db_param[]){ DBP_INT(a->user_id),
	    DBP_TEXT(name), DBP_TEXT(hash), DBP_TEXT(prefix),
	    DBP_TEXT(time_iso(time(NULL), now)) }, 5, &rows, e);
	if (rc == 0)
		rc = audit_record(req, c, "token.create", "api_token", json_integer_value(json_object_get(json_array_get(rows, 0), "id")), summary, e);
	json_decref(summary);
	json_decref(rows);
	if (rc < 0 || db_commit(c, e) < 0) {
		db_rollback(c);
		return -1;
	}
	/* The token is shown on this answer only; the database keeps its hash. */
	if (account_model(req, rep, NULL, e) < 0)
		return -1;
	json_object_set_new(rep->model, "new_token", json_pack("{s:s, s:s}", "name", name,
	    "token", token));
	json_object_set_new(rep->model, "token_form", form_fields(req, token_fields, false));
	rep->status = 201;
	return 0;
}

static int
account_token_revoke(struct request *req, struct reply *rep, struct err *e)
{
	const struct auth *a = req_auth(req);
	struct db_conn *c;
	json_t *rows = NULL;
	char now[TIME_ISO_LEN];
	int64_t id = req_param(req, "id")->i;

	if ((c = req_db(req, e)) == NULL || db_begin(c, e) < 0)
		return -1;
	if (db_exec(c, DB_TOKEN_REVOKE, (struct db_param[]){ DBP_INT(id), DBP_INT(a->user_id),
	    DBP_TEXT(time_iso(time(NULL), now)) }, 3, &rows, e) < 0)
		goto fail;
	if (json_array_size(rows) == 0) {
		err_set(e, ERR_NOT_FOUND, "no such token of this user");
		goto fail;
	}
	if (audit_record(req, c, "token.revoke", "api_token", id, NULL, e) < 0 || db_commit(c, e) < 0)
		goto fail;
	json_decref(rows);
	rep->status = 303;
	rep->location = "/akun";
	return 0;
fail:
	json_decref(rows);
	db_rollback(c);
	return -1;
}

/* The addresses this file answers, with their declared inputs. */
static const struct param_spec p_account[] = {
	{ "ok", PARAM_QUERY, PT_ENUM, false, 0, 0, "sandi" },
	{ NULL },
};
static const struct param_spec p_password[] = {
	{ "current", PARAM_FORM, PT_SECRET, true, 0, 256, NULL },
	{ "password", PARAM_FORM, PT_SECRET, true, 0, 256, NULL },
	{ "repeat", PARAM_FORM, PT_SECRET, true, 0, 256, NULL },
	{ NULL },
};
static const struct param_spec p_token[] = {
	{ "name", PARAM_FORM, PT_TEXT, true, 2, 80, NULL },
	{ NULL },
};

static const struct route routes[] = {
	{ .method = HTTP_GET, .pattern = "/akun", .handler = account_page,
	  .template = "account", .login = true, .params = p_account },
	{ .method = HTTP_POST, .pattern = "/akun/sandi", .handler = account_password,
	  .template = "account", .login = true, .csrf = true, .params = p_password },
	{ .method = HTTP_POST, .pattern = "/akun/sesi/{id}/akhiri",
	  .handler = account_session_end, .login = true, .csrf = true, .params = route_params_id },
	{ .method = HTTP_POST, .pattern = "/akun/token", .handler = account_token_create,
	  .template = "account", .login = true, .csrf = true, .params = p_token },
	{ .method = HTTP_POST, .pattern = "/akun/token/{id}/cabut",
	  .handler = account_token_revoke, .login = true, .csrf = true, .params = route_params_id },
};
ROUTE_TABLE(account_routes, routes);
